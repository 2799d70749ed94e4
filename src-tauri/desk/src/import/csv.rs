//! A streaming CSV reader (RFC 4180 as exporters write it): one record in memory at a time, so
//! memory stays flat whatever the file size. Handles a UTF-8 BOM, CRLF or LF, quoted fields with
//! commas, doubled quotes and newlines, and names the line of every problem. Hostile input is
//! bounded: a field longer than [`MAX_FIELD_BYTES`] or a record with more than [`MAX_COLUMNS`]
//! columns stops the file with an error instead of growing memory.

use std::io::BufRead;

/// The longest field accepted (1 MiB).
pub const MAX_FIELD_BYTES: usize = 1 << 20;
/// The most columns a record may have.
pub const MAX_COLUMNS: usize = 4096;

/// Why a CSV file could not be read further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// Reading failed.
    Io(String),
    /// A field is longer than [`MAX_FIELD_BYTES`].
    FieldTooLong {
        /// Line the record starts on.
        line: u32,
        /// 1-based column.
        column: usize,
    },
    /// A record has more than [`MAX_COLUMNS`] columns.
    TooManyColumns {
        /// Line the record starts on.
        line: u32,
    },
    /// A record is not valid UTF-8.
    InvalidUtf8 {
        /// Line the record starts on.
        line: u32,
    },
    /// A quoted field is still open at the end of the file (the file is truncated).
    UnterminatedQuote {
        /// Line the field starts on.
        line: u32,
    },
}

impl CsvError {
    /// The line, when known.
    pub fn line(&self) -> Option<u32> {
        match self {
            Self::Io(_) => None,
            Self::FieldTooLong { line, .. }
            | Self::TooManyColumns { line }
            | Self::InvalidUtf8 { line }
            | Self::UnterminatedQuote { line } => Some(*line),
        }
    }

    /// What the reader expected, for the problem list.
    pub fn expected(&self) -> String {
        match self {
            Self::Io(e) => format!("a readable file ({e})"),
            Self::FieldTooLong { column, .. } => {
                format!("fields of at most 1 MiB (column {column} is longer)")
            }
            Self::TooManyColumns { .. } => format!("at most {MAX_COLUMNS} columns per line"),
            Self::InvalidUtf8 { .. } => "UTF-8 text (save the export as UTF-8)".into(),
            Self::UnterminatedQuote { .. } => {
                "a closing quote for the field opened here (the file looks truncated)".into()
            }
        }
    }
}

/// Reads records one at a time.
#[derive(Debug)]
pub struct CsvReader<R> {
    inner: R,
    /// Line number of the next byte.
    line: u32,
    /// Line the current record starts on.
    record_line: u32,
    buf: Vec<u8>,
    ends: Vec<usize>,
    text: String,
    started: bool,
    bytes_read: u64,
}

/// One record: its fields as text, and the line it starts on.
#[derive(Debug)]
pub struct CsvRecord<'r> {
    text: &'r str,
    ends: &'r [usize],
    /// 1-based line the record starts on.
    pub line: u32,
}

