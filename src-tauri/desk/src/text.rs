//! Text written by customers (names in their tenants, free text in imported files) made inert for
//! people: terminal control and bidi-override characters are shown as a visible placeholder.
//!
//! The store, `--json` and the portfolio file keep text exactly as it was imported; every output a
//! person reads (CLI tables and details, ticket text, CSV and HTML reports, audit sentences, error
//! messages) passes through [`inert`] or [`inert_text`]. The window applies the same rule in
//! `ui/src/lib/inert.ts`, checked against the same cases (`tests/fixtures/inert-cases.json`).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a person raw: C0 and C1 control characters, DEL, and the bidi
/// embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069). Joiners
/// (U+200C, U+200D) and the directional marks (U+200E, U+200F) stay: names use them.
pub fn is_unsafe(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line of text for a person: every unsafe character, tab and newline included, becomes
/// its `\u{…}` placeholder (ESC reads `\u{1b}`, RIGHT-TO-LEFT OVERRIDE `\u{202e}`).
/// Borrowed when there is nothing to replace.
pub fn inert(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// Multi-line text for a person (ticket text, a description, a terminal line): like [`inert`],
/// but tabs and newlines stay.
pub fn inert_text(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\t' || c == '\n')
}

/// The columns `s` takes in a terminal: East Asian wide characters and emoji count two,
/// combining marks and joiners none. Meant for text already made [`inert`].
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// At most `max` characters of `s` made [`inert`]; when cut, `…` and the full length follow
/// (`abc… (1000 characters)`), so a problem line shows what was found without flooding.
pub fn excerpt(s: &str, max: usize) -> String {
    let count = s.chars().count();
    if count <= max {
        return inert(s).into_owned();
    }
    let head: String = s.chars().take(max).collect();
    format!("{}… ({count} characters)", inert(&head))
}

/// JSON with every unsafe character written as a `\uXXXX` escape (serde_json writes C1 and bidi
/// characters raw): the value reads back exactly, and a terminal or editor showing the file
/// shows nothing active.
pub fn to_json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        InertJson(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut ser)?;
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Compact [`to_json_pretty`]: one line (for JSON Lines files).
pub fn to_json_line<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(256);
    write_json_line(&mut out, value)?;
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Writes [`to_json_line`]'s text to `writer` (no newline), without building a string.
pub fn write_json_line<W: std::io::Write, T: serde::Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        writer,
        InertJson(serde_json::ser::CompactFormatter),
    );
    value.serialize(&mut ser)
}

/// Formatter methods that only hand the call on to the wrapped formatter.
macro_rules! pass_on {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $name<W: ?Sized + std::io::Write>(
                &mut self,
                w: &mut W
                $(, $arg: $ty)*
            ) -> std::io::Result<()> {
                self.0.$name(w $(, $arg)*)
            }
        )*
    };
}

/// A serde_json formatter that escapes what [`is_unsafe`] names and leaves the layout to `F`
/// (the methods `PrettyFormatter` overrides are passed on; the rest keep serde_json's defaults).
struct InertJson<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for InertJson<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some((i, c)) = rest.char_indices().find(|&(_, c)| is_unsafe(c)) {
            writer.write_all(&rest.as_bytes()[..i])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[i + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    pass_on! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases the window's copy of the rule is checked against too.
    const CASES: &str = include_str!("../../../tests/fixtures/inert-cases.json");

    #[derive(serde::Deserialize)]
    struct Case {
        input: String,
        line: String,
        text: String,
        width: usize,
    }

    #[test]
    fn shared_cases_hold() {
        let cases: Vec<Case> = serde_json::from_str(CASES).unwrap();
        assert!(cases.len() >= 10);
        for c in cases {
            assert_eq!(inert(&c.input), c.line, "inert({:?})", c.input);
            assert_eq!(inert_text(&c.input), c.text, "inert_text({:?})", c.input);
            assert_eq!(width(&inert(&c.input)), c.width, "width of {:?}", c.input);
        }
    }

    #[test]
    fn every_unsafe_class_is_replaced_and_nothing_else() {
        for c in (0u32..=0x10ffff).filter_map(char::from_u32) {
            let s = c.to_string();
            let line = inert(&s);
            if is_unsafe(c) {
                assert!(!line.contains(c), "{c:?} stayed");
                assert!(line.chars().all(|x| x.is_ascii_graphic()), "{line}");
            } else {
                assert_eq!(line, s);
            }
        }
        assert!(matches!(inert("Contoso Ltd"), Cow::Borrowed(_)));
        assert_eq!(inert_text("a\tb\nc\rd"), "a\tb\nc\\u{d}d");
        assert_eq!(inert("a\tb\nc"), "a\\u{9}b\\u{a}c");
    }

    #[test]
    fn excerpts_say_how_long_the_value_was() {
        let long = "x".repeat(1000);
        assert_eq!(excerpt(&long, 5), "xxxxx… (1000 characters)");
        assert_eq!(excerpt("a\u{1b}b", 80), "a\\u{1b}b");
        assert_eq!(excerpt("名前", 1), "名… (2 characters)");
    }

    #[test]
    fn json_reads_back_exactly_and_shows_nothing_raw() {
        let name = "vm\u{1b}[31mred\u{202e}evil\u{85}\u{200d}名";
        for json in [
            to_json_pretty(&serde_json::json!({ "name": name })).unwrap(),
            to_json_line(&serde_json::json!({ "name": name })).unwrap(),
        ] {
            assert!(!json.chars().any(|c| is_unsafe(c) && c != '\n'), "{json}");
            assert!(
                json.contains("\\u202e") && json.contains("\\u0085") && json.contains("\u{200d}")
            );
            let back: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(back["name"], name);
        }
        assert_eq!(
            to_json_pretty(&serde_json::json!({"a": [1, true, null, 2.5]})).unwrap(),
            serde_json::to_string_pretty(&serde_json::json!({"a": [1, true, null, 2.5]})).unwrap()
        );
    }
}
