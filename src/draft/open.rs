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
    let bytes = read(path, &file)?;
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

fn read(path: &Path, file: &str) -> Result<Vec<u8>, DraftError> {
    let failed = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => DraftError::Missing { file: file.into() },
        _ => DraftError::Unreadable {
            file: file.into(),
            why: e.to_string(),
        },
    };
    if !std::fs::metadata(path).map_err(failed)?.is_file() {
        return Err(DraftError::NotAFile { file: file.into() });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(failed)?;
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
    let zipped = bytes.starts_with(b"PK");
    let ods = (zipped && is_ods(&bytes)).then(|| super::ods::scan(&bytes));
    // calamine reads every sheet of an .ods when it opens it: bound them all first.
    if let Some((name, &(rows, cols))) =
        (ods.iter().flat_map(|o| &o.extents)).find(|(_, (r, c))| *r > MAX_ROWS || *c > MAX_COLS)
    {
        return Err(too_large(file, name, rows, cols));
    }
    if !zipped {
        // calamine follows a compound file's sector chains as they say: a chain that returns
        // to its start would loop. The cfb crate refuses those; read every stream through it.
        xls_bounds(&bytes).map_err(|why| match why {
            Some((rows, cols)) => too_large(file, "", rows, cols),
            None => DraftError::Damaged { file: file.into() },
        })?;
    }
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
        let sheet = match &mut book {
            // An .xlsx sheet is streamed: a cell far away costs nothing, and a sheet past the
            // bounds stops at its first cell beyond them.
            Sheets::Xlsx(x) => {
                let cells = stream(x, &name).map_err(|e| match e {
                    Stream::Fail(e) => fail(e),
                    Stream::Beyond(rows, cols) => too_large(file, &name, rows, cols),
                })?;
                let merges = x.merge_cells_by_sheet_name(&name).ok().map(dims);
                Sheet::new(&name, cells, merges.unwrap_or_default(), true)
            }
            book => {
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| fail(e.to_string()))?;
                let (rows, cols) = match range.end() {
                    Some((r, c)) => (r as usize + 1, c as usize + 1),
                    None => (0, 0),
                };
                if rows > MAX_ROWS || cols > MAX_COLS {
                    return Err(too_large(file, &name, rows, cols));
                }
                // A formula range is read where the format has one; a failure leaves values.
                let formulas = book.worksheet_formula(&name).ok();
                let merges = match (&ods, &mut *book) {
                    (Some(o), _) => Some(o.merges.get(&name).cloned().unwrap_or_default()),
                    (None, Sheets::Xls(x)) => x.merge_cells_by_sheet_name(&name).ok().map(dims),
                    _ => None,
                };
                sheet(&name, &range, formulas.as_ref(), merges)
            }
        };
        out.push(sheet);
    }
    Ok(out)
}

fn too_large(file: &str, sheet: &str, rows: usize, cols: usize) -> DraftError {
    DraftError::SheetTooLarge {
        file: file.into(),
        sheet: sheet.into(),
        rows,
        cols,
    }
}

enum Stream {
    Fail(String),
    Beyond(usize, usize),
}

/// An .xlsx sheet's cells, streamed; past [`MAX_ROWS`] × [`MAX_COLS`], its extent.
fn stream(
    book: &mut calamine::Xlsx<Cursor<Vec<u8>>>,
    name: &str,
) -> Result<Vec<(usize, usize, Cell)>, Stream> {
    let mut reader =
        (book.worksheet_cells_reader(name)).map_err(|e| Stream::Fail(e.to_string()))?;
    let mut cells = Vec::new();
    let mut beyond: Option<(usize, usize)> = None;
    while let Some(cell) =
        (reader.next_cell_with_formula()).map_err(|e| Stream::Fail(e.to_string()))?
    {
        let (r, c) = (cell.pos.0 as usize, cell.pos.1 as usize);
        let data = Data::from(cell.value);
        if data == Data::Empty && cell.formula.is_none() {
            continue;
        }
        if r >= MAX_ROWS || c >= MAX_COLS || beyond.is_some() {
            // Read on without keeping cells, to name the sheet's true extent.
            let (rows, cols) = beyond.unwrap_or((0, 0));
            beyond = Some((rows.max(r + 1), cols.max(c + 1)));
            continue;
        }
        let formula = (cell.formula)
            .filter(|f| !f.trim().is_empty())
            .map(|f| plain_formula(&f));
        cells.push((
            r,
            c,
            Cell {
                value: value(&data),
                formula,
            },
        ));
    }
    match beyond {
        Some((rows, cols)) => Err(Stream::Beyond(rows, cols)),
        None => Ok(cells),
    }
}

