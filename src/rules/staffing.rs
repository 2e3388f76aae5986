//! `staffing.required`: a contracted center's professional staff (保健師等 + 社会福祉士 +
//! 主任介護支援専門員, 常勤) against what the city requires for its first-insured population.
//! `staffing.fte`: a part-time headcount's full-time equivalent is above 0 and at most the
//! headcount (1.0 per person).

use crate::findings::{Finding, fmt_count, rule};
use crate::i18n::Text;
use crate::model::Submission;
use crate::model::value;
use crate::profile::Profile;

pub fn check(profile: &Profile, sub: &Submission, out: &mut Vec<Finding>) {
    let form = &profile.form;
    let Some(st) = &form.staffing else { return };
    let table = &form.tables[st.table];
    let center = &profile.centers[sub.center];

    if let Some(required) = profile.required_staff(center) {
        let row = &table.items[st.professional_total];
        let parts = form
            .sums
            .iter()
            .filter(|s| row.contains(&s.total))
            .flat_map(|s| s.parts.iter().copied());
        if sub.any_unreadable(row.iter().copied().chain(parts)) {
            return;
        }
        let have: f64 = row.iter().map(|&i| value(form, sub, i)).sum();
        if have < f64::from(required) {
            let note = center
                .required_note
                .as_deref()
                .map(|n| format!(" ※{n}"))
                .unwrap_or_default();
            let text = crate::findings::required_text(
                form,
                &fmt_count(have),
                required,
                center.population,
                &note,
            );
            out.push(
                Finding::error(rule::STAFFING_REQUIRED, sub.item_place(row[0]), text)
                    .values(format!(">= {required}"), fmt_count(have)),
            );
        }
    }

    for (r, axis) in table.rows.iter().enumerate() {
        if !axis.part_time || axis.sum.is_some() {
            continue;
        }
        for (c, &head) in table.items[r].iter().enumerate() {
            let Some(fte_item) = table.fte[r][c] else {
                continue;
            };
            if sub.any_unreadable([head, fte_item]) {
                continue;
            }
            let h = value(form, sub, head);
            let f = sub.values[fte_item];
            let what = form.describe(fte_item);
            let problem = match f {
                None | Some(0.0) if h > 0.0 => Some((
                    fte_item,
                    format!(
                        "{what}がありません。非常勤 {} 人の常勤換算(例: 0.7)を入力してください。",
                        fmt_count(h)
                    ),
                    format!(
                        "{what} is missing. Enter the full-time equivalent (e.g. 0.7) of the {} part-time staff.",
                        fmt_count(h)
                    ),
                )),
                Some(f) if h == 0.0 && f > 0.0 => Some((
                    head,
                    format!(
                        "{what}が {f} ですが、非常勤の人数が入っていません。人数を入力してください。"
                    ),
                    format!(
                        "{what} is {f} but no part-time headcount is given. Enter the headcount."
                    ),
                )),
                Some(f) if f > h => Some((
                    fte_item,
                    format!(
                        "{what}が {f} で、人数 {} 人を超えています。常勤換算は一人 1.0 までなので、数字を確かめてください。",
                        fmt_count(h)
                    ),
                    format!(
                        "{what} is {f}, more than the headcount of {}. A person counts at most 1.0: check the numbers.",
                        fmt_count(h)
                    ),
                )),
                _ => None,
            };
            if let Some((at, ja, en)) = problem {
                out.push(
                    Finding::error(rule::STAFFING_FTE, sub.item_place(at), Text::new(ja, en))
                        .values(
                            format!("0 < FTE <= {}", fmt_count(h)),
                            f.map_or(String::new(), |v| v.to_string()),
                        ),
                );
            }
        }
    }
}

