//! 出典: where every number of the center rows came from (file, sheet, cell), and what the run
//! was made of. The sheet's codec (what is written where, and how it is read back) is
//! [`crate::read::sources`].

use super::{Report, SHEET_SOURCES};
use crate::grid::{Content, Sheet, Style};
use crate::i18n::tr;
use crate::read::sources;

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
    let profile = format!(
        "{} {} ({})",
        r.profile.city,
        crate::era::fiscal_year_label(r.profile.fiscal_year),
        r.profile.fingerprint
    );
    let mut row = sources::write_meta(&mut s, lang, profile, form.signature(), r.period);
    // The run's inputs: every file read with its SHA-256, and the earlier months compared.
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
    sources::write_header(&mut s, lang, header);
    sources::write_records(&mut s, header, r.profile, r.subs.iter().flatten().copied());
    s
}
