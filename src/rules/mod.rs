//! Rules turn submissions into findings. Each family is one file; every relation they check
//! comes from the form (sums, breakdowns, provider links) or the profile (staffing, caps), never
//! from a list written here.

mod blank;
mod coverage;
mod cumulative;
mod pacing;
mod providers;
mod staffing;
mod sums;

pub use blank::{blank_file, is_blank};
pub use coverage::{accept, check_period, run_period};

use crate::era::Period;
use crate::findings::Finding;
use crate::form::{Form, Kind};
use crate::profile::Profile;
use crate::read::Submission;

/// The value of an item as the report uses it: what was read, a blank count as 0, a total that
/// was not given as the sum of its parts.
pub fn value(form: &Form, sub: &Submission, item: usize) -> f64 {
    match sub.values[item] {
        Some(v) => v,
        None if form.items[item].kind == Kind::Total => form
            .sums
            .iter()
            .find(|s| s.total == item)
            .map_or(0.0, |s| s.parts.iter().map(|&p| value(form, sub, p)).sum()),
        None => 0.0,
    }
}

/// The sum of an item's parts, if it is a total.
pub fn parts_sum(form: &Form, sub: &Submission, item: usize) -> Option<f64> {
    form.sums
        .iter()
        .find(|s| s.total == item)
        .map(|s| s.parts.iter().map(|&p| value(form, sub, p)).sum())
}

/// Whether a total was given and disagrees with its parts.
pub fn total_disagrees(form: &Form, sub: &Submission, item: usize) -> bool {
    match (sub.values[item], parts_sum(form, sub, item)) {
        (Some(given), Some(sum)) => (given - sum).abs() > 1e-9,
        _ => false,
    }
}

/// Every rule over the accepted submissions (one per center).
pub fn check(
    profile: &Profile,
    period: Option<Period>,
    subs: &[Submission],
    previous: Option<&crate::run::Snapshot>,
) -> Vec<Finding> {
    let mut findings = providers::names(profile, subs);
    for sub in subs {
        let center = &profile.centers[sub.center];
        let mut found = Vec::new();
        blank::tables(&profile.form, sub, &mut found);
        sums::check(&profile.form, sub, &mut found);
        staffing::check(profile, sub, &mut found);
        staffing::each_profession(profile, sub, &mut found);
        providers::check(&profile.form, sub, &mut found);
        providers::occupancy(profile, sub, &mut found);
        if let Some(period) = period {
            pacing::check(profile, period, sub, &mut found);
            if let Some(previous) = previous {
                cumulative::check(profile, period, sub, previous, &mut found);
            }
        }
        findings.extend(
            found
                .into_iter()
                .map(|f: Finding| f.center(Some(&center.short))),
        );
    }
    findings
}