/// `staffing.each-profession` (warning): each of the three professions (保健師等, 社会福祉士等,
/// 主任介護支援専門員等) staffed full-time as the national standard (介護保険法施行規則 第140条の66)
/// and the city's profile require; small populations need fewer (the profile's `relaxed`).
pub fn each_profession(profile: &Profile, sub: &Submission, out: &mut Vec<Finding>) {
    let form = &profile.form;
    let Some(st) = &form.staffing else { return };
    let table = &form.tables[st.table];
    let center = &profile.centers[sub.center];
    // The professions in form order, with their role label and the cell to point at.
    let named = form.professions();
    let professions: Vec<(&str, String, usize)> = named
        .iter()
        .filter_map(|(p, label)| {
            let r = table
                .rows
                .iter()
                .position(|a| a.profession.as_deref() == Some(p))?;
            Some((p.as_str(), label.clone(), table.items[r][0]))
        })
        .collect();
    if professions.is_empty() || sub.any_unreadable(table.all_items()) {
        return;
    }
    struct Staff {
        full: f64,
        part: f64,
        fte: f64,
    }
    let staff: Vec<Staff> = professions
        .iter()
        .map(|(p, _, _)| {
            let mut s = Staff {
                full: 0.0,
                part: 0.0,
                fte: 0.0,
            };
            for (r, axis) in table.rows.iter().enumerate() {
                if axis.profession.as_deref() != Some(p) || axis.sum.is_some() {
                    continue;
                }
                for (c, &i) in table.items[r].iter().enumerate() {
                    if axis.part_time {
                        s.part += value(form, sub, i);
                        s.fte += table.fte[r][c].map_or(0.0, |f| value(form, sub, f));
                    } else {
                        s.full += value(form, sub, i);
                    }
                }
            }
            s
        })
        .collect();
    let describe = |s: &Staff, label: &str| -> (String, String) {
        let part_ja = if s.part > 0.0 {
            format!("、非常勤 {} 人(常勤換算 {})", fmt_count(s.part), s.fte)
        } else {
            String::new()
        };
        let part_en = if s.part > 0.0 {
            format!(", part-time {} ({} FTE)", fmt_count(s.part), s.fte)
        } else {
            String::new()
        };
        (
            format!("{label} 常勤 {} 人{part_ja}", fmt_count(s.full)),
            format!("{label} full-time {}{part_en}", fmt_count(s.full)),
        )
    };
    let pop = center.population;
    let std_ja = "介護保険法施行規則第140条の66";
    let relaxed = &profile.professions.relaxed;
    let tier = relaxed.iter().position(|r| pop < r.below);
    // The population bracket that applied, for the message: 1,000〜2,000人未満, 3,000人以上.
    let from = tier
        .unwrap_or(relaxed.len())
        .checked_sub(1)
        .map(|i| relaxed[i].below);
    let to = tier.map(|i| relaxed[i].below);
    let fmt = |n: u32| fmt_count(f64::from(n));
    let (tier_ja, tier_en) = match (from, to) {
        (None, Some(t)) => (
            format!("{}人未満の区分", fmt(t)),
            format!("the bracket below {}", fmt(t)),
        ),
        (Some(f), Some(t)) => (
            format!("{}〜{}人未満の区分", fmt(f), fmt(t)),
            format!("the bracket {}-{}", fmt(f), fmt(t)),
        ),
        (Some(f), None) => (
            format!("{}人以上の区分", fmt(f)),
            format!("the bracket from {}", fmt(f)),
        ),
        (None, None) => ("全センター共通".to_string(), "every center".to_string()),
    };
    if let Some(r) = tier.map(|i| &relaxed[i]) {
        let present = staff.iter().filter(|s| s.full + s.part > 0.0).count() as u32;
        let with_full = staff.iter().filter(|s| s.full > 0.0).count() as u32;
        let needed_missing: Vec<&str> = professions
            .iter()
            .zip(&staff)
            .filter(|((p, _, _), s)| r.need.iter().any(|n| n == p) && s.full == 0.0)
            .map(|((_, label, _), _)| label.as_str())
            .collect();
        if present < r.of_three || with_full < r.full_time || !needed_missing.is_empty() {
            let (ja, en): (Vec<String>, Vec<String>) = professions
                .iter()
                .zip(&staff)
                .map(|((_, label, _), s)| describe(s, label))
                .unzip();
            let need_ja = if r.need.is_empty() {
                String::new()
            } else {
                format!("、{}は常勤", needed_missing.join("・"))
            };
            out.push(
                Finding::warning(
                    rule::STAFFING_EACH,
                    sub.item_place(professions[0].2),
                    Text::new(
                        format!(
                            "第1号被保険者数 {} 人({tier_ja})のセンターは、3職種のうち {} 職種以上(うち常勤 {} 職種以上{need_ja})が必要です({std_ja})。現在: {}。配置を確かめてください。",
                            fmt_count(f64::from(pop)), r.of_three, r.full_time, ja.join("、")
                        ),
                        format!(
                            "With {} first-insured ({tier_en}), {} of the three professions are needed, {} of them full-time ({std_ja}). Now: {}. Check the staffing.",
                            fmt_count(f64::from(pop)), r.of_three, r.full_time, en.join("; ")
                        ),
                    ),
                )
                .values(format!("{} of 3", r.of_three), present),
            );
        }
        return;
    }
    let each = if profile.professions.per == 0 {
        1.0
    } else {
        f64::from(pop.div_ceil(profile.professions.per).max(1))
    };
    for ((_, label, item), s) in professions.iter().zip(&staff) {
        if s.full >= each {
            continue;
        }
        let (now_ja, now_en) = describe(s, label);
        out.push(
            Finding::warning(
                rule::STAFFING_EACH,
                sub.item_place(*item),
                Text::new(
                    format!(
                        "{label}の常勤職員が {} 人です({now_ja})。{std_ja}では、第1号被保険者数 {} 人({tier_ja})のセンターに常勤の{label}が {} 人以上必要です。配置を確かめてください。",
                        fmt_count(s.full), fmt_count(f64::from(pop)), each
                    ),
                    format!(
                        "{} full-time {label} ({now_en}); {std_ja} asks for at least {} full-time for {} first-insured ({tier_en}). Check the staffing.",
                        fmt_count(s.full), each, fmt_count(f64::from(pop))
                    ),
                ),
            )
            .values(format!(">= {each}"), fmt_count(s.full)),
        );
    }
}
