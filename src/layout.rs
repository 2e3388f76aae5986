//! Where the cells of a section-3 table sit: shared by the template (one center) and the council
//! workbook (every center), so a center's form is exactly its own rows of the report.
//!
//! A `Row` table gives each center one row: 区分 | category … | 計. A `Stacked` table gives each
//! center one row per part (新規, 継続) and its total in a merged column, as `000` prints
//! 相談件数. A `Grid` gives each center a block of rows × columns (相談内容 × 相談者): its row
//! labels in as many columns as their levels, its column labels in as many header rows, each
//! group merged over its members and a shorter label spanning the levels left. This module
//! places headers and labels and says where each item goes; filling in values (inputs or
//! numbers) is the caller's business.

use crate::form::{Axis, Form, LabelContext, Layout, Table};
use crate::grid::{Content, Sheet, Style};

/// Rows one center occupies in the table.
pub fn span(table: &Table) -> u32 {
    match table.layout {
        Layout::Stacked => table.rows.iter().filter(|r| r.sum.is_none()).count() as u32,
        Layout::Grid => table.rows.len() as u32,
        _ => 1,
    }
}

/// Columns the table occupies.
pub fn width(table: &Table) -> u16 {
    match table.layout {
        Layout::Stacked => stacked_total_col(table) + 1,
        Layout::Grid => levels(&table.rows) + table.columns.len() as u16,
        _ => 1 + table.columns.len() as u16,
    }
}

/// The label levels of an axis (1 to 3): the most any of its rows (columns) has.
pub fn levels(axes: &[Axis]) -> u16 {
    axes.iter().map(|a| a.label.len()).max().unwrap_or(1).max(1) as u16
}

/// One label cell of an axis, merged: axes `first..=last` (indices into the axis), levels
/// `top..=bottom`.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelSpan {
    pub first: usize,
    pub last: usize,
    pub top: u16,
    pub bottom: u16,
    pub text: String,
}

/// The label cells of an axis of `depth` levels: at each level, a group merged over the
/// neighbours that share it (and every level above it); a label's last level spans the levels
/// left below it, so a one-level 合計 fills all of them.
pub fn label_spans(axes: &[Axis], depth: u16) -> Vec<LabelSpan> {
    let mut out = Vec::new();
    for k in 0..usize::from(depth) {
        let mut i = 0;
        while i < axes.len() {
            let l = &axes[i].label;
            if l.len() <= k {
                i += 1;
                continue;
            }
            let (last, bottom) = if l.len() == k + 1 {
                (i, depth - 1)
            } else {
                let n = axes[i..]
                    .iter()
                    .take_while(|a| a.label.len() > k + 1 && a.label[..=k] == l[..=k])
                    .count();
                (i + n - 1, k as u16)
            };
            out.push(LabelSpan {
                first: i,
                last,
                top: k as u16,
                bottom,
                text: l[k].clone(),
            });
            i = last + 1;
        }
    }
    out
}

/// Label levels of a stacked table's rows: 1 (新規, 継続), or 2 when rows are grouped
/// (電話 / 新規): the group is merged down its own column.
pub fn row_levels(table: &Table) -> u16 {
    let parts: Vec<Axis> = (table.rows.iter())
        .filter(|a| a.sum.is_none())
        .cloned()
        .collect();
    levels(&parts)
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
        Layout::Grid => (row as u32, levels(&table.rows) + col as u16),
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
    let row = title(sheet, row, table, ctx);
    column_header(sheet, row, table, ctx)
}

/// Write the table's title line (`① 相談件数`), if it has one; returns the row below.
pub fn title(sheet: &mut Sheet, row: u32, table: &Table, ctx: &LabelContext) -> u32 {
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
    row
}

/// Write the table's header rows (corner and column labels) at `row`; returns the first row
/// below them.
pub fn column_header(sheet: &mut Sheet, row: u32, table: &Table, ctx: &LabelContext) -> u32 {
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
            let lines = header_lines(&table.columns[0].joined(), 1).max(header_lines(&total, 1));
            sheet.text(row, value + 1, total, Style::Header);
            sheet.height(row, line_height(lines));
            row + 1
        }
        _ => {
            // A row table's columns, a grid's: the corner over the row labels (a row table's
            // one column of centers); each column group merged over its columns, a shorter
            // label down the levels left.
            let (rl, depth) = (label_columns(table), levels(&table.columns));
            sheet.merge(
                (row, 0),
                (row + u32::from(depth) - 1, rl - 1),
                Content::Text(corner),
                Style::Header,
            );
            let spans = label_spans(&table.columns, depth);
            for l in &spans {
                sheet.merge(
                    (row + u32::from(l.top), rl + l.first as u16),
                    (row + u32::from(l.bottom), rl + l.last as u16),
                    Content::Text(ctx.render(&l.text)),
                    Style::Header,
                );
            }
            // Each header row as tall as its longest label (a label down several rows has
            // their room).
            for k in 0..depth {
                let lines = (spans.iter())
                    .filter(|l| l.bottom == k)
                    .map(|l| header_lines(&l.text, 1 + l.last - l.first))
                    .max()
                    .unwrap_or(1);
                sheet.height(row + u32::from(k), line_height(lines));
            }
            row + u32::from(depth)
        }
    }
}

