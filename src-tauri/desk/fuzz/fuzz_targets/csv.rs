//! Fuzzes the streaming CSV reader and format detection: never a panic, never a field longer than
//! the limit.
#![no_main]

use desk::import::csv::{CsvReader, MAX_COLUMNS, MAX_FIELD_BYTES};
use desk::import::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Format::detect(data);
    let mut reader = CsvReader::new(data);
    while let Ok(Some(record)) = reader.next_record() {
        assert!(record.len() <= MAX_COLUMNS);
        assert!(record.fields().all(|f| f.len() <= MAX_FIELD_BYTES));
    }
});
