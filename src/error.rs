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

impl RunError {
    /// The message for the clerk: what went wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RunError::Profile(e), _) => e.message(lang),
            (RunError::Form(e), Lang::Ja) => {
                format!("様式の定義に誤りがあります: {}", e.message(Lang::Ja))
            }
            (RunError::Form(e), Lang::En) => e.to_string(),
            (RunError::Draft(e), lang) => e.message(lang),
            (RunError::NoPeriod(cadence), lang) => {
                let ((ja, en), like) = (cadence.noun(), cadence.example());
                match lang {
                    Lang::Ja => format!(
                        "{ja}がわかりません。--period {like} のように指定してください(集計用CSVはファイル名を {like}.csv のようにしても伝わります)。"
                    ),
                    Lang::En => format!(
                        "The reporting {} is not known. Give it as --period {like} (a tidy CSV may also carry it in its name, like {like}.csv).",
                        en.to_lowercase()
                    ),
                }
            }
            (RunError::BadPeriod(p, cadence, option), Lang::Ja) => {
                let like = match cadence {
                    crate::era::Cadence::Month => "月として読めません。2025-11、R7.11、令和7年11月",
                    crate::era::Cadence::Quarter => {
                        "四半期として読めません。2025-Q2、令和7年度第2四半期"
                    }
                    crate::era::Cadence::Half => "半期として読めません。2025-H1、令和7年度上半期",
                    crate::era::Cadence::Year => "年度として読めません。2023、令和5年度",
                };
                format!("--{option}「{p}」は{like} のように書いてください。")
            }
            (RunError::BadPeriod(p, cadence, option), Lang::En) => {
                let like = match cadence {
                    crate::era::Cadence::Month => {
                        "a month. Write it like 2025-11, R7.11 or 令和7年11月"
                    }
                    crate::era::Cadence::Quarter => {
                        "a quarter. Write it like 2025-Q2 or 令和7年度第2四半期"
                    }
                    crate::era::Cadence::Half => {
                        "a half-year. Write it like 2025-H1 or 令和7年度上半期"
                    }
                    crate::era::Cadence::Year => "a fiscal year. Write it like 2023 or 令和5年度",
                };
                format!("--{option} '{p}' is not {like}.")
            }
            (
                RunError::PeriodOutsideYear {
                    period,
                    fiscal_year,
                },
                Lang::Ja,
            ) => format!(
                "--period {}({})はプロファイルの年度({})の外です。{}の期を指定するか、新しい年度のプロファイル(fiscal_year = {})を使ってください。",
                period,
                period.wareki(),
                crate::era::fiscal_year_label(*fiscal_year),
                crate::era::fiscal_year_label(*fiscal_year),
                period.fiscal_year()
            ),
            (
                RunError::PeriodOutsideYear {
                    period,
                    fiscal_year,
                },
                Lang::En,
            ) => format!(
                "--period {} is outside the profile's fiscal year (FY{}). Give a period of FY{}, or use a profile for the new year (fiscal_year = {}).",
                period,
                fiscal_year,
                fiscal_year,
                period.fiscal_year()
            ),
            (RunError::NoSubmissions { paths, folders }, lang) => {
                let sep = crate::i18n::tr(lang, "、", ", ");
                let at = (paths.iter().map(|p| p.display().to_string()))
                    .collect::<Vec<_>>()
                    .join(sep);
                let inside = folders.join(sep);
                match (lang, folders.len()) {
                    (Lang::Ja, 0) => format!(
                        "{at} には提出ファイル(.xlsx .xlsm .xls .ods .csv)がありません。提出ファイルを入れたフォルダを指定してください。"
                    ),
                    (Lang::Ja, 1) => format!(
                        "{at} には提出ファイルがありません。中のフォルダ {inside} を指定してください。"
                    ),
                    (Lang::Ja, _) => format!(
                        "{at} には提出ファイルがありません。中のフォルダ {inside} のどれかを指定してください。"
                    ),
                    (Lang::En, 0) => format!(
                        "{at} holds no submission (.xlsx .xlsm .xls .ods .csv). Give the folder the submissions are in."
                    ),
                    (Lang::En, _) => format!(
                        "{at} holds no submission. Give one of the folders inside: {inside}."
                    ),
                }
            }
            (RunError::NoInput { path }, Lang::Ja) => format!(
                "{} が見つかりません。ファイルまたはフォルダの場所を確かめてください。",
                path.display()
            ),
            (RunError::NoInput { path }, Lang::En) => format!(
                "{} does not exist. Check the file or folder path.",
                path.display()
            ),
            (RunError::UnknownCenter { name, known }, Lang::Ja) => format!(
                "センター '{name}' はプロファイルにありません。次のいずれかを指定してください: {}",
                known.join("、")
            ),
            (RunError::UnknownCenter { name, known }, Lang::En) => format!(
                "There is no center '{name}' in the profile. Use one of: {}",
                known.join(", ")
            ),
            (RunError::Output { path, why }, Lang::Ja) => format!(
                "{} に書き込めません({})。{}",
                path.display(),
                why.describe(Lang::Ja),
                why.advice(Lang::Ja)
            ),
            (RunError::Output { path, why }, Lang::En) => format!(
                "Cannot write {} ({}). {}",
                path.display(),
                why.describe(Lang::En),
                why.advice(Lang::En)
            ),
            (RunError::NotAFolder { path }, Lang::Ja) => format!(
                "{} はフォルダではありません。その月の提出ファイルを入れたフォルダ(例: 提出\\2025-11)を指定するか、フォルダごと hokatsu にドロップしてください。ファイルだけを調べるときは hokatsu check {} です。",
                path.display(),
                path.display()
            ),
            (RunError::NotAFolder { path }, Lang::En) => format!(
                "{} is not a folder. Give the folder of the month's submissions (e.g. 提出/2025-11), or drop the whole folder on hokatsu. To check files alone: hokatsu check {}.",
                path.display(),
                path.display()
            ),
            (RunError::NotOurs { path }, Lang::Ja) => format!(
                "{} は hokatsu が作ったファイルではないので、上書きしません(何も書き出していません)。名前を変えるか別のフォルダに移してから、もう一度実行してください。",
                path.display()
            ),
            (RunError::NotOurs { path }, Lang::En) => format!(
                "{} was not written by hokatsu, so it is not replaced (nothing was written). Rename it or move it elsewhere, then run again.",
                path.display()
            ),
            (RunError::Exists { path }, Lang::Ja) => format!(
                "{} はすでにあります。記入済みのファイルかもしれないので上書きしません。別の場所を指定するか、不要なら先に移動・削除してください。",
                path.display()
            ),
            (RunError::Exists { path }, Lang::En) => format!(
                "{} already exists and is not overwritten (it may hold a center's data). Give another place, or move or delete it first.",
                path.display()
            ),
            (RunError::OutputIsInput { path }, Lang::Ja) => format!(
                "出力先 {} は入力ファイル(または入力フォルダの中)です。提出ファイルを上書き・混在させないよう、別の場所を指定してください。",
                path.display()
            ),
            (RunError::OutputIsInput { path }, Lang::En) => format!(
                "The output {} is an input (or inside an input folder). Write it elsewhere so that submissions are neither overwritten nor mixed with it.",
                path.display()
            ),
            (RunError::OutputExtension { path, ext }, Lang::Ja) => format!(
                "出力先 {} の拡張子が .{ext} ではありません。書き出す形式と名前が食い違わないよう、{}.{ext} のように .{ext} で終わる名前を指定してください。",
                path.display(),
                if *ext == "csv" {
                    "集計"
                } else {
                    "運営協議会資料"
                }
            ),
            (RunError::OutputExtension { path, ext }, Lang::En) => format!(
                "The output {} does not end in .{ext}. Give a name ending in .{ext} (e.g. report.{ext}), so that the file's name matches what is written.",
                path.display()
            ),
            (RunError::SameOutput { path }, Lang::Ja) => format!(
                "--out と --csv が同じファイル {} です。集計用CSVが資料を上書きしないよう、別の名前を指定してください。",
                path.display()
            ),
            (RunError::SameOutput { path }, Lang::En) => format!(
                "--out and --csv name the same file {}; the CSV would overwrite the workbook. Give them different names.",
                path.display()
            ),
            (RunError::EarlierIsInput { option, path }, Lang::Ja) => format!(
                "--{option} に今月の提出ファイル {} が指定されています。--{option} には前月まで(過去)の提出フォルダ・集計用CSV・運営協議会資料を指定してください。",
                path.display()
            ),
            (RunError::EarlierIsInput { option, path }, Lang::En) => format!(
                "--{option} names this month's submissions {}. Give earlier months there: their submission folders, tidy CSVs or compiled workbooks.",
                path.display()
            ),
            (RunError::Internal { what, reason }, Lang::Ja) => {
                format!("{what} に失敗しました: {reason}")
            }
            (RunError::Internal { what, reason }, Lang::En) => format!("{what} failed: {reason}"),
            (RunError::ClosedOutput, _) => String::new(),
        }
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
