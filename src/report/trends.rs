//! 推移: the headline figures against last month and against the same month of earlier fiscal
//! years (004's R2–R6 table), so a council sees direction, not just level.
//!
//! Values are year-to-date, so "this month minus last month" is the month's own activity; the
//! per-center table shows it. This month's numbers are formulas over 事業実績, so they follow any
//! correction made there; earlier months are the numbers as they were reported.

use super::cells::ActivitySheet;
use super::{Report, SHEET_ACTIVITIES, SHEET_TRENDS};
use crate::grid::{Cached, Content, Sheet, Style, a1, sheet_ref};
use crate::i18n::tr;
use crate::model::Snapshot;
use crate::model::value;

/// The trend sheet, and where its fiscal-year table is (for the trend chart).
pub struct TrendSheet {
    pub sheet: Sheet,
    /// The year table: its header row (labels of the years), first data row, and column range.
    pub years: Option<YearTable>,
}

pub struct YearTable {
    pub header: u32,
    /// Rows of the figures, in `form.headlines` order.
    pub rows: Vec<(usize, u32)>,
    pub first_col: u16,
    pub last_col: u16,
}

/// A headline figure's name: the form's, else its table, and its column when that is not the
/// total.
fn label(r: &Report, item: usize) -> String {
    if let Some(label) = r.form.headline_labels.get(&item) {
        return label.clone();
    }
    let it = &r.form.items[item];
    let t = &r.form.tables[it.table];
    let is_total = r.form.sums.iter().any(|s| s.total == item);
    if is_total || t.columns.len() == 1 {
        it.section_label.clone()
    } else {
        format!("{} {}", it.section_label, it.column_label)
    }
}

/// A figure's city total in a snapshot.
/// What the period before is called: 前月, 前期 (a quarter or half), 前年度.
fn last_ja(r: &Report) -> &'static str {
    match r.period.cadence {
        crate::era::Cadence::Month => "前月",
        crate::era::Cadence::Quarter | crate::era::Cadence::Half => "前期",
        crate::era::Cadence::Year => "前年度",
    }
}

fn last_en(r: &Report) -> &'static str {
    match r.period.cadence {
        crate::era::Cadence::Month => "last month",
        crate::era::Cadence::Quarter | crate::era::Cadence::Half => "last period",
        crate::era::Cadence::Year => "last year",
    }
}

fn city_total(r: &Report, snap: &Snapshot, item: usize) -> f64 {
    snap.submissions
        .iter()
        .map(|s| value(r.form, s, item))
        .sum()
}

pub fn sheet(r: &Report, acts: &ActivitySheet) -> Option<TrendSheet> {
    let outcome = r.outcome;
    // Earlier fiscal years at this period's month: the history, and last period when it is
    // last year's (a yearly form's previous period is the year before).
    let mut same_month: Vec<&Snapshot> = outcome
        .history
        .iter()
        .chain(&outcome.previous)
        .filter(|s| {
            s.period.month == r.period.month && s.period.fiscal_year() < r.period.fiscal_year()
        })
        .collect();
    same_month.sort_by_key(|s| s.period);
    if outcome.previous.is_none() && same_month.is_empty() || r.form.headlines.is_empty() {
        return None;
    }
    let mut s = Sheet::new(SHEET_TRENDS);
    r.page(&mut s, true);
    s.text(0, 0, &r.title, Style::Title);
    let mut row = 2;
    if let Some(prev) = &outcome.previous {
        row = against_last(r, &mut s, row, prev, acts);
        if prev.period.fiscal_year() == r.period.fiscal_year() {
            row = by_center(r, &mut s, row, prev, acts);
        }
    }
    let years = (!same_month.is_empty()).then(|| year_table(r, &mut s, row, &same_month, acts));
    s.width(0, 62.0);
    for c in 1..=r.form.headlines.len().max(6) as u16 {
        s.width(c, 12.0);
    }
    Some(TrendSheet { sheet: s, years })
}

