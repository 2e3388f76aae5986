//! The third stage: a checked definition laid out as the [`Form`] every other module reads —
//! its tables' items (a cell per row and column, an FTE per part-time cell, a list's total
//! row), their sums, and the relations between items resolved to indices. What can still fail
//! here is a name of another table's item: an id no table makes, or one two tables make.

use super::super::Seg::{self, Index, Key};
use super::super::{
    Axis, Bound, Chart, Form, FormError, Heading, Item, Kind, Layout, Part, Relation, RelationKind,
    Section, Series, Staffing, Sum, Table, data_label,
};
use super::check::{Checked, CheckedRelation, CheckedTable};
use super::{EvaluationForm, FormSpec, HeadlineSpec, RightSpec, TableSpec, wildcard_parts};
use std::collections::HashMap;

/// Lay out a checked definition.
pub(super) fn lower(
    spec: &FormSpec,
    checked: Checked,
    evaluation: Option<&EvaluationForm>,
) -> Result<Form, FormError> {
    // A part-time row's full-time equivalent is labelled as the staffing table says.
    let fte_label = (spec.staffing.as_ref()).map_or("常勤換算", |st| st.fte.as_str());
    let mut b = Builder::default();
    for t in &checked.tables {
        let index = b.table(t, fte_label).map_err(|e| e.at(&t.input.here))?;
        if let Some(ts) = t.input.spec {
            b.section_options(spec, index, ts, t)
                .map_err(|e| e.at(&t.input.here))?;
        }
    }
    let position = |layout| (checked.tables.iter()).position(|t| t.input.layout == layout);
    let staffing = match (&spec.staffing, position(Layout::Staffing)) {
        (Some(st), Some(table)) => Some(Staffing {
            table,
            heading: Heading {
                number: st.number.clone(),
                label: st.label.to_string(),
            },
            note: st.note.clone(),
            population_label: st.population.clone(),
            required_label: st.required.clone(),
            professional_total: checked.professional_total.unwrap_or(0),
            fte_label: st.fte.clone(),
        }),
        _ => None,
    };
    let mut relations = Vec::new();
    let mut providers = None;
    for (index, t) in checked.tables.iter().enumerate() {
        if let Some(ts) = t.input.spec {
            relations.extend(b.case_relations(index, ts, &t.input.here)?);
            if t.input.layout == Layout::Providers {
                providers = Some(index);
                b.provider_links(index, ts, &t.input.here)?;
            }
        }
    }
    relations.extend(b.within_relations());
    relations.extend(b.form_relations(&checked.relations)?);
    if let (Some(index), Some(ev)) = (position(Layout::Evaluation), evaluation) {
        for &i in b.tables[index].items.iter().flatten() {
            b.items[i].range = Some(ev.scale);
        }
    }
    let (headlines, headline_labels) = b.headlines(spec)?;
    let trend = (spec.trend.iter().enumerate())
        .map(|(i, id)| b.find(id, &[Key("trend"), Index(i)]))
        .collect::<Result<Vec<_>, _>>()?;
    let charts = b.charts(spec)?;
    Ok(Form {
        cadence: checked.cadence,
        total_label: spec.total.clone(),
        id: spec.id.clone(),
        headlines,
        headline_labels,
        trend,
        charts,
        version: spec.version.clone(),
        title: spec.title.clone(),
        overview: (spec.overview.as_ref()).map(|o| super::super::Overview {
            heading: Heading {
                number: o.number.clone(),
                label: o.label.to_string(),
            },
            columns: checked.overview.clone().unwrap_or_default(),
        }),
        staffing,
        activities: Heading {
            number: spec.activities.number.clone(),
            label: spec.activities.label.to_string(),
        },
        parts: parts(spec, &checked.tables),
        tables: b.tables,
        items: b.items,
        sums: b.sums,
        relations,
        providers,
        evaluation: position(Layout::Evaluation),
        own_center: checked.own_center.clone(),
        own_period: checked.own_period.clone(),
        by_id: b.by_id,
    })
}

