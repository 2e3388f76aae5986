//! The data every stage shares: submissions with the origin of each value, earlier months,
//! what a run found, and the value of an item as rules and report use it.
//!
//! Arrows run one way: `read` fills these, `rules` and `report` only read them, and none of
//! those imports another's internals (tests/test_architecture.rs holds the crate to it).

use crate::era::Period;
use crate::findings::{self, Finding, Location};
use crate::form::{Form, Kind};
use std::path::PathBuf;

/// The sheet of a council workbook listing where every value came from (出典): its codec is
/// `read::sources` (written by the report, read back when a compiled workbook is an earlier
/// month).
pub const SHEET_SOURCES: &str = "出典";

/// Where a value was read: a sheet (index into [`Submission::sheets`]) and a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub sheet: u16,
    pub row: u32,
    pub col: u16,
}

/// The column of the provider list holding the provider's name (the others hold its counts).
pub const NAME_COLUMN: usize = 0;

/// One row of the provider list as a center filled it: a cell per column of the providers
/// table, the name column first. Rows are joined by the name, not by their place in the
/// template, so a list holds as many rows as the centers named providers.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    /// The provider's name, as typed in the name column.
    pub name: String,
    /// Per column of the table: the count (`None` when blank, and in the name column).
    pub counts: RowCounts,
    /// Per column of the table: the cell it was read from (the name column's: the name's).
    pub origins: Vec<Option<Origin>>,
    /// A count on this row could not be read (its finding says why); rules that need the
    /// row's counts are skipped rather than reporting a consequence.
    pub unreadable: bool,
}

impl ListRow {
    /// A row of `columns` columns with a name and nothing else yet.
    pub fn named(name: String, origin: Option<Origin>, columns: usize) -> ListRow {
        let mut origins = vec![None; columns];
        if let Some(o) = origins.get_mut(NAME_COLUMN) {
            *o = origin;
        }
        ListRow {
            name,
            counts: RowCounts(vec![None; columns]),
            origins,
            unreadable: false,
        }
    }

    /// The name's cell.
    pub fn name_origin(&self) -> Option<Origin> {
        self.origins.get(NAME_COLUMN).copied().flatten()
    }

    /// The count in a column of the table, 0 when blank.
    pub fn count(&self, column: usize) -> f64 {
        self.counts.0.get(column).copied().flatten().unwrap_or(0.0)
    }
}

/// The counts of a provider-list row, indexed by the table's column (`counts[c]`; the name
/// column holds none).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowCounts(Vec<Option<f64>>);

impl RowCounts {
    /// The count columns' counts in order, after the name column.
    pub fn iter(&self) -> impl Iterator<Item = &Option<f64>> {
        self.0.iter().skip(NAME_COLUMN + 1)
    }

    /// The count columns' counts in order, after the name column.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Option<f64>> {
        self.0.iter_mut().skip(NAME_COLUMN + 1)
    }
}

impl std::ops::Index<usize> for RowCounts {
    type Output = Option<f64>;
    fn index(&self, column: usize) -> &Option<f64> {
        &self.0[column]
    }
}

impl std::ops::IndexMut<usize> for RowCounts {
    fn index_mut(&mut self, column: usize) -> &mut Option<f64> {
        &mut self.0[column]
    }
}

/// One center's submission, as read.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The file as the clerk named it (path as given).
    pub file: String,
    pub sheets: Vec<String>,
    /// The center (index into the profile's centers).
    pub center: usize,
    /// The month the file says it reports, if it says.
    pub period: Option<Period>,
    /// The cell that says it (its title, its 報告月 cell), if a cell does.
    pub period_origin: Option<Origin>,
    /// Per form item: the number read; `None` for a blank cell (a count of 0, or a total to be
    /// computed from its parts).
    pub values: Vec<Option<f64>>,
    pub origins: Vec<Option<Origin>>,
    /// Per form item: its cell could not be read (an `input` finding says why). Rules that
    /// involve it are skipped, so one bad cell gives one finding, not a cascade.
    pub unreadable: Vec<bool>,
    /// The provider list's rows.
    pub providers: Vec<ListRow>,
    /// The texts read for the text items of lists (a meeting's 内容).
    pub texts: Texts,
}

