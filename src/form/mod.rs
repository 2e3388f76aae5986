//! The form: every table a center fills, its labels, its items and its sum relations.
//!
//! One declarative definition (TOML, `kushiro.toml` is the embedded default) is parsed here into
//! a [`Form`]; the template writer, the reader, the rules, the data dictionary, the council
//! workbook and the tidy CSV all iterate over it. Nothing else in the crate may spell a section's
//! label or a sum relation: if a label is needed, it comes from here.
//!
//! A city can change the form through its profile (add or rename a category); see
//! [`crate::profile`]. Changing the form changes its [`Form::signature`], so templates made from an
//! older form are recognised and refused with one clear finding.

mod fingerprint;
mod labels;
mod spec;

pub use crate::names::nfkc;
pub use fingerprint::{Fingerprint, fingerprint};
pub use labels::{LabelContext, data_label};
pub use spec::{EvaluationForm, FormCustomization, FormSpec};

use std::collections::HashMap;

/// Counts above this are taken for typing mistakes.
pub const MAX_COUNT: f64 = 9_999_999.0;

/// The embedded Kushiro form definition.
pub const KUSHIRO_FORM: &str = include_str!("kushiro.toml");

/// A form definition's text and where it came from: the embedded Kushiro form, or a city's
/// file (`--form FILE`, or `[form] file = "…"` in its profile).
#[derive(Debug, Clone)]
pub struct FormSource {
    /// As messages name it: the path given, or `kushiro (embedded)`.
    pub name: String,
    pub text: String,
}

impl FormSource {
    pub fn embedded() -> FormSource {
        FormSource {
            name: "kushiro (embedded)".into(),
            text: KUSHIRO_FORM.to_string(),
        }
    }

    /// The line (1-based) of the key or value a path leads to.
    pub fn line_at(&self, path: &[Seg]) -> Option<usize> {
        let at = span_of(&self.text, path)?;
        Some(crate::diagnostic::line_of(&self.text, at))
    }

    /// What the clerk is told of an error of this form: its file, its line, its message.
    pub fn diagnose(&self, e: &FormError) -> crate::diagnostic::Diagnostic {
        crate::diagnostic::Diagnostic {
            source_name: self.name.clone(),
            line: self.line_of(e),
            text: crate::i18n::Text::new(e.message(crate::i18n::Lang::Ja), e.to_string()),
            in_form: true,
        }
    }

    /// The line (1-based) an error is about: where the TOML parser stopped, or the key or
    /// value the error's path leads to (from the parser's spans, so an id is found where it is
    /// defined, not where another table names it); for an error without a path, the first
    /// line naming its id in quotes.
    pub fn line_of(&self, err: &FormError) -> Option<usize> {
        let line_at = |offset: usize| crate::diagnostic::line_of(&self.text, offset);
        let quoted = |id: &str| self.text.find(&format!("\"{id}\"")).map(line_at);
        match err {
            // A value left open is said where it began, not where the reader gave up.
            FormError::Toml(message, offset) => {
                let line = offset.map(|o| crate::diagnostic::toml_error_line(&self.text, o));
                // A key the table needs, commented out in it: that line.
                let missing = message.strip_prefix("missing field `");
                let field = missing.and_then(|m| m.split('`').next());
                match (line, field) {
                    (Some(line), Some(field)) => {
                        Some(commented_key(&self.text, line, field).unwrap_or(line))
                    }
                    _ => line,
                }
            }
            FormError::Value(_, offset) => Some(line_at(*offset)),
            FormError::At(inner, path) => span_of(&self.text, path)
                .map(line_at)
                .or_else(|| self.line_of(inner)),
            // The name the message is about (its last quoted one), else the table.
            FormError::Table { table, what } => what
                .en
                .split('\'')
                .skip(1)
                .step_by(2)
                .filter_map(quoted)
                .last()
                .or_else(|| quoted(table)),
            FormError::DuplicateId(id) => quoted(id),
            FormError::UnknownItem { item, table } => quoted(item).or_else(|| quoted(table)),
            FormError::Customization(_) => None,
        }
    }
}

