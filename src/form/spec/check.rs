//! The second stage: every error of a definition, each at the key or value at fault, before
//! anything is laid out. What is checked here is the definition's own shape (ids, labels,
//! bounds, layouts, the sums and 再掲 of each table); what names items of other tables (a
//! relation, a headline) is resolved, and refused if unknown, when the form is lowered.

use super::super::Seg::{self, Index, Key};
use super::super::{Axis, FormError, Kind, Layout, OverviewColumn, RelationKind, data_label};
use super::{
    Amounts, AxisSpec, CellSpec, ChartSpec, Choice, ColumnKind, Comparison, EvaluationForm,
    FormSpec, Label, LabelSpec, LayoutName, OverviewColumnSpec, PeriodName, PlaceSpec,
    RelationSpec, RightSpec, Severity, StaffingSpec, SumSpec, TableSpec, label_fault, limits,
};
use crate::era::Cadence;
use crate::form::{Own, OwnCell};
use crate::grid::parse_a1;
use crate::i18n::Text;
use std::collections::HashMap;

/// A table as the definition gives it, with where it stands in the file.
pub(super) struct TableInput<'a> {
    pub id: &'a str,
    pub number: &'a str,
    pub label: &'a str,
    pub layout: Layout,
    pub corner: &'a str,
    pub row_label: String,
    pub rows: Vec<AxisSpec>,
    pub columns: Vec<AxisSpec>,
    pub part: Option<usize>,
    pub section: Option<usize>,
    pub section_label: String,
    pub capacity: usize,
    /// Where `rows` come from: the table's own `rows` (false: the one row made for a row table).
    pub rows_given: bool,
    /// Columns made before the table's own (the providers' name column).
    pub made_columns: usize,
    /// The path to the table in the file (`part`, 0, `section`, 1, `table`, 2).
    pub here: Vec<Seg>,
    /// A table of a section: its own keys (`share`, `total`, `overlap_of` …).
    pub spec: Option<&'a TableSpec>,
}

impl TableInput<'_> {
    /// An error of the table, at a key of it (a path from the table).
    pub fn err(&self, what: Text, at: &[Seg]) -> FormError {
        FormError::Table {
            table: self.id.to_string(),
            what,
        }
        .at(at)
    }

    /// The path to a key of a row: in the table's `rows`, or its `row` for the made one.
    pub fn row_at(&self, r: usize, key: &'static str) -> Vec<Seg> {
        if self.rows_given {
            vec![Key("rows"), Index(r), Key(key)]
        } else {
            vec![Key("row")]
        }
    }

    /// The path to a key of a column: in the table's `columns`, or its `corner` for the made one.
    pub fn column_at(&self, c: usize, key: &'static str) -> Vec<Seg> {
        match c.checked_sub(self.made_columns) {
            Some(c) => vec![Key("columns"), Index(c), Key(key)],
            None => vec![Key("corner")],
        }
    }

    fn axis_at(&self, is_row: bool, i: usize, key: &'static str) -> Vec<Seg> {
        if is_row {
            self.row_at(i, key)
        } else {
            self.column_at(i, key)
        }
    }

    /// Whether its rows are numbered slots a center fills (a providers or list table).
    pub fn is_list(&self) -> bool {
        matches!(self.layout, Layout::Providers | Layout::List)
    }
}

/// A table checked: its rows and columns with their sums, 再掲 and ratios resolved.
pub(super) struct CheckedTable<'a> {
    pub input: TableInput<'a>,
    pub rows: Vec<Axis>,
    pub columns: Vec<Axis>,
    /// The amounts are this period's (`amounts = "flow"`).
    pub flow: bool,
    /// Where it stands in the city's own workbook (`workbook = {…}`).
    pub own: Option<Own>,
}

/// A `[[relation]]` checked: its comparison, and the spec to resolve its ids from.
pub(super) struct CheckedRelation<'a> {
    pub index: usize,
    pub spec: &'a RelationSpec,
    pub kind: RelationKind,
}

/// The definition checked, ready to be lowered: its tables in form order (staffing, the
/// sections' tables, the evaluation).
pub(super) struct Checked<'a> {
    pub cadence: Cadence,
    pub tables: Vec<CheckedTable<'a>>,
    /// The staffing table's row of full-time professionals.
    pub professional_total: Option<usize>,
    pub relations: Vec<CheckedRelation<'a>>,
    pub overview: Option<Vec<OverviewColumn>>,
    /// The center's and the period's cells in the city's own workbook (`[workbook]`).
    pub own_center: Option<OwnCell>,
    pub own_period: Option<OwnCell>,
}

/// Every error found, the first (in the order of the file's parts) first.
pub(super) struct Errors {
    pub first: FormError,
    pub more: Vec<FormError>,
}

