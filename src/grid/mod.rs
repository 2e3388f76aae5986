//! A worksheet as data: cells, merges, widths, validations and print setup, and its rendering
//! into an xlsx workbook ([`xlsx`]); text measured by [`measure`], cells named by [`a1`].
//!
//! The template and the council workbook are both built as [`Sheet`]s first: layout code decides
//! what goes where, this module alone knows rust_xlsxwriter. That keeps the layouts testable
//! (the data dictionary reads the template's input cells from its `Sheet`s without writing a
//! file) and gives every sheet the same fonts, borders and print setup.

mod a1;
pub mod measure;
mod xlsx;

pub use a1::{a1, a1_abs, column_name, parse_a1, sheet_ref};
pub use measure::{text_points, width_points};
pub use xlsx::{format_for, render};

use measure::{line_height, lines_needed};
use std::collections::BTreeMap;

/// The font every sheet uses: present on every Japanese Windows, mapped by LibreOffice to a
/// metric-compatible Gothic (IPA/Noto) elsewhere.
pub const FONT: &str = "ＭＳ Ｐゴシック";
const FONT_SIZE: f64 = 10.0;

/// How a cell looks. Each style is one format, defined once in [`format_for`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    Title,
    Heading,
    Subheading,
    Note,
    Small,
    /// Table header: bordered, shaded, centred, wrapped.
    Header,
    /// Row label inside a table.
    Label,
    LabelCenter,
    /// Plain bordered text.
    Text,
    /// A count (#,##0).
    Count,
    /// A count shown blank when zero (computed staffing totals, as `000` leaves them).
    Quiet,
    /// A count whose value disagrees with its parts (shown only in forced reports).
    Flagged,
    /// A center with no figures in the report (未提出, with why): grey, centred.
    Missing,
    /// A cell the center's file held but that could not be read as a number (読めません).
    Unreadable,
    /// A total that lacks an unreadable part: the sum of what was read, shaded yellow.
    Partial,
    /// The 計 row of a table.
    TotalLabel,
    TotalCount,
    Percent,
    PercentWhole,
    /// A computed ratio in a center's row (0.0%).
    Ratio,
    /// Full-time equivalent (0.0).
    Fte,
    /// A score (0) and an average of scores (0.0), centred.
    Score,
    Average,
    /// 1,731人
    People,
    /// 9人, and 7人※ for a required staffing the profile overrides.
    Staff,
    StaffNoted,
    /// A date (2025/6/12), centred.
    Date,
    /// Template input cells: unlocked, tinted.
    Input,
    InputDate,
    InputFte,
    InputText,
    /// A list's text a center types (内容): wrapped in its cell, tinted.
    InputParagraph,
    /// Template total cells (a formula the center may type over): unlocked, grey.
    InputTotal,
    InputTotalFte,
    /// A wrapped paragraph.
    Paragraph,
    /// A self-check's message beside its table: red, on one line.
    CheckMessage,
    /// The same message in the チェック sheet's list: wrapped in its column, so it prints.
    CheckListMessage,
    /// A self-check's status (OK / 要修正 / 注意), centred and bordered.
    CheckStatus,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Blank,
    Text(String),
    Number(f64),
    /// A formula with the value it evaluates to, so every viewer shows a number.
    Formula(String, Cached),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cached {
    Number(f64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub content: Content,
    pub style: Style,
}

/// Data validation on a template input cell.
#[derive(Debug, Clone)]
pub enum Validation {
    /// A whole number ≥ 0.
    Count,
    /// A whole number, negative allowed (収支差額).
    Signed,
    /// A decimal from 0 up to the headcount in the given cell (A1).
    FteOf(String),
    /// Text up to this many characters, named as the form names the column (事業所名).
    Text(u32, String),
    /// A whole number in a range (an evaluation score, 1–5).
    Score(i32, i32),
    /// A date (a meeting's 開催日), named as the form names the column.
    Date(String),
}

/// A native Excel chart over cells of the workbook.
#[derive(Debug, Clone)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub title: String,
    /// Category labels: (sheet, first row, col, last row, col).
    pub categories: (String, u32, u16, u32, u16),
    pub series: Vec<SeriesSpec>,
    /// Top-left cell and size in pixels.
    pub at: (u32, u16),
    pub size: (u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    StackedColumn,
    Line,
}

#[derive(Debug, Clone)]
pub struct SeriesSpec {
    /// The cell holding the series name.
    pub name: (String, u32, u16),
    pub values: (String, u32, u16, u32, u16),
}

/// Page setup.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub landscape: bool,
    /// Rows repeated at the top of every printed page (first, last; 0-based).
    pub repeat_rows: Option<(u32, u32)>,
    pub header: String,
    pub footer: String,
    /// The last column printed, when columns to its right are for the screen only (the
    /// template's self-check messages).
    pub print_cols: Option<u16>,
    /// The sheet's pages are numbered from 1 again (not on from the sheets before it): a
    /// clerk's sheet after the council's pages.
    pub restart_pages: bool,
}

