//! グラフ: the form's charts (one bar per center: consultations new vs continuing, plans made
//! in-house vs delegated) and the trend of headline figures across fiscal years.
//!
//! Each chart draws on a small table beside it whose cells are formulas over 事業実績, so the
//! charts follow any correction made to the tables.

use super::cells::ActivitySheet;
use super::trends::TrendSheet;
use super::{Report, SHEET_ACTIVITIES, SHEET_CHARTS, SHEET_TRENDS};
use crate::grid::{Cached, ChartKind, ChartSpec, Content, SeriesSpec, Sheet, Style, sheet_ref};
use crate::i18n::tr;
use crate::model::value;

/// Chart size in pixels, and the rows it covers at the default row height.
const CHART: (u32, u32) = (620, 340);
const CHART_ROWS: u32 = 19;

pub fn sheet(r: &Report, acts: &ActivitySheet, trends: Option<&TrendSheet>) -> Option<Sheet> {
    let form = r.form;
    let year_table = trends.and_then(|t| t.years.as_ref());
    if (form.charts.is_empty() || r.profile.centers.len() > 60) && year_table.is_none() {
        return None;
    }
    let mut s = Sheet::new(SHEET_CHARTS);
    r.page(&mut s, true);
    s.text(0, 0, &r.title, Style::Title);
    let mut row = 2;
    let name = SHEET_CHARTS.to_string();
    // A bar per center (or area) is only legible for so many of them.
    let per_center = if r.profile.centers.len() <= 60 {
        &form.charts[..]
    } else {
        &[]
    };
    for chart in per_center {
        let header = row;
        s.text(header, 0, tr(r.lang, "区分", "Center"), Style::Header);
        for (k, series) in chart.series.iter().enumerate() {
            s.text(header, 1 + k as u16, &series.label, Style::Header);
        }
        let first = header + 1;
        for (ci, center) in r.profile.centers.iter().enumerate() {
            let rr = first + ci as u32;
            // A center without figures is named so and has no bar: its cells stay empty,
            // which a chart leaves as a gap, never a 0.
            if r.subs[ci].is_none() {
                let label = format!("{}({})", center.short, tr(r.lang, "未提出", "none"));
                s.text(rr, 0, label, Style::LabelCenter);
                continue;
            }
            s.text(rr, 0, &center.short, Style::LabelCenter);
            for (k, series) in chart.series.iter().enumerate() {
                let refs: Vec<String> = series
                    .items
                    .iter()
                    .filter_map(|&i| acts.cells.get(&(ci, i)))
                    .map(|&(cr, cc)| sheet_ref(SHEET_ACTIVITIES, cr, cc))
                    .collect();
                let cached: f64 = r.subs[ci].map_or(0.0, |sub| {
                    series.items.iter().map(|&i| value(form, sub, i)).sum()
                });
                let content = if refs.is_empty() {
                    Content::Blank
                } else {
                    Content::Formula(format!("={}", refs.join("+")), Cached::Number(cached))
                };
                s.set(rr, 1 + k as u16, content, Style::Count);
            }
        }
        let last = first + r.profile.centers.len() as u32 - 1;
        s.charts.push(ChartSpec {
            kind: ChartKind::StackedColumn,
            title: chart.title.clone(),
            categories: (name.clone(), first, 0, last, 0),
            series: (0..chart.series.len())
                .map(|k| SeriesSpec {
                    name: (name.clone(), header, 1 + k as u16),
                    values: (name.clone(), first, 1 + k as u16, last, 1 + k as u16),
                })
                .collect(),
            at: (header, 2 + chart.series.len() as u16),
            size: CHART,
        });
        row = (last + 2).max(header + CHART_ROWS + 1);
    }
    if let Some(years) = year_table {
        let trend: Vec<(usize, u32)> = years
            .rows
            .iter()
            .filter(|(item, _)| form.trend.contains(item))
            .copied()
            .collect();
        if !trend.is_empty() {
            let sheet = SHEET_TRENDS.to_string();
            s.charts.push(ChartSpec {
                kind: ChartKind::Line,
                title: if r.period.cadence == crate::era::Cadence::Year {
                    tr(r.lang, "年度比較", "Fiscal years compared")
                } else {
                    tr(
                        r.lang,
                        "年度比較(同じ月の年度累計)",
                        "Fiscal years compared (year-to-date, same month)",
                    )
                }
                .to_string(),
                categories: (
                    sheet.clone(),
                    years.header,
                    years.first_col,
                    years.header,
                    years.last_col,
                ),
                series: trend
                    .iter()
                    .map(|&(_, tr_)| SeriesSpec {
                        name: (sheet.clone(), tr_, 0),
                        values: (sheet.clone(), tr_, years.first_col, tr_, years.last_col),
                    })
                    .collect(),
                at: (row, 0),
                size: CHART,
            });
        }
    }
    s.width(0, 10.0);
    for c in 1..4 {
        s.width(c, 11.0);
    }
    Some(s)
}
