//! Submission workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) through calamine.
//!
//! Macros are never run (calamine does not run them); formulas are never evaluated: a cell's
//! cached value is read, and a formula without one is either a template total (recomputed from
//! its parts) or a finding asking the clerk to have the file saved in Excel.

use super::number::{self, Bad, Number};
use super::sniff::FileKind;
use super::{FileResult, ListRow, NAME_COLUMN, Origin, ReadContext, Submission, Texts};
use crate::address::{self, NAME_CENTER, NAME_FORM, NAME_PERIOD};
use crate::era::Period;
use crate::findings::{Finding, Location, rule};
use crate::form::{Form, Item, Kind};
use crate::grid::parse_a1;
use crate::i18n::Text;
use calamine::{Data, Ods, Range, Reader, Sheets, Xls, Xlsx};
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;

mod own;

type Book = Sheets<Cursor<Vec<u8>>>;

/// A sheet as read: the wanted cells of a streamed .xlsx sheet (value, formula), or calamine's
/// dense range for the other formats (formulas loaded when first needed).
enum Loaded {
    Sparse(HashMap<(u32, u16), (Data, Option<String>)>),
    Dense {
        values: Range<Data>,
        formulas: Option<Option<Range<String>>>,
    },
}

/// Stream an .xlsx sheet, keeping the wanted cells only.
fn stream_cells(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    sheet: &str,
    keep: impl Fn(u32, u16) -> bool,
) -> Result<Loaded, String> {
    let mut cells = HashMap::new();
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| e.to_string())?;
    while let Some(cell) = reader.next_cell_with_formula().map_err(|e| e.to_string())? {
        let (row, col) = cell.pos;
        let Ok(col) = u16::try_from(col) else {
            continue;
        };
        if keep(row, col) {
            cells.insert((row, col), (Data::from(cell.value), cell.formula));
        }
    }
    Ok(Loaded::Sparse(cells))
}

/// What a defined name points at.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Cell {
        sheet: String,
        row: u32,
        col: u16,
    },
    /// The name's cell was deleted (`#REF!`).
    Deleted,
}

/// Where an item was looked for and what was found there.
enum Located {
    At { sheet: String, row: u32, col: u16 },
    Deleted,
    Missing,
}

/// Sender a file says it is: its center cell's text, its name, and the center they point to.
struct Sender {
    label: String,
    stem: String,
    center: Option<usize>,
}

/// The items of a submission as read so far, per form item (and the sheets they were on).
struct ReadItems {
    sheets: Vec<String>,
    values: Vec<Option<f64>>,
    texts: Texts,
    origins: Vec<Option<Origin>>,
    unreadable: Vec<bool>,
    /// `1(0.7)` in a headcount cell: (the FTE item, the FTE, the headcount's cell).
    part_time_fte: Vec<(usize, f64, Origin)>,
    /// Ratios (占有率, 執行率) a center typed over their formula: compared once all is read.
    typed_ratios: Vec<(usize, f64, Location)>,
}

impl ReadItems {
    fn new(items: usize) -> ReadItems {
        ReadItems {
            sheets: Vec::new(),
            values: vec![None; items],
            texts: Texts::default(),
            origins: vec![None; items],
            unreadable: vec![false; items],
            part_time_fte: Vec::new(),
            typed_ratios: Vec::new(),
        }
    }
}

struct Workbook<'a> {
    book: Book,
    shown: &'a str,
    sheet_names: Vec<String>,
    names: HashMap<String, Target>,
    use_names: bool,
    /// Sheets read so far (`None`: missing or damaged).
    sheets: HashMap<String, Option<Loaded>>,
    /// The cells the form reads, per sheet (from names or the template's addresses).
    wanted: HashMap<String, HashSet<(u32, u16)>>,
    findings: Vec<Finding>,
    /// A sheet could not be parsed: the file is damaged and nothing in it is trusted.
    broken: bool,
    /// The center of a file refused as a whole, when known.
    rejected: Option<usize>,
    /// Items whose cell is gone: (item, deleted rather than unnamed).
    lost: Vec<(usize, bool)>,
    /// The file is laid out as the city's own workbook: its cells were found by their labels
    /// (every cell of its sheets is kept, to be searched).
    own_layout: bool,
}

