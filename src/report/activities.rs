//! Section 3 (事業実績): every activity table, centers in profile order, a 計 row of SUM
//! formulas, 割合 rows and notes, as `000` prints them.
//!
//! Every table is written from its [`Shape`]: where a center's labels and item cells go, what
//! its 計 block sums, how its centers follow one another ([`Repeat`]).

use super::cells::{
    ActivitySheet, Marks, cached_number, cell, number_shown, subtotal_label, sum_of,
};
use super::providers::ProviderSheet;
use super::{Report, SHEET_ACTIVITIES};
use crate::findings::fmt_count;
use crate::form::{Form, Kind, numbered};
use crate::grid::{self, Cached, Content, Sheet, Style, a1};
use crate::i18n::tr;
use crate::layout::{self, ItemCell, Piece, Repeat, Role, Shape};
use crate::model::value;
use std::collections::HashMap;

/// Where a written table's rows are, for printing: its header (with the headings above it),
/// each center's block (a ward's last center with its subtotal, the last with the 計 rows and
/// notes), and the row after it.
struct TableRows {
    header: (u32, u32),
    blocks: Vec<(u32, u32)>,
    next: u32,
}

/// What every table of the sheet is written with: the report, and the provider sheet its
/// distinct-provider notes count on.
struct Writer<'r, 'a> {
    r: &'r Report<'a>,
    providers: &'r ProviderSheet,
}

pub fn sheet(r: &Report, providers: &ProviderSheet) -> ActivitySheet {
    let form = r.form;
    let mut out = ActivitySheet {
        sheet: Sheet::new(SHEET_ACTIVITIES),
        cells: HashMap::new(),
        totals: HashMap::new(),
    };
    let s = &mut out.sheet;
    r.page(s, true);
    s.text(0, 0, &r.title, Style::Title);
    let mut row = r.area_note(s, 1) + 1;
    // (A drafted form's has none: the sheet's title is the form's.)
    let heading = numbered(
        &form.activities.number,
        &r.labels.render(&form.activities.label),
    );
    if !heading.is_empty() {
        s.text(row, 0, heading, Style::Heading);
        row += 1;
    }
    // A table wider than a landscape page at full size is split by its column groups, each
    // piece under the centers' names again: the sheet then prints at full size.
    let pieces: Vec<Piece> = form
        .activity_tables()
        .flat_map(|t| layout::pieces(form, &form.tables[t], t, s.body_width()))
        .collect();
    // Widths first: how much fits a printed page depends on them.
    let widest = pieces.iter().map(|p| p.shape.width).max().unwrap_or(1);
    s.width(0, layout::LABEL_WIDTH);
    for c in 1..widest {
        s.width(c, layout::COLUMN_WIDTH);
    }
    let capacity = s.page_capacity();
    let w = Writer { r, providers };
    for (k, piece) in pieces.iter().enumerate() {
        row = w.place_table(&mut out, row, piece, k == 0, capacity) + 1;
    }
    out
}

impl Writer<'_, '_> {
    /// Write a table from `start` so that it prints well: whole on a page when it fits, else
    /// from a page of its own in page-sized parts, each under the table's header again (one
    /// sheet's print titles cannot serve every table); a grid's blocks each whole. Returns the
    /// row below it.
    fn place_table(
        &self,
        out: &mut ActivitySheet,
        start: u32,
        piece: &Piece,
        first_table: bool,
        capacity: f64,
    ) -> u32 {
        let mut rows = self.write_table(out, start, piece, &[]);
        let heights = out.sheet.heights();
        if piece.shape.repeat == Repeat::Blocks {
            // Its blocks each print whole (see grids): the headings stay with the first.
            let end = rows.blocks.first().map_or(rows.next - 1, |b| b.1);
            out.sheet.keep_together(start, end);
        } else if heights.sum(start, rows.next - 1) > capacity {
            let parts = page_parts(&heights, &rows, first_table, capacity);
            out.sheet.clear_rows(start);
            if !first_table {
                out.sheet.page_break(start);
            }
            rows = self.write_table(out, start, piece, &parts);
            let s = &mut out.sheet;
            s.keep_together(
                rows.header.0,
                rows.blocks.first().map_or(rows.header.1, |b| b.1),
            );
            for &(a, b) in &rows.blocks {
                s.keep_together(a, b);
            }
        } else {
            out.sheet.keep_together(start, rows.next - 1);
        }
        rows.next
    }

