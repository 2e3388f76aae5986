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

use crate::form::{Axis, Form, Kind, LabelContext, Layout, Table};
use crate::grid::{Content, Sheet, Style, measure};

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

/// Write a piece's title line (`① 相談件数`), if it has one, and its header rows at `row`.
/// Returns the first row below the header.
pub fn header(sheet: &mut Sheet, row: u32, piece: &Piece, ctx: &LabelContext) -> u32 {
    let row = title(sheet, row, &piece.table, ctx);
    piece.shape.write_header(sheet, row, ctx)
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

/// The lines a header label takes in `cols` columns, centred and wrapped: five Japanese
/// characters to a column's line, at most 4 lines.
fn header_lines(text: &str, cols: usize) -> usize {
    measure::units(text)
        .div_ceil((COLUMN_WIDTH as usize - 1) * cols.max(1))
        .clamp(1, 4)
}

/// The lines a label takes in `cols` value columns of [`COLUMN_WIDTH`] (a Japanese character
/// is two units wide), at most 4.
fn lines_in(text: &str, cols: usize) -> usize {
    let per_line = (COLUMN_WIDTH as usize + 1) * cols.max(1);
    measure::units(text).div_ceil(per_line).clamp(1, 4)
}

/// A row's height for that many lines of text.
fn line_height(lines: usize) -> f64 {
    13.5 * lines as f64 + 4.0
}

/// The width of a value column, in characters (a Japanese character counts two).
pub const COLUMN_WIDTH: f64 = 11.0;
/// The width of the 区分 column.
pub const LABEL_WIDTH: f64 = 10.0;

/// How a table's centers follow one another down a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// Each center a block of [`Shape::span`] rows under the table's one header, a 計 block
    /// below them (row and stacked tables).
    Rows,
    /// Each center's block under its own name and header; the city's and each area's blocks
    /// first (grids).
    Blocks,
    /// Each center as many lines as it lists, its name on each; the template numbers its
    /// lines (lists).
    Lines,
}

/// What an item's cell is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Role {
    /// A figure a center types.
    Input,
    /// A sum of other items: a formula a center may type over.
    Total,
    /// Computed: item `num` over item `den` of the same row, at these sheet columns; `mean`:
    /// its 計 is the mean of the centers' ratios.
    Ratio {
        num: usize,
        den: usize,
        num_col: u16,
        den_col: u16,
        mean: bool,
    },
}

/// An item's cell in a center's block: the table's row and column of it, its offset from the
/// block's first row and the table's first column, the rows it is merged down (a stacked
/// table's total) and its role.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemCell {
    pub item: usize,
    pub row: usize,
    pub col: usize,
    pub dr: u32,
    pub dc: u16,
    pub rows: u32,
    /// The sheet columns it is merged across (a list's text column, as wide as the page
    /// allows).
    pub cols: u16,
    pub role: Role,
}

/// A label or header cell, merged over `first..=last` (offsets from its block's first row),
/// with its text as the form gives it (placeholders not yet rendered) and its style.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub first: (u32, u16),
    pub last: (u32, u16),
    pub text: String,
    pub style: Style,
}

