//! `providers.match`: a center's provider list sums, per program, to its 委託作成件数, and the
//! providers with plans number its 委託事業所数. Which columns link to which items is the form's.

use super::value;
use crate::findings::{Finding, fmt_count, rule};
use crate::form::Form;
use crate::i18n::Text;
use crate::read::Submission;

pub fn check(form: &Form, sub: &Submission, out: &mut Vec<Finding>) {
    let Some(t) = form.providers else { return };
    let table = &form.tables[t];
    if sub.providers.iter().any(|l| l.unreadable) || sub.any_unreadable(table.all_items()) {
        return; // a count on the list could not be read: its finding comes first
    }
    for (c, axis) in table.columns.iter().enumerate().skip(1) {
        let program = axis.joined();
        let counts = sub.providers.iter().map(|l| l.counts[c - 1].unwrap_or(0.0));
        if let Some(plans) = axis.plans.filter(|&i| !sub.unreadable[i]) {
            let listed: f64 = counts.clone().sum();
            let stated = value(form, sub, plans);
            if (listed - stated).abs() > 1e-9 {
                out.push(
                    Finding::error(
                        rule::PROVIDERS_MATCH,
                        sub.item_place(plans),
                        Text::new(
                            format!("{}は {} 件ですが、委託先一覧の{}の合計は {} 件です。一覧か件数を確かめてください。",
                                form.describe(plans), fmt_count(stated), program, fmt_count(listed)),
                            format!("{} is {} but the provider list's {} adds up to {}. Check the list or the count.",
                                form.describe(plans), fmt_count(stated), program, fmt_count(listed)),
                        ),
                    )
                    .values(fmt_count(listed), fmt_count(stated)),
                );
            }
        }
        if let Some(providers) = axis.providers.filter(|&i| !sub.unreadable[i]) {
            let listed = counts.filter(|&v| v > 0.0).count() as f64;
            let stated = value(form, sub, providers);
            if (listed - stated).abs() > 1e-9 {
                out.push(
                    Finding::error(
                        rule::PROVIDERS_MATCH,
                        sub.item_place(providers),
                        Text::new(
                            format!(
                                "{}は {} ですが、委託先一覧で{}の件数がある事業所は {} か所です。一覧か事業所数を確かめてください。",
                                form.describe(providers),
                                fmt_count(stated),
                                program,
                                fmt_count(listed)
                            ),
                            format!(
                                "{} is {} but {} providers in the list have {} plans. Check the list or the number.",
                                form.describe(providers),
                                fmt_count(stated),
                                fmt_count(listed),
                                program
                            ),
                        ),
                    )
                    .values(fmt_count(listed), fmt_count(stated)),
                );
            }
        }
    }
}
