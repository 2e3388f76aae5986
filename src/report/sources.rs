//! 出典: where every number of the center rows came from (file, sheet, cell), and what the run
//! was made of.

use super::{Report, SHEET_SOURCES};
use crate::grid::{Content, Sheet, Style, a1};
use crate::i18n::tr;
use std::path::Path;

pub fn sheet(r: &Report) -> Sheet {
    let lang = r.lang;
    let form = r.form;
    let mut s = Sheet::new(SHEET_SOURCES);
    r.page(&mut s, true);
    s.text(
        0,
        0,
        format!("{} — {}", r.title, tr(lang, "出典", "Sources")),
        Style::Title,
    );
    let meta = [
        (
            tr(lang, "作成", "Made by"),
            format!("hokatsu {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            tr(lang, "プロファイル", "Profile"),
            format!(
                "{} {} ({})",
                r.profile.city,
                crate::era::fiscal_year_label(r.profile.fiscal_year),
                r.profile.fingerprint
            ),
        ),
        (tr(lang, "様式", "Form"), form.signature()),
        (
            tr(lang, r.period.cadence.noun().0, r.period.cadence.noun().1),
            r.period.to_string(),
        ),
    ];
    for (i, (k, v)) in meta.iter().enumerate() {
        s.text(1 + i as u32, 0, *k, Style::Label);
        s.text(1 + i as u32, 1, v, Style::Text);
    }
    // The run's inputs: every file read with its SHA-256, and the earlier months compared.
    let mut row = 1 + meta.len() as u32;
    for f in &r.outcome.files {
        let name = f
            .path
            .file_name()
            .map_or(f.path.display().to_string(), |n| {
                n.to_string_lossy().into_owned()
            });
        s.text(row, 0, tr(lang, "入力", "Input"), Style::Label);
        s.text(row, 1, name, Style::Text);
        s.merge(
            (row, 2),
            (row, 4),
            Content::Text(f.sha256.clone()),
            Style::Text,
        );
        row += 1;
    }
    for snap in r.outcome.previous.iter().chain(&r.outcome.history) {
        s.text(row, 0, tr(lang, "比較", "Compared"), Style::Label);
        s.text(row, 1, &snap.source, Style::Text);
        s.text(row, 2, snap.period.to_string(), Style::Text);
        row += 1;
    }
    let header = row + 1;
    let columns = [
        tr(lang, "センター", "Center"),
        tr(lang, "区分", "Section"),
        tr(lang, "行", "Row"),
        tr(lang, "列", "Column"),
        tr(lang, "値", "Value"),
        tr(lang, "ファイル", "File"),
        tr(lang, "シート", "Sheet"),
        tr(lang, "セル", "Cell"),
        tr(lang, "項目ID", "Item"),
    ];
    for (c, label) in columns.iter().enumerate() {
        s.text(header, c as u16, *label, Style::Header);
    }
    s.page.repeat_rows = Some((header, header));
    s.freeze = Some((header + 1, 0));
    let mut row = header + 1;
    for sub in r.subs.iter().flatten() {
        let center = &r.profile.centers[sub.center].short;
        let file = Path::new(&sub.file)
            .file_name()
            .map_or(sub.file.clone(), |n| n.to_string_lossy().into_owned());
        for rec in crate::model::tidy_records(form, sub) {
            // Values with a cell to point at (a total recomputed from its parts has none).
            let Some(o) = rec.origin else { continue };
            s.text(row, 0, center, Style::Text);
            s.text(row, 1, rec.section, Style::Text);
            s.text(row, 2, rec.row, Style::Text);
            s.text(row, 3, rec.column, Style::Text);
            let style = if rec.value.fract() == 0.0 {
                Style::Count
            } else {
                Style::Fte
            };
            match &rec.text {
                Some(text) => s.text(row, 4, text, Style::Text),
                None => s.number(row, 4, rec.value, style),
            }
            s.text(row, 5, &file, Style::Text);
            let sheet = sub.sheets.get(o.sheet as usize).map_or("", String::as_str);
            s.text(row, 6, sheet, Style::Text);
            s.text(row, 7, a1(o.row, o.col), Style::Text);
            let id = rec.item.map_or("", |i| form.items[i].id.as_str());
            s.text(row, crate::model::SOURCES_ITEM_COLUMN, id, Style::Text);
            row += 1;
        }
    }
    // One line a value where the page allows: columns as wide as their longest text.
    s.fit_columns(0..9, header, 5.0, 80.0);
    s
}
