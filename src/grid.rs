//! A worksheet as data: cells, merges, widths, validations and print setup, and its rendering
//! into an xlsx workbook.
//!
//! The template and the council workbook are both built as [`Sheet`]s first: layout code decides
//! what goes where, this module alone knows rust_xlsxwriter. That keeps the layouts testable
//! (the data dictionary reads the template's input cells from its `Sheet`s without writing a
//! file) and gives every sheet the same fonts, borders and print setup.

use rust_xlsxwriter::{
    Chart, ChartFont, ChartLegendPosition, ChartType, Color, ConditionalFormatFormula,
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
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

/// A column width (character units of the default font, 7 px a digit) in points.
pub fn width_points(units: f64) -> f64 {
    (units * 7.0 + 5.0) * 0.75
}

/// The font size of a style whose text wraps, or `None` when it does not wrap.
fn wrapped_font_size(style: Style) -> Option<f64> {
    match style {
        Style::Paragraph
        | Style::Header
        | Style::Label
        | Style::LabelCenter
        | Style::Text
        | Style::InputText => Some(FONT_SIZE),
        _ => None,
    }
}

/// The width of text in points at a font size: full-width characters one em, others 0.6 em.
pub fn text_points(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { size } else { size * 0.6 })
        .sum()
}

/// East Asian wide and full-width characters (kana, kanji, full-width forms, CJK punctuation).
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{303E}' | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}' | '\u{2460}'..='\u{24FF}'
        | '\u{25A0}'..='\u{27BF}')
}

/// Lines a text takes in a cell this wide (each of its own lines wrapped separately; a word
/// longer than the cell breaks anywhere, as CJK text does).
fn lines_needed(text: &str, size: f64, width_pt: f64) -> usize {
    let width = width_pt.max(size);
    text.split('\n')
        .map(|line| ((text_points(line, size) / width).ceil() as usize).max(1))
        .sum()
}

/// The height of one line of text at a size, as LibreOffice draws Noto Sans CJK (the widest
/// of the Gothic fonts a council's machine substitutes).
fn line_height(size: f64) -> f64 {
    size * 1.5
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

/// A1 address of a 0-based cell, e.g. `(4, 2)` → `C5`.
pub fn a1(row: u32, col: u16) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// Absolute A1 address (`$C$5`).
pub fn a1_abs(row: u32, col: u16) -> String {
    format!("${}${}", column_name(col), row + 1)
}

pub fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Parse `C5` / `$C$5` into a 0-based (row, col).
pub fn parse_a1(text: &str) -> Option<(u32, u16)> {
    let t = text.trim().replace('$', "");
    let split = t.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = t.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        col = col * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 || col == 0 || col > 16_384 || row > 1_048_576 {
        return None;
    }
    Some((row - 1, (col - 1) as u16))
}

/// A sheet reference in a formula: `'実績'!$C$5`.
pub fn sheet_ref(sheet: &str, row: u32, col: u16) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), a1_abs(row, col))
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(FONT_SIZE)
        .set_font_charset(128)
        .set_align(FormatAlign::VerticalCenter)
}

fn boxed() -> Format {
    base().set_border(FormatBorder::Thin)
}

const HEADER_FILL: u32 = 0xE7EEF5;
const TOTAL_FILL: u32 = 0xF2F2F2;
const INPUT_FILL: u32 = 0xFFF9DB;
const FLAG_FILL: u32 = 0xF8D0CC;
const MISSING_FILL: u32 = 0xE0E0E0;
const PARTIAL_FILL: u32 = 0xFFF2B3;