/// Columns of labels before a table's values: a grid's row label levels, else one (the
/// centers' names, a stacked table's too).
fn label_columns(table: &Table) -> u16 {
    match table.layout {
        Layout::Grid => levels(&table.rows),
        _ => 1,
    }
}

/// The lines a header label takes in `cols` columns, centred and wrapped: five Japanese
/// characters to a column's line, at most 4 lines.
fn header_lines(text: &str, cols: usize) -> usize {
    let units: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    units
        .div_ceil((COLUMN_WIDTH as usize - 1) * cols.max(1))
        .clamp(1, 4)
}

/// The lines a label takes in `cols` value columns of [`COLUMN_WIDTH`] (a Japanese character
/// is two units wide), at most 4.
fn lines_in(text: &str, cols: usize) -> usize {
    let units: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    let per_line = (COLUMN_WIDTH as usize + 1) * cols.max(1);
    units.div_ceil(per_line).clamp(1, 4)
}

/// A row's height for that many lines of text.
fn line_height(lines: usize) -> f64 {
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
            // Its parts' labels beside it (a group merged down its rows, a row without one
            // across the group's column too); the total is a column of its own.
            let parts: Vec<Axis> = (table.rows.iter())
                .filter(|a| a.sum.is_none())
                .cloned()
                .collect();
            row_labels(sheet, row, &parts, 1, Style::LabelCenter);
        }
        Layout::Grid => {
            // A grid's block is the center's own (the report names it above): row labels only.
            row_labels(sheet, row, &table.rows, 0, Style::Label);
        }
        _ => sheet.text(row, 0, label, style),
    }
}

/// Row labels from column `col`, one row of the sheet per axis from `row`: groups merged down
/// their rows, a shorter label across the levels left; a label too long for its cells makes
/// its row taller (a group merged down several rows has their room).
fn row_labels(sheet: &mut Sheet, row: u32, axes: &[Axis], col: u16, style: Style) {
    for l in label_spans(axes, levels(axes)) {
        let lines = lines_in(&l.text, usize::from(1 + l.bottom - l.top));
        if l.first == l.last && lines > 1 {
            sheet.height(row + l.first as u32, line_height(lines));
        }
        sheet.merge(
            (row + l.first as u32, col + l.top),
            (row + l.last as u32, col + l.bottom),
            Content::Text(l.text),
            style,
        );
    }
}

/// Merge the cells a stacked total spans (its value goes in the first).
pub fn merge_total(sheet: &mut Sheet, row: u32, table: &Table, content: Content, style: Style) {
    let (n, col) = (span(table), stacked_total_col(table));
    sheet.merge((row, col), (row + n - 1, col), content, style);
}

/// The smallest scale a sheet of tables may print at: a wider table is split into pieces.
pub const SMALLEST_SCALE: f64 = 0.8;

/// A table as written on the sheet: whole, or one of the column groups of a table too wide
/// for the page (its columns, and the sums, 再掲 and ratios among them, renumbered).
pub struct Piece {
    pub t: usize,
    pub table: Table,
    /// The table's first piece (its headings are written before it).
    pub first: bool,
    /// Its last (notes that concern the whole table go under it).
    pub last: bool,
}

