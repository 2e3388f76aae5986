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
    #[error("no reporting month: give --period YYYY-MM")]
    NoPeriod,
    #[error("'{0}' is not a month: write it like 2025-11")]
    BadPeriod(String),
    #[error("{path}: no such file or folder")]
    NoInput { path: PathBuf },
    #[error("no center '{name}' in the profile")]
    UnknownCenter { name: String, known: Vec<String> },
    #[error("{path}: cannot write: {reason}")]
    Output { path: PathBuf, reason: String },
    #[error("{path} already exists")]
    Exists { path: PathBuf },
    #[error("{path} is an input or inside an input folder; refusing to write it")]
    OutputIsInput { path: PathBuf },
    #[error("{what}: {reason}")]
    Internal { what: String, reason: String },
}

impl RunError {
    /// The message for the clerk: what went wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RunError::Profile(e), _) => e.message(lang),
            (RunError::Form(e), Lang::Ja) => format!("様式の定義に誤りがあります: {e}"),
            (RunError::Form(e), Lang::En) => e.to_string(),
            (RunError::NoPeriod, Lang::Ja) => {
                "対象月がわかりません。--period 2025-11 のように指定してください。".into()
            }
            (RunError::NoPeriod, Lang::En) => {
                "The reporting month is not known. Give it as --period 2025-11.".into()
            }
            (RunError::BadPeriod(p), Lang::Ja) => {
                format!("--period '{p}' は月として読めません。2025-11 のように書いてください。")
            }
            (RunError::BadPeriod(p), Lang::En) => {
                format!("--period '{p}' is not a month. Write it like 2025-11.")
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
            (RunError::Output { path, reason }, Lang::Ja) => format!(
                "{} に書き込めません({reason})。フォルダが存在し書き込めるか、ファイルがExcelで開かれていないかを確かめてください。",
                path.display()
            ),
            (RunError::Output { path, reason }, Lang::En) => format!(
                "Cannot write {} ({reason}). Check that the folder exists and is writable, and that the file is not open in Excel.",
                path.display()
            ),
            (RunError::Exists { path }, Lang::Ja) => format!(
                "{} はすでにあります。上書きしないので、別の名前を指定するか、先に移動してください。",
                path.display()
            ),
            (RunError::Exists { path }, Lang::En) => format!(
                "{} already exists and is not overwritten. Give another name, or move it first.",
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
            (RunError::Internal { what, reason }, Lang::Ja) => {
                format!("{what} に失敗しました: {reason}")
            }
            (RunError::Internal { what, reason }, Lang::En) => format!("{what} failed: {reason}"),
        }
    }
}