/// Check the whole definition, collecting every error.
pub(super) fn check<'a>(
    spec: &'a FormSpec,
    evaluation: Option<&'a EvaluationForm>,
) -> Result<Checked<'a>, Errors> {
    let mut errors = Vec::new();
    let cadence = match &spec.period {
        None | Some(Choice::Known(PeriodName::Month)) => Cadence::Month,
        Some(Choice::Known(PeriodName::Quarter)) => Cadence::Quarter,
        Some(Choice::Known(PeriodName::Half)) => Cadence::Half,
        Some(Choice::Known(PeriodName::Year)) => Cadence::Year,
        Some(Choice::Other(p)) => {
            errors.push(
                FormError::Table {
                    table: spec.id.clone(),
                    what: Text::new(
                        format!("period「{p}」は使えません(month、quarter、half、year のどれか)"),
                        format!("period '{p}' is not one of month, quarter, half, year"),
                    ),
                }
                .at(&[Key("period")]),
            );
            Cadence::Month
        }
    };
    let mut tables = Vec::new();
    let mut items = 0;
    let mut professional_total = None;
    for (n, input) in table_inputs(spec, evaluation).into_iter().enumerate() {
        let input = match input {
            Ok(input) => input,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let checked = check_table(&input, n, items).and_then(|(rows, columns)| {
            let flow = flow(&input)?;
            let own = own_place(&input)?;
            Ok((rows, columns, flow, own))
        });
        match checked {
            Ok((rows, columns, flow, own)) => {
                items += items_made(&input, &rows, &columns);
                if let (Layout::Staffing, Some(st)) = (input.layout, &spec.staffing) {
                    professional_total = staffing_total(st, &rows).map_err(|e| errors.push(e)).ok();
                }
                tables.push(CheckedTable {
                    input,
                    rows,
                    columns,
                    flow,
                    own,
                });
            }
            Err(e) => errors.push(e.at(&input.here)),
        }
    }
    let relations = relations(spec, &mut errors);
    for (ci, c) in spec.chart.iter().enumerate() {
        errors.extend(chart_fault(c).map(|e| e.at(&[Key("chart"), Index(ci)])));
    }
    let overview = (spec.overview.as_ref()).and_then(|o| {
        overview_columns(&o.columns)
            .map_err(|e| errors.push(e))
            .ok()
    });
    errors.extend(own_everywhere(spec, &tables));
    let (own_center, own_period) = own_cells(spec, &mut errors);
    let mut errors = errors.into_iter();
    match errors.next() {
        Some(first) => Err(Errors {
            first,
            more: errors.collect(),
        }),
        None => Ok(Checked {
            cadence,
            tables,
            professional_total,
            relations,
            overview,
            own_center,
            own_period,
        }),
    }
}

/// Every table of the definition in form order, its layout known; a table id given twice or
/// a layout that is none of the form language's is an error at its key, in the table's place.
fn table_inputs<'a>(
    spec: &'a FormSpec,
    evaluation: Option<&'a EvaluationForm>,
) -> Vec<Result<TableInput<'a>, FormError>> {
    let mut ids: Vec<&str> = spec.staffing.iter().map(|st| st.id.as_str()).collect();
    let mut inputs: Vec<Result<TableInput, FormError>> = spec
        .staffing
        .iter()
        .map(|st| {
            Ok(TableInput {
                id: &st.id,
                number: &st.number,
                label: &st.label,
                layout: Layout::Staffing,
                corner: &st.corner,
                row_label: String::new(),
                rows: st.rows.clone(),
                columns: st.columns.clone(),
                part: None,
                section: None,
                section_label: data_label(&st.label),
                capacity: 0,
                rows_given: true,
                made_columns: 0,
                here: vec![Key("staffing")],
                spec: None,
            })
        })
        .collect();
    let mut providers = 0;
    for (pi, part) in spec.part.iter().enumerate() {
        for (si, section) in part.section.iter().enumerate() {
            for (ti, t) in section.table.iter().enumerate() {
                let here = vec![
                    Key("part"),
                    Index(pi),
                    Key("section"),
                    Index(si),
                    Key("table"),
                    Index(ti),
                ];
                // A table id given twice is said at the second table's id, before its items
                // collide.
                if ids.contains(&t.id.as_str()) {
                    inputs.push(Err(FormError::DuplicateId(t.id.to_string())
                        .at(&[Key("id")])
                        .at(&here)));
                    continue;
                }
                ids.push(&t.id);
                let layout = match layout(t) {
                    Ok(layout) => layout,
                    Err(e) => {
                        inputs.push(Err(e.at(&here)));
                        continue;
                    }
                };
                if layout == Layout::Providers {
                    providers += 1;
                    if providers > 1 {
                        inputs.push(Err(one_providers_table(t).at(&here)));
                        continue;
                    }
                }
                let section_label = if t.label.is_empty() {
                    data_label(&section.label)
                } else {
                    data_label(&format!("{} {}", section.label, t.label))
                };
                inputs.push(Ok(section_table(
                    spec,
                    t,
                    layout,
                    (pi, si),
                    section_label,
                    here,
                )));
            }
        }
    }
    if let Some(ev) = evaluation {
        inputs.push(Ok(evaluation_table(ev)));
    }
    inputs
}

/// A section's table: a row table's one row made, a providers table's name column first.
fn section_table<'a>(
    spec: &'a FormSpec,
    t: &'a TableSpec,
    layout: Layout,
    (part, section): (usize, usize),
    section_label: String,
    here: Vec<Seg>,
) -> TableInput<'a> {
    let row_label = t.row.clone().unwrap_or_else(|| spec.row.clone());
    let rows = match (&t.rows, layout) {
        (Some(rows), _) => rows.clone(),
        (None, Layout::Providers | Layout::List) => vec![],
        (None, _) => vec![AxisSpec::plain("", &row_label)],
    };
    let columns = if layout == Layout::Providers {
        std::iter::once(AxisSpec::plain("name", &t.corner))
            .chain(t.columns.iter().cloned())
            .collect()
    } else {
        t.columns.clone()
    };
    TableInput {
        id: &t.id,
        number: &t.number,
        label: &t.label,
        layout,
        corner: &t.corner,
        row_label,
        rows,
        columns,
        part: Some(part),
        section: Some(section),
        section_label,
        capacity: t.capacity.unwrap_or(0),
        rows_given: t.rows.is_some(),
        made_columns: usize::from(layout == Layout::Providers),
        here,
        spec: Some(t),
    }
}

