//! Errors that stop a run (exit code 2): bad arguments, a bad profile, an output that cannot be
//! written. Problems with a submission are never errors here: they are findings.

use crate::i18n::Lang;
use crate::profile::ProfileError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error("{0}")]
    Form(#[from] crate::form::FormError),
    /// `form --from`: no definition could be drafted from the city's workbook.
    #[error("{0}")]
    Draft(#[from] crate::draft::DraftError),
    #[error("no reporting period: give --period")]
    NoPeriod(crate::era::Cadence),
    #[error("'{0}' is not a reporting period: write it like 2025-11")]
    BadPeriod(String, crate::era::Cadence, &'static str),
    #[error("{path}: no such file or folder")]
    NoInput { path: PathBuf },
    /// `template --period` outside the profile's fiscal year: its templates would carry the
    /// profile's year in their titles and checks.
    #[error("--period {period} is outside the profile's fiscal year {fiscal_year}")]
    PeriodOutsideYear {
        period: crate::era::Period,
        fiscal_year: i32,
    },
    /// Nothing to read at the paths given: an empty folder, or one of month folders.
    #[error("no submission to read")]
    NoSubmissions {
        paths: Vec<PathBuf>,
        folders: Vec<String>,
    },
    #[error("no center '{name}' in the profile")]
    UnknownCenter { name: String, known: Vec<String> },
    #[error("{path}: cannot write")]
    Output { path: PathBuf, why: WriteFail },
    #[error("{path} already exists")]
    Exists { path: PathBuf },
    /// The month's job was given a file, not the month's folder.
    #[error("{path} is not a folder")]
    NotAFolder { path: PathBuf },
    /// A file the month's job would write is the clerk's own (hokatsu did not write it).
    #[error("{path} exists and was not written by hokatsu")]
    NotOurs { path: PathBuf },
    #[error("{path}: the extension must be .{ext}")]
    OutputExtension { path: PathBuf, ext: &'static str },
    #[error("{path}: --out and --csv are the same file")]
    SameOutput { path: PathBuf },
    #[error("--{option} {path} is this month's input")]
    EarlierIsInput { option: &'static str, path: PathBuf },
    #[error("{path} is an input or inside an input folder; refusing to write it")]
    OutputIsInput { path: PathBuf },
    #[error("{what}: {reason}")]
    Internal { what: String, reason: String },
    /// Standard output was closed (a pipe into `head`): the run ends quietly.
    #[error("output closed")]
    ClosedOutput,
}

/// The kinds of [`RunError`] a clerk can read, each with its message in [`CATALOGUE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Said {
    Form,
    NoPeriod,
    BadMonth,
    BadQuarter,
    BadHalf,
    BadYear,
    PeriodOutsideYear,
    NoSubmissions,
    NoSubmissionsInFolder,
    NoSubmissionsInFolders,
    NoInput,
    UnknownCenter,
    Output,
    Exists,
    NotAFolder,
    NotOurs,
    OutputIsInput,
    OutputExtension,
    SameOutput,
    EarlierIsInput,
    Internal,
}

/// Every message of a run error, keyed by its kind: Japanese, English. `{name}` stands for the
/// argument of that name ([`RunError::said`]).
const CATALOGUE: &[(Said, &str, &str)] = &[
    (
        Said::Form,
        "様式の定義に誤りがあります: {detail}",
        "{detail}",
    ),
    (
        Said::NoPeriod,
        "{noun}がわかりません。--period {like} のように指定してください(提出を入れたフォルダの名前を {like} にするか、集計用CSVのファイル名を {like}.csv にしても伝わります)。",
        "The reporting {noun} is not known. Give it as --period {like} (or name the folder of the submissions {like}, or a tidy CSV {like}.csv).",
    ),
    (
        Said::BadMonth,
        "--{option}「{period}」は月として読めません。2025-11、R7.11、令和7年11月 のように書いてください。",
        "--{option} '{period}' is not a month. Write it like 2025-11, R7.11 or 令和7年11月.",
    ),
    (
        Said::BadQuarter,
        "--{option}「{period}」は四半期として読めません。2025-Q2、令和7年度第2四半期 のように書いてください。",
        "--{option} '{period}' is not a quarter. Write it like 2025-Q2 or 令和7年度第2四半期.",
    ),
    (
        Said::BadHalf,
        "--{option}「{period}」は半期として読めません。2025-H1、令和7年度上半期 のように書いてください。",
        "--{option} '{period}' is not a half-year. Write it like 2025-H1 or 令和7年度上半期.",
    ),
    (
        Said::BadYear,
        "--{option}「{period}」は年度として読めません。2023、令和5年度 のように書いてください。",
        "--{option} '{period}' is not a fiscal year. Write it like 2023 or 令和5年度.",
    ),
    (
        Said::PeriodOutsideYear,
        "--period {period}({wareki})はプロファイルの年度({year})の外です。{year}の期を指定するか、新しい年度のプロファイル(fiscal_year = {new})を使ってください。",
        "--period {period} is outside the profile's fiscal year (FY{fy}). Give a period of FY{fy}, or use a profile for the new year (fiscal_year = {new}).",
    ),
    (
        Said::NoSubmissions,
        "{at} には提出ファイル(.xlsx .xlsm .xls .ods .csv)がありません。提出ファイルを入れたフォルダを指定してください。",
        "{at} holds no submission (.xlsx .xlsm .xls .ods .csv). Give the folder the submissions are in.",
    ),
    (
        Said::NoSubmissionsInFolder,
        "{at} には提出ファイルがありません。中のフォルダ {inside} を指定してください。",
        "{at} holds no submission. Give one of the folders inside: {inside}.",
    ),
    (
        Said::NoSubmissionsInFolders,
        "{at} には提出ファイルがありません。中のフォルダ {inside} のどれかを指定してください。",
        "{at} holds no submission. Give one of the folders inside: {inside}.",
    ),
    (
        Said::NoInput,
        "{path} が見つかりません。ファイルまたはフォルダの場所を確かめてください。",
        "{path} does not exist. Check the file or folder path.",
    ),
    (
        Said::UnknownCenter,
        "センター '{name}' はプロファイルにありません。次のいずれかを指定してください: {known}",
        "There is no center '{name}' in the profile. Use one of: {known}",
    ),
    (
        Said::Output,
        "{path} に書き込めません({why})。{advice}",
        "Cannot write {path} ({why}). {advice}",
    ),
    (
        Said::Exists,
        "{path} はすでにあります。記入済みのファイルかもしれないので上書きしません。別の場所を指定するか、不要なら先に移動・削除してください。",
        "{path} already exists and is not overwritten (it may hold a center's data). Give another place, or move or delete it first.",
    ),
    (
        Said::NotAFolder,
        "{path} はフォルダではありません。その月の提出ファイルを入れたフォルダ(例: 提出\\2025-11)を指定するか、フォルダごと hokatsu にドロップしてください。ファイルだけを調べるときは hokatsu check {path} です。",
        "{path} is not a folder. Give the folder of the month's submissions (e.g. 提出/2025-11), or drop the whole folder on hokatsu. To check files alone: hokatsu check {path}.",
    ),
    (
        Said::NotOurs,
        "{path} は hokatsu が作ったファイルではないので、上書きしません(何も書き出していません)。名前を変えるか別のフォルダに移してから、もう一度実行してください。",
        "{path} was not written by hokatsu, so it is not replaced (nothing was written). Rename it or move it elsewhere, then run again.",
    ),
    (
        Said::OutputIsInput,
        "出力先 {path} は入力ファイル(または入力フォルダの中)です。提出ファイルを上書き・混在させないよう、別の場所を指定してください。",
        "The output {path} is an input (or inside an input folder). Write it elsewhere so that submissions are neither overwritten nor mixed with it.",
    ),
    (
        Said::OutputExtension,
        "出力先 {path} の拡張子が .{ext} ではありません。書き出す形式と名前が食い違わないよう、{stem}.{ext} のように .{ext} で終わる名前を指定してください。",
        "The output {path} does not end in .{ext}. Give a name ending in .{ext} (e.g. report.{ext}), so that the file's name matches what is written.",
    ),
    (
        Said::SameOutput,
        "--out と --csv が同じファイル {path} です。集計用CSVが資料を上書きしないよう、別の名前を指定してください。",
        "--out and --csv name the same file {path}; the CSV would overwrite the workbook. Give them different names.",
    ),
    (
        Said::EarlierIsInput,
        "--{option} に今月の提出ファイル {path} が指定されています。--{option} には前月まで(過去)の提出フォルダ・集計用CSV・運営協議会資料を指定してください。",
        "--{option} names this month's submissions {path}. Give earlier months there: their submission folders, tidy CSVs or compiled workbooks.",
    ),
    (
        Said::Internal,
        "{what} に失敗しました: {reason}",
        "{what} failed: {reason}",
    ),
];

/// A catalogue's message with its arguments put in (in one pass: an argument's own braces,
/// a path's say, are left as they are).
fn fill(said: Said, lang: Lang, args: &[(&str, String)]) -> String {
    let Some(&(_, ja, en)) = CATALOGUE.iter().find(|(s, _, _)| *s == said) else {
        return String::new();
    };
    let mut rest = crate::i18n::tr(lang, ja, en);
    let mut out = String::with_capacity(rest.len());
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = (after.find('}'))
            .and_then(|close| args.iter().find(|(name, _)| *name == &after[..close]));
        match arg {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl RunError {
    /// The message for the clerk: what went wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            RunError::Profile(e) => e.message(lang),
            RunError::Draft(e) => e.message(lang),
            RunError::ClosedOutput => String::new(),
            _ => match self.said(lang) {
                Some((said, args)) => fill(said, lang, &args),
                None => String::new(),
            },
        }
    }

    /// The error's kind in the catalogue and the arguments its message names.
    fn said(&self, lang: Lang) -> Option<(Said, Vec<(&'static str, String)>)> {
        let shown = |p: &std::path::Path| p.display().to_string();
        Some(match self {
            RunError::Profile(_) | RunError::Draft(_) | RunError::ClosedOutput => return None,
            RunError::Form(e) => (
                Said::Form,
                vec![(
                    "detail",
                    match lang {
                        Lang::Ja => e.message(Lang::Ja),
                        Lang::En => e.to_string(),
                    },
                )],
            ),
            RunError::NoPeriod(cadence) => {
                let (ja, en) = cadence.noun();
                let noun = match lang {
                    Lang::Ja => ja.to_string(),
                    Lang::En => en.to_lowercase(),
                };
                (
                    Said::NoPeriod,
                    vec![("noun", noun), ("like", cadence.example().into())],
                )
            }
            RunError::BadPeriod(p, cadence, option) => (
                match cadence {
                    crate::era::Cadence::Month => Said::BadMonth,
                    crate::era::Cadence::Quarter => Said::BadQuarter,
                    crate::era::Cadence::Half => Said::BadHalf,
                    crate::era::Cadence::Year => Said::BadYear,
                },
                vec![("option", option.to_string()), ("period", p.clone())],
            ),
            RunError::PeriodOutsideYear {
                period,
                fiscal_year,
            } => (
                Said::PeriodOutsideYear,
                vec![
                    ("period", period.to_string()),
                    ("wareki", period.wareki()),
                    ("year", crate::era::fiscal_year_label(*fiscal_year)),
                    ("fy", fiscal_year.to_string()),
                    ("new", period.fiscal_year().to_string()),
                ],
            ),
            RunError::NoSubmissions { paths, folders } => {
                let sep = crate::i18n::tr(lang, "、", ", ");
                let at = paths.iter().map(|p| shown(p)).collect::<Vec<_>>();
                let said = match folders.len() {
                    0 => Said::NoSubmissions,
                    1 => Said::NoSubmissionsInFolder,
                    _ => Said::NoSubmissionsInFolders,
                };
                (
                    said,
                    vec![("at", at.join(sep)), ("inside", folders.join(sep))],
                )
            }
            RunError::NoInput { path } => (Said::NoInput, vec![("path", shown(path))]),
            RunError::UnknownCenter { name, known } => (
                Said::UnknownCenter,
                vec![
                    ("name", name.clone()),
                    ("known", known.join(crate::i18n::tr(lang, "、", ", "))),
                ],
            ),
            RunError::Output { path, why } => (
                Said::Output,
                vec![
                    ("path", shown(path)),
                    ("why", why.describe(lang)),
                    ("advice", why.advice(lang).to_string()),
                ],
            ),
            RunError::Exists { path } => (Said::Exists, vec![("path", shown(path))]),
            RunError::NotAFolder { path } => (Said::NotAFolder, vec![("path", shown(path))]),
            RunError::NotOurs { path } => (Said::NotOurs, vec![("path", shown(path))]),
            RunError::OutputIsInput { path } => (Said::OutputIsInput, vec![("path", shown(path))]),
            RunError::OutputExtension { path, ext } => (
                Said::OutputExtension,
                vec![
                    ("path", shown(path)),
                    ("ext", ext.to_string()),
                    (
                        "stem",
                        if *ext == "csv" {
                            "集計"
                        } else {
                            "運営協議会資料"
                        }
                        .into(),
                    ),
                ],
            ),
            RunError::SameOutput { path } => (Said::SameOutput, vec![("path", shown(path))]),
            RunError::EarlierIsInput { option, path } => (
                Said::EarlierIsInput,
                vec![("option", option.to_string()), ("path", shown(path))],
            ),
            RunError::Internal { what, reason } => (
                Said::Internal,
                vec![("what", what.clone()), ("reason", reason.clone())],
            ),
        })
    }
}

/// Why a file could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteFail {
    IsFolder,
    NoFolder,
    Denied,
    /// The disk (or the user's quota) is full.
    Full,
    /// Anything else, with the system's own words (shown in English messages only).
    Other(String),
}

impl WriteFail {
    pub fn of(e: &std::io::Error) -> WriteFail {
        match e.kind() {
            std::io::ErrorKind::NotFound => WriteFail::NoFolder,
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                WriteFail::Denied
            }
            std::io::ErrorKind::IsADirectory => WriteFail::IsFolder,
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => WriteFail::Full,
            _ => WriteFail::Other(e.to_string()),
        }
    }

    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (WriteFail::IsFolder, Lang::Ja) => "同じ名前のフォルダがあります".into(),
            (WriteFail::IsFolder, Lang::En) => "it is a folder".into(),
            (WriteFail::NoFolder, Lang::Ja) => "書き込み先のフォルダがありません".into(),
            (WriteFail::NoFolder, Lang::En) => "the folder does not exist".into(),
            (WriteFail::Denied, Lang::Ja) => "書き込む権限がありません".into(),
            (WriteFail::Denied, Lang::En) => "permission denied".into(),
            (WriteFail::Full, Lang::Ja) => "ディスクの空きがありません".into(),
            (WriteFail::Full, Lang::En) => "the disk is full".into(),
            (WriteFail::Other(_), Lang::Ja) => "書き込みに失敗しました".into(),
            (WriteFail::Other(why), Lang::En) => why.clone(),
        }
    }

    /// What to do about it.
    pub fn advice(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (WriteFail::Full, Lang::Ja) => {
                "不要なファイルを消すなどしてディスクに空きを作ってから、もう一度実行してください(何も書き換えていません)。"
            }
            (WriteFail::Full, Lang::En) => {
                "Free some disk space and run it again (nothing was changed)."
            }
            (WriteFail::NoFolder, Lang::Ja) => "書き込み先のフォルダの場所を確かめてください。",
            (WriteFail::NoFolder, Lang::En) => "Check the folder's path.",
            (WriteFail::IsFolder, Lang::Ja) => "ファイルの名前を指定してください。",
            (WriteFail::IsFolder, Lang::En) => "Give a file name.",
            (_, Lang::Ja) => {
                "フォルダに書き込めるか、ファイルがExcelで開かれていないかを確かめてください。"
            }
            (_, Lang::En) => {
                "Check that the folder is writable and that the file is not open in Excel."
            }
        }
    }
}

#[cfg(test)]
mod write_fail_tests {
    use super::*;
    use std::io::ErrorKind;

    /// A full disk is said as one, with what to do, not as a file open in Excel.
    #[test]
    fn a_full_disk_is_said_as_one() {
        for kind in [ErrorKind::StorageFull, ErrorKind::QuotaExceeded] {
            let e = RunError::Output {
                path: PathBuf::from("運営協議会資料.xlsx"),
                why: WriteFail::of(&std::io::Error::from(kind)),
            };
            let ja = e.message(Lang::Ja);
            assert!(ja.contains("ディスクの空きがありません"), "{ja}");
            assert!(!ja.contains("Excel"), "{ja}");
            assert!(e.message(Lang::En).contains("the disk is full"));
        }
        let denied = RunError::Output {
            path: PathBuf::from("a.xlsx"),
            why: WriteFail::of(&std::io::Error::from(ErrorKind::PermissionDenied)),
        };
        assert!(denied.message(Lang::Ja).contains("Excelで開かれていないか"));
    }
}
