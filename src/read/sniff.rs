//! What a file really is, decided from its bytes (not its name), and whether it is safe to open.
//!
//! A clerk's folder holds whatever arrived by mail: a PDF renamed .xlsx, an encrypted workbook,
//! a zip bomb. Every such file must become one clear finding, before any parser inflates it. For
//! zip-based formats the central directory is read first and every part's declared size checked
//! against [`Limits`]; the zip reader then refuses to inflate a part past its declared size, so a
//! lying header cannot get around the limit either.

use std::io::Cursor;

/// Bounds that make hangs and memory blow-ups impossible. The defaults are far above any real
/// submission (a filled template is about 30 KB, its largest part about 200 KB).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input file read at all.
    pub max_file_bytes: u64,
    /// Largest decompressed part (one sheet's XML) of a zip-based workbook.
    pub max_part_bytes: u64,
    /// Largest decompressed size of all parts together.
    pub max_total_bytes: u64,
    /// Most parts in one archive.
    pub max_parts: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_part_bytes: 100 * 1024 * 1024,
            max_total_bytes: 200 * 1024 * 1024,
            max_parts: 10_000,
        }
    }
}

/// What the bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    Xlsx,
    Ods,
    Xls,
    Csv,
    /// Not something we read; the reason names what it is.
    Refused(Refusal),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// A password-protected (encrypted) workbook.
    Encrypted,
    /// A known non-spreadsheet format: PDF, PNG, JPEG, Word…
    Other(&'static str),
    /// A zip whose parts would expand past the limits.
    Bomb {
        declared: u64,
        limit: u64,
    },
    /// A zip that cannot be read (truncated, corrupt).
    BrokenZip(String),
    /// XML with a document type declaration (entities): never written by Excel or LibreOffice,
    /// and the vehicle of entity-expansion attacks.
    XmlEntities,
    /// An .xls whose compound-file structure is inconsistent (sector chains that loop or
    /// overlap): parsers that trust it loop forever or exhaust memory.
    BrokenCfb(String),
    /// An .xls declaring a sheet of this many cells, far beyond any submission.
    HugeSheet {
        cells: u64,
        limit: u64,
    },
    /// A spreadsheet format we do not take.
    Unsupported(&'static str),
    /// Neither a spreadsheet nor text.
    Unknown,
}

const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decide what `bytes` are. `csv_name` says the file is named .csv (text is then read as CSV).
pub fn sniff(bytes: &[u8], csv_name: bool, limits: &Limits) -> FileKind {
    if bytes.is_empty() {
        return FileKind::Refused(Refusal::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return FileKind::Refused(Refusal::TooLarge {
            bytes: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes, limits);
    }
    if bytes.starts_with(CFB) {
        // Encrypted OOXML is a compound file holding EncryptionInfo / EncryptedPackage streams
        // (their names are UTF-16 in the directory).
        let utf16 = |s: &str| {
            s.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>()
        };
        if contains(bytes, &utf16("EncryptedPackage")) || contains(bytes, &utf16("EncryptionInfo"))
        {
            return FileKind::Refused(Refusal::Encrypted);
        }
        if contains(bytes, &utf16("WordDocument")) {
            return FileKind::Refused(Refusal::Other("Word (.doc)"));
        }
        return match check_cfb(bytes, limits) {
            Ok(()) => FileKind::Xls,
            Err(why) => FileKind::Refused(why),
        };
    }
    for (magic, what) in [
        (&b"%PDF"[..], "PDF"),
        (&b"\x89PNG"[..], "PNG"),
        (&b"\xFF\xD8\xFF"[..], "JPEG"),
        (&b"GIF8"[..], "GIF"),
        (&b"Rar!"[..], "RAR"),
        (&b"7z\xBC\xAF"[..], "7-Zip"),
        (&b"{\\rtf"[..], "RTF"),
    ] {
        if bytes.starts_with(magic) {
            return FileKind::Refused(Refusal::Other(what));
        }
    }
    if csv_name && looks_like_text(bytes) {
        return FileKind::Csv;
    }
    FileKind::Refused(Refusal::Unknown)
}

fn sniff_zip(bytes: &[u8], limits: &Limits) -> FileKind {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => return FileKind::Refused(Refusal::BrokenZip(e.to_string())),
    };
    if archive.len() > limits.max_parts {
        return FileKind::Refused(Refusal::Bomb {
            declared: archive.len() as u64,
            limit: limits.max_parts as u64,
        });
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let file = match archive.by_index_raw(i) {
            Ok(f) => f,
            Err(e) => return FileKind::Refused(Refusal::BrokenZip(e.to_string())),
        };
        if file.encrypted() {
            return FileKind::Refused(Refusal::Encrypted);
        }
        let size = file.size();
        if size > limits.max_part_bytes {
            return FileKind::Refused(Refusal::Bomb {
                declared: size,
                limit: limits.max_part_bytes,
            });
        }
        total = total.saturating_add(size);
        if total > limits.max_total_bytes {
            return FileKind::Refused(Refusal::Bomb {
                declared: total,
                limit: limits.max_total_bytes,
            });
        }
        names.push(file.name().map(|n| n.to_string()).unwrap_or_default());
    }
    // Office XML parts never declare a DTD; one that does is hostile (entity expansion). The
    // declaration must precede the root element, so the head of each part is enough. The
    // document properties, which no reader parses, are not looked at.
    for i in 0..archive.len() {
        let Ok(mut file) = archive.by_index(i) else {
            continue;
        };
        if !file.name().is_ok_and(|n| parsed_part(&n)) {
            continue;
        }
        let mut head = Vec::with_capacity(4096);
        if std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, 4096), &mut head).is_ok()
            && (contains(&head, b"<!DOCTYPE") || contains(&head, b"<!ENTITY"))
        {
            return FileKind::Refused(Refusal::XmlEntities);
        }
    }
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("xl/workbook.xml") {
        FileKind::Xlsx
    } else if has("xl/workbook.bin") {
        // Binary workbooks are not a submission format; calamine would also build their
        // sheets densely from unbounded cell positions.
        FileKind::Refused(Refusal::Unsupported(".xlsb"))
    } else if has("content.xml") && has("mimetype") {
        match ods_extent(&mut archive, limits) {
            Ok(()) => FileKind::Ods,
            Err(why) => FileKind::Refused(why),
        }
    } else if has("word/document.xml") {
        FileKind::Refused(Refusal::Other("Word (.docx)"))
    } else if has("ppt/presentation.xml") {
        FileKind::Refused(Refusal::Other("PowerPoint (.pptx)"))
    } else {
        FileKind::Refused(Refusal::Other("zip"))
    }
}