/// The texts of a submission's text items, by item. Few items are texts, so only those typed
/// are kept (a list per item would hold 24 bytes for every count of every center).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Texts(Vec<(usize, String)>);

impl Texts {
    /// The text of this item, if one was typed.
    pub fn get(&self, item: usize) -> Option<&String> {
        let at = self.0.binary_search_by_key(&item, |(i, _)| *i).ok()?;
        Some(&self.0[at].1)
    }

    /// Set (or with `None` clear) this item's text.
    pub fn set(&mut self, item: usize, text: Option<String>) {
        match (self.0.binary_search_by_key(&item, |(i, _)| *i), text) {
            (Ok(at), Some(t)) => self.0[at].1 = t,
            (Ok(at), None) => {
                self.0.remove(at);
            }
            (Err(at), Some(t)) => self.0.insert(at, (item, t)),
            (Err(_), None) => {}
        }
    }

    /// No text typed at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Submission {
    /// A place for a finding about this origin.
    pub fn place(&self, origin: Option<Origin>) -> Location {
        match origin {
            Some(o) => Location::cell(
                &self.file,
                self.sheets.get(o.sheet as usize).map_or("", String::as_str),
                o.row,
                o.col,
            ),
            None => Location::file(&self.file),
        }
    }

    /// Whether an item holds something: a number, a date or a text.
    pub fn filled(&self, item: usize) -> bool {
        self.values[item].is_some() || self.texts.get(item).is_some()
    }

    /// Whether any of these items could not be read.
    pub fn any_unreadable(&self, items: impl IntoIterator<Item = usize>) -> bool {
        items.into_iter().any(|i| self.unreadable[i])
    }

    /// Whether an item could not be read, or is a total the center left to its formula whose
    /// parts (through the totals among them) include one that could not be read: its value
    /// then lacks that part.
    pub fn lacks_unreadable(&self, form: &Form, item: usize) -> bool {
        self.unreadable[item]
            || (self.values[item].is_none()
                && form
                    .sums
                    .iter()
                    .filter(|s| s.total == item)
                    .flat_map(|s| &s.parts)
                    .any(|&p| self.lacks_unreadable(form, p)))
    }

    /// A place for a finding about an item.
    pub fn item_place(&self, item: usize) -> Location {
        self.place(self.origins.get(item).copied().flatten())
    }
}

/// One month's data from earlier: the values of each center that sent them.
#[derive(Debug)]
pub struct Snapshot {
    pub period: Period,
    /// One submission per center (first found), in profile order.
    pub submissions: Vec<Submission>,
    /// Where it came from (a file or folder name), for the sources sheet.
    pub source: String,
}

impl Snapshot {
    pub fn of_center(&self, center: usize) -> Option<&Submission> {
        self.submissions.iter().find(|s| s.center == center)
    }
}

/// An input file, as the sources sheet lists it.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    pub sha256: String,
}

/// What a run found.
#[derive(Debug)]
pub struct Outcome {
    /// The month reported, when known (given, the profile's, or the submissions').
    pub period: Option<Period>,
    /// One submission per center that sent one, in profile order.
    pub submissions: Vec<Submission>,
    /// Every finding, sorted (file, sheet, cell, rule).
    pub findings: Vec<Finding>,
    /// The files read, in the order read.
    pub files: Vec<InputFile>,
    /// Last month, when known (from --previous or the history).
    pub previous: Option<Snapshot>,
    /// Earlier months (from --history), oldest first, one per month.
    pub history: Vec<Snapshot>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == findings::Severity::Error)
    }
}

