//! A run: read every input, accept one submission per center, apply the rules. `check` prints
//! the outcome, `compile` turns it into the council workbook.
//!
//! Earlier months come in as snapshots: `--previous` (last month's submissions folder, tidy
//! CSV or compiled workbook) and `--history` (a folder of those, one per month). They feed the
//! `cumulative` rule and the trend sheet; a problem reading them is a warning, never a reason
//! to stop this month's work.

use crate::era::Period;
use crate::error::RunError;
use crate::findings::{self, Finding, Location, rule};
use crate::i18n::Text;
use crate::model::Submission;
use crate::profile::Profile;
use crate::read::{self, FileResult, InputPath, ReadContext, sniff::Limits};
use crate::rules;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::model::{InputFile, Outcome, Snapshot};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub period: Option<Period>,
    pub limits: Limits,
    /// Last month's submissions, tidy CSV or compiled workbook.
    pub previous: Option<PathBuf>,
    /// A folder of earlier months: compiled workbooks, tidy CSVs named by month, or folders of
    /// submissions named by month.
    pub history: Option<PathBuf>,
    /// Show a count of files read on stderr (large runs on a terminal).
    pub progress: bool,
    /// Report a fiscal year from a year of period submissions (see [`check_year`]).
    pub fiscal_year: Option<i32>,
}

/// Read and check the submissions at `paths`.
pub fn check(profile: &Profile, paths: &[PathBuf], options: &Options) -> Result<Outcome, RunError> {
    refuse_inputs(paths, options)?;
    let ctx = crate::template::read_context(profile, options.limits);
    let (to_read, mut found, skipped) = gather(paths)?;
    let read = to_read.len();
    let mut intake = read_all(profile, &ctx, to_read, options.progress);
    // The folder above the months once a month was run there holds hokatsu's own council
    // workbooks (and findings) beside the months' folders: one of those was meant, as when it
    // held nothing. (Council workbooks given on their own keep their finding: --previous.)
    if intake.compiled == read && !skipped && !folders_inside(paths).is_empty() {
        return Err(no_submissions(paths));
    }
    found.append(&mut intake.found);
    // A blank template still says its month; a form whose files do not (a year sheet of
    // months across) takes it from the month's folder's name.
    let period = rules::run_period(options.period, profile, &intake.filled)
        .or_else(|| rules::run_period(None, profile, &intake.blanks))
        .or_else(|| folder_period(paths, profile.form.cadence));
    // Without a month the report has no title and the year-to-date rules no meaning: both
    // commands stop here, so that check never passes what compile refuses.
    if period.is_none() && !intake.filled.is_empty() {
        return Err(RunError::NoPeriod(profile.form.cadence));
    }
    let mut all = intake.filled;
    if let Some(p) = period {
        found.extend(rules::check_period(profile, p, &all));
        // A file of another period holds no figures of this one: its center counts as not
        // submitted (its finding says why), never as this period's numbers.
        let (other, this): (Vec<_>, Vec<_>) = all
            .into_iter()
            .partition(|s| s.period.is_some_and(|q| q != p));
        intake.rejected.extend(other.iter().map(|s| s.center));
        all = this;
    }
    let (submissions, coverage) = rules::accept(profile, all, &intake.rejected);
    found.extend(coverage);
    let (previous, history) = earlier(profile, period, options, &ctx, &mut found);
    found.extend(rules::check(
        profile,
        period,
        &submissions,
        previous.as_ref(),
    ));
    findings::sort(&mut found);
    Ok(Outcome {
        period,
        submissions,
        findings: found,
        files: intake.files,
        previous,
        history,
    })
}

/// The period the one folder given is named by (`2026-10`, `令和8年10月`), when it is one of
/// the form's cadence: the month a clerk's folder holds.
fn folder_period(paths: &[PathBuf], cadence: crate::era::Cadence) -> Option<Period> {
    let [path] = paths else {
        return None;
    };
    // (`hokatsu .` in the month's folder: its name is the absolute path's last.)
    let path = std::path::absolute(path).ok()?;
    let period = Period::parse_as(&path.file_name()?.to_string_lossy(), cadence)?;
    path.is_dir().then_some(period)
}

