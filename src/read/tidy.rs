//! The tidy CSV (`center,section,row,column,value`), both directions: [`export`] writes it
//! (`compile --csv`), [`read`] reads it as a submission format, and [`records`] turns tidy
//! records (a CSV's lines, or the 出典 sheet's rows) into submissions.
//!
//! One file may hold any number of centers (the export holds them all). UTF-8 with or without a
//! BOM, and CP932 (what Japanese Excel writes), are read. Labels are those of the data
//! dictionary; for the provider list `row` is the provider's name. Text that a spreadsheet would
//! take for a formula is neutralised (`'=…`) on the way out and read back as it was.

use super::number::{self, Number};
use super::{FileResult, ListRow, NAME_COLUMN, Origin, ReadContext, Submission, Texts};
use crate::findings::{Finding, Location, rule};
use crate::form::Kind;
use crate::grid::format_number;
use crate::i18n::Text;
use crate::profile::Profile;
use std::collections::HashMap;
use std::path::Path;

pub const HEADER: [&str; 5] = ["center", "section", "row", "column", "value"];

/// The text of a CSV file: UTF-8 (BOM stripped) or, failing that, CP932.
fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_string()),
        Err(_) => {
            let (text, _, errors) = encoding_rs::SHIFT_JIS.decode(bytes);
            (!errors).then(|| text.into_owned())
        }
    }
}

use crate::names::key;

/// What a spreadsheet takes for the start of a formula (`=`, `+`, `-`, `@`, tab, CR), and the
/// quote that says it is not one.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
const QUOTE: char = '\'';

/// Prefix text a spreadsheet would run as a formula with `'` (and text that would read back
/// as such a prefix, so that [`unescape`] gives every text back as it was).
pub fn neutralise(text: &str) -> String {
    if text.starts_with(FORMULA_START) || unescape(text) != text {
        format!("{QUOTE}{text}")
    } else {
        text.to_string()
    }
}

/// Undo [`neutralise`]: a leading `'` before a formula character or another `'`.
pub fn unescape(s: &str) -> &str {
    match s.strip_prefix(QUOTE) {
        Some(rest) if rest.starts_with(FORMULA_START) || rest.starts_with(QUOTE) => rest,
        _ => s,
    }
}

/// The tidy CSV of these submissions, centers in profile order, CRLF line ends.
pub fn export(profile: &Profile, subs: &[Submission]) -> Result<Vec<u8>, ::csv::Error> {
    let form = &profile.form;
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER)?;
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
            let value = rec
                .text
                .as_deref()
                .map_or_else(|| format_number(rec.value), neutralise);
            w.write_record([center.as_str(), rec.section, &row, rec.column, &value])?;
        }
    }
    w.into_inner()
        .map_err(|e| ::csv::Error::from(e.into_error()))
}

pub(super) fn read(bytes: &[u8], shown: &str, ctx: &ReadContext) -> FileResult {
    let mut out = FileResult::default();
    let sheet = Path::new(shown)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let at = |row: usize, col: u16| Location::cell(shown, &sheet, row as u32, col);
    let Some(text) = decode(bytes) else {
        out.findings.push(Finding::error(
            rule::INPUT,
            Location::file(shown),
            Text::new(
                "CSVの文字コードが読めません(UTF-8 でも Shift_JIS でもありません)。Excelで「CSV UTF-8」形式で保存し直してください。",
                "The CSV is neither UTF-8 nor Shift_JIS. Save it again from Excel as \"CSV UTF-8\".",
            ),
        ));
        return out;
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = reader.records().enumerate().map(|(i, r)| {
        (
            i as u32,
            r.map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
                .map_err(|e| e.to_string()),
        )
    });
    let header: Vec<String> = match rows.next() {
        Some((_, Ok(r))) => r.iter().map(|f| key(f)).collect(),
        _ => Vec::new(),
    };
    if header != HEADER {
        out.findings.push(
            Finding::error(
                rule::INPUT,
                at(0, 0),
                Text::new(
                    format!("集計用CSVの見出し行は「{}」です。提出様式(Excel)で提出するか、見出しを直してください。", HEADER.join(",")),
                    format!("A tidy CSV starts with the header \"{}\". Submit the Excel template, or fix the header.", HEADER.join(",")),
                ),
            )
            .values(HEADER.join(","), header.join(",")),
        );
        return out;
    }
    let period = crate::era::Period::in_name_as(&sheet, ctx.profile.form.cadence);
    records(rows, shown, &sheet, period, Escaped::Yes, ctx)
}

/// Whether the records' texts were neutralised against formulas (a CSV's are; the cells of a
/// workbook's 出典 sheet are text cells, written as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Escaped {
    Yes,
    No,
}

