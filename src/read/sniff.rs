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
pub enum Kind {
    Xlsx,
    Xlsb,
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
    /// Neither a spreadsheet nor text.
    Unknown,
}

const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decide what `bytes` are. `csv_name` says the file is named .csv (text is then read as CSV).
pub fn sniff(bytes: &[u8], csv_name: bool, limits: &Limits) -> Kind {
    if bytes.is_empty() {
        return Kind::Refused(Refusal::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Kind::Refused(Refusal::TooLarge {
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
            return Kind::Refused(Refusal::Encrypted);
        }
        if contains(bytes, &utf16("WordDocument")) {
            return Kind::Refused(Refusal::Other("Word (.doc)"));
        }
        return Kind::Xls;
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
            return Kind::Refused(Refusal::Other(what));
        }
    }
    if csv_name && looks_like_text(bytes) {
        return Kind::Csv;
    }
    Kind::Refused(Refusal::Unknown)
}

fn sniff_zip(bytes: &[u8], limits: &Limits) -> Kind {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => return Kind::Refused(Refusal::BrokenZip(e.to_string())),
    };
    if archive.len() > limits.max_parts {
        return Kind::Refused(Refusal::Bomb {
            declared: archive.len() as u64,
            limit: limits.max_parts as u64,
        });
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let file = match archive.by_index_raw(i) {
            Ok(f) => f,
            Err(e) => return Kind::Refused(Refusal::BrokenZip(e.to_string())),
        };
        if file.encrypted() {
            return Kind::Refused(Refusal::Encrypted);
        }
        let size = file.size();
        if size > limits.max_part_bytes {
            return Kind::Refused(Refusal::Bomb {
                declared: size,
                limit: limits.max_part_bytes,
            });
        }
        total = total.saturating_add(size);
        if total > limits.max_total_bytes {
            return Kind::Refused(Refusal::Bomb {
                declared: total,
                limit: limits.max_total_bytes,
            });
        }
        names.push(file.name().map(|n| n.to_string()).unwrap_or_default());
    }
    // Office XML parts never declare a DTD; one that does is hostile (entity expansion). The
    // declaration must precede the root element, so the head of each part is enough.
    for i in 0..archive.len() {
        let Ok(mut file) = archive.by_index(i) else {
            continue;
        };
        let name = file
            .name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut head = Vec::with_capacity(4096);
        if std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, 4096), &mut head).is_ok()
            && (contains(&head, b"<!DOCTYPE") || contains(&head, b"<!ENTITY"))
        {
            return Kind::Refused(Refusal::XmlEntities);
        }
    }
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("xl/workbook.xml") {
        Kind::Xlsx
    } else if has("xl/workbook.bin") {
        Kind::Xlsb
    } else if has("content.xml") && has("mimetype") {
        Kind::Ods
    } else if has("word/document.xml") {
        Kind::Refused(Refusal::Other("Word (.docx)"))
    } else if has("ppt/presentation.xml") {
        Kind::Refused(Refusal::Other("PowerPoint (.pptx)"))
    } else {
        Kind::Refused(Refusal::Other("zip"))
    }
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
    fn refuses_what_is_not_a_workbook() {
        let l = Limits::default();
        assert_eq!(sniff(b"", false, &l), Kind::Refused(Refusal::Empty));
        assert_eq!(
            sniff(b"%PDF-1.7 ...", false, &l),
            Kind::Refused(Refusal::Other("PDF"))
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n", false, &l),
            Kind::Refused(Refusal::Other("PNG"))
        );
        assert!(matches!(
            sniff(b"PK\x03\x04truncated", false, &l),
            Kind::Refused(Refusal::BrokenZip(_))
        ));
        assert_eq!(sniff(b"a,b\n1,2\n", true, &l), Kind::Csv);
        assert_eq!(
            sniff(b"a,b\n1,2\n", false, &l),
            Kind::Refused(Refusal::Unknown)
        );
        let small = Limits {
            max_file_bytes: 4,
            ..Limits::default()
        };
        assert!(matches!(
            sniff(b"12345", true, &small),
            Kind::Refused(Refusal::TooLarge { .. })
        ));
    }
}
