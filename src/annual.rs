//! A fiscal year from its periods: the annual report (`compile --fiscal-year 2023`) is built
//! from a year of month, quarter or half-year submissions. Amounts of the period (`amounts =
//! "flow"` tables) are summed over the year; totals since April (year-to-date, the default)
//! and the staffing are taken from the last period, when the year is complete.

use crate::era::{Cadence, Period};
use crate::form::{Form, Layout};
use crate::model::{ProviderLine, Snapshot, Submission};

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

/// The year of each center that sent anything: flows summed over the periods, everything else
/// from its last period. `periods` are in order; each holds one submission per center.
pub fn aggregate(form: &Form, periods: &[Snapshot]) -> Vec<Submission> {
    let flow: Vec<bool> = form
        .items
        .iter()
        .map(|i| {
            // A list (meetings) is the last period's: a year's lists are not summed row by row.
            let t = &form.tables[i.table];
            t.flow && !matches!(t.layout, Layout::Staffing | Layout::List)
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
            Some(year)
        })
        .collect()
}

/// Provider lines summed by name over the periods (a flow list).
fn sum_providers(subs: &[&Submission]) -> Vec<ProviderLine> {
    let mut out: Vec<ProviderLine> = Vec::new();
    for sub in subs {
        for line in &sub.providers {
            match out.iter_mut().find(|l| l.name == line.name) {
                Some(l) => {
                    for (a, b) in l.counts.iter_mut().zip(&line.counts) {
                        *a = match (*a, *b) {
                            (None, None) => None,
                            (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
                        };
                    }
                    l.unreadable |= line.unreadable;
                    l.origin = line.origin;
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