/// The one place styles become formats.
pub fn format_for(style: Style) -> Format {
    let count = "#,##0";
    match style {
        Style::Title => base().set_bold().set_font_size(14.0),
        Style::Heading => base().set_bold().set_font_size(12.0),
        Style::Subheading => base().set_bold(),
        Style::Note => base().set_font_size(9.0),
        Style::Small => base()
            .set_font_size(8.0)
            .set_font_color(Color::RGB(0x707070)),
        Style::Paragraph => base().set_text_wrap().set_align(FormatAlign::Top),
        Style::CheckMessage => base().set_font_color(Color::RGB(0xC00000)),
        Style::CheckListMessage => base()
            .set_font_color(Color::RGB(0xC00000))
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        Style::CheckStatus => boxed().set_align(FormatAlign::Center),
        Style::Header => boxed()
            .set_background_color(Color::RGB(HEADER_FILL))
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        Style::Label => boxed().set_text_wrap(),
        Style::LabelCenter => boxed().set_align(FormatAlign::Center).set_text_wrap(),
        Style::Text => boxed().set_text_wrap(),
        Style::Count => boxed().set_num_format(count),
        Style::Quiet => boxed().set_num_format("#,##0;-#,##0;"),
        Style::Flagged => boxed()
            .set_num_format(count)
            .set_background_color(Color::RGB(FLAG_FILL)),
        Style::Missing => boxed()
            .set_align(FormatAlign::Center)
            .set_font_color(Color::RGB(0x505050))
            .set_background_color(Color::RGB(MISSING_FILL)),
        Style::Unreadable => boxed()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(FLAG_FILL)),
        Style::Partial => boxed()
            .set_num_format(count)
            .set_background_color(Color::RGB(PARTIAL_FILL)),
        Style::TotalLabel => boxed()
            .set_background_color(Color::RGB(TOTAL_FILL))
            .set_align(FormatAlign::Center),
        Style::TotalCount => boxed()
            .set_num_format(count)
            .set_background_color(Color::RGB(TOTAL_FILL)),
        Style::Percent => boxed()
            .set_num_format("0.0%")
            .set_background_color(Color::RGB(TOTAL_FILL)),
        Style::Ratio => boxed().set_num_format("0.0%"),
        Style::PercentWhole => boxed()
            .set_num_format("0%")
            .set_background_color(Color::RGB(TOTAL_FILL)),
        Style::Fte => boxed().set_num_format("0.0#"),
        Style::Score => boxed().set_num_format("0").set_align(FormatAlign::Center),
        Style::Average => boxed()
            .set_num_format("0.0")
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(TOTAL_FILL)),
        Style::People => boxed()
            .set_num_format("#,##0\"人\"")
            .set_align(FormatAlign::Center),
        Style::Staff => boxed()
            .set_num_format("0\"人\"")
            .set_align(FormatAlign::Center),
        Style::StaffNoted => boxed()
            .set_num_format("0\"人※\"")
            .set_align(FormatAlign::Center),
        Style::Date => boxed()
            .set_num_format("yyyy/m/d")
            .set_align(FormatAlign::Center),
        Style::InputDate => boxed()
            .set_num_format("yyyy/m/d")
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(INPUT_FILL))
            .set_unlocked(),
        Style::Input => boxed()
            .set_num_format(count)
            .set_background_color(Color::RGB(INPUT_FILL))
            .set_unlocked(),
        Style::InputFte => boxed()
            .set_num_format("0.0#")
            .set_background_color(Color::RGB(INPUT_FILL))
            .set_unlocked(),
        Style::InputText => boxed()
            .set_background_color(Color::RGB(INPUT_FILL))
            .set_unlocked(),
        Style::InputTotal => boxed()
            .set_num_format(count)
            .set_background_color(Color::RGB(TOTAL_FILL))
            .set_unlocked(),
        Style::InputTotalFte => boxed()
            .set_num_format("0.0#")
            .set_background_color(Color::RGB(TOTAL_FILL))
            .set_unlocked(),
    }
}

/// Messages of template validations, in Japanese for the centers.
fn validation_for(v: &Validation, row: u32, col: u16) -> Result<DataValidation, XlsxError> {
    let dv = match v {
        Validation::Count => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(0, 9_999_999))
            .set_input_title("件数")?
            .set_input_message("0以上の整数を入力してください。0件は空欄でもかまいません。")?
            .set_error_title("入力できません")?
            .set_error_message("0以上の整数(件数・人数)を入力してください。")?,
        Validation::Signed => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(-9_999_999, 9_999_999))
            .set_input_title("金額")?
            .set_input_message("整数を入力してください(マイナスも入力できます)。")?
            .set_error_title("入力できません")?
            .set_error_message("整数を入力してください。")?,
        Validation::FteOf(headcount) => DataValidation::new()
            .allow_custom(Formula::new(format!(
                "=AND(ISNUMBER({0}),{0}>=0,{0}<=MAX(0,{headcount}))",
                a1(row, col)
            )))
            .set_input_title("常勤換算")?
            .set_input_message(
                "非常勤職員の常勤換算数(例: 0.7)。人数を超えない小数で入力してください。",
            )?
            .set_error_title("入力できません")?
            .set_error_message("常勤換算は0以上、非常勤の人数以下の数です(1人あたり1.0まで)。")?,
        Validation::Score(lo, hi) => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(*lo, *hi))
            .set_input_title("評価")?
            .set_input_message(format!("{lo}から{hi}までの整数で評価を入力してください。"))?
            .set_error_title("入力できません")?
            .set_error_message(format!("評価は{lo}から{hi}までの整数です。"))?,
        Validation::Date(what) => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(2000, 1, 1)?,
                ExcelDateTime::from_ymd(2099, 12, 31)?,
            ))
            .set_input_title(what.chars().take(30).collect::<String>())?
            .set_input_message(format!(
                "{what}を 2025/6/12 のように年月日で入力してください。"
            ))?
            .set_error_title("入力できません")?
            .set_error_message(format!("{what}は 2025/6/12 のような日付です。"))?,
        Validation::Text(max, what) => DataValidation::new()
            .allow_text_length(DataValidationRule::LessThanOrEqualTo(*max))
            .set_input_title(what.chars().take(30).collect::<String>())?
            .set_input_message(format!("{what}を正式名称で入力してください。"))?
            .set_error_title("入力できません")?
            .set_error_message(format!("{what}は{max}文字までです。"))?,
    };
    Ok(dv.set_error_style(DataValidationErrorStyle::Stop))
}