/// Inputs that are missing, and earlier months that are this month's own folder (which would
/// compare the month with itself), stop the run before anything is read.
fn refuse_inputs(paths: &[PathBuf], options: &Options) -> Result<(), RunError> {
    for p in paths
        .iter()
        .chain(&options.previous)
        .chain(&options.history)
    {
        if !p.exists() {
            return Err(RunError::NoInput { path: p.clone() });
        }
    }
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    for (option, earlier) in [
        ("previous", &options.previous),
        ("history", &options.history),
    ] {
        if let Some(e) = earlier
            && paths.iter().any(|p| same(p, e))
        {
            return Err(RunError::EarlierIsInput {
                option,
                path: e.clone(),
            });
        }
    }
    Ok(())
}

/// The files to read at `paths`, the findings of what is not read, and whether a submission
/// was there that could not be read (a lock file or a FIFO: its own finding says so). Nothing
/// that looks like a submission is an error naming the folders inside (a month's folder was
/// meant), rather than seven 未提出 or "no month known".
fn gather(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Finding>, bool), RunError> {
    let mut found = Vec::new();
    let mut to_read = Vec::new();
    let mut skipped_submissions = false;
    for entry in read::expand(paths) {
        match entry {
            InputPath::Skipped(f) => {
                skipped_submissions = true;
                found.push(f);
            }
            InputPath::Other(f) => found.push(f),
            InputPath::File(path) if is_our_findings(&path) => found.push(Finding::info(
                rule::INPUT,
                Location::file(&path.display().to_string()),
                Text::new(
                    "hokatsu が作った検証結果なので、提出ファイルとしては読みませんでした。",
                    "Skipped: findings hokatsu wrote, not a submission.",
                ),
            )),
            InputPath::File(path) => to_read.push(path),
        }
    }
    if to_read.is_empty() && !skipped_submissions {
        return Err(no_submissions(paths));
    }
    Ok((to_read, found, skipped_submissions))
}

fn no_submissions(paths: &[PathBuf]) -> RunError {
    RunError::NoSubmissions {
        paths: paths.to_vec(),
        folders: folders_inside(paths),
    }
}

/// A findings workbook of the clerk's month (beside the month's folders: read when the folder
/// above them is given).
fn is_our_findings(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy());
    name.is_some_and(|n| n.starts_with("検証結果_")) && crate::feedback::is_ours(path)
}

/// The folders inside `paths`, those named by a period (2025-11, 2025-Q2) where there are any:
/// the ones a clerk means.
fn folders_inside(paths: &[PathBuf]) -> Vec<String> {
    let mut folders: Vec<String> = paths
        .iter()
        .filter(|p| p.is_dir())
        .filter_map(|p| std::fs::read_dir(p).ok())
        .flat_map(|rd| rd.filter_map(Result::ok))
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    folders.sort();
    let periods: Vec<String> = (folders.iter())
        .filter(|n| crate::era::Period::parse(n).is_some())
        .cloned()
        .collect();
    if periods.is_empty() { folders } else { periods }
}

/// What the files held: filled submissions, blank ones, the centers whose files were refused,
/// the findings of reading, and every file read.
struct Intake {
    filled: Vec<Submission>,
    blanks: Vec<Submission>,
    rejected: Vec<usize>,
    found: Vec<Finding>,
    files: Vec<InputFile>,
    /// Files that were council workbooks hokatsu compiled (not submissions).
    compiled: usize,
}

