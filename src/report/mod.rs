//! The council workbook (運営協議会資料): every table of `000` in its order, with 計 rows as
//! formulas (values cached), 割合 rows, notes, the findings (検証結果) and the sources (出典).
//!
//! Each sheet family is one file and turns the run's data into a [`Sheet`]; `grid` renders.
//! Nothing here reads files or knows a label the form does not give, except the workbook's own
//! chrome (sheet names, the findings sheet's headers).

mod activities;
mod cells;
mod charts;
mod evaluation;
mod findings_sheet;
mod grids;
mod overview;
mod providers;
mod sources;
mod staffing;
pub mod summary;
mod trends;

use crate::era::Period;
use crate::form::{Form, LabelContext};
use crate::grid::{self, Sheet, Style};
use crate::i18n::Lang;
use crate::model::Outcome;
use crate::model::Submission;
use crate::profile::Profile;
use crate::template::label_context;

pub use providers::{MergedProvider, merge_providers};

pub const SHEET_OVERVIEW: &str = "概要";
pub const SHEET_STAFFING: &str = "職員配置";
pub const SHEET_ACTIVITIES: &str = "事業実績";
pub const SHEET_PROVIDERS: &str = "委託先事業所一覧";
pub const SHEET_EVALUATION: &str = "評価";
pub const SHEET_TRENDS: &str = "推移";
pub const SHEET_CHARTS: &str = "グラフ";
pub const SHEET_FINDINGS: &str = "検証結果";
pub use crate::model::SHEET_SOURCES;

/// Everything a sheet builder needs.
pub struct Report<'a> {
    pub profile: &'a Profile,
    pub form: &'a Form,
    pub period: Period,
    pub lang: Lang,
    pub labels: LabelContext,
    pub title: String,
    /// Per profile center, its submission (if it sent one).
    pub subs: Vec<Option<&'a Submission>>,
    pub outcome: &'a Outcome,
    pub providers: Vec<MergedProvider>,
    /// Centers in report order, grouped by ward/area (one group without a name when the
    /// profile gives no areas).
    pub groups: Vec<Group>,
    /// The rows are wards/areas, not centers (see [`summary`]).
    pub by_area: bool,
    /// Per profile center without figures in the report, why (未提出: no file, a blank
    /// template, another period's file, a file that could not be used).
    pub left_out: Vec<Option<crate::i18n::Text>>,
}

/// Consecutive centers of one ward or area.
#[derive(Debug, Clone)]
pub struct Group {
    pub area: Option<String>,
    pub centers: Vec<usize>,
}

/// Group a profile's centers by area, in profile order.
pub fn groups(profile: &Profile) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (i, c) in profile.centers.iter().enumerate() {
        match out.last_mut() {
            Some(g) if g.area == c.area => g.centers.push(i),
            _ => out.push(Group {
                area: c.area.clone(),
                centers: vec![i],
            }),
        }
    }
    out
}

impl<'a> Report<'a> {
    pub fn new(profile: &'a Profile, outcome: &'a Outcome, period: Period, lang: Lang) -> Self {
        let mut subs = vec![None; profile.centers.len()];
        for s in &outcome.submissions {
            subs[s.center] = Some(s);
        }
        let labels = label_context(profile, Some(period));
        let title = labels.render(&profile.form.title);
        let providers = merge_providers(profile, &outcome.submissions);
        let mut report = Report {
            groups: groups(profile),
            by_area: false,
            profile,
            form: &profile.form,
            period,
            lang,
            labels,
            title,
            subs,
            outcome,
            providers,
            left_out: Vec::new(),
        };
        report.left_out = vec![None; profile.centers.len()];
        for (i, why) in report.not_included() {
            report.left_out[i] = Some(why);
        }
        report
    }

    /// The mark a left-out center's cells carry: 未提出(令和7年10月分の様式).
    pub fn missing_mark(&self, center: usize) -> String {
        let why = self.left_out[center]
            .as_ref()
            .map(|t| t.get(self.lang).to_string())
            .unwrap_or_default();
        match self.lang {
            Lang::Ja => format!("未提出({why})"),
            Lang::En => format!("not submitted ({why})"),
        }
    }

    /// The note saying the rows are areas, for the tables that show them.
    fn area_note(&self, sheet: &mut Sheet, row: u32) -> u32 {
        if !self.by_area {
            return row;
        }
        sheet.text(
            row,
            0,
            crate::i18n::tr(
                self.lang,
                "※ センター数が多いため、区・地域ごとの合計を表示しています(評価は平均)。センター別の値は集計用CSV(compile --csv)に、各センターの検証結果は検証結果シートにあります。",
                "※ With this many centers, rows are wards/areas (sums; scores averaged). Each center's values are in the tidy CSV (compile --csv); each center's findings are on the findings sheet.",
            ),
            Style::Note,
        );
        row + 1
    }