/// The self-evaluation table a profile enables: one row of scores, a column per item.
fn evaluation_table(ev: &EvaluationForm) -> TableInput<'_> {
    let columns = (ev.items.iter().enumerate())
        .map(|(i, label)| AxisSpec::plain(&format!("item{}", i + 1), label))
        .collect();
    TableInput {
        id: "hyoka",
        number: "",
        label: &ev.label,
        layout: Layout::Evaluation,
        corner: "",
        row_label: ev.row.clone(),
        rows: vec![AxisSpec::plain("", &ev.row)],
        columns,
        part: None,
        section: None,
        section_label: data_label(&ev.label),
        capacity: 0,
        rows_given: false,
        made_columns: 0,
        here: vec![],
        spec: None,
    }
}

fn layout(t: &TableSpec) -> Result<Layout, FormError> {
    Ok(match &t.layout {
        None | Some(Choice::Known(LayoutName::Row)) => Layout::Row,
        Some(Choice::Known(LayoutName::Stacked)) => Layout::Stacked,
        Some(Choice::Known(LayoutName::Grid)) => Layout::Grid,
        Some(Choice::Known(LayoutName::Providers)) => Layout::Providers,
        Some(Choice::Known(LayoutName::List)) => Layout::List,
        Some(Choice::Other(other)) => {
            return Err(FormError::Table {
                table: t.id.to_string(),
                what: Text::new(
                    format!(
                        "layout「{other}」は使えません(row、stacked、grid、providers、list のどれか)"
                    ),
                    format!("layout '{other}' is not one of row, stacked, grid, providers, list"),
                ),
            }
            .at(&[Key("layout")]));
        }
    })
}

fn one_providers_table(t: &TableSpec) -> FormError {
    FormError::Table {
        table: t.id.to_string(),
        what: Text::new(
            "委託先一覧(layout = \"providers\")の表は一つまでです",
            "a form has at most one providers table",
        ),
    }
    .at(&[Key("layout")])
}

/// A section table's `amounts`: whether they are this period's.
fn flow(t: &TableInput) -> Result<bool, FormError> {
    match t.spec.and_then(|s| s.amounts.as_ref()) {
        None | Some(Choice::Known(Amounts::Ytd)) => Ok(false),
        Some(Choice::Known(Amounts::Flow)) => Ok(true),
        Some(Choice::Other(other)) => Err(t.err(
            Text::new(
                format!("amounts「{other}」は使えません(ytd か flow)"),
                format!("amounts '{other}' is not ytd or flow"),
            ),
            &[Key("amounts")],
        )),
    }
}

/// The staffing table's `professional_total`: one of its rows.
fn staffing_total(st: &StaffingSpec, rows: &[Axis]) -> Result<usize, FormError> {
    rows.iter()
        .position(|r| r.id == st.professional_total)
        .ok_or_else(|| {
            FormError::Table {
                table: st.id.to_string(),
                what: Text::new(
                    format!(
                        "professional_total「{}」は行の id ではありません",
                        st.professional_total
                    ),
                    format!(
                        "professional_total '{}' is not a row",
                        st.professional_total
                    ),
                ),
            }
            .at(&[Key("staffing"), Key("professional_total")])
        })
}

/// The items a table makes: a cell per row and column (a list's per slot), an FTE per
/// part-time cell, a list's total row.
fn items_made(t: &TableInput, rows: &[Axis], columns: &[Axis]) -> usize {
    let row_count = if t.is_list() { t.capacity } else { rows.len() };
    let fte = rows.iter().filter(|r| r.part_time).count() * columns.len();
    let list_totals = match t.layout {
        Layout::List => (columns.iter().enumerate())
            .filter(|(c, col)| *c == 0 || (col.kind.is_none() && col.ratio.is_none()))
            .count(),
        _ => 0,
    };
    row_count * columns.len() + fte + list_totals
}

/// One table's checks, in the order a reader goes through it: its keys and bounds, the shapes
/// no layout can place, its axes resolved, then what the resolved axes must be.
fn check_table(
    t: &TableInput,
    tables_before: usize,
    items_before: usize,
) -> Result<(Vec<Axis>, Vec<Axis>), FormError> {
    check_keys(t, tables_before)?;
    check_shape(t)?;
    let rows = resolve_axes(&t.rows).map_err(|(what, i, key)| t.err(what, &t.row_at(i, key)))?;
    let columns =
        resolve_axes(&t.columns).map_err(|(what, i, key)| t.err(what, &t.column_at(i, key)))?;
    acyclic(&rows).map_err(|(what, i, key)| t.err(what, &t.row_at(i, key)))?;
    acyclic(&columns).map_err(|(what, i, key)| t.err(what, &t.column_at(i, key)))?;
    let cells = t.capacity.max(rows.len()).max(1) * columns.len();
    if items_before + cells > limits::ITEMS {
        return Err(t.err(
            Text::new(
                format!(
                    "様式の項目が多すぎます(この表で {} 項目を超えます)",
                    limits::ITEMS
                ),
                format!(
                    "too many items: this table takes the form past {}",
                    limits::ITEMS
                ),
            ),
            &[Key("id")],
        ));
    }
    check_levels(t, &rows, &columns)?;
    check_resolved(t, &rows, &columns)?;
    Ok((rows, columns))
}

