//! Section 3 (事業実績): every activity table, centers in profile order, a 計 row of SUM
//! formulas, 割合 rows and notes, as `000` prints them.

use super::cells::{Marks, cached_number, cell, number_shown, subtotal_label, sum_of};
use super::providers::ProviderSheet;
use super::{Report, SHEET_ACTIVITIES};
use crate::findings::fmt_count;
use crate::form::{Form, Kind, Layout, Table};
use crate::grid::{self, Cached, Content, Sheet, Style, a1};
use crate::i18n::tr;
use crate::layout::{self, Piece};
use crate::model::value;
use std::collections::HashMap;

/// The section-3 sheet and where its numbers are: each center's item cells and each item
/// column's city total (for the trend sheet and the charts to refer to).
pub struct ActivitySheet {
    pub sheet: Sheet,
    pub cells: HashMap<(usize, usize), (u32, u16)>,
    pub totals: HashMap<usize, (u32, u16)>,
}

/// Where a written table's rows are, for printing: its header (with the headings above it),
/// each center's block (a ward's last center with its subtotal, the last with the 計 rows and
/// notes), and the row after it.
struct TableRows {
    header: (u32, u32),
    blocks: Vec<(u32, u32)>,
    next: u32,
}

pub fn sheet(r: &Report, providers: &ProviderSheet) -> ActivitySheet {
    let mut cells = HashMap::new();
    let mut totals = HashMap::new();
    let form = r.form;
    let mut s = Sheet::new(SHEET_ACTIVITIES);
    r.page(&mut s, true);
    s.text(0, 0, &r.title, Style::Title);
    let mut row = r.area_note(&mut s, 1) + 1;
    s.text(
        row,
        0,
        format!(
            "{} {}",
            form.activities.number,
            r.labels.render(&form.activities.label)
        ),
        Style::Heading,
    );
    row += 1;
    // A table wider than a landscape page at full size is split by its column groups, each
    // piece under the centers' names again: the sheet then prints at full size.
    let pieces: Vec<Piece> = form
        .activity_tables()
        .flat_map(|t| layout::pieces(&form.tables[t], t, s.body_width()))
        .collect();
    // Widths first: how much fits a printed page depends on them.
    let widest = pieces
        .iter()
        .map(|p| layout::width(&p.table))
        .max()
        .unwrap_or(1);
    s.width(0, layout::LABEL_WIDTH);
    for c in 1..widest {
        s.width(c, layout::COLUMN_WIDTH);
    }
    let capacity = s.page_capacity();
    let mut first_table = true;
    for piece in &pieces {
        let start = row;
        let mut rows = write_table(
            r,
            &mut s,
            start,
            piece,
            providers,
            &mut cells,
            &mut totals,
            &[],
        );
        let heights = s.heights();
        if piece.table.layout == Layout::Grid {
            // Its blocks each print whole (see grids): the headings stay with the first.
            s.keep_together(start, rows.blocks.first().map_or(rows.next - 1, |b| b.1));
        } else if heights.sum(start, rows.next - 1) > capacity {
            // Longer than a page: from a page of its own, in page-sized parts, each under the
            // table's header again (one sheet's print titles cannot serve every table).
            let header = heights.sum(rows.header.0, rows.header.1);
            // The first table shares its page with the sheet's title above it.
            let mut used = if first_table {
                heights.sum(0, rows.header.1)
            } else {
                header
            };
            let mut parts = Vec::new();
            for (i, &(a, b)) in rows.blocks.iter().enumerate() {
                let h = heights.sum(a, b);
                if used + h > capacity && i > 0 {
                    parts.push(i);
                    used = header - heights.sum(rows.header.0, rows.header.0);
                }
                used += h;
            }
            s.clear_rows(start);
            if !first_table {
                s.page_break(start);
            }
            rows = write_table(
                r,
                &mut s,
                start,
                piece,
                providers,
                &mut cells,
                &mut totals,
                &parts,
            );
            s.keep_together(
                rows.header.0,
                rows.blocks.first().map_or(rows.header.1, |b| b.1),
            );
            for &(a, b) in &rows.blocks {
                s.keep_together(a, b);
            }
        } else {
            s.keep_together(start, rows.next - 1);
        }
        first_table = false;
        row = rows.next + 1;
    }
    ActivitySheet {
        sheet: s,
        cells,
        totals,
    }
}