/// This period's city total of a figure: a formula over 事業実績, its value cached.
fn current(acts: &ActivitySheet, item: usize) -> (String, f64) {
    let (tr_, tc) = acts.totals.get(&item).copied().unwrap_or((0, 0));
    let cached = acts.sheet.get(tr_, tc).map_or(0.0, |c| match &c.content {
        Content::Formula(_, Cached::Number(n)) | Content::Number(n) => *n,
        _ => 0.0,
    });
    (format!("={}", sheet_ref(SHEET_ACTIVITIES, tr_, tc)), cached)
}

/// The headline figures against the period before, from `row`; returns the row below.
fn against_last(
    r: &Report,
    s: &mut Sheet,
    mut row: u32,
    prev: &Snapshot,
    acts: &ActivitySheet,
) -> u32 {
    let lang = r.lang;
    let now = r.period.end_short();
    let same_year = prev.period.fiscal_year() == r.period.fiscal_year();
    let then = prev.period.end_short();
    let block = row;
    s.text(
        row,
        0,
        match lang {
            crate::i18n::Lang::Ja => format!("{}との比較({then} → {now})", last_ja(r)),
            crate::i18n::Lang::En => format!("Against the {} ({then} → {now})", last_en(r)),
        },
        Style::Heading,
    );
    row += 1;
    if !same_year && r.period.cadence != crate::era::Cadence::Year {
        s.text(
                row,
                0,
                tr(
                    lang,
                    "※ 年度が変わったため、前月は前年度の累計です。増減は参考です。",
                    "※ A new fiscal year began: last month is last year's total; the change is for reference.",
                ),
                Style::Note,
            );
        row += 1;
    }
    let header = [
        tr(lang, "項目", "Figure"),
        &then,
        &now,
        tr(lang, "増減", "Change"),
        tr(lang, "増減率", "Change %"),
    ];
    for (c, h) in header.iter().enumerate() {
        s.text(row, c as u16, *h, Style::Header);
    }
    row += 1;
    for &item in &r.form.headlines {
        let before = city_total(r, prev, item);
        let (formula, cached) = current(acts, item);
        s.text(row, 0, label(r, item), Style::Label);
        s.number(row, 1, before, Style::Count);
        s.formula(row, 2, formula, Cached::Number(cached), Style::Count);
        let (b, c) = (a1(row, 1), a1(row, 2));
        s.formula(
            row,
            3,
            format!("={c}-{b}"),
            Cached::Number(cached - before),
            Style::Count,
        );
        let rate = if before == 0.0 {
            Cached::Text(String::new())
        } else {
            Cached::Number((cached - before) / before)
        };
        s.formula(
            row,
            4,
            format!("=IF({b}=0,\"\",({c}-{b})/{b})"),
            rate,
            Style::Percent,
        );
        row += 1;
    }
    s.keep_together(block, row - 1);
    row += 1;

    row
}

