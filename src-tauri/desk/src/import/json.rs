//! Reading a JSON file whole (JSON exports are pages of at most a few MB) with bounded size, and
//! looking up fields the way Azure's and Partner Center's differing casings need.
//!
//! Numbers are kept as written. serde_json (without `arbitrary_precision`, which cannot be
//! enabled: Cargo would turn it on for the Tauri IPC too) reads every number that is not a
//! plain integer as an `f64`, so `1234.56789012345678901` would come back as `1234.567890123457`.
//! Before serde sees the text, [`mark_numbers`] rewrites each such number into a string holding
//! [`MARK`] and the number's text, and the readers here tell the two apart: [`number_text`]
//! gives a number (a plain one or a marked one) as written, [`string`] gives a real string and
//! never a marked number, and [`found`] shows either as the file has it. A real string that
//! itself begins with [`MARK`] gets a second one, which [`string`] drops, so no string of the
//! file can pass for a number.

use super::ctx::{Ctx, Loc, Stop};
use serde_json::Value;
use std::borrow::Cow;
use std::io::{BufRead, Read};

/// The private-use character that starts a string [`mark_numbers`] made from a number.
pub const MARK: char = '\u{E000}';

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
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
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
    };
    let marked = mark_numbers(text);
    match serde_json::from_str::<Value>(&marked) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            // The rewrite moved the columns: the error as the file has it comes from the file.
            let e = if matches!(marked, Cow::Owned(_)) {
                serde_json::from_str::<serde::de::IgnoredAny>(text)
                    .err()
                    .unwrap_or(e)
            } else {
                e
            };
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

/// `obj[key]` as a non-empty string (a number is not one).
pub fn str_of<'v>(obj: &'v Value, key: &str) -> Option<&'v str> {
    get(obj, key)
        .and_then(string)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A string of the file, as written there; `None` for anything else, numbers included.
pub fn string(v: &Value) -> Option<&str> {
    let s = v.as_str()?;
    match s.strip_prefix(MARK) {
        None => Some(s),
        // A real string that began with the mark, which got a second one.
        Some(rest) if rest.starts_with(MARK) => Some(rest),
        Some(_) => None,
    }
}

/// A number of the file, as written there (`1234.56789012345678901` digit for digit, `1.2E-05`
/// with its exponent); `None` for anything else, strings holding digits included.
pub fn number_text(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        // Only integers that fit an i64 or u64 stay numbers: their text is exact.
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::String(s) => match s.strip_prefix(MARK) {
            Some(rest) if !rest.starts_with(MARK) => Some(Cow::Borrowed(rest)),
            _ => None,
        },
        _ => None,
    }
}

/// A short rendering of a found value for problems: a string's text, anything else as JSON
/// with its numbers as written.
pub fn found(v: Option<&Value>) -> Option<String> {
    v.map(|v| match string(v) {
        Some(s) => s.to_string(),
        None => render(v),
    })
}

/// `v` as JSON text, numbers as the file wrote them and no mark left.
pub fn render(v: &Value) -> String {
    let mut out = String::new();
    render_into(v, &mut out);
    out
}

fn render_into(v: &Value, out: &mut String) {
    let quoted = |s: &str, out: &mut String| {
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    };
    match v {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                render_into(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let key = k.strip_prefix(MARK).filter(|r| r.starts_with(MARK));
                quoted(key.unwrap_or(k), out);
                out.push(':');
                render_into(item, out);
            }
            out.push('}');
        }
        Value::String(s) => match (string(v), number_text(v)) {
            (Some(s), _) => quoted(s, out),
            (None, Some(n)) => out.push_str(&n),
            (None, None) => quoted(s, out),
        },
        other => out.push_str(&other.to_string()),
    }
}

