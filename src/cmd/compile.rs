//! `hokatsu compile --out report.xlsx [--csv tidy.csv] [--force] PATH...`: check, then write the
//! council workbook. With error findings and no `--force` nothing is written.

use super::Common;
use crate::error::RunError;
use crate::fsio::write_atomic;
use crate::i18n::Lang;
use crate::model::Outcome;
use crate::output;
use crate::profile::Profile;
use crate::report::summary::Rows;
use crate::report::{self, Report};

use std::path::{Path, PathBuf};

pub struct Args<'a> {
    pub out: &'a Path,
    pub rows: Rows,
    pub csv: Option<&'a Path>,
    pub force: bool,
    /// No 情報 on screen (the 検証結果 sheet keeps them).
    pub quiet: bool,
    pub paths: &'a [PathBuf],
}

/// The outcome, and whether the workbook was written.
pub fn run(common: &Common, args: &Args) -> Result<(Outcome, bool), RunError> {
    let (profile, from) = common.load_profile_from()?;
    check_outputs(common, args, &profile)?;
    let options = common.options(&profile)?;
    let outcome = super::year_or_period(&profile, args.paths, &options)?;
    let n = profile.centers.len();
    let lang = common.lang;
    output::emit(&format!(
        "{}\n{}",
        from.line(&profile, lang),
        output::text(&outcome, n, lang, args.quiet)
    ))?;
    if outcome.has_errors() && !args.force {
        output::emit(&match lang {
            Lang::Ja => format!(
                "エラーがあるため {} は作成しませんでした(エラーのまま作成するには --force)。\n",
                args.out.display()
            ),
            Lang::En => format!(
                "{} was not written because of errors (--force writes it anyway).\n",
                args.out.display()
            ),
        })?;
        return Ok((outcome, false));
    }
    write_atomic(
        args.out,
        &report_bytes(&profile, &outcome, lang, args.rows)?,
    )?;
    if let Some(csv) = args.csv {
        let bytes = crate::read::tidy::export(&profile, &outcome.submissions).map_err(|e| {
            RunError::Internal {
                what: "csv".into(),
                reason: e.to_string(),
            }
        })?;
        write_atomic(csv, &bytes)?;
    }
    output::emit(&match lang {
        Lang::Ja => format!("{} を作成しました。\n", args.out.display()),
        Lang::En => format!("Wrote {}.\n", args.out.display()),
    })?;
    Ok((outcome, true))
}

/// The council workbook of a run, as bytes: one making for `compile` and the clerk's month, so
/// both give the same file from the same folder.
pub fn report_bytes(
    profile: &Profile,
    outcome: &Outcome,
    lang: Lang,
    rows: Rows,
) -> Result<Vec<u8>, RunError> {
    let period = outcome
        .period
        .ok_or(RunError::NoPeriod(profile.form.cadence))?;
    let by_area = rows.areas(profile);
    let view = by_area.then(|| {
        (
            crate::report::summary::profile_by_area(profile),
            crate::report::summary::outcome_by_area(profile, outcome),
        )
    });
    let mut report = match &view {
        Some((p, o)) => Report::new(p, o, period, lang),
        None => Report::new(profile, outcome, period, lang),
    };
    report.by_area = by_area;
    report::render(&report).map_err(|e| RunError::Internal {
        what: "report".into(),
        reason: e.to_string(),
    })
}

/// Outputs that would destroy or mislabel a file are refused before anything is read: a name
/// whose extension is not what is written (`--out report.xls` would be xlsx bytes under an .xls
/// name), `--csv` equal to `--out`, and an output that is an input.
fn check_outputs(
    common: &Common,
    args: &Args,
    profile: &crate::profile::Profile,
) -> Result<(), RunError> {
    for (path, ext) in std::iter::once((args.out, "xlsx")).chain(args.csv.map(|c| (c, "csv"))) {
        let ok = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case(ext));
        if !ok {
            return Err(RunError::OutputExtension {
                path: path.to_path_buf(),
                ext,
            });
        }
    }
    if let Some(csv) = args.csv
        && absolute(csv).ok() == absolute(args.out).ok()
    {
        return Err(RunError::SameOutput {
            path: csv.to_path_buf(),
        });
    }
    let inputs: Vec<PathBuf> = args
        .paths
        .iter()
        .chain(&common.previous)
        .chain(&common.history)
        .cloned()
        .collect();
    for out in std::iter::once(args.out).chain(args.csv) {
        refuse_input(out, &inputs)?;
    }
    // An existing file is replaced only if it is an earlier output of hokatsu (a report, or a
    // tidy CSV): a clerk's own workbook of that name is never destroyed.
    if args.out.is_file() && !is_report(args.out, profile) {
        return Err(RunError::Exists {
            path: args.out.to_path_buf(),
        });
    }
    if let Some(csv) = args.csv
        && csv.is_file()
        && !is_tidy_csv(csv)
    {
        return Err(RunError::Exists {
            path: csv.to_path_buf(),
        });
    }
    Ok(())
}

/// Whether a file is a council workbook hokatsu wrote (its 出典 sheet names it).
pub fn is_report(path: &Path, profile: &Profile) -> bool {
    let ctx = crate::template::read_context(profile, Default::default());
    crate::read::read_file(path, &ctx).compiled
}

/// Whether a file starts with the tidy CSV's header (as `--csv` writes it).
fn is_tidy_csv(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let text = String::from_utf8_lossy(&head[..n]);
    let text = text.trim_start_matches('\u{feff}');
    text.starts_with(&crate::read::CSV_HEADER.join(","))
}

/// An output path that is one of the inputs, or would land in an input folder (where the next
/// run would read it as a submission), is refused before anything is read.
fn refuse_input(out: &Path, inputs: &[PathBuf]) -> Result<(), RunError> {
    let Ok(out_abs) = absolute(out) else {
        return Ok(());
    };
    for input in inputs {
        let Ok(inp) = absolute(input) else { continue };
        let inside = inp.is_dir() && out_abs.parent() == Some(inp.as_path());
        if out_abs == inp || inside {
            return Err(RunError::OutputIsInput {
                path: out.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// An absolute path resolving symlinks where the file exists (so `./a/../r.xlsx` and `r.xlsx`
/// compare equal).
pub fn absolute(p: &Path) -> std::io::Result<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Ok(c);
    }
    let parent = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = p
        .file_name()
        .ok_or_else(|| std::io::Error::other("no file name"))?;
    Ok(parent.canonicalize()?.join(name))
}