impl Escaped {
    /// A text as it was before it was written.
    fn undo(self, text: &str) -> &str {
        match self {
            Escaped::Yes => unescape(text),
            Escaped::No => text,
        }
    }
}

/// Tidy records (`center, section, row, column, value`, after the header) into submissions:
/// a CSV's lines, or the 出典 sheet of a compiled report. `row` is the record's 0-based row,
/// for findings at `sheet!E<row+1>`.
pub(super) fn records(
    rows: impl Iterator<Item = (u32, Result<Vec<String>, String>)>,
    shown: &str,
    sheet: &str,
    period: Option<crate::era::Period>,
    escaped: Escaped,
    ctx: &ReadContext,
) -> FileResult {
    let mut d = Decoder::new(shown, sheet, period, escaped, ctx);
    for (row, record) in rows {
        let row = row as usize;
        match record {
            Ok(record) => d.record(row, &record),
            Err(e) => {
                let finding = Finding::error(
                    rule::INPUT,
                    d.at(row, 0),
                    Text::new(
                        format!(
                            "CSVの{}行目が読めません({e})。引用符(\")の閉じ忘れなどがないか確かめてください。",
                            row + 1
                        ),
                        format!(
                            "Line {} of the CSV cannot be read ({e}). Check it for an unclosed quote.",
                            row + 1
                        ),
                    ),
                );
                d.out.findings.push(finding);
            }
        }
    }
    d.out.submissions = d.by_center.into_iter().flatten().collect();
    d.out
}

/// The form's labels as a tidy record names them, and the submissions read so far.
struct Decoder<'a> {
    shown: &'a str,
    sheet: &'a str,
    period: Option<crate::era::Period>,
    escaped: Escaped,
    ctx: &'a ReadContext<'a>,
    /// Each input item (not of the provider list) by its section, row and column labels' keys.
    labels: HashMap<(String, String, String), usize>,
    /// The provider list: its section's key, and its columns after the name by label's key.
    provider_section: Option<String>,
    provider_columns: HashMap<String, usize>,
    by_center: Vec<Option<Submission>>,
    /// Center labels already reported unknown (once each).
    unknown: Vec<String>,
    out: FileResult,
}

/// One record's fields, trimmed.
struct Fields<'r> {
    center: &'r str,
    section: &'r str,
    row: &'r str,
    column: &'r str,
    value: &'r str,
    /// The item id written beside the labels (a compiled workbook's 出典).
    id: Option<&'r str>,
}