/// The table's id, its bounds (tables, rows, columns, capacity), every id and label of it.
fn check_keys(t: &TableInput, tables_before: usize) -> Result<(), FormError> {
    if let Some(why) = super::Id::from(t.id).fault() {
        return Err(t.err(why, &[Key("id")]));
    }
    if t.columns.is_empty() {
        return Err(t.err(
            Text::new(
                "表には少なくとも一つの列(columns)が必要です",
                "a table needs at least one column",
            ),
            &[Key("columns")],
        ));
    }
    if tables_before >= limits::TABLES {
        return Err(t.err(
            Text::new(
                format!("表が多すぎます(一つの様式に {} まで)", limits::TABLES),
                format!("too many tables (at most {} in a form)", limits::TABLES),
            ),
            &[Key("id")],
        ));
    }
    for (n, most, ja, en) in [
        (t.rows.len(), limits::ROWS, "行(rows)", "rows"),
        (t.columns.len(), limits::COLUMNS, "列(columns)", "columns"),
        (t.capacity, limits::CAPACITY, "capacity", "capacity"),
    ] {
        if n > most {
            return Err(t.err(
                Text::new(
                    format!("{ja} が {n} あります。一つの表に {most} までです"),
                    format!("{n} {en}: a table has at most {most}"),
                ),
                &[Key(en)],
            ));
        }
    }
    check_axis_keys(t)?;
    for (heading, key) in [
        (t.number, "number"),
        (t.label, "label"),
        (t.corner, "corner"),
        (t.row_label.as_str(), "row"),
    ] {
        if let Some(fault) = label_fault(heading) {
            return Err(t.err(fault, &[Key(key)]));
        }
    }
    Ok(())
}

/// Each row's and column's id and label (a row table's made row has no id).
fn check_axis_keys(t: &TableInput) -> Result<(), FormError> {
    // A single-row table's one row is made, without an id.
    let made_row = |is_row: bool, i: usize, a: &AxisSpec| {
        is_row && i == 0 && t.rows.len() == 1 && a.id.is_empty()
    };
    let axes = t.rows.iter().enumerate().map(|(i, a)| (true, i, a));
    let axes = axes.chain(t.columns.iter().enumerate().map(|(i, a)| (false, i, a)));
    for (is_row, i, a) in axes {
        if let Some(why) = a.id.fault().filter(|_| !made_row(is_row, i, a)) {
            return Err(t.err(why, &t.axis_at(is_row, i, "id")));
        }
        let levels = match &a.label {
            LabelSpec::One(l) => std::slice::from_ref(l),
            LabelSpec::Levels(ls) => ls.as_slice(),
        };
        if let Some(fault) = levels.iter().find_map(super::Label::fault) {
            return Err(t.err(fault, &t.axis_at(is_row, i, "label")));
        }
    }
    Ok(())
}

/// Shapes no layout can place: rows on a row table (its report would drop them), a grid or a
/// stacked table without rows, a list without its capacity, two `sum = "*"` on one axis, a
/// stacked table of several totals.
fn check_shape(t: &TableInput) -> Result<(), FormError> {
    if t.layout == Layout::Row && t.rows_given {
        return Err(t.err(
            Text::new(
                "行ごとの表(layout = \"row\")には rows を書けません。行を並べるなら layout = \"grid\"(列が一つなら \"stacked\")にしてください",
                "a row table (layout = \"row\") takes no rows; use layout = \"grid\" for rows (\"stacked\" for one column)",
            ),
            &[Key("rows")],
        ));
    }
    if t.layout == Layout::Grid && !t.rows_given {
        return Err(t.err(
            Text::new(
                "grid の表には行(rows)が必要です",
                "a grid (layout = \"grid\") needs rows",
            ),
            &[Key("layout")],
        ));
    }
    // A stacked table's centers stack its rows: without rows it would be a row table, and
    // the layout is what is wrong (its columns are a row table's).
    if t.layout == Layout::Stacked && !t.rows_given {
        return Err(t.err(
            Text::new(
                "stacked の表には行(rows)が必要です",
                "a stacked table (layout = \"stacked\") needs rows",
            ),
            &[Key("layout")],
        ));
    }
    if t.is_list() && t.capacity == 0 {
        return Err(t.err(
            Text::new(
                "一覧の表(委託先、会議など)には capacity(様式の行数)が必要です",
                "a providers or list table needs a capacity",
            ),
            &[Key("layout")],
        ));
    }
    let star = |a: &&AxisSpec| matches!(&a.sum, Some(SumSpec::All(x)) if x == "*");
    for (is_row, axes) in [(true, &t.rows), (false, &t.columns)] {
        if let Some(second) = axes.iter().enumerate().filter(|(_, a)| star(a)).nth(1) {
            return Err(t.err(
                Text::new(
                    format!(
                        "sum = \"*\" は一つの軸に一つだけです(「{}」が二つ目)。グループの計は sum = [id, …] で書いてください",
                        second.1.id
                    ),
                    format!(
                        "sum = \"*\" appears twice on one axis ('{}' is the second); write group totals as sum = [ids]",
                        second.1.id
                    ),
                ),
                &t.axis_at(is_row, second.0, "sum"),
            ));
        }
    }
    let totals = t.rows.iter().enumerate().filter(|(_, a)| a.sum.is_some());
    if t.layout == Layout::Stacked
        && let Some(second) = totals.clone().nth(1)
    {
        return Err(t.err(
            Text::new(
                format!(
                    "stacked の表の合計行は一つです(「{}」が二つ目)。グループごとの計のある表は layout = \"grid\" にしてください",
                    second.1.id
                ),
                format!(
                    "a stacked table has one total row ('{}' is a second); make a table with group totals layout = \"grid\"",
                    second.1.id
                ),
            ),
            &t.row_at(second.0, "sum"),
        ));
    }
    Ok(())
}

