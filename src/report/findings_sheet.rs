//! 検証結果: every finding of the run, one row each, in the run's order.

use super::{Report, SHEET_FINDINGS};
use crate::grid::{Sheet, Style};
use crate::i18n::tr;

pub fn sheet(r: &Report) -> Sheet {
    let lang = r.lang;
    let mut s = Sheet::new(SHEET_FINDINGS);
    r.page(&mut s, true);
    s.text(
        0,
        0,
        format!("{} — {}", r.title, tr(lang, "検証結果", "Findings")),
        Style::Title,
    );
    let header = 2;
    let columns = [
        (tr(lang, "重要度", "Severity"), 8.0),
        (tr(lang, "ルール", "Rule"), 16.0),
        (tr(lang, "センター", "Center"), 9.0),
        (tr(lang, "ファイル", "File"), 22.0),
        (tr(lang, "シート", "Sheet"), 9.0),
        (tr(lang, "セル", "Cell"), 6.0),
        (tr(lang, "内容", "Message"), 70.0),
        (tr(lang, "期待値", "Expected"), 10.0),
        (tr(lang, "実際の値", "Actual"), 10.0),
    ];
    for (c, (label, width)) in columns.iter().enumerate() {
        s.text(header, c as u16, *label, Style::Header);
        s.width(c as u16, *width);
    }
    s.page.repeat_rows = Some((header, header));
    s.freeze = Some((header + 1, 0));
    if r.outcome.findings.is_empty() {
        s.text(
            header + 1,
            0,
            tr(lang, "問題はありませんでした。", "No findings."),
            Style::Text,
        );
    }
    for (i, f) in r.outcome.findings.iter().enumerate() {
        let row = header + 1 + i as u32;
        let file = f
            .place
            .file
            .as_deref()
            .map(|p| {
                std::path::Path::new(p)
                    .file_name()
                    .map_or(p.to_string(), |n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_default();
        let fields = [
            f.severity.label(lang).to_string(),
            crate::findings::rule::label(f.rule, lang).to_string(),
            f.center.clone().unwrap_or_default(),
            file,
            f.place.sheet.clone().unwrap_or_default(),
            f.cell_a1().unwrap_or_default(),
            f.text.get(lang).to_string(),
            f.expected.clone().unwrap_or_default(),
            f.actual.clone().unwrap_or_default(),
        ];
        for (c, text) in fields.into_iter().enumerate() {
            s.text(row, c as u16, text, Style::Text);
        }
    }
    s
}