pub(super) fn read(bytes: Vec<u8>, kind: FileKind, shown: &str, ctx: &ReadContext) -> FileResult {
    let cursor = Cursor::new(bytes);
    let opened: Result<Book, String> = match kind {
        FileKind::Xlsx => Xlsx::new(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
        FileKind::Ods => Ods::new(cursor).map(Sheets::Ods).map_err(|e| e.to_string()),
        FileKind::Xls => Xls::new(cursor).map(Sheets::Xls).map_err(|e| e.to_string()),
        FileKind::Csv | FileKind::Refused(_) => Err("not a workbook".into()),
    };
    let book = match opened {
        Ok(b) => b,
        Err(reason) => {
            let encrypted = reason.to_ascii_lowercase().contains("password");
            let text = if encrypted {
                Text::new(
                    "パスワードで保護されているため読めません。パスワードを解除して保存し直したファイルを送ってもらってください。",
                    "The workbook is password-protected. Ask the center to remove the password, save and send it again.",
                )
            } else {
                Text::new(
                    "ブックを開けません(ファイルが壊れているか、対応していない形式です)。Excelで開いて .xlsx で保存し直してください。",
                    format!(
                        "The workbook cannot be opened ({reason}). Open it in Excel and save it as .xlsx."
                    ),
                )
            };
            return super::rejected_file(
                shown,
                Finding::error(rule::INPUT, Location::file(shown), text),
                ctx,
            );
        }
    };
    let sheet_names = book.sheet_names();
    let mut book = book;
    if let Some(result) = compiled_report(&mut book, &sheet_names, shown, ctx) {
        return result;
    }
    let names: HashMap<String, Target> = book
        .defined_names()
        .iter()
        .filter_map(|(n, f)| Some((n.to_ascii_lowercase(), parse_target(f)?)))
        .collect();
    let use_names = (ctx.addresses.names.iter()).any(|name| names.contains_key(name));
    let mut wb = Workbook {
        book,
        shown,
        sheet_names,
        names,
        use_names,
        sheets: HashMap::new(),
        wanted: HashMap::new(),
        findings: Vec::new(),
        broken: false,
        rejected: None,
        lost: Vec::new(),
        own_layout: false,
    };
    let submission = wb.submission(ctx);
    // Every finding about this file names its center, when the file says whose it is.
    let center = submission.as_ref().map(|s| s.center).or(wb.rejected);
    if let Some(c) = center {
        let short = &ctx.profile.centers[c].short;
        for f in wb.findings.iter_mut().filter(|f| f.center.is_none()) {
            f.center = Some(short.clone());
        }
    }
    let rejected = match &submission {
        Some(_) => None,
        None => wb.rejected,
    };
    FileResult {
        submissions: submission.into_iter().collect(),
        findings: wb.findings,
        rejected,
        compiled: false,
    }
}

/// A council workbook hokatsu wrote: its 出典 sheet holds every value a center gave, in tidy
/// form, and the month. Read back, it is last month's (or last year's) data.
fn compiled_report(
    book: &mut Book,
    sheets: &[String],
    shown: &str,
    ctx: &ReadContext,
) -> Option<FileResult> {
    let name = super::sources::SHEET;
    if !sheets.iter().any(|s| s == name) {
        return None;
    }
    let range = book.worksheet_range(name).ok()?;
    let text = |r: u32, c: u16| cell_text(range.get_value((r, u32::from(c))));
    let end = range.end().map_or(0, |(r, _)| r);
    let read = super::sources::read(text, end, ctx.profile.form.cadence)?;
    let rows = read.rows.into_iter();
    let escaped = super::tidy::Escaped::No;
    let mut result = super::tidy::records(rows, shown, name, read.period, escaped, ctx);
    result.compiled = true;
    Some(result)
}

/// Parse a defined name's formula: `'実績'!$C$5`, `実績!$C$5`, ODS `$'実績'.$C$5`.
fn parse_target(formula: &str) -> Option<Target> {
    let f = formula.trim().trim_start_matches('=');
    if f.contains("#REF") {
        return Some(Target::Deleted);
    }
    // The separator is the last '!' (or, for ODS, '.') outside quotes.
    let mut in_quote = false;
    let mut sep = None;
    for (i, ch) in f.char_indices() {
        match ch {
            '\'' => in_quote = !in_quote,
            '!' if !in_quote => sep = Some(i),
            '.' if !in_quote && sep.is_none() => sep = Some(i),
            _ => {}
        }
    }
    let sep = sep?;
    let sheet = f[..sep].trim_start_matches('$');
    let sheet = sheet
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .map(|s| s.replace("''", "'"))
        .unwrap_or_else(|| sheet.to_string());
    let cell = f[sep + 1..].split(':').next()?;
    let (row, col) = parse_a1(cell)?;
    Some(Target::Cell { sheet, row, col })
}

impl Workbook<'_> {
    fn locate(&self, name: &str, fallback: address::Place, ctx: &ReadContext) -> Located {
        if self.use_names || name.starts_with("hk_") && self.names.contains_key(name) {
            match self.names.get(name) {
                Some(Target::Cell { sheet, row, col }) => {
                    return Located::At {
                        sheet: sheet.clone(),
                        row: *row,
                        col: *col,
                    };
                }
                Some(Target::Deleted) => return Located::Deleted,
                None if self.use_names => return Located::Missing,
                None => {}
            }
        }
        Located::At {
            sheet: ctx.addresses.sheet_name(fallback).to_string(),
            row: fallback.row,
            col: fallback.col,
        }
    }

    /// Load a sheet once; false if it is missing or damaged (with its finding).
    ///
    /// An .xlsx sheet is streamed and only the cells the form asks for are kept (`wanted`), so
    /// a cell far away (XFD1048576) costs nothing; other formats give calamine's dense range,
    /// whose size the sniffer bounded beforehand.
    fn load(&mut self, sheet: &str) -> bool {
        if !self.sheets.contains_key(sheet) {
            let exists = self.sheet_names.iter().any(|s| s == sheet);
            let loaded = if !exists {
                self.sheet_finding(
                    sheet,
                    format!("シート「{sheet}」がありません。配布した様式のシートを削除・改名せずに提出してもらってください。"),
                    format!("Sheet \"{sheet}\" is missing. Ask the center to fill in the template without deleting or renaming its sheets."),
                );
                None
            } else {
                let wanted = self.wanted.get(sheet);
                let all = self.own_layout;
                let keep = |r, c| all || wanted.is_some_and(|w| w.contains(&(r, c)));
                let result: Result<Loaded, String> = match &mut self.book {
                    Sheets::Xlsx(x) => stream_cells(x, sheet, keep),
                    book => book
                        .worksheet_range(sheet)
                        .map(|values| Loaded::Dense {
                            values,
                            formulas: None,
                        })
                        .map_err(|e| e.to_string()),
                };
                match result {
                    Ok(l) => Some(l),
                    Err(e) => {
                        self.broken = true;
                        self.sheet_finding(
                            sheet,
                            format!("シート「{sheet}」が壊れていて読めません。Excelで開いて保存し直したものを送ってもらってください。"),
                            format!("Sheet \"{sheet}\" is damaged and cannot be read ({e}). Ask the center to open the file in Excel, save it and send it again."),
                        );
                        None
                    }
                }
            };
            self.sheets.insert(sheet.to_string(), loaded);
        }
        self.sheets.get(sheet).is_some_and(Option::is_some)
    }

    fn sheet_finding(&mut self, sheet: &str, ja: String, en: String) {
        self.findings.push(Finding::error(
            rule::INPUT,
            Location {
                file: Some(self.shown.to_string()),
                sheet: Some(sheet.to_string()),
                cell: None,
            },
            Text::new(ja, en),
        ));
    }

    fn data(&mut self, sheet: &str, row: u32, col: u16) -> Option<Data> {
        if !self.load(sheet) {
            return None;
        }
        Some(match self.sheets.get(sheet)?.as_ref()? {
            Loaded::Sparse(cells) => cells.get(&(row, col)).map_or(Data::Empty, |c| c.0.clone()),
            Loaded::Dense { values, .. } => values
                .get_value((row, u32::from(col)))
                .cloned()
                .unwrap_or(Data::Empty),
        })
    }

    /// The formula of a cell, if it has one (dense formats: loaded once per sheet, when needed).
    fn formula(&mut self, sheet: &str, row: u32, col: u16) -> Option<String> {
        if !self.load(sheet) {
            return None;
        }
        let book = &mut self.book;
        let loaded = self.sheets.get_mut(sheet)?.as_mut()?;
        let formula = match loaded {
            Loaded::Sparse(cells) => cells.get(&(row, col)).and_then(|c| c.1.clone()),
            Loaded::Dense { formulas, .. } => formulas
                .get_or_insert_with(|| book.worksheet_formula(sheet).ok())
                .as_ref()
                .and_then(|f| f.get_value((row, u32::from(col))).cloned()),
        };
        formula.filter(|f| !f.trim().is_empty())
    }

    fn text_at(&mut self, name: &str, fallback: address::Place, ctx: &ReadContext) -> String {
        match self.locate(name, fallback, ctx) {
            Located::At { sheet, row, col } => cell_text(self.data(&sheet, row, col).as_ref()),
            _ => String::new(),
        }
    }

    fn place(&self, sheet: &str, row: u32, col: u16) -> Location {
        Location::cell(self.shown, sheet, row, col)
    }

    fn submission(&mut self, ctx: &ReadContext) -> Option<Submission> {
        let form = &ctx.profile.form;
        self.want_cells(ctx);
        // Sender file is it? (Known before anything else, so that a refused file is still
        // attributed to its center.)
        if form.own_layout() && !self.signed(ctx) && !self.find_own_layout(ctx) {
            self.rejected = self.whose(ctx).center;
            return None;
        }
        let whose = self.whose(ctx);
        if !self.own_layout && !self.is_our_template(ctx, &whose) {
            self.rejected = whose.center;
            return None;
        }
        if !self.use_names {
            self.findings.push(Finding::info(
                rule::INPUT,
                Location::file(self.shown),
                Text::new(
                    "セルの名前(名前の定義)がないため、様式どおりのセル位置から読み取りました。行や列を挿入・削除している場合は正しく読めないので、配布した様式で作り直してもらってください。",
                    "The file has no cell names, so values were read at the template's cell addresses. If rows or columns were inserted or deleted this is wrong: ask for the distributed template.",
                ),
            ));
        }
        let center = self.center(ctx, whose)?;
        let t = &ctx.addresses;
        let (period_text, period_cell) = match self.locate(NAME_PERIOD, t.period, ctx) {
            Located::At { sheet, row, col } => (
                cell_text(self.data(&sheet, row, col).as_ref()),
                Some((sheet, row, col)),
            ),
            _ => (String::new(), None),
        };
        let period = Period::parse_as(&period_text, form.cadence)
            .or_else(|| Period::in_text(&period_text, form.cadence).filter(|_| self.own_layout));
        let period_cell = period_cell.filter(|_| period.is_some());

        let center_short = ctx.profile.centers[center].short.clone();
        let mut read = ReadItems::new(form.items.len());
        for (i, item) in form.items.iter().enumerate() {
            if item.slot.is_some() {
                continue;
            }
            if item.kind.is_input() {
                self.read_input(form, i, ctx, &center_short, &mut read);
            } else {
                self.read_computed(form, i, ctx, &mut read);
            }
        }
        self.part_time_fte(form, &center_short, &mut read);
        let providers = self.providers(
            form,
            ctx,
            &center_short,
            &mut read.sheets,
            &mut read.unreadable,
        );
        if !self.own_layout {
            self.report_lost(form, &center_short);
        }
        let period_origin = period_cell.map(|(sheet, row, col)| Origin {
            sheet: sheet_index(&mut read.sheets, &sheet),
            row,
            col,
        });
        let sub = Submission {
            file: self.shown.to_string(),
            sheets: read.sheets,
            center,
            period,
            period_origin,
            values: read.values,
            origins: read.origins,
            unreadable: read.unreadable,
            providers,
            texts: read.texts,
        };
        self.typed_ratios(form, &sub, &center_short, read.typed_ratios);
        Some(sub)
    }

    /// Every cell the form reads, so that each sheet is read once for just those.
    fn want_cells(&mut self, ctx: &ReadContext) {
        let t = &ctx.addresses;
        let meta = [
            (NAME_FORM, t.signature),
            (NAME_CENTER, t.center),
            (NAME_PERIOD, t.period),
        ];
        let items = t
            .names
            .iter()
            .map(String::as_str)
            .zip(t.places.iter().copied());
        let all: Vec<(&str, address::Place)> = meta.into_iter().chain(items).collect();
        for (name, place) in all {
            if let Located::At { sheet, row, col } = self.locate(name, place, ctx) {
                self.wanted.entry(sheet).or_default().insert((row, col));
            }
        }
    }

    /// The center the file says it is from: its center cell, else (when that is blank) its
    /// name.
    fn whose(&mut self, ctx: &ReadContext) -> Sender {
        let label = self.text_at(NAME_CENTER, ctx.addresses.center, ctx);
        let stem = Path::new(self.shown)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let center = ctx.profile.find_center(&label).or_else(|| {
            label
                .is_empty()
                .then(|| ctx.profile.center_in_file_name(&stem))
                .flatten()
        });
        Sender {
            label,
            stem,
            center,
        }
    }

    /// Whether the file carries a template's form id (by its name, or at its cell): a file
    /// that does not, for a form recording the city's own workbook, is read in that layout.
    fn signed(&mut self, ctx: &ReadContext) -> bool {
        if self.names.contains_key(NAME_FORM) {
            return true;
        }
        let at = ctx.addresses.signature;
        let sheet = ctx.addresses.sheet_name(at).to_string();
        if !self.sheet_names.contains(&sheet) {
            return false;
        }
        let text = cell_text(self.data(&sheet, at.row, at.col).as_ref());
        let form = &ctx.profile.form;
        !text.is_empty() && (text == form.signature() || text.starts_with(&format!("{}-", form.id)))
    }

    /// Is this our template, and this version of it? If not, the finding says which it is.
    fn is_our_template(&mut self, ctx: &ReadContext, whose: &Sender) -> bool {
        let form = &ctx.profile.form;
        let signature = self.text_at(NAME_FORM, ctx.addresses.signature, ctx);
        if self.broken {
            return false;
        }
        let expected = form.signature();
        if signature == expected {
            return true;
        }
        let ours = signature.starts_with(&format!("{}-", form.id));
        let text = if signature.is_empty() {
            Text::new(
                "配布した提出様式のファイルではありません(様式IDがありません)。市が配布した様式に入力して提出してもらってください。",
                "This is not the distributed submission template (no form id). Ask the center to fill in the template.",
            )
        } else if ours {
            Text::new(
                format!(
                    "古い(または別の版の)提出様式で作られています(様式ID {signature}、今回の様式 {expected})。新しい様式に入力し直してもらってください。"
                ),
                format!(
                    "This file was made from another version of the template (form {signature}; this run uses {expected}). Ask the center to use the current template."
                ),
            )
        } else {
            Text::new(
                format!(
                    "別の提出様式で作られています(様式ID {signature})。市が配布した様式に入力して提出してもらってください。"
                ),
                format!(
                    "This file was made from another template (form {signature}). Ask the center to use the city's template."
                ),
            )
        };
        let short = whose.center.map(|c| ctx.profile.centers[c].short.as_str());
        let f = Finding::error(rule::INPUT, Location::file(self.shown), text).center(short);
        self.findings.push(if signature.is_empty() {
            f
        } else {
            f.values(&expected, &signature)
        });
        false
    }

    /// The center the data is read as, or the finding that the profile has no such center.
    /// A file named after one center holding another's data is read as the center its cell
    /// names, and both are said.
    fn center(&mut self, ctx: &ReadContext, whose: Sender) -> Option<usize> {
        // The center cell, where a finding about whose file it is points.
        let center_cell = match self.locate(NAME_CENTER, ctx.addresses.center, ctx) {
            Located::At { sheet, row, col } => self.place(&sheet, row, col),
            _ => Location::file(self.shown),
        };
        let Sender {
            label,
            stem,
            center,
        } = whose;
        let named = ctx.profile.center_in_file_name(&stem);
        let Some(center) = center else {
            let shown_label = if label.is_empty() { stem } else { label };
            self.findings.push(super::unknown_center(
                center_cell,
                &shown_label,
                named,
                ctx.profile,
            ));
            return None;
        };
        if let Some(named) = named.filter(|&n| n != center && !label.is_empty()) {
            let (cell, file) = (&ctx.profile.centers[center], &ctx.profile.centers[named]);
            self.findings.push(
                Finding::warning(
                    rule::COVERAGE,
                    center_cell,
                    Text::new(
                        format!(
                            "ファイル名は「{}」ですが、中のセンター名は「{}」です。{} の提出として読みました。どちらのセンターの数字か確かめてください。",
                            file.short, cell.short, cell.short
                        ),
                        format!(
                            "The file is named for {} but its center cell says {}; it was read as {}'s. Check whose figures these are.",
                            file.short, cell.short, cell.short
                        ),
                    ),
                )
                .center(Some(&cell.short))
                .values(&file.short, &cell.short),
            );
        }
        Some(center)
    }

    /// A computed item (a ratio, a list's count): not read, but findings point at its cell;
    /// a ratio a center typed over its formula is kept to be compared once all is read.
    fn read_computed(&mut self, form: &Form, i: usize, ctx: &ReadContext, read: &mut ReadItems) {
        let Some((sheet, row, col)) = self.find_item(i, ctx) else {
            return;
        };
        if !self.load(&sheet) {
            return;
        }
        if form.items[i].kind == Kind::Ratio
            && self.formula(&sheet, row, col).is_none()
            && let Some(v) = match self.data(&sheet, row, col) {
                Some(Data::Float(f)) => Some(f),
                Some(Data::Int(n)) => Some(n as f64),
                _ => None,
            }
        {
            read.typed_ratios.push((i, v, self.place(&sheet, row, col)));
        }
        let sheet = sheet_index(&mut read.sheets, &sheet);
        read.origins[i] = Some(Origin { sheet, row, col });
    }

    /// An input item: a list's text (内容) as written, its date (開催日) as a date, anything
    /// else as a number (a part-time headcount's `1(0.7)` gives its FTE too).
    fn read_input(
        &mut self,
        form: &Form,
        i: usize,
        ctx: &ReadContext,
        center: &str,
        read: &mut ReadItems,
    ) {
        let item = &form.items[i];
        let found = self.find_item(i, ctx);
        let Some((sheet, row, col)) = found.filter(|(sheet, _, _)| self.load(sheet)) else {
            read.unreadable[i] = true;
            return;
        };
        let origin = Origin {
            sheet: sheet_index(&mut read.sheets, &sheet),
            row,
            col,
        };
        read.origins[i] = Some(origin);
        let parsed = match item.kind {
            Kind::Text | Kind::Date => match (item.kind, self.data(&sheet, row, col)) {
                (_, None | Some(Data::Empty)) => return,
                (Kind::Text, Some(d)) => {
                    // A number typed in a text column (a room number) as typed.
                    let text = match d {
                        Data::Float(f) => crate::grid::format_number(f),
                        other => other.to_string(),
                    };
                    let text = text.trim().to_string();
                    read.texts.set(i, (!text.is_empty()).then_some(text));
                    return;
                }
                (_, Some(d)) => read_date(&d).map(|v| v.map_or(Number::Blank, Number::Value)),
            },
            _ => {
                let fte_item = form.tables[item.table]
                    .fte
                    .get(item.row)
                    .and_then(|r| r.get(item.col))
                    .copied()
                    .flatten()
                    .filter(|&f| f != i);
                let parsed = self.number(&sheet, row, col, item, fte_item.is_some());
                if let (Ok(Number::PartTime { fte, .. }), Some(f)) = (&parsed, fte_item) {
                    read.part_time_fte.push((f, *fte, origin));
                }
                parsed
            }
        };
        match parsed {
            Ok(Number::Blank) => {}
            Ok(Number::Value(v) | Number::PartTime { count: v, .. }) => read.values[i] = Some(v),
            Err(bad) => {
                read.unreadable[i] = true;
                let place = self.place(&sheet, row, col);
                self.bad(form, i, place, bad, center);
            }
        }
    }

    /// `1(0.7)` typed in a headcount cell gives the FTE too, unless the FTE cell says otherwise.
    fn part_time_fte(&mut self, form: &Form, center: &str, read: &mut ReadItems) {
        for &(f, fte, origin) in &read.part_time_fte {
            match read.values[f] {
                None => {
                    read.values[f] = Some(fte);
                    read.origins[f] = Some(origin);
                }
                Some(v) if (v - fte).abs() > 1e-9 => {
                    let sheet = &read.sheets[origin.sheet as usize];
                    let place = self.place(sheet, origin.row, origin.col);
                    self.findings.push(
                        Finding::error(
                            rule::INPUT,
                            place,
                            Text::new(
                                format!("{} の常勤換算が、人数の欄の ({fte}) と常勤換算の欄の {v} で食い違っています。どちらかに揃えてください。", form.describe(f)),
                                format!("{}: the full-time equivalent is ({fte}) in the headcount cell but {v} in its own cell. Make them agree.", form.describe(f)),
                            ),
                        )
                        .center(Some(center))
                        .values(v, fte),
                    );
                }
                Some(_) => {}
            }
        }
    }

    /// A ratio typed over its formula is not read (the report computes it from its figures);
    /// when the typed value says otherwise, the center is told at that cell.
    fn typed_ratios(
        &mut self,
        form: &Form,
        sub: &Submission,
        center: &str,
        typed: Vec<(usize, f64, Location)>,
    ) {
        for (i, typed, place) in typed {
            let computed = crate::model::value(form, sub, i);
            if (typed - computed).abs() > 0.0005 {
                let pct = |v: f64| format!("{:.1}%", v * 100.0);
                let what = form.describe(i);
                self.findings.push(
                    Finding::warning(
                        rule::INPUT,
                        place,
                        Text::new(
                            format!("{what}に {} と入力されていますが、数字からは {} です。この欄は計算式の欄なので、入力した値は使わず {} とします。数字が正しいか確かめてください。", pct(typed), pct(computed), pct(computed)),
                            format!("{what} was typed as {} but its figures give {}. It is a computed cell: {} is used. Check the figures.", pct(typed), pct(computed), pct(computed)),
                        ),
                    )
                    .center(Some(center))
                    .values(pct(computed), pct(typed)),
                );
            }
        }
    }

    /// Locate an item, reporting a name that is missing or points at a deleted cell.
    /// Locate an item; an item whose name is missing or points at a deleted cell is noted in
    /// `lost` (one finding per file says so, see [`Workbook::report_lost`]).
    fn find_item(&mut self, item: usize, ctx: &ReadContext) -> Option<(String, u32, u16)> {
        match self.locate(&ctx.addresses.names[item], ctx.addresses.places[item], ctx) {
            Located::At { sheet, row, col } => Some((sheet, row, col)),
            Located::Deleted => {
                self.lost.push((item, true));
                None
            }
            Located::Missing => {
                self.lost.push((item, false));
                None
            }
        }
    }

    /// One finding for all the input cells a file lost (deleted rows or sheets, removed names).
    fn report_lost(&mut self, form: &Form, center: &str) {
        if self.lost.is_empty() {
            return;
        }
        let deleted = self.lost.iter().filter(|(_, d)| *d).count();
        let examples: Vec<String> = self
            .lost
            .iter()
            .take(3)
            .map(|&(i, _)| form.describe(i))
            .collect();
        let more = if self.lost.len() > 3 {
            (
                format!(" ほか{}か所", self.lost.len() - 3),
                format!(" and {} more", self.lost.len() - 3),
            )
        } else {
            (String::new(), String::new())
        };
        let (why_ja, why_en) = if deleted > 0 {
            (
                "行・列・シートの削除で消えています",
                "were deleted with their rows, columns or sheet",
            )
        } else {
            ("セルの名前が消されています", "lost their cell names")
        };
        self.findings.push(
            Finding::error(
                rule::INPUT,
                Location::file(self.shown),
                Text::new(
                    format!("様式の入力欄 {}か所が{why_ja}({}{})。行や列・シートを削除せずに、配布した様式に入力し直してもらってください。",
                        self.lost.len(), examples.join("、"), more.0),
                    format!("{} input cells of the template {why_en} ({}{}). Ask the center to fill in the distributed template without deleting rows, columns or sheets.",
                        self.lost.len(), examples.join(", "), more.1),
                ),
            )
            .center(Some(center))
            .values(0, self.lost.len()),
        );
    }

    /// Read a number cell for an item of this kind.
    fn number(
        &mut self,
        sheet: &str,
        row: u32,
        col: u16,
        item: &Item,
        part_time: bool,
    ) -> Result<Number, Bad> {
        let kind = item.kind;
        let Some(data) = self.data(sheet, row, col) else {
            return Ok(Number::Blank);
        };
        // A total still holding a formula is the template's own sum: it is recomputed from its
        // parts (its cached value may be stale or missing); only a typed-over total is checked.
        if kind == Kind::Total && self.formula(sheet, row, col).is_some() {
            return Ok(Number::Blank);
        }
        let parsed = match data {
            Data::Empty => {
                if let Some(f) = self.formula(sheet, row, col)
                    && kind != Kind::Total
                {
                    return Err(Bad::NoCachedValue(f));
                }
                Number::Blank
            }
            Data::Int(i) => Number::Value(i as f64),
            Data::Float(f) => Number::Value(f),
            Data::String(s) => {
                number::parse_text(&s).map_err(|number::NotANumber::Text(t)| Bad::Text(t))?
            }
            Data::Error(e) => return Err(Bad::ErrorValue(e.to_string())),
            Data::Bool(_) => return Err(Bad::NotNumber("TRUE/FALSE", "TRUE/FALSE")),
            Data::DateTime(_) | Data::DateTimeIso(_) => {
                return Err(Bad::NotNumber("日付", "a date"));
            }
            Data::DurationIso(_) => return Err(Bad::NotNumber("時間", "a duration")),
        };
        number::check(item.fte, parsed, part_time, item.range)
    }

    fn bad(&mut self, form: &Form, item: usize, place: Location, bad: Bad, center: &str) {
        self.findings
            .push(number::finding(form, item, bad, place).center(Some(center)));
    }

    fn providers(
        &mut self,
        form: &Form,
        ctx: &ReadContext,
        center: &str,
        sheets: &mut Vec<String>,
        unreadable: &mut [bool],
    ) -> Vec<ListRow> {
        let Some(t) = form.providers else {
            return Vec::new();
        };
        let table = &form.tables[t];
        let mut lines = Vec::new();
        for slot in &table.items {
            let name_item = slot[0];
            let name_at = self.find_item(name_item, ctx);
            let lost = match &name_at {
                Some((sheet, _, _)) => !self.load(sheet),
                None => true,
            };
            if lost {
                for &i in slot {
                    unreadable[i] = true;
                }
                continue;
            }
            let name = match &name_at {
                Some((sheet, row, col)) => cell_text(self.data(sheet, *row, *col).as_ref()),
                None => String::new(),
            };
            let mut line = ListRow::named(name, None, slot.len());
            for (c, &item) in slot.iter().enumerate().skip(NAME_COLUMN + 1) {
                let Some((sheet, row, col)) = self.find_item(item, ctx) else {
                    line.unreadable = true;
                    continue;
                };
                line.origins[c] = Some(Origin {
                    sheet: sheet_index(sheets, &sheet),
                    row,
                    col,
                });
                match self.number(&sheet, row, col, &form.items[item], false) {
                    Ok(Number::Value(v)) => line.counts[c] = Some(v),
                    Ok(_) => {}
                    Err(bad) => {
                        let place = self.place(&sheet, row, col);
                        self.bad(form, item, place, bad, center);
                        line.unreadable = true;
                    }
                }
            }
            let has_counts = line.counts.iter().any(|c| c.is_some_and(|v| v != 0.0));
            if line.name.is_empty() && !has_counts {
                continue;
            }
            let origin = name_at.map(|(sheet, row, col)| Origin {
                sheet: sheet_index(sheets, &sheet),
                row,
                col,
            });
            line.origins[NAME_COLUMN] = origin;
            if line.name.is_empty() {
                let place = origin.map_or(Location::file(self.shown), |o| {
                    self.place(&sheets[o.sheet as usize], o.row, o.col)
                });
                self.findings.push(
                    Finding::error(
                        rule::INPUT,
                        place,
                        Text::new(
                            format!("{}に件数がありますが事業所名がありません。事業所名を入力してください。", form.describe(name_item)),
                            format!("{} has plan counts but no provider name. Enter the provider's name.", form.describe(name_item)),
                        ),
                    )
                    .center(Some(center)),
                );
                continue;
            }
            lines.push(line);
        }
        lines
    }
}