/// The shape of a table, computed once from the form: where its header, a center's labels
/// and every item's cell go, what a 計 row sums and what prints beside what. A row, a stacked,
/// a grid and a list table all give one; the template, the report and the dictionary read it
/// without asking which layout it is.
#[derive(Debug, Clone)]
pub struct Shape {
    pub repeat: Repeat,
    /// Rows one center occupies (a list: one per line).
    pub span: u32,
    /// Columns the table occupies.
    pub width: u16,
    /// Columns of labels before the values (a grid's row label levels, else the centers').
    pub label_cols: u16,
    /// The sheet column (table-relative) of each of the table's columns, and how many sheet
    /// columns it takes.
    pub columns: Vec<u16>,
    pub spans: Vec<u16>,
    /// A list's columns of text: they share the width the page has left.
    pub text: Vec<usize>,
    /// Every item of a center's block (a list: of its numbered lines, line `dr`).
    pub cells: Vec<ItemCell>,
    /// The header's cells (corner, column labels), from its first row; its rows and their
    /// heights.
    pub header: Vec<Merge>,
    pub header_rows: u32,
    pub header_heights: Vec<(u32, f64)>,
    /// The center's name in the first column, merged down this many rows (`None`: the block
    /// is named above it, a grid's).
    pub name_rows: Option<u32>,
    /// The row labels of a block beside the name, and the heights their text needs.
    pub labels: Vec<Merge>,
    pub label_heights: Vec<(u32, f64)>,
    /// The columns a 計 row sums down the centers' rows.
    pub sum_cols: Vec<u16>,
    /// The label of the 計 block, when the table gives its own (a stacked table's total row).
    pub total_label: Option<String>,
    /// The 割合 row: per table column, its sheet column and that of the total it is a share
    /// of (`None`: left blank).
    pub share: Vec<(u16, Option<u16>)>,
    /// A table too wide for a page may be split by its column groups.
    pub splits: bool,
}

impl Shape {
    /// The shape of a table (the one place that asks which layout a table has).
    pub fn of(form: &Form, table: &Table) -> Shape {
        let parts: Vec<Axis> = (table.rows.iter())
            .filter(|a| a.sum.is_none())
            .cloned()
            .collect();
        let n = table.columns.len() as u16;
        let (repeat, span, label_cols, value) = match table.layout {
            Layout::Stacked => (Repeat::Rows, parts.len() as u32, 1, 1 + levels(&parts)),
            Layout::Grid => {
                let l = levels(&table.rows);
                (Repeat::Blocks, table.rows.len() as u32, l, l)
            }
            Layout::List => (Repeat::Lines, 1, 1, 1),
            _ => (Repeat::Rows, 1, 1, 1),
        };
        let stacked = table.layout == Layout::Stacked;
        let width = if stacked { value + 2 } else { value + n };
        let columns: Vec<u16> = if stacked {
            vec![value; table.columns.len()]
        } else {
            (0..n).map(|c| value + c).collect()
        };
        // A stacked table's parts go down its value column, its total beside them merged
        // down the block; every other table's item goes at its row and column.
        let at = |r: usize, c: usize| -> (u32, u16, u32) {
            if !stacked {
                (r as u32, columns[c], 1)
            } else if table.rows[r].sum.is_some() {
                (0, value + 1, span)
            } else {
                let k = table.rows[..r].iter().filter(|a| a.sum.is_none()).count();
                (k as u32, value, 1)
            }
        };
        let mut cells = Vec::new();
        for (r, items) in table.items.iter().enumerate() {
            for (c, &item) in items.iter().enumerate() {
                let (dr, dc, rows) = at(r, c);
                let role = match table.columns.get(c).and_then(|a| a.ratio) {
                    Some((num, den)) => Role::Ratio {
                        num: items[num],
                        den: items[den],
                        num_col: at(r, num).1,
                        den_col: at(r, den).1,
                        mean: table.columns[c].mean,
                    },
                    None if form.items[item].kind == Kind::Total => Role::Total,
                    None => Role::Input,
                };
                let rows = if role == Role::Total { rows } else { 1 };
                cells.push(ItemCell {
                    item,
                    row: r,
                    col: c,
                    dr,
                    dc,
                    rows,
                    cols: 1,
                    role,
                });
            }
        }
        let spans = vec![1; columns.len()];
        let (header, header_rows, header_heights) = if stacked {
            stacked_header(table, value)
        } else {
            column_header(table, label_cols, &columns, &spans)
        };
        let text = match table.layout {
            Layout::List => (0..table.columns.len())
                .filter(|&c| {
                    (table.items.first()).is_some_and(|r| form.items[r[c]].kind == Kind::Text)
                })
                .collect(),
            _ => Vec::new(),
        };
        let (name_rows, labels) = match table.layout {
            Layout::Stacked => (Some(span), row_labels(&parts, 1, Style::LabelCenter)),
            Layout::Grid => (None, row_labels(&table.rows, 0, Style::Label)),
            _ => (Some(1), (Vec::new(), Vec::new())),
        };
        let sum_cols = if stacked {
            vec![value + 1]
        } else {
            columns.clone()
        };
        let total_label = stacked
            .then(|| table.rows.iter().find(|a| a.sum.is_some()))
            .flatten()
            .map(|a| a.joined());
        let share = (0..table.columns.len())
            .map(|c| {
                let total = table.columns.iter().enumerate().find_map(|(tc, a)| {
                    let parts = a.sum.as_ref()?;
                    (tc == c || parts.contains(&c)).then_some(1 + tc as u16)
                });
                (1 + c as u16, total.filter(|_| !stacked))
            })
            .collect();
        Shape {
            repeat,
            span,
            width,
            label_cols,
            columns,
            spans,
            text,
            cells,
            header,
            header_rows,
            header_heights,
            name_rows,
            labels: labels.0,
            label_heights: labels.1,
            sum_cols,
            total_label,
            share,
            splits: matches!(table.layout, Layout::Row | Layout::Grid),
        }
    }