/// Rewrites `text` (JSON or not) so that serde keeps every number's text: each number serde
/// would read as an `f64` (a fraction, an exponent, `-0`, or an integer beyond i64/u64) becomes
/// the string `"\u{E000}<number as written>"`, and a string that begins with [`MARK`] gets a
/// second one. Integers that fit stay as they are (serde keeps them exactly). Text that is not
/// valid JSON stays invalid: malformed number tokens are left alone, and so is a number where an
/// object key belongs (a string there would be valid). One pass over the bytes; the text is
/// copied only when something is rewritten.
pub fn mark_numbers(text: &str) -> Cow<'_, str> {
    const MARK_UTF8: &[u8] = "\u{E000}".as_bytes();
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    // `text[..copied]` is in `out`.
    let mut copied = 0;
    let mut nesting = Nesting::default();
    // Right after `{` or after `,` in an object: an object key comes next.
    let mut key_next = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i + 1;
                let rest = &b[start..];
                let marked = rest.starts_with(MARK_UTF8)
                    || (rest.len() >= 6
                        && rest[..2] == *b"\\u"
                        && rest[2..6].eq_ignore_ascii_case(b"e000"));
                if marked {
                    let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
                    o.push_str(&text[copied..start]);
                    o.push(MARK);
                    copied = start;
                }
                i = string_end(b, start);
                key_next = false;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                {
                    i += 1;
                }
                let token = &text[start..i];
                if !key_next && needs_mark(token) {
                    let o = out.get_or_insert_with(|| {
                        String::with_capacity(text.len() + text.len() / 8 + 64)
                    });
                    o.push_str(&text[copied..start]);
                    o.push('"');
                    o.push(MARK);
                    o.push_str(token);
                    o.push('"');
                    copied = i;
                }
                key_next = false;
            }
            c => {
                match c {
                    b'{' => {
                        nesting.push(true);
                        key_next = true;
                    }
                    b'[' => {
                        nesting.push(false);
                        key_next = false;
                    }
                    b'}' | b']' => {
                        nesting.pop();
                        key_next = false;
                    }
                    b',' => key_next = nesting.in_object(),
                    b' ' | b'\t' | b'\n' | b'\r' => {}
                    _ => key_next = false,
                }
                i += 1;
            }
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[copied..]);
            Cow::Owned(o)
        }
    }
}

/// The index just past the closing quote of the string whose text starts at `start` (the end of
/// `b` when it is not closed).
fn string_end(b: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'"' => return i + 1,
            // The escaped character is never the closing quote.
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    b.len()
}

