//! A worksheet as data: cells, merges, widths, validations and print setup, and its rendering
//! into an xlsx workbook.
//!
//! The template and the council workbook are both built as [`Sheet`]s first: layout code decides
//! what goes where, this module alone knows rust_xlsxwriter. That keeps the layouts testable
//! (the data dictionary reads the template's input cells from its `Sheet`s without writing a
//! file) and gives every sheet the same fonts, borders and print setup.

use rust_xlsxwriter::{
    Chart, ChartFont, ChartLegendPosition, ChartType, Color, DataValidation,
    DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
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
    /// The 計 row of a table.
    TotalLabel,
    TotalCount,
    Percent,
    PercentWhole,
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
    /// Template input cells: unlocked, tinted.
    Input,
    InputFte,
    InputText,
    /// Template total cells (a formula the center may type over): unlocked, grey.
    InputTotal,
    InputTotalFte,
    /// A wrapped paragraph.
    Paragraph,
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
    /// A decimal from 0 up to the headcount in the given cell (A1).
    FteOf(String),
    /// Text up to this many characters.
    Text(u32),
    /// A whole number in a range (an evaluation score, 1–5).
    Score(i32, i32),
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
    pub page: Page,
    pub protect: bool,
    pub hidden: bool,
    /// Freeze panes at this (row, col).
    pub freeze: Option<(u32, u16)>,
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

    pub fn validate(&mut self, row: u32, col: u16, v: Validation) {
        self.validations.push((row, col, v));
    }

    pub fn page_break(&mut self, row: u32) {
        self.breaks.push(row);
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
        Style::TotalLabel => boxed()
            .set_background_color(Color::RGB(TOTAL_FILL))
            .set_align(FormatAlign::Center),
        Style::TotalCount => boxed()
            .set_num_format(count)
            .set_background_color(Color::RGB(TOTAL_FILL)),
        Style::Percent => boxed()
            .set_num_format("0.0%")
            .set_background_color(Color::RGB(TOTAL_FILL)),
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
        Validation::Text(max) => DataValidation::new()
            .allow_text_length(DataValidationRule::LessThanOrEqualTo(*max))
            .set_input_title("事業所名")?
            .set_input_message("委託先の居宅介護支援事業所名を正式名称で入力してください。")?
            .set_error_title("入力できません")?
            .set_error_message(format!("事業所名は{max}文字までです。"))?,
    };
    Ok(dv.set_error_style(DataValidationErrorStyle::Stop))
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
    for (&row, &h) in &sheet.heights {
        ws.set_row_height(row, h)?;
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
    for (row, col, v) in &sheet.validations {
        ws.add_data_validation(*row, *col, *row, *col, &validation_for(v, *row, *col)?)?;
    }
    ws.set_paper_size(9); // A4
    if sheet.page.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    if let Some((first, last)) = sheet.page.repeat_rows {
        ws.set_repeat_rows(first, last)?;
    }
    if !sheet.page.header.is_empty() {
        ws.set_header(&sheet.page.header);
    }
    if !sheet.page.footer.is_empty() {
        ws.set_footer(&sheet.page.footer);
    }
    if !sheet.breaks.is_empty() {
        ws.set_page_breaks(&sheet.breaks)?;
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
    chart.x_axis().set_font(&font);
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
