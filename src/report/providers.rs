//! The list of contracted providers (委託先事業所一覧): the centers' lists merged by normalised
//! name, in the order the city lists its providers, then new ones as the centers name them.

use super::{Report, SHEET_PROVIDERS};
use crate::grid::{Cached, Content, Sheet, Style, a1};
use crate::layout;
use crate::model::{NAME_COLUMN, Submission};
use crate::profile::Profile;
use std::collections::HashMap;

/// One provider, over all centers.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedProvider {
    pub name: String,
    /// Per column of the providers table after the name (programs, then total): the sum over
    /// centers of what they listed. A total column holds the sum of the programs. Read it by
    /// the table's column through [`MergedProvider::count`].
    pub counts: Vec<f64>,
    /// Which centers delegated to it (indices into the profile's centers).
    pub centers: Vec<usize>,
}

impl MergedProvider {
    /// The count in a column of the providers table (0 in the name column).
    pub fn count(&self, column: usize) -> f64 {
        column
            .checked_sub(NAME_COLUMN + 1)
            .and_then(|c| self.counts.get(c))
            .copied()
            .unwrap_or(0.0)
    }

    fn count_mut(&mut self, column: usize) -> Option<&mut f64> {
        self.counts.get_mut(column.checked_sub(NAME_COLUMN + 1)?)
    }
}

pub fn merge_providers(profile: &Profile, subs: &[Submission]) -> Vec<MergedProvider> {
    let form = &profile.form;
    let Some(t) = form.providers else {
        return Vec::new();
    };
    let table = &form.tables[t];
    let width = table.columns.len() - (NAME_COLUMN + 1);
    let mut merged: Vec<MergedProvider> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut order = subs.iter().collect::<Vec<_>>();
    order.sort_by_key(|s| s.center);
    for sub in order {
        for line in &sub.providers {
            // A known provider is merged under the city's spelling; another by its key, under
            // the first spelling a center used (the providers rules say which were merged).
            let known = profile.provider(&line.name);
            let key = known.map_or_else(|| crate::names::key(&line.name), |k| format!("#{k}"));
            let i = *index.entry(key).or_insert_with(|| {
                merged.push(MergedProvider {
                    name: known
                        .map_or_else(|| line.name.clone(), |k| profile.provider_order[k].clone()),
                    counts: vec![0.0; width],
                    centers: Vec::new(),
                });
                merged.len() - 1
            });
            let m = &mut merged[i];
            for (c, axis) in table.columns.iter().enumerate().skip(NAME_COLUMN + 1) {
                if let (None, Some(count)) = (&axis.sum, m.count_mut(c)) {
                    *count += line.count(c);
                }
            }
            if !m.centers.contains(&sub.center) {
                m.centers.push(sub.center);
            }
        }
    }
    for m in &mut merged {
        for (c, axis) in table.columns.iter().enumerate().skip(NAME_COLUMN + 1) {
            if let Some(parts) = &axis.sum {
                let sum = parts.iter().map(|&p| m.count(p)).sum();
                if let Some(count) = m.count_mut(c) {
                    *count = sum;
                }
            }
        }
    }
    // The city's order first (and its spelling of the name), then the rest as first named.
    let mut keyed: Vec<(usize, usize, MergedProvider)> = merged
        .into_iter()
        .enumerate()
        .map(|(seen, m)| (profile.provider(&m.name).unwrap_or(usize::MAX), seen, m))
        .collect();
    keyed.sort_by_key(|(rank, seen, _)| (*rank, *seen));
    keyed.into_iter().map(|(_, _, m)| m).collect()
}

/// The provider sheet, with where its program columns are (for COUNTIF notes elsewhere).
pub struct ProviderSheet {
    pub sheet: Sheet,
    pub first: u32,
    pub last: u32,
    /// Sheet column of each providers-table column (index 0: the name).
    pub columns: Vec<u16>,
}

pub fn sheet(r: &Report) -> ProviderSheet {
    let form = r.form;
    let mut s = Sheet::new(SHEET_PROVIDERS);
    r.page(&mut s, false);
    s.text(0, 0, &r.title, Style::Title);
    let Some(t) = form.providers else {
        return ProviderSheet {
            sheet: s,
            first: 1,
            last: 0,
            columns: Vec::new(),
        };
    };
    let table = &form.tables[t];
    let mut row = 2;
    for (style, text) in layout::headings_before(form, t) {
        s.text(row, 0, text, style);
        row += 1;
    }
    if let Some(note) = &r.profile.providers_note {
        s.text(row, 0, note, Style::Note);
        row += 1;
    }
    let columns: Vec<u16> = (0..table.columns.len()).map(|c| 1 + c as u16).collect();
    s.text(row, 0, "No.", Style::Header);
    for (c, axis) in table.columns.iter().enumerate() {
        s.text(
            row,
            columns[c],
            r.labels.render(&axis.joined()),
            Style::Header,
        );
    }
    s.height(row, 32.0);
    s.page.repeat_rows = Some((row, row));
    row += 1;
    let first = row;
    for (i, p) in r.providers.iter().enumerate() {
        s.number(row, 0, (i + 1) as f64, Style::LabelCenter);
        s.text(row, columns[0], &p.name, Style::Text);
        for (c, axis) in table.columns.iter().enumerate().skip(NAME_COLUMN + 1) {
            let col = columns[c];
            match &axis.sum {
                Some(parts) => {
                    let cells: Vec<(u32, u16)> = parts.iter().map(|&p| (row, columns[p])).collect();
                    s.formula(
                        row,
                        col,
                        crate::grid::sum_formula(&cells),
                        Cached::Number(p.count(c)),
                        Style::Count,
                    );
                }
                None => s.number(row, col, p.count(c), Style::Count),
            }
        }
        row += 1;
    }
    let last = row - 1;
    s.merge(
        (row, 0),
        (row, 1),
        Content::Text(table.total_label.clone().unwrap_or_default()),
        Style::TotalLabel,
    );
    for (c, &col) in columns.iter().enumerate().skip(NAME_COLUMN + 1) {
        let total: f64 = r.providers.iter().map(|p| p.count(c)).sum();
        let formula = if r.providers.is_empty() {
            "=0".to_string()
        } else {
            format!("=SUM({}:{})", a1(first, col), a1(last, col))
        };
        s.formula(row, col, formula, Cached::Number(total), Style::TotalCount);
    }
    s.width(0, 5.0);
    s.width(1, 46.0);
    for c in 2..=table.columns.len() as u16 {
        s.width(c, 13.0);
    }
    ProviderSheet {
        sheet: s,
        first,
        last,
        columns,
    }
}
