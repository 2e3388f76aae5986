//! Rendering sheets into an xlsx workbook: the one place that knows rust_xlsxwriter's
//! worksheets, formats, validations and charts.

use super::{
    Cached, ChartKind, ChartSpec, Content, FONT, FONT_SIZE, Name, Sheet, Style, Validation, a1,
    format_number, sheet_ref,
};
use rust_xlsxwriter::{
    Chart, ChartFont, ChartLegendPosition, ChartType, Color, ConditionalFormatFormula,
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;

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
        Style::InputParagraph => boxed()
            .set_background_color(Color::RGB(INPUT_FILL))
            .set_text_wrap()
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
    write_cells(ws, sheet, formats)?;
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
    print_setup(ws, sheet, &heights)?;
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

/// The merged ranges and every cell, each in its style's format.
fn write_cells(
    ws: &mut Worksheet,
    sheet: &Sheet,
    formats: &BTreeMap<Style, Format>,
) -> Result<(), XlsxError> {
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
    Ok(())
}

/// A4, orientation, print area, fit to the page's width, margins, repeated rows, header and
/// footer, and the page breaks [`Sheet::paginate`] computes.
fn print_setup(
    ws: &mut Worksheet,
    sheet: &Sheet,
    heights: &super::Heights,
) -> Result<(), XlsxError> {
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
    if sheet.page.restart_pages {
        ws.set_print_first_page_number(1);
    }
    if !sheet.page.footer.is_empty() {
        ws.set_footer(header_footer(&sheet.page.footer));
    }
    let mut breaks = sheet.paginate(heights);
    // Excel keeps at most 1,023 manual breaks a sheet; later pages break by themselves.
    breaks.truncate(1023);
    if !breaks.is_empty() {
        ws.set_page_breaks(&breaks)?;
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
}
