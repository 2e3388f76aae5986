//! A center's file laid out as the city's own workbook (a form drafted by `form --from`):
//! its tables are found by their labels ([`crate::read::locate`]) and each item's cell is
//! named as in a hokatsu template, so that the rest of the reader reads it the same way.

use super::{Loaded, Target, Workbook};
use crate::address::{self, NAME_CENTER, NAME_PERIOD};
use crate::era::Period;
use crate::findings::{Finding, Location, rule};
use crate::form::OwnCell;
use crate::i18n::Text;
use crate::read::ReadContext;
use crate::read::locate::{self, Cells};
use calamine::Data;
use std::collections::HashMap;

/// Columns right of a label (センター名) searched for the value written beside it.
const BESIDE: u16 = 8;

impl Workbook<'_> {
    /// Find the form's tables in the file; false (with its finding) when none is there.
    pub(super) fn find_own_layout(&mut self, ctx: &ReadContext) -> bool {
        let form = &ctx.profile.form;
        self.own_layout = true;
        self.use_names = true;
        self.sheets.clear();
        let mut wanted: Vec<&str> = Vec::new();
        for t in &form.tables {
            if let Some(own) = &t.own
                && !wanted.contains(&own.sheet.as_str())
            {
                wanted.push(&own.sheet);
            }
        }
        let mut sheets: HashMap<String, (String, Cells)> = HashMap::new();
        let mut tables = 0;
        let mut misses = Vec::new();
        for &sheet in &wanted {
            let Some(actual) = self.own_sheet(sheet, wanted.len()) else {
                self.sheet_finding(
                    sheet,
                    format!("シート「{sheet}」がありません。市の様式のシートを削除・改名せずに提出してもらってください。"),
                    format!("Sheet \"{sheet}\" is missing. Ask the center to fill in the city's form without deleting or renaming its sheets."),
                );
                continue;
            };
            let Some(cells) = self.cells(&actual) else {
                continue;
            };
            let found = locate::tables(form, sheet, &cells);
            tables += found.tables;
            for (item, row, col) in found.items {
                let target = Target::Cell {
                    sheet: actual.clone(),
                    row,
                    col,
                };
                self.names
                    .insert(address::item_name(&form.items[item].id), target);
            }
            for miss in found.misses {
                let place = match miss.at {
                    Some((r, c)) => self.place(&actual, r, c),
                    None => Location {
                        file: Some(self.shown.to_string()),
                        sheet: Some(actual.clone()),
                        cell: None,
                    },
                };
                misses.push(Finding::error(rule::INPUT, place, miss.text));
            }
            sheets.insert(sheet.to_string(), (actual, cells));
        }
        if self.broken {
            return false;
        }
        if tables == 0 {
            let title = crate::form::data_label(&form.title);
            self.findings.push(Finding::error(
                rule::INPUT,
                Location::file(self.shown),
                Text::new(
                    format!("市の様式「{title}」の表が一つも見つかりません。別の様式のファイルか、見出しが書き換えられています。市の様式に入力して提出してもらってください。"),
                    format!("None of the tables of the city's form '{title}' was found: this is another form, or its headings were rewritten. Ask the center to fill in the city's form."),
                ),
            ));
            return false;
        }
        // A file with none of the form's tables is said once, above; one with some, at each
        // table or label missing.
        self.findings.extend(misses);
        for (name, cell) in [
            (NAME_CENTER, &form.own_center),
            (NAME_PERIOD, &form.own_period),
        ] {
            if let Some(cell) = cell
                && let Some((actual, cells)) = sheets.get(&cell.sheet)
            {
                let (row, col) = beside(cell, cells, name == NAME_PERIOD, form.cadence);
                let sheet = actual.clone();
                self.names
                    .insert(name.to_string(), Target::Cell { sheet, row, col });
            }
        }
        true
    }

    /// The file's sheet for a sheet of the city's form: the same name (or the same after
    /// NFKC), else the only sheet of a file for a form of one sheet.
    fn own_sheet(&self, sheet: &str, form_sheets: usize) -> Option<String> {
        let wanted = locate::norm(sheet);
        (self.sheet_names.iter())
            .find(|s| *s == sheet)
            .or_else(|| self.sheet_names.iter().find(|s| locate::norm(s) == wanted))
            .or_else(|| {
                (form_sheets == 1 && self.sheet_names.len() == 1).then(|| &self.sheet_names[0])
            })
            .cloned()
    }

    /// A sheet's cells as the locator sees them.
    fn cells(&mut self, sheet: &str) -> Option<Cells> {
        if !self.load(sheet) {
            return None;
        }
        let mut cells = Cells::default();
        let text = |d: &Data| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        };
        match self.sheets.get(sheet)?.as_ref()? {
            Loaded::Sparse(map) => {
                for (&(r, c), (d, f)) in map {
                    if *d != Data::Empty || f.is_some() {
                        cells.add(r, c, text(d).as_deref());
                    }
                }
            }
            Loaded::Dense { values, .. } => {
                let (r0, c0) = values.start().unwrap_or((0, 0));
                for (r, c, d) in values.used_cells() {
                    let (Ok(r), Ok(c)) =
                        (u32::try_from(r), u16::try_from(c as u64 + u64::from(c0)))
                    else {
                        continue;
                    };
                    cells.add(r0 + r, c, text(d).as_deref());
                }
            }
        }
        Some(cells)
    }
}

/// The cell of the center (or the period): the first filled cell right of its label where
/// the label is found, else the cell the form records; a period's cell, when it does not
/// hold one, is the first text of the sheet that does (a title moved down).
fn beside(cell: &OwnCell, cells: &Cells, period: bool, cadence: crate::era::Cadence) -> (u32, u16) {
    if let Some(label) = &cell.beside {
        let mut found = cells.find(label).to_vec();
        found.sort_by_key(|&(r, c)| {
            u64::from(r.abs_diff(cell.cell.0)) + u64::from(c.abs_diff(cell.cell.1))
        });
        if let Some(&(r, c)) = found.first() {
            let value = (c + 1..=c.saturating_add(BESIDE)).find(|&v| cells.filled(r, v));
            return (r, value.unwrap_or(c + 1));
        }
        return cell.cell;
    }
    if period {
        let has = |t: &str| Period::in_text(t, cadence).is_some();
        let recorded = cells.texts().into_iter().find(|&(at, _)| at == cell.cell);
        if !recorded.is_some_and(|(_, t)| has(t))
            && let Some((at, _)) = cells.texts().into_iter().find(|&(_, t)| has(t))
        {
            return at;
        }
    }
    cell.cell
}
