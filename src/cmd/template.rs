//! `hokatsu template --out DIR [--center NAME]`: one blank submission workbook per center.

use super::Common;
use crate::error::RunError;
use crate::template::{self, Subject};
use std::path::{Path, PathBuf};

pub fn run(common: &Common, out: &Path, center: Option<&str>) -> Result<Vec<PathBuf>, RunError> {
    let profile = common.load_profile()?;
    let period = common
        .period(&profile)?
        .or(profile.period)
        .ok_or(RunError::NoPeriod(profile.form.cadence))?;
    if period.fiscal_year() != profile.fiscal_year {
        return Err(RunError::PeriodOutsideYear {
            period,
            fiscal_year: profile.fiscal_year,
        });
    }
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
    // A file already there may be a center's filled submission: nothing is written unless no
    // file would be replaced (a partial set of new templates would be as confusing).
    let targets: Vec<PathBuf> = centers
        .iter()
        .map(|c| out.join(format!("{}.xlsx", c.short)))
        .collect();
    if let Some(existing) = targets.iter().find(|p| p.exists()) {
        return Err(RunError::Exists {
            path: existing.clone(),
        });
    }
    crate::fsio::create_dir(out)?;
    let mut written = Vec::new();
    for (c, path) in centers.into_iter().zip(targets) {
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
        crate::fsio::write_new(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}
