//! Form definition bytes → the embedded profile with that form → its template, as
//! `hokatsu template --form` does: never a panic, a hang or an exhausted machine. A form that
//! cannot be used is an error with a message; one that can must render.
#![no_main]

use hokatsu::form::FormSource;
use hokatsu::profile::{KUSHIRO_PROFILE, Profile};
use hokatsu::template::{self, Subject};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    hokatsu::read::quiet_panics();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let form = FormSource {
        name: "fuzz.toml".into(),
        text: text.to_string(),
    };
    let Ok(profile) = Profile::parse_with(KUSHIRO_PROFILE, "kushiro", None, Some(form)) else {
        return;
    };
    let subject = Subject {
        profile: &profile,
        center: profile.centers.first(),
        period: hokatsu::era::Period::parse("2025-11"),
        lang: hokatsu::i18n::Lang::Ja,
    };
    let layout = template::layout(&subject);
    // A form the checks accepted renders: a writer error here is a find.
    if let Err(e) = template::render(&subject, &layout) {
        panic!("an accepted form failed to render: {e}");
    }
});