/// One table: the headings before it, its header, its body. Before each center ordinal in
/// `parts` a page breaks and the header is written again.
#[allow(clippy::too_many_arguments)]
fn write_table(
    r: &Report,
    s: &mut Sheet,
    start: u32,
    piece: &Piece,
    providers: &ProviderSheet,
    cells: &mut HashMap<(usize, usize), (u32, u16)>,
    totals: &mut HashMap<usize, (u32, u16)>,
    parts: &[usize],
) -> TableRows {
    let form = r.form;
    let table = &piece.table;
    let mut row = start;
    // A piece after the first continues its table: no headings again.
    let headings = if piece.first {
        layout::headings_before(form, piece.t)
    } else {
        Vec::new()
    };
    for (style, text) in headings {
        s.text(row, 0, text, style);
        row += 1;
    }
    // The table's header; a list's corner says whose each line is (the template numbers a
    // center's own lines there).
    let write_header = |s: &mut Sheet, at: u32| {
        let next = layout::header(s, at, table, &r.labels);
        if table.layout == Layout::List {
            s.text(next - 1, 0, tr(r.lang, "センター", "Center"), Style::Header);
        }
        next
    };
    // A grid's blocks each carry their header.
    let body = if table.layout == Layout::Grid {
        layout::title(s, row, table, &r.labels)
    } else {
        write_header(s, row)
    };
    if !piece.first {
        layout::mark_continued(s, row, table, r.lang);
    }
    let header = (start, body - 1);
    // The header again, for a continuation page: its column headings only.
    let again = |s: &mut Sheet, at: u32| -> u32 {
        s.page_break(at);
        let next = write_header(s, at);
        layout::mark_continued(s, at, table, r.lang);
        next
    };
    let (next, blocks) = table_body(r, s, body, piece, providers, cells, totals, parts, again);
    TableRows {
        header,
        blocks,
        next,
    }
}