/// Whether a reader may parse this part of an archive: every XML part but the document
/// properties and custom XML, which no reader opens. (calamine parses the package's
/// relationships, the theme and an .ods's manifest too, and finds parts by their relationships,
/// without case and with `\` as `/`: so no folder of the workbook's own is trusted.)
fn parsed_part(name: &str) -> bool {
    let name = name.to_ascii_lowercase().replace('\\', "/");
    let name = name.trim_start_matches('/');
    (name.ends_with(".xml") || name.ends_with(".rels"))
        && !name.starts_with("docprops/")
        && !name.starts_with("customxml/")
}

/// Most cells an .xls or .ods sheet may span: the parser builds a dense range of them all. A
/// filled template spans about 1,500.
const MAX_XLS_CELLS: u64 = 2_000_000;

/// Validate an .xls compound file with the `cfb` crate before calamine reads it: cfb refuses
/// sectors pointed to twice and chains that return to their start, which is what makes a
/// trusting reader loop (found by fuzzing). Then scan the workbook stream's DIMENSIONS records.
fn check_cfb(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let broken = |e: std::io::Error| Refusal::BrokenCfb(e.to_string());
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(broken)?;
    let streams: Vec<std::path::PathBuf> = file
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_path_buf())
        .collect();
    for path in streams {
        let mut stream = file.open_stream(&path).map_err(broken)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "Workbook" || name == "Book" {
            let mut data = Vec::new();
            std::io::Read::read_to_end(
                &mut std::io::Read::take(&mut stream, limits.max_part_bytes),
                &mut data,
            )
            .map_err(broken)?;
            // calamine reads the globals from the start of the stream and each sheet from the
            // offset its BoundSheet record gives: scan the same ways (a fuzzed offset that lands
            // mid-record makes different records of the same bytes).
            let sheets = scan_records(&data, 0)?;
            let mut seen = std::collections::BTreeSet::new();
            for pos in sheets.into_iter().filter(|&p| p < data.len()).take(64) {
                if seen.insert(pos) {
                    scan_records(&data, pos)?;
                }
            }
        }
    }
    Ok(())
}