/// The parts and sections of section 3 with the indices of their tables.
fn parts(spec: &FormSpec, tables: &[CheckedTable]) -> Vec<Part> {
    (spec.part.iter().enumerate())
        .map(|(pi, part)| Part {
            number: part.number.clone(),
            label: part.label.to_string(),
            sections: (part.section.iter().enumerate())
                .map(|(si, section)| Section {
                    number: section.number.clone(),
                    label: section.label.to_string(),
                    purpose: section.purpose.clone(),
                    tables: (tables.iter().enumerate())
                        .filter(|(_, t)| t.input.part == Some(pi) && t.input.section == Some(si))
                        .map(|(i, _)| i)
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

#[derive(Default)]
struct Builder {
    tables: Vec<Table>,
    items: Vec<Item>,
    sums: Vec<Sum>,
    by_id: HashMap<String, usize>,
}

/// Where a cell of a table is being made: its row and column, and the labels it carries.
struct Cell<'a> {
    table: usize,
    r: usize,
    c: usize,
    row_id: &'a str,
    row_label: &'a str,
}

impl Builder {
    /// A checked table's items and sums.
    fn table(&mut self, checked: &CheckedTable, fte_label: &str) -> Result<usize, FormError> {
        let t = &checked.input;
        let (rows, columns) = (&checked.rows, &checked.columns);
        let index = self.tables.len();
        let row_count = if t.is_list() { t.capacity } else { rows.len() };
        let mut items = Vec::with_capacity(row_count);
        let mut fte = Vec::with_capacity(row_count);
        for r in 0..row_count {
            let (row_id, row_label, part_time) = match rows.get(r).filter(|_| !t.is_list()) {
                None => (format!("{:02}", r + 1), (r + 1).to_string(), false),
                Some(row) => (row.id.clone(), data_label(&row.joined()), row.part_time),
            };
            let mut row_items = Vec::with_capacity(columns.len());
            let mut row_fte = Vec::with_capacity(columns.len());
            for c in 0..columns.len() {
                let cell = Cell {
                    table: index,
                    r,
                    c,
                    row_id: &row_id,
                    row_label: &row_label,
                };
                let item = self.cell_item(checked, &cell)?;
                row_fte.push(if part_time {
                    Some(self.fte_item(checked, &cell, item, fte_label)?)
                } else {
                    None
                });
                row_items.push(item);
            }
            items.push(row_items);
            fte.push(row_fte);
        }
        self.table_sums(rows, columns, &items, &fte);
        self.tables.push(Table {
            id: t.id.to_string(),
            number: t.number.to_string(),
            label: t.label.to_string(),
            layout: t.layout,
            corner: t.corner.to_string(),
            row_label: t.row_label.clone(),
            rows: rows.clone(),
            columns: columns.clone(),
            share: None,
            total_label: None,
            capacity: t.capacity,
            distinct_note: None,
            flow: checked.flow,
            unit: None,
            part: t.part,
            section: t.section,
            items,
            fte,
            list_totals: Vec::new(),
            own: checked.own.clone(),
        });
        Ok(index)
    }

    /// The item of one cell: its id made from the table's, the row's and the column's.
    fn cell_item(&mut self, checked: &CheckedTable, cell: &Cell) -> Result<usize, FormError> {
        let t = &checked.input;
        let (rows, columns) = (&checked.rows, &checked.columns);
        let col = &columns[cell.c];
        let list = t.is_list();
        let id = if list || (rows.len() > 1 && columns.len() > 1) {
            format!("{}_{}_{}", t.id, cell.row_id, col.id)
        } else if rows.len() > 1 {
            format!("{}_{}", t.id, cell.row_id)
        } else {
            format!("{}_{}", t.id, col.id)
        };
        let is_total = col.sum.is_some() || (!list && rows[cell.r].sum.is_some());
        let kind = if t.layout == Layout::Providers && cell.c == 0 {
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
        let signed = col.signed || rows.get(cell.r).is_some_and(|a| a.signed);
        let item = Item {
            id,
            table: cell.table,
            row: cell.r,
            col: cell.c,
            kind,
            slot: (t.layout == Layout::Providers).then_some(cell.r),
            fte: false,
            // A signed figure (収支差額) may be negative, up to the size of a count.
            range: signed.then_some((-super::super::MAX_COUNT, super::super::MAX_COUNT)),
            section_label: t.section_label.clone(),
            row_label: cell.row_label.to_string(),
            column_label: data_label(&col.joined()),
        };
        // A made id that another table made already: at the row (or column) making it.
        let made_at = if t.rows_given && !list {
            t.row_at(cell.r, "id")
        } else {
            t.column_at(cell.c, "id")
        };
        self.push(item).map_err(|e| e.at(&made_at))
    }

    /// A part-time cell's full-time equivalent, beside its headcount `of`.
    fn fte_item(
        &mut self,
        checked: &CheckedTable,
        cell: &Cell,
        of: usize,
        fte_label: &str,
    ) -> Result<usize, FormError> {
        let head = &self.items[of];
        let item = Item {
            id: format!("{}_fte", head.id),
            table: cell.table,
            row: cell.r,
            col: cell.c,
            kind: if head.kind == Kind::Total {
                Kind::Total
            } else {
                Kind::Fte
            },
            slot: None,
            fte: true,
            range: None,
            section_label: checked.input.section_label.clone(),
            row_label: data_label(&format!("{}({fte_label})", cell.row_label)),
            column_label: head.column_label.clone(),
        };
        (self.push(item)).map_err(|e| e.at(&checked.input.row_at(cell.r, "id")))
    }

    /// Sums: totals along rows (per column, FTE beside headcount) or along columns (per row).
    fn table_sums(
        &mut self,
        rows: &[Axis],
        columns: &[Axis],
        items: &[Vec<usize>],
        fte: &[Vec<Option<usize>>],
    ) {
        for (r, row) in rows.iter().enumerate() {
            let Some(parts) = &row.sum else { continue };
            for c in 0..columns.len() {
                self.sums.push(Sum {
                    total: items[r][c],
                    parts: parts.iter().map(|&p| items[p][c]).collect(),
                });
                if let Some(total) = fte[r][c] {
                    // Checked: the parts of a part-time total are part-time.
                    let parts = parts.iter().filter_map(|&p| fte[p][c]).collect();
                    self.sums.push(Sum { total, parts });
                }
            }
        }
        for (c, col) in columns.iter().enumerate() {
            if let Some(parts) = &col.sum {
                for row in items {
                    self.sums.push(Sum {
                        total: row[c],
                        parts: parts.iter().map(|&p| row[p]).collect(),
                    });
                }
            }
        }
    }

    /// A section table's own keys: its total row (a list's, labelled as the form's totals
    /// unless it says), unit, share and note.
    fn section_options(
        &mut self,
        spec: &FormSpec,
        index: usize,
        ts: &TableSpec,
        checked: &CheckedTable,
    ) -> Result<(), FormError> {
        let layout = checked.input.layout;
        let total_label = match layout {
            Layout::List => Some(ts.total.clone().unwrap_or_else(|| spec.total.clone())),
            _ => ts.total.clone(),
        };
        if let (Layout::List, Some(total)) = (layout, &total_label) {
            let count = ts.count.as_deref().unwrap_or("件数");
            self.list_totals(index, total, count)
                .map_err(|e| e.at(&[Key("count")]))?;
        }
        let table = &mut self.tables[index];
        table.unit = ts.unit.clone();
        table.share = ts.share.clone();
        table.total_label = total_label;
        table.distinct_note = ts.distinct_note.clone();
        Ok(())
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
                (format!("{}_kensu", table.id), Kind::Rows, data_label(count))
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

    /// The item an id of the table `table` names.
    fn lookup(&self, table: &str, id: &str) -> Result<usize, FormError> {
        self.by_id
            .get(id)
            .copied()
            .ok_or_else(|| FormError::UnknownItem {
                table: table.to_string(),
                item: id.to_string(),
            })
    }

    /// An item of a list (`headlines`, `trend`, a series' `items`), found at its place.
    fn find(&self, id: &str, at: &[Seg]) -> Result<usize, FormError> {
        self.lookup("headlines/charts", id).map_err(|e| e.at(at))
    }

    /// A table's `overlap_of`, `breakdown_of` and `abuse_of`: its total (or its counts)
    /// against the item named.
    fn case_relations(
        &self,
        index: usize,
        ts: &TableSpec,
        here: &[Seg],
    ) -> Result<Vec<Relation>, FormError> {
        let table = &self.tables[index];
        let totals: Vec<usize> = self.sums.iter().map(|s| s.total).collect();
        let row_total =
            (table.all_items()).find(|i| totals.contains(i) && self.items[*i].kind == Kind::Total);
        let counts: Vec<usize> = (table.all_items())
            .filter(|&i| self.items[i].kind == Kind::Count)
            .collect();
        let mut out = Vec::new();
        for (kind, of, key) in [
            (RelationKind::Overlap, &ts.overlap_of, "overlap_of"),
            (RelationKind::Breakdown, &ts.breakdown_of, "breakdown_of"),
            (RelationKind::Abuse, &ts.abuse_of, "abuse_of"),
        ] {
            let Some(of) = of else { continue };
            let left = match (kind, row_total) {
                (RelationKind::Abuse, _) | (_, None) => counts.clone(),
                (_, Some(total)) => vec![total],
            };
            let right = (self.lookup(&ts.id, of)).map_err(|e| e.at(&[Key(key)]).at(here))?;
            if left.is_empty() {
                // A table of one total column: no count to compare.
                let what = crate::i18n::Text::new(
                    format!(
                        "{key}「{of}」と比べる件数がこの表にありません(計のほかに件数の列か行が必要です)"
                    ),
                    format!(
                        "{key} '{of}': the table has no count to compare with it (it needs count columns or rows besides its total)"
                    ),
                );
                let table = ts.id.to_string();
                return Err(FormError::Table { table, what }.at(&[Key(key)]).at(here));
            }
            out.push(Relation {
                kind,
                left,
                minus: vec![],
                right: Bound::Item(right),
                table: index,
                label: None,
            });
        }
        Ok(out)
    }

    /// A providers table's program columns linked to the plan items they are checked against.
    fn provider_links(
        &mut self,
        index: usize,
        ts: &TableSpec,
        here: &[Seg],
    ) -> Result<(), FormError> {
        for (c, spec) in ts.columns.iter().enumerate() {
            let link = |id: &Option<String>, key| {
                (id.as_deref())
                    .map(|id| self.lookup(&ts.id, id))
                    .transpose()
                    .map_err(|e| e.at(&[Key("columns"), Index(c), Key(key)]).at(here))
            };
            let plans = link(&spec.plans, "plans")?;
            let count = link(&spec.providers, "providers")?;
            let axis = &mut self.tables[index].columns[c + 1];
            axis.plans = plans;
            axis.providers = count;
        }
        Ok(())
    }

    /// 再掲: each cell of an included row (column) is at most its parent's.
    fn within_relations(&self) -> Vec<Relation> {
        let mut out = Vec::new();
        for (index, table) in self.tables.iter().enumerate() {
            for (r, axis) in table.rows.iter().enumerate() {
                let Some(parent) = axis.of else { continue };
                for c in 0..table.columns.len() {
                    out.push(within(index, table.items[r][c], table.items[parent][c]));
                }
            }
            for (c, axis) in table.columns.iter().enumerate() {
                let Some(parent) = axis.of else { continue };
                for r in 0..table.items.len() {
                    out.push(within(index, table.items[r][c], table.items[r][parent]));
                }
            }
        }
        out
    }

    /// The form's own relations, across tables. A `*` in a relation's ids stands for the same
    /// id part on every side: one relation per part for which every named item exists (a
    /// grid's 合計 row against another's, column by column).
    fn form_relations(&self, checked: &[CheckedRelation]) -> Result<Vec<Relation>, FormError> {
        let mut instances = Vec::new();
        for rel in checked {
            let parts = wildcard_parts(rel.spec, &self.items).map_err(|what| {
                FormError::Table {
                    table: "relation".into(),
                    what,
                }
                .at(&[Key("relation"), Index(rel.index), Key("left")])
            })?;
            match parts {
                None => instances.push((rel, None)),
                Some(parts) => instances.extend(parts.into_iter().map(|p| (rel, Some(p)))),
            }
        }
        (instances.into_iter())
            .map(|(rel, part)| self.form_relation(rel, part.as_deref()))
            .collect()
    }

    /// One relation, its `*` (if any) standing for `part`.
    fn form_relation(
        &self,
        rel: &CheckedRelation,
        part: Option<&str>,
    ) -> Result<Relation, FormError> {
        let here = |key: &'static str| {
            move |e: FormError| e.at(&[Key("relation"), Index(rel.index), Key(key)])
        };
        let named = |id: &str| match part {
            Some(p) => id.replacen('*', p, 1),
            None => id.to_string(),
        };
        let (mut left, mut minus) = (Vec::new(), Vec::new());
        for (li, id) in rel.spec.left.iter().enumerate() {
            let at = |e: FormError| {
                e.at(&[Index(li)])
                    .at(&[Key("relation"), Index(rel.index), Key("left")])
            };
            match id.strip_prefix('-') {
                Some(id) => minus.push(self.lookup("relation", &named(id.trim())).map_err(at)?),
                None => left.push(self.lookup("relation", &named(id.trim())).map_err(at)?),
            }
        }
        let right = match &rel.spec.right {
            RightSpec::Item(id) => {
                Bound::Item(self.lookup("relation", &named(id)).map_err(here("right"))?)
            }
            // Checked: finite.
            RightSpec::Number(n) => Bound::Number(*n),
        };
        let table = match (left.first().or(minus.first()), right) {
            (Some(&i), _) | (None, Bound::Item(i)) => self.items[i].table,
            (None, Bound::Number(_)) => 0,
        };
        Ok(Relation {
            kind: rel.kind,
            left,
            minus,
            right,
            table,
            label: rel.spec.label.clone(),
        })
    }

    /// The figures of 推移, and the names the form gives some of them.
    fn headlines(
        &self,
        spec: &FormSpec,
    ) -> Result<(Vec<usize>, HashMap<usize, String>), FormError> {
        let mut labels = HashMap::new();
        let mut headlines = Vec::with_capacity(spec.headlines.len());
        for (i, h) in spec.headlines.iter().enumerate() {
            let at = [Key("headlines"), Index(i)];
            match h {
                HeadlineSpec::Item(id) => headlines.push(self.find(id, &at)?),
                HeadlineSpec::Labeled { item, label } => {
                    let i = self.find(item, &at)?;
                    labels.insert(i, label.clone());
                    headlines.push(i);
                }
            }
        }
        Ok((headlines, labels))
    }

    /// The charts, each series' items found; a series without a label is named by its first
    /// item's row (a one-column table's) or column.
    fn charts(&self, spec: &FormSpec) -> Result<Vec<Chart>, FormError> {
        let mut charts = Vec::new();
        for (ci, c) in spec.chart.iter().enumerate() {
            let mut series = Vec::new();
            for (si, sp) in c.series.iter().enumerate() {
                let here = [Key("chart"), Index(ci), Key("series"), Index(si)];
                let items = (sp.items.iter().enumerate())
                    .map(|(k, id)| {
                        self.find(id, &[here.as_slice(), &[Key("items"), Index(k)]].concat())
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let label = match (&sp.label, items.first()) {
                    (Some(l), _) => l.clone(),
                    (None, Some(&i)) => {
                        let it = &self.items[i];
                        if self.tables[it.table].columns.len() == 1 {
                            it.row_label.clone()
                        } else {
                            it.column_label.clone()
                        }
                    }
                    (None, None) => String::new(),
                };
                series.push(Series { label, items });
            }
            charts.push(Chart {
                title: c.title.to_string(),
                series,
            });
        }
        Ok(charts)
    }
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
