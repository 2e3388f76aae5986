//! Where the cells of a section-3 table sit: shared by the template (one center) and the council
//! workbook (every center), so a center's form is exactly its own rows of the report.
//!
//! A `Row` table gives each center one row: 区分 | category … | 計. A `Stacked` table gives each
//! center one row per part (新規, 継続) and its total in a merged column, as `000` prints
//! 相談件数. This module places headers and labels and says where each item goes; filling in
//! values (inputs or numbers) is the caller's business.

use crate::form::{Form, LabelContext, Layout, Table};
use crate::grid::{Content, Sheet, Style};

/// Rows one center occupies in the table.
pub fn span(table: &Table) -> u32 {
    match table.layout {
        Layout::Stacked => table.rows.iter().filter(|r| r.sum.is_none()).count() as u32,
        _ => 1,
    }
}

/// Columns the table occupies.
pub fn width(table: &Table) -> u16 {
    match table.layout {
        Layout::Stacked => stacked_total_col(table) + 1,
        _ => 1 + table.columns.len() as u16,
    }
}

/// Label levels of a stacked table's rows: 1 (新規, 継続), or 2 when rows are grouped
/// (電話 / 新規): the group is merged down its own column.
pub fn row_levels(table: &Table) -> u16 {
    let grouped = table
        .rows
        .iter()
        .any(|r| r.sum.is_none() && r.label.len() >= 2);
    if grouped { 2 } else { 1 }
}

/// A stacked table's value column (after the center and the row labels) and its merged total.
pub fn stacked_value_col(table: &Table) -> u16 {
    1 + row_levels(table)
}

pub fn stacked_total_col(table: &Table) -> u16 {
    stacked_value_col(table) + 1
}

/// Where an item of the table goes, relative to its center's first row and the table's first
/// column: (row offset, column).
pub fn offset(table: &Table, row: usize, col: usize) -> (u32, u16) {
    match table.layout {
        Layout::Stacked => {
            if table.rows[row].sum.is_some() {
                (0, stacked_total_col(table))
            } else {
                let r = table.rows[..row].iter().filter(|r| r.sum.is_none()).count();
                (r as u32, stacked_value_col(table))
            }
        }
        _ => (row as u32, 1 + col as u16),
    }
}

/// The column (table-relative) holding the row total, for the 計 row of a report: the item
/// columns in order, each with its column index.
pub fn value_columns(table: &Table) -> Vec<(usize, u16)> {
    match table.layout {
        Layout::Stacked => {
            let mut v: Vec<(usize, u16)> = Vec::new();
            for (r, axis) in table.rows.iter().enumerate() {
                let (_, c) = offset(table, r, 0);
                if axis.sum.is_some() || !v.iter().any(|&(_, col)| col == c) {
                    v.push((r, c));
                }
            }
            v
        }
        _ => (0..table.columns.len())
            .map(|c| (c, 1 + c as u16))
            .collect(),
    }
}

