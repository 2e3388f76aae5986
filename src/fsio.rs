//! The one place files are written: to a temporary file beside the target, then renamed, so a
//! failed run never leaves a half-written file and a reader never sees one. Why a write failed
//! is kept as a [`WriteFail`] (in [`crate::error`]), so the clerk reads it in the message's language.

use crate::error::{RunError, WriteFail};
use std::io::Write;
use std::path::{Path, PathBuf};

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
