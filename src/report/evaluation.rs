//! 評価 (seed 002 §4): each center's self-evaluation per item (1–5) and its average, the
//! ward's overall evaluation from the profile, and the average of all centers, as formulas.

use super::{Report, SHEET_EVALUATION};
use crate::grid::{Cached, Content, Sheet, Style, a1};
use crate::model::value;

pub fn sheet(r: &Report) -> Option<Sheet> {
    let form = r.form;
    let (t, ev) = (form.evaluation?, r.profile.evaluation.as_ref()?);
    let table = &form.tables[t];
    let items = &table.items[0];
    let n = items.len() as u16;
    let mut s = Sheet::new(SHEET_EVALUATION);
    r.page(&mut s, true);
    s.text(0, 0, &r.title, Style::Title);
    s.text(2, 0, &ev.title, Style::Heading);
    for (i, line) in ev.legend.iter().enumerate() {
        s.text(3 + i as u32, 0, line, Style::Note);
    }
    let h1 = 4 + ev.legend.len() as u32;
    let h2 = h1 + 1;
    let (avg_col, ward_col) = (1 + n, 2 + n);
    s.merge(
        (h1, 0),
        (h2, 0),
        Content::Text("センター名".into()),
        Style::Header,
    );
    s.merge(
        (h1, 1),
        (h1, avg_col),
        Content::Text(ev.self_label.clone()),
        Style::Header,
    );
    s.merge(
        (h1, ward_col),
        (h2, ward_col),
        Content::Text(ev.ward_label.clone()),
        Style::Header,
    );
    for (c, axis) in table.columns.iter().enumerate() {
        s.text(
            h2,
            1 + c as u16,
            r.labels.render(&axis.joined()),
            Style::Header,
        );
    }
    s.text(h2, avg_col, &ev.average_label, Style::Header);
    s.height(h2, 110.0);
    s.page.repeat_rows = Some((h1, h2));

    let first = h2 + 1;
    let mut row = first;
    for (ci, center) in r.profile.centers.iter().enumerate() {
        s.text(row, 0, &center.name, Style::Label);
        if r.subs[ci].is_none() {
            // 未提出: no scores and no average (why: on 概要); the ward's score stays.
            let mark = Content::Text(r.missing_mark(ci));
            s.merge((row, 1), (row, avg_col), mark, Style::Missing);
            if let Some(w) = ev.ward.get(ci).copied().flatten() {
                s.number(row, ward_col, w, Style::Score);
            }
            row += 1;
            continue;
        }
        let mut scores = Vec::new();
        for (c, &item) in items.iter().enumerate() {
            let col = 1 + c as u16;
            match r.subs[ci].and_then(|sub| sub.values[item].map(|_| value(form, sub, item))) {
                Some(v) => {
                    s.number(row, col, v, Style::Score);
                    scores.push(v);
                }
                None => s.set(row, col, Content::Blank, Style::Score),
            }
        }
        s.formula(
            row,
            avg_col,
            average(row, 1, row, n),
            mean(&scores),
            Style::Average,
        );
        match ev.ward.get(ci).copied().flatten() {
            Some(w) => s.number(row, ward_col, w, Style::Score),
            None => s.set(row, ward_col, Content::Blank, Style::Score),
        }
        row += 1;
    }
    let last = row - 1;
    s.text(row, 0, &ev.overall_label, Style::TotalLabel);
    for col in 1..=ward_col {
        let values: Vec<f64> = (first..=last)
            .filter_map(|rr| match s.get(rr, col).map(|c| &c.content) {
                Some(Content::Number(v)) | Some(Content::Formula(_, Cached::Number(v))) => Some(*v),
                _ => None,
            })
            .collect();
        s.formula(
            row,
            col,
            average(first, col, last, col),
            mean(&values),
            Style::Average,
        );
    }
    s.width(0, 34.0);
    for c in 1..=ward_col {
        s.width(c, 15.0);
    }
    Some(s)
}

/// `=IF(COUNT(range)=0,"",AVERAGE(range))` over a row or column range.
fn average(r1: u32, c1: u16, r2: u32, c2: u16) -> String {
    let range = format!("{}:{}", a1(r1, c1), a1(r2, c2));
    format!("=IF(COUNT({range})=0,\"\",AVERAGE({range}))")
}

fn mean(values: &[f64]) -> Cached {
    if values.is_empty() {
        Cached::Text(String::new())
    } else {
        Cached::Number(values.iter().sum::<f64>() / values.len() as f64)
    }
}
