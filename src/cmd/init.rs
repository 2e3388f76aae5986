//! `hokatsu init --out FILE`: write a commented starter profile for a city to fill in.

use crate::error::RunError;
use crate::fsio::write_new;
use crate::i18n::{Lang, comments};
use crate::profile::STARTER_PROFILE;
use std::path::Path;

/// The starter's comments are Japanese, English with `--lang en`.
pub fn run(out: &Path, lang: Lang) -> Result<(), RunError> {
    write_new(out, comments(STARTER_PROFILE, lang).as_bytes())
}