/// Whether a number token must become a marked string: it is a valid JSON number that serde
/// would not keep exactly (anything but an integer fitting a u64, or a negative one an i64).
fn needs_mark(token: &str) -> bool {
    if !is_json_number(token.as_bytes()) {
        return false;
    }
    if token.bytes().any(|c| matches!(c, b'.' | b'e' | b'E')) {
        return true;
    }
    match token.strip_prefix('-') {
        // serde reads `-0` as the float -0.0.
        Some(digits) => digits == "0" || token.parse::<i64>().is_err(),
        None => token.parse::<u64>().is_err(),
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, the number of RFC 8259.
fn is_json_number(t: &[u8]) -> bool {
    let digits = |t: &[u8], mut i: usize| {
        let from = i;
        while i < t.len() && t[i].is_ascii_digit() {
            i += 1;
        }
        (i, i > from)
    };
    let mut i = usize::from(t.first() == Some(&b'-'));
    match t.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(t, i).0,
        _ => return false,
    }
    if t.get(i) == Some(&b'.') {
        let (j, any) = digits(t, i + 1);
        if !any {
            return false;
        }
        i = j;
    }
    if matches!(t.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(t.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let (j, any) = digits(t, i);
        if !any {
            return false;
        }
        i = j;
    }
    i == t.len()
}

/// Whether each open array or object is an object, innermost last (one bit each: hostile files
/// nest millions deep, and serde refuses them later).
#[derive(Debug, Default)]
struct Nesting {
    bits: Vec<u64>,
    depth: usize,
}

impl Nesting {
    fn push(&mut self, object: bool) {
        let (word, bit) = (self.depth / 64, self.depth % 64);
        if word == self.bits.len() {
            self.bits.push(0);
        }
        if object {
            self.bits[word] |= 1 << bit;
        } else {
            self.bits[word] &= !(1 << bit);
        }
        self.depth += 1;
    }

    fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn in_object(&self) -> bool {
        self.depth > 0 && {
            let d = self.depth - 1;
            self.bits[d / 64] >> (d % 64) & 1 == 1
        }
    }
}

/// Joins a JSON path and a key.
pub fn at(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ctx::parse_bytes;
    use crate::import::Format;

    const M: char = MARK;

    fn marked(text: &str) -> String {
        mark_numbers(text).into_owned()
    }

    fn parsed(text: &str) -> Value {
        serde_json::from_str(&mark_numbers(text)).unwrap()
    }

    #[test]
    fn fractions_exponents_and_big_integers_become_marked_strings() {
        assert_eq!(
            marked("[1234.56789012345678901, -0.5, 1e3, 2.5E-7, -1E+2]"),
            format!("[\"{M}1234.56789012345678901\", \"{M}-0.5\", \"{M}1e3\", \"{M}2.5E-7\", \"{M}-1E+2\"]")
        );
        assert_eq!(
            marked("[18446744073709551616,-9223372036854775809,-0]"),
            format!("[\"{M}18446744073709551616\",\"{M}-9223372036854775809\",\"{M}-0\"]"),
            "beyond u64 / i64, and -0 (serde reads it as a float)"
        );
    }

    #[test]
    fn integers_that_fit_stay_numbers_and_nothing_is_copied() {
        let text = "{\"a\": [0, 7, -3, 18446744073709551615, -9223372036854775808], \"b\": true, \"c\": null}";
        assert!(matches!(mark_numbers(text), Cow::Borrowed(_)));
        let v = parsed(text);
        assert!(v["a"].as_array().unwrap().iter().all(Value::is_number));
        assert_eq!(
            number_text(&v["a"][3]).as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(
            number_text(&v["a"][4]).as_deref(),
            Some("-9223372036854775808")
        );
    }

    #[test]
    fn numbers_inside_strings_are_untouched() {
        let text = r#"{"a": "1.5", "b": "say \"2.5\" \\", "c": "\\", "d": 3.5, "e": "x\\\"4.5"}"#;
        let v = parsed(text);
        assert_eq!(string(&v["a"]), Some("1.5"));
        assert_eq!(string(&v["b"]), Some(r#"say "2.5" \"#));
        assert_eq!(
            string(&v["c"]),
            Some("\\"),
            "an escaped backslash ends before the quote"
        );
        assert_eq!(number_text(&v["d"]).as_deref(), Some("3.5"));
        assert_eq!(string(&v["e"]), Some("x\\\"4.5"));
        assert_eq!(
            number_text(&v["a"]),
            None,
            "a string of digits is not a number"
        );
    }

    #[test]
    fn nested_arrays_and_objects() {
        let v = parsed(r#"{"x": [[1.25, {"y": [-2.5e1, {"z": 0.1}]}], 3, {}]}"#);
        assert_eq!(number_text(&v["x"][0][0]).as_deref(), Some("1.25"));
        assert_eq!(
            number_text(&v["x"][0][1]["y"][0]).as_deref(),
            Some("-2.5e1")
        );
        assert_eq!(
            number_text(&v["x"][0][1]["y"][1]["z"]).as_deref(),
            Some("0.1")
        );
        assert_eq!(number_text(&v["x"][1]).as_deref(), Some("3"));
        assert_eq!(
            render(&v),
            r#"{"x":[[1.25,{"y":[-2.5e1,{"z":0.1}]}],3,{}]}"#,
            "rendered as written, no mark"
        );
    }

    #[test]
    fn a_marked_number_is_never_a_string_and_shows_as_written() {
        let v = parsed(r#"{"n": 1234.56789012345678901, "s": "text"}"#);
        assert_eq!(string(&v["n"]), None);
        assert_eq!(str_of(&v, "n"), None);
        assert_eq!(str_of(&v, "s"), Some("text"));
        assert_eq!(
            found(Some(&v["n"])).as_deref(),
            Some("1234.56789012345678901")
        );
        assert_eq!(found(Some(&v["s"])).as_deref(), Some("text"));
    }

    #[test]
    fn a_string_that_starts_with_the_mark_stays_a_string() {
        // Raw and escaped, as value and as key.
        let text = format!(r#"{{"a": "{M}1.5", "b": "\ue0002.5", "c": "\uE000", "{M}k": 1.5}}"#);
        let v = parsed(&text);
        assert_eq!(string(&v["a"]), Some(&*format!("{M}1.5")));
        assert_eq!(number_text(&v["a"]), None);
        assert_eq!(string(&v["b"]), Some(&*format!("{M}2.5")));
        assert_eq!(string(&v["c"]), Some(&*M.to_string()));
        assert_eq!(found(Some(&v["a"])), Some(format!("{M}1.5")));
        assert!(
            render(&v).contains(&format!("\"{M}k\":1.5")),
            "{}",
            render(&v)
        );
    }

    #[test]
    fn invalid_json_stays_invalid() {
        for bad in [
            "{1.5: 2}",
            "{\"a\": 1, 2.5: 3}",
            "[01.5]",
            "[1.5.2]",
            "[1.]",
            "[.5]",
            "[1e]",
            "[-]",
            "[+1.5]",
            "[1.5",
            "[\"abc\" 1.5]",
            "[1.5e+]",
        ] {
            let m = mark_numbers(bad);
            assert!(
                serde_json::from_str::<Value>(&m).is_err(),
                "{bad} became {m}"
            );
        }
        assert_eq!(
            marked("{1.5: 2.5}"),
            format!("{{1.5: \"{M}2.5\"}}"),
            "a key position keeps its number"
        );
    }

    #[test]
    fn malformed_json_is_reported_at_the_column_of_the_file() {
        // Two rewritten numbers before the error on line 2 would shift its column by 8.
        let text = "[1.5, 2.5,\n  3.5, x]";
        let p = parse_bytes(Format::Azure, "a.json", text.as_bytes(), None);
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        let e = &p.problems[0];
        assert_eq!(e.line, Some(2), "{e:?}");
        let want = serde_json::from_str::<Value>(text).unwrap_err();
        assert!(
            e.expected.contains(&format!("column {}", want.column())),
            "{e:?}"
        );
        assert_eq!(want.column(), 8);
    }
}