/// One worksheet, described.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    cells: BTreeMap<(u32, u16), Cell>,
    merges: Vec<(u32, u16, u32, u16)>,
    widths: BTreeMap<u16, f64>,
    heights: BTreeMap<u32, f64>,
    validations: Vec<(u32, u16, Validation)>,
    breaks: Vec<u32>,
    /// Row ranges that must not be split across printed pages (a center's rows, a subtotal
    /// with its ward, a chart's rows).
    keep: Vec<(u32, u32)>,
    pub page: Page,
    pub protect: bool,
    pub hidden: bool,
    /// Freeze panes at this (row, col).
    pub freeze: Option<(u32, u16)>,
    /// Cells shaded red while a formula is TRUE (a failing self-check of the template).
    highlights: Vec<(u32, u16, String)>,
    pub charts: Vec<ChartSpec>,
}

impl Sheet {
    pub fn new(name: impl Into<String>) -> Sheet {
        Sheet {
            name: name.into(),
            ..Sheet::default()
        }
    }

    pub fn set(&mut self, row: u32, col: u16, content: Content, style: Style) {
        self.cells.insert((row, col), Cell { content, style });
    }

    /// Give a cell already written another style (a 計 marked partial after it is written).
    pub fn restyle(&mut self, row: u32, col: u16, style: Style) {
        if let Some(cell) = self.cells.get_mut(&(row, col)) {
            cell.style = style;
        }
    }

    pub fn text(&mut self, row: u32, col: u16, text: impl Into<String>, style: Style) {
        self.set(row, col, Content::Text(text.into()), style);
    }

    pub fn number(&mut self, row: u32, col: u16, value: f64, style: Style) {
        self.set(row, col, Content::Number(value), style);
    }

    pub fn formula(&mut self, row: u32, col: u16, formula: String, cached: Cached, style: Style) {
        self.set(row, col, Content::Formula(formula, cached), style);
    }

    /// Merge a range; the top-left cell keeps its content, the rest take its style.
    pub fn merge(&mut self, first: (u32, u16), last: (u32, u16), content: Content, style: Style) {
        self.set(first.0, first.1, content, style);
        if first != last {
            self.merges.push((first.0, first.1, last.0, last.1));
            for r in first.0..=last.0 {
                for c in first.1..=last.1 {
                    if (r, c) != first {
                        self.set(r, c, Content::Blank, style);
                    }
                }
            }
        }
    }

    pub fn width(&mut self, col: u16, width: f64) {
        self.widths.insert(col, width);
    }

    pub fn height(&mut self, row: u32, height: f64) {
        self.heights.insert(row, height);
    }

    /// Shade a cell red while `formula` (with its leading `=`) is TRUE.
    pub fn highlight(&mut self, row: u32, col: u16, formula: String) {
        self.highlights.push((row, col, formula));
    }

    /// The last column holding anything.
    pub fn last_col(&self) -> u16 {
        self.cells
            .keys()
            .map(|&(_, c)| c)
            .chain(self.merges.iter().map(|m| m.3))
            .max()
            .unwrap_or(0)
    }

    pub fn validate(&mut self, row: u32, col: u16, v: Validation) {
        self.validations.push((row, col, v));
    }

    pub fn page_break(&mut self, row: u32) {
        if !self.breaks.contains(&row) {
            self.breaks.push(row);
        }
    }

