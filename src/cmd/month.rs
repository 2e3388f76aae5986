//! `hokatsu FOLDER`: the clerk's month in one step, as dropping the month's folder on the
//! program gives it. Checks the folder as `check` does, then writes beside it:
//! - `検証結果_<period>.xlsx`, every finding, errors first (always);
//! - `要修正_<period>/<center>.xlsx`, one per center with an error or a warning, to send back;
//! - `運営協議会資料_<period>.xlsx`, the council workbook, when there is no error (the same
//!   bytes `compile --out` writes from the same folder).
//!
//! Every name is checked before the first byte is written: a file of that name that hokatsu did
//! not write itself stops the run (exit 2) and stays as it was. Files of an earlier run are
//! replaced, and a center's 要修正 file that this run no longer needs is removed, so the folder
//! never holds a stale request.

use super::Common;
use crate::error::RunError;
use crate::feedback::{self, Book};
use crate::fsio::{create_dir, write_atomic};
use crate::i18n::Lang;
use crate::model::Outcome;
use crate::output;
use crate::profile::Profile;
use crate::report::summary::Rows;
use std::path::{Path, PathBuf};

pub struct Args<'a> {
    pub folder: &'a Path,
    /// No 情報 on screen (the findings workbook keeps them).
    pub quiet: bool,
}

/// Where the month's files go: beside the folder, named by the period.
struct Targets {
    council: PathBuf,
    findings: PathBuf,
    fixes: PathBuf,
}

impl Targets {
    fn new(folder: &Path, period: &str) -> Targets {
        // As the clerk named it (提出/2025-11 → 提出), else from the folder's full path.
        let named = (folder.file_name().is_some())
            .then(|| folder.parent())
            .flatten()
            .filter(|p| !p.as_os_str().is_empty());
        let beside = match named {
            Some(p) => p.to_path_buf(),
            None => super::compile::absolute(folder)
                .ok()
                .and_then(|f| f.parent().map(Path::to_path_buf))
                .unwrap_or_else(|| PathBuf::from(".")),
        };
        Targets {
            council: beside.join(format!("運営協議会資料_{period}.xlsx")),
            findings: beside.join(format!("検証結果_{period}.xlsx")),
            fixes: beside.join(format!("要修正_{period}")),
        }
    }
}

/// The outcome, and whether the council workbook was written.
pub fn run(common: &Common, args: &Args) -> Result<(Outcome, bool), RunError> {
    let (profile, from) = common.load_profile_from()?;
    let lang = common.lang;
    if !args.folder.is_dir() {
        return Err(RunError::NotAFolder {
            path: args.folder.to_path_buf(),
        });
    }
    let options = common.options(&profile)?;
    let paths = [args.folder.to_path_buf()];
    let outcome = super::year_or_period(&profile, &paths, &options)?;
    let period = outcome
        .period
        .ok_or(RunError::NoPeriod(profile.form.cadence))?;
    let label = period.wareki();
    let t = Targets::new(args.folder, &label);
    let centers = feedback::by_center(&outcome.findings);
    let errors = outcome.has_errors();
    refuse_others(&t, &centers, errors, &profile)?;

    let n = profile.centers.len();
    let summary = output::text(&outcome, n, lang, args.quiet);
    say(&format!("{}\n{summary}", from.line(&profile, lang)));
    let title = format!("{} {}", profile.city, with_bun(&label, lang));
    let clerk = Book {
        title: title.clone(),
        lang,
        findings: feedback::worst_first(&outcome.findings),
        center: None,
        summary: summary.lines().last().map(str::to_string),
    };
    write_atomic(&t.findings, &bytes(&clerk)?)?;
    let written = write_fixes(&profile, &t.fixes, &centers, &title, lang)?;
    say(&wrote(&t, &written, lang));
    if errors {
        // A council workbook of an earlier run no longer matches the month's files: it goes,
        // so that the folder never holds one that the findings beside it contradict.
        let stale = (t.council.is_file() && super::compile::is_report(&t.council, &profile))
            .then(|| std::fs::remove_file(&t.council).is_ok());
        say(&not_compiled(&t, stale, lang));
        return Ok((outcome, false));
    }
    let report = super::compile::report_bytes(&profile, &outcome, lang, Rows::Auto)?;
    write_atomic(&t.council, &report)?;
    say(&match lang {
        Lang::Ja => format!("運営協議会資料を作成しました: {}\n", t.council.display()),
        Lang::En => format!("Wrote the council workbook: {}\n", t.council.display()),
    });
    Ok((outcome, true))
}

/// Messages on the screen; a closed screen does not stop the files being written.
fn say(text: &str) {
    let _ = output::emit(text);
}

/// 「令和7年11月分」
fn with_bun(period: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{period}分"),
        Lang::En => period.to_string(),
    }
}

fn bytes(book: &Book) -> Result<Vec<u8>, RunError> {
    feedback::render(book).map_err(|e| RunError::Internal {
        what: "feedback".into(),
        reason: e.to_string(),
    })
}