/// The center rows, the 計 row, the 割合 row and the notes of one table; returns the next row
/// and each center's block of rows (see [`TableRows`]). Before the center ordinals in `parts`
/// `again` writes the header anew (a SUM over the center rows skips its text).
#[allow(clippy::too_many_arguments)]
fn table_body(
    r: &Report,
    s: &mut Sheet,
    first: u32,
    piece: &Piece,
    providers: &ProviderSheet,
    cells: &mut HashMap<(usize, usize), (u32, u16)>,
    totals: &mut HashMap<usize, (u32, u16)>,
    parts: &[usize],
    again: impl Fn(&mut Sheet, u32) -> u32,
) -> (u32, Vec<(u32, u32)>) {
    let form = r.form;
    let (t, table) = (piece.t, &piece.table);
    match table.layout {
        Layout::List => return list_body(r, s, first, t, cells, totals, parts, again),
        Layout::Grid => return super::grids::body(r, s, first, table, cells, totals),
        _ => {}
    }
    let span = layout::span(table);
    let sum_cols: Vec<u16> = match table.layout {
        Layout::Stacked => vec![layout::stacked_total_col(table)],
        _ => (0..table.columns.len()).map(|c| 1 + c as u16).collect(),
    };
    let mut row = first;
    let mut flagged = false;
    // Marks used in this table, each explained under it: 未提出, 読めません (and the totals
    // left partial by it, with the columns of the 計 and subtotal rows they make partial).
    let (mut missing, mut unreadable) = (false, false);
    let mut partial_cols: Vec<u16> = Vec::new();
    let mut group_partial: Vec<u16> = Vec::new();
    let mut center_rows = Vec::new();
    // Each center's first row (a stacked table's part rows sum by their place in the block).
    let (mut firsts, mut group_firsts) = (Vec::new(), Vec::new());
    let mut blocks: Vec<(u32, u32)> = Vec::new();
    let mut ordinal = 0;
    for group in &r.groups {
        let mut group_first = row;
        group_partial.clear();
        group_firsts.clear();
        for &ci in &group.centers {
            if parts.contains(&ordinal) {
                let fresh = row == group_first;
                row = again(s, row);
                if fresh {
                    group_first = row;
                }
            }
            ordinal += 1;
            firsts.push(row);
            group_firsts.push(row);
            let center = &r.profile.centers[ci];
            layout::center_label(s, row, table, &center.short, Style::LabelCenter);
            let Some(sub) = r.subs[ci] else {
                // 未提出: the center's block says so and why, and holds no number (so no 計,
                // chart or comparison takes a 0 for it).
                let (c0, c1) = value_cols(table);
                let mark = Content::Text(r.missing_mark(ci));
                s.merge((row, c0), (row + span - 1, c1), mark, Style::Missing);
                missing = true;
                center_rows.extend(row..row + span);
                blocks.push((row, row + span - 1));
                row += span;
                continue;
            };
            for (ri, cols) in table.items.iter().enumerate() {
                for (c, &item) in cols.iter().enumerate() {
                    let (dr, dc) = layout::offset(table, ri, c);
                    cells.insert((ci, item), (row + dr, dc));
                    let (content, style) = match table.columns.get(c).and_then(|a| a.ratio) {
                        Some((num, den)) => {
                            ratio_cell(form, Some(sub), row + dr, table, ri, (num, den))
                        }
                        None => cell(form, sub, item, row, table, r.lang),
                    };
                    flagged |= style == Style::Flagged;
                    unreadable |= style == Style::Unreadable;
                    if matches!(style, Style::Unreadable | Style::Partial) && sum_cols.contains(&dc)
                    {
                        partial_cols.push(dc);
                        group_partial.push(dc);
                    }
                    if table.layout == Layout::Stacked && form.items[item].kind == Kind::Total {
                        layout::merge_total(s, row, table, content, style);
                    } else {
                        s.set(row + dr, dc, content, style);
                    }
                }
            }
            center_rows.extend(row..row + span);
            blocks.push((row, row + span - 1));
            row += span;
        }
        // A ward's subtotal: SUBTOTAL(9, …), which the city total below then skips.
        if let Some(area) = &group.area {
            let span = Span {
                first: group_first,
                last: row - 1,
                rows: (group_first..row).collect(),
                subtotal: true,
            };
            let height = total_rows(
                s,
                table,
                row,
                subtotal_label(area),
                &sum_cols,
                &span,
                &group_firsts,
            );
            for &c in &group_partial {
                s.restyle(row, c, Style::Partial);
            }
            if let Some(b) = blocks.last_mut() {
                b.1 = row + height - 1; // the subtotal stays with its ward's last center
            }
            row += height;
        }
    }
    let last = row - 1;

    // 計 row: a SUM per value column (stacked tables: only the total column, as 000 prints).
    let total = row;
    let label = match table.layout {
        Layout::Stacked => table
            .rows
            .iter()
            .find(|a| a.sum.is_some())
            .map(|a| r.labels.render(&a.joined()))
            .unwrap_or_default(),
        _ => form.total_label.clone(),
    };
    let grouped = r.groups.iter().any(|g| g.area.is_some());
    let span = Span {
        first,
        last,
        rows: center_rows,
        subtotal: grouped,
    };
    let height = total_rows(s, table, total, label, &sum_cols, &span, &firsts);
    for &c in &partial_cols {
        s.restyle(total, c, Style::Partial);
    }
    let total_row = total;
    for (ri, cols) in table.items.iter().enumerate() {
        for (c, &item) in cols.iter().enumerate() {
            let (dr, dc) = layout::offset(table, ri, c);
            if sum_cols.contains(&dc) || table.layout == Layout::Stacked {
                totals.insert(item, (total_row + dr, dc));
            }
        }
    }
    row += height;

    // 割合 row: each part as a share of the total it is part of (000: 100% / 62.5% / 37.5%;
    // a table with two totals, 収入 and 支出, shares each part of its own).
    if let Some(share_label) = &table.share {
        s.text(row, 0, share_label, Style::TotalLabel);
        for c in 0..table.columns.len() {
            let col = 1 + c as u16;
            let total_col = table.columns.iter().enumerate().find_map(|(tc, a)| {
                let parts = a.sum.as_ref()?;
                (tc == c || parts.contains(&c)).then_some(tc)
            });
            let Some(tc) = total_col.filter(|_| table.layout != Layout::Stacked) else {
                s.set(row, col, Content::Blank, Style::TotalCount);
                continue;
            };
            let tcol = 1 + tc as u16;
            let total = cached_number(s, total_row, tcol);
            let part = cached_number(s, total_row, col);
            let (tref, pref) = (a1(total_row, tcol), a1(total_row, col));
            let cached = if total == 0.0 {
                Cached::Text(String::new())
            } else {
                Cached::Number(part / total)
            };
            let style = if c == tc {
                Style::PercentWhole
            } else {
                Style::Percent
            };
            s.formula(
                row,
                col,
                format!("=IF({tref}=0,\"\",{pref}/{tref})"),
                cached,
                style,
            );
        }
        row += 1;
    }

    // Notes: distinct providers under the table that counts them; flagged totals.
    if let Some(note) = distinct_note(r, t, providers).filter(|_| piece.last) {
        let (formula, text) = note;
        s.formula(row, 0, formula, Cached::Text(text), Style::Note);
        row += 1;
    }
    let marks = Marks {
        missing,
        unreadable,
        flagged,
    };
    row = marks.legends(r, s, row);
    // The 計 rows and notes stay with the last center.
    if let Some(b) = blocks.last_mut() {
        b.1 = row - 1;
    }
    (row, blocks)
}

