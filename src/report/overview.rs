//! Section 1 (委託法人の概要): the centers as the profile describes them.

use super::{Report, SHEET_OVERVIEW};
use crate::form::numbered;
use crate::grid::{Content, Sheet, Style};
use crate::i18n::tr;

pub fn sheet(r: &Report) -> Sheet {
    let form = r.form;
    let mut s = Sheet::new(SHEET_OVERVIEW);
    r.page(&mut s, false);
    s.text(0, 0, &r.title, Style::Title);
    // The council prints the tables; the two checking sheets come last and say so here.
    s.text(
        1,
        0,
        tr(
            r.lang,
            "※ 最後の「検証結果」「出典」は事務局の確認用のシートです。会議資料として印刷するときは、その前までのシートを選んでください。",
            "※ The last sheets, findings and sources, are for the clerk's checks. To print the council's pages, select the sheets before them.",
        ),
        Style::Note,
    );
    // A form without an overview lists the centers by name only.
    let name_only = [crate::form::OverviewColumn {
        label: tr(r.lang, "名称", "Name").into(),
        field: "name".into(),
    }];
    let columns = form
        .overview
        .as_ref()
        .map_or(&name_only[..], |o| &o.columns);
    if let Some(o) = &form.overview {
        s.text(
            2,
            0,
            numbered(&o.heading.number, &r.labels.render(&o.heading.label)),
            Style::Heading,
        );
    }
    let header = 3;
    s.page.repeat_rows = Some((header, header));
    s.text(header, 0, "", Style::Header);
    for (c, column) in columns.iter().enumerate() {
        s.text(header, 1 + c as u16, &column.label, Style::Header);
    }
    for (i, center) in r.profile.centers.iter().enumerate() {
        let row = header + 1 + i as u32;
        s.number(row, 0, (i + 1) as f64, Style::LabelCenter);
        for (k, column) in columns.iter().enumerate() {
            let text = center.field(&column.field).unwrap_or_default();
            // Short codes (委託, 直営) centred, names and years as text.
            let style = if column.field == "operation" {
                Style::LabelCenter
            } else {
                Style::Text
            };
            s.text(row, 1 + k as u16, text, style);
        }
    }
    // Centers whose numbers the report does not hold (a forced report), and why.
    let list: Vec<String> = (r.left_out.iter().enumerate())
        .filter_map(|(i, why)| {
            Some(format!(
                "{}({})",
                r.profile.centers[i].short,
                why.as_ref()?.get(r.lang)
            ))
        })
        .collect();
    if !list.is_empty() {
        let row = header + 2 + r.profile.centers.len() as u32;
        // Wrapped across the table's width: a long list must not widen the printed page.
        let last = columns.len() as u16;
        s.merge(
            (row, 0),
            (row, last),
            Content::Text(match r.lang {
                crate::i18n::Lang::Ja => format!(
                    "※ この資料に数字が含まれていないセンター: {}。検証結果シートを参照してください。",
                    list.join("、")
                ),
                crate::i18n::Lang::En => format!(
                    "※ Centers whose figures this report does not hold: {}. See the findings sheet.",
                    list.join(", ")
                ),
            }),
            Style::Paragraph,
        );
    }
    // Columns as wide as their longest entry (longer ones wrap).
    s.width(0, 4.0);
    let last = columns.len() as u16;
    s.fit_columns(1..last + 1, header, 8.0, 44.0);
    s
}