    /// Widen columns to their longest text from row `from` on (within `min..=max` character
    /// units), so a listing prints one line a row where it can — but no wider than the page:
    /// the widest columns are narrowed to one cap (their text wraps, and row heights follow)
    /// until the sheet fits the page's width at full size, so fitting it to the page never
    /// shrinks the type (出典 printed at 62% before).
    pub fn fit_columns(&mut self, cols: std::ops::Range<u16>, from: u32, min: f64, max: f64) {
        let mut wanted = Vec::new();
        for col in cols.clone() {
            let longest = self
                .cells
                .range((from, 0)..)
                .filter(|((_, c), _)| *c == col)
                .filter_map(|(_, cell)| match &cell.content {
                    Content::Text(t) => Some(text_points(t, FONT_SIZE)),
                    Content::Number(n) => Some(text_points(&format_number(*n), FONT_SIZE) + 4.0),
                    _ => None,
                })
                .fold(0.0, f64::max);
            let units = ((longest + CELL_PADDING) / 0.75 - 5.0) / 7.0 + 0.5;
            wanted.push((col, units.clamp(min, max)));
            self.width(col, units.clamp(min, max));
        }
        let mut cap = max;
        while cap > min && self.printed_width() > self.body_width() {
            cap = (cap - 0.5).max(min);
            for &(col, units) in &wanted {
                self.width(col, units.min(cap));
            }
        }
    }

    /// Forget everything from `row` down (to lay those rows out again).
    pub fn clear_rows(&mut self, row: u32) {
        self.cells.retain(|&(r, _), _| r < row);
        self.merges.retain(|m| m.0 < row);
        self.heights.retain(|&r, _| r < row);
        self.validations.retain(|v| v.0 < row);
        self.breaks.retain(|&r| r < row);
        self.keep.retain(|k| k.0 < row);
    }

    /// Keep these rows together on one printed page (a page break goes before them if they
    /// would not fit); see [`paginate`].
    pub fn keep_together(&mut self, first: u32, last: u32) {
        self.keep.push((first, last));
    }

    /// The printed height of every row (see [`Heights`]), measured once.
    pub fn heights(&self) -> Heights {
        Heights {
            set: self.heights.clone(),
            needed: self.needed_heights(),
        }
    }

    /// Width of a column in Excel's character units (the default when not set).
    fn col_width(&self, col: u16) -> f64 {
        self.widths.get(&col).copied().unwrap_or(DEFAULT_COL_WIDTH)
    }

    /// The height each row's wrapped text needs, for the rows that need more than one line.
    /// Text is measured as LibreOffice and Excel draw our font: a full-width (CJK) character
    /// about one em, any other about 0.55 em; a merged cell has the width of its columns and
    /// spreads what it needs over its rows (the last row takes what is missing).
    fn needed_heights(&self) -> BTreeMap<u32, f64> {
        let mut spans: BTreeMap<(u32, u16), (u32, u16)> = BTreeMap::new();
        for &(r1, c1, r2, c2) in &self.merges {
            spans.insert((r1, c1), (r2, c2));
        }
        let mut out: BTreeMap<u32, f64> = BTreeMap::new();
        for (&(row, col), cell) in &self.cells {
            let Some(size) = wrapped_font_size(cell.style) else {
                continue;
            };
            let text = match &cell.content {
                Content::Text(t) => t.as_str(),
                Content::Formula(_, Cached::Text(t)) => t.as_str(),
                _ => continue,
            };
            let (last_row, last_col) = spans.get(&(row, col)).copied().unwrap_or((row, col));
            let width_pt: f64 = (col..=last_col)
                .map(|c| width_points(self.col_width(c)))
                .sum::<f64>()
                - CELL_PADDING;
            let lines = lines_needed(text, size, width_pt);
            if lines <= 1 && last_row == row {
                continue;
            }
            let need = lines as f64 * line_height(size) + 4.0;
            let have: f64 = (row..last_row)
                .map(|r| self.heights.get(&r).copied().unwrap_or(DEFAULT_ROW_HEIGHT))
                .sum();
            let rest = (need - have).max(0.0);
            let e = out.entry(last_row).or_insert(0.0);
            *e = e.max(rest);
        }
        out.retain(|_, h| *h > DEFAULT_ROW_HEIGHT);
        out
    }

    pub fn get(&self, row: u32, col: u16) -> Option<&Cell> {
        self.cells.get(&(row, col))
    }