/// Bound what an .ods expands to: rows and cells may carry `number-rows-repeated` /
/// `number-columns-repeated`, and calamine materialises every repeated cell that has a value
/// (a 37 KB file took 1.3 GB). Walk content.xml's table rows and cells and refuse a sheet whose
/// valued cells span more than [`MAX_XLS_CELLS`].
fn ods_extent(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<(), Refusal> {
    let broken = |e: String| Refusal::BrokenZip(e);
    let file = archive
        .by_name("content.xml")
        .map_err(|e| broken(e.to_string()))?;
    let mut xml = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, limits.max_part_bytes),
        &mut xml,
    )
    .map_err(|e| broken(e.to_string()))?;
    let attr = |tag: &[u8], name: &[u8]| -> Option<u64> {
        let at = tag.windows(name.len()).position(|w| w == name)? + name.len();
        let rest = &tag[at..];
        let rest = rest.strip_prefix(b"=\"")?;
        let end = rest.iter().position(|&b| b == b'"')?;
        std::str::from_utf8(&rest[..end]).ok()?.parse().ok()
    };
    let (mut row, mut col, mut row_repeat) = (0u64, 0u64, 1u64);
    let (mut max_row, mut max_col) = (0u64, 0u64);
    let mut i = 0;
    while let Some(off) = xml[i..].iter().position(|&b| b == b'<') {
        let start = i + off;
        let end = match xml[start..].iter().position(|&b| b == b'>') {
            Some(e) => start + e,
            None => break,
        };
        let tag = &xml[start + 1..end];
        if tag.starts_with(b"table:table ") || tag == b"table:table" {
            (row, max_row, max_col) = (0, 0, 0);
        } else if tag.starts_with(b"table:table-row") && !tag.starts_with(b"table:table-rows") {
            col = 0;
            row_repeat = attr(tag, b"table:number-rows-repeated").unwrap_or(1).max(1);
            if tag.ends_with(b"/") {
                row = row.saturating_add(row_repeat);
            }
        } else if tag.starts_with(b"/table:table-row") && !tag.starts_with(b"/table:table-rows") {
            row = row.saturating_add(row_repeat);
        } else if tag.starts_with(b"table:table-cell")
            || tag.starts_with(b"table:covered-table-cell")
        {
            let repeat = attr(tag, b"table:number-columns-repeated")
                .unwrap_or(1)
                .max(1);
            if contains(tag, b"office:value-type") {
                max_col = max_col.max(col.saturating_add(repeat));
                max_row = max_row.max(row.saturating_add(row_repeat));
                let cells = max_row.saturating_mul(max_col);
                if cells > MAX_XLS_CELLS {
                    return Err(Refusal::HugeSheet {
                        cells,
                        limit: MAX_XLS_CELLS,
                    });
                }
            }
            col = col.saturating_add(repeat);
        }
        i = end + 1;
    }
    Ok(())
}

/// Walk BIFF records from `from` as calamine's RecordIter does, refusing a sheet whose
/// DIMENSIONS or cell records span more than [`MAX_XLS_CELLS`]; returns the sheet offsets of
/// the BoundSheet records met.
fn scan_records(data: &[u8], from: usize) -> Result<Vec<usize>, Refusal> {
    let huge = |cells: u64| {
        Err(Refusal::HugeSheet {
            cells,
            limit: MAX_XLS_CELLS,
        })
    };
    let mut sheets = Vec::new();
    // Cell records (FORMULA, MULRK, MULBLANK, LABELSST, BLANK, NUMBER, LABEL, BOOLERR, RK,
    // RSTRING) begin with their row and column: calamine's range spans the farthest one.
    let (mut max_row, mut max_col) = (0u64, 0u64);
    let mut at = from;
    while at + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[at], data[at + 1]]);
        let len = usize::from(u16::from_le_bytes([data[at + 2], data[at + 3]]));
        if at + 4 + len > data.len() {
            break;
        }
        let body = &data[at + 4..at + 4 + len];
        match typ {
            0x0006 | 0x00BD | 0x00BE | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E
            | 0x00D6
                if body.len() >= 4 =>
            {
                let row = u64::from(u16::from_le_bytes([body[0], body[1]]));
                let mut col = u64::from(u16::from_le_bytes([body[2], body[3]]));
                if matches!(typ, 0x00BD | 0x00BE) && body.len() >= 6 {
                    let n = body.len();
                    col = col.max(u64::from(u16::from_le_bytes([body[n - 2], body[n - 1]])));
                }
                max_row = max_row.max(row);
                max_col = max_col.max(col);
                let cells = (max_row + 1).saturating_mul(max_col + 1);
                if cells > MAX_XLS_CELLS {
                    return huge(cells);
                }
            }
            0x0200 => {
                let cells = dimensions_cells(body);
                if cells > MAX_XLS_CELLS {
                    return huge(cells);
                }
            }
            0x0085 if body.len() >= 4 => {
                sheets.push(u32::from_le_bytes([body[0], body[1], body[2], body[3]]) as usize);
            }
            _ => {}
        }
        at += 4 + len;
    }
    Ok(sheets)
}

