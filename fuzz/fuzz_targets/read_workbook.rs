//! Submission bytes (named .xlsx) → findings: the reader must never panic, hang or blow up.
#![no_main]

#[path = "context.rs"]
mod context;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hokatsu::read::read_bytes(data.to_vec(), "fuzz.xlsx", context::context());
});