impl<'r> Fields<'r> {
    fn of(record: &'r [String]) -> Fields<'r> {
        let field = |i: usize| record.get(i).map_or("", |s| s.trim());
        Fields {
            center: field(0),
            section: field(1),
            row: field(2),
            column: field(3),
            value: field(4),
            id: record.get(5).map(|s| s.trim()),
        }
    }
}

impl<'a> Decoder<'a> {
    fn new(
        shown: &'a str,
        sheet: &'a str,
        period: Option<crate::era::Period>,
        escaped: Escaped,
        ctx: &'a ReadContext<'a>,
    ) -> Decoder<'a> {
        let form = &ctx.profile.form;
        let labels = form
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.slot.is_none() && i.kind.is_input())
            .map(|(n, i)| {
                let labels = (&i.section_label, &i.row_label, &i.column_label);
                ((key(labels.0), key(labels.1), key(labels.2)), n)
            })
            .collect();
        let slot = form
            .providers
            .and_then(|t| form.tables[t].items.first())
            .map_or(&[][..], Vec::as_slice);
        let provider_section = slot
            .get(NAME_COLUMN)
            .map(|&i| key(&form.items[i].section_label));
        let provider_columns = slot
            .iter()
            .enumerate()
            .skip(NAME_COLUMN + 1)
            .map(|(c, &i)| (key(&form.items[i].column_label), c))
            .collect();
        Decoder {
            shown,
            sheet,
            period,
            escaped,
            ctx,
            labels,
            provider_section,
            provider_columns,
            by_center: vec![None; ctx.profile.centers.len()],
            unknown: Vec::new(),
            out: FileResult::default(),
        }
    }

    fn at(&self, row: usize, col: u16) -> Location {
        Location::cell(self.shown, self.sheet, row as u32, col)
    }

    /// One record: its center's submission gets the value, or a finding says why not.
    fn record(&mut self, row: usize, record: &[String]) {
        if record.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        let f = Fields::of(record);
        let Some(center) = self.ctx.profile.find_center(f.center) else {
            if !self.unknown.iter().any(|u| u == f.center) {
                self.unknown.push(f.center.to_string());
                let finding =
                    super::unknown_center(self.at(row, 0), f.center, None, self.ctx.profile);
                self.out.findings.push(finding);
            }
            return;
        };
        let form = &self.ctx.profile.form;
        // (Taken out while the record is read into it, then put back.)
        let mut sub = self.by_center[center].take().unwrap_or_else(|| Submission {
            file: self.shown.to_string(),
            sheets: vec![self.sheet.to_string()],
            center,
            period: self.period,
            period_origin: None,
            values: vec![None; form.items.len()],
            origins: vec![None; form.items.len()],
            unreadable: vec![false; form.items.len()],
            providers: Vec::new(),
            texts: Texts::default(),
        });
        let short = &self.ctx.profile.centers[center].short;
        let origin = Origin {
            sheet: 0,
            row: row as u32,
            col: 4,
        };
        let finding = if Some(key(f.section)) == self.provider_section {
            self.provider(&mut sub, &f, origin)
        } else {
            self.item(&mut sub, &f, origin)
        };
        self.by_center[center] = Some(sub);
        if let Some(finding) = finding {
            self.out.findings.push(finding.center(Some(short)));
        }
    }

    /// A record of the provider list: `row` is the provider's name. One provider row is one
    /// line per column, written with the same name: lines are joined by the name as written;
    /// spellings are reconciled by the providers rules, as for a workbook.
    fn provider(&self, sub: &mut Submission, f: &Fields, origin: Origin) -> Option<Finding> {
        let row = origin.row as usize;
        let form = &self.ctx.profile.form;
        let Some(&c) = self.provider_columns.get(&key(f.column)) else {
            return Some(unknown_label(self.at(row, 3), f));
        };
        let parsed = number::parse_text(f.value)
            .map_err(|number::NotANumber::Text(t)| number::Bad::Text(t))
            .and_then(|n| number::check(false, n, false, None));
        let v = match parsed {
            Ok(Number::Value(v)) => Some(v),
            Ok(_) => None,
            Err(bad) => {
                let item = form.providers.map_or(0, |t| form.tables[t].items[0][c]);
                return Some(number::finding(form, item, bad, self.at(row, 4)));
            }
        };
        let name = self.escaped.undo(f.row).trim().to_string();
        let line = match sub.providers.iter().position(|p| p.name == name) {
            Some(i) => &mut sub.providers[i],
            None => {
                let columns = self.provider_columns.len() + NAME_COLUMN + 1;
                let at = Some(Origin { col: 2, ..origin });
                sub.providers.push(ListRow::named(name, at, columns));
                sub.providers.last_mut()?
            }
        };
        if line.counts[c].is_some() {
            return Some(duplicate(self.at(row, 4)));
        }
        line.unreadable |= v.is_none() && !f.value.is_empty();
        line.counts[c] = v;
        line.origins[c] = Some(origin);
        None
    }

    /// A record of an item, found by its id (a compiled workbook's 出典) or else its labels.
    fn item(&self, sub: &mut Submission, f: &Fields, origin: Origin) -> Option<Finding> {
        let row = origin.row as usize;
        let form = &self.ctx.profile.form;
        let by_id =
            f.id.and_then(|id| form.item(id))
                .filter(|&i| form.items[i].slot.is_none());
        let labels = (key(f.section), key(f.row), key(f.column));
        let Some(item) = by_id.or_else(|| self.labels.get(&labels).copied()) else {
            return Some(unknown_label(self.at(row, 1), f));
        };
        if sub.origins[item].is_some() {
            return Some(duplicate(self.at(row, 4)));
        }
        sub.origins[item] = Some(origin);
        let it = &form.items[item];
        // A list's text (内容) is kept as written; its date (開催日) is read as a date.
        let read = match it.kind {
            Kind::Text => {
                let text = self.escaped.undo(f.value).trim().to_string();
                sub.texts.set(item, (!text.is_empty()).then_some(text));
                return None;
            }
            Kind::Date => number::date(f.value),
            _ => number::parse_text(f.value)
                .map_err(|number::NotANumber::Text(t)| number::Bad::Text(t))
                .and_then(|n| number::check(it.fte, n, false, it.range))
                .map(|n| match n {
                    Number::Value(v) => Some(v),
                    _ => None,
                }),
        };
        match read {
            Ok(v) => {
                sub.values[item] = v;
                None
            }
            Err(bad) => {
                sub.unreadable[item] = true;
                Some(number::finding(form, item, bad, self.at(row, 4)))
            }
        }
    }
}

