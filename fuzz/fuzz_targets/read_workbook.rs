//! Submission bytes (named .xlsx) → findings: the reader must never panic, hang or blow up.
#![no_main]

use hokatsu::profile::Profile;
use hokatsu::read::{ReadContext, read_bytes, sniff::Limits};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn context() -> &'static ReadContext<'static> {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    static CONTEXT: OnceLock<ReadContext<'static>> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let profile = PROFILE.get_or_init(|| Profile::kushiro().expect("embedded profile"));
        ReadContext::new(profile, Limits::default())
    })
}

fuzz_target!(|data: &[u8]| {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(hokatsu::read::quiet_panics);
    let _ = read_bytes(data.to_vec(), "fuzz.xlsx", context());
});