/// The line of `# key = …` in the table whose header is at line `from` (until the next
/// header): a key the table needs that a `#` typed at its start made a comment.
fn commented_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let lines = text.lines().enumerate().skip(from);
    for (i, line) in lines {
        let line = line.trim_start();
        if line.starts_with('[') {
            return None;
        }
        let Some(rest) = line.strip_prefix('#') else {
            continue;
        };
        let rest = rest.trim_start();
        if rest
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with('='))
        {
            return Some(i + 1);
        }
    }
    None
}

/// Every string of the form, whatever key holds it, is one a cell, a header or a defined name
/// can take: at most [`STRING_LIMIT`] characters, without control characters (a line break in
/// a title or a NUL in an id). Checked on the parser's values, so the line is the string's own.
fn check_strings(text: &str) -> Result<(), FormError> {
    use toml::de::{DeTable, DeValue};
    fn walk(value: &toml::Spanned<DeValue>) -> Result<(), FormError> {
        match value.get_ref() {
            DeValue::String(s) => {
                let shown: String = s
                    .chars()
                    .take(20)
                    .collect::<String>()
                    .escape_debug()
                    .to_string();
                let fault = if s.chars().count() > STRING_LIMIT {
                    Some(crate::i18n::Text::new(
                        format!("「{shown}…」が長すぎます({STRING_LIMIT} 文字まで)"),
                        format!("'{shown}…' is too long (at most {STRING_LIMIT} characters)"),
                    ))
                } else if s.chars().any(char::is_control) {
                    Some(crate::i18n::Text::new(
                        format!(
                            "「{shown}」に改行や制御文字があります。一行の文字だけにしてください"
                        ),
                        format!(
                            "'{shown}' holds a line break or a control character; keep it on one line"
                        ),
                    ))
                } else {
                    None
                };
                match fault {
                    Some(t) => Err(FormError::Value(t, value.span().start)),
                    None => Ok(()),
                }
            }
            DeValue::Array(a) => a.iter().try_for_each(walk),
            DeValue::Table(t) => t.values().try_for_each(walk),
            _ => Ok(()),
        }
    }
    let Ok(root) = DeTable::parse(text) else {
        return Ok(());
    };
    root.get_ref().values().try_for_each(walk)
}

/// The longest string a form may hold anywhere (a section's `purpose` is the longest real one,
/// about 60 characters; labels are held to [`spec::limits::LABEL`]).
pub const STRING_LIMIT: usize = 500;

/// A step of the path to a key or value of the form file: a key of a table, or an element of
/// an array (`part`, 0, `section`, 1, `table`, 2, `rows`, 4, `of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

/// Where a path leads in the form's text: the start of its value, from the TOML parser's spans.
/// A path that goes further than the file does stops at the last value it reached.
fn span_of(text: &str, path: &[Seg]) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut at = root.span().start;
    let mut table: Option<&DeTable> = Some(root.get_ref());
    let mut array: Option<&[toml::Spanned<DeValue>]> = None;
    for seg in path {
        let next = match (seg, table, array) {
            (Seg::Key(k), Some(t), _) => t.get(*k),
            (Seg::Index(i), _, Some(a)) => a.get(*i),
            _ => None,
        };
        let Some(value) = next else { break };
        at = value.span().start;
        (table, array) = match value.get_ref() {
            DeValue::Table(t) => (Some(t), None),
            DeValue::Array(a) => (None, Some(&a[..])),
            _ => (None, None),
        };
    }
    Some(at)
}

/// What a form definition can get wrong; every message names the table and the id.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// A TOML or shape error, with the byte offset it is at when known.
    #[error("form definition: {0}")]
    Toml(String, Option<usize>),
    #[error("form definition: table '{table}': {}", what.en)]
    Table {
        table: String,
        what: crate::i18n::Text,
    },
    #[error("form definition: id '{0}' is used twice")]
    DuplicateId(String),
    #[error("form definition: '{item}' named in table '{table}' is not an item of the form")]
    UnknownItem { table: String, item: String },
    #[error("form customization: {}", .0.en)]
    Customization(crate::i18n::Text),
    /// A value no sheet can hold, at its byte offset.
    #[error("form definition: {}", .0.en)]
    Value(crate::i18n::Text, usize),
    /// An error with the path to the key or value at fault (see [`FormError::at`]).
    #[error("{0}")]
    At(Box<FormError>, Vec<Seg>),
}

