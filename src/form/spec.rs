//! The TOML shape of a form definition and its translation into a [`Form`].

//!
//! Three stages, as cargo reads a manifest: the typed spec here (serde, every choice an enum),
//! [`check`] (every error of the definition, each at its key) and [`lower`] (the checked spec
//! laid out as tables, items and sums).

mod check;
mod lower;

use super::Seg::{Index, Key};
use super::{Form, FormError, Item};
use crate::i18n::Text;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSpec {
    id: String,
    version: String,
    /// How often centers report: month (default), quarter, half, year.
    #[serde(default)]
    period: Option<Choice<PeriodName>>,
    title: String,
    total: String,
    row: String,
    #[serde(default)]
    headlines: Vec<HeadlineSpec>,
    #[serde(default)]
    trend: Vec<String>,
    #[serde(default)]
    chart: Vec<ChartSpec>,
    #[serde(default)]
    overview: Option<OverviewSpec>,
    #[serde(default)]
    staffing: Option<StaffingSpec>,
    activities: HeadingSpec,
    part: Vec<PartSpec>,
    #[serde(default)]
    relation: Vec<RelationSpec>,
    /// The city's own workbook, when the form was drafted from it: its center and period cells.
    #[serde(default)]
    workbook: Option<WorkbookSpec>,
}

/// `[workbook]`: where the city's own workbook holds the center and the period.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkbookSpec {
    #[serde(default)]
    center: Option<CellSpec>,
    #[serde(default)]
    period: Option<CellSpec>,
}

/// A cell of the city's workbook: `{ sheet = "活動実績", cell = "B2", beside = "センター名" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CellSpec {
    sheet: String,
    cell: String,
    #[serde(default)]
    beside: Option<String>,
}

/// A table's place in the city's workbook: `{ sheet, corner = "A5", body = "B7" }`, and a
/// list's total row (`totals = "A35"`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceSpec {
    sheet: String,
    corner: String,
    body: String,
    #[serde(default)]
    totals: Option<String>,
}

/// A table's, a row's or a column's id as written in the form. [`Id::fault`] says whether it
/// can be one: `[a-z0-9_]`, at most [`limits::ID`] characters, since it becomes part of a
/// defined name (`hk_<item>`), which Excel compares without case and limits in length.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Id(String);

impl From<&str> for Id {
    fn from(id: &str) -> Id {
        Id(id.to_string())
    }
}

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Why this is no id, in the words of the form's error (`None`: it is one).
    fn fault(&self) -> Option<Text> {
        let ok = !self.0.is_empty()
            && self.0.len() <= limits::ID
            && (self.0.chars()).all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        (!ok).then(|| {
            let shown = self.0.escape_debug();
            Text::new(
                format!(
                    "id「{shown}」には半角の英小文字・数字と _ だけを、{} 文字まで使ってください",
                    limits::ID
                ),
                format!(
                    "the id '{shown}' must be lowercase ASCII letters, digits or '_', at most {} characters",
                    limits::ID
                ),
            )
        })
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A label or heading as written in the form (a table's, a row's, a section's). [`Label::fault`]
/// says whether a header can hold it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Label(String);

impl From<&str> for Label {
    fn from(label: &str) -> Label {
        Label(label.to_string())
    }
}

impl Label {
    /// Why a header cannot hold it ([`label_fault`]).
    fn fault(&self) -> Option<Text> {
        label_fault(&self.0)
    }
}

impl std::ops::Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A key that names one of a few choices (`layout = "stacked"`): the choice, or the text given
/// when it is none of them, so that the check says so at its key in the clerk's words (a
/// value that is not text at all is the TOML reader's error, as for any other key).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Choice<T> {
    Known(T),
    Other(String),
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Choice<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::IntoDeserializer;
        let text = String::deserialize(d)?;
        let known: Result<T, serde::de::value::Error> =
            T::deserialize(text.as_str().into_deserializer());
        Ok(known.map_or(Choice::Other(text), Choice::Known))
    }
}

/// How often centers report (`period`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum PeriodName {
    Month,
    Quarter,
    Half,
    Year,
}

/// A table's `layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum LayoutName {
    Row,
    Stacked,
    Grid,
    Providers,
    List,
}

/// A table's `amounts`: totals since April (`ytd`, 累計) or this period's (`flow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Amounts {
    Ytd,
    Flow,
}

/// A relation's `severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Severity {
    Error,
    Warning,
}

/// A relation's `kind`: how its left side compares with its right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Comparison {
    Equal,
    AtMost,
    AtLeast,
}