/// Read the files in parallel, one per core; results keep the files' order, so findings and
/// the workbook do not depend on which thread finished first.
fn read_all(profile: &Profile, ctx: &ReadContext, paths: Vec<PathBuf>, progress: bool) -> Intake {
    let progress = crate::output::Progress::new(paths.len(), progress);
    let results: Vec<(FileResult, String)> = paths
        .par_iter()
        .map(|p| {
            let r = read::read_file_hashed(p, ctx);
            progress.tick();
            r
        })
        .collect();
    progress.done();
    let mut intake = Intake {
        filled: Vec::new(),
        blanks: Vec::new(),
        rejected: Vec::new(),
        found: Vec::new(),
        files: Vec::new(),
        compiled: 0,
    };
    for (path, (result, sha256)) in paths.into_iter().zip(results) {
        if result.compiled {
            intake.compiled += 1;
            intake.found.push(Finding::info(
                rule::INPUT,
                Location::file(&path.display().to_string()),
                Text::new(
                    "hokatsu が作成した運営協議会資料なので、提出ファイルとしては読みませんでした。前月分なら --previous、過去の分なら --history で指定してください。",
                    "Skipped: a council workbook hokatsu compiled, not a submission. Give last month's with --previous, earlier ones with --history.",
                ),
            ));
        } else {
            for sub in result.submissions {
                if rules::is_blank(&profile.form, &sub) {
                    intake.found.push(rules::blank_file(profile, &sub));
                    intake.rejected.push(sub.center);
                    intake.blanks.push(sub);
                } else {
                    intake.filled.push(sub);
                }
            }
            intake.found.extend(result.findings);
            intake.rejected.extend(result.rejected);
        }
        intake.files.push(InputFile { path, sha256 });
    }
    intake
}

/// Last period (`--previous`, else the history's period before this one) and the earlier ones
/// (`--history`), each only when it is earlier than this period.
fn earlier(
    profile: &Profile,
    period: Option<Period>,
    options: &Options,
    ctx: &ReadContext,
    found: &mut Vec<Finding>,
) -> (Option<Snapshot>, Vec<Snapshot>) {
    let mut history = Vec::new();
    if let Some(dir) = &options.history {
        history = load_history(dir, ctx, found);
        if history.is_empty() {
            found.push(no_month(dir, "history", profile.form.cadence));
        }
    }
    let previous = match (&options.previous, period) {
        (Some(path), _) => load_snapshot(path, ctx, found).inspect(|s| {
            if let Some(p) = period
                && s.period != p.previous()
            {
                found.push(not_last(path, p, s.period));
            }
        }),
        (None, Some(p)) => {
            let i = history.iter().position(|s| s.period == p.previous());
            i.map(|i| history.remove(i))
        }
        (None, None) => None,
    };
    if let Some(p) = period {
        history.retain(|s| s.period < p && Some(s.period) != previous.as_ref().map(|x| x.period));
    }
    (previous, history)
}

/// The warning for a `--previous` of another period than the last.
fn not_last(path: &Path, p: Period, given: Period) -> Finding {
    Finding::warning(
        rule::INPUT,
        Location::file(&path.display().to_string()),
        Text::new(
            format!("--previous は{}分ですが、今回({})の前月は{}です。前月比は{}との比較になります。", given.wareki(), p.wareki(), p.previous().wareki(), given.wareki()),
            format!("--previous is for {given}, but the month before {p} is {}. Changes are against {given}.", p.previous()),
        ),
    )
    .values(p.previous(), given)
}

/// How earlier periods must be named, for the warnings that could not read one: by the form's
/// cadence (2025-10 for months, 2025-Q1 for quarters, 2023 for fiscal years).
fn naming(cadence: crate::era::Cadence) -> Text {
    use crate::era::Cadence;
    let (each_ja, each_en, like) = match cadence {
        Cadence::Month => ("月", "month", "2025-10"),
        Cadence::Quarter => ("四半期", "quarter", "2025-Q1"),
        Cadence::Half => ("半期", "half-year", "2025-H1"),
        Cadence::Year => ("年度", "fiscal year", "2023"),
    };
    Text::new(
        format!(
            "{each_ja}ごとに、集計用CSVは {like}.csv、提出ファイルのフォルダは {like} のような名前にするか、hokatsu で作成した運営協議会資料(.xlsx)を置いてください。"
        ),
        format!(
            "Name each {each_en}'s tidy CSV like {like}.csv and each folder of submissions like {like}, or use the council workbooks hokatsu compiled (.xlsx)."
        ),
    )
}

