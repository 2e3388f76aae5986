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
pub use coverage::{accept, check_period, run_period, stated_period};

use crate::era::Period;
use crate::findings::Finding;
use crate::model::Submission;
use crate::profile::Profile;

/// Every rule over the accepted submissions (one per center).
pub fn check(
    profile: &Profile,
    period: Option<Period>,
    subs: &[Submission],
    previous: Option<&crate::model::Snapshot>,
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