/// A list column's `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ColumnKind {
    Text,
    Date,
}

/// A relation between items, anywhere in the form: `left` (ids; a leading `-` subtracts)
/// equals, is at most or at least `right`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationSpec {
    left: Vec<String>,
    right: RightSpec,
    #[serde(default)]
    kind: Option<Choice<Comparison>>,
    #[serde(default)]
    severity: Option<Choice<Severity>>,
    #[serde(default)]
    label: Option<String>,
}

/// A figure of 推移: an item id, or `{ item, label }` with the name the council reads
/// (総合相談件数 rather than the table's 総合相談支援業務 相談者区分).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum HeadlineSpec {
    Item(String),
    Labeled { item: String, label: String },
}

/// The right side of a `[[relation]]`: an item id, or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RightSpec {
    Item(String),
    Number(f64),
}

impl std::fmt::Display for RightSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RightSpec::Item(id) => f.write_str(id),
            RightSpec::Number(n) => write!(f, "{n}"),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartSpec {
    title: Label,
    series: Vec<SeriesSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesSpec {
    #[serde(default)]
    label: Option<String>,
    items: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadingSpec {
    number: String,
    label: Label,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverviewSpec {
    number: String,
    label: Label,
    columns: Vec<OverviewColumnSpec>,
}

/// A column of section 1: a label (名称, 運営形態, 運営主体, 受託開始年度 in that order), or a
/// label with the center's field it shows.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OverviewColumnSpec {
    Label(String),
    Field { label: String, field: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffingSpec {
    id: Id,
    number: String,
    label: Label,
    note: String,
    population: String,
    required: String,
    corner: String,
    professional_total: String,
    columns: Vec<AxisSpec>,
    rows: Vec<AxisSpec>,
    fte: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartSpec {
    number: String,
    label: Label,
    section: Vec<SectionSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionSpec {
    number: String,
    label: Label,
    #[serde(default)]
    purpose: String,
    table: Vec<TableSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableSpec {
    id: Id,
    #[serde(default)]
    number: String,
    #[serde(default)]
    label: Label,
    #[serde(default)]
    layout: Option<Choice<LayoutName>>,
    #[serde(default)]
    corner: String,
    #[serde(default)]
    row: Option<String>,
    #[serde(default)]
    rows: Option<Vec<AxisSpec>>,
    columns: Vec<AxisSpec>,
    #[serde(default)]
    share: Option<String>,
    #[serde(default)]
    overlap_of: Option<String>,
    #[serde(default)]
    breakdown_of: Option<String>,
    #[serde(default)]
    abuse_of: Option<String>,
    #[serde(default)]
    total: Option<String>,
    #[serde(default)]
    capacity: Option<usize>,
    #[serde(default)]
    distinct_note: Option<String>,
    /// A list's label for the number of rows listed (件数), in its total row.
    #[serde(default)]
    count: Option<String>,
    /// `ytd` (the default: totals since April, as 累計) or `flow` (this period's amounts).
    #[serde(default)]
    amounts: Option<Choice<Amounts>>,
    /// The unit of the table's figures, shown after its title (千円, 円, 人).
    #[serde(default)]
    unit: Option<String>,
    /// Where the table stands in the city's own workbook (drafted by `form --from`).
    #[serde(default)]
    workbook: Option<PlaceSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AxisSpec {
    id: Id,
    label: LabelSpec,
    #[serde(default)]
    sum: Option<SumSpec>,
    #[serde(default)]
    part_time: bool,
    #[serde(default)]
    profession: Option<String>,
    #[serde(default)]
    plans: Option<String>,
    #[serde(default)]
    providers: Option<String>,
    /// 再掲: the id of the row (column) of the same table this one is included in.
    #[serde(default)]
    of: Option<String>,
    /// The values may be negative (収支差額).
    #[serde(default)]
    signed: bool,
    /// A computed column: `[numerator, denominator]`, ids of columns of the same table.
    #[serde(default)]
    ratio: Option<Vec<String>>,
    /// A ratio column's 計 and subtotals: the mean of the centers' ratios (占有率の平均),
    /// not the ratio of the sums.
    #[serde(default)]
    mean: bool,
    /// A list's column: `text` (内容) or `date` (開催日); counts otherwise.
    #[serde(default)]
    kind: Option<Choice<ColumnKind>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum LabelSpec {
    One(Label),
    Levels(Vec<Label>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum SumSpec {
    All(String),
    Of(Vec<String>),
}

/// A city's changes to the form, from its profile: categories added or renamed, and the
/// evaluation table when the profile enables one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormCustomization {
    /// The city's own form definition, a file beside the profile (`[form] file = "…"`).
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub add: Vec<AddCategory>,
    #[serde(default)]
    pub rename: Vec<RenameCategory>,
    #[serde(skip)]
    pub evaluation: Option<EvaluationForm>,
}

/// The self-evaluation a center submits: one score from 1 to 5 per item.
#[derive(Debug, Clone)]
pub struct EvaluationForm {
    /// The table's label (e.g. 運営事業に係る評価(自己評価)).
    pub label: String,
    /// The items evaluated (取組項目).
    pub items: Vec<String>,
    /// The label of the center's row of scores (自己評価).
    pub row: String,
    /// The lowest and highest score (1 to 5).
    pub scale: (f64, f64),
}

/// A category added to a table: a column (a row for stacked tables), before the total unless
/// `after` names another category.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddCategory {
    pub table: String,
    pub id: Id,
    pub label: Label,
    #[serde(default)]
    pub after: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameCategory {
    pub table: String,
    pub id: Id,
    pub label: Label,
}

impl AxisSpec {
    fn plain(id: &str, label: &str) -> AxisSpec {
        AxisSpec {
            id: Id::from(id),
            label: LabelSpec::One(Label::from(label)),
            sum: None,
            part_time: false,
            profession: None,
            plans: None,
            providers: None,
            of: None,
            signed: false,
            ratio: None,
            mean: false,
            kind: None,
        }
    }
}

impl FormSpec {
    fn table_mut(&mut self, id: &str) -> Option<&mut TableSpec> {
        self.part
            .iter_mut()
            .flat_map(|p| p.section.iter_mut())
            .flat_map(|s| s.table.iter_mut())
            .find(|t| t.id == id)
    }

    /// Apply a profile's additions and renamings.
    pub fn customize(&mut self, custom: &FormCustomization) -> Result<(), FormError> {
        for (i, add) in custom.add.iter().enumerate() {
            self.add_category(add)
                .map_err(|(e, key)| e.at(&[Key("form"), Key("add"), Index(i), Key(key)]))?;
        }
        for (i, rename) in custom.rename.iter().enumerate() {
            self.rename_category(rename)
                .map_err(|(e, key)| e.at(&[Key("form"), Key("rename"), Index(i), Key(key)]))?;
        }
        Ok(())
    }

    /// A `[[form.add]]`: the category before the total (or after the one it names). An error
    /// names the key of the entry at fault.
    fn add_category(&mut self, add: &AddCategory) -> Result<(), (FormError, &'static str)> {
        let fault =
            |ja: String, en: String, key| (FormError::Customization(Text::new(ja, en)), key);
        let table = self.table_mut(&add.table).ok_or_else(|| {
            fault(
                format!("add: 表「{}」はありません。", add.table),
                format!("add: there is no table '{}'", add.table),
                "table",
            )
        })?;
        if let Some(why) = add.id.fault() {
            return Err(fault(
                format!("add: {}。", why.ja),
                format!("add: {}", why.en),
                "id",
            ));
        }
        let stacked = table.layout == Some(Choice::Known(LayoutName::Stacked));
        let axis = if stacked {
            table.rows.get_or_insert_with(Vec::new)
        } else {
            &mut table.columns
        };
        if axis.iter().any(|a| a.id == add.id) {
            return Err(fault(
                format!(
                    "add: 表「{}」にはすでに区分「{}」があります。",
                    add.table, add.id
                ),
                format!(
                    "add: table '{}' already has a category '{}'",
                    add.table, add.id
                ),
                "id",
            ));
        }
        let at = match &add.after {
            Some(after) => {
                let found = axis.iter().position(|a| *a.id == **after);
                found.ok_or_else(|| {
                    fault(
                        format!(
                            "add: 表「{}」に区分「{after}」がないので、その後に加えられません。",
                            add.table
                        ),
                        format!(
                            "add: table '{}' has no category '{after}' to add after",
                            add.table
                        ),
                        "after",
                    )
                })? + 1
            }
            None => (axis.iter().position(|a| a.sum.is_some())).unwrap_or(axis.len()),
        };
        axis.insert(at, AxisSpec::plain(&add.id, &add.label));
        Ok(())
    }

    /// A `[[form.rename]]`: the category's new label.
    fn rename_category(
        &mut self,
        rename: &RenameCategory,
    ) -> Result<(), (FormError, &'static str)> {
        let fault =
            |ja: String, en: String, key| (FormError::Customization(Text::new(ja, en)), key);
        let table = self.table_mut(&rename.table).ok_or_else(|| {
            fault(
                format!("rename: 表「{}」はありません。", rename.table),
                format!("rename: there is no table '{}'", rename.table),
                "table",
            )
        })?;
        let axis = (table.columns.iter_mut())
            .chain(table.rows.iter_mut().flatten())
            .find(|a| a.id == rename.id)
            .ok_or_else(|| {
                fault(
                    format!(
                        "rename: 表「{}」に区分「{}」はありません。",
                        rename.table, rename.id
                    ),
                    format!(
                        "rename: table '{}' has no category '{}'",
                        rename.table, rename.id
                    ),
                    "id",
                )
            })?;
        axis.label = LabelSpec::One(rename.label.clone());
        Ok(())
    }

    /// Every error of the definition's own shape, each at its key (none: it can be lowered).
    pub fn problems(&self, evaluation: Option<&EvaluationForm>) -> Vec<FormError> {
        match check::check(self, evaluation) {
            Ok(_) => Vec::new(),
            Err(all) => std::iter::once(all.first).chain(all.more).collect(),
        }
    }

    /// Turn the definition into a [`Form`]: checked whole (the first error of the definition is
    /// the one said), then lowered to items, sums and relations resolved to indices.
    pub fn build(self, evaluation: Option<&EvaluationForm>) -> Result<Form, FormError> {
        let checked = check::check(&self, evaluation).map_err(|all| all.first)?;
        lower::lower(&self, checked, evaluation)
    }
}

/// The bounds of a form (docs/form.md, 「上限」): chosen so that a form at every one of them
/// still makes its templates and compiles in seconds, and stays inside what Excel and the
/// workbook writer accept (defined names of at most 255 characters, 16,384 columns).
pub mod limits {
    /// Characters of an id (a table's, a row's, a column's).
    pub const ID: usize = 40;
    /// Characters of a label or a heading.
    pub const LABEL: usize = 200;
    /// Rows of one table (a stacked table's or the staffing table's).
    pub const ROWS: usize = 300;
    /// Columns of one table.
    pub const COLUMNS: usize = 100;
    /// Rows in the template of a providers or list table.
    pub const CAPACITY: usize = 1000;
    /// Tables of one form.
    pub const TABLES: usize = 200;
    /// Items of one form (every cell a center fills or a total holds).
    pub const ITEMS: usize = 20_000;
}

/// The parts a relation's `*` stands for: `None` without a `*`; else every part for which each
/// of its ids names an item (taken from the items the first such id matches, in form order),
/// at least one — or why there is none.
fn wildcard_parts(rel: &RelationSpec, items: &[Item]) -> Result<Option<Vec<String>>, Text> {
    let right = match &rel.right {
        RightSpec::Item(id) => Some(id.as_str()),
        RightSpec::Number(_) => None,
    };
    let ids: Vec<&str> = (rel.left.iter())
        .map(|id| id.trim().trim_start_matches('-').trim())
        .chain(right)
        .collect();
    let Some(first) = ids.iter().find(|id| id.contains('*')) else {
        return Ok(None);
    };
    if ids.iter().any(|id| id.matches('*').count() > 1) {
        return Err(Text::new(
            "id の中の * は一つだけです",
            "an id holds one * at most",
        ));
    }
    let (pre, post) = first.split_once('*').unwrap_or((first, ""));
    let known: std::collections::HashSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let parts: Vec<String> = (items.iter())
        .filter_map(|it| {
            let part = it.id.strip_prefix(pre)?.strip_suffix(post)?;
            (!part.is_empty()).then_some(part)
        })
        .filter(|part| {
            ids.iter()
                .all(|id| known.contains(id.replacen('*', part, 1).as_str()))
        })
        .map(str::to_string)
        .collect();
    if parts.is_empty() {
        return Err(Text::new(
            format!("「{first}」の * に当てはまり、ほかの id もそろう項目がありません"),
            format!("no item fits '{first}' with every other id of the relation"),
        ));
    }
    Ok(Some(parts))
}

/// A label a header can hold in one or two lines: at most [`limits::LABEL`] characters (every
/// string of the form is also held to [`super::STRING_LIMIT`] without control characters).
fn label_fault(label: &str) -> Option<Text> {
    let shown: String = label.chars().take(20).collect();
    (label.chars().count() > limits::LABEL).then(|| {
        Text::new(
            format!("見出し「{shown}…」が長すぎます({} 文字まで)", limits::LABEL),
            format!(
                "the label '{shown}…' is too long (at most {} characters)",
                limits::LABEL
            ),
        )
    })
}