/// This month's own activity per center: the year-to-date increase (a flow figure, this
/// period's amount, is its own activity). From `row`; returns the row below.
fn by_center(
    r: &Report,
    s: &mut Sheet,
    mut row: u32,
    prev: &Snapshot,
    acts: &ActivitySheet,
) -> u32 {
    let lang = r.lang;
    let flow = |item: usize| r.form.tables[r.form.items[item].table].flow;
    let block = row;
    let ytd = r.form.headlines.iter().any(|&i| !flow(i));
    s.text(
        row,
        0,
        match (lang, ytd) {
            (crate::i18n::Lang::Ja, true) => {
                format!("{}の実績(センター別、累計の増加分)", r.period.wareki())
            }
            (crate::i18n::Lang::Ja, false) => {
                format!("{}の実績(センター別)", r.period.wareki())
            }
            (crate::i18n::Lang::En, true) => format!(
                "Activity in {} by center (increase of the year-to-date)",
                r.period
            ),
            (crate::i18n::Lang::En, false) => {
                format!("Activity in {} by center", r.period)
            }
        },
        Style::Heading,
    );
    row += 1;
    s.text(row, 0, tr(lang, "区分", "Center"), Style::Header);
    for (k, &item) in r.form.headlines.iter().enumerate() {
        s.text(row, 1 + k as u16, label(r, item), Style::Header);
    }
    s.height(row, 76.0);
    row += 1;
    for (ci, center) in r.profile.centers.iter().enumerate() {
        // A center without this period's figures is named so; its cells stay empty.
        let label = match r.subs[ci] {
            Some(_) => center.short.clone(),
            None => format!("{}({})", center.short, tr(lang, "未提出", "none")),
        };
        s.text(row, 0, label, Style::LabelCenter);
        for (k, &item) in r.form.headlines.iter().enumerate() {
            let col = 1 + k as u16;
            let before = prev.of_center(ci).map(|p| value(r.form, p, item));
            let cell = acts.cells.get(&(ci, item)).copied();
            match (r.subs[ci], before, cell) {
                (Some(sub), _, Some((cr, cc))) if flow(item) => {
                    s.formula(
                        row,
                        col,
                        format!("={}", sheet_ref(SHEET_ACTIVITIES, cr, cc)),
                        Cached::Number(value(r.form, sub, item)),
                        Style::Count,
                    );
                }
                (Some(sub), Some(b), Some((cr, cc))) => {
                    let now = value(r.form, sub, item);
                    s.formula(
                        row,
                        col,
                        format!(
                            "={}-{}",
                            sheet_ref(SHEET_ACTIVITIES, cr, cc),
                            crate::grid::format_number(b)
                        ),
                        Cached::Number(now - b),
                        Style::Count,
                    );
                }
                _ => s.set(row, col, Content::Blank, Style::Count),
            }
        }
        row += 1;
    }
    s.keep_together(block, row - 1);
    row += 1;
    row
}

/// Earlier fiscal years at this period's month beside this one, from `row`.
fn year_table(
    r: &Report,
    s: &mut Sheet,
    mut row: u32,
    same_month: &[&Snapshot],
    acts: &ActivitySheet,
) -> YearTable {
    let lang = r.lang;
    let now = r.period.end_short();
    let block = row;
    s.text(
        row,
        0,
        match lang {
            crate::i18n::Lang::Ja if r.period.cadence == crate::era::Cadence::Year => {
                "年度比較".to_string()
            }
            crate::i18n::Lang::Ja => format!("年度比較(各年度の{}月末時点)", r.period.month),
            crate::i18n::Lang::En => format!(
                "Fiscal years compared (end of month {} of each)",
                r.period.month
            ),
        },
        Style::Heading,
    );
    row += 1;
    let header = row;
    s.text(header, 0, tr(lang, "項目", "Figure"), Style::Header);
    let columns: Vec<Option<&Snapshot>> =
        same_month.iter().map(|s| Some(*s)).chain([None]).collect();
    for (k, snap) in columns.iter().enumerate() {
        let label = snap.map_or(now.clone(), |s| s.period.end_short());
        s.text(header, 1 + k as u16, label, Style::Header);
    }
    row += 1;
    let mut rows = Vec::new();
    for &item in &r.form.headlines {
        s.text(row, 0, label(r, item), Style::Label);
        for (k, snap) in columns.iter().enumerate() {
            let col = 1 + k as u16;
            match snap {
                Some(snap) => s.number(row, col, city_total(r, snap, item), Style::Count),
                None => {
                    let (formula, cached) = current(acts, item);
                    s.formula(row, col, formula, Cached::Number(cached), Style::Count);
                }
            }
        }
        rows.push((item, row));
        row += 1;
    }
    let years = YearTable {
        header,
        rows,
        first_col: 1,
        last_col: columns.len() as u16,
    };
    let sources: Vec<String> = same_month
        .iter()
        .map(|s| format!("{} ({})", s.period.end_short(), s.source))
        .collect();
    s.text(
        row,
        0,
        match lang {
            crate::i18n::Lang::Ja => format!("* 過去の値: {}", sources.join("、")),
            crate::i18n::Lang::En => format!("* Earlier values from: {}", sources.join(", ")),
        },
        Style::Note,
    );
    s.keep_together(block, row);
    years
}