fn unknown_label(place: Location, f: &Fields) -> Finding {
    let (section, row, column) = (f.section, f.row, f.column);
    Finding::error(
        rule::INPUT,
        place,
        Text::new(
            format!(
                "「{section} / {row} / {column}」は項目定義にない項目です。`hokatsu form` の section・row・column の表記に合わせてください。"
            ),
            format!(
                "\"{section} / {row} / {column}\" is not an item of the form. Use the section, row and column labels of `hokatsu form`."
            ),
        ),
    )
}

fn duplicate(place: Location) -> Finding {
    Finding::error(
        rule::INPUT,
        place,
        Text::new(
            "同じセンターの同じ項目が二度書かれています。どちらか一行にしてください。",
            "The same item of the same center appears twice. Keep one line.",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp932_and_bom_are_decoded() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("center,section\n西部,総合相談\n");
        assert_eq!(
            decode(&sjis).as_deref(),
            Some("center,section\n西部,総合相談\n")
        );
        assert_eq!(decode("\u{feff}a,b".as_bytes()).as_deref(), Some("a,b"));
    }

    #[test]
    fn neutralised_values_come_back() {
        assert_eq!(unescape("'=1+1"), "=1+1");
        assert_eq!(unescape("'-3"), "-3");
        assert_eq!(unescape("'plain"), "'plain");
    }

    #[test]
    fn formula_characters_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+81"), "'+81");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("ケアプラン えーる"), "ケアプラン えーる");
        assert_eq!(neutralise("'plain"), "'plain");
        for text in ["-1", "'=1", "''", "'", "'''-", "=", "'\tx", "x'"] {
            assert_eq!(unescape(&neutralise(text)), text, "{text}");
        }
    }
}
