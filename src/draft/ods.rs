//! The merged ranges of an OpenDocument spreadsheet, which calamine does not give: a cell's
//! `table:number-columns-spanned` / `table:number-rows-spanned` in `content.xml`, at the
//! position its rows and cells (each possibly `…-repeated`) put it. A scan of the tags, not a
//! full XML parser: what it cannot read leaves a sheet without merges, read as .ods was before.

use super::cells::Merge;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Largest `content.xml` scanned.
const MAX_CONTENT: u64 = 100 * 1024 * 1024;

/// What content.xml says of each sheet, by its name.
#[derive(Debug, Default)]
pub struct Scan {
    pub merges: HashMap<String, Vec<Merge>>,
    /// The rows and columns its valued cells reach (calamine materialises every repeated cell
    /// that holds a value: `number-columns-repeated="16384"` on a filled cell is 16,384 cells).
    pub extents: HashMap<String, (usize, usize)>,
}

pub fn scan(bytes: &[u8]) -> Scan {
    let mut out = Scan::default();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Ok(file) = zip.by_name("content.xml") else {
        return out;
    };
    let mut xml = String::new();
    if file.take(MAX_CONTENT).read_to_string(&mut xml).is_err() {
        return out;
    }
    let mut sheet: Option<String> = None;
    let (mut row, mut col, mut times_down) = (0usize, 0usize, 1usize);
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end.min(rest.len())..];
        let (closing, open) = match tag.strip_prefix('/') {
            Some(t) => (true, t),
            None => (false, tag),
        };
        let word = open
            .split([' ', '/', '\n', '\t', '\r'])
            .next()
            .unwrap_or("");
        let name = match (closing, word) {
            (true, "table:table") => "/table:table",
            (true, "table:table-row") => "/table:table-row",
            (true, _) => "",
            (false, w) => w,
        };
        let repeated = |key: &str| attr(tag, key).and_then(|v| v.parse::<usize>().ok());
        match name {
            "table:table" => {
                sheet = attr(tag, "table:name").map(unescape);
                row = 0;
            }
            "/table:table" => sheet = None,
            "table:table-row" => {
                col = 0;
                times_down = repeated("table:number-rows-repeated").unwrap_or(1);
                // A self-closing row (`<table:table-row …/>`) ends where it starts.
                if tag.ends_with('/') {
                    row = row.saturating_add(times_down);
                }
            }
            "/table:table-row" => row = row.saturating_add(times_down),
            "table:table-cell" | "table:covered-table-cell" => {
                let times = repeated("table:number-columns-repeated").unwrap_or(1);
                let across = repeated("table:number-columns-spanned").unwrap_or(1);
                let down = repeated("table:number-rows-spanned").unwrap_or(1);
                if let Some(s) = &sheet
                    && tag.contains("office:value-type")
                {
                    let extent = out.extents.entry(s.clone()).or_insert((0, 0));
                    extent.0 = extent.0.max(row.saturating_add(times_down));
                    extent.1 = extent.1.max(col.saturating_add(times));
                }
                if let Some(s) = &sheet
                    && name == "table:table-cell"
                    && (across > 1 || down > 1)
                {
                    out.merges.entry(s.clone()).or_default().push(Merge {
                        r0: row,
                        c0: col,
                        r1: row.saturating_add(down - 1),
                        c1: col.saturating_add(across - 1),
                    });
                }
                col = col.saturating_add(times);
            }
            _ => {}
        }
    }
    out
}

fn attr<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {key}=\""))? + key.len() + 3;
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