impl FormError {
    /// The message in the language (the structure's words in Japanese; ids as written).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (FormError::Toml(m, _), Lang::Ja) => crate::i18n::toml_message_ja(m),
            (FormError::Table { table, what }, Lang::Ja) => {
                format!("表「{table}」の定義に誤りがあります({})。", what.ja)
            }
            (FormError::DuplicateId(id), Lang::Ja) => format!("id「{id}」が二度使われています。"),
            (FormError::UnknownItem { table, item }, Lang::Ja) => {
                format!("表「{table}」で指定された「{item}」は様式の項目ではありません。")
            }
            (FormError::Customization(text), Lang::Ja) => text.ja.clone(),
            (FormError::Value(text, _), Lang::Ja) => text.ja.clone(),
            (FormError::At(inner, _), Lang::Ja) => inner.message(lang),
        }
    }

    /// Whether it is about the profile's changes to the form (`[[form.add]]`,
    /// `[[form.rename]]`): located in the profile's text, not the form's.
    pub fn is_customization(&self) -> bool {
        match self {
            FormError::Customization(_) => true,
            FormError::At(inner, _) => inner.is_customization(),
            _ => false,
        }
    }

    /// The error, located: `path` leads to its key or value from where the caller stands, and
    /// a caller further out puts its own path before it (the table's place in the file before
    /// the row's place in the table). A path given to an error already located goes before.
    pub fn at(self, path: &[Seg]) -> FormError {
        match self {
            FormError::At(inner, rest) => {
                FormError::At(inner, path.iter().chain(&rest).copied().collect())
            }
            e => FormError::At(Box::new(e), path.to_vec()),
        }
    }
}

/// How a table is laid out, in the template and in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One report row per center; the table's columns are the items.
    Row,
    /// Each center spans the table's rows (新規, 継続) with its total in a merged column.
    Stacked,
    /// Rows × columns per center (相談内容 × 相談者): label levels on both axes, totals and
    /// 再掲 on both; the report prints the city's grid, each area's, then each center's.
    Grid,
    /// Section 2: rows are roles, columns are 専従/兼務 per center; part-time rows carry FTE.
    Staffing,
    /// The list of contracted providers: a row per provider.
    Providers,
    /// The self-evaluation scores (1–5), on a sheet of their own.
    Evaluation,
    /// A list of rows a center adds (meetings with 開催日・内容・参加者数): numbered rows in the
    /// template, the listed rows of every center in the report, a total row with the number
    /// of rows listed and the sums of the count columns.
    List,
}

/// What an item holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number ≥ 0.
    Count,
    /// A full-time equivalent, a decimal ≥ 0.
    Fte,
    /// The sum of other items: a formula in the template, read and checked when typed over.
    Total,
    /// Free text (a provider's name).
    Text,
    /// Computed, not typed: one column of the row over another (執行率), a formula in the
    /// template and the report.
    Ratio,
    /// A date (開催日), held as Excel's serial day number.
    Date,
    /// Computed, not typed: the number of rows a list holds (those whose first column is
    /// filled).
    Rows,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Fte => "fte",
            Kind::Total => "total",
            Kind::Text => "text",
            Kind::Ratio => "ratio",
            Kind::Date => "date",
            Kind::Rows => "rows",
        }
    }
    /// Whether the item holds a number (everything but text).
    pub fn is_number(self) -> bool {
        self != Kind::Text
    }

    /// Whether a center types it (or may type over it): not a computed ratio.
    pub fn is_input(self) -> bool {
        !matches!(self, Kind::Ratio | Kind::Rows)
    }
}

/// A row or a column of a table.
#[derive(Debug, Clone)]
pub struct Axis {
    pub id: String,
    /// Label levels, outermost first (staffing rows have three: 専門職 / 保健師等 / 常勤).
    pub label: Vec<String>,
    /// For a total: the indices (in the same axis) of the parts it sums.
    pub sum: Option<Vec<usize>>,
    /// Staffing: a part-time row, which carries a headcount and a full-time equivalent.
    pub part_time: bool,
    /// Staffing: which of the three professions of the national standard this row counts.
    pub profession: Option<String>,
    /// 再掲: the axis (in the same table) this one is included in; left out of `sum = "*"`.
    pub of: Option<usize>,
    /// Its values may be negative (収支差額).
    pub signed: bool,
    /// A computed ratio of two other columns of the table (numerator, denominator).
    pub ratio: Option<(usize, usize)>,
    /// A list's column of text (内容) or dates (開催日) rather than counts.
    pub kind: Option<Kind>,
    /// A ratio whose 計 and subtotals are the mean of the centers' ratios.
    pub mean: bool,
    /// Providers: the plan-table items this program column is checked against.
    pub plans: Option<usize>,
    pub providers: Option<usize>,
}