    /// The profile's centers whose numbers are not in the report, each with why: no file, a
    /// blank template, a file of another period, a file that could not be used.
    fn not_included(&self) -> Vec<(usize, crate::i18n::Text)> {
        use crate::findings::{Severity, rule};
        use crate::i18n::Text;
        let mut out = Vec::new();
        for (i, center) in self.profile.centers.iter().enumerate() {
            if self.subs[i].is_some() {
                continue;
            }
            let own = |f: &&crate::findings::Finding| {
                f.severity == Severity::Error && f.center.as_deref() == Some(center.short.as_str())
            };
            let findings: Vec<_> = self.outcome.findings.iter().filter(own).collect();
            let other_period = findings
                .iter()
                .filter(|f| f.rule == rule::INPUT)
                .find_map(|f| Period::parse_as(f.actual.as_deref()?, self.form.cadence));
            let why = if findings.iter().any(|f| f.rule == rule::INPUT_BLANK) {
                Text::new("未記入の様式", "a blank template")
            } else if let Some(p) = other_period {
                Text::new(format!("{}分の様式", p.wareki()), format!("a file of {p}"))
            } else if findings.iter().any(|f| f.rule == rule::INPUT) {
                Text::new("使えないファイル", "a file that could not be used")
            } else {
                Text::new("提出なし", "no file")
            };
            out.push((i, why));
        }
        out
    }

    /// Print setup shared by every sheet: the title in the header, sheet and page in the footer;
    /// a report forced past errors says so at the top right of every printed page.
    fn page(&self, sheet: &mut Sheet, landscape: bool) {
        sheet.page.landscape = landscape;
        let errors = crate::findings::count(&self.outcome.findings).errors;
        let mark = match (errors, self.lang) {
            (0, _) => String::new(),
            (n, Lang::Ja) => format!("&R検証エラー {n} 件を含む"),
            (n, Lang::En) => format!("&RIncludes {n} validation errors"),
        };
        sheet.page.header = format!("&C{}{mark}", self.title.replace('&', "&&"));
        sheet.page.footer = format!("&L{}&R&P / &N", self.profile.city.replace('&', "&&"));
    }
}

/// Build the council workbook's sheets.
pub fn sheets(report: &Report) -> Vec<Sheet> {
    let providers = providers::sheet(report);
    let acts = activities::sheet(report, &providers);
    let trends = trends::sheet(report, &acts);
    let charts = charts::sheet(report, &acts, trends.as_ref());
    let mut sheets = vec![overview::sheet(report)];
    sheets.extend(staffing::sheet(report));
    sheets.push(acts.sheet);
    // A form without a providers table has no list to print.
    if report.form.providers.is_some() {
        sheets.push(providers.sheet);
    }
    sheets.extend(trends.map(|t| t.sheet));
    sheets.extend(charts);
    sheets.extend(evaluation::sheet(report));
    sheets.push(findings_sheet::sheet(report));
    sheets.push(sources::sheet(report));
    number_pages(report, &mut sheets);
    sheets
}

/// Number the printed pages: the council's sheets through (1 / 14 … 14 / 14), the clerk's
/// (検証結果, 出典, after them) each on its own and named, so the packet a council receives
/// counts its own pages, not the findings it never sees. The totals are the pages
/// [`Sheet::paginate`] breaks the sheets into (a viewer's own total takes every sheet of the
/// workbook); a viewer numbers the council's pages on from the first, and starts each clerk's
/// sheet again at 1.
fn number_pages(report: &Report, sheets: &mut [Sheet]) {
    let clerk = |s: &Sheet| s.name == SHEET_FINDINGS || s.name == SHEET_SOURCES;
    let pages: Vec<usize> = sheets.iter().map(Sheet::page_count).collect();
    let council: usize = (sheets.iter().zip(&pages))
        .filter(|(s, _)| !clerk(s))
        .map(|(_, &n)| n)
        .sum();
    let city = report.profile.city.replace('&', "&&");
    for (s, &n) in sheets.iter_mut().zip(&pages) {
        if clerk(s) {
            s.page.restart_pages = true;
            s.page.footer = format!("&L{city}&R{} &P / {n}", s.name.replace('&', "&&"));
        } else {
            s.page.footer = format!("&L{city}&R&P / {council}");
        }
    }
}

/// The council workbook as xlsx bytes.
pub fn render(report: &Report) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    grid::render(&sheets(report), &[], &report.title)
}