/// The warning for a --history or --previous that gave no month: what was there, and what is
/// expected.
fn no_month(path: &Path, option: &str, cadence: crate::era::Cadence) -> Finding {
    let naming = naming(cadence);
    let found: Vec<String> = if path.is_dir() {
        let mut names: Vec<String> = std::fs::read_dir(path)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    } else {
        vec![]
    };
    let shown: Vec<&str> = found.iter().take(5).map(String::as_str).collect();
    let more = found.len().saturating_sub(shown.len());
    let (what_ja, what_en) = if !path.is_dir() {
        (String::new(), String::new())
    } else if found.is_empty() {
        (
            "フォルダは空です。".to_string(),
            "The folder is empty.".to_string(),
        )
    } else {
        (
            format!(
                "見つかったもの: {}{}。",
                shown.join("、"),
                if more > 0 {
                    format!(" ほか{more}個")
                } else {
                    String::new()
                }
            ),
            format!(
                "Found: {}{}.",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        )
    };
    Finding::warning(
        rule::INPUT,
        Location::file(&path.display().to_string()),
        Text::new(
            format!(
                "--{option} から過去の月を一つも読めなかったため、推移の比較はありません。{what_ja}{}",
                naming.ja
            ),
            format!(
                "--{option} gave no earlier month, so there are no trends. {what_en} {}",
                naming.en
            ),
        ),
    )
}

/// A fiscal year from its periods: `paths` hold one source per period of the form's cadence
/// (folders of submissions or tidy CSVs named by period, `2023-07`, `2023-Q2.csv`, or compiled
/// workbooks). A missing period is an error naming it. The year's submissions are aggregated
/// ([`crate::annual::aggregate`]) and checked like a period's.
pub fn check_year(
    profile: &Profile,
    fiscal_year: i32,
    paths: &[PathBuf],
    options: &Options,
) -> Result<Outcome, RunError> {
    for p in paths {
        if !p.exists() {
            return Err(RunError::NoInput { path: p.clone() });
        }
    }
    let cadence = profile.form.cadence;
    let expected = crate::annual::periods_of(fiscal_year, cadence);
    let ctx = crate::template::read_context(profile, options.limits);
    let mut found = Vec::new();
    let mut sources: Vec<PathBuf> = Vec::new();
    for p in paths {
        if p.is_dir() && !expected.iter().any(|e| named(p, *e, cadence)) {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            entries.sort();
            sources.extend(entries.into_iter().filter(|e| {
                let n = e
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                !n.starts_with('.') && !n.starts_with("~$")
            }));
        } else {
            sources.push(p.clone());
        }
    }
    let mut periods: Vec<Snapshot> = Vec::new();
    let mut files = Vec::new();
    for source in sources {
        let Some(snap) = load_snapshot(&source, &ctx, &mut found) else {
            continue;
        };
        if !expected.contains(&snap.period) {
            found.push(Finding::warning(
                rule::INPUT,
                Location::file(&source.display().to_string()),
                Text::new(
                    format!(
                        "{}分なので、{}の集計には使いません。",
                        snap.period.wareki(),
                        crate::era::fiscal_year_label(fiscal_year)
                    ),
                    format!(
                        "This is {}, not a period of fiscal year {fiscal_year}; it is left out.",
                        snap.period
                    ),
                ),
            ));
            continue;
        }
        if periods.iter().any(|p| p.period == snap.period) {
            continue;
        }
        files.push(InputFile {
            path: source.clone(),
            sha256: String::new(),
        });
        periods.push(snap);
    }
    periods.sort_by_key(|s| s.period);
    for e in &expected {
        if !periods.iter().any(|p| p.period == *e) {
            found.push(Finding::error(
                rule::COVERAGE,
                Location::default(),
                Text::new(
                    format!("{}の集計に必要な{}分がありません。{} という名前の提出フォルダか集計用CSVを加えてください。", crate::era::fiscal_year_label(fiscal_year), e.wareki(), e),
                    format!("The year needs {e} ({}), which is missing. Add a folder of submissions or a tidy CSV named {e}.", e.wareki()),
                ),
            ).values(e, ""));
        }
    }
    let year = Period {
        year: fiscal_year + 1,
        month: 3,
        cadence: crate::era::Cadence::Year,
    };
    let (all, joined) = crate::annual::aggregate(profile, &periods);
    found.extend(joined);
    let (submissions, coverage) = rules::accept(profile, all, &[]);
    found.extend(coverage);
    found.extend(rules::check(profile, Some(year), &submissions, None));
    findings::sort(&mut found);
    Ok(Outcome {
        period: Some(year),
        submissions,
        findings: found,
        files,
        previous: None,
        history: Vec::new(),
    })
}

/// Whether a path is named for this period (`2023-07`, `2023-Q2.csv`).
fn named(path: &Path, period: Period, cadence: crate::era::Cadence) -> bool {
    path.file_stem()
        .and_then(|n| Period::in_name_as(&n.to_string_lossy(), cadence))
        == Some(period)
}

/// Every month of a history folder: files (compiled workbooks, tidy CSVs) and folders of
/// submissions named by month. Oldest first; a month given twice keeps the first.
fn load_history(dir: &Path, ctx: &ReadContext, found: &mut Vec<Finding>) -> Vec<Snapshot> {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    entries.sort();
    let mut out: Vec<Snapshot> = Vec::new();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if let Some(s) = load_snapshot(&path, ctx, found)
            && !out.iter().any(|o| o.period == s.period)
        {
            out.push(s);
        }
    }
    out.sort_by_key(|s| s.period);
    out
}

