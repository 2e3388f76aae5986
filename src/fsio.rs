//! The one place files are written: to a temporary file beside the target, then renamed, so a
//! failed run never leaves a half-written file and a reader never sees one. Why a write failed
//! is kept as a [`WriteFail`], so the clerk reads it in the message's language.

use crate::error::RunError;
use crate::i18n::Lang;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

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
            ErrorKind::NotFound => WriteFail::NoFolder,
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => WriteFail::Denied,
            ErrorKind::IsADirectory => WriteFail::IsFolder,
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => WriteFail::Full,
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

/// Write `bytes` to `path` atomically, replacing what is there.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    let fail = |why: WriteFail| RunError::Output {
        path: path.to_path_buf(),
        why,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.is_dir() {
        return Err(fail(WriteFail::IsFolder));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(WriteFail::of(&e))
    })
}

/// Write a file that must not exist yet (a template, a starter profile): an existing file is
/// never replaced.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    if path.exists() {
        return Err(RunError::Exists {
            path: path.to_path_buf(),
        });
    }
    write_atomic(path, bytes)
}

/// Create a folder (and its parents).
pub fn create_dir(path: &Path) -> Result<(), RunError> {
    std::fs::create_dir_all(path).map_err(|e| RunError::Output {
        path: path.to_path_buf(),
        why: WriteFail::of(&e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
