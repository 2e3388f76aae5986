//! `cumulative`: the activity tables are year-to-date (年度累計), so within a fiscal year no
//! value can be smaller than last month's. April starts a new year and is not compared.

use crate::findings::{Finding, fmt_count, rule};
use crate::i18n::Text;
use crate::model::Snapshot;
use crate::model::Submission;
use crate::model::value;
use crate::profile::Profile;

pub fn check(
    profile: &Profile,
    period: crate::era::Period,
    sub: &Submission,
    previous: &Snapshot,
    out: &mut Vec<Finding>,
) {
    if previous.period.fiscal_year() != period.fiscal_year() || previous.period >= period {
        return;
    }
    let Some(before) = previous.of_center(sub.center) else {
        return;
    };
    let form = &profile.form;
    for t in form.activity_tables() {
        let table = &form.tables[t];
        if table.has_lines() || table.flow {
            continue;
        }
        for item in table.all_items() {
            if sub.unreadable[item] || before.unreadable[item] {
                continue;
            }
            let (now, then) = (value(form, sub, item), value(form, before, item));
            if now < then {
                let what = form.describe(item);
                out.push(
                    Finding::error(
                        rule::CUMULATIVE,
                        sub.item_place(item),
                        Text::new(
                            format!(
                                "{what}は年度累計ですが {} で、前月({}末)の {} より少なくなっています。累計(4月からの合計)で入力されているか確かめてください。",
                                fmt_count(now), previous.period.wareki(), fmt_count(then)
                            ),
                            format!(
                                "{what} is a fiscal-year-to-date figure but is {}, less than last month's {} ({}). Check that it is entered as the total since April.",
                                fmt_count(now), fmt_count(then), previous.period
                            ),
                        ),
                    )
                    .values(format!(">= {}", fmt_count(then)), fmt_count(now)),
                );
            }
        }
    }
}