/// Write the table's title line (`① 相談件数`), if it has one, and its header row at `row`.
/// Returns the first row below the header.
pub fn header(sheet: &mut Sheet, row: u32, table: &Table, ctx: &LabelContext) -> u32 {
    let mut row = row;
    let mut title = [table.number.as_str(), table.label.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(unit) = &table.unit {
        title.push_str(&format!("({unit})"));
    }
    if !title.is_empty() {
        sheet.text(row, 0, ctx.render(&title), Style::Subheading);
        row += 1;
    }
    let corner = ctx.render(&table.corner);
    match table.layout {
        Layout::Stacked => {
            let value = stacked_value_col(table);
            sheet.merge(
                (row, 0),
                (row, value - 1),
                Content::Text(corner),
                Style::Header,
            );
            sheet.text(
                row,
                value,
                ctx.render(&table.columns[0].joined()),
                Style::Header,
            );
            let total = table
                .rows
                .iter()
                .find(|r| r.sum.is_some())
                .map(|r| ctx.render(&r.joined()))
                .unwrap_or_default();
            sheet.text(row, value + 1, total, Style::Header);
        }
        _ if grouped(table) => {
            // Two header rows: each group over its columns, then the columns' own labels; a
            // column without a group, and the corner, span both rows.
            sheet.merge((row, 0), (row + 1, 0), Content::Text(corner), Style::Header);
            let mut c = 0;
            while c < table.columns.len() {
                let axis = &table.columns[c];
                let col = 1 + c as u16;
                if axis.label.len() < 2 {
                    let label = Content::Text(ctx.render(&axis.joined()));
                    sheet.merge((row, col), (row + 1, col), label, Style::Header);
                    c += 1;
                    continue;
                }
                let group = &axis.label[0];
                let span = table.columns[c..]
                    .iter()
                    .take_while(|a| a.label.len() >= 2 && &a.label[0] == group)
                    .count();
                let last = col + span as u16 - 1;
                sheet.merge(
                    (row, col),
                    (row, last),
                    Content::Text(ctx.render(group)),
                    Style::Header,
                );
                for (k, a) in table.columns[c..c + span].iter().enumerate() {
                    let leaf = a.label[1..].join(" ");
                    sheet.text(row + 1, col + k as u16, ctx.render(&leaf), Style::Header);
                }
                c += span;
            }
            sheet.height(row + 1, header_height(table));
            return row + 2;
        }
        _ => {
            sheet.text(row, 0, corner, Style::Header);
            for (c, axis) in table.columns.iter().enumerate() {
                sheet.text(row, 1 + c as u16, ctx.render(&axis.joined()), Style::Header);
            }
        }
    }
    sheet.height(row, header_height(table));
    row + 1
}

/// A row table whose columns have groups (two label levels: 電話 / 本人).
fn grouped(table: &Table) -> bool {
    table.layout == Layout::Row && table.columns.iter().any(|c| c.label.len() >= 2)
}

/// Header rows are tall enough for the longest label wrapped in a column of [`COLUMN_WIDTH`]
/// (a Japanese character is two units wide).
pub fn header_height(table: &Table) -> f64 {
    let longest = table
        .columns
        .iter()
        .map(|c| {
            let leaf = if grouped(table) {
                c.label[c.label.len().min(1)..].join(" ")
            } else {
                c.joined()
            };
            leaf.chars().count()
        })
        .max()
        .unwrap_or(1);
    let per_line = ((COLUMN_WIDTH / 2.0) as usize).max(1);
    let lines = longest.div_ceil(per_line).clamp(1, 4);
    13.5 * lines as f64 + 4.0
}

/// The width of a value column, in characters (a Japanese character counts two).
pub const COLUMN_WIDTH: f64 = 11.0;
/// The width of the 区分 column.
pub const LABEL_WIDTH: f64 = 10.0;

/// Write a center's row label (merged over its rows for stacked tables) and the part labels.
pub fn center_label(sheet: &mut Sheet, row: u32, table: &Table, label: &str, style: Style) {
    let n = span(table);
    match table.layout {
        Layout::Stacked => {
            sheet.merge(
                (row, 0),
                (row + n - 1, 0),
                Content::Text(label.into()),
                style,
            );
            let parts: Vec<&crate::form::Axis> =
                table.rows.iter().filter(|a| a.sum.is_none()).collect();
            if row_levels(table) == 1 {
                for (r, axis) in (row..).zip(&parts) {
                    sheet.text(r, 1, axis.joined(), Style::LabelCenter);
                }
                return;
            }
            // Row groups: each group merged down column B over its rows, the rows' own
            // labels in column C; a row without a group spans B:C.
            let mut i = 0;
            while i < parts.len() {
                let r = row + i as u32;
                if parts[i].label.len() < 2 {
                    let label = Content::Text(parts[i].joined());
                    sheet.merge((r, 1), (r, 2), label, Style::LabelCenter);
                    i += 1;
                    continue;
                }
                let group = &parts[i].label[0];
                let n = parts[i..]
                    .iter()
                    .take_while(|a| a.label.len() >= 2 && &a.label[0] == group)
                    .count();
                let label = Content::Text(group.clone());
                sheet.merge((r, 1), (r + n as u32 - 1, 1), label, Style::LabelCenter);
                for (k, a) in parts[i..i + n].iter().enumerate() {
                    sheet.text(r + k as u32, 2, a.label[1..].join(" "), Style::LabelCenter);
                }
                i += n;
            }
        }
        _ => sheet.text(row, 0, label, style),
    }
}

/// Merge the cells a stacked total spans (its value goes in the first).
pub fn merge_total(sheet: &mut Sheet, row: u32, table: &Table, content: Content, style: Style) {
    let (n, col) = (span(table), stacked_total_col(table));
    sheet.merge((row, col), (row + n - 1, col), content, style);
}

/// Section headings (`I 包括的支援事業`, `(1) 総合相談支援事業【…】`) to print before a table: the
/// part's when the table opens it, the section's when the table opens that.
pub fn headings_before(form: &Form, table: usize) -> Vec<(Style, String)> {
    let mut out = Vec::new();
    let t = &form.tables[table];
    if let (Some(p), Some(s)) = (t.part, t.section) {
        let part = &form.parts[p];
        let section = &part.sections[s];
        if part.sections.first().and_then(|s| s.tables.first()) == Some(&table) {
            out.push((Style::Heading, format!("{} {}", part.number, part.label)));
        }
        if section.tables.first() == Some(&table) {
            out.push((
                Style::Subheading,
                format!("{} {}{}", section.number, section.label, section.purpose),
            ));
        }
    }
    out
}

/// Label a block of staffing rows: `labels[i]` are the three levels (group, role, employment) of
/// sheet row `first + i`. Equal groups are merged down column A, equal roles down column B, and a
/// group without roles spans A:B, as `000` prints section 2.
pub fn staff_labels(sheet: &mut Sheet, first: u32, labels: &[[String; 3]]) {
    let mut i = 0;
    while i < labels.len() {
        let mut j = i;
        while j + 1 < labels.len() && labels[j + 1][0] == labels[i][0] {
            j += 1;
        }
        let (r1, r2) = (first + i as u32, first + j as u32);
        if labels[i..=j].iter().all(|l| l[1].is_empty()) {
            sheet.merge(
                (r1, 0),
                (r2, 1),
                Content::Text(labels[i][0].clone()),
                Style::Label,
            );
        } else {
            sheet.merge(
                (r1, 0),
                (r2, 0),
                Content::Text(labels[i][0].clone()),
                Style::Label,
            );
            let mut k = i;
            while k <= j {
                let mut m = k;
                while m < j && labels[m + 1][1] == labels[k][1] {
                    m += 1;
                }
                sheet.merge(
                    (first + k as u32, 1),
                    (first + m as u32, 1),
                    Content::Text(labels[k][1].clone()),
                    Style::Label,
                );
                k = m + 1;
            }
        }
        for (k, l) in labels[i..=j].iter().enumerate() {
            sheet.text(first + (i + k) as u32, 2, l[2].clone(), Style::LabelCenter);
        }
        i = j + 1;
    }
}