/// The cells calamine reserves for a DIMENSIONS record, computed as calamine does (its u32
/// arithmetic wraps when the first row exceeds the last, which a fuzzed file used to ask for
/// petabytes).
fn dimensions_cells(body: &[u8]) -> u64 {
    let u16_at = |i: usize| {
        body.get(i..i + 2)
            .map_or(0, |b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |i: usize| {
        body.get(i..i + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let (rf, rl, mut cf, cl) = match body.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return 1;
    }
    let rows = u64::from((rl - 1).wrapping_sub(rf).wrapping_add(1));
    let cols = u64::from((cl - 1).wrapping_sub(cf).wrapping_add(1));
    rows.saturating_mul(cols)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Text (UTF-8 or CP932) has no NUL bytes and few control characters.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    !head.contains(&0)
        && head
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
            .count()
            * 100
            <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dtd_guard_reads_every_part_a_reader_may_parse() {
        for part in [
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/theme/theme1.xml",
            "XL\\Worksheets\\Sheet1.xml",
            "/x/s1.xml",
            "META-INF/manifest.xml",
            "content.xml",
        ] {
            assert!(parsed_part(part), "{part}");
        }
        for part in [
            "docProps/app.xml",
            "docProps/core.xml",
            "customXml/item1.xml",
            "xl/media/a.png",
        ] {
            assert!(!parsed_part(part), "{part}");
        }
        // A workbook whose package relationships declare entities is refused.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default();
        for (name, text) in [
            ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook/>"),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"b\">]><r/>",
            ),
        ] {
            zip.start_file(name, deflated).expect("part");
            std::io::Write::write_all(&mut zip, text.as_bytes()).expect("write");
        }
        let bytes = zip.finish().expect("zip").into_inner();
        let l = Limits::default();
        assert_eq!(
            sniff(&bytes, false, &l),
            FileKind::Refused(Refusal::XmlEntities)
        );
    }

    #[test]
    fn refuses_what_is_not_a_workbook() {
        let l = Limits::default();
        assert_eq!(sniff(b"", false, &l), FileKind::Refused(Refusal::Empty));
        assert_eq!(
            sniff(b"%PDF-1.7 ...", false, &l),
            FileKind::Refused(Refusal::Other("PDF"))
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n", false, &l),
            FileKind::Refused(Refusal::Other("PNG"))
        );
        assert!(matches!(
            sniff(b"PK\x03\x04truncated", false, &l),
            FileKind::Refused(Refusal::BrokenZip(_))
        ));
        assert_eq!(sniff(b"a,b\n1,2\n", true, &l), FileKind::Csv);
        assert_eq!(
            sniff(b"a,b\n1,2\n", false, &l),
            FileKind::Refused(Refusal::Unknown)
        );
        let small = Limits {
            max_file_bytes: 4,
            ..Limits::default()
        };
        assert!(matches!(
            sniff(b"12345", true, &small),
            FileKind::Refused(Refusal::TooLarge { .. })
        ));
    }

    #[test]
    fn dimensions_are_counted_as_calamine_counts_them() {
        let rec = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut b = Vec::new();
            b.extend(rf.to_le_bytes());
            b.extend(rl.to_le_bytes());
            b.extend(cf.to_le_bytes());
            b.extend(cl.to_le_bytes());
            b.extend([0, 0]);
            b
        };
        assert_eq!(dimensions_cells(&rec(0, 100, 0, 12)), 1200);
        // First row past the last: calamine's u32 subtraction wraps to ~4 billion rows.
        assert!(dimensions_cells(&rec(10, 5, 0, 200)) > MAX_XLS_CELLS);
        assert_eq!(dimensions_cells(&rec(0, 0, 0, 0)), 1);
    }
}