    /// Where an item of the table is, from its block's first row: (row offset, column).
    pub fn place(&self, item: usize) -> Option<(u32, u16)> {
        self.cells
            .iter()
            .find(|c| c.item == item)
            .map(|c| (c.dr, c.dc))
    }

    /// The first and last columns a center's values take (its block without its labels).
    pub fn value_cols(&self) -> (u16, u16) {
        let (lo, hi) = (self.cells.iter())
            .map(|c| (c.dc, c.dc + c.cols - 1))
            .fold((u16::MAX, 0), |(lo, hi), c| (lo.min(c.0), hi.max(c.1)));
        (lo.min(hi), hi)
    }

    /// Widen a list's text columns to share the columns the page has left, up to `room`
    /// columns in all (the centers' or the numbers' column included): what a center types
    /// there wraps in a cell as wide as the page allows instead of running under the next
    /// column's number.
    pub fn widen_text(&mut self, table: &Table, room: u16) {
        let extra = room.saturating_sub(self.width);
        if extra == 0 || self.text.is_empty() {
            return;
        }
        let n = self.text.len() as u16;
        for (k, &c) in self.text.iter().enumerate() {
            self.spans[c] += extra / n + u16::from((k as u16) < extra % n);
        }
        let mut at = self.label_cols;
        for (col, &span) in self.columns.iter_mut().zip(&self.spans) {
            *col = at;
            at += span;
        }
        self.width = at;
        for cell in &mut self.cells {
            cell.dc = self.columns[cell.col];
            cell.cols = self.spans[cell.col];
        }
        (self.header, self.header_rows, self.header_heights) =
            column_header(table, self.label_cols, &self.columns, &self.spans);
    }

    /// Write a cell of the table's column `c` on `row`, merged across the sheet columns the
    /// column takes.
    pub fn write_at(&self, sheet: &mut Sheet, row: u32, c: usize, content: Content, style: Style) {
        let (col, span) = (self.columns[c], self.spans[c]);
        if span > 1 {
            sheet.merge((row, col), (row, col + span - 1), content, style);
        } else {
            sheet.set(row, col, content, style);
        }
    }

    /// Write the header rows (corner and column labels) at `row`; returns the row below.
    pub fn write_header(&self, sheet: &mut Sheet, row: u32, ctx: &LabelContext) -> u32 {
        for m in &self.header {
            merge_at(sheet, row, m, ctx.render(&m.text));
        }
        for &(k, h) in &self.header_heights {
            sheet.height(row + k, h);
        }
        row + self.header_rows
    }

    /// Write a block's labels at `row`: the name (`name`, in `style`) and the row labels.
    pub fn write_labels(&self, sheet: &mut Sheet, row: u32, name: &str, style: Style) {
        if let Some(n) = self.name_rows {
            sheet.merge(
                (row, 0),
                (row + n - 1, 0),
                Content::Text(name.into()),
                style,
            );
        }
        for &(k, h) in &self.label_heights {
            sheet.height(row + k, h);
        }
        for m in &self.labels {
            merge_at(sheet, row, m, m.text.clone());
        }
    }