/// A page header or footer within Excel's 255 characters (a long title is cut with …, never
/// inside an `&` code), so the writer never refuses it or warns in English.
fn header_footer(text: &str) -> String {
    const MOST: usize = 250;
    if text.chars().count() <= MOST {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MOST).collect();
    let amps = cut.chars().rev().take_while(|&c| c == '&').count();
    if amps % 2 == 1 {
        cut.pop();
    }
    cut.push('…');
    cut
}

/// A workbook-level defined name pointing at one cell.
#[derive(Debug, Clone)]
pub struct Name {
    pub name: String,
    pub sheet: String,
    pub row: u32,
    pub col: u16,
}

/// Render sheets (and defined names) into xlsx bytes. Fixed document properties keep the output
/// byte-identical for the same input.
pub fn render(sheets: &[Sheet], names: &[Name], title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_default_format(&base().set_font_size(11.0), 18, 72)?;
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("hokatsu")
            .set_creation_datetime(&created),
    );
    let mut formats: BTreeMap<Style, Format> = BTreeMap::new();
    for sheet in sheets {
        let ws = wb.add_worksheet();
        // A formula whose cached result is "" (a blank ratio, a self-check that passes) is
        // stored as an empty string, not rust_xlsxwriter's default 0: a viewer that shows cached
        // values (LibreOffice printing a template) shows nothing there.
        ws.set_formula_result_default("");
        render_sheet(ws, sheet, &mut formats)?;
    }
    for n in names {
        wb.define_name(&n.name, &format!("={}", sheet_ref(&n.sheet, n.row, n.col)))?;
    }
    wb.save_to_buffer()
}

fn render_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    formats: &mut BTreeMap<Style, Format>,
) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    for (&col, &w) in &sheet.widths {
        ws.set_column_width(col, w)?;
    }
    let heights = sheet.heights();
    for row in heights.rows() {
        ws.set_row_height(row, heights.get(row))?;
    }
    for cell in sheet.cells.values() {
        formats
            .entry(cell.style)
            .or_insert_with(|| format_for(cell.style));
    }
    let fmt = |s: Style| &formats[&s];
    // Cells inside merged ranges other than their top-left one (looked up per cell: a set,
    // not a scan of the merges, so large sheets stay linear).
    let covered: std::collections::HashSet<(u32, u16)> = sheet
        .merges
        .iter()
        .flat_map(|&(r1, c1, r2, c2)| {
            (r1..=r2)
                .flat_map(move |r| (c1..=c2).map(move |c| (r, c)))
                .filter(move |&rc| rc != (r1, c1))
        })
        .collect();
    for &(r1, c1, r2, c2) in &sheet.merges {
        let style = sheet.get(r1, c1).map(|c| c.style).unwrap_or(Style::Text);
        ws.merge_range(r1, c1, r2, c2, "", fmt(style))?;
    }
    for (&(row, col), cell) in &sheet.cells {
        let f = fmt(cell.style);
        if covered.contains(&(row, col)) {
            continue; // inside a merged range: merge_range wrote it
        }
        match &cell.content {
            Content::Blank => {
                ws.write_blank(row, col, f)?;
            }
            Content::Text(t) => {
                ws.write_string_with_format(row, col, t, f)?;
            }
            Content::Number(n) => {
                ws.write_number_with_format(row, col, *n, f)?;
            }
            Content::Formula(text, cached) => {
                let result = match cached {
                    Cached::Number(n) => format_number(*n),
                    Cached::Text(t) => t.clone(),
                };
                ws.write_formula_with_format(row, col, Formula::new(text).set_result(result), f)?;
            }
        }
    }
    if !sheet.highlights.is_empty() {
        let flag = Format::new()
            .set_background_color(Color::RGB(FLAG_FILL))
            .set_font_color(Color::RGB(0x9C0006));
        for (row, col, formula) in &sheet.highlights {
            let cf = ConditionalFormatFormula::new()
                .set_rule(formula.as_str())
                .set_format(&flag);
            ws.add_conditional_format(*row, *col, *row, *col, &cf)?;
        }
    }
    for (row, col, v) in &sheet.validations {
        ws.add_data_validation(*row, *col, *row, *col, &validation_for(v, *row, *col)?)?;
    }
    ws.set_paper_size(9); // A4
    if sheet.page.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    if let (Some(last_col), Some(last_row)) = (
        sheet.page.print_cols,
        sheet.cells.keys().map(|&(r, _)| r).max(),
    ) {
        ws.set_print_area(0, 0, last_row, last_col)?;
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    if let Some((first, last)) = sheet.page.repeat_rows {
        ws.set_repeat_rows(first, last)?;
    }
    if !sheet.page.header.is_empty() {
        ws.set_header(header_footer(&sheet.page.header));
    }
    if !sheet.page.footer.is_empty() {
        ws.set_footer(header_footer(&sheet.page.footer));
    }
    let mut breaks = sheet.paginate(&heights);
    // Excel keeps at most 1,023 manual breaks a sheet; later pages break by themselves.
    breaks.truncate(1023);
    if !breaks.is_empty() {
        ws.set_page_breaks(&breaks)?;
    }
    if let Some((r, c)) = sheet.freeze {
        ws.set_freeze_panes(r, c)?;
    }
    for spec in &sheet.charts {
        ws.insert_chart(spec.at.0, spec.at.1, &chart_for(spec))?;
    }
    if sheet.protect {
        // No password. Centers may insert rows and columns (the reader finds items by name)
        // and resize them, but not delete them or edit anything but the input cells.
        let options = ProtectionOptions {
            insert_rows: true,
            insert_columns: true,
            format_rows: true,
            format_columns: true,
            ..ProtectionOptions::default()
        };
        ws.protect_with_options(&options);
    }
    if sheet.hidden {
        ws.set_hidden(true);
    }
    Ok(())
}

