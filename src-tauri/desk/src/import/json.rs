//! Reading a JSON file whole (JSON exports are pages of at most a few MB) with bounded size, and
//! looking up fields the way Azure's and Partner Center's differing casings need.

use super::ctx::{Ctx, Loc, Stop};
use serde_json::Value;
use std::io::{BufRead, Read};

/// The largest JSON file accepted (256 MiB); larger exports come as several pages.
pub const MAX_JSON_BYTES: u64 = 256 << 20;

/// Reads and parses the whole input. Problems (too large, not UTF-8, not JSON) go to `ctx`
/// with the line and column, and `None` is returned.
pub fn read(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<Option<Value>, Stop> {
    let mut bytes = Vec::new();
    if let Err(e) = input.take(MAX_JSON_BYTES + 1).read_to_end(&mut bytes) {
        ctx.problem(
            &Loc::default(),
            None,
            None,
            format!("a readable file ({e})"),
        );
        return Ok(None);
    }
    ctx.report_progress();
    if bytes.len() as u64 > MAX_JSON_BYTES {
        ctx.problem(
            &Loc::default(),
            None,
            None,
            "a JSON file of at most 256 MiB (split the export into pages)",
        );
        return Ok(None);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    if let Err(e) = std::str::from_utf8(body) {
        let line = body[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        ctx.problem(
            &Loc::line(u32::try_from(line).unwrap_or(u32::MAX)),
            None,
            None,
            "UTF-8 text (save the export as UTF-8)",
        );
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            let what = if e.is_eof() {
                "complete JSON (the file ends too early; it looks truncated)".to_string()
            } else {
                format!("valid JSON (column {}: {e})", e.column())
            };
            ctx.problem(
                &Loc::line(u32::try_from(e.line()).unwrap_or(u32::MAX)),
                None,
                None,
                what,
            );
            Ok(None)
        }
    }
}

/// `obj[key]`, matching the key without regard to ASCII case.
pub fn get<'v>(obj: &'v Value, key: &str) -> Option<&'v Value> {
    let map = obj.as_object()?;
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// `obj[key]` as a non-empty string.
pub fn str_of<'v>(obj: &'v Value, key: &str) -> Option<&'v str> {
    get(obj, key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A short rendering of a found value for problems.
pub fn found(v: Option<&Value>) -> Option<String> {
    v.map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// Joins a JSON path and a key.
pub fn at(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}
