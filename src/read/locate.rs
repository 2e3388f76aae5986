//! Finding a form's tables in a center's file laid out as the city's own workbook, by their
//! labels, as Excel's 統合 (Consolidate) does: each table by its corner label near where the
//! form records it, its columns by their header labels left to right, its rows by their side
//! labels top to bottom. A center that inserted rows above a table, added a spacer row or
//! column, or moved a block is read cell for cell; a label renamed or deleted is a miss naming
//! the label expected.
//!
//! Pure: the sheet comes in as its text cells, the cells of the form's items go out.

use crate::form::{Axis, Form, Table};
use crate::grid::a1;
use crate::i18n::Text;
use std::collections::{HashMap, HashSet};

/// Rows a center may add between two rows of a table (spacers, a note), and columns between
/// two columns, before a label further down is taken as missing.
const ROW_GAP: u32 = 10;
const COLUMN_GAP: u16 = 5;
/// Places tried for a table's corner, nearest the recorded one first.
const CANDIDATES: usize = 12;

/// A sheet's cells as the locator sees them: the text of each text cell (normalized: NFKC,
/// no spaces) and which cells hold anything at all.
#[derive(Debug, Default)]
pub struct Cells {
    text: HashMap<(u32, u16), String>,
    by_text: HashMap<String, Vec<(u32, u16)>>,
    filled: HashSet<(u32, u16)>,
}

impl Cells {
    /// Note a cell: its text when it is text, else only that it is filled.
    pub fn add(&mut self, row: u32, col: u16, text: Option<&str>) {
        self.filled.insert((row, col));
        if let Some(t) = text {
            let t = norm(t);
            if !t.is_empty() {
                self.by_text.entry(t.clone()).or_default().push((row, col));
                self.text.insert((row, col), t);
            }
        }
    }

    fn text(&self, row: u32, col: u16) -> Option<&str> {
        self.text.get(&(row, col)).map(String::as_str)
    }

    fn is(&self, row: u32, col: u16, label: &str) -> bool {
        self.text(row, col) == Some(label)
    }

    pub fn filled(&self, row: u32, col: u16) -> bool {
        self.filled.contains(&(row, col))
    }

    fn cells_reading(&self, label: &str) -> &[(u32, u16)] {
        self.by_text.get(label).map_or(&[], Vec::as_slice)
    }

    /// The cells whose text is what `label` says, after normalizing.
    pub fn find(&self, label: &str) -> &[(u32, u16)] {
        self.cells_reading(&norm(label))
    }

    /// The texts of the sheet, top to bottom.
    pub fn texts(&self) -> Vec<((u32, u16), &str)> {
        let mut all: Vec<_> = self.text.iter().map(|(&k, v)| (k, v.as_str())).collect();
        all.sort_unstable_by_key(|&(k, _)| k);
        all
    }
}