/// A list (meetings): every center's listed rows, the center on each, then the total row:
/// the rows listed (a COUNTA of the first column, segment by segment so a header repeated on
/// a continuation page is not counted) and the sum of each count column.
#[allow(clippy::too_many_arguments)]
fn list_body(
    r: &Report,
    s: &mut Sheet,
    first: u32,
    t: usize,
    cells: &mut HashMap<(usize, usize), (u32, u16)>,
    totals: &mut HashMap<usize, (u32, u16)>,
    parts: &[usize],
    again: impl Fn(&mut Sheet, u32) -> u32,
) -> (u32, Vec<(u32, u32)>) {
    let form = r.form;
    let table = &form.tables[t];
    let mut row = first;
    let mut blocks: Vec<(u32, u32)> = Vec::new();
    let mut segments: Vec<(u32, u32)> = Vec::new();
    let mut segment = first;
    let mut listed = 0usize;
    let mut sums = vec![0.0; table.columns.len()];
    let mut ordinal = 0;
    let mut marks = Marks::default();
    for group in &r.groups {
        for &ci in &group.centers {
            if parts.contains(&ordinal) {
                if row > segment {
                    segments.push((segment, row - 1));
                }
                row = again(s, row);
                segment = row;
            }
            ordinal += 1;
            let Some(sub) = r.subs[ci] else {
                // 未提出: a line saying so (and why), outside the ranges the count and the
                // sums read.
                if row > segment {
                    segments.push((segment, row - 1));
                }
                s.text(row, 0, &r.profile.centers[ci].short, Style::LabelCenter);
                let last = table.columns.len() as u16;
                let mark = Content::Text(r.missing_mark(ci));
                s.merge((row, 1), (row, last), mark, Style::Missing);
                blocks.push((row, row));
                marks.missing = true;
                row += 1;
                segment = row;
                continue;
            };
            let start = row;
            for cols in table
                .items
                .iter()
                .filter(|c| c.iter().any(|&i| sub.filled(i)))
            {
                s.text(row, 0, &r.profile.centers[ci].short, Style::LabelCenter);
                for (c, &item) in cols.iter().enumerate() {
                    let col = 1 + c as u16;
                    cells.insert((ci, item), (row, col));
                    let (content, style) = match (form.items[item].kind, sub.values[item]) {
                        (Kind::Text, _) => (
                            sub.texts[item]
                                .clone()
                                .map_or(Content::Blank, Content::Text),
                            Style::Text,
                        ),
                        (Kind::Date, Some(v)) => (Content::Number(v), Style::Date),
                        (Kind::Date, None) => (Content::Blank, Style::Date),
                        (_, v) => {
                            sums[c] += v.unwrap_or(0.0);
                            (v.map_or(Content::Blank, Content::Number), Style::Count)
                        }
                    };
                    s.set(row, col, content, style);
                }
                // Counted as COUNTA counts it: lines with their first column.
                listed += usize::from(sub.filled(cols[0]));
                row += 1;
            }
            if row > start {
                blocks.push((start, row - 1));
            }
        }
    }
    if row > segment {
        segments.push((segment, row - 1));
    }
    let total = row;
    let label = table.total_label.clone().unwrap_or_default();
    s.text(total, 0, label, Style::TotalLabel);
    for (c, item) in table.list_totals.iter().enumerate() {
        let col = 1 + c as u16;
        let Some(&item) = item.as_ref() else {
            s.set(total, col, Content::Blank, Style::TotalCount);
            continue;
        };
        let ranges = |f: &str| {
            let terms: Vec<String> = segments
                .iter()
                .map(|&(a, b)| format!("{f}({}:{})", a1(a, col), a1(b, col)))
                .collect();
            if terms.is_empty() {
                "=0".to_string()
            } else {
                format!("={}", terms.join("+"))
            }
        };
        let (formula, cached) = if form.items[item].kind == Kind::Rows {
            (ranges("COUNTA"), listed as f64)
        } else {
            (ranges("SUM"), sums[c])
        };
        s.formula(
            total,
            col,
            formula,
            Cached::Number(cached),
            Style::TotalCount,
        );
        totals.insert(item, (total, col));
    }
    let next = marks.legends(r, s, total + 1);
    if let Some(b) = blocks.last_mut() {
        b.1 = next - 1;
    }
    (next, blocks)
}

