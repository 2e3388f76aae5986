//! The TOML shape of a form definition and its translation into a [`Form`].

use super::Seg::{self, Index, Key};
use super::{
    Axis, Bound, Form, FormError, Heading, Item, Kind, Layout, OverviewColumn, Part, Relation,
    RelationKind, Section, Sum, Table, data_label,
};
use crate::i18n::Text;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSpec {
    id: String,
    version: String,
    /// How often centers report: month (default), quarter, half, year.
    #[serde(default)]
    period: Option<String>,
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
}

/// A relation between items, anywhere in the form: `left` (ids; a leading `-` subtracts)
/// equals, is at most or at least `right`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationSpec {
    left: Vec<String>,
    right: RightSpec,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    severity: Option<String>,
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
    title: String,
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
    label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverviewSpec {
    number: String,
    label: String,
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
    id: String,
    number: String,
    label: String,
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
    label: String,
    section: Vec<SectionSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionSpec {
    number: String,
    label: String,
    #[serde(default)]
    purpose: String,
    table: Vec<TableSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableSpec {
    id: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    layout: Option<String>,
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
    amounts: Option<String>,
    /// The unit of the table's figures, shown after its title (千円, 円, 人).
    #[serde(default)]
    unit: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AxisSpec {
    id: String,
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
    kind: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum LabelSpec {
    One(String),
    Levels(Vec<String>),
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
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub after: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameCategory {
    pub table: String,
    pub id: String,
    pub label: String,
}

impl AxisSpec {
    fn plain(id: &str, label: &str) -> AxisSpec {
        AxisSpec {
            id: id.to_string(),
            label: LabelSpec::One(label.to_string()),
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
            // An error is located at its key in the profile's [[form.add]].
            let at = |key: &'static str| {
                move |e: FormError| e.at(&[Key("form"), Key("add"), Index(i), Key(key)])
            };
            let table = self
                .table_mut(&add.table)
                .ok_or_else(|| {
                    FormError::Customization(Text::new(
                        format!("add: 表「{}」はありません。", add.table),
                        format!("add: there is no table '{}'", add.table),
                    ))
                })
                .map_err(at("table"))?;
            if !is_ascii_id(&add.id) {
                return Err(FormError::Customization(Text::new(
                    format!(
                        "add: id「{}」には半角の英小文字・数字と _ だけを、{} 文字まで使ってください。",
                        add.id,
                        limits::ID
                    ),
                    format!(
                        "add: id '{}' must be lowercase ASCII letters, digits or '_', at most {} characters",
                        add.id,
                        limits::ID
                    ),
                ))
                .at(&[Key("form"), Key("add"), Index(i), Key("id")]));
            }
            let stacked = table.layout.as_deref() == Some("stacked");
            let axis = if stacked {
                table.rows.get_or_insert_with(Vec::new)
            } else {
                &mut table.columns
            };
            if axis.iter().any(|a| a.id == add.id) {
                return Err(FormError::Customization(Text::new(
                    format!(
                        "add: 表「{}」にはすでに区分「{}」があります。",
                        add.table, add.id
                    ),
                    format!(
                        "add: table '{}' already has a category '{}'",
                        add.table, add.id
                    ),
                ))
                .at(&[Key("form"), Key("add"), Index(i), Key("id")]));
            }
            let at = match &add.after {
                Some(after) => {
                    axis.iter().position(|a| &a.id == after).ok_or_else(|| {
                        FormError::Customization(Text::new(
                        format!(
                            "add: 表「{}」に区分「{after}」がないので、その後に加えられません。",
                            add.table
                        ),
                        format!(
                            "add: table '{}' has no category '{after}' to add after",
                            add.table
                        ),
                    ))
                    .at(&[Key("form"), Key("add"), Index(i), Key("after")])
                    })? + 1
                }
                None => axis
                    .iter()
                    .position(|a| a.sum.is_some())
                    .unwrap_or(axis.len()),
            };
            axis.insert(at, AxisSpec::plain(&add.id, &add.label));
        }
        for (i, rename) in custom.rename.iter().enumerate() {
            let at = |key: &'static str| {
                move |e: FormError| e.at(&[Key("form"), Key("rename"), Index(i), Key(key)])
            };
            let table = self
                .table_mut(&rename.table)
                .ok_or_else(|| {
                    FormError::Customization(Text::new(
                        format!("rename: 表「{}」はありません。", rename.table),
                        format!("rename: there is no table '{}'", rename.table),
                    ))
                })
                .map_err(at("table"))?;
            let axis = table
                .columns
                .iter_mut()
                .chain(table.rows.iter_mut().flatten())
                .find(|a| a.id == rename.id)
                .ok_or_else(|| {
                    FormError::Customization(Text::new(
                        format!(
                            "rename: 表「{}」に区分「{}」はありません。",
                            rename.table, rename.id
                        ),
                        format!(
                            "rename: table '{}' has no category '{}'",
                            rename.table, rename.id
                        ),
                    ))
                })
                .map_err(at("id"))?;
            axis.label = LabelSpec::One(rename.label.clone());
        }
        Ok(())
    }

    /// Turn the definition into a [`Form`]: items, sums and relations resolved to indices.
    pub fn build(self, evaluation: Option<&EvaluationForm>) -> Result<Form, FormError> {
        let mut b = Builder::default();
        let cadence = match self.period.as_deref() {
            None => crate::era::Cadence::Month,
            Some(p) => crate::era::Cadence::parse(p).ok_or_else(|| {
                FormError::Table {
                    table: self.id.clone(),
                    what: Text::new(
                        format!("period「{p}」は使えません(month、quarter、half、year のどれか)"),
                        format!("period '{p}' is not one of month, quarter, half, year"),
                    ),
                }
                .at(&[Key("period")])
            })?,
        };

        // A part-time row's full-time equivalent is labelled as the staffing table says.
        let fte_label = self
            .staffing
            .as_ref()
            .map_or("常勤換算", |st| st.fte.as_str());
        let staffing = match &self.staffing {
            None => None,
            Some(st) => {
                let table = b
                    .table(
                        TableInput {
                            id: &st.id,
                            number: &st.number,
                            label: &st.label,
                            layout: Layout::Staffing,
                            corner: &st.corner,
                            row_label: "",
                            rows: &st.rows,
                            columns: &st.columns,
                            part: None,
                            section: None,
                            section_label: data_label(&st.label),
                            capacity: 0,
                            rows_given: true,
                            made_columns: 0,
                        },
                        fte_label,
                    )
                    .map_err(|e| e.at(&[Key("staffing")]))?;
                let professional_total = b.tables[table]
                    .rows
                    .iter()
                    .position(|r| r.id == st.professional_total)
                    .ok_or_else(|| {
                        FormError::Table {
                            table: st.id.clone(),
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
                    })?;
                Some(super::Staffing {
                    table,
                    heading: Heading {
                        number: st.number.clone(),
                        label: st.label.clone(),
                    },
                    note: st.note.clone(),
                    population_label: st.population.clone(),
                    required_label: st.required.clone(),
                    professional_total,
                    fte_label: st.fte.clone(),
                })
            }
        };

        let mut parts = Vec::new();
        let mut pending: Vec<(usize, &TableSpec, Vec<Seg>)> = Vec::new();
        // A table id given twice is said at the second table's id, before its items collide.
        let mut table_ids: Vec<&str> = self.staffing.iter().map(|st| st.id.as_str()).collect();
        for (pi, part) in self.part.iter().enumerate() {
            let mut sections = Vec::new();
            for (si, section) in part.section.iter().enumerate() {
                let mut tables = Vec::new();
                for (ti, t) in section.table.iter().enumerate() {
                    let here = [
                        Key("part"),
                        Index(pi),
                        Key("section"),
                        Index(si),
                        Key("table"),
                        Index(ti),
                    ];
                    if table_ids.contains(&t.id.as_str()) {
                        return Err(FormError::DuplicateId(t.id.clone())
                            .at(&[Key("id")])
                            .at(&here));
                    }
                    table_ids.push(&t.id);
                    let layout = match t.layout.as_deref() {
                        None | Some("row") => Layout::Row,
                        Some("stacked") => Layout::Stacked,
                        Some("grid") => Layout::Grid,
                        Some("providers") => Layout::Providers,
                        Some("list") => Layout::List,
                        Some(other) => {
                            return Err(FormError::Table {
                                table: t.id.clone(),
                                what: Text::new(
                                    format!(
                                        "layout「{other}」は使えません(row、stacked、grid、providers、list のどれか)"
                                    ),
                                    format!(
                                        "layout '{other}' is not one of row, stacked, grid, providers, list"
                                    ),
                                ),
                            }
                            .at(&[Key("layout")])
                            .at(&here));
                        }
                    };
                    let row_label = t.row.clone().unwrap_or_else(|| self.row.clone());
                    let single_row = [AxisSpec::plain("", &row_label)];
                    let rows: &[AxisSpec] = match (&t.rows, layout) {
                        (Some(rows), _) => rows,
                        (None, Layout::Providers | Layout::List) => &[],
                        (None, _) => &single_row,
                    };
                    let name_column;
                    let columns: Vec<AxisSpec> = if layout == Layout::Providers {
                        name_column = AxisSpec::plain("name", &t.corner);
                        std::iter::once(name_column)
                            .chain(t.columns.iter().cloned())
                            .collect()
                    } else {
                        t.columns.clone()
                    };
                    let section_label = if t.label.is_empty() {
                        data_label(&section.label)
                    } else {
                        data_label(&format!("{} {}", section.label, t.label))
                    };
                    let index = b
                        .table(
                            TableInput {
                                id: &t.id,
                                number: &t.number,
                                label: &t.label,
                                layout,
                                corner: &t.corner,
                                row_label: &row_label,
                                rows,
                                columns: &columns,
                                part: Some(pi),
                                section: Some(si),
                                section_label,
                                capacity: t.capacity.unwrap_or(0),
                                rows_given: t.rows.is_some(),
                                made_columns: usize::from(layout == Layout::Providers),
                            },
                            fte_label,
                        )
                        .map_err(|e| e.at(&here))?;
                    let flow = match t.amounts.as_deref() {
                        None | Some("ytd") => false,
                        Some("flow") => true,
                        Some(other) => {
                            return Err(FormError::Table {
                                table: t.id.clone(),
                                what: Text::new(
                                    format!("amounts「{other}」は使えません(ytd か flow)"),
                                    format!("amounts '{other}' is not ytd or flow"),
                                ),
                            }
                            .at(&[Key("amounts")])
                            .at(&here));
                        }
                    };
                    // A list's total row is labelled as the form's totals unless it says.
                    let total_label = match layout {
                        Layout::List => Some(t.total.clone().unwrap_or_else(|| self.total.clone())),
                        _ => t.total.clone(),
                    };
                    if let (Layout::List, Some(total)) = (layout, &total_label) {
                        let count = t.count.as_deref().unwrap_or("件数");
                        b.list_totals(index, total, count)
                            .map_err(|e| e.at(&[Key("count")]).at(&here))?;
                    }
                    let table = &mut b.tables[index];
                    table.flow = flow;
                    table.unit = t.unit.clone();
                    table.share = t.share.clone();
                    table.total_label = total_label;
                    table.distinct_note = t.distinct_note.clone();
                    tables.push(index);
                    pending.push((index, t, here.to_vec()));
                }
                sections.push(Section {
                    number: section.number.clone(),
                    label: section.label.clone(),
                    purpose: section.purpose.clone(),
                    tables,
                });
            }
            parts.push(Part {
                number: part.number.clone(),
                label: part.label.clone(),
                sections,
            });
        }

        // Cross-table references, now that every item exists.
        let mut relations = Vec::new();
        let mut providers = None;
        for (index, t, here) in pending {
            let lookup = |id: &str| {
                b.by_id
                    .get(id)
                    .copied()
                    .ok_or_else(|| FormError::UnknownItem {
                        table: t.id.clone(),
                        item: id.to_string(),
                    })
            };
            let table = &b.tables[index];
            let totals: Vec<usize> = b.sums.iter().map(|s| s.total).collect();
            let row_total = table
                .all_items()
                .find(|i| totals.contains(i) && b.items[*i].kind == Kind::Total);
            let counts: Vec<usize> = table
                .all_items()
                .filter(|&i| b.items[i].kind == Kind::Count)
                .collect();
            for (kind, of, key) in [
                (RelationKind::Overlap, &t.overlap_of, "overlap_of"),
                (RelationKind::Breakdown, &t.breakdown_of, "breakdown_of"),
                (RelationKind::Abuse, &t.abuse_of, "abuse_of"),
            ] {
                if let Some(of) = of {
                    let left = match (kind, row_total) {
                        (RelationKind::Abuse, _) | (_, None) => counts.clone(),
                        (_, Some(total)) => vec![total],
                    };
                    relations.push(Relation {
                        kind,
                        left,
                        minus: vec![],
                        right: Bound::Item(lookup(of).map_err(|e| e.at(&[Key(key)]).at(&here))?),
                        table: index,
                        label: None,
                    });
                }
            }
            if table.layout == Layout::Providers {
                if providers.is_some() {
                    return Err(FormError::Table {
                        table: t.id.clone(),
                        what: Text::new(
                            "委託先一覧(layout = \"providers\")の表は一つまでです",
                            "a form has at most one providers table",
                        ),
                    }
                    .at(&[Key("layout")])
                    .at(&here));
                }
                providers = Some(index);
                for (c, spec) in t.columns.iter().enumerate() {
                    // A program column's link to the item it is checked against, at its key.
                    let link = |id: &Option<String>, key| {
                        id.as_deref()
                            .map(lookup)
                            .transpose()
                            .map_err(|e| e.at(&[Key("columns"), Index(c), Key(key)]).at(&here))
                    };
                    let plans = link(&spec.plans, "plans")?;
                    let count = link(&spec.providers, "providers")?;
                    let axis = &mut b.tables[index].columns[c + 1];
                    axis.plans = plans;
                    axis.providers = count;
                }
            }
        }

        // 再掲: each cell of an included row (column) is at most its parent's.
        for (index, table) in b.tables.iter().enumerate() {
            for (r, axis) in table.rows.iter().enumerate() {
                if let Some(parent) = axis.of {
                    for c in 0..table.columns.len() {
                        relations.push(within(index, table.items[r][c], table.items[parent][c]));
                    }
                }
            }
            for (c, axis) in table.columns.iter().enumerate() {
                if let Some(parent) = axis.of {
                    for r in 0..table.items.len() {
                        relations.push(within(index, table.items[r][c], table.items[r][parent]));
                    }
                }
            }
        }
        // The form's own relations, across tables.
        // A `*` in a relation's ids stands for the same id part on every side: one relation per
        // part for which every named item exists (a grid's 合計 row against another's, column by
        // column).
        let mut instances: Vec<(usize, &RelationSpec, Option<String>)> = Vec::new();
        for (ri, rel) in self.relation.iter().enumerate() {
            let parts = wildcard_parts(rel, &b.items).map_err(|what| {
                FormError::Table {
                    table: "relation".into(),
                    what,
                }
                .at(&[Key("relation"), Index(ri), Key("left")])
            })?;
            match parts {
                None => instances.push((ri, rel, None)),
                Some(parts) => instances.extend(parts.into_iter().map(|p| (ri, rel, Some(p)))),
            }
        }
        for (ri, rel, part) in instances {
            let here = |key: &'static str| {
                move |e: FormError| e.at(&[Key("relation"), Index(ri), Key(key)])
            };
            let named = |id: &str| match &part {
                Some(p) => id.replacen('*', p, 1),
                None => id.to_string(),
            };
            let lookup = |id: &str| {
                b.by_id
                    .get(id)
                    .copied()
                    .ok_or_else(|| FormError::UnknownItem {
                        table: "relation".into(),
                        item: id.to_string(),
                    })
            };
            let (mut left, mut minus) = (Vec::new(), Vec::new());
            for (li, id) in rel.left.iter().enumerate() {
                let at = |e: FormError| {
                    e.at(&[Index(li)])
                        .at(&[Key("relation"), Index(ri), Key("left")])
                };
                match id.strip_prefix('-') {
                    Some(id) => minus.push(lookup(&named(id.trim())).map_err(at)?),
                    None => left.push(lookup(&named(id.trim())).map_err(at)?),
                }
            }
            let error = match rel.severity.as_deref() {
                None | Some("error") => true,
                Some("warning") => false,
                Some(other) => {
                    return Err(FormError::Table {
                        table: "relation".into(),
                        what: Text::new(
                            format!("severity「{other}」は使えません(error か warning)"),
                            format!("severity '{other}' is not error or warning"),
                        ),
                    })
                    .map_err(here("severity"));
                }
            };
            let kind = match rel.kind.as_deref() {
                None | Some("equal") => RelationKind::Equal { error },
                Some("at_most") => RelationKind::AtMost { error },
                Some("at_least") => RelationKind::AtLeast { error },
                Some(other) => {
                    return Err(FormError::Table {
                        table: "relation".into(),
                        what: Text::new(
                            format!("kind「{other}」は使えません(equal、at_most、at_least)"),
                            format!("kind '{other}' is not equal, at_most or at_least"),
                        ),
                    })
                    .map_err(here("kind"));
                }
            };
            if left.is_empty() && minus.is_empty() {
                return Err(FormError::Table {
                    table: "relation".into(),
                    what: Text::new(
                        format!("「{}」と比べる left が空です", rel.right),
                        format!(
                            "the relation with right = '{}' has an empty left",
                            rel.right
                        ),
                    ),
                })
                .map_err(here("left"));
            }
            let right = match &rel.right {
                RightSpec::Item(id) => Bound::Item(lookup(&named(id)).map_err(here("right"))?),
                RightSpec::Number(n) if n.is_finite() => Bound::Number(*n),
                RightSpec::Number(n) => {
                    return Err(FormError::Table {
                        table: "relation".into(),
                        what: Text::new(
                            format!("right「{n}」は数ではありません"),
                            format!("right '{n}' is not a number"),
                        ),
                    })
                    .map_err(here("right"));
                }
            };
            let table = match (left.first().or(minus.first()), right) {
                (Some(&i), _) | (None, Bound::Item(i)) => b.items[i].table,
                (None, Bound::Number(_)) => 0,
            };
            relations.push(Relation {
                kind,
                left,
                minus,
                right,
                table,
                label: rel.label.clone(),
            });
        }

        let evaluation = match evaluation {
            None => None,
            Some(ev) => {
                let columns: Vec<AxisSpec> = ev
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, label)| AxisSpec::plain(&format!("item{}", i + 1), label))
                    .collect();
                let rows = [AxisSpec::plain("", &ev.row)];
                let index = b.table(
                    TableInput {
                        id: "hyoka",
                        number: "",
                        label: &ev.label,
                        layout: Layout::Evaluation,
                        corner: "",
                        row_label: &ev.row,
                        rows: &rows,
                        columns: &columns,
                        part: None,
                        section: None,
                        section_label: data_label(&ev.label),
                        capacity: 0,
                        rows_given: false,
                        made_columns: 0,
                    },
                    fte_label,
                )?;
                for &i in b.tables[index].items.iter().flatten() {
                    b.items[i].range = Some(ev.scale);
                }
                Some(index)
            }
        };

        // An item of a list: `headlines`, `trend`, a series' `items`, found at its place.
        let find = |id: &String, at: &[Seg]| {
            b.by_id.get(id).copied().ok_or_else(|| {
                FormError::UnknownItem {
                    table: "headlines/charts".into(),
                    item: id.clone(),
                }
                .at(at)
            })
        };
        let mut headline_labels = HashMap::new();
        let mut headlines = Vec::with_capacity(self.headlines.len());
        for (i, h) in self.headlines.iter().enumerate() {
            let at = [Key("headlines"), Index(i)];
            match h {
                HeadlineSpec::Item(id) => headlines.push(find(id, &at)?),
                HeadlineSpec::Labeled { item, label } => {
                    let i = find(item, &at)?;
                    headline_labels.insert(i, label.clone());
                    headlines.push(i);
                }
            }
        }
        let trend = (self.trend.iter().enumerate())
            .map(|(i, id)| find(id, &[Key("trend"), Index(i)]))
            .collect::<Result<Vec<_>, _>>()?;
        let mut charts = Vec::new();
        for (ci, c) in self.chart.iter().enumerate() {
            let chart_err = |what: Text, at: &[Seg]| {
                FormError::Table {
                    table: c.title.clone(),
                    what,
                }
                .at(at)
                .at(&[Key("chart"), Index(ci)])
            };
            if c.series.is_empty() {
                return Err(chart_err(
                    Text::new(
                        "グラフには series が少なくとも一つ必要です",
                        "a chart needs at least one series",
                    ),
                    &[Key("series")],
                ));
            }
            if let Some(fault) = label_fault(&c.title) {
                return Err(chart_err(fault, &[Key("title")]));
            }
            let mut series = Vec::new();
            for (si, sp) in c.series.iter().enumerate() {
                let here = [Key("chart"), Index(ci), Key("series"), Index(si)];
                if sp.items.is_empty() {
                    return Err(chart_err(
                        Text::new(
                            "グラフの系列には items が少なくとも一つ必要です",
                            "a chart's series needs at least one item",
                        ),
                        &[Key("series"), Index(si)],
                    ));
                }
                let items = (sp.items.iter().enumerate())
                    .map(|(k, id)| find(id, &[here.as_slice(), &[Key("items"), Index(k)]].concat()))
                    .collect::<Result<Vec<_>, _>>()?;
                let label = match (&sp.label, items.first()) {
                    (Some(l), _) => l.clone(),
                    (None, Some(&i)) => {
                        let it = &b.items[i];
                        if b.tables[it.table].columns.len() == 1 {
                            it.row_label.clone()
                        } else {
                            it.column_label.clone()
                        }
                    }
                    (None, None) => String::new(),
                };
                series.push(super::Series { label, items });
            }
            charts.push(super::Chart {
                title: c.title.clone(),
                series,
            });
        }

        Ok(Form {
            cadence,
            total_label: self.total,
            id: self.id,
            headlines,
            headline_labels,
            trend,
            charts,
            version: self.version,
            title: self.title,
            overview: match self.overview {
                None => None,
                Some(o) => Some(super::Overview {
                    heading: Heading {
                        number: o.number,
                        label: o.label,
                    },
                    columns: overview_columns(o.columns)?,
                }),
            },
            staffing,
            activities: Heading {
                number: self.activities.number,
                label: self.activities.label,
            },
            parts,
            tables: b.tables,
            items: b.items,
            sums: b.sums,
            relations,
            providers,
            evaluation,
            by_id: b.by_id,
        })
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

/// An id is `[a-z0-9_]`, at most [`limits::ID`] characters: it becomes part of a defined
/// name (`hk_<item>`), which Excel compares without case and limits in length.
fn is_ascii_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= limits::ID
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
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

/// Totals, 再掲 and ratios of one axis form no cycle: a total never includes itself (directly
/// or through another total), a 再掲 chain ends, and a ratio is of plain columns. A cycle would
/// make every later step (a total's value, a formula) recurse without end.
fn acyclic(axes: &[Axis]) -> Result<(), (Text, usize, &'static str)> {
    // Depth-first over the `sum` edges: 0 unvisited, 1 on the path, 2 done.
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
    let names = |cycle: &[usize]| {
        cycle
            .iter()
            .map(|&i| axes[i].id.as_str())
            .collect::<Vec<_>>()
    };
    let mut state = vec![0u8; axes.len()];
    for i in 0..axes.len() {
        if let Some(cycle) = visit(axes, i, &mut state, &mut Vec::new()) {
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
    }
    for (i, a) in axes.iter().enumerate() {
        let mut seen = vec![i];
        let mut at = a.of;
        while let Some(p) = at {
            if seen.contains(&p) {
                seen.push(p);
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
            seen.push(p);
            at = axes[p].of;
        }
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
        if let Some(bad) = a
            .sum
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .find(|&&p| axes[p].ratio.is_some())
        {
            let text = Text::new(
                format!(
                    "「{}」の sum にある「{}」は ratio の列です(比は足せません)",
                    a.id, axes[*bad].id
                ),
                format!(
                    "the sum of '{}' names '{}', a ratio (ratios are not added)",
                    a.id, axes[*bad].id
                ),
            );
            return Err((text, i, "sum"));
        }
    }
    Ok(())
}

struct TableInput<'a> {
    id: &'a str,
    number: &'a str,
    label: &'a str,
    layout: Layout,
    corner: &'a str,
    row_label: &'a str,
    rows: &'a [AxisSpec],
    columns: &'a [AxisSpec],
    part: Option<usize>,
    section: Option<usize>,
    section_label: String,
    capacity: usize,
    /// Where `rows` come from: the table's own `rows` (false: the one row made for a row table).
    rows_given: bool,
    /// Columns made before the table's own (the providers' name column).
    made_columns: usize,
}

#[derive(Default)]
struct Builder {
    tables: Vec<Table>,
    items: Vec<Item>,
    sums: Vec<Sum>,
    by_id: HashMap<String, usize>,
}

impl Builder {
    fn table(&mut self, t: TableInput, fte_label: &str) -> Result<usize, FormError> {
        // Errors name their place in the table: a key of it, or a row's or column's key.
        let err = |what: Text, at: &[Seg]| {
            FormError::Table {
                table: t.id.to_string(),
                what,
            }
            .at(at)
        };
        let row_at = |r: usize, key: &'static str| -> Vec<Seg> {
            if t.rows_given {
                vec![Key("rows"), Index(r), Key(key)]
            } else {
                vec![Key("row")]
            }
        };
        let column_at = |c: usize, key: &'static str| -> Vec<Seg> {
            match c.checked_sub(t.made_columns) {
                Some(c) => vec![Key("columns"), Index(c), Key(key)],
                None => vec![Key("corner")],
            }
        };
        let axis_at = |is_row: bool, i: usize, key: &'static str| {
            if is_row {
                row_at(i, key)
            } else {
                column_at(i, key)
            }
        };
        if !is_ascii_id(t.id) {
            return Err(err(
                Text::new(
                    format!(
                        "表の id には半角の英小文字・数字と _ だけを、{} 文字まで使ってください",
                        limits::ID
                    ),
                    format!(
                        "the table's id must be lowercase ASCII letters, digits or '_', at most {} characters",
                        limits::ID
                    ),
                ),
                &[Key("id")],
            ));
        }
        if t.columns.is_empty() {
            return Err(err(
                Text::new(
                    "表には少なくとも一つの列(columns)が必要です",
                    "a table needs at least one column",
                ),
                &[Key("columns")],
            ));
        }
        if self.tables.len() >= limits::TABLES {
            return Err(err(
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
                return Err(err(
                    Text::new(
                        format!("{ja} が {n} あります。一つの表に {most} までです"),
                        format!("{n} {en}: a table has at most {most}"),
                    ),
                    &[Key(en)],
                ));
            }
        }
        // A single-row table's one row is made here, without an id.
        let made_row =
            |a: &AxisSpec| t.rows.len() == 1 && std::ptr::eq(a, &t.rows[0]) && a.id.is_empty();
        let axes = t.rows.iter().enumerate().map(|(i, a)| (true, i, a));
        let axes = axes.chain(t.columns.iter().enumerate().map(|(i, a)| (false, i, a)));
        for (is_row, i, a) in axes {
            if !made_row(a) && !is_ascii_id(&a.id) {
                return Err(err(
                    Text::new(
                        format!(
                            "id「{}」には半角の英小文字・数字と _ だけを、{} 文字まで使ってください",
                            a.id.escape_debug(),
                            limits::ID
                        ),
                        format!(
                            "the id '{}' must be lowercase ASCII letters, digits or '_', at most {} characters",
                            a.id.escape_debug(),
                            limits::ID
                        ),
                    ),
                    &axis_at(is_row, i, "id"),
                ));
            }
            let levels = match &a.label {
                LabelSpec::One(l) => std::slice::from_ref(l),
                LabelSpec::Levels(ls) => ls.as_slice(),
            };
            if let Some(fault) = levels.iter().find_map(|l| label_fault(l)) {
                return Err(err(fault, &axis_at(is_row, i, "label")));
            }
        }
        for (heading, key) in [
            (t.number, "number"),
            (t.label, "label"),
            (t.corner, "corner"),
            (t.row_label, "row"),
        ] {
            if let Some(fault) = label_fault(heading) {
                return Err(err(fault, &[Key(key)]));
            }
        }
        // Shapes no layout can place (issue 19 brings grids): rows on a row table (its report
        // would drop them), two `sum = "*"` on one axis, a stacked table of several totals.
        if t.layout == Layout::Row && t.rows_given {
            return Err(err(
                Text::new(
                    "行ごとの表(layout = \"row\")には rows を書けません。行を並べるなら layout = \"grid\"(列が一つなら \"stacked\")にしてください",
                    "a row table (layout = \"row\") takes no rows; use layout = \"grid\" for rows (\"stacked\" for one column)",
                ),
                &[Key("rows")],
            ));
        }
        if t.layout == Layout::Grid && !t.rows_given {
            return Err(err(
                Text::new(
                    "grid の表には行(rows)が必要です",
                    "a grid (layout = \"grid\") needs rows",
                ),
                &[Key("layout")],
            ));
        }
        let star = |a: &&AxisSpec| matches!(&a.sum, Some(SumSpec::All(x)) if x == "*");
        for (is_row, axes) in [(true, t.rows), (false, t.columns)] {
            if let Some(second) = axes.iter().enumerate().filter(|(_, a)| star(a)).nth(1) {
                return Err(err(
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
                    &axis_at(is_row, second.0, "sum"),
                ));
            }
        }
        if t.layout == Layout::Stacked
            && let Some(second) = t
                .rows
                .iter()
                .enumerate()
                .filter(|(_, a)| a.sum.is_some())
                .nth(1)
        {
            return Err(err(
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
                &row_at(second.0, "sum"),
            ));
        }
        let rows = resolve_axes(t.rows).map_err(|(what, i, key)| err(what, &row_at(i, key)))?;
        let columns =
            resolve_axes(t.columns).map_err(|(what, i, key)| err(what, &column_at(i, key)))?;
        acyclic(&rows).map_err(|(what, i, key)| err(what, &row_at(i, key)))?;
        acyclic(&columns).map_err(|(what, i, key)| err(what, &column_at(i, key)))?;
        let cells = t.capacity.max(rows.len()).max(1) * columns.len();
        if self.items.len() + cells > limits::ITEMS {
            return Err(err(
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
        // The shapes the template and the report can lay out.
        if t.layout == Layout::Stacked && columns.len() != 1 {
            return Err(err(
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
            (&rows, row_levels, "rows"),
            (&columns, column_levels, "columns"),
        ] {
            if let Some((i, a)) = axis.iter().enumerate().find(|(_, a)| a.label.len() > most) {
                return Err(err(
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
                    &axis_at(what == "rows", i, "label"),
                ));
            }
        }
        let ratio_row = rows
            .iter()
            .position(|r| r.ratio.is_some())
            .map(|i| row_at(i, "ratio"));
        let ratio_column = (t.layout != Layout::Row)
            .then(|| columns.iter().position(|c| c.ratio.is_some()))
            .flatten()
            .map(|i| column_at(i, "ratio"));
        if let Some(at) = ratio_row.or(ratio_column) {
            return Err(err(
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
            return Err(err(
                Text::new(
                    "合計(sum)は行か列のどちらか一方にだけ置けます(両方に置くなら layout = \"grid\")",
                    "totals may be rows or columns, not both (both: layout = \"grid\")",
                ),
                &column_at(c, "sum"),
            ));
        }
        let index = self.tables.len();
        let providers = matches!(t.layout, Layout::Providers | Layout::List);
        let row_count = if providers { t.capacity } else { rows.len() };
        if providers && t.capacity == 0 {
            return Err(err(
                Text::new(
                    "一覧の表(委託先、会議など)には capacity(様式の行数)が必要です",
                    "a providers or list table needs a capacity",
                ),
                &[Key("layout")],
            ));
        }
        if let Some(c) = columns.iter().position(|c| c.kind.is_some())
            && t.layout != Layout::List
        {
            return Err(err(
                Text::new(
                    "列の kind(text、date)は一覧の表(layout = \"list\")にだけ書けます",
                    "a column's kind (text, date) is for list tables (layout = \"list\")",
                ),
                &column_at(c, "kind"),
            ));
        }
        let summed = |a: &Axis| a.sum.is_some() || a.of.is_some();
        let list_sum = (rows.iter().position(summed).map(|i| row_at(i, "id")))
            .or(columns.iter().position(summed).map(|i| column_at(i, "id")));
        if let (Layout::List, Some(at)) = (t.layout, list_sum) {
            return Err(err(
                Text::new(
                    "一覧の表には sum や of を書けません(件数と各列の合計は自動で計算します)",
                    "a list table takes no sum or of (its count and column totals are computed)",
                ),
                &at,
            ));
        }
        let mut items = Vec::with_capacity(row_count);
        let mut fte = Vec::with_capacity(row_count);
        for r in 0..row_count {
            let (row_id, row_label, part_time) = if providers {
                (format!("{:02}", r + 1), (r + 1).to_string(), false)
            } else {
                (
                    rows[r].id.clone(),
                    data_label(&rows[r].joined()),
                    rows[r].part_time,
                )
            };
            let mut row_items = Vec::with_capacity(columns.len());
            let mut row_fte = Vec::with_capacity(columns.len());
            for (c, col) in columns.iter().enumerate() {
                let id = if providers || (rows.len() > 1 && columns.len() > 1) {
                    format!("{}_{}_{}", t.id, row_id, col.id)
                } else if rows.len() > 1 {
                    format!("{}_{}", t.id, row_id)
                } else {
                    format!("{}_{}", t.id, col.id)
                };
                let is_total = col.sum.is_some() || (!providers && rows[r].sum.is_some());
                let kind = if t.layout == Layout::Providers && c == 0 {
                    Kind::Text
                } else if let Some(kind) = col.kind {
                    kind
                } else if col.ratio.is_some() {
                    Kind::Ratio
                } else if is_total {
                    Kind::Total
                } else {
                    Kind::Count
                };
                let column_label = data_label(&col.joined());
                let item = Item {
                    id: id.clone(),
                    table: index,
                    row: r,
                    col: c,
                    kind,
                    slot: (t.layout == Layout::Providers).then_some(r),
                    fte: false,
                    // A signed figure (収支差額) may be negative, up to the size of a count.
                    range: (col.signed || rows.get(r).is_some_and(|a| a.signed))
                        .then_some((-super::MAX_COUNT, super::MAX_COUNT)),
                    section_label: t.section_label.clone(),
                    row_label: row_label.clone(),
                    column_label: column_label.clone(),
                };
                // A made id that another table made already: at the row (or column) making it.
                let made_at = if t.rows_given && !providers {
                    row_at(r, "id")
                } else {
                    column_at(c, "id")
                };
                row_items.push(self.push(item).map_err(|e| e.at(&made_at))?);
                row_fte.push(if part_time {
                    let item = Item {
                        id: format!("{id}_fte"),
                        table: index,
                        row: r,
                        col: c,
                        kind: if is_total { Kind::Total } else { Kind::Fte },
                        slot: None,
                        fte: true,
                        range: None,
                        section_label: t.section_label.clone(),
                        row_label: data_label(&format!("{row_label}({fte_label})")),
                        column_label,
                    };
                    Some(self.push(item).map_err(|e| e.at(&row_at(r, "id")))?)
                } else {
                    None
                });
            }
            items.push(row_items);
            fte.push(row_fte);
        }

        // Sums: totals along rows (per column) or along columns (per row).
        for (r, row) in rows.iter().enumerate() {
            if let Some(parts) = &row.sum {
                for c in 0..columns.len() {
                    self.sums.push(Sum {
                        total: items[r][c],
                        parts: parts.iter().map(|&p| items[p][c]).collect(),
                    });
                    if let Some(total) = fte[r][c] {
                        let parts = parts
                            .iter()
                            .map(|&p| {
                                fte[p][c].ok_or_else(|| {
                                    err(Text::new(
                                        format!("非常勤の合計「{}」が非常勤でない「{}」を合計しています", row.id, rows[p].id),
                                        format!(
                                            "part-time total '{}' sums '{}', which is not part-time",
                                            row.id, rows[p].id
                                        ),
                                    ), &row_at(r, "sum"))
                                })
                            })
                            .collect::<Result<_, _>>()?;
                        self.sums.push(Sum { total, parts });
                    }
                }
            }
        }
        for (c, col) in columns.iter().enumerate() {
            if let Some(parts) = &col.sum {
                for row in &items {
                    self.sums.push(Sum {
                        total: row[c],
                        parts: parts.iter().map(|&p| row[p]).collect(),
                    });
                }
            }
        }

        self.tables.push(Table {
            id: t.id.to_string(),
            number: t.number.to_string(),
            label: t.label.to_string(),
            layout: t.layout,
            corner: t.corner.to_string(),
            row_label: t.row_label.to_string(),
            rows,
            columns,
            share: None,
            total_label: None,
            capacity: t.capacity,
            distinct_note: None,
            flow: false,
            unit: None,
            part: t.part,
            section: t.section,
            items,
            fte,
            list_totals: Vec::new(),
        });
        Ok(index)
    }

    /// A list's total row: the number of rows listed (under its first column) and the sum of
    /// each count column, labelled `total` and `count`.
    fn list_totals(&mut self, index: usize, total: &str, count: &str) -> Result<(), FormError> {
        let table = self.tables[index].clone();
        let mut totals = Vec::with_capacity(table.columns.len());
        for (c, col) in table.columns.iter().enumerate() {
            let first = table.items.first().map(|r| r[c]);
            let section_label = first
                .map(|i| self.items[i].section_label.clone())
                .unwrap_or_default();
            let kind = first.map_or(Kind::Count, |i| self.items[i].kind);
            let (id, kind, column_label) = if c == 0 {
                (
                    format!("{}_{}", table.id, "kensu"),
                    Kind::Rows,
                    data_label(count),
                )
            } else if kind == Kind::Count {
                (
                    format!("{}_kei_{}", table.id, col.id),
                    Kind::Total,
                    data_label(&col.joined()),
                )
            } else {
                totals.push(None);
                continue;
            };
            let item = self.push(Item {
                id,
                table: index,
                row: table.items.len(),
                col: c,
                kind,
                slot: None,
                fte: false,
                range: None,
                section_label,
                row_label: data_label(total),
                column_label,
            })?;
            if kind == Kind::Total {
                self.sums.push(Sum {
                    total: item,
                    parts: table.items.iter().map(|r| r[c]).collect(),
                });
            }
            totals.push(Some(item));
        }
        self.tables[index].list_totals = totals;
        Ok(())
    }

    fn push(&mut self, item: Item) -> Result<usize, FormError> {
        let index = self.items.len();
        if self.by_id.insert(item.id.clone(), index).is_some() {
            return Err(FormError::DuplicateId(item.id));
        }
        self.items.push(item);
        Ok(index)
    }
}

/// Resolve `sum` references to indices; `"*"` means every axis that is not itself a total
/// (and not the providers' name column).
/// An error names the axis (its index) and its key at fault.
fn resolve_axes(specs: &[AxisSpec]) -> Result<Vec<Axis>, (Text, usize, &'static str)> {
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
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = |key: &'static str| move |what: Text| (what, i, key);
            let sum = match &s.sum {
                None => None,
                Some(SumSpec::All(star)) if star == "*" => Some(
                    specs
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| {
                            o.sum.is_none() && o.of.is_none() && o.ratio.is_none() && o.id != "name"
                        })
                        .map(|(i, _)| i)
                        .collect(),
                ),
                Some(SumSpec::All(other)) => {
                    return Err(at("sum")(Text::new(
                        format!(
                            "「{}」の sum は \"*\" か id の並びです(「{other}」は使えません)",
                            s.id
                        ),
                        format!(
                            "sum of '{}' must be \"*\" or a list of ids, not '{other}'",
                            s.id
                        ),
                    )));
                }
                Some(SumSpec::Of(ids)) => Some(
                    ids.iter()
                        .map(|id| {
                            seen.get(id.as_str()).copied().ok_or_else(|| {
                                Text::new(
                                    format!(
                                        "「{}」の sum にある「{id}」はこの表にありません",
                                        s.id
                                    ),
                                    format!(
                                        "sum of '{}' names '{id}', which is not in the table",
                                        s.id
                                    ),
                                )
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(at("sum"))?,
                ),
            };
            let of = match &s.of {
                None => None,
                Some(id) => Some(
                    seen.get(id.as_str())
                        .copied()
                        .ok_or_else(|| {
                            Text::new(
                                format!("「{}」の of にある「{id}」はこの表にありません", s.id),
                                format!("of of '{}' names '{id}', which is not in the table", s.id),
                            )
                        })
                        .map_err(at("of"))?,
                ),
            };
            let ratio = match s.ratio.as_deref() {
                None => None,
                Some([num, den]) => {
                    let find = |id: &String| {
                        seen.get(id.as_str()).copied().ok_or_else(|| {
                            Text::new(
                                format!("「{}」の ratio にある「{id}」はこの表にありません", s.id),
                                format!(
                                    "ratio of '{}' names '{id}', which is not in the table",
                                    s.id
                                ),
                            )
                        })
                    };
                    Some((
                        find(num).map_err(at("ratio"))?,
                        find(den).map_err(at("ratio"))?,
                    ))
                }
                Some(_) => {
                    return Err(at("ratio")(Text::new(
                        format!("「{}」の ratio は [分子, 分母] の二つの id です", s.id),
                        format!("ratio of '{}' is [numerator, denominator]", s.id),
                    )));
                }
            };
            let kind = match s.kind.as_deref() {
                None => None,
                Some("text") => Some(Kind::Text),
                Some("date") => Some(Kind::Date),
                Some(other) => {
                    return Err(at("kind")(Text::new(
                        format!("「{}」の kind「{other}」は使えません(text か date)", s.id),
                        format!("kind '{other}' of '{}' is not text or date", s.id),
                    )));
                }
            };
            if s.mean && ratio.is_none() {
                return Err(at("mean")(Text::new(
                    format!("「{}」の mean は ratio の列にだけ書けます", s.id),
                    format!("mean of '{}' is only for a ratio column", s.id),
                )));
            }
            Ok(Axis {
                id: s.id.clone(),
                label: match &s.label {
                    LabelSpec::One(l) => vec![l.clone()],
                    LabelSpec::Levels(ls) => ls.clone(),
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
        })
        .collect()
}

/// Section 1's columns: a bare label takes the field of its place (名称, 運営形態, 運営主体,
/// 受託開始年度), a `{ label, field }` names its own.
fn overview_columns(specs: Vec<OverviewColumnSpec>) -> Result<Vec<OverviewColumn>, FormError> {
    const IN_ORDER: [&str; 4] = ["name", "operation", "operator", "since"];
    specs
        .into_iter()
        .enumerate()
        .map(|(i, c)| match c {
            OverviewColumnSpec::Field { label, field } => Ok(OverviewColumn { label, field }),
            OverviewColumnSpec::Label(label) => match IN_ORDER.get(i) {
                Some(field) => Ok(OverviewColumn {
                    label,
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

/// A 再掲 cell within its parent's.
fn within(table: usize, child: usize, parent: usize) -> Relation {
    Relation {
        kind: RelationKind::Within,
        left: vec![child],
        minus: vec![],
        right: Bound::Item(parent),
        table,
        label: None,
    }
}