/// A stacked table's one column, and the label levels each layout can print.
fn check_levels(t: &TableInput, rows: &[Axis], columns: &[Axis]) -> Result<(), FormError> {
    if t.layout == Layout::Stacked && columns.len() != 1 {
        return Err(t.err(
            Text::new(
                format!(
                    "stacked の表の列(columns)は一つです(各センターが行を重ねるので、値の列は一つ)。{} 列あります",
                    columns.len()
                ),
                format!(
                    "a stacked table has one column (each center stacks the rows), not {}",
                    columns.len()
                ),
            ),
            &[Key("columns")],
        ));
    }
    let (row_levels, column_levels) = match t.layout {
        Layout::Staffing => (3, 1),
        Layout::Grid => (3, 3),
        Layout::Stacked => (2, 1),
        _ => (1, 2),
    };
    for (axis, most, what) in [
        (rows, row_levels, "rows"),
        (columns, column_levels, "columns"),
    ] {
        if let Some((i, a)) = axis.iter().enumerate().find(|(_, a)| a.label.len() > most) {
            return Err(t.err(
                Text::new(
                    format!(
                        "「{}」の label は {} 段までです({what})。{} 段あります",
                        a.id,
                        most,
                        a.label.len()
                    ),
                    format!(
                        "the label of '{}' has {} levels; {what} of this table have at most {most}",
                        a.id,
                        a.label.len()
                    ),
                ),
                &t.axis_at(what == "rows", i, "label"),
            ));
        }
    }
    Ok(())
}

/// What the resolved axes must be: ratios only on a row table's columns, totals on one axis
/// unless a grid, kinds only in a list, a share of a total with parts, a part-time total of
/// part-time rows.
fn check_resolved(t: &TableInput, rows: &[Axis], columns: &[Axis]) -> Result<(), FormError> {
    let ratio_row = (rows.iter().position(|r| r.ratio.is_some())).map(|i| t.row_at(i, "ratio"));
    let ratio_column = (t.layout != Layout::Row)
        .then(|| columns.iter().position(|c| c.ratio.is_some()))
        .flatten()
        .map(|i| t.column_at(i, "ratio"));
    if let Some(at) = ratio_row.or(ratio_column) {
        return Err(t.err(
            Text::new(
                "ratio は行ごとの表(layout = \"row\")の列にだけ書けます",
                "ratio is for columns of a row table (layout = \"row\")",
            ),
            &at,
        ));
    }
    if let (Some(_), Some(c), false) = (
        rows.iter().position(|r| r.sum.is_some()),
        columns.iter().position(|c| c.sum.is_some()),
        t.layout == Layout::Grid,
    ) {
        return Err(t.err(
            Text::new(
                "合計(sum)は行か列のどちらか一方にだけ置けます(両方に置くなら layout = \"grid\")",
                "totals may be rows or columns, not both (both: layout = \"grid\")",
            ),
            &t.column_at(c, "sum"),
        ));
    }
    if let Some(c) = columns.iter().position(|c| c.kind.is_some())
        && t.layout != Layout::List
    {
        return Err(t.err(
            Text::new(
                "列の kind(text、date)は一覧の表(layout = \"list\")にだけ書けます",
                "a column's kind (text, date) is for list tables (layout = \"list\")",
            ),
            &t.column_at(c, "kind"),
        ));
    }
    let summed = |a: &Axis| a.sum.is_some() || a.of.is_some();
    let list_sum = (rows.iter().position(summed).map(|i| t.row_at(i, "id"))).or(columns
        .iter()
        .position(summed)
        .map(|i| t.column_at(i, "id")));
    if let (Layout::List, Some(at)) = (t.layout, list_sum) {
        return Err(t.err(
            Text::new(
                "一覧の表には sum や of を書けません(件数と各列の合計は自動で計算します)",
                "a list table takes no sum or of (its count and column totals are computed)",
            ),
            &at,
        ));
    }
    check_share(t, columns)?;
    check_part_time_sums(t, rows)
}

/// A share row (割合) shares a column total out among its parts: the table needs a total
/// column that has parts (a table whose one column is its total has nothing to share).
fn check_share(t: &TableInput, columns: &[Axis]) -> Result<(), FormError> {
    let Some(share) = t.spec.and_then(|s| s.share.as_ref()) else {
        return Ok(());
    };
    let parted = (columns.iter()).any(|c| c.sum.as_ref().is_some_and(|p| !p.is_empty()));
    if parted {
        return Ok(());
    }
    Err(t.err(
        Text::new(
            format!(
                "share「{share}」(割合の行)は、計の列とその内訳の列がある表にだけ書けます。この表には内訳のある計の列がありません"
            ),
            format!(
                "share '{share}' (a row of shares) needs a total column with its part columns; this table has none"
            ),
        ),
        &[Key("share")],
    ))
}

/// A part-time total's parts are part-time rows (each carries the FTE the total adds).
fn check_part_time_sums(t: &TableInput, rows: &[Axis]) -> Result<(), FormError> {
    for (r, row) in rows.iter().enumerate() {
        let parts = row.sum.as_deref().unwrap_or(&[]);
        if !row.part_time {
            continue;
        }
        if let Some(&p) = parts.iter().find(|&&p| !rows[p].part_time) {
            return Err(t.err(
                Text::new(
                    format!(
                        "非常勤の合計「{}」が非常勤でない「{}」を合計しています",
                        row.id, rows[p].id
                    ),
                    format!(
                        "part-time total '{}' sums '{}', which is not part-time",
                        row.id, rows[p].id
                    ),
                ),
                &t.row_at(r, "sum"),
            ));
        }
    }
    Ok(())
}