/// One earlier month from a file or a folder of submissions. Whatever cannot be used is one
/// warning naming the file.
fn load_snapshot(path: &Path, ctx: &ReadContext, found: &mut Vec<Finding>) -> Option<Snapshot> {
    let shown = path.display().to_string();
    let results: Vec<FileResult> = if path.is_dir() {
        read::expand(&[path.to_path_buf()])
            .into_iter()
            .filter_map(|e| match e {
                InputPath::File(p) => Some(read::read_file(&p, ctx)),
                InputPath::Skipped(_) | InputPath::Other(_) => None,
            })
            .collect()
    } else {
        vec![read::read_file(path, ctx)]
    };
    let subs: Vec<Submission> = results.into_iter().flat_map(|r| r.submissions).collect();
    let name_period = path
        .file_stem()
        .and_then(|n| Period::in_name_as(&n.to_string_lossy(), ctx.profile.form.cadence));
    // An earlier period is what its files say (not the profile's period, which is this run's).
    let period = rules::stated_period(&subs).or(name_period);
    let Some(period) = period.filter(|_| !subs.is_empty()) else {
        let cadence = ctx.profile.form.cadence;
        let naming = naming(cadence);
        found.push(Finding::warning(
            rule::INPUT,
            Location::file(&shown),
            Text::new(
                format!("過去の集計として読めませんでした(提出ファイル、集計用CSV、hokatsu の運営協議会資料のどれでもないか、{}がわかりません)。推移の比較には使いません。{}", cadence.noun().0, naming.ja),
                format!("Could not be read as an earlier period (not submissions, a tidy CSV or a compiled workbook, or its {} is unknown). It is left out of the trends. {}", cadence.noun().1.to_lowercase(), naming.en),
            ),
        ));
        return None;
    };
    let mut by_center: Vec<Submission> = Vec::new();
    for s in subs {
        if !by_center.iter().any(|o| o.center == s.center) {
            by_center.push(s);
        }
    }
    by_center.sort_by_key(|s| s.center);
    Some(Snapshot {
        period,
        submissions: by_center,
        source: path
            .file_name()
            .map_or(shown.clone(), |n| n.to_string_lossy().into_owned()),
    })
}