    /// Every cell, in row-major order.
    pub fn cells(&self) -> impl Iterator<Item = (&(u32, u16), &Cell)> {
        self.cells.iter()
    }

    /// The first row below everything written so far.
    pub fn next_row(&self) -> u32 {
        self.cells.keys().map(|(r, _)| r + 1).max().unwrap_or(0)
    }
}

/// Printed row heights: the height set, or the one a row's wrapped text needs (rust_xlsxwriter
/// does not autofit rows, and a viewer draws overflowing text over the next row), at least
/// the default.
pub struct Heights {
    set: BTreeMap<u32, f64>,
    needed: BTreeMap<u32, f64>,
}

impl Heights {
    pub fn get(&self, row: u32) -> f64 {
        match (self.set.get(&row), self.needed.get(&row)) {
            (Some(&a), Some(&b)) => a.max(b),
            (Some(&a), None) => a,
            (None, Some(&b)) => b.max(DEFAULT_ROW_HEIGHT),
            (None, None) => DEFAULT_ROW_HEIGHT,
        }
    }

    /// The height of rows `first..=last` (0 when `last < first`).
    pub fn sum(&self, first: u32, last: u32) -> f64 {
        (first..=last).map(|r| self.get(r)).sum()
    }

    /// Rows whose height differs from the default (what the workbook must set).
    fn rows(&self) -> impl Iterator<Item = u32> + '_ {
        let all: std::collections::BTreeSet<u32> =
            self.set.keys().chain(self.needed.keys()).copied().collect();
        all.into_iter()
    }
}

/// Excel's default row height at our default font, in points.
pub const DEFAULT_ROW_HEIGHT: f64 = 13.5;
/// Excel's default column width, in character units.
const DEFAULT_COL_WIDTH: f64 = 8.43;
/// Points of a column width lost to the cell's margins and border.
const CELL_PADDING: f64 = 5.0;

/// The font size of a style whose text wraps, or `None` when it does not wrap.
fn wrapped_font_size(style: Style) -> Option<f64> {
    match style {
        Style::Paragraph
        | Style::Header
        | Style::Label
        | Style::LabelCenter
        | Style::Text
        | Style::InputText
        | Style::InputParagraph => Some(FONT_SIZE),
        _ => None,
    }
}

/// A4 in points (portrait width, height), and the margins [`render_sheet`] sets.
const A4: (f64, f64) = (595.0, 842.0);
const MARGIN_SIDES: f64 = 0.5 * 72.0;
const MARGIN_TOP_BOTTOM: f64 = 0.6 * 72.0;
/// What the page header and footer take from the body in LibreOffice, with room to spare:
/// estimates err towards a page break too early, never too late.
const HEADER_FOOTER: f64 = 40.0;
/// The share of a page's body pages are filled to: LibreOffice draws some rows a little taller
/// than measured, and a row pushed over would open the next page without its header.
const PAGE_MARGIN: f64 = 0.95;

impl Sheet {
    /// The width of everything printed (cells, merges and charts), in points, as Excel draws
    /// it. LibreOffice draws columns wider (its substitute font's digits are wider) and so
    /// scales a sheet further down to fit the page: estimating pages with Excel's narrower
    /// widths errs towards breaking too early in LibreOffice, never too late in either.
    fn printed_width(&self) -> f64 {
        let last_cell = self
            .cells
            .keys()
            .map(|&(_, c)| c)
            .chain(self.merges.iter().map(|m| m.3))
            .max()
            .unwrap_or(0);
        let wide = |c: u16| width_points(self.col_width(c));
        let cells: f64 = (0..=last_cell).map(wide).sum();
        let charts = self
            .charts
            .iter()
            .map(|ch| {
                let left: f64 = (0..ch.at.1).map(wide).sum();
                left + f64::from(ch.size.0) * 0.75
            })
            .fold(0.0, f64::max);
        cells.max(charts)
    }

    /// The width of a printed page's body, in points.
    pub fn body_width(&self) -> f64 {
        let w = if self.page.landscape { A4.1 } else { A4.0 };
        w - 2.0 * MARGIN_SIDES
    }

