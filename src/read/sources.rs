//! The 出典 sheet of a council workbook, both directions: where every value of the center rows
//! came from (file, sheet, cell), beside the value as a tidy record, and what the run was made
//! of. The report writes it through [`write_meta`], [`write_header`] and [`write_records`]; a
//! compiled workbook read back as an earlier month is read through [`read`]. Every label the
//! reader looks for is the one written here.

use crate::era::{Cadence, Period};
use crate::grid::{Sheet, Style, a1};
use crate::i18n::{Lang, tr};
use crate::model::Submission;
use crate::profile::Profile;
use std::path::Path;

pub use crate::model::SHEET_SOURCES as SHEET;

/// The label of the first meta row (who made the workbook), and how its value begins: a 出典
/// sheet so made is ours.
const MADE_BY: (&str, &str) = ("作成", "Made by");
const MAKER: &str = "hokatsu";
const PROFILE: (&str, &str) = ("プロファイル", "Profile");
const FORM: (&str, &str) = ("様式", "Form");
/// The meta rows the reader looks through for the period's (after the title).
const META_ROWS: std::ops::Range<u32> = 1..8;

/// A column of the records table.
#[derive(Debug, Clone, Copy)]
enum Column {
    Center,
    Section,
    Row,
    Label,
    Value,
    File,
    Sheet,
    Cell,
    Item,
}

impl Column {
    const ALL: [Column; 9] = [
        Column::Center,
        Column::Section,
        Column::Row,
        Column::Label,
        Column::Value,
        Column::File,
        Column::Sheet,
        Column::Cell,
        Column::Item,
    ];
    /// The five fields of a tidy record, in the tidy CSV's order.
    const TIDY: [Column; 5] = [
        Column::Center,
        Column::Section,
        Column::Row,
        Column::Label,
        Column::Value,
    ];

    fn index(self) -> u16 {
        self as u16
    }

    fn header(self) -> (&'static str, &'static str) {
        match self {
            Column::Center => ("センター", "Center"),
            Column::Section => ("区分", "Section"),
            Column::Row => ("行", "Row"),
            Column::Label => ("列", "Column"),
            Column::Value => ("値", "Value"),
            Column::File => ("ファイル", "File"),
            Column::Sheet => ("シート", "Sheet"),
            Column::Cell => ("セル", "Cell"),
            Column::Item => ("項目ID", "Item"),
        }
    }
}

fn said(lang: Lang, (ja, en): (&'static str, &'static str)) -> &'static str {
    tr(lang, ja, en)
}

/// Whether a cell holds a label in either language.
fn is_label(text: &str, (ja, en): (&str, &str)) -> bool {
    text == ja || text == en
}

/// The meta rows under the title (row 0): who made it, the profile, the form and the period.
/// Returns the next free row.
pub fn write_meta(s: &mut Sheet, lang: Lang, profile: String, form: String, period: Period) -> u32 {
    let meta = [
        (MADE_BY, format!("{MAKER} {}", env!("CARGO_PKG_VERSION"))),
        (PROFILE, profile),
        (FORM, form),
        (period.cadence.noun(), period.to_string()),
    ];
    for (i, (label, value)) in meta.iter().enumerate() {
        s.text(1 + i as u32, 0, said(lang, *label), Style::Label);
        s.text(1 + i as u32, 1, value, Style::Text);
    }
    1 + meta.len() as u32
}

/// The header of the records table at `row`, repeated on every page and frozen.
pub fn write_header(s: &mut Sheet, lang: Lang, row: u32) {
    for c in Column::ALL {
        s.text(row, c.index(), said(lang, c.header()), Style::Header);
    }
    s.page.repeat_rows = Some((row, row));
    s.freeze = Some((row + 1, 0));
}

/// One line per value with a cell to point at (a total recomputed from its parts has none),
/// from the row under the header at `header`; the columns fitted to their text.
pub fn write_records<'a>(
    s: &mut Sheet,
    header: u32,
    profile: &Profile,
    subs: impl Iterator<Item = &'a Submission>,
) {
    let form = &profile.form;
    let mut row = header + 1;
    for sub in subs {
        let center = &profile.centers[sub.center].short;
        let file = Path::new(&sub.file)
            .file_name()
            .map_or(sub.file.clone(), |n| n.to_string_lossy().into_owned());
        for rec in crate::model::tidy_records(form, sub) {
            let Some(o) = rec.origin else { continue };
            let sheet = sub.sheets.get(o.sheet as usize).map_or("", String::as_str);
            let id = rec.item.map_or("", |i| form.items[i].id.as_str());
            for (c, text) in [
                (Column::Center, center.as_str()),
                (Column::Section, rec.section),
                (Column::Row, rec.row),
                (Column::Label, rec.column),
                (Column::File, &file),
                (Column::Sheet, sheet),
                (Column::Item, id),
            ] {
                s.text(row, c.index(), text, Style::Text);
            }
            let value = Column::Value.index();
            match &rec.text {
                Some(text) => s.text(row, value, text, Style::Text),
                None if rec.value.fract() == 0.0 => s.number(row, value, rec.value, Style::Count),
                None => s.number(row, value, rec.value, Style::Fte),
            }
            s.text(row, Column::Cell.index(), a1(o.row, o.col), Style::Text);
            row += 1;
        }
    }
    // One line a value where the page allows: columns as wide as their longest text.
    s.fit_columns(0..Column::ALL.len() as u16, header, 5.0, 80.0);
}

/// What a 出典 sheet holds, read back: the period, and its records as the tidy reader takes
/// them (the sheet's 0-based row, then center, section, row, column, value and the item id,
/// by which a row is matched where there is one, so a category renamed since still finds its
/// value).
pub struct SourceRecords {
    pub period: Option<Period>,
    pub rows: Vec<(u32, Result<Vec<String>, String>)>,
}

/// Read a 出典 sheet through its cells' text (`text(row, col)`, trimmed; a number as Excel
/// writes it); `None` if hokatsu did not make it.
pub fn read(
    text: impl Fn(u32, u16) -> String,
    last_row: u32,
    cadence: Cadence,
) -> Option<SourceRecords> {
    let first = META_ROWS.start;
    if !is_label(&text(first, 0), MADE_BY) || !text(first, 1).starts_with(MAKER) {
        return None;
    }
    // The period's row, named as the meta rows name it for the form's cadence.
    let period = META_ROWS.clone().find_map(|r| {
        is_label(&text(r, 0), cadence.noun())
            .then(|| Period::parse_as(&text(r, 1), cadence))
            .flatten()
    });
    let header = (first..=last_row).find(|&r| is_label(&text(r, 0), Column::Center.header()))?;
    let rows = (header + 1..=last_row)
        .map(|r| {
            let fields = Column::TIDY
                .iter()
                .chain([&Column::Item])
                .map(|c| text(r, c.index()));
            (r, Ok(fields.collect()))
        })
        .collect();
    Some(SourceRecords { period, rows })
}
