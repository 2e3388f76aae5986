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
        for rec in crate::model::tidy_records(form, sub) {
            let row = if rec.item.is_some() {
                rec.row.to_string()
            } else {
                neutralise(rec.row)
            };
            w.write_record([
                center.as_str(),
                rec.section,
                &row,
                rec.column,
                &rec.text
                    .as_deref()
                    .map_or_else(|| format_number(rec.value), neutralise),
            ])?;
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
