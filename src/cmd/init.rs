//! `hokatsu init --out FILE`: write a commented starter profile for a city to fill in.

use crate::error::RunError;
use crate::fsio::write_new;
use crate::profile::STARTER_PROFILE;
use std::path::Path;

pub fn run(out: &Path) -> Result<(), RunError> {
    write_new(out, STARTER_PROFILE.as_bytes())
}
