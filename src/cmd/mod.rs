//! One module per command, each with one `run` entry point (xsv). Options every command shares
//! live in [`Common`].

pub mod check;
pub mod compile;
pub mod form;
pub mod init;
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
    /// Last month: its submissions folder, tidy CSV or compiled workbook (for the cumulative
    /// check and month-over-month changes).
    #[arg(long, global = true, value_name = "PATH")]
    pub previous: Option<PathBuf>,
    /// Earlier months: a folder of compiled workbooks, tidy CSVs named by month (2024-11.csv)
    /// or folders of submissions named by month (for trends across fiscal years).
    #[arg(long, global = true, value_name = "DIR")]
    pub history: Option<PathBuf>,
    /// Largest submission file read, in MB (a filled template is about 0.03 MB).
    #[arg(long, global = true, value_name = "MB", default_value_t = 50.0)]
    pub max_file_mb: f64,
    /// Largest decompressed part (sheet) of a workbook, in MB; all parts together may be twice that.
    #[arg(long, global = true, value_name = "MB", default_value_t = 100.0)]
    pub max_part_mb: f64,
}

impl Common {
    pub fn load_profile(&self) -> Result<Profile, RunError> {
        Ok(match &self.profile {
            Some(path) => Profile::load(path)?,
            None => Profile::kushiro()?,
        })
    }

    /// The run's options from the command line.
    pub fn options(&self) -> Result<crate::run::Options, RunError> {
        Ok(crate::run::Options {
            period: self.period()?,
            limits: self.limits(),
            previous: self.previous.clone(),
            history: self.history.clone(),
            progress: self.progress(),
        })
    }

    /// Whether to show progress: stderr is a terminal.
    pub fn progress(&self) -> bool {
        use std::io::IsTerminal;
        std::io::stderr().is_terminal()
    }

    /// Reading limits from the command line.
    pub fn limits(&self) -> crate::read::sniff::Limits {
        let mb = |v: f64| (v.max(0.0) * 1_048_576.0) as u64;
        crate::read::sniff::Limits {
            max_file_bytes: mb(self.max_file_mb),
            max_part_bytes: mb(self.max_part_mb),
            max_total_bytes: mb(self.max_part_mb).saturating_mul(2),
            ..Default::default()
        }
    }

    /// The month given on the command line, if any.
    pub fn period(&self) -> Result<Option<Period>, RunError> {
        self.period
            .as_deref()
            .map(|p| Period::parse(p).ok_or_else(|| RunError::BadPeriod(p.to_string())))
            .transpose()
    }
}
