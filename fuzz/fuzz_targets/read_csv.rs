//! Tidy CSV bytes → findings: any encoding, any shape, never a panic.
#![no_main]

#[path = "context.rs"]
mod context;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hokatsu::read::read_bytes(data.to_vec(), "2025-11.csv", context::context());
});