/// The center rows a total row covers: `first..=last` on the sheet, the centers' own `rows`
/// among them, and whether the range holds subtotals the formula must skip (`SUBTOTAL`).
struct Span {
    first: u32,
    last: u32,
    rows: Vec<u32>,
    subtotal: bool,
}

/// Write a total row: its label and, per value column, a sum over the span; a ratio column is
/// the row's own ratio (of the totals just written), or with `mean` the mean of the centers'
/// ratios (占有率の平均).
fn total_row(s: &mut Sheet, table: &Table, row: u32, label: String, cols: &[u16], span: &Span) {
    match table.layout {
        Layout::Stacked => {
            let last = layout::stacked_value_col(table);
            s.merge(
                (row, 0),
                (row, last),
                Content::Text(label),
                Style::TotalLabel,
            )
        }
        _ => s.text(row, 0, label, Style::TotalLabel),
    }
    let axis = |col: u16| {
        let c = usize::from(col).checked_sub(1)?;
        (table.layout == Layout::Row)
            .then(|| table.columns.get(c))
            .flatten()
            .filter(|a| a.ratio.is_some())
    };
    let range = |col: u16| format!("{}:{}", a1(span.first, col), a1(span.last, col));
    for &col in cols.iter().filter(|&&c| axis(c).is_none()) {
        let formula = if span.subtotal {
            format!("=SUBTOTAL(9,{})", range(col))
        } else {
            format!("=SUM({})", range(col))
        };
        let cached = column_sum(s, &span.rows, col);
        s.formula(row, col, formula, Cached::Number(cached), Style::TotalCount);
    }
    for &col in cols {
        let Some(a) = axis(col) else { continue };
        let Some((num, den)) = a.ratio else { continue };
        let (formula, cached) = if a.mean {
            let shown: Vec<f64> = span
                .rows
                .iter()
                .filter_map(|&r| number_shown(s, r, col))
                .collect();
            let (count, mean) = if span.subtotal {
                (
                    format!("SUBTOTAL(2,{})", range(col)),
                    format!("SUBTOTAL(1,{})", range(col)),
                )
            } else {
                (
                    format!("COUNT({})", range(col)),
                    format!("AVERAGE({})", range(col)),
                )
            };
            let cached = if shown.is_empty() {
                Cached::Text(String::new())
            } else {
                Cached::Number(shown.iter().sum::<f64>() / shown.len() as f64)
            };
            (format!("=IF({count}=0,\"\",{mean})"), cached)
        } else {
            let (nc, dc) = (1 + num as u16, 1 + den as u16);
            let (n, d) = (cached_number(s, row, nc), cached_number(s, row, dc));
            let cached = if d == 0.0 {
                Cached::Text(String::new())
            } else {
                Cached::Number(n / d)
            };
            (grid::ratio_formula(row, nc, dc), cached)
        };
        s.formula(row, col, formula, cached, Style::Percent);
    }
}