/// The pieces of a table for a page `body_width` points wide: itself, or for a row table of
/// more value columns than fit (a grid: than fit beside its row labels), its column groups (a label's first level), as many
/// whole groups to a piece as fit; a group wider than a page is cut.
pub fn pieces(table: &Table, t: usize, body_width: f64) -> Vec<Piece> {
    // At 80% a sheet's smallest type, its 9 pt notes, still prints at about 7 pt: the value
    // columns that fit a page of `body_width` points beside a label column at that scale.
    let room = crate::grid::width_points(COLUMN_WIDTH);
    let label = crate::grid::width_points(LABEL_WIDTH);
    let most = ((body_width / SMALLEST_SCALE - label) / room)
        .floor()
        .max(1.0) as usize;
    let whole = |table: Table| Piece {
        t,
        table,
        first: true,
        last: true,
    };
    // A grid's row labels take columns of their own: fewer are left for its values.
    let most = match table.layout {
        Layout::Row => most,
        Layout::Grid => most
            .saturating_sub(usize::from(levels(&table.rows)) - 1)
            .max(1),
        _ => usize::MAX,
    };
    if table.columns.len() <= most {
        return vec![whole(table.clone())];
    }
    // Each column's group: its label's first level, shared with its neighbours; a computed
    // ratio joins the groups of the columns it divides (its formula needs them beside it).
    let mut group: Vec<usize> = Vec::with_capacity(table.columns.len());
    for (c, axis) in table.columns.iter().enumerate() {
        let same = c > 0 && {
            let prev = &table.columns[c - 1].label;
            axis.label.len() >= 2 && prev.len() >= 2 && prev[0] == axis.label[0]
        };
        group.push(if same { group[c - 1] } else { c });
    }
    for (c, axis) in table.columns.iter().enumerate() {
        if let Some((n, d)) = axis.ratio {
            let (into, from) = (group[n], [group[c], group[d]]);
            for g in group.iter_mut() {
                if from.contains(g) {
                    *g = into;
                }
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (c, &g) in group.iter().enumerate() {
        match groups
            .iter_mut()
            .rev()
            .find(|members| group[members[0]] == g)
        {
            Some(members) if members.len() < most => members.push(c),
            _ => groups.push(vec![c]),
        }
    }
    let mut chunks: Vec<Vec<usize>> = Vec::new();
    for g in groups {
        match chunks.last_mut() {
            Some(c) if c.len() + g.len() <= most => c.extend(g),
            _ => chunks.push(g),
        }
    }
    let n = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(k, keep)| Piece {
            t,
            table: window(table, &keep),
            first: k == 0,
            last: k + 1 == n,
        })
        .collect()
}

/// The table with only the columns `keep`: its references among columns renumbered (a sum's
/// parts outside it are left out of its list, a ratio or 再掲 whose columns are not all in it
/// is dropped).
fn window(table: &Table, keep: &[usize]) -> Table {
    let at = |c: usize| keep.iter().position(|&k| k == c);
    let mut w = table.clone();
    w.columns = keep
        .iter()
        .map(|&c| {
            let mut a = table.columns[c].clone();
            a.sum = a
                .sum
                .map(|parts| parts.into_iter().filter_map(at).collect());
            a.of = a.of.and_then(at);
            a.ratio = a.ratio.and_then(|(n, d)| Some((at(n)?, at(d)?)));
            a
        })
        .collect();
    w.items = table
        .items
        .iter()
        .map(|row| keep.iter().map(|&c| row[c]).collect())
        .collect();
    w.fte = table
        .fte
        .iter()
        .map(|row| keep.iter().map(|&c| row[c]).collect())
        .collect();
    w
}

/// Mark a table's title line at `row` as continued (続き), when the table has a title.
pub fn mark_continued(sheet: &mut Sheet, row: u32, table: &Table, lang: crate::i18n::Lang) {
    if table.number.is_empty() && table.label.is_empty() {
        return;
    }
    if let Some(crate::grid::Cell {
        content: Content::Text(t),
        ..
    }) = sheet.get(row, 0).cloned()
    {
        let more = crate::i18n::tr(lang, "(続き)", " (continued)");
        sheet.text(row, 0, format!("{t}{more}"), Style::Subheading);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(label: &[&str]) -> Axis {
        Axis {
            id: String::new(),
            label: label.iter().map(|s| s.to_string()).collect(),
            sum: None,
            part_time: false,
            profession: None,
            of: None,
            signed: false,
            ratio: None,
            kind: None,
            mean: false,
            plans: None,
            providers: None,
        }
    }

    /// Three levels: a group over its members at each level, a shorter label down the levels
    /// left, a one-level label across all of them.
    #[test]
    fn labels_merge_by_group_and_span_the_levels_left() {
        let axes = [
            axis(&["A", "x", "1"]),
            axis(&["A", "x", "2"]),
            axis(&["A", "y"]),
            axis(&["B"]),
        ];
        assert_eq!(levels(&axes), 3);
        let full: Vec<(usize, usize, u16, u16, String)> = label_spans(&axes, 3)
            .into_iter()
            .map(|l| (l.first, l.last, l.top, l.bottom, l.text))
            .collect();
        let want = [
            (0, 2, 0, 0, "A"),
            (3, 3, 0, 2, "B"),
            (0, 1, 1, 1, "x"),
            (2, 2, 1, 2, "y"),
            (0, 0, 2, 2, "1"),
            (1, 1, 2, 2, "2"),
        ];
        let got: Vec<(usize, usize, u16, u16, &str)> = full
            .iter()
            .map(|(a, b, c, d, t)| (*a, *b, *c, *d, t.as_str()))
            .collect();
        assert_eq!(got, want);
    }
}
