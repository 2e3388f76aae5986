//! `staffing.required`: a contracted center's professional staff (保健師等 + 社会福祉士 +
//! 主任介護支援専門員, 常勤) against what the city requires for its first-insured population.
//! `staffing.fte`: a part-time headcount's full-time equivalent is above 0 and at most the
//! headcount (1.0 per person).

use super::value;
use crate::findings::{Finding, fmt_count, rule};
use crate::i18n::Text;
use crate::profile::Profile;
use crate::read::Submission;

pub fn check(profile: &Profile, sub: &Submission, out: &mut Vec<Finding>) {
    let form = &profile.form;
    let table = &form.tables[form.staffing];
    let center = &profile.centers[sub.center];

    if let Some(required) = profile.required_staff(center) {
        let row = &table.items[form.professional_total];
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
            out.push(
                Finding::error(
                    rule::STAFFING_REQUIRED,
                    sub.item_place(row[0]),
                    Text::new(
                        format!(
                            "専門職(保健師等・社会福祉士・主任介護支援専門員)の常勤職員が {} 人で、市が必要とする {} 人(第1号被保険者数 {} 人)に足りません。職員配置を確かめてください(運営協議会で認めた例外はプロファイルに書きます)。{note}",
                            fmt_count(have), required, fmt_count(f64::from(center.population))
                        ),
                        format!(
                            "{} full-time professional staff (保健師等, 社会福祉士, 主任介護支援専門員); the city requires {} for {} first-insured. Check the staffing (an exception the council approved belongs in the profile).{note}",
                            fmt_count(have), required, fmt_count(f64::from(center.population))
                        ),
                    ),
                )
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