impl<'r> CsvRecord<'r> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i` (empty when the record is shorter).
    pub fn get(&self, i: usize) -> &'r str {
        if i >= self.ends.len() {
            return "";
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// Every field.
    pub fn fields(&self) -> impl Iterator<Item = &'r str> + '_ {
        (0..self.ends.len()).map(|i| self.get(i))
    }

    /// Whether every field is empty (a blank line).
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

impl<R: BufRead> CsvReader<R> {
    /// A reader over `inner`.
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            line: 1,
            record_line: 1,
            buf: Vec::with_capacity(1024),
            ends: Vec::with_capacity(64),
            text: String::with_capacity(1024),
            started: false,
            bytes_read: 0,
        }
    }

    /// Bytes consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The next record, or `None` at the end of the file.
    pub fn next_record(&mut self) -> Result<Option<CsvRecord<'_>>, CsvError> {
        if !self.started {
            self.started = true;
            self.skip_bom()?;
        }
        self.buf.clear();
        self.ends.clear();
        self.record_line = self.line;
        let mut quoted = false;
        // After a closing quote, until the next separator.
        let mut after_quote = false;
        let mut field_start = 0usize;
        let mut any = false;
        let mut quote_line = self.line;
        loop {
            let chunk = match self.inner.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(CsvError::Io(e.to_string())),
            };
            if chunk.is_empty() {
                if quoted {
                    return Err(CsvError::UnterminatedQuote { line: quote_line });
                }
                if !any {
                    return Ok(None);
                }
                self.ends.push(self.buf.len());
                break;
            }
            any = true;
            let mut used = 0;
            let mut done = false;
            while used < chunk.len() {
                let b = chunk[used];
                if !quoted && !matches!(b, b'"' | b',' | b'\n' | b'\r') {
                    // A run of ordinary bytes outside quotes, copied at once: byte by byte each
                    // would take the `_` arm below.
                    let run = chunk[used..]
                        .iter()
                        .position(|c| matches!(c, b'"' | b',' | b'\n' | b'\r'))
                        .unwrap_or(chunk.len() - used);
                    // The byte that makes the field too long ends the run, as it would.
                    let room = MAX_FIELD_BYTES + 1 - (self.buf.len() - field_start);
                    let take = run.min(room);
                    self.buf.extend_from_slice(&chunk[used..used + take]);
                    used += take;
                    after_quote = false;
                    if self.buf.len() - field_start > MAX_FIELD_BYTES {
                        self.inner.consume(used);
                        self.bytes_read += used as u64;
                        return Err(CsvError::FieldTooLong {
                            line: self.record_line,
                            column: self.ends.len() + 1,
                        });
                    }
                    continue;
                }
                used += 1;
                if quoted {
                    if b == b'"' {
                        quoted = false;
                        after_quote = true;
                    } else {
                        if b == b'\n' {
                            self.line += 1;
                        }
                        self.buf.push(b);
                        if self.buf.len() - field_start > MAX_FIELD_BYTES {
                            self.inner.consume(used);
                            self.bytes_read += used as u64;
                            return Err(CsvError::FieldTooLong {
                                line: self.record_line,
                                column: self.ends.len() + 1,
                            });
                        }
                    }
                    continue;
                }
                match b {
                    b'"' if after_quote => {
                        // A doubled quote inside a quoted field.
                        self.buf.push(b'"');
                        quoted = true;
                        after_quote = false;
                    }
                    b'"' if self.buf.len() == field_start => {
                        quoted = true;
                        quote_line = self.line;
                    }
                    b',' => {
                        self.ends.push(self.buf.len());
                        field_start = self.buf.len();
                        after_quote = false;
                        if self.ends.len() >= MAX_COLUMNS {
                            self.inner.consume(used);
                            self.bytes_read += used as u64;
                            return Err(CsvError::TooManyColumns {
                                line: self.record_line,
                            });
                        }
                    }
                    b'\n' => {
                        self.line += 1;
                        if self.buf.last() == Some(&b'\r') && !after_quote {
                            self.buf.pop();
                        }
                        self.ends.push(self.buf.len());
                        done = true;
                        break;
                    }
                    b'\r' if after_quote => {}
                    _ => {
                        after_quote = false;
                        self.buf.push(b);
                    }
                }
                if self.buf.len() - field_start > MAX_FIELD_BYTES {
                    self.inner.consume(used);
                    self.bytes_read += used as u64;
                    return Err(CsvError::FieldTooLong {
                        line: self.record_line,
                        column: self.ends.len() + 1,
                    });
                }
            }
            self.inner.consume(used);
            self.bytes_read += used as u64;
            if done {
                break;
            }
        }
        self.text.clear();
        match std::str::from_utf8(&self.buf) {
            Ok(s) => self.text.push_str(s),
            Err(_) => {
                return Err(CsvError::InvalidUtf8 {
                    line: self.record_line,
                })
            }
        }
        Ok(Some(CsvRecord {
            text: &self.text,
            ends: &self.ends,
            line: self.record_line,
        }))
    }

    fn skip_bom(&mut self) -> Result<(), CsvError> {
        let chunk = self
            .inner
            .fill_buf()
            .map_err(|e| CsvError::Io(e.to_string()))?;
        if chunk.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.inner.consume(3);
            self.bytes_read += 3;
        }
        Ok(())
    }
}

/// The columns a parser needs, found by name in the header (case-insensitive, surrounding
/// spaces ignored, any order; extra columns ignored).
#[derive(Debug, Clone)]
pub struct Columns {
    index: Vec<Option<usize>>,
}

impl Columns {
    /// Finds `wanted` in `header`. Returns the names of required columns that are missing.
    /// `wanted` pairs a column's name (or `|`-separated alternative names) with whether it is
    /// required.
    pub fn resolve(header: &CsvRecord<'_>, wanted: &[(&str, bool)]) -> Result<Self, Vec<String>> {
        let names: Vec<String> = header
            .fields()
            .map(|f| f.trim().trim_matches('"').to_ascii_lowercase())
            .collect();
        let mut index = Vec::with_capacity(wanted.len());
        let mut missing = Vec::new();
        for (name, required) in wanted {
            let found = name.split('|').find_map(|alt| {
                let alt = alt.to_ascii_lowercase();
                names.iter().position(|n| *n == alt)
            });
            if found.is_none() && *required {
                missing.push(name.split('|').next().unwrap_or(name).to_string());
            }
            index.push(found);
        }
        if missing.is_empty() {
            Ok(Self { index })
        } else {
            Err(missing)
        }
    }

    /// The value of wanted column `i` in `record`, trimmed; `None` when the column is absent
    /// from the file or the cell is empty.
    pub fn get<'r>(&self, record: &CsvRecord<'r>, i: usize) -> Option<&'r str> {
        let v = record.get(self.index.get(i).copied().flatten()?).trim();
        (!v.is_empty()).then_some(v)
    }

    /// Whether wanted column `i` is in the file.
    pub fn has(&self, i: usize) -> bool {
        self.index.get(i).copied().flatten().is_some()
    }
}

/// A cell that starts like a spreadsheet formula (`=`, `+`, `-`, `@`) and is not a number:
/// stored as text, never evaluated; exports made by the app prefix it with `'`.
pub fn looks_like_formula(cell: &str) -> bool {
    let t = cell.trim_start();
    matches!(t.chars().next(), Some('=' | '+' | '-' | '@'))
        && t.parse::<rust_decimal::Decimal>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Result<Vec<(u32, Vec<String>)>, CsvError> {
        let mut r = CsvReader::new(input);
        let mut out = Vec::new();
        while let Some(rec) = r.next_record()? {
            out.push((rec.line, rec.fields().map(str::to_string).collect()));
        }
        Ok(out)
    }

    #[test]
    fn bom_crlf_quotes_and_embedded_newlines() {
        let input = "\u{feff}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",\r\n3,,z";
        let rows = all(input.as_bytes()).unwrap();
        assert_eq!(rows[0], (1, vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(rows[1].1, vec!["1", "x, y", "say \"hi\""]);
        assert_eq!(
            rows[2],
            (3, vec!["2".into(), "two\nlines".into(), "".into()])
        );
        assert_eq!(
            rows[3],
            (5, vec!["3".into(), "".into(), "z".into()]),
            "line counts the embedded newline"
        );
    }

    #[test]
    fn a_huge_quoted_field_is_refused_even_in_one_chunk() {
        let mut big = b"a\n\"".to_vec();
        big.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES + 10));
        big.extend(b"\"\n");
        assert_eq!(
            all(&big).unwrap_err(),
            CsvError::FieldTooLong { line: 2, column: 1 }
        );
    }

    #[test]
    fn truncated_quote_names_its_line() {
        let e = all(b"a,b\n1,\"open\n").unwrap_err();
        assert_eq!(e, CsvError::UnterminatedQuote { line: 2 });
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let e = all(b"a,b\n1,2\n\xff\xfe,3\n").unwrap_err();
        assert_eq!(e, CsvError::InvalidUtf8 { line: 3 });
    }

    #[test]
    fn huge_fields_and_wide_lines_stop_with_an_error() {
        let mut big = b"a\n".to_vec();
        big.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES + 10));
        assert_eq!(
            all(&big).unwrap_err(),
            CsvError::FieldTooLong { line: 2, column: 1 }
        );
        let wide = ",".repeat(MAX_COLUMNS + 5);
        assert_eq!(
            all(wide.as_bytes()).unwrap_err(),
            CsvError::TooManyColumns { line: 1 }
        );
    }

    #[test]
    fn columns_are_found_by_name_in_any_order() {
        let mut r = CsvReader::new(&b"UsedHours, ReservationId ,Extra\n5,abc,z\n"[..]);
        let header = r.next_record().unwrap().unwrap();
        let cols = Columns::resolve(
            &header,
            &[
                ("ReservationId", true),
                ("UsedHours", true),
                ("Missing", false),
            ],
        )
        .unwrap();
        let rec = r.next_record().unwrap().unwrap();
        assert_eq!(cols.get(&rec, 0), Some("abc"));
        assert_eq!(cols.get(&rec, 1), Some("5"));
        assert_eq!(cols.get(&rec, 2), None);
        let mut r = CsvReader::new(&b"a,b\n"[..]);
        let header = r.next_record().unwrap().unwrap();
        let missing = Columns::resolve(
            &header,
            &[
                ("a", true),
                ("ReservedHours", true),
                ("UsageDate|Date", true),
            ],
        )
        .unwrap_err();
        assert_eq!(missing, vec!["ReservedHours", "UsageDate"]);
    }

    #[test]
    fn formula_looking_cells_are_recognised() {
        assert!(looks_like_formula("=cmd|' /C calc'!A0"));
        assert!(looks_like_formula("@SUM(A1)"));
        assert!(!looks_like_formula("-12.5"));
        assert!(!looks_like_formula("Contoso"));
    }
}