impl Axis {
    /// The label as shown, levels joined (without placeholders substituted).
    pub fn joined(&self) -> String {
        self.label
            .iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One table of the form.
#[derive(Debug, Clone)]
pub struct Table {
    pub id: String,
    pub number: String,
    pub label: String,
    pub layout: Layout,
    /// The label of the top-left header cell (区分).
    pub corner: String,
    /// The row label used for single-row tables in the dictionary (件数, 回数).
    pub row_label: String,
    pub rows: Vec<Axis>,
    pub columns: Vec<Axis>,
    /// The label of a share row (割合) under the totals, if the table has one.
    pub share: Option<String>,
    /// The label of a providers or list table's total row (ケアプラン委託作成件数, 計).
    pub total_label: Option<String>,
    /// Providers: rows in the template.
    pub capacity: usize,
    /// Providers: the note on distinct providers (`* 実事業所数は{n}`).
    pub distinct_note: Option<String>,
    /// The unit of the figures, shown after the title (千円).
    pub unit: Option<String>,
    /// The amounts are this period's (flow), not totals since April (year-to-date, 累計):
    /// the cumulative rule skips them and an annual report sums them over the year.
    pub flow: bool,
    /// The part and section this table belongs to (indices into [`Form::parts`]); `None` for staffing.
    pub part: Option<usize>,
    pub section: Option<usize>,
    /// `items[row][col]`: the item at that cell (staffing part-time rows: the headcount).
    pub items: Vec<Vec<usize>>,
    /// Staffing part-time rows: `fte[row][col]`, the full-time-equivalent item.
    pub fte: Vec<Vec<Option<usize>>>,
    /// Lists: per column, the item of the total row: the number of rows listed under the
    /// first column, the sum of each count column.
    pub list_totals: Vec<Option<usize>>,
    /// Where the table stands in the city's own workbook, when the form was drafted from it.
    pub own: Option<Own>,
}

/// Where a table stands in the city's own workbook (`workbook = { sheet, corner, body }`),
/// 0-based: the reader looks for it there first, then by its labels where a center moved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Own {
    pub sheet: String,
    /// The cell of its corner label (区分).
    pub corner: (u32, u16),
    /// Its first body cell: the table's rows and columns follow it without gaps.
    pub body: (u32, u16),
    /// A list's total row (計), when the workbook has one.
    pub totals: Option<u32>,
}

impl Own {
    /// The cell of a table's row `r` and column `c` in the city's workbook as the form
    /// records it: a list's row past its capacity is its total row.
    pub fn cell(&self, table: &Table, r: usize, c: usize) -> Option<(u32, u16)> {
        let row = match r.checked_sub(table.items.len()) {
            None => self.body.0 + u32::try_from(r).ok()?,
            Some(_) => self.totals?,
        };
        Some((row, self.body.1 + u16::try_from(c).ok()?))
    }
}

/// A cell of the city's own workbook outside the tables: the center's (beside its label) or
/// the period's (a title holding 「令和8年10月分」).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnCell {
    pub sheet: String,
    pub cell: (u32, u16),
    /// The label the cell stands beside (センター名): a center that moved it is still read.
    pub beside: Option<String>,
}

impl Table {
    /// Its rows are lines a center adds (meetings with 開催日・内容), counted by their first
    /// column (the provider list, joined by name, is not such a table).
    pub fn has_lines(&self) -> bool {
        self.layout == Layout::List
    }

    /// Its one row is the table itself: the row has no label of its own (a row table), so a
    /// city's sheet may leave it unwritten.
    pub fn has_unlabeled_row(&self) -> bool {
        self.layout == Layout::Row
    }

    /// Every input is a score the center must give (a self-evaluation).
    pub fn is_scored(&self) -> bool {
        self.layout == Layout::Evaluation
    }

    /// Its figures are headcounts at the period's end (staffing), never summed over periods.
    pub fn is_headcount(&self) -> bool {
        self.layout == Layout::Staffing
    }