/// The total rows of a table: one row of sums, or for a stacked table a block like a center's,
/// the city's (or the ward's) figure for every part and the total merged beside them, each
/// part's a sum of that part's cells (`firsts`: each center's first row). Returns its height.
fn total_rows(
    s: &mut Sheet,
    table: &Table,
    row: u32,
    label: String,
    cols: &[u16],
    span: &Span,
    firsts: &[u32],
) -> u32 {
    if table.layout != Layout::Stacked {
        total_row(s, table, row, label, cols, span);
        return 1;
    }
    let height = layout::span(table);
    layout::center_label(s, row, table, &label, Style::TotalLabel);
    let value = layout::stacked_value_col(table);
    for k in 0..height {
        let cells: Vec<(u32, u16)> = firsts.iter().map(|&f| (f + k, value)).collect();
        let (content, style) = sum_of(s, &cells, span.subtotal, Style::TotalCount);
        s.set(row + k, value, content, style);
    }
    let total = layout::stacked_total_col(table);
    let range = format!("{}:{}", a1(span.first, total), a1(span.last, total));
    let formula = if span.subtotal {
        format!("=SUBTOTAL(9,{range})")
    } else {
        format!("=SUM({range})")
    };
    let cached = column_sum(s, &span.rows, total);
    layout::merge_total(
        s,
        row,
        table,
        Content::Formula(formula, Cached::Number(cached)),
        Style::TotalCount,
    );
    height
}

/// The sum of the values shown in these rows of a column (what Excel's SUM would compute).
fn column_sum(s: &Sheet, rows: &[u32], col: u16) -> f64 {
    rows.iter().map(|&r| cached_number(s, r, col)).sum()
}

/// A computed ratio of a center's row: the formula over the row's cells, its value cached.
fn ratio_cell(
    form: &Form,
    sub: Option<&crate::model::Submission>,
    row: u32,
    table: &Table,
    ri: usize,
    (num, den): (usize, usize),
) -> (Content, Style) {
    let (_, nc) = layout::offset(table, ri, num);
    let (_, dc) = layout::offset(table, ri, den);
    let cached = sub.map_or(Cached::Text(String::new()), |sub| {
        let n = value(form, sub, table.items[ri][num]);
        let d = value(form, sub, table.items[ri][den]);
        if d == 0.0 {
            Cached::Text(String::new())
        } else {
            Cached::Number(n / d)
        }
    });
    (
        Content::Formula(grid::ratio_formula(row, nc, dc), cached),
        Style::Ratio,
    )
}

/// The first and last columns a table's values take (a center's block, without its labels).
fn value_cols(table: &Table) -> (u16, u16) {
    let cols = (table.items.iter().enumerate())
        .flat_map(|(ri, cols)| (0..cols.len()).map(move |c| layout::offset(table, ri, c).1));
    let (lo, hi) = cols.fold((u16::MAX, 0), |(lo, hi), c| (lo.min(c), hi.max(c)));
    (lo.min(hi), hi)
}

/// `* 実事業所数は52`: a COUNTIF over the provider sheet's program column, for the table
/// holding the item a provider column is counted against.
fn distinct_note(r: &Report, t: usize, providers: &ProviderSheet) -> Option<(String, String)> {
    let form = r.form;
    let pt = form.providers?;
    let ptable = &form.tables[pt];
    let template = ptable.distinct_note.as_ref()?;
    let (c, _) = ptable
        .columns
        .iter()
        .enumerate()
        .find(|(_, a)| a.providers.is_some_and(|i| form.items[i].table == t))?;
    let col = providers.columns[c];
    let n = r.providers.iter().filter(|p| p.counts[c - 1] > 0.0).count();
    let (before, after) = template.split_once("{n}").unwrap_or((template, ""));
    let range = if providers.last >= providers.first {
        format!(
            "'{}'!{}:{}",
            providers.sheet.name,
            grid::a1_abs(providers.first, col),
            grid::a1_abs(providers.last, col)
        )
    } else {
        return Some((
            format!("=\"{}0{}\"", before, after),
            format!("{before}0{after}"),
        ));
    };
    Some((
        format!("=\"{before}\"&COUNTIF({range},\">0\")&\"{after}\""),
        format!("{before}{}{after}", fmt_count(n as f64).replace(',', "")),
    ))
}