/// Refuse an .xls whose compound file does not hold (`None`), or whose cells or DIMENSIONS
/// reach past the bounds (their extent): calamine reserves a dense range of that size.
fn xls_bounds(bytes: &[u8]) -> Result<(), Option<(usize, usize)>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| None)?;
    let streams: Vec<std::path::PathBuf> = (file.walk())
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_path_buf())
        .collect();
    for path in streams {
        let mut data = Vec::new();
        let stream = file.open_stream(&path).map_err(|_| None)?;
        stream
            .take(MAX_PART_BYTES)
            .read_to_end(&mut data)
            .map_err(|_| None)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if matches!(name.as_deref(), Some("Workbook" | "Book")) {
            biff_extent(&data)?;
        }
    }
    Ok(())
}

/// Walk BIFF records: a cell record (it begins with its row and column) or a DIMENSIONS
/// record past the bounds is refused. Every record is walked, so a sheet's offset needs none.
fn biff_extent(data: &[u8]) -> Result<(), Option<(usize, usize)>> {
    let mut at = 0;
    while at + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[at], data[at + 1]]);
        let len = usize::from(u16::from_le_bytes([data[at + 2], data[at + 3]]));
        let Some(body) = data.get(at + 4..at + 4 + len) else {
            break;
        };
        let u16_at = |i: usize| {
            body.get(i..i + 2)
                .map_or(0, |b| usize::from(u16::from_le_bytes([b[0], b[1]])))
        };
        let u32_at = |i: usize| {
            body.get(i..i + 4)
                .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        let (rows, cols) = match typ {
            0x0006 | 0x00BD | 0x00BE | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E
            | 0x00D6 => {
                let last = if matches!(typ, 0x00BD | 0x00BE) && len >= 6 {
                    u16_at(len - 2)
                } else {
                    0
                };
                (u16_at(0) + 1, u16_at(2).max(last) + 1)
            }
            // DIMENSIONS: calamine reserves (last row − first row) × (last col − first col).
            0x0200 => match len {
                10 => (u16_at(2), u16_at(6)),
                14 | 16 => (u32_at(4).max(u32_at(0)), u16_at(10).max(u16_at(8))),
                _ => (0, 0),
            },
            _ => (0, 0),
        };
        if rows > MAX_ROWS || cols > MAX_COLS {
            return Err(Some((rows, cols)));
        }
        at += 4 + len;
    }
    Ok(())
}

fn dims(dims: Vec<calamine::Dimensions>) -> Vec<Merge> {
    dims.into_iter()
        .map(|d| Merge {
            r0: d.start.0 as usize,
            c0: d.start.1 as usize,
            r1: d.end.0 as usize,
            c1: d.end.1 as usize,
        })
        .filter(|m| m.r1 < MAX_ROWS && m.c1 < MAX_COLS && m.r0 <= m.r1 && m.c0 <= m.c1)
        .collect()
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
        let value = value(data);
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

/// A cell's value as the drafter tells them: numbers, text, dates, nothing.
fn value(data: &Data) -> Value {
    let v = match data {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(super::cells::clean(s)),
        Data::Bool(_) | Data::Error(_) | Data::DurationIso(_) => Value::Text(data.to_string()),
        Data::DateTime(_) | Data::DateTimeIso(_) => Value::Date,
        Data::Empty => Value::Empty,
    };
    match v {
        Value::Text(t) if t.is_empty() => Value::Empty,
        v => v,
    }
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
