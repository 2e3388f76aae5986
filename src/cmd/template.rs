//! `hokatsu template --out DIR [--center NAME]`: one blank submission workbook per center.

use super::Common;
use crate::error::RunError;
use crate::fsio::write_atomic;
use crate::template::{self, Subject};
use std::path::{Path, PathBuf};

pub fn run(common: &Common, out: &Path, center: Option<&str>) -> Result<Vec<PathBuf>, RunError> {
    let profile = common.load_profile()?;
    let period = common
        .period()?
        .or(profile.period)
        .ok_or(RunError::NoPeriod)?;
    let centers: Vec<_> = match center {
        None => profile.centers.iter().collect(),
        Some(name) => {
            let i = profile
                .find_center(name)
                .ok_or_else(|| RunError::UnknownCenter {
                    name: name.to_string(),
                    known: profile.centers.iter().map(|c| c.short.clone()).collect(),
                })?;
            vec![&profile.centers[i]]
        }
    };
    std::fs::create_dir_all(out).map_err(|e| RunError::Output {
        path: out.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mut written = Vec::new();
    for c in centers {
        let subject = Subject {
            profile: &profile,
            center: Some(c),
            period: Some(period),
            lang: common.lang,
        };
        let layout = template::layout(&subject);
        let bytes = template::render(&subject, &layout).map_err(|e| RunError::Internal {
            what: format!("template {}", c.short),
            reason: e.to_string(),
        })?;
        let path = out.join(format!("{}.xlsx", c.short));
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}