    /// The height of a printed page, in the sheet's own points: sheets print fitted to the
    /// page's width, so a sheet wider than the page fits more of its points on a page.
    pub fn page_capacity(&self) -> f64 {
        let h = if self.page.landscape { A4.0 } else { A4.1 };
        let body_w = self.body_width();
        let body_h = h - 2.0 * MARGIN_TOP_BOTTOM - HEADER_FOOTER;
        let scale = (body_w / self.printed_width().max(1.0)).min(1.0);
        body_h / scale * PAGE_MARGIN
    }

    /// The pages the sheet prints on: one more than its page breaks.
    pub fn page_count(&self) -> usize {
        self.paginate(&self.heights()).len().min(1023) + 1
    }

    /// Where pages break: before a kept-together block that would not fit what is left of a
    /// page, and wherever a page is full (so the printed pages are the ones computed here, not
    /// the viewer's). Rows repeated at the top of every page count on each page after the
    /// first. Breaks asked for with [`Sheet::page_break`] stay.
    pub fn paginate(&self, heights: &Heights) -> Vec<u32> {
        let capacity = self.page_capacity();
        let repeat = self
            .page
            .repeat_rows
            .map_or(0.0, |(a, b)| heights.sum(a, b));
        let last_row = self
            .cells
            .keys()
            .map(|&(r, _)| r)
            .chain(self.merges.iter().map(|m| m.2))
            .chain(self.charts.iter().map(|c| c.at.0 + c.size.1 / 18 + 1))
            .max()
            .unwrap_or(0);
        let mut starts: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for &(a, b) in &self.keep {
            starts.entry(a).or_default().push(b);
        }
        // A chart is kept whole with the rows it is drawn over, and the row above it: a break
        // right at its anchor row lets LibreOffice draw its top edge on the page before.
        for ch in &self.charts {
            let (first, mut last, mut h) = (ch.at.0.saturating_sub(1), ch.at.0, 0.0);
            while h < f64::from(ch.size.1) * 0.75 {
                h += heights.get(last);
                last += 1;
            }
            starts.entry(first).or_default().push(last);
        }
        let mut breaks: Vec<u32> = Vec::new();
        let mut used = 0.0;
        for row in 0..=last_row {
            let fresh = repeat;
            if self.breaks.contains(&row) && row > 0 {
                breaks.push(row);
                used = fresh;
            }
            // The longest block starting here that fits on a page at all.
            let block = starts
                .get(&row)
                .into_iter()
                .flatten()
                .map(|&last| heights.sum(row, last))
                .filter(|&h| h <= capacity - fresh)
                .fold(0.0, f64::max);
            let h = heights.get(row).max(block);
            if used + h > capacity && used > fresh && row > 0 {
                breaks.push(row);
                used = fresh;
            }
            used += heights.get(row);
        }
        breaks.dedup();
        breaks
    }
}

/// A workbook-level defined name pointing at one cell.
#[derive(Debug, Clone)]
pub struct Name {
    pub name: String,
    pub sheet: String,
    pub row: u32,
    pub col: u16,
}

/// A number as Excel writes a cached value: integers without a decimal point.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// `=IF(N(den)=0,"",N(num)/N(den))` for cells of one row: a ratio that stays blank over 0.
pub fn ratio_formula(row: u32, num: u16, den: u16) -> String {
    let (n, d) = (a1(row, num), a1(row, den));
    format!("=IF(N({d})=0,\"\",N({n})/N({d}))")
}

/// `=SUM(...)` over cells: a range when they are contiguous in one row or column.
pub fn sum_formula(cells: &[(u32, u16)]) -> String {
    if cells.is_empty() {
        return "=0".to_string();
    }
    let same_row = cells
        .windows(2)
        .all(|w| w[0].0 == w[1].0 && w[1].1 == w[0].1 + 1);
    let same_col = cells
        .windows(2)
        .all(|w| w[0].1 == w[1].1 && w[1].0 == w[0].0 + 1);
    let (first, last) = (cells[0], cells[cells.len() - 1]);
    if cells.len() > 1 && (same_row || same_col) {
        format!("=SUM({}:{})", a1(first.0, first.1), a1(last.0, last.1))
    } else {
        let list: Vec<String> = cells.iter().map(|&(r, c)| a1(r, c)).collect();
        format!("=SUM({})", list.join(","))
    }
}