    /// One table: the headings before it, its header, its body. Before each center ordinal in
    /// `parts` a page breaks and the header is written again.
    fn write_table(
        &self,
        out: &mut ActivitySheet,
        start: u32,
        piece: &Piece,
        parts: &[usize],
    ) -> TableRows {
        let r = self.r;
        let (table, shape) = (&piece.table, &piece.shape);
        let s = &mut out.sheet;
        let mut row = start;
        // A piece after the first continues its table: no headings again.
        let headings = if piece.first {
            layout::headings_before(r.form, piece.t)
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
            let next = layout::header(s, at, piece, &r.labels);
            if shape.repeat == Repeat::Lines {
                s.text(next - 1, 0, tr(r.lang, "センター", "Center"), Style::Header);
            }
            next
        };
        // A grid's blocks each carry their header.
        let body = if shape.repeat == Repeat::Blocks {
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
        let (next, blocks) = match shape.repeat {
            Repeat::Lines => self.list_body(out, body, piece, parts, again),
            Repeat::Blocks => super::grids::body(r, out, body, piece),
            Repeat::Rows => self.table_body(out, body, piece, parts, again),
        };
        TableRows {
            header,
            blocks,
            next,
        }
    }

    /// The center rows, the 計 rows, the 割合 row and the notes of a row or stacked table;
    /// returns the next row and each center's block of rows (see [`TableRows`]). Before the
    /// center ordinals in `parts` `again` writes the header anew (a SUM over the center rows
    /// skips its text).
    fn table_body(
        &self,
        out: &mut ActivitySheet,
        first: u32,
        piece: &Piece,
        parts: &[usize],
        again: impl Fn(&mut Sheet, u32) -> u32,
    ) -> (u32, Vec<(u32, u32)>) {
        let r = self.r;
        let (table, shape) = (&piece.table, &piece.shape);
        let mut w = self.center_rows(out, first, shape, parts, again);
        // 計 rows: a SUM per column it sums (stacked tables: a block like a center's).
        let total = w.row;
        let label = (shape.total_label.as_ref())
            .map_or_else(|| r.form.total_label.clone(), |l| r.labels.render(l));
        let grouped = r.groups.iter().any(|g| g.area.is_some());
        let span = Span {
            first,
            last: w.row - 1,
            rows: std::mem::take(&mut w.center_rows),
            subtotal: grouped,
        };
        let s = &mut out.sheet;
        let height = total_rows(s, shape, total, label, &span, &w.firsts);
        for &c in &w.partial_cols {
            s.restyle(total, c, Style::Partial);
        }
        for cell in &shape.cells {
            out.totals.insert(cell.item, (total + cell.dr, cell.dc));
        }
        let mut row = total + height;
        // 割合 row: each part as a share of the total it is part of (000: 100% / 62.5% /
        // 37.5%; a table with two totals, 収入 and 支出, shares each part of its own).
        if let Some(share_label) = &table.share {
            share_row(s, shape, row, total, share_label);
            row += 1;
        }
        // Notes: distinct providers under the table that counts them; flagged totals.
        if let Some((formula, text)) = self.distinct_note(piece.t).filter(|_| piece.last) {
            s.formula(row, 0, formula, Cached::Text(text), Style::Note);
            row += 1;
        }
        row = w.marks.legends(r, s, row);
        // The 計 rows and notes stay with the last center.
        if let Some(b) = w.blocks.last_mut() {
            b.1 = row - 1;
        }
        (row, w.blocks)
    }

    /// Every center's block of a row or stacked table, each ward's subtotal after its centers.
    fn center_rows(
        &self,
        out: &mut ActivitySheet,
        first: u32,
        shape: &Shape,
        parts: &[usize],
        again: impl Fn(&mut Sheet, u32) -> u32,
    ) -> CenterRows {
        let r = self.r;
        let mut w = CenterRows {
            row: first,
            ..CenterRows::default()
        };
        let mut ordinal = 0;
        for group in &r.groups {
            let mut group_first = w.row;
            let mut group_partial: Vec<u16> = Vec::new();
            // Each center's first row (a stacked table's part rows sum by their place in the
            // block).
            let mut group_firsts = Vec::new();
            for &ci in &group.centers {
                if parts.contains(&ordinal) {
                    let fresh = w.row == group_first;
                    w.row = again(&mut out.sheet, w.row);
                    if fresh {
                        group_first = w.row;
                    }
                }
                ordinal += 1;
                w.firsts.push(w.row);
                group_firsts.push(w.row);
                let partial = self.center_block(out, w.row, shape, ci, &mut w.marks);
                group_partial.extend(&partial);
                w.partial_cols.extend(partial);
                w.center_rows.extend(w.row..w.row + shape.span);
                w.blocks.push((w.row, w.row + shape.span - 1));
                w.row += shape.span;
            }
            // A ward's subtotal: SUBTOTAL(9, …), which the city total below then skips.
            if let Some(area) = &group.area {
                let span = Span {
                    first: group_first,
                    last: w.row - 1,
                    rows: (group_first..w.row).collect(),
                    subtotal: true,
                };
                let (s, label) = (&mut out.sheet, subtotal_label(area));
                let height = total_rows(s, shape, w.row, label, &span, &group_firsts);
                for &c in &group_partial {
                    s.restyle(w.row, c, Style::Partial);
                }
                if let Some(b) = w.blocks.last_mut() {
                    b.1 = w.row + height - 1; // the subtotal stays with its ward's last center
                }
                w.row += height;
            }
        }
        w
    }

    /// A center's block at `row`: its labels and every item's cell, or 未提出 across it. Returns
    /// the summed columns it leaves partial (a cell that could not be read).
    fn center_block(
        &self,
        out: &mut ActivitySheet,
        row: u32,
        shape: &Shape,
        ci: usize,
        marks: &mut Marks,
    ) -> Vec<u16> {
        let (r, form) = (self.r, self.r.form);
        let s = &mut out.sheet;
        let center = &r.profile.centers[ci];
        shape.write_labels(s, row, &center.short, Style::LabelCenter);
        let Some(sub) = r.subs[ci] else {
            // 未提出: the center's block says so and why, and holds no number (so no 計,
            // chart or comparison takes a 0 for it).
            let (c0, c1) = shape.value_cols();
            let mark = Content::Text(r.missing_mark(ci));
            s.merge((row, c0), (row + shape.span - 1, c1), mark, Style::Missing);
            marks.missing = true;
            return Vec::new();
        };
        let mut partial = Vec::new();
        for it in &shape.cells {
            out.cells.insert((ci, it.item), (row + it.dr, it.dc));
            let (content, style) = match it.role {
                Role::Ratio { .. } => ratio_cell(form, Some(sub), row, it),
                _ => cell(form, sub, it.item, row, shape, r.lang),
            };
            marks.note(style);
            if matches!(style, Style::Unreadable | Style::Partial)
                && shape.sum_cols.contains(&it.dc)
            {
                partial.push(it.dc);
            }
            shape.write_cell(s, row, it, content, style);
        }
        partial
    }

    /// A list (meetings): every center's listed rows, the center on each, then the total row:
    /// the rows listed (a COUNTA of the first column, segment by segment so a header repeated
    /// on a continuation page is not counted) and the sum of each count column.
    fn list_body(
        &self,
        out: &mut ActivitySheet,
        first: u32,
        piece: &Piece,
        parts: &[usize],
        again: impl Fn(&mut Sheet, u32) -> u32,
    ) -> (u32, Vec<(u32, u32)>) {
        let r = self.r;
        let (table, shape) = (&piece.table, &piece.shape);
        let mut w = Lines {
            row: first,
            segment: first,
            sums: vec![0.0; table.columns.len()],
            ..Lines::default()
        };
        let centers = r.groups.iter().flat_map(|g| &g.centers);
        for (ordinal, &ci) in centers.enumerate() {
            if parts.contains(&ordinal) {
                w.close_segment();
                w.row = again(&mut out.sheet, w.row);
                w.segment = w.row;
            }
            self.center_lines(out, piece, ci, &mut w);
        }
        w.close_segment();
        let s = &mut out.sheet;
        let total = w.row;
        let label = table.total_label.clone().unwrap_or_default();
        s.text(total, 0, label, Style::TotalLabel);
        for (c, (&col, item)) in shape.columns.iter().zip(&table.list_totals).enumerate() {
            let Some(&item) = item.as_ref() else {
                shape.write_at(s, total, c, Content::Blank, Style::TotalCount);
                continue;
            };
            let ranges = |f: &str| {
                let terms: Vec<String> = (w.segments.iter())
                    .map(|&(a, b)| format!("{f}({}:{})", a1(a, col), a1(b, col)))
                    .collect();
                if terms.is_empty() {
                    "=0".to_string()
                } else {
                    format!("={}", terms.join("+"))
                }
            };
            let (formula, cached) = if r.form.items[item].kind == Kind::Rows {
                (ranges("COUNTA"), w.listed as f64)
            } else {
                (ranges("SUM"), w.sums[c])
            };
            let cached = Cached::Number(cached);
            s.formula(total, col, formula, cached, Style::TotalCount);
            out.totals.insert(item, (total, col));
        }
        let next = w.marks.legends(r, s, total + 1);
        if let Some(b) = w.blocks.last_mut() {
            b.1 = next - 1;
        }
        (next, w.blocks)
    }

    /// A center's lines of a list (those it filled), or a line saying it sent none.
    fn center_lines(&self, out: &mut ActivitySheet, piece: &Piece, ci: usize, w: &mut Lines) {
        let (r, form) = (self.r, self.r.form);
        let (table, shape) = (&piece.table, &piece.shape);
        let s = &mut out.sheet;
        let name = &r.profile.centers[ci].short;
        let Some(sub) = r.subs[ci] else {
            // 未提出: a line saying so (and why), outside the ranges the count and the sums
            // read.
            w.close_segment();
            s.text(w.row, 0, name, Style::LabelCenter);
            let (c0, c1) = shape.value_cols();
            let mark = Content::Text(r.missing_mark(ci));
            s.merge((w.row, c0), (w.row, c1), mark, Style::Missing);
            w.blocks.push((w.row, w.row));
            w.marks.missing = true;
            w.row += 1;
            w.segment = w.row;
            return;
        };
        let start = w.row;
        for cols in (table.items.iter()).filter(|c| c.iter().any(|&i| sub.filled(i))) {
            s.text(w.row, 0, name, Style::LabelCenter);
            for (c, (&item, &col)) in cols.iter().zip(&shape.columns).enumerate() {
                out.cells.insert((ci, item), (w.row, col));
                let (content, style) = match (form.items[item].kind, sub.values[item]) {
                    (Kind::Text, _) => (
                        (sub.texts.get(item).cloned()).map_or(Content::Blank, Content::Text),
                        Style::Text,
                    ),
                    (Kind::Date, Some(v)) => (Content::Number(v), Style::Date),
                    (Kind::Date, None) => (Content::Blank, Style::Date),
                    (_, v) => {
                        w.sums[c] += v.unwrap_or(0.0);
                        (v.map_or(Content::Blank, Content::Number), Style::Count)
                    }
                };
                shape.write_at(s, w.row, c, content, style);
            }
            // Counted as COUNTA counts it: lines with their first column.
            w.listed += usize::from(sub.filled(cols[0]));
            w.row += 1;
        }
        if w.row > start {
            w.blocks.push((start, w.row - 1));
        }
    }

    /// `* 実事業所数は52`: a COUNTIF over the provider sheet's program column, for the table
    /// holding the item a provider column is counted against.
    fn distinct_note(&self, t: usize) -> Option<(String, String)> {
        let (r, providers) = (self.r, self.providers);
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
        let n = r.providers.iter().filter(|p| p.count(c) > 0.0).count();
        let (before, after) = template.split_once("{n}").unwrap_or((template, ""));
        if providers.last < providers.first {
            return Some((
                format!("=\"{}0{}\"", before, after),
                format!("{before}0{after}"),
            ));
        }
        let range = format!(
            "'{}'!{}:{}",
            providers.sheet.name,
            grid::a1_abs(providers.first, col),
            grid::a1_abs(providers.last, col)
        );
        Some((
            format!("=\"{before}\"&COUNTIF({range},\">0\")&\"{after}\""),
            format!("{before}{}{after}", fmt_count(n as f64).replace(',', "")),
        ))
    }
}

/// The center ordinals before which a table too long for a page breaks to a new page: as many
/// centers' blocks to a page as fit under the header (the first table shares its page with the
/// sheet's title above it).
fn page_parts(
    heights: &grid::Heights,
    rows: &TableRows,
    first_table: bool,
    capacity: f64,
) -> Vec<usize> {
    let header = heights.sum(rows.header.0, rows.header.1);
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
    parts
}

/// The center blocks of a row or stacked table as written: the row below them, each block,
/// each center's first row and all their rows, the summed columns left partial, the marks.
#[derive(Default)]
struct CenterRows {
    row: u32,
    blocks: Vec<(u32, u32)>,
    firsts: Vec<u32>,
    center_rows: Vec<u32>,
    partial_cols: Vec<u16>,
    marks: Marks,
}

/// A list's lines as written: the next row, each center's block, the ranges of listed lines
/// (`segment`: where the open one starts), the lines counted and each column's sum.
#[derive(Default)]
struct Lines {
    row: u32,
    blocks: Vec<(u32, u32)>,
    segments: Vec<(u32, u32)>,
    segment: u32,
    listed: usize,
    sums: Vec<f64>,
    marks: Marks,
}

impl Lines {
    /// End the open range of listed lines (a header or a 未提出 line follows).
    fn close_segment(&mut self) {
        if self.row > self.segment {
            self.segments.push((self.segment, self.row - 1));
        }
    }
}

/// The center rows a total row covers: `first..=last` on the sheet, the centers' own `rows`
/// among them, and whether the range holds subtotals the formula must skip (`SUBTOTAL`).
struct Span {
    first: u32,
    last: u32,
    rows: Vec<u32>,
    subtotal: bool,
}

/// The 割合 row at `row` under the 計 row `total`.
fn share_row(s: &mut Sheet, shape: &Shape, row: u32, total: u32, label: &str) {
    s.text(row, 0, label, Style::TotalLabel);
    for &(col, of) in &shape.share {
        let Some(tcol) = of else {
            s.set(row, col, Content::Blank, Style::TotalCount);
            continue;
        };
        let whole = cached_number(s, total, tcol);
        let part = cached_number(s, total, col);
        let (tref, pref) = (a1(total, tcol), a1(total, col));
        let cached = if whole == 0.0 {
            Cached::Text(String::new())
        } else {
            Cached::Number(part / whole)
        };
        let style = if col == tcol {
            Style::PercentWhole
        } else {
            Style::Percent
        };
        let formula = format!("=IF({tref}=0,\"\",{pref}/{tref})");
        s.formula(row, col, formula, cached, style);
    }
}

/// A 計 block (the city's or a ward's) at `row`, laid out like a center's: its label, and
/// per item cell a SUM down the centers' rows of a summed column (SUBTOTAL(9, …) over a range
/// holding subtotals), a sum of the centers' cells at the same place in their blocks
/// (`firsts`: each center's first row) in another, and a ratio the row's own ratio (of the
/// sums just written), or with `mean` the mean of the centers' ratios (占有率の平均). Returns
/// its height.
fn total_rows(
    s: &mut Sheet,
    shape: &Shape,
    row: u32,
    label: String,
    span: &Span,
    firsts: &[u32],
) -> u32 {
    shape.write_labels(s, row, &label, Style::TotalLabel);
    let range = |col: u16| format!("{}:{}", a1(span.first, col), a1(span.last, col));
    for it in shape
        .cells
        .iter()
        .filter(|c| !matches!(c.role, Role::Ratio { .. }))
    {
        let (content, style) = if shape.sum_cols.contains(&it.dc) {
            let formula = if span.subtotal {
                format!("=SUBTOTAL(9,{})", range(it.dc))
            } else {
                format!("=SUM({})", range(it.dc))
            };
            let cached = column_sum(s, &span.rows, it.dc);
            (
                Content::Formula(formula, Cached::Number(cached)),
                Style::TotalCount,
            )
        } else {
            let cells: Vec<(u32, u16)> = firsts.iter().map(|&f| (f + it.dr, it.dc)).collect();
            sum_of(s, &cells, span.subtotal, Style::TotalCount)
        };
        shape.write_cell(s, row, it, content, style);
    }
    for it in &shape.cells {
        let Role::Ratio {
            num_col,
            den_col,
            mean,
            ..
        } = it.role
        else {
            continue;
        };
        let (formula, cached) = if mean {
            mean_of(s, &span.rows, it.dc, span.subtotal, &range(it.dc))
        } else {
            let (n, d) = (
                cached_number(s, row, num_col),
                cached_number(s, row, den_col),
            );
            let cached = if d == 0.0 {
                Cached::Text(String::new())
            } else {
                Cached::Number(n / d)
            };
            (grid::ratio_formula(row, num_col, den_col), cached)
        };
        s.formula(row + it.dr, it.dc, formula, cached, Style::Percent);
    }
    shape.span
}

/// The mean of the ratios shown in these rows of a column, as a formula over `range` (blank
/// when none shows one) and its value.
fn mean_of(s: &Sheet, rows: &[u32], col: u16, subtotal: bool, range: &str) -> (String, Cached) {
    let shown: Vec<f64> = rows
        .iter()
        .filter_map(|&r| number_shown(s, r, col))
        .collect();
    let (count, mean) = if subtotal {
        (
            format!("SUBTOTAL(2,{range})"),
            format!("SUBTOTAL(1,{range})"),
        )
    } else {
        (format!("COUNT({range})"), format!("AVERAGE({range})"))
    };
    let cached = if shown.is_empty() {
        Cached::Text(String::new())
    } else {
        Cached::Number(shown.iter().sum::<f64>() / shown.len() as f64)
    };
    (format!("=IF({count}=0,\"\",{mean})"), cached)
}

/// The sum of the values shown in these rows of a column (what Excel's SUM would compute).
fn column_sum(s: &Sheet, rows: &[u32], col: u16) -> f64 {
    rows.iter().map(|&r| cached_number(s, r, col)).sum()
}

/// A computed ratio of a center's block at `row`: the formula over its row's cells, its value
/// cached.
fn ratio_cell(
    form: &Form,
    sub: Option<&crate::model::Submission>,
    row: u32,
    it: &ItemCell,
) -> (Content, Style) {
    let Role::Ratio {
        num,
        den,
        num_col,
        den_col,
        ..
    } = it.role
    else {
        return (Content::Blank, Style::Ratio);
    };
    let cached = sub.map_or(Cached::Text(String::new()), |sub| {
        let (n, d) = (value(form, sub, num), value(form, sub, den));
        if d == 0.0 {
            Cached::Text(String::new())
        } else {
            Cached::Number(n / d)
        }
    });
    let formula = grid::ratio_formula(row + it.dr, num_col, den_col);
    (Content::Formula(formula, cached), Style::Ratio)
}