    /// Every item of the table, in row-major order (headcount before FTE).
    pub fn all_items(&self) -> impl Iterator<Item = usize> + '_ {
        self.items
            .iter()
            .zip(&self.fte)
            .flat_map(|(row, fte)| {
                row.iter()
                    .zip(fte)
                    .flat_map(|(&i, f)| std::iter::once(i).chain(*f))
            })
            .chain(self.list_totals.iter().flatten().copied())
    }
}

#[derive(Debug, Clone)]
pub struct Part {
    pub number: String,
    pub label: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub number: String,
    pub label: String,
    pub purpose: String,
    pub tables: Vec<usize>,
}

/// One input item: a cell a center fills (or a total it may type over).
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub table: usize,
    pub row: usize,
    pub col: usize,
    pub kind: Kind,
    /// Providers: the template row (0-based) this item belongs to.
    pub slot: Option<usize>,
    /// A full-time equivalent (a decimal), including the total of such.
    pub fte: bool,
    /// The values allowed (a score from 1 to 5), beyond being a whole number ≥ 0.
    pub range: Option<(f64, f64)>,
    /// Dictionary labels (NFKC, placeholders dropped).
    pub section_label: String,
    pub row_label: String,
    pub column_label: String,
}

/// A part-whole relation: `total` must equal the sum of `parts`.
#[derive(Debug, Clone)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// A relation between two items (or a table's sum and an item) that is not a plain total.
#[derive(Debug, Clone)]
pub struct Relation {
    pub kind: RelationKind,
    /// The items summed on the left side.
    pub left: Vec<usize>,
    /// Items subtracted on the left side (収入 − 支出 = 収支差額).
    pub minus: Vec<usize>,
    pub right: Bound,
    pub table: usize,
    /// How messages name the left side, when the form says (`label` of a `[[relation]]`).
    pub label: Option<String>,
}

/// The right side of a relation: an item, or a number the form states (a センター長 at least
/// 1, an 占有率 at most 0.5).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Item(usize),
    Number(f64),
}

impl Relation {
    /// The item on the right, unless the right side is a number.
    pub fn right_item(&self) -> Option<usize> {
        match self.right {
            Bound::Item(i) => Some(i),
            Bound::Number(_) => None,
        }
    }

    /// Every item the relation reads: the left side's, then the right's.
    pub fn items(&self) -> impl Iterator<Item = usize> + '_ {
        self.left
            .iter()
            .chain(&self.minus)
            .copied()
            .chain(self.right_item())
    }

    /// The first item of the left side (where its finding is reported first).
    pub fn first(&self) -> usize {
        self.left
            .first()
            .or(self.minus.first())
            .copied()
            .or(self.right_item())
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    /// A 重複あり breakdown's total should be at least the number of cases (overlap.plausible).
    Overlap,
    /// A breakdown of cases counted once must equal the number of cases (sum).
    Breakdown,
    /// The abuse types should account for the abuse cases (abuse.breakdown).
    Abuse,
    /// A 再掲 row or column: included in its parent, so at most it (sum).
    Within,
    /// A form's `[[relation]]`: the left side equals, is at most or at least the right
    /// (rule `relation`; an error unless the form says warning).
    Equal {
        error: bool,
    },
    AtMost {
        error: bool,
    },
    AtLeast {
        error: bool,
    },
}

/// How a relation compares its left side with its right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Test {
    Equal,
    AtMost,
    AtLeast,
}

impl Test {
    /// Whether `left` against `right` fails the test.
    pub fn fails(self, left: f64, right: f64) -> bool {
        match self {
            Test::Equal => (left - right).abs() > 1e-9,
            Test::AtMost => left > right + 1e-9,
            Test::AtLeast => left < right - 1e-9,
        }
    }
}

impl RelationKind {
    /// The rule a failing relation is reported under, whether as an error, and its test: the
    /// one statement of each kind's meaning, for `check` and the template's self-checks alike.
    pub fn meaning(self) -> (&'static str, bool, Test) {
        use crate::rule;
        match self {
            RelationKind::Breakdown => (rule::SUM, true, Test::Equal),
            RelationKind::Overlap => (rule::OVERLAP, false, Test::AtLeast),
            RelationKind::Abuse => (rule::ABUSE_BREAKDOWN, false, Test::Equal),
            RelationKind::Within => (rule::SUM, true, Test::AtMost),
            RelationKind::Equal { error } => (rule::RELATION, error, Test::Equal),
            RelationKind::AtMost { error } => (rule::RELATION, error, Test::AtMost),
            RelationKind::AtLeast { error } => (rule::RELATION, error, Test::AtLeast),
        }
    }

