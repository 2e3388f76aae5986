//! The data dictionary (項目定義): one row per input item, generated from the form and the
//! template layout, so it always says where each item really is.

use crate::form::Form;
use crate::grid::a1;
use crate::template::Template;
use serde::Serialize;

/// One row of the dictionary.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub item: String,
    pub sheet: String,
    pub cell: String,
    pub section: String,
    pub row: String,
    pub column: String,
    pub kind: &'static str,
}

/// Every item of the form with its place in the template, or, for a form drafted from the
/// city's own workbook, its place in that workbook (a computed cell the city's workbook does
/// not have is left out).
pub fn entries(form: &Form, template: &Template) -> Vec<Entry> {
    form.items
        .iter()
        .zip(&template.at.places)
        .filter(|(item, _)| item.kind.is_input())
        .filter_map(|(item, &p)| {
            let table = &form.tables[item.table];
            let (sheet, (row, col)) = match &table.own {
                Some(own) => (own.sheet.clone(), own.cell(table, item.row, item.col)?),
                None => (template.at.sheet_name(p).to_string(), (p.row, p.col)),
            };
            Some((item, sheet, row, col))
        })
        .map(|(item, sheet, row, col)| Entry {
            item: item.id.clone(),
            sheet,
            cell: a1(row, col),
            section: item.section_label.clone(),
            row: item.row_label.clone(),
            column: item.column_label.clone(),
            kind: item.kind.as_str(),
        })
        .collect()
}

/// The dictionary as CSV (UTF-8, header `item,sheet,cell,section,row,column,kind`).
pub fn to_csv(entries: &[Entry]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for e in entries {
        w.serialize(e)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
