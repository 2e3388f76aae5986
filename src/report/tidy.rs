//! The tidy CSV export (`compile --csv`): `center,section,row,column,value`, one line per value a
//! center gave, labels as in the data dictionary. Reading it back gives the same submissions, so
//! the same report. Text that a spreadsheet would take for a formula is neutralised.

use crate::grid::format_number;
use crate::model::Submission;
use crate::profile::Profile;
use crate::read::CSV_HEADER;

/// Prefix text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) with `'`.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

pub fn export(profile: &Profile, subs: &[Submission]) -> Result<Vec<u8>, csv::Error> {
    let form = &profile.form;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    let mut ordered: Vec<&Submission> = subs.iter().collect();
    ordered.sort_by_key(|s| s.center);
    for sub in ordered {
        let center = neutralise(&profile.centers[sub.center].short);
        for (i, item) in form.items.iter().enumerate() {
            if let Some(v) = sub.values[i] {
                w.write_record([
                    center.as_str(),
                    &item.section_label,
                    &item.row_label,
                    &item.column_label,
                    &format_number(v),
                ])?;
            }
        }
        if let Some(t) = form.providers {
            let table = &form.tables[t];
            let Some(slot) = table.items.first() else {
                continue;
            };
            let section = &form.items[slot[0]].section_label;
            for line in &sub.providers {
                let name = neutralise(&line.name);
                for (c, &item) in slot.iter().enumerate().skip(1) {
                    if let Some(v) = line.counts[c - 1] {
                        w.write_record([
                            center.as_str(),
                            section,
                            &name,
                            &form.items[item].column_label,
                            &format_number(v),
                        ])?;
                    }
                }
            }
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_characters_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+81"), "'+81");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("ケアプラン えーる"), "ケアプラン えーる");
        assert_eq!(crate::read::csv_unescape(&neutralise("-1")), "-1");
    }
}
