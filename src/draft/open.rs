//! The drafter's one I/O edge: a workbook's bytes read once, refused early when they cannot be
//! a workbook we read (too large, encrypted, damaged), and turned into [`Sheet`]s. Parsing runs
//! inside `catch_unwind`, so a damaged file is an error naming it, never a panic.

use super::DraftError;
use super::cells::{Cell, Merge, Sheet, Value};
use calamine::{Data, Reader, Sheets};
use std::io::{Cursor, Read};
use std::path::Path;

/// Largest workbook read.
const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Largest part of a zipped workbook (a sheet's XML), decompressed.
const MAX_PART_BYTES: u64 = 200 * 1024 * 1024;
/// Rows and columns of a sheet a form has: more is a data dump, not a form.
pub const MAX_ROWS: usize = 5_000;
pub const MAX_COLS: usize = 300;

const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The sheets asked for (all, when none is named), in the workbook's order.
pub fn sheets(path: &Path, wanted: &[String]) -> Result<Vec<Sheet>, DraftError> {
    let file = path.display().to_string();
    let bytes = read(path).map_err(|why| DraftError::Unreadable {
        file: file.clone(),
        why,
    })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(DraftError::TooLarge { file });
    }
    refuse_early(&bytes, &file)?;
    let parse = std::panic::AssertUnwindSafe(|| parse(bytes, &file, wanted));
    match std::panic::catch_unwind(parse) {
        Ok(result) => result,
        Err(_) => Err(DraftError::Damaged { file }),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(String::new());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// An encrypted OOXML workbook is a compound file holding an `EncryptedPackage`; a zip whose
/// parts unpack past [`MAX_PART_BYTES`] is refused before it is unpacked.
fn refuse_early(bytes: &[u8], file: &str) -> Result<(), DraftError> {
    if bytes.starts_with(CFB) {
        let utf16: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(utf16.len()).any(|w| w == utf16.as_slice()) {
            return Err(DraftError::Protected { file: file.into() });
        }
        return Ok(());
    }
    if bytes.starts_with(b"PK") {
        let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return Err(DraftError::Damaged { file: file.into() });
        };
        for i in 0..zip.len() {
            let size = zip.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
            if size > MAX_PART_BYTES {
                return Err(DraftError::TooLarge { file: file.into() });
            }
        }
        return Ok(());
    }
    Err(DraftError::NotWorkbook { file: file.into() })
}

fn parse(bytes: Vec<u8>, file: &str, wanted: &[String]) -> Result<Vec<Sheet>, DraftError> {
    let mut ods_merges =
        (bytes.starts_with(b"PK") && is_ods(&bytes)).then(|| super::ods::merges(&bytes));
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| failure(file, &e.to_string()))?;
    let names = book.sheet_names();
    for w in wanted {
        if !names.contains(w) {
            return Err(DraftError::NoSheet {
                file: file.into(),
                sheet: w.clone(),
                known: names.clone(),
            });
        }
    }
    let chosen: Vec<String> = (names.iter())
        .filter(|n| wanted.is_empty() || wanted.contains(n))
        .cloned()
        .collect();
    let mut out = Vec::with_capacity(chosen.len());
    for name in chosen {
        let fail = |e: String| failure(file, &e);
        let range = book
            .worksheet_range(&name)
            .map_err(|e| fail(e.to_string()))?;
        let (rows, cols) = match range.end() {
            Some((r, c)) => (r as usize + 1, c as usize + 1),
            None => (0, 0),
        };
        if rows > MAX_ROWS || cols > MAX_COLS {
            return Err(DraftError::SheetTooLarge {
                file: file.into(),
                sheet: name,
                rows,
                cols,
            });
        }
        // A formula range is read where the format has one; a failure leaves the values.
        let formulas = book.worksheet_formula(&name).ok();
        let merges = match &mut ods_merges {
            Some(all) => Some(all.remove(&name).unwrap_or_default()),
            None => merges(&mut book, &name),
        };
        out.push(sheet(&name, &range, formulas.as_ref(), merges));
    }
    Ok(out)
}

/// An OpenDocument zip names its type in its first part, `mimetype`.
fn is_ods(bytes: &[u8]) -> bool {
    bytes
        .get(30..120)
        .is_some_and(|head| head.windows(11).any(|w| w == b"opendocumen"))
}

fn failure(file: &str, why: &str) -> DraftError {
    if why.to_lowercase().contains("password") {
        DraftError::Protected { file: file.into() }
    } else {
        DraftError::Damaged { file: file.into() }
    }
}

/// The merged ranges calamine tells (.xlsx, .xls; .ods is read by [`super::ods`]).
fn merges<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Option<Vec<Merge>> {
    let dims = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).ok()?,
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).ok()?,
        _ => return None,
    };
    Some(
        dims.into_iter()
            .map(|d| Merge {
                r0: d.start.0 as usize,
                c0: d.start.1 as usize,
                r1: d.end.0 as usize,
                c1: d.end.1 as usize,
            })
            .filter(|m| m.r1 < MAX_ROWS && m.c1 < MAX_COLS && m.r0 <= m.r1 && m.c0 <= m.c1)
            .collect(),
    )
}

fn sheet(
    name: &str,
    range: &calamine::Range<Data>,
    formulas: Option<&calamine::Range<String>>,
    merges: Option<Vec<Merge>>,
) -> Sheet {
    let mut cells: std::collections::BTreeMap<(usize, usize), Cell> = Default::default();
    for (r, c, data) in range.used_cells() {
        let (r, c) = match range.start() {
            Some((r0, c0)) => (r + r0 as usize, c + c0 as usize),
            None => (r, c),
        };
        let value = match data {
            Data::Int(i) => Value::Number(*i as f64),
            Data::Float(f) => Value::Number(*f),
            Data::String(s) => Value::Text(super::cells::clean(s)),
            Data::Bool(_) | Data::Error(_) | Data::DurationIso(_) => Value::Text(data.to_string()),
            Data::DateTime(_) | Data::DateTimeIso(_) => Value::Date,
            Data::Empty => Value::Empty,
        };
        let value = match value {
            Value::Text(t) if t.is_empty() => Value::Empty,
            v => v,
        };
        cells.entry((r, c)).or_insert(Cell::EMPTY).value = value;
    }
    if let Some(f) = formulas {
        let (r0, c0) = f.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
        for (r, c, text) in f.used_cells() {
            let (r, c) = (r + r0, c + c0);
            if text.trim().is_empty() || r >= MAX_ROWS || c >= MAX_COLS {
                continue;
            }
            cells.entry((r, c)).or_insert(Cell::EMPTY).formula = Some(plain_formula(text));
        }
    }
    let knows = merges.is_some();
    let cells = cells
        .into_iter()
        .map(|((r, c), cell)| (r, c, cell))
        .collect();
    Sheet::new(name, cells, merges.unwrap_or_default(), knows)
}

/// A formula as Excel writes it, without `=`: ODS's `of:=SUM([.B5:.B6])` becomes `SUM(B5:B6)`.
fn plain_formula(text: &str) -> String {
    let t = text.trim();
    let t = t.strip_prefix("of:").unwrap_or(t);
    let t = t.strip_prefix('=').unwrap_or(t);
    t.replace("[.", "")
        .replace([']', '['], "")
        .replace(":.", ":")
}