/// A label as compared: NFKC, without spaces (全角 and 半角, 「計 」 and 「計」 alike).
pub fn norm(text: &str) -> String {
    crate::names::nfkc(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// What was found on a sheet.
#[derive(Debug, Default)]
pub struct Found {
    /// Each item found: its cell.
    pub items: Vec<(usize, u32, u16)>,
    /// What was not found (or cannot be read), at the cell where it was expected.
    pub misses: Vec<Miss>,
    pub tables: usize,
}

#[derive(Debug)]
pub struct Miss {
    pub at: Option<(u32, u16)>,
    pub text: Text,
}

/// Where a table was found: its corner, and the sheet row of each row and column of each
/// column (none where its label was not found).
struct Placed {
    corner: (u32, u16),
    rows: Vec<Option<u32>>,
    columns: Vec<Option<u16>>,
}

impl Placed {
    fn score(&self) -> usize {
        self.rows.iter().flatten().count() + self.columns.iter().flatten().count()
    }
    fn complete(&self) -> bool {
        self.rows.iter().all(Option::is_some) && self.columns.iter().all(Option::is_some)
    }
}

/// Find the tables of `form` recorded on `sheet` (the sheet of the center's file is `cells`).
pub fn tables(form: &Form, sheet: &str, cells: &Cells) -> Found {
    let mut found = Found::default();
    let mut shift = (0i64, 0i64);
    let mut used: HashSet<(u32, u16)> = HashSet::new();
    for (t, table) in form.tables.iter().enumerate() {
        let Some(own) = table.own.as_ref().filter(|o| o.sheet == sheet) else {
            continue;
        };
        let expected = moved(own.corner, shift);
        let Some(placed) = place(table, expected, cells, &used) else {
            found.misses.push(Miss {
                at: None,
                text: missing_table(form, t),
            });
            continue;
        };
        found.tables += 1;
        used.insert(placed.corner);
        shift = (
            i64::from(placed.corner.0) - i64::from(own.corner.0),
            i64::from(placed.corner.1) - i64::from(own.corner.1),
        );
        misses(form, t, &placed, &mut found.misses);
        for (r, items) in table.items.iter().enumerate() {
            for (c, &item) in items.iter().enumerate() {
                if let (Some(Some(row)), Some(Some(col))) =
                    (placed.rows.get(r), placed.columns.get(c))
                {
                    found.items.push((item, *row, *col));
                }
            }
        }
        if table.has_lines() {
            list_rest(form, t, &placed, cells, &mut found);
        }
    }
    found
}

fn moved(at: (u32, u16), (dr, dc): (i64, i64)) -> (u32, u16) {
    let row = (i64::from(at.0) + dr).clamp(0, i64::from(u32::MAX));
    let col = (i64::from(at.1) + dc).clamp(0, i64::from(u16::MAX));
    (row as u32, col as u16)
}

/// The table's place: the candidate corner (a cell reading its corner label) nearest where it
/// is expected whose labels all match, else the one matching most.
fn place(
    table: &Table,
    expected: (u32, u16),
    cells: &Cells,
    used: &HashSet<(u32, u16)>,
) -> Option<Placed> {
    let own = table.own.as_ref()?;
    let corner = norm(&table.corner);
    let mut candidates: Vec<(u32, u16)> = if corner.is_empty() {
        vec![expected]
    } else {
        (cells.cells_reading(&corner).iter())
            .filter(|c| !used.contains(c))
            .copied()
            .collect()
    };
    let distance = |&(r, c): &(u32, u16)| {
        u64::from(r.abs_diff(expected.0)) + u64::from(c.abs_diff(expected.1))
    };
    candidates.sort_by_key(distance);
    let mut best: Option<Placed> = None;
    for at in candidates.into_iter().take(CANDIDATES) {
        let header = own.body.0 - own.corner.0;
        let labels = own.body.1 - own.corner.1;
        let placed = Placed {
            corner: at,
            columns: columns(table, at, header, labels, cells),
            rows: rows(table, at, header, labels, cells),
        };
        if placed.complete() {
            return Some(placed);
        }
        if best.as_ref().is_none_or(|b| placed.score() > b.score()) {
            best = Some(placed);
        }
    }
    best.filter(|b| b.columns.iter().any(Option::is_some) || table.columns.is_empty())
}

/// The sheet column of each of the table's columns, matched left to right in its header rows.
fn columns(
    table: &Table,
    corner: (u32, u16),
    header: u32,
    labels: u16,
    cells: &Cells,
) -> Vec<Option<u16>> {
    let header_rows = corner.0..corner.0 + header.max(1);
    let first = corner.1 + labels;
    let mut next = first;
    let mut out = Vec::with_capacity(table.columns.len());
    for axis in &table.columns {
        let levels: Vec<String> = axis.label.iter().map(|l| norm(l)).collect();
        let hit = (next..=next.saturating_add(COLUMN_GAP)).find(|&c| {
            let Some((leaf, outer)) = levels.split_last() else {
                return false;
            };
            header_rows.clone().any(|r| cells.is(r, c, leaf))
                && outer.iter().enumerate().all(|(k, label)| {
                    let row = corner.0 + k as u32;
                    (first..=c).rev().find_map(|cc| cells.text(row, cc)) == Some(label.as_str())
                })
        });
        if let Some(c) = hit {
            next = c + 1;
        }
        out.push(hit);
    }
    out
}

/// The sheet row of each of the table's rows: a list's numbered slots follow its header; other
/// rows are matched top to bottom in its label columns (a row table's one row, when its label
/// is not written, is the row under the header).
fn rows(
    table: &Table,
    corner: (u32, u16),
    header: u32,
    labels: u16,
    cells: &Cells,
) -> Vec<Option<u32>> {
    let first = corner.0 + header;
    if table.has_lines() {
        return (0..table.items.len() as u32)
            .map(|k| Some(first + k))
            .collect();
    }
    let label_cols = corner.1..corner.1 + labels;
    let mut next = first;
    let mut out = Vec::with_capacity(table.rows.len());
    for axis in &table.rows {
        let hit = row_hit(axis, next, first, &label_cols, corner.1, cells);
        let hit = hit.or_else(|| table.has_unlabeled_row().then_some(first));
        if let Some(r) = hit {
            next = r + 1;
        }
        out.push(hit);
    }
    out
}

fn row_hit(
    axis: &Axis,
    from: u32,
    first: u32,
    label_cols: &std::ops::Range<u16>,
    left: u16,
    cells: &Cells,
) -> Option<u32> {
    let levels: Vec<String> = axis.label.iter().map(|l| norm(l)).collect();
    let (leaf, outer) = levels.split_last()?;
    (from..=from.saturating_add(ROW_GAP)).find(|&r| {
        label_cols.clone().any(|c| cells.is(r, c, leaf))
            && outer.iter().enumerate().all(|(k, label)| {
                let col = left + k as u16;
                (first..=r).rev().find_map(|rr| cells.text(rr, col)) == Some(label.as_str())
            })
    })
}

/// How a clerk knows the table: its number and label (or its section's).
fn table_name(form: &Form, t: usize) -> String {
    let table = &form.tables[t];
    let name = crate::form::numbered(&table.number, &table.label);
    if name.is_empty() {
        table.items.iter().flatten().next().map_or_else(
            || table.id.clone(),
            |&i| form.items[i].section_label.clone(),
        )
    } else {
        name
    }
}

fn missing_table(form: &Form, t: usize) -> Text {
    let table = &form.tables[t];
    let name = table_name(form, t);
    let corner = &table.corner;
    Text::new(
        format!(
            "表「{name}」が見つかりません(見出し「{corner}」のセルと、その列の見出しがありません)。この表の数は読めませんでした。見出しを消したり書き換えたりしていないか確かめてもらってください。"
        ),
        format!(
            "Table '{name}' was not found (no cell reading '{corner}' with its column labels). Its figures were not read. Ask the center whether a heading was deleted or rewritten."
        ),
    )
}

/// A row or column of a found table whose label is not there.
fn misses(form: &Form, t: usize, placed: &Placed, out: &mut Vec<Miss>) {
    let table = &form.tables[t];
    let name = table_name(form, t);
    for (axis, found, is_row) in (table
        .columns
        .iter()
        .zip(&placed.columns)
        .map(|(a, f)| (a, f.is_some(), false)))
    .chain(
        table
            .rows
            .iter()
            .zip(&placed.rows)
            .map(|(a, f)| (a, f.is_some(), true)),
    ) {
        if found {
            continue;
        }
        let label = axis.label.join(" ");
        let (ja, en) = if is_row {
            ("行", "row")
        } else {
            ("列", "column")
        };
        out.push(Miss {
            at: Some(placed.corner),
            text: Text::new(
                format!("表「{name}」({} の表)に{ja}「{label}」が見つかりません。見出しが消されたか書き換えられています。この{ja}の数は読めませんでした。", a1(placed.corner.0, placed.corner.1)),
                format!("Table '{name}' (at {}) has no {en} labelled '{label}': the label was deleted or rewritten, and its figures were not read.", a1(placed.corner.0, placed.corner.1)),
            ),
        });
    }
}

/// A list's total row (its label under the numbered rows, where the center may have added
/// rows) and any line written past the list's rows, which cannot be read.
fn list_rest(form: &Form, t: usize, placed: &Placed, cells: &Cells, found: &mut Found) {
    let table = &form.tables[t];
    let Some(own) = &table.own else { return };
    let end = placed
        .rows
        .last()
        .copied()
        .flatten()
        .map_or(placed.corner.0, |r| r + 1);
    let total = norm(table.total_label.as_deref().unwrap_or(&form.total_label));
    let total_row = (end..=end + ROW_GAP).find(|&r| cells.is(r, placed.corner.1, &total));
    let cols: Vec<u16> = placed.columns.iter().flatten().copied().collect();
    let last = total_row.unwrap_or(end);
    for r in end..last {
        if let Some(&c) = cols.iter().find(|&&c| cells.filled(r, c)) {
            let name = table_name(form, t);
            found.misses.push(Miss {
                at: Some((r, c)),
                text: Text::new(
                    format!("表「{name}」は {} 行までの一覧です。この行は一覧の外なので読めません。一覧の行を増やさずに、書ききれない分は別に市へ伝えてもらってください。", table.items.len()),
                    format!("Table '{name}' lists {} rows at most: this row lies outside the list and was not read. Ask the center not to add rows to the list.", table.items.len()),
                ),
            });
        }
    }
    let row = match (total_row, own.totals) {
        (Some(r), _) => r,
        (None, Some(_)) => end,
        (None, None) => return,
    };
    for (c, item) in table.list_totals.iter().enumerate() {
        if let (Some(item), Some(Some(col))) = (item, placed.columns.get(c))
            && form.items[*item].kind.is_input()
        {
            found.items.push((*item, row, *col));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[(u32, &[&str])]) -> Cells {
        let mut cells = Cells::default();
        for &(r, texts) in rows {
            for (c, t) in texts.iter().enumerate() {
                if !t.is_empty() {
                    cells.add(r, c as u16, Some(t));
                }
            }
        }
        cells
    }

    const FORM: &str = r#"
id = "t"
version = "1"
title = "t"
total = "計"
row = "件数"
[activities]
number = ""
label = "t"
[[part]]
number = ""
label = "p"
[[part.section]]
number = "(1)"
label = "総合相談"
[[part.section.table]]
id = "t1"
layout = "grid"
workbook = { sheet = "s", corner = "A3", body = "C5" }
corner = "区分"
rows = [
  { id = "a", label = ["相談", "電話"] },
  { id = "b", label = ["相談", "来所"] },
  { id = "k", label = "計", sum = ["a", "b"] },
]
columns = [
  { id = "x", label = ["介護予防支援", "包括"] },
  { id = "y", label = ["介護予防支援", "計"] },
  { id = "z", label = ["ケアマネジメント", "包括"] },
  { id = "w", label = ["ケアマネジメント", "計"] },
]
"#;

    fn form() -> Form {
        Form::from_toml(FORM, &Default::default()).expect("the test form")
    }

    fn at(found: &Found, form: &Form, id: &str) -> Option<String> {
        let i = form.item(id)?;
        found
            .items
            .iter()
            .find(|f| f.0 == i)
            .map(|&(_, r, c)| a1(r, c))
    }

    #[test]
    fn a_table_is_found_where_the_form_records_it_and_where_a_center_moved_it() {
        let form = form();
        let header = |r| {
            (
                r,
                &["区分", "", "介護予防支援", "", "ケアマネジメント", ""][..],
            )
        };
        let as_drawn = sheet(&[
            header(2),
            (3, &["", "", "包括", "計", "包括", "計"]),
            (4, &["相談", "電話"]),
            (5, &["", "来所"]),
            (6, &["計"]),
        ]);
        let found = tables(&form, "s", &as_drawn);
        assert!(found.misses.is_empty(), "{:?}", found.misses);
        assert_eq!(at(&found, &form, "t1_a_x").as_deref(), Some("C5"));
        assert_eq!(at(&found, &form, "t1_k_w").as_deref(), Some("F7"));
        // Two rows inserted above, a spacer column after the first group, a spacer row.
        let moved = sheet(&[
            (
                4,
                &["区分", "", "介護予防支援", "", "", "ケアマネジメント", ""],
            ),
            (5, &["", "", "包括", "計", "", "包括", "計"]),
            (6, &["相談", "電話"]),
            (8, &["", "来所"]),
            (9, &["計"]),
        ]);
        let found = tables(&form, "s", &moved);
        assert!(found.misses.is_empty(), "{:?}", found.misses);
        assert_eq!(at(&found, &form, "t1_a_x").as_deref(), Some("C7"));
        assert_eq!(at(&found, &form, "t1_b_z").as_deref(), Some("F9"));
        assert_eq!(at(&found, &form, "t1_k_w").as_deref(), Some("G10"));
    }

    #[test]
    fn a_renamed_label_is_a_miss_naming_the_label_and_a_missing_table_says_so() {
        let form = form();
        let renamed = sheet(&[
            (2, &["区分", "", "介護予防支援", "", "ケアマネジメント", ""]),
            (3, &["", "", "包括", "小計", "包括", "計"]),
            (4, &["相談", "電話"]),
            (5, &["", "来所"]),
            (6, &["計"]),
        ]);
        let found = tables(&form, "s", &renamed);
        assert_eq!(found.misses.len(), 1, "{:?}", found.misses);
        assert!(found.misses[0].text.ja.contains("列「介護予防支援 計」"));
        assert_eq!(at(&found, &form, "t1_a_y"), None);
        assert_eq!(at(&found, &form, "t1_a_w").as_deref(), Some("F5"));
        let none = tables(&form, "s", &sheet(&[(0, &["報告書"])]));
        assert_eq!((none.tables, none.items.len()), (0, 0));
        assert!(
            none.misses[0]
                .text
                .ja
                .contains("表「総合相談」が見つかりません")
        );
    }
}
