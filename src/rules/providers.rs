//! `providers.match`: a center's provider list sums, per program, to its 委託作成件数, and the
//! providers with plans number its 委託事業所数. Which columns link to which items is the form's.

use crate::findings::{Finding, fmt_count, rule};
use crate::form::Form;
use crate::i18n::Text;
use crate::model::{ListRow, NAME_COLUMN, Submission, value};
use crate::profile::Profile;

pub fn check(form: &Form, sub: &Submission, out: &mut Vec<Finding>) {
    let Some(t) = form.providers else { return };
    let table = &form.tables[t];
    if sub.providers.iter().any(|l| l.unreadable) || sub.any_unreadable(table.all_items()) {
        return; // a count on the list could not be read: its finding comes first
    }
    for (c, axis) in table.columns.iter().enumerate().skip(NAME_COLUMN + 1) {
        let program = axis.joined();
        let counts = sub.providers.iter().map(|l| l.count(c));
        if let Some(plans) = axis.plans.filter(|&i| !sub.unreadable[i]) {
            let listed: f64 = counts.clone().sum();
            let stated = value(form, sub, plans);
            if (listed - stated).abs() > 1e-9 {
                out.push(
                    Finding::error(
                        rule::PROVIDERS_MATCH,
                        sub.item_place(plans),
                        crate::findings::plans_text(
                            &form.describe(plans),
                            &fmt_count(stated),
                            &program,
                            &fmt_count(listed),
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
                        crate::findings::providers_count_text(
                            &form.describe(providers),
                            &fmt_count(stated),
                            &program,
                            &fmt_count(listed),
                        ),
                    )
                    .values(fmt_count(listed), fmt_count(stated)),
                );
            }
        }
    }
}

/// `providers.occupancy` (warning): one provider's share of a center's delegated plans above
/// the profile's cap (002: 50%; 001: 委託先が特定の事業所に偏らないこと).
pub fn occupancy(profile: &Profile, sub: &Submission, out: &mut Vec<Finding>) {
    let form = &profile.form;
    let Some(t) = form.providers else { return };
    let table = &form.tables[t];
    if sub.providers.iter().any(|l| l.unreadable) {
        return;
    }
    let programs: Vec<usize> = (NAME_COLUMN + 1..table.columns.len())
        .filter(|&c| table.columns[c].sum.is_none())
        .collect();
    let plans = |l: &ListRow| -> f64 { programs.iter().map(|&c| l.count(c)).sum() };
    let total: f64 = sub.providers.iter().map(plans).sum();
    if total < profile.occupancy_min_plans || total == 0.0 {
        return;
    }
    let cap = profile.occupancy_cap;
    for line in &sub.providers {
        let share = plans(line) / total;
        if share > cap + 1e-12 {
            let pct = |v: f64| format!("{:.1}%", v * 100.0);
            out.push(
                Finding::warning(
                    rule::PROVIDERS_OCCUPANCY,
                    sub.place(line.name_origin()),
                    Text::new(
                        format!(
                            "委託先「{}」への委託が {} 件で、委託作成件数 {} 件の {} を占め、上限 {} を超えています。委託先が特定の事業所に偏らないよう確認してください。",
                            line.name, fmt_count(plans(line)), fmt_count(total), pct(share), pct(cap)
                        ),
                        format!(
                            "Provider \"{}\" has {} of the center's {} delegated plans ({}), above the cap of {}. Check that delegation is not concentrated on one provider.",
                            line.name, fmt_count(plans(line)), fmt_count(total), pct(share), pct(cap)
                        ),
                    ),
                )
                .values(format!("<= {}", pct(cap)), pct(share)),
            );
        }
    }
}

/// `providers.name`: every provider name a center typed, matched against the city's list of
/// providers (the profile's `[providers] order`) by [`crate::names::key`]. A name the city does
/// not know is a warning naming the closest known names; a name merged with another only
/// through that normalisation (width, spaces, ー, ㈱…) is an info, so nothing is merged silently.
pub fn names(profile: &Profile, subs: &[Submission]) -> Vec<Finding> {
    use std::collections::HashMap;
    let mut out = Vec::new();
    // The first spelling of each unknown key, and which center wrote it.
    let mut first: HashMap<String, (&str, usize)> = HashMap::new();
    for sub in subs {
        let center = profile.centers[sub.center].short.as_str();
        for line in &sub.providers {
            let typed = line.name.as_str();
            let at = sub.place(line.name_origin());
            if let Some(k) = profile.provider(typed) {
                let city = profile.provider_order[k].as_str();
                if typed != city {
                    out.push(
                        Finding::info(
                            rule::PROVIDERS_NAME,
                            at,
                            Text::new(
                                format!("委託先「{typed}」は、市の事業所一覧の「{city}」として集計しました(全角・半角、スペース、長音「ー」、株式会社の書き方などの違い)。"),
                                format!("Provider \"{typed}\" was counted as \"{city}\" of the city's list (it differs only in width, spaces, dashes or the company type)."),
                            ),
                        )
                        .center(Some(center))
                        .values(city, typed),
                    );
                }
                continue;
            }
            let key = crate::names::key(typed);
            match first.get(&key) {
                Some(&(earlier, by)) if earlier != typed => {
                    let by = profile.centers[by].short.as_str();
                    out.push(
                        Finding::info(
                            rule::PROVIDERS_NAME,
                            sub.place(line.name_origin()),
                            Text::new(
                                format!("委託先「{typed}」は、{by}の「{earlier}」と表記の違いだけなので、同じ事業所として集計しました。"),
                                format!("Provider \"{typed}\" differs from \"{earlier}\" ({by}) only in how it is written; they were counted as one provider."),
                            ),
                        )
                        .center(Some(center))
                        .values(earlier, typed),
                    );
                }
                Some(_) => {}
                None => {
                    first.insert(key, (typed, sub.center));
                }
            }
            if profile.provider_order.is_empty() {
                continue;
            }
            let near = crate::names::closest(typed, &profile.provider_order, 3);
            let (hint_ja, hint_en) = if near.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!("「{}」ではありませんか。", near.join("」「")),
                    format!(" Did you mean \"{}\"?", near.join("\", \"")),
                )
            };
            out.push(
                Finding::warning(
                    rule::PROVIDERS_NAME,
                    sub.place(line.name_origin()),
                    Text::new(
                        format!("委託先「{typed}」は市の事業所一覧(プロファイルの [providers] order)にありません。{hint_ja}名前を直すか、新しい委託先ならプロファイルに加えてください。"),
                        format!("Provider \"{typed}\" is not in the city's list of providers (the profile's [providers] order).{hint_en} Correct the name, or add a new provider to the profile."),
                    ),
                )
                .center(Some(center))
                .values(near.first().copied().unwrap_or(""), typed),
            );
        }
    }
    out
}