/// Stop before writing anything when a file of ours would replace one of the clerk's.
fn refuse_others(
    t: &Targets,
    centers: &[(&str, Vec<&crate::findings::Finding>)],
    errors: bool,
    profile: &Profile,
) -> Result<(), RunError> {
    let exists = |path: &Path| RunError::NotOurs {
        path: path.to_path_buf(),
    };
    if t.findings.exists() && !feedback::is_ours(&t.findings) {
        return Err(exists(&t.findings));
    }
    if !errors && t.council.exists() && !super::compile::is_report(&t.council, profile) {
        return Err(exists(&t.council));
    }
    if t.fixes.exists() && !t.fixes.is_dir() {
        return Err(exists(&t.fixes));
    }
    for (center, _) in centers {
        let path = t.fixes.join(format!("{center}.xlsx"));
        if path.exists() && !feedback::is_ours(&path) {
            return Err(exists(&path));
        }
    }
    Ok(())
}

/// One workbook per center with something to fix; earlier ones of ours no longer needed go.
fn write_fixes(
    profile: &Profile,
    dir: &Path,
    centers: &[(&str, Vec<&crate::findings::Finding>)],
    title: &str,
    lang: Lang,
) -> Result<Vec<PathBuf>, RunError> {
    let mut written = Vec::new();
    if !centers.is_empty() {
        create_dir(dir)?;
    }
    for (center, findings) in centers {
        let name = profile
            .find_center(center)
            .map_or(*center, |i| profile.centers[i].name.as_str());
        let book = Book {
            title: title.to_string(),
            lang,
            findings: findings.clone(),
            center: Some(name),
            summary: None,
        };
        let path = dir.join(format!("{center}.xlsx"));
        write_atomic(&path, &bytes(&book)?)?;
        written.push(path);
    }
    remove_stale(dir, &written);
    Ok(written)
}

/// Remove this module's workbooks in `dir` that this run did not write (a center that has
/// fixed its file), and the folder when nothing is left in it.
fn remove_stale(dir: &Path, written: &[PathBuf]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        let xlsx = path.extension().is_some_and(|x| x == "xlsx");
        if xlsx && !written.contains(&path) && feedback::is_ours(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
    // Only an empty folder is removed (a clerk's own file in it stays, and so does the folder).
    let _ = std::fs::remove_dir(dir);
}

/// What was written for the clerk and the centers.
fn wrote(t: &Targets, fixes: &[PathBuf], lang: Lang) -> String {
    let names: Vec<String> = fixes
        .iter()
        .filter_map(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    match (lang, names.is_empty()) {
        (Lang::Ja, true) => format!(
            "検証結果: {}(直すところのあるセンターはありません)\n",
            t.findings.display()
        ),
        (Lang::Ja, false) => format!(
            "検証結果: {}\nセンターに送るファイル({} 件: {}): {}\n",
            t.findings.display(),
            names.len(),
            names.join("、"),
            t.fixes.display()
        ),
        (Lang::En, true) => format!(
            "Findings: {} (no center has anything to fix)\n",
            t.findings.display()
        ),
        (Lang::En, false) => format!(
            "Findings: {}\nFiles to send to the centers ({}: {}): {}\n",
            t.findings.display(),
            names.len(),
            names.join(", "),
            t.fixes.display()
        ),
    }
}

/// With errors: no council workbook, and what to do next.
/// `stale`: an earlier council workbook was there, and whether it could be removed.
fn not_compiled(t: &Targets, stale: Option<bool>, lang: Lang) -> String {
    let name = |p: &Path| {
        p.file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned())
    };
    let (folder, council) = (name(&t.fixes), name(&t.council));
    let removed = match (stale, lang) {
        (None, _) => String::new(),
        (Some(true), Lang::Ja) => {
            format!("前に作った {council} は、いまの提出ファイルと合わないので削除しました。")
        }
        (Some(true), Lang::En) => {
            format!("The earlier {council} no longer matches the month's files and was removed. ")
        }
        (Some(false), Lang::Ja) => format!(
            "前に作った {council} は、いまの提出ファイルと合いませんが、削除できませんでした(Excel で開いていれば閉じてください)。配らないでください。"
        ),
        (Some(false), Lang::En) => format!(
            "The earlier {council} no longer matches the month's files but could not be removed (close it if Excel has it open); do not hand it out. "
        ),
    };
    match lang {
        Lang::Ja => format!(
            "エラーがあるため運営協議会資料は作成しませんでした。{removed}{folder} の各ファイルをそのセンターに送り、直したファイルを月のフォルダに入れ直してから、もう一度フォルダを hokatsu に渡してください。\n"
        ),
        Lang::En => format!(
            "The council workbook was not written because of errors. {removed}Send each file in {folder} to its center, put the corrected files into the month's folder, and give the folder to hokatsu again.\n"
        ),
    }
}