    /// A relation the form states itself is reported at every cell it reads, on both sides.
    pub fn at_both_places(self) -> bool {
        matches!(
            self,
            RelationKind::Equal { .. } | RelationKind::AtMost { .. } | RelationKind::AtLeast { .. }
        )
    }
}

/// A chart of the report: one bar per center, a series per label.
#[derive(Debug, Clone)]
pub struct Chart {
    pub title: String,
    pub series: Vec<Series>,
}

/// A series: the sum of its items, per center.
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub items: Vec<usize>,
}

/// A column of section 1 (the centers' overview): its label and the center's field it shows
/// (`name`, `short`, `area`, `operation`, `operator`, `since`, `population`, or a key of the
/// center's `fields` in the profile).
#[derive(Debug, Clone)]
pub struct OverviewColumn {
    pub label: String,
    pub field: String,
}

/// A heading of the report (section 1, 2, 3).
#[derive(Debug, Clone)]
pub struct Heading {
    pub number: String,
    pub label: String,
}

/// A heading as printed: its number, a space and its label ("3 事業実績"), or the one of them it
/// has ("活動実績" of a form drafted from a city's workbook, whose headings have no numbers).
pub fn numbered(number: &str, label: &str) -> String {
    match (number.is_empty(), label.is_empty()) {
        (true, _) => label.to_string(),
        (false, true) => number.to_string(),
        (false, false) => format!("{number} {label}"),
    }
}

/// Section 1 of the report: its heading and the centers' fields it shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub heading: Heading,
    pub columns: Vec<OverviewColumn>,
}

/// Section 2: the staffing table a center fills and what the report prints beside it.
#[derive(Debug, Clone)]
pub struct Staffing {
    /// The staffing table (an index into [`Form::tables`]).
    pub table: usize,
    pub heading: Heading,
    pub note: String,
    pub population_label: String,
    pub required_label: String,
    /// The row of the full-time professionals the city's requirement counts.
    pub professional_total: usize,
    /// How a part-time row's full-time equivalent is labelled (常勤換算).
    pub fte_label: String,
}

/// The parsed, checked form.
#[derive(Debug, Clone)]
pub struct Form {
    pub id: String,
    pub version: String,
    /// How often centers report (the form's `period`): labels, `--period` and the previous
    /// period follow it.
    pub cadence: crate::era::Cadence,
    pub title: String,
    /// The label of a table's city total row (計).
    pub total_label: String,
    /// The figures compared month over month and year over year.
    pub headlines: Vec<usize>,
    /// The names the form gives some of them on 推移 and its chart.
    pub headline_labels: HashMap<usize, String>,
    /// The figures charted across fiscal years.
    pub trend: Vec<usize>,
    pub charts: Vec<Chart>,
    /// Section 1, the centers' overview, when the form asks for one (`[overview]`).
    pub overview: Option<Overview>,
    /// Section 2, the staffing table, when the form has one (`[staffing]`).
    pub staffing: Option<Staffing>,
    pub activities: Heading,
    pub parts: Vec<Part>,
    pub tables: Vec<Table>,
    pub items: Vec<Item>,
    pub sums: Vec<Sum>,
    pub relations: Vec<Relation>,
    /// The providers table, if the form has one.
    pub providers: Option<usize>,
    /// The self-evaluation table, when the profile enables one.
    pub evaluation: Option<usize>,
    /// In the city's own workbook: the center's cell and the period's (`[workbook]`).
    pub own_center: Option<OwnCell>,
    pub own_period: Option<OwnCell>,
    by_id: HashMap<String, usize>,
}

impl Form {
    /// The embedded Kushiro form.
    pub fn kushiro() -> Result<Form, FormError> {
        Form::from_toml(KUSHIRO_FORM, &FormCustomization::default())
    }

