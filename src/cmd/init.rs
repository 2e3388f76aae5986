//! `hokatsu init --out FILE`: write a commented starter profile for a city to fill in.

use crate::error::RunError;
use crate::fsio::write_atomic;
use crate::profile::STARTER_PROFILE;
use std::path::Path;

pub fn run(out: &Path) -> Result<(), RunError> {
    if out.exists() {
        return Err(RunError::Exists {
            path: out.to_path_buf(),
        });
    }
    write_atomic(out, STARTER_PROFILE.as_bytes())
}