/// The value of an item as the report uses it: what was read, a blank count as 0, a total that
/// was not given as the sum of its parts, a computed ratio as its numerator over its
/// denominator (0 when that is 0, as the formula shows a blank).
pub fn value(form: &Form, sub: &Submission, item: usize) -> f64 {
    let it = &form.items[item];
    if it.kind == Kind::Rows {
        // The rows a list holds: those whose first column is filled (an area's row carries
        // its centers' sum).
        return sub.values[item].unwrap_or_else(|| {
            let table = &form.tables[it.table];
            table.items.iter().filter(|r| sub.filled(r[0])).count() as f64
        });
    }
    if it.kind == Kind::Ratio {
        let table = &form.tables[it.table];
        let Some((num, den)) = table.columns.get(it.col).and_then(|c| c.ratio) else {
            return 0.0;
        };
        let cells = &table.items[it.row];
        let d = value(form, sub, cells[den]);
        return if d == 0.0 {
            0.0
        } else {
            value(form, sub, cells[num]) / d
        };
    }
    match sub.values[item] {
        Some(v) => v,
        None if form.items[item].kind == Kind::Total => form
            .sums
            .iter()
            .find(|s| s.total == item)
            .map_or(0.0, |s| s.parts.iter().map(|&p| value(form, sub, p)).sum()),
        None => 0.0,
    }
}

/// The sum of an item's parts, if it is a total.
pub fn parts_sum(form: &Form, sub: &Submission, item: usize) -> Option<f64> {
    form.sums
        .iter()
        .find(|s| s.total == item)
        .map(|s| s.parts.iter().map(|&p| value(form, sub, p)).sum())
}

/// Whether a total was given and disagrees with its parts.
pub fn total_disagrees(form: &Form, sub: &Submission, item: usize) -> bool {
    match (sub.values[item], parts_sum(form, sub, item)) {
        (Some(given), Some(sum)) => (given - sum).abs() > 1e-9,
        _ => false,
    }
}

/// One value of a submission as the tidy record names it: the tidy CSV (`compile --csv`) and
/// the 出典 sheet are both written from these, and read back by one reader.
#[derive(Debug, Clone)]
pub struct TidyRecord<'a> {
    pub section: &'a str,
    /// The row label, or the provider's name for a provider's line.
    pub row: &'a str,
    pub column: &'a str,
    pub value: f64,
    /// Written instead of the value: a list's text (内容), or its date as `2025-06-12`.
    pub text: Option<String>,
    pub origin: Option<Origin>,
    /// The item (none for a provider's line, whose row is its name).
    pub item: Option<usize>,
}

/// A submission's values as tidy records, in form order, then its providers' lines.
pub fn tidy_records<'a>(form: &'a Form, sub: &'a Submission) -> Vec<TidyRecord<'a>> {
    let mut out: Vec<TidyRecord<'a>> = form
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let text = match item.kind {
                Kind::Text => Some(sub.texts.get(i)?.clone()),
                Kind::Date => Some(crate::era::date_text(sub.values[i]?)),
                _ => None,
            };
            Some(TidyRecord {
                section: &item.section_label,
                row: &item.row_label,
                column: &item.column_label,
                value: sub.values[i].unwrap_or(0.0),
                text,
                origin: sub.origins[i],
                item: Some(i),
            })
            .filter(|r| r.text.is_some() || sub.values[i].is_some())
        })
        .collect();
    if let Some(slot) = form.providers.and_then(|t| form.tables[t].items.first()) {
        let section = &form.items[slot[0]].section_label;
        for line in &sub.providers {
            for (c, &item) in slot.iter().enumerate().skip(NAME_COLUMN + 1) {
                if let Some(value) = line.counts[c] {
                    out.push(TidyRecord {
                        section,
                        row: &line.name,
                        column: &form.items[item].column_label,
                        value,
                        text: None,
                        origin: line.origins[c],
                        item: None,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_set_in_any_order_overwritten_and_cleared() {
        let mut t = Texts::default();
        assert!(t.is_empty());
        t.set(7, Some("第2回".into()));
        t.set(3, Some("第1回".into()));
        t.set(9, None);
        t.set(7, Some("第2回(延期)".into()));
        assert_eq!(t.get(3).map(String::as_str), Some("第1回"));
        assert_eq!(t.get(7).map(String::as_str), Some("第2回(延期)"));
        assert_eq!((t.get(5), t.get(9)), (None, None));
        t.set(3, None);
        t.set(7, None);
        assert!(t.is_empty(), "{t:?}");
    }
}