    /// Parse a form definition and apply a profile's customization.
    pub fn from_toml(text: &str, custom: &FormCustomization) -> Result<Form, FormError> {
        let mut spec: FormSpec = toml::from_str(text)
            .map_err(|e| FormError::Toml(e.message().to_string(), e.span().map(|s| s.start)))?;
        check_strings(text)?;
        spec.customize(custom)?;
        spec.build(custom.evaluation.as_ref())
    }

    /// Whether the form records the city's own workbook (drafted by `form --from`): centers'
    /// files in that layout are then read by its labels.
    pub fn own_layout(&self) -> bool {
        self.tables.iter().any(|t| t.own.is_some())
    }

    pub fn item(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// How a clerk recognises an item in a message: the table and the cell's labels, e.g.
    /// `総合相談支援事業 相談件数「新規」`, `職員配置状況「専門職 保健師等 常勤 専従」`.
    pub fn describe(&self, item: usize) -> String {
        let it = &self.items[item];
        let t = &self.tables[it.table];
        let single_row = t.layout != Layout::Providers && t.rows.len() == 1;
        let single_col = t.columns.len() == 1;
        let cell = match (single_row, single_col) {
            (true, _) => it.column_label.clone(),
            (false, true) => it.row_label.clone(),
            (false, false)
                if matches!(t.layout, Layout::Providers | Layout::List)
                    && it.row < t.items.len() =>
            {
                format!("{}行目 {}", it.row_label, it.column_label)
            }
            (false, false) => format!("{} {}", it.row_label, it.column_label),
        };
        format!("{}「{}」", it.section_label, cell)
    }

    /// The professions of the staffing table in form order: their id and label
    /// (`hokenshi`, 保健師等), as the staffing rules name them.
    pub fn professions(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let Some(st) = &self.staffing else {
            return out;
        };
        for axis in &self.tables[st.table].rows {
            if let Some(p) = &axis.profession
                && !out.iter().any(|(q, _)| q == p)
            {
                let label = axis.label.get(1).cloned().unwrap_or_else(|| axis.joined());
                out.push((p.clone(), label));
            }
        }
        out
    }

    /// The right side of a relation as messages name it: its item, or the bound itself
    /// (`上限`, `下限`).
    pub fn describe_right(&self, rel: &Relation) -> crate::i18n::Text {
        match rel.right {
            Bound::Item(i) => {
                let d = self.describe(i);
                crate::i18n::Text::new(d.clone(), d)
            }
            Bound::Number(_) => match rel.kind.meaning().2 {
                Test::AtMost => crate::i18n::Text::new("上限", "the limit"),
                Test::AtLeast => crate::i18n::Text::new("下限", "the minimum"),
                Test::Equal => crate::i18n::Text::new("定められた値", "the value required"),
            },
        }
    }

    /// Whether a relation compares shares (its left side is a computed ratio): its figures are
    /// then shown as percentages.
    pub fn relation_in_percent(&self, rel: &Relation) -> bool {
        rel.left
            .iter()
            .chain(&rel.minus)
            .any(|&i| self.items[i].kind == Kind::Ratio)
    }

    /// A relation's figure as its messages show it: a count (`1,606`) or a share (`62.5%`).
    pub fn relation_figure(&self, rel: &Relation, v: f64) -> String {
        if self.relation_in_percent(rel) {
            format!("{:.1}%", v * 100.0)
        } else {
            crate::i18n::fmt_count(v)
        }
    }

    /// The left side of a relation as messages name it: its one item, or the table's sum
    /// (`処遇困難ケース対応状況 対応事例内容 区分の合計`).
    pub fn describe_left(&self, rel: &Relation) -> String {
        if let Some(label) = &rel.label {
            return label.clone();
        }
        if !rel.minus.is_empty() {
            let plus = rel.left.iter().map(|&i| self.describe(i));
            let minus = rel.minus.iter().map(|&i| format!("−{}", self.describe(i)));
            return plus.chain(minus).collect::<Vec<_>>().join(" ");
        }
        let t = &self.tables[rel.table];
        match rel.left.as_slice() {
            [one] => self.describe(*one),
            [first, ..] => format!("{} {}の合計", self.items[*first].section_label, t.corner),
            // A form refuses a relation without a left side; named by its table if one came.
            [] => format!("{} {}", t.label, t.corner),
        }
    }

    /// Tables of section 3 in report order (excluding staffing and providers).
    pub fn activity_tables(&self) -> impl Iterator<Item = usize> + '_ {
        self.parts
            .iter()
            .flat_map(|p| p.sections.iter())
            .flat_map(|s| s.tables.iter().copied())
            .filter(|&t| {
                matches!(
                    self.tables[t].layout,
                    Layout::Row | Layout::Stacked | Layout::Grid | Layout::List
                )
            })
    }