    /// Write an item's cell of the block at `row` (merged down its rows).
    pub fn write_cell(
        &self,
        sheet: &mut Sheet,
        row: u32,
        cell: &ItemCell,
        content: Content,
        style: Style,
    ) {
        let (r, c) = (row + cell.dr, cell.dc);
        if cell.rows > 1 || cell.cols > 1 {
            let last = (r + cell.rows - 1, c + cell.cols - 1);
            sheet.merge((r, c), last, content, style);
        } else {
            sheet.set(r, c, content, style);
        }
    }
}

fn merge_at(sheet: &mut Sheet, row: u32, m: &Merge, text: String) {
    sheet.merge(
        (row + m.first.0, m.first.1),
        (row + m.last.0, m.last.1),
        Content::Text(text),
        m.style,
    );
}

type Header = (Vec<Merge>, u32, Vec<(u32, f64)>);

/// A stacked table's header: the corner over the center and part labels, the value column's
/// label, the total's.
fn stacked_header(table: &Table, value: u16) -> Header {
    let merge = |first, last, text: String| Merge {
        first,
        last,
        text,
        style: Style::Header,
    };
    let total = (table.rows.iter())
        .find(|r| r.sum.is_some())
        .map(|r| r.joined())
        .unwrap_or_default();
    let lines = header_lines(&table.columns[0].joined(), 1).max(header_lines(&total, 1));
    let cells = vec![
        merge((0, 0), (0, value - 1), table.corner.clone()),
        merge((0, value), (0, value), table.columns[0].joined()),
        merge((0, value + 1), (0, value + 1), total),
    ];
    (cells, 1, vec![(0, line_height(lines))])
}

/// A row table's columns, a grid's, a list's: the corner over the row labels (a row table's
/// one column of centers); each column group merged over its columns, a shorter label down
/// the levels left; each header row as tall as its longest label (a label down several rows
/// has their room).
fn column_header(table: &Table, rl: u16, columns: &[u16], spans: &[u16]) -> Header {
    let depth = levels(&table.columns);
    let mut cells = vec![Merge {
        first: (0, 0),
        last: (u32::from(depth) - 1, rl - 1),
        text: table.corner.clone(),
        style: Style::Header,
    }];
    let labels = label_spans(&table.columns, depth);
    // The sheet columns of labels `first..=last`.
    let from = |l: &LabelSpan| (columns[l.first], columns[l.last] + spans[l.last] - 1);
    for l in &labels {
        let (a, b) = from(l);
        cells.push(Merge {
            first: (u32::from(l.top), a),
            last: (u32::from(l.bottom), b),
            text: l.text.clone(),
            style: Style::Header,
        });
    }
    let heights = (0..depth)
        .map(|k| {
            let lines = (labels.iter())
                .filter(|l| l.bottom == k)
                .map(|l| {
                    let (a, b) = from(l);
                    header_lines(&l.text, usize::from(1 + b - a))
                })
                .max()
                .unwrap_or(1);
            (u32::from(k), line_height(lines))
        })
        .collect();
    (cells, u32::from(depth), heights)
}

/// Row labels from column `col`, one row of the block per axis: groups merged down their
/// rows, a shorter label across the levels left; a label too long for its cells makes its
/// row taller (a group merged down several rows has their room).
fn row_labels(axes: &[Axis], col: u16, style: Style) -> (Vec<Merge>, Vec<(u32, f64)>) {
    let (mut cells, mut heights) = (Vec::new(), Vec::new());
    for l in label_spans(axes, levels(axes)) {
        let lines = lines_in(&l.text, usize::from(1 + l.bottom - l.top));
        if l.first == l.last && lines > 1 {
            heights.push((l.first as u32, line_height(lines)));
        }
        cells.push(Merge {
            first: (l.first as u32, col + l.top),
            last: (l.last as u32, col + l.bottom),
            text: l.text,
            style,
        });
    }
    (cells, heights)
}

/// The smallest scale a sheet of tables may print at: a wider table is split into pieces.
pub const SMALLEST_SCALE: f64 = 0.8;

