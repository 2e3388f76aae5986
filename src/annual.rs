//! A fiscal year from its periods: the annual report (`compile --fiscal-year 2023`) is built
//! from a year of month, quarter or half-year submissions. Amounts of the period (`amounts =
//! "flow"` tables) are summed over the year; totals since April (year-to-date, the default)
//! and the staffing are taken from the last period, when the year is complete.

use crate::era::{Cadence, Period};
use crate::findings::{Finding, Location, rule};
use crate::form::Form;
use crate::i18n::Text;
use crate::model::{ListRow, Snapshot, Submission};
use crate::profile::Profile;

/// The periods of a fiscal year in the form's cadence, April first.
pub fn periods_of(fiscal_year: i32, cadence: Cadence) -> Vec<Period> {
    let step = cadence.months();
    (1..=12 / step)
        .map(|n| {
            let end = 3 + n * step;
            let (year, month) = if end > 12 {
                (fiscal_year + 1, end - 12)
            } else {
                (fiscal_year, end)
            };
            Period {
                year,
                month,
                cadence,
            }
        })
        .collect()
}

/// The year of each center that sent anything: flows summed over the periods, a flow list's
/// lines joined in period order, everything else from its last period. `periods` are in order;
/// each holds one submission per center. A joined list longer than the form's `capacity` is a
/// finding (the lines past it are not in the year).
pub fn aggregate(profile: &Profile, periods: &[Snapshot]) -> (Vec<Submission>, Vec<Finding>) {
    let form = &profile.form;
    let mut found = Vec::new();
    let years = aggregate_values(form, periods);
    let years = years
        .into_iter()
        .map(|(mut year, subs)| {
            for (t, table) in form.tables.iter().enumerate() {
                if table.has_lines() && table.flow {
                    let center = &profile.centers[year.center].short;
                    found.extend(join_lines(form, t, &mut year, &subs, center));
                }
            }
            year
        })
        .collect();
    (years, found)
}

/// A flow list's lines of every period, in order, in the year's slots; a finding when they
/// do not fit.
fn join_lines(
    form: &Form,
    t: usize,
    year: &mut Submission,
    subs: &[&Submission],
    center: &str,
) -> Option<Finding> {
    let table = &form.tables[t];
    let lines: Vec<(&Submission, &Vec<usize>)> = subs
        .iter()
        .flat_map(|s| {
            table
                .items
                .iter()
                .filter(|cols| cols.iter().any(|&i| s.filled(i)))
                .map(move |cols| (*s, cols))
        })
        .collect();
    for (slot, cols) in table.items.iter().enumerate() {
        for (c, &item) in cols.iter().enumerate() {
            let line = lines.get(slot).map(|(s, from)| (*s, from[c]));
            year.values[item] = line.and_then(|(s, i)| s.values[i]);
            year.texts
                .set(item, line.and_then(|(s, i)| s.texts.get(i).cloned()));
            year.origins[item] = None;
            year.unreadable[item] = line.is_some_and(|(s, i)| s.unreadable[i]);
        }
    }
    let (n, capacity) = (lines.len(), table.items.len());
    (n > capacity).then(|| {
        let name = &form.items[table.items[0][0]].section_label;
        Finding::error(
            rule::INPUT,
            Location::file(&year.file),
            Text::new(
                format!(
                    "{name}は各期の行を合わせると {n} 行で、様式の行数 {capacity} を超えます。年度の一覧に入りきらないので、様式の capacity を {n} 以上にしてください。"
                ),
                format!(
                    "{name} has {n} lines over the periods, more than the form's {capacity}: raise the list's capacity to at least {n} for the year."
                ),
            ),
        )
        .center(Some(center))
        .values(capacity as f64, n as f64)
    })
}

/// Each center's year with its flows summed, and the periods it was made from.
fn aggregate_values<'a>(
    form: &Form,
    periods: &'a [Snapshot],
) -> Vec<(Submission, Vec<&'a Submission>)> {
    let flow: Vec<bool> = form
        .items
        .iter()
        .map(|i| {
            // A list's lines are joined, not summed slot by slot (see join_lines).
            let t = &form.tables[i.table];
            t.flow && !t.is_headcount() && !t.has_lines()
        })
        .collect();
    let mut centers: Vec<usize> = periods
        .iter()
        .flat_map(|p| p.submissions.iter().map(|s| s.center))
        .collect();
    centers.sort_unstable();
    centers.dedup();
    let providers_flow = form.providers.is_some_and(|t| form.tables[t].flow);
    centers
        .into_iter()
        .filter_map(|center| {
            let subs: Vec<&Submission> =
                periods.iter().filter_map(|p| p.of_center(center)).collect();
            let last = *subs.last()?;
            let mut year = last.clone();
            for (i, is_flow) in flow.iter().enumerate() {
                if !is_flow {
                    continue;
                }
                let values: Vec<f64> = subs.iter().filter_map(|s| s.values[i]).collect();
                year.values[i] = (!values.is_empty()).then(|| values.iter().sum());
                year.unreadable[i] = subs.iter().any(|s| s.unreadable[i]);
            }
            if providers_flow {
                year.providers = sum_providers(&subs);
            }
            Some((year, subs))
        })
        .collect()
}

/// Provider lines summed by name over the periods (a flow list).
fn sum_providers(subs: &[&Submission]) -> Vec<ListRow> {
    let mut out: Vec<ListRow> = Vec::new();
    for sub in subs {
        for line in &sub.providers {
            match out.iter_mut().find(|l| l.name == line.name) {
                Some(l) => {
                    for (a, b) in l.counts.iter_mut().zip(line.counts.iter()) {
                        *a = match (*a, *b) {
                            (None, None) => None,
                            (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
                        };
                    }
                    l.unreadable |= line.unreadable;
                    l.origins = line.origins.clone();
                }
                None => out.push(line.clone()),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fiscal_year_has_its_periods_from_april() {
        let q = periods_of(2023, Cadence::Quarter);
        let names: Vec<String> = q.iter().map(|p| p.to_string()).collect();
        assert_eq!(names, ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]);
        assert_eq!((q[3].year, q[3].month), (2024, 3));
        let m = periods_of(2023, Cadence::Month);
        assert_eq!(m.len(), 12);
        assert_eq!(
            (m[0].year, m[0].month, m[11].year, m[11].month),
            (2023, 4, 2024, 3)
        );
        assert_eq!(periods_of(2023, Cadence::Half).len(), 2);
    }
}
