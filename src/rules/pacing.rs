//! `pacing` (info): a yearly target (地域ケア会議 about 12 a year, 推進会議 2, as 釧路市's policy
//! sets them) against the months of the fiscal year gone by; a center far behind gets a word.

use crate::era::Period;
use crate::findings::{Finding, fmt_count, rule};
use crate::i18n::Text;
use crate::model::Submission;
use crate::model::value;
use crate::profile::Profile;

pub fn check(profile: &Profile, period: Period, sub: &Submission, out: &mut Vec<Finding>) {
    let form = &profile.form;
    let months = period.months_into_fiscal_year();
    for p in &profile.pacing {
        if sub.unreadable[p.item] {
            continue;
        }
        let pace = p.per_year * f64::from(months) / 12.0;
        let actual = value(form, sub, p.item);
        if actual < pace * p.behind {
            let what = form.describe(p.item);
            // The finding's expected value is the pace its text gives; the text also says the
            // share of it under which a center is named.
            let expected = fmt_count(pace.round());
            let share = fmt_count((p.behind * 100.0).round());
            out.push(
                Finding::info(
                    rule::PACING,
                    sub.item_place(p.item),
                    Text::new(
                        format!(
                            "{what}は {} 回です。年 {} 回の目安では{}({} か月)までに約 {expected} 回のペースで、その {share}% にも届いていません。今後の予定を確かめてください。",
                            fmt_count(actual), fmt_count(p.per_year), period.wareki(), months
                        ),
                        format!(
                            "{what} is {}. At {} a year, about {expected} would be expected by {} ({} months), and it is under {share}% of that: check the plans for the rest of the year.",
                            fmt_count(actual), fmt_count(p.per_year), period, months
                        ),
                    ),
                )
                .values(format!("約 {expected}"), fmt_count(actual)),
            );
        }
    }
}