/// A table as written on the sheet: whole, or one of the column groups of a table too wide
/// for the page (its columns, and the sums, 再掲 and ratios among them, renumbered).
pub struct Piece {
    pub t: usize,
    pub table: Table,
    /// Its shape, computed once for the template and the report alike.
    pub shape: Shape,
    /// The table's first piece (its headings are written before it).
    pub first: bool,
    /// Its last (notes that concern the whole table go under it).
    pub last: bool,
}

/// The pieces of a table for a page `body_width` points wide: itself, or for a row table of
/// more value columns than fit (a grid: than fit beside its row labels), its column groups (a label's first level), as many
/// whole groups to a piece as fit; a group wider than a page is cut.
pub fn pieces(form: &Form, table: &Table, t: usize, body_width: f64) -> Vec<Piece> {
    // At 80% a sheet's smallest type, its 9 pt notes, still prints at about 7 pt: the value
    // columns that fit a page of `body_width` points beside a label column at that scale.
    let room = measure::width_points(COLUMN_WIDTH);
    let label = measure::width_points(LABEL_WIDTH);
    let most = ((body_width / SMALLEST_SCALE - label) / room)
        .floor()
        .max(1.0) as usize;
    let mut shape = Shape::of(form, table);
    // A list's text columns take what the page has left at full size.
    let fit = ((body_width - label) / room).floor().max(1.0) as u16;
    shape.widen_text(table, 1 + fit);
    // A grid's row labels take columns of their own: fewer are left for its values.
    let most = if shape.splits {
        most.saturating_sub(usize::from(shape.label_cols) - 1)
            .max(1)
    } else {
        usize::MAX
    };
    if table.columns.len() <= most {
        return vec![Piece {
            t,
            table: table.clone(),
            shape,
            first: true,
            last: true,
        }];
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
        .map(|(k, keep)| {
            let table = window(table, &keep);
            Piece {
                t,
                shape: Shape::of(form, &table),
                table,
                first: k == 0,
                last: k + 1 == n,
            }
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
        let first = |tables: Option<&Vec<usize>>| tables.and_then(|t| t.first()) == Some(&table);
        let part_text = crate::form::numbered(&part.number, &part.label);
        if first(part.sections.first().map(|s| &s.tables)) && !part_text.is_empty() {
            out.push((Style::Heading, part_text));
        }
        let section_label = format!("{}{}", section.label, section.purpose);
        let section_text = crate::form::numbered(&section.number, &section_label);
        // A section without number or label (a drafted form's) has no heading line.
        if first(Some(&section.tables)) && !section_text.is_empty() {
            out.push((Style::Subheading, section_text));
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

    /// Every activity table of the embedded form has one shape: each item once, inside the
    /// table's width, a stacked table's total merged down its block, sums under the columns.
    #[test]
    fn every_table_has_a_shape_whatever_its_layout() {
        let form = Form::kushiro().expect("form");
        let mut repeats = Vec::new();
        for t in form.activity_tables() {
            let table = &form.tables[t];
            let shape = Shape::of(&form, table);
            repeats.push(shape.repeat);
            let items: Vec<usize> = table.items.iter().flatten().copied().collect();
            assert_eq!(shape.cells.len(), items.len(), "{}", table.id);
            for c in &shape.cells {
                assert!(
                    c.dc >= shape.label_cols && c.dc < shape.width,
                    "{}",
                    table.id
                );
                assert!(c.dr + c.rows <= shape.span.max(c.dr + 1), "{}", table.id);
                assert_eq!(shape.place(c.item).map(|p| p.1), Some(c.dc));
            }
            if table.layout == Layout::Stacked {
                let total = shape.cells.iter().find(|c| c.role == Role::Total);
                assert_eq!(total.map(|c| c.rows), Some(shape.span), "{}", table.id);
                assert_eq!(shape.sum_cols, vec![shape.width - 1]);
            }
            assert!(shape.header_rows >= 1);
        }
        assert!(repeats.contains(&Repeat::Rows));
    }
}
