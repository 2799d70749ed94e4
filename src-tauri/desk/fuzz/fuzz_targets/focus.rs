//! Fuzzes the focus importer: any bytes must give records or located problems, never a panic.
#![no_main]

use desk::import::ctx::parse_bytes;
use desk::import::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = parse_bytes(Format::Focus, "fuzz", data, None);
    assert!(parsed.problems.len() <= desk::import::MAX_PROBLEMS);
});