fn chart_for(spec: &ChartSpec) -> Chart {
    let mut chart = Chart::new(match spec.kind {
        ChartKind::StackedColumn => ChartType::ColumnStacked,
        ChartKind::Line => ChartType::Line,
    });
    let mut font = ChartFont::new();
    font.set_name(FONT);
    let mut title_font = ChartFont::new();
    title_font.set_name(FONT).set_size(11).set_bold();
    let (s, r1, c1, r2, c2) = &spec.categories;
    for series in &spec.series {
        let (vs, vr1, vc1, vr2, vc2) = &series.values;
        let (ns, nr, nc) = &series.name;
        chart
            .add_series()
            .set_categories((s.as_str(), *r1, *c1, *r2, *c2))
            .set_values((vs.as_str(), *vr1, *vc1, *vr2, *vc2))
            .set_name((ns.as_str(), *nr, *nc));
    }
    chart.title().set_name(&spec.title).set_font(&title_font);
    // Every category named (not every other one), turned when there are many.
    let categories = spec.categories.3.saturating_sub(spec.categories.1) + 1;
    let mut axis_font = font.clone();
    if categories > 8 {
        axis_font.set_rotation(-45);
    }
    chart.x_axis().set_font(&axis_font).set_label_interval(1);
    chart.y_axis().set_font(&font);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font);
    chart.set_width(spec.size.0).set_height(spec.size.1);
    chart
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_fit_excel_and_keep_their_codes() {
        assert_eq!(header_footer("&C釧路市"), "&C釧路市");
        let long = format!("&C{}", "長".repeat(400));
        let cut = header_footer(&long);
        assert!(cut.chars().count() <= 255 && cut.starts_with("&C長") && cut.ends_with('…'));
        // An escaped & at the cut is not left half.
        let amps = format!("&C{}{}", "a".repeat(247), "&&&&");
        assert!(!header_footer(&amps).trim_end_matches('…').ends_with("&&&"));
    }

    #[test]
    fn a1_round_trips() {
        for (r, c, s) in [
            (0, 0, "A1"),
            (4, 2, "C5"),
            (9, 25, "Z10"),
            (0, 26, "AA1"),
            (99, 701, "ZZ100"),
        ] {
            assert_eq!(a1(r, c), s);
            assert_eq!(parse_a1(s), Some((r, c)));
        }
        assert_eq!(parse_a1("$C$5"), Some((4, 2)));
        assert_eq!(parse_a1("C0"), None);
        assert_eq!(parse_a1("5C"), None);
        assert_eq!(sheet_ref("実績", 4, 2), "'実績'!$C$5");
    }
}
