//! One module per command, each with one `run` entry point (xsv). Options every command shares
//! live in [`Common`].

pub mod check;
pub mod compile;
pub mod form;
pub mod init;
pub mod month;
pub mod template;

use crate::era::Period;
use crate::error::RunError;
use crate::i18n::Lang;
use crate::profile::Profile;
use std::path::PathBuf;

/// The options a command's `run` takes (built by [`crate::cli`] from what the command was
/// given; what a command does not take keeps its default).
#[derive(Debug, Clone)]
pub struct Common {
    /// City profile (TOML); without it the embedded Kushiro FY R7 profile.
    pub profile: Option<PathBuf>,
    /// The city's form definition, replacing the profile's (or the embedded one).
    pub form: Option<PathBuf>,
    pub lang: Lang,
    /// The reporting period as typed (parsed by [`Period::parse_as`] in the form's cadence).
    pub period: Option<String>,
    /// Last month: its submissions folder, tidy CSV or compiled workbook.
    pub previous: Option<PathBuf>,
    /// Earlier months: a folder of compiled workbooks, tidy CSVs or submission folders.
    pub history: Option<PathBuf>,
    /// Largest submission file read, in MB.
    pub max_file_mb: f64,
    /// A fiscal year to report from a year of period submissions, as typed.
    pub fiscal_year: Option<String>,
    /// Largest decompressed part of a workbook, in MB.
    pub max_part_mb: f64,
}

impl Default for Common {
    fn default() -> Common {
        Common {
            profile: None,
            form: None,
            lang: Lang::Ja,
            period: None,
            previous: None,
            history: None,
            max_file_mb: 50.0,
            fiscal_year: None,
            max_part_mb: 100.0,
        }
    }
}

/// The profile a city copies once beside the program (or into the folder it works in), so that
/// no clerk types `--profile` every month.
pub const PROFILE_FILE: &str = "hokatsu.toml";

/// Where the run's profile came from: said on the first line of the text output, so a clerk
/// sees at once whether the city's settings or the embedded Kushiro ones were used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileFrom {
    /// `--profile FILE`.
    Given(PathBuf),
    /// `hokatsu.toml` in the folder of the program.
    BesideProgram(PathBuf),
    /// `hokatsu.toml` in the current folder.
    CurrentFolder(PathBuf),
    /// Neither: the embedded Kushiro FY R7 profile.
    Embedded,
}

impl ProfileFrom {
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            ProfileFrom::Given(p)
            | ProfileFrom::BesideProgram(p)
            | ProfileFrom::CurrentFolder(p) => Some(p),
            ProfileFrom::Embedded => None,
        }
    }

    /// 「プロファイル: 灘浦市 令和8年度(hokatsu.toml)」
    pub fn line(&self, profile: &Profile, lang: Lang) -> String {
        let city = &profile.city;
        let fy = profile.fiscal_year;
        match (lang, self.path()) {
            (Lang::Ja, Some(p)) => format!(
                "プロファイル: {city} {}({})",
                crate::era::fiscal_year_label(fy),
                p.display()
            ),
            (Lang::Ja, None) => format!(
                "プロファイル: {city} {}(組み込みの既定。市の設定は {PROFILE_FILE} に書いて hokatsu と同じフォルダに置きます)",
                crate::era::fiscal_year_label(fy)
            ),
            (Lang::En, Some(p)) => format!("Profile: {city} FY{fy} ({})", p.display()),
            (Lang::En, None) => format!(
                "Profile: {city} FY{fy} (the embedded default; put the city's settings in {PROFILE_FILE} beside hokatsu)"
            ),
        }
    }

    /// The profile in the JSON summary.
    pub fn json(&self, profile: &Profile) -> serde_json::Value {
        serde_json::json!({
            "city": profile.city,
            "fiscal_year": profile.fiscal_year,
            "file": self.path().map(|p| p.display().to_string()),
        })
    }
}

impl Common {
    /// Where the profile comes from: `--profile`, else `hokatsu.toml` beside the program, else
    /// in the current folder, else the embedded one.
    pub fn profile_from(&self) -> ProfileFrom {
        if let Some(p) = &self.profile {
            return ProfileFrom::Given(p.clone());
        }
        let beside = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|d| d.join(PROFILE_FILE)));
        if let Some(p) = beside.filter(|p| p.is_file()) {
            return ProfileFrom::BesideProgram(p);
        }
        let here = PathBuf::from(PROFILE_FILE);
        if here.is_file() {
            return ProfileFrom::CurrentFolder(here);
        }
        ProfileFrom::Embedded
    }

    pub fn load_profile(&self) -> Result<Profile, RunError> {
        Ok(self.load_profile_from()?.0)
    }

    /// The profile, and where it came from.
    pub fn load_profile_from(&self) -> Result<(Profile, ProfileFrom), RunError> {
        let form = self.form.as_deref();
        let from = self.profile_from();
        let profile = match from.path() {
            Some(path) => Profile::load_with(path, form)?,
            None => Profile::kushiro_with(form)?,
        };
        Ok((profile, from))
    }

    /// The run's options from the command line.
    pub fn options(&self, profile: &Profile) -> Result<crate::run::Options, RunError> {
        Ok(crate::run::Options {
            period: self.period(profile)?,
            limits: self.limits(),
            previous: self.previous.clone(),
            history: self.history.clone(),
            progress: self.progress(),
            fiscal_year: self
                .fiscal_year
                .as_deref()
                .map(|t| {
                    Period::parse_as(t, crate::era::Cadence::Year)
                        .map(Period::fiscal_year)
                        .ok_or_else(|| {
                            RunError::BadPeriod(
                                t.to_string(),
                                crate::era::Cadence::Year,
                                "fiscal-year",
                            )
                        })
                })
                .transpose()?,
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

    /// The period given on the command line, if any, in the form's cadence.
    pub fn period(&self, profile: &Profile) -> Result<Option<Period>, RunError> {
        let cadence = profile.form.cadence;
        self.period
            .as_deref()
            .map(|p| {
                Period::parse_as(p, cadence)
                    .ok_or_else(|| RunError::BadPeriod(p.to_string(), cadence, "period"))
            })
            .transpose()
    }
}

/// A fiscal year from its periods (`--fiscal-year`), else the period's submissions.
pub fn year_or_period(
    profile: &Profile,
    paths: &[PathBuf],
    options: &crate::run::Options,
) -> Result<crate::model::Outcome, RunError> {
    match options.fiscal_year {
        Some(fy) => crate::run::check_year(profile, fy, paths, options),
        None => crate::run::check(profile, paths, options),
    }
}
