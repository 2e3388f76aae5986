//! `hokatsu check [--format text|json|github] [--quiet] PATH...`: read submissions and print findings.

use super::Common;
use crate::error::RunError;
use crate::model::Outcome;
use crate::output;

use std::path::PathBuf;

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum FindingsFormat {
    #[default]
    Text,
    Json,
    /// GitHub workflow annotations, for a city's CI.
    Github,
}

/// Run the check and print it; returns the outcome for the exit code.
pub fn run(
    common: &Common,
    format: FindingsFormat,
    quiet: bool,
    paths: &[PathBuf],
) -> Result<Outcome, RunError> {
    let (profile, from) = common.load_profile_from()?;
    let mut options = common.options(&profile)?;
    // JSON and annotations are for machines: nothing but the document, even on a terminal.
    options.progress &= matches!(format, FindingsFormat::Text);
    let outcome = super::year_or_period(&profile, paths, &options)?;
    let n = profile.centers.len();
    let said = from.line(&profile, common.lang);
    let text = match format {
        FindingsFormat::Text => {
            format!("{said}\n{}", output::text(&outcome, n, common.lang, quiet))
        }
        FindingsFormat::Json => output::json(&outcome, n, common.lang, from.json(&profile)),
        FindingsFormat::Github => format!(
            "::notice title=hokatsu::{said}\n{}",
            output::github(&outcome, n, common.lang, quiet)
        ),
    };
    output::emit(&text)?;
    Ok(outcome)
}
