//! Cell references: A1 addresses, column names and sheet references, as thin wrappers over
//! `rust_xlsxwriter::utility` (the writer's own codec, so what is written and what is named
//! agree).

use rust_xlsxwriter::utility::{
    column_name_to_number, column_number_to_name, row_col_to_cell, row_col_to_cell_absolute,
};

/// The most columns and rows a worksheet has.
const COLUMNS: u32 = 16_384;
const ROWS: u32 = 1_048_576;

/// A1 address of a 0-based cell, e.g. `(4, 2)` → `C5`.
pub fn a1(row: u32, col: u16) -> String {
    row_col_to_cell(row, col)
}

/// Absolute A1 address (`$C$5`).
pub fn a1_abs(row: u32, col: u16) -> String {
    row_col_to_cell_absolute(row, col)
}

/// A column's letters (`0` → `A`, `26` → `AA`).
pub fn column_name(col: u16) -> String {
    column_number_to_name(col)
}

/// Parse `C5` / `$C$5` (any case) into a 0-based (row, col); `None` for anything else or a
/// cell outside a worksheet.
pub fn parse_a1(text: &str) -> Option<(u32, u16)> {
    let t = text.trim().replace('$', "").to_ascii_uppercase();
    let split = t.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = t.split_at(split);
    // Three letters at most (XFD is the last column), so the number never overflows.
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = u32::from(column_name_to_number(letters));
    let row: u32 = digits.parse().ok()?;
    if row == 0 || col >= COLUMNS || row > ROWS {
        return None;
    }
    Some((row - 1, col as u16))
}

/// A sheet reference in a formula: `'実績'!$C$5`.
pub fn sheet_ref(sheet: &str, row: u32, col: u16) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), a1_abs(row, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_round_trips() {
        for (r, c, s) in [
            (0, 0, "A1"),
            (4, 2, "C5"),
            (9, 25, "Z10"),
            (0, 26, "AA1"),
            (99, 701, "ZZ100"),
            (1_048_575, 16_383, "XFD1048576"),
        ] {
            assert_eq!(a1(r, c), s);
            assert_eq!(parse_a1(s), Some((r, c)));
        }
        assert_eq!(parse_a1("$C$5"), Some((4, 2)));
        assert_eq!(parse_a1("c5"), Some((4, 2)));
        assert_eq!(a1_abs(4, 2), "$C$5");
        assert_eq!(column_name(27), "AB");
        for bad in ["C0", "5C", "", "C", "XFE1", "A1048577", "ＡＢ1", "AAAA1"] {
            assert_eq!(parse_a1(bad), None, "{bad}");
        }
        assert_eq!(sheet_ref("実績", 4, 2), "'実績'!$C$5");
        assert_eq!(sheet_ref("a'b", 0, 0), "'a''b'!$A$1");
    }

    /// Every cell of a worksheet's corners and a spread between them: written, then read,
    /// it is the same cell.
    #[test]
    fn every_address_reads_back_as_its_cell() {
        let rows = (0..ROWS).step_by(9_973).chain([ROWS - 1]);
        for row in rows {
            for col in (0..COLUMNS as u16).step_by(97).chain([COLUMNS as u16 - 1]) {
                assert_eq!(parse_a1(&a1(row, col)), Some((row, col)));
                assert_eq!(parse_a1(&a1_abs(row, col)), Some((row, col)));
            }
        }
    }
}