/// An axis's error: its message, its index and the key at fault.
type AxisFault = (Text, usize, &'static str);

/// Resolve `sum` references to indices; `"*"` means every axis that is not itself a total
/// (and not the providers' name column).
fn resolve_axes(specs: &[AxisSpec]) -> Result<Vec<Axis>, AxisFault> {
    let mut seen = HashMap::new();
    for (i, s) in specs.iter().enumerate() {
        if seen.insert(s.id.as_str(), i).is_some() {
            return Err((
                Text::new(
                    format!("「{}」が二度あります", s.id),
                    format!("'{}' appears twice", s.id),
                ),
                i,
                "id",
            ));
        }
    }
    (specs.iter().enumerate())
        .map(|(i, s)| resolve_axis(specs, s, &seen).map_err(|(what, key)| (what, i, key)))
        .collect()
}

/// One axis, its references to the axes of its table resolved.
fn resolve_axis(
    specs: &[AxisSpec],
    s: &AxisSpec,
    seen: &HashMap<&str, usize>,
) -> Result<Axis, (Text, &'static str)> {
    // An id of the same table, named by the key `key` of `s`.
    let find = |id: &str, key: &'static str| {
        seen.get(id).copied().ok_or_else(|| {
            (
                Text::new(
                    format!("「{}」の {key} にある「{id}」はこの表にありません", s.id),
                    format!(
                        "{key} of '{}' names '{id}', which is not in the table",
                        s.id
                    ),
                ),
                key,
            )
        })
    };
    let sum = match &s.sum {
        None => None,
        Some(SumSpec::All(star)) if star == "*" => Some(
            (specs.iter().enumerate())
                .filter(|(_, o)| {
                    o.sum.is_none() && o.of.is_none() && o.ratio.is_none() && o.id != "name"
                })
                .map(|(i, _)| i)
                .collect(),
        ),
        Some(SumSpec::All(other)) => {
            return Err((
                Text::new(
                    format!(
                        "「{}」の sum は \"*\" か id の並びです(「{other}」は使えません)",
                        s.id
                    ),
                    format!(
                        "sum of '{}' must be \"*\" or a list of ids, not '{other}'",
                        s.id
                    ),
                ),
                "sum",
            ));
        }
        Some(SumSpec::Of(ids)) => Some(
            ids.iter()
                .map(|id| find(id, "sum"))
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let of = s.of.as_deref().map(|id| find(id, "of")).transpose()?;
    let ratio = match s.ratio.as_deref() {
        None => None,
        Some([num, den]) => Some((find(num, "ratio")?, find(den, "ratio")?)),
        Some(_) => {
            return Err((
                Text::new(
                    format!("「{}」の ratio は [分子, 分母] の二つの id です", s.id),
                    format!("ratio of '{}' is [numerator, denominator]", s.id),
                ),
                "ratio",
            ));
        }
    };
    let kind = column_kind(s)?;
    if s.mean && ratio.is_none() {
        return Err((
            Text::new(
                format!("「{}」の mean は ratio の列にだけ書けます", s.id),
                format!("mean of '{}' is only for a ratio column", s.id),
            ),
            "mean",
        ));
    }
    Ok(Axis {
        id: s.id.to_string(),
        label: match &s.label {
            LabelSpec::One(l) => vec![l.to_string()],
            LabelSpec::Levels(ls) => ls.iter().map(Label::to_string).collect(),
        },
        sum,
        part_time: s.part_time,
        profession: s.profession.clone(),
        plans: None,
        providers: None,
        of,
        signed: s.signed,
        ratio,
        mean: s.mean,
        kind,
    })
}

/// A list column's `kind`.
fn column_kind(s: &AxisSpec) -> Result<Option<Kind>, (Text, &'static str)> {
    match &s.kind {
        None => Ok(None),
        Some(Choice::Known(ColumnKind::Text)) => Ok(Some(Kind::Text)),
        Some(Choice::Known(ColumnKind::Date)) => Ok(Some(Kind::Date)),
        Some(Choice::Other(other)) => Err((
            Text::new(
                format!("「{}」の kind「{other}」は使えません(text か date)", s.id),
                format!("kind '{other}' of '{}' is not text or date", s.id),
            ),
            "kind",
        )),
    }
}

/// Totals, 再掲 and ratios of one axis form no cycle: a total never includes itself (directly
/// or through another total), a 再掲 chain ends, and a ratio is of plain columns. A cycle would
/// make every later step (a total's value, a formula) recurse without end.
fn acyclic(axes: &[Axis]) -> Result<(), AxisFault> {
    let names = |cycle: &[usize]| (cycle.iter().map(|&i| axes[i].id.as_str())).collect::<Vec<_>>();
    if let Some(cycle) = sum_cycle(axes) {
        let first = &axes[cycle[0]].id;
        let text = Text::new(
            format!(
                "「{first}」の sum が自分自身を含んでいます({})。合計は内訳だけを足してください",
                names(&cycle).join(" → ")
            ),
            format!(
                "the sum of '{first}' includes itself ({}); a total adds its parts only",
                names(&cycle).join(" → ")
            ),
        );
        return Err((text, cycle[0], "sum"));
    }
    for (i, a) in axes.iter().enumerate() {
        if let Some(seen) = of_cycle(axes, i) {
            let text = Text::new(
                format!(
                    "「{}」の of がたどると自分に戻ります({})",
                    a.id,
                    names(&seen).join(" → ")
                ),
                format!(
                    "the of of '{}' leads back to itself ({})",
                    a.id,
                    names(&seen).join(" → ")
                ),
            );
            return Err((text, i, "of"));
        }
        ratio_of_plain(axes, i)?;
    }
    Ok(())
}

/// A path of `sum` edges back to where it began, found depth-first.
fn sum_cycle(axes: &[Axis]) -> Option<Vec<usize>> {
    // 0 unvisited, 1 on the path, 2 done.
    fn visit(
        axes: &[Axis],
        i: usize,
        state: &mut [u8],
        path: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        match state[i] {
            2 => return None,
            1 => {
                let from = path.iter().position(|&p| p == i).unwrap_or(0);
                let mut cycle = path[from..].to_vec();
                cycle.push(i);
                return Some(cycle);
            }
            _ => {}
        }
        state[i] = 1;
        path.push(i);
        for &p in axes[i].sum.as_deref().unwrap_or(&[]) {
            if let Some(c) = visit(axes, p, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state[i] = 2;
        None
    }
    let mut state = vec![0u8; axes.len()];
    (0..axes.len()).find_map(|i| visit(axes, i, &mut state, &mut Vec::new()))
}

/// The `of` chain from axis `i` when it comes back on itself.
fn of_cycle(axes: &[Axis], i: usize) -> Option<Vec<usize>> {
    let mut seen = vec![i];
    let mut at = axes[i].of;
    while let Some(p) = at {
        if seen.contains(&p) {
            seen.push(p);
            return Some(seen);
        }
        seen.push(p);
        at = axes[p].of;
    }
    None
}

/// A ratio is of input or total columns, and no total adds a ratio.
fn ratio_of_plain(axes: &[Axis], i: usize) -> Result<(), AxisFault> {
    let a = &axes[i];
    if let Some((num, den)) = a.ratio
        && let Some(bad) = [num, den].into_iter().find(|&x| axes[x].ratio.is_some())
    {
        let text = Text::new(
            format!(
                "「{}」の ratio にある「{}」は ratio の列です(分子と分母は入力か合計の列)",
                a.id, axes[bad].id
            ),
            format!(
                "the ratio of '{}' names '{}', itself a ratio (numerator and denominator are input or total columns)",
                a.id, axes[bad].id
            ),
        );
        return Err((text, i, "ratio"));
    }
    let parts = a.sum.as_deref().unwrap_or(&[]);
    if let Some(&bad) = parts.iter().find(|&&p| axes[p].ratio.is_some()) {
        let text = Text::new(
            format!(
                "「{}」の sum にある「{}」は ratio の列です(比は足せません)",
                a.id, axes[bad].id
            ),
            format!(
                "the sum of '{}' names '{}', a ratio (ratios are not added)",
                a.id, axes[bad].id
            ),
        );
        return Err((text, i, "sum"));
    }
    Ok(())
}

/// The form's `[[relation]]`s: their severity and comparison known, a left side, a right
/// that is an item or a finite number.
fn relations<'a>(spec: &'a FormSpec, errors: &mut Vec<FormError>) -> Vec<CheckedRelation<'a>> {
    let mut out = Vec::new();
    for (ri, rel) in spec.relation.iter().enumerate() {
        match relation_kind(rel) {
            Ok(kind) => out.push(CheckedRelation {
                index: ri,
                spec: rel,
                kind,
            }),
            Err((what, key)) => errors.push(
                FormError::Table {
                    table: "relation".into(),
                    what,
                }
                .at(&[Key("relation"), Index(ri), Key(key)]),
            ),
        }
    }
    out
}

fn relation_kind(rel: &RelationSpec) -> Result<RelationKind, (Text, &'static str)> {
    let error = match &rel.severity {
        None | Some(Choice::Known(Severity::Error)) => true,
        Some(Choice::Known(Severity::Warning)) => false,
        Some(Choice::Other(other)) => {
            return Err((
                Text::new(
                    format!("severity「{other}」は使えません(error か warning)"),
                    format!("severity '{other}' is not error or warning"),
                ),
                "severity",
            ));
        }
    };
    let kind = match &rel.kind {
        None | Some(Choice::Known(Comparison::Equal)) => RelationKind::Equal { error },
        Some(Choice::Known(Comparison::AtMost)) => RelationKind::AtMost { error },
        Some(Choice::Known(Comparison::AtLeast)) => RelationKind::AtLeast { error },
        Some(Choice::Other(other)) => {
            return Err((
                Text::new(
                    format!("kind「{other}」は使えません(equal、at_most、at_least)"),
                    format!("kind '{other}' is not equal, at_most or at_least"),
                ),
                "kind",
            ));
        }
    };
    if rel.left.is_empty() {
        return Err((
            Text::new(
                format!("「{}」と比べる left が空です", rel.right),
                format!(
                    "the relation with right = '{}' has an empty left",
                    rel.right
                ),
            ),
            "left",
        ));
    }
    if let RightSpec::Number(n) = rel.right
        && !n.is_finite()
    {
        return Err((
            Text::new(
                format!("right「{n}」は数ではありません"),
                format!("right '{n}' is not a number"),
            ),
            "right",
        ));
    }
    Ok(kind)
}

/// A chart has series, each with items, and a title a header can hold.
fn chart_fault(c: &ChartSpec) -> Option<FormError> {
    let fault = |what: Text, at: &[Seg]| {
        FormError::Table {
            table: c.title.to_string(),
            what,
        }
        .at(at)
    };
    if c.series.is_empty() {
        return Some(fault(
            Text::new(
                "グラフには series が少なくとも一つ必要です",
                "a chart needs at least one series",
            ),
            &[Key("series")],
        ));
    }
    if let Some(text) = c.title.fault() {
        return Some(fault(text, &[Key("title")]));
    }
    let empty = c.series.iter().position(|s| s.items.is_empty())?;
    Some(fault(
        Text::new(
            "グラフの系列には items が少なくとも一つ必要です",
            "a chart's series needs at least one item",
        ),
        &[Key("series"), Index(empty)],
    ))
}

/// Section 1's columns: a bare label takes the field of its place (名称, 運営形態, 運営主体,
/// 受託開始年度), a `{ label, field }` names its own.
fn overview_columns(specs: &[OverviewColumnSpec]) -> Result<Vec<OverviewColumn>, FormError> {
    const IN_ORDER: [&str; 4] = ["name", "operation", "operator", "since"];
    (specs.iter().enumerate())
        .map(|(i, c)| match c {
            OverviewColumnSpec::Field { label, field } => Ok(OverviewColumn {
                label: label.clone(),
                field: field.clone(),
            }),
            OverviewColumnSpec::Label(label) => match IN_ORDER.get(i) {
                Some(field) => Ok(OverviewColumn {
                    label: label.clone(),
                    field: field.to_string(),
                }),
                None => Err(FormError::Table {
                    table: "overview".into(),
                    what: Text::new(
                        format!("列「{label}」に表示する項目を {{ label = \"{label}\", field = \"…\" }} の field で指定してください"),
                        format!("column '{label}': name the center's field it shows ({{ label, field }})"),
                    ),
                }),
            },
        })
        .collect()
}

/// A table's `workbook`: its sheet and cells parsed, the body below and right of the corner.
fn own_place(t: &TableInput) -> Result<Option<Own>, FormError> {
    let Some(p) = t.spec.and_then(|s| s.workbook.as_ref()) else {
        return Ok(None);
    };
    let at = [Key("workbook")];
    if t.layout == Layout::Providers {
        return Err(t.err(
            Text::new(
                "workbook(市のブックでの位置)は、事業所の一覧(layout = \"providers\")には使えません",
                "workbook (the place in the city's workbook) cannot be given for a providers table",
            ),
            &at,
        ));
    }
    let cell = |text: &str| {
        parse_a1(text).ok_or_else(|| {
            t.err(
                Text::new(
                    format!("workbook のセル「{text}」は A1 の形(例: B7)ではありません"),
                    format!("workbook cell '{text}' is not an A1 address (e.g. B7)"),
                ),
                &at,
            )
        })
    };
    let PlaceSpec {
        sheet,
        corner,
        body,
        totals,
    } = p;
    let (corner, body) = (cell(corner)?, cell(body)?);
    if body.0 < corner.0 || body.1 < corner.1 || body == corner {
        return Err(t.err(
            Text::new(
                "workbook の body(最初の入力欄)は corner(表の左上の見出し)より右下にあります",
                "workbook body (the first input cell) lies below and right of its corner",
            ),
            &at,
        ));
    }
    let totals = match totals {
        Some(c) => Some(cell(c)?.0),
        None => None,
    };
    if sheet.trim().is_empty() {
        return Err(t.err(
            Text::new("workbook の sheet が空です", "workbook sheet is empty"),
            &at,
        ));
    }
    Ok(Some(Own {
        sheet: sheet.clone(),
        corner,
        body,
        totals,
    }))
}

/// A form that records the city's workbook records every table of it; it has no staffing
/// table (the city's workbook is read by its tables' labels, the staffing sheet is ours).
fn own_everywhere(spec: &FormSpec, tables: &[CheckedTable]) -> Vec<FormError> {
    let placed = tables.iter().any(|t| t.own.is_some());
    if !placed && spec.workbook.is_none() {
        return Vec::new();
    }
    let mut errors = Vec::new();
    if spec.staffing.is_some() {
        errors.push(
            FormError::Table {
                table: spec.id.clone(),
                what: Text::new(
                    "市のブックの配置(workbook)を記した様式に、[staffing](職員配置)は置けません",
                    "a form that records the city's workbook (workbook) cannot have [staffing]",
                ),
            }
            .at(&[Key("staffing")]),
        );
    }
    for t in tables {
        if t.own.is_none() && t.input.spec.is_some() {
            errors.push(
                t.input
                    .err(
                        Text::new(
                            "この様式の表には市のブックでの位置(workbook = { sheet, corner, body })がありますが、この表にはありません",
                            "the form's tables record their place in the city's workbook (workbook = { sheet, corner, body }); this one does not",
                        ),
                        &[Key("id")],
                    )
                    .at(&t.input.here),
            );
        }
    }
    errors
}

/// `[workbook]`'s center and period cells.
fn own_cells(spec: &FormSpec, errors: &mut Vec<FormError>) -> (Option<OwnCell>, Option<OwnCell>) {
    let Some(w) = &spec.workbook else {
        return (None, None);
    };
    let mut one = |c: &Option<CellSpec>, key: &'static str| {
        let c = c.as_ref()?;
        match parse_a1(&c.cell) {
            Some(cell) => Some(OwnCell {
                sheet: c.sheet.clone(),
                cell,
                beside: c.beside.clone().filter(|b| !b.trim().is_empty()),
            }),
            None => {
                errors.push(
                    FormError::Table {
                        table: spec.id.clone(),
                        what: Text::new(
                            format!(
                                "workbook のセル「{}」は A1 の形(例: B2)ではありません",
                                c.cell
                            ),
                            format!("workbook cell '{}' is not an A1 address (e.g. B2)", c.cell),
                        ),
                    }
                    .at(&[Key("workbook"), Key(key)]),
                );
                None
            }
        }
    };
    (one(&w.center, "center"), one(&w.period, "period"))
}