/// A label cell's text (a center's name, the form id, a provider's name): a text trimmed, a
/// number as Excel shows it, anything else none.
fn cell_text(data: Option<&Data>) -> String {
    match data {
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Float(f)) => crate::grid::format_number(*f),
        _ => String::new(),
    }
}

fn sheet_index(sheets: &mut Vec<String>, sheet: &str) -> u16 {
    match sheets.iter().position(|s| s == sheet) {
        Some(i) => i as u16,
        None => {
            sheets.push(sheet.to_string());
            (sheets.len() - 1) as u16
        }
    }
}

/// A list's date cell: a date as Excel or LibreOffice store it, a day number, or a date typed
/// as text (`2025/6/12`, `R7.6.12`).
fn read_date(d: &Data) -> Result<Option<f64>, number::Bad> {
    match d {
        Data::DateTime(dt) => Ok(Some(dt.as_f64().floor())),
        Data::DateTimeIso(iso) => number::date(iso.split('T').next().unwrap_or(iso)),
        Data::Float(f) if (1.0..=401_768.0).contains(f) => Ok(Some(f.floor())),
        Data::Int(i) if (1..=401_768).contains(i) => Ok(Some(*i as f64)),
        Data::String(s) => number::date(s),
        other => Err(number::Bad::NotDate(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defined_name_targets_of_excel_and_libreoffice() {
        let cell = |s: &str, r, c| {
            Some(Target::Cell {
                sheet: s.into(),
                row: r,
                col: c,
            })
        };
        assert_eq!(parse_target("'実績'!$C$5"), cell("実績", 4, 2));
        assert_eq!(parse_target("=実績!$C$5"), cell("実績", 4, 2));
        assert_eq!(parse_target("$'職員配置'.$D$9"), cell("職員配置", 8, 3));
        assert_eq!(parse_target("$Sheet1.$A$1:$A$1"), cell("Sheet1", 0, 0));
        assert_eq!(parse_target("'it''s'!$B$2"), cell("it's", 1, 1));
        assert_eq!(parse_target("'実績'!#REF!"), Some(Target::Deleted));
        assert_eq!(parse_target("SUM(1,2)"), None);
    }
}
