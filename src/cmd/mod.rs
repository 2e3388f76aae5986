//! One module per command, each with one `run` entry point (xsv). Options every command shares
//! live in [`Common`].

pub mod check;
pub mod compile;
pub mod form;
pub mod template;

use crate::era::Period;
use crate::error::RunError;
use crate::i18n::Lang;
use crate::profile::Profile;
use std::path::PathBuf;

/// Options shared by every command.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// City profile (TOML). Without it the embedded Kushiro FY R7 profile is used.
    #[arg(long, global = true, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Language of messages: ja (default) or en.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Ja)]
    pub lang: Lang,
    /// Reporting month, YYYY-MM (e.g. 2025-11).
    #[arg(long, global = true, value_name = "YYYY-MM")]
    pub period: Option<String>,
}

impl Common {
    pub fn load_profile(&self) -> Result<Profile, RunError> {
        Ok(match &self.profile {
            Some(path) => Profile::load(path)?,
            None => Profile::kushiro()?,
        })
    }

    /// The month given on the command line, if any.
    pub fn period(&self) -> Result<Option<Period>, RunError> {
        self.period
            .as_deref()
            .map(|p| Period::parse(p).ok_or_else(|| RunError::BadPeriod(p.to_string())))
            .transpose()
    }
}