    /// A stable fingerprint of everything a template's layout depends on. A submission whose
    /// fingerprint differs was made from another version of the form.
    pub fn signature(&self) -> String {
        let mut h = Fingerprint::new()
            .field(self.id.as_bytes())
            .field(self.version.as_bytes());
        if self.cadence != crate::era::Cadence::Month {
            h = h.field(format!("{:?}", self.cadence).as_bytes());
        }
        for item in &self.items {
            h = h
                .field(item.id.as_bytes())
                .field(item.kind.as_str().as_bytes());
        }
        for item in &self.items {
            if let Some((lo, hi)) = item.range {
                h = h.field(format!("{lo}-{hi}").as_bytes());
            }
        }
        format!("{}-{}-{}", self.id, self.version, h.hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kushiro_form_parses_with_its_sums() -> Result<(), Box<dyn std::error::Error>> {
        let f = Form::kushiro()?;
        let total = f.item("sogo_kensu_kei").ok_or("item")?;
        let sum = f.sums.iter().find(|s| s.total == total).ok_or("sum")?;
        let parts: Vec<&str> = sum.parts.iter().map(|&p| f.items[p].id.as_str()).collect();
        assert_eq!(parts, ["sogo_kensu_shinki", "sogo_kensu_keizoku"]);
        let plan = f.item("ycm_plan_kei").ok_or("plan total")?;
        let sum = f.sums.iter().find(|s| s.total == plan).ok_or("plan sum")?;
        let parts: Vec<&str> = sum.parts.iter().map(|&p| f.items[p].id.as_str()).collect();
        assert_eq!(parts, ["ycm_plan_hokatsu", "ycm_plan_itaku"]);
        assert_eq!(f.items[plan].column_label, "計");
        assert_eq!(f.items[plan].kind, Kind::Total);
        Ok(())
    }

    #[test]
    fn staffing_part_time_rows_carry_fte_items_and_totals() -> Result<(), Box<dyn std::error::Error>>
    {
        let f = Form::kushiro()?;
        let fte = f.item("staff_shunin_hijokin_senju_fte").ok_or("fte item")?;
        assert_eq!(f.items[fte].kind, Kind::Fte);
        assert_eq!(
            f.items[fte].row_label,
            "専門職 主任介護支援専門員 非常勤(常勤換算)"
        );
        let kei = f.item("staff_kei_hijokin_senju_fte").ok_or("fte total")?;
        let sum = f.sums.iter().find(|s| s.total == kei).ok_or("fte sum")?;
        assert_eq!(sum.parts.len(), 3);
        assert!(sum.parts.iter().all(|&p| f.items[p].kind == Kind::Fte));
        Ok(())
    }

    #[test]
    fn item_ids_are_unique_and_valid_defined_names() -> Result<(), Box<dyn std::error::Error>> {
        let f = Form::kushiro()?;
        let mut seen = std::collections::HashSet::new();
        for item in &f.items {
            assert!(seen.insert(&item.id), "duplicate {}", item.id);
            assert!(
                item.id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
            );
        }
        Ok(())
    }

    #[test]
    fn signature_changes_with_the_form() -> Result<(), Box<dyn std::error::Error>> {
        let a = Form::kushiro()?;
        let custom = FormCustomization {
            file: None,
            add: vec![spec::AddCategory {
                table: "kaigi".into(),
                id: "zadankai".into(),
                label: "座談会".into(),
                after: Some("kobetsu".into()),
            }],
            rename: vec![],
            evaluation: None,
        };
        let b = Form::from_toml(KUSHIRO_FORM, &custom)?;
        assert_ne!(a.signature(), b.signature());
        let kei = b.item("kaigi_kei").ok_or("total")?;
        let sum = b.sums.iter().find(|s| s.total == kei).ok_or("sum")?;
        assert_eq!(
            sum.parts.len(),
            3,
            "the added category is part of the total"
        );
        Ok(())
    }
}
