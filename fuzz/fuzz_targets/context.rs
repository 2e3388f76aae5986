//! What both fuzz targets read against: the embedded profile, built once per process, and the
//! quiet panic hook hokatsu's main installs.

use hokatsu::profile::Profile;
use hokatsu::read::{ReadContext, sniff::Limits};
use hokatsu::template::read_context;
use std::sync::OnceLock;

pub fn context() -> &'static ReadContext<'static> {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    static CONTEXT: OnceLock<ReadContext<'static>> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        hokatsu::read::quiet_panics();
        let profile = PROFILE.get_or_init(|| Profile::kushiro().expect("embedded profile"));
        read_context(profile, Limits::default())
    })
}
