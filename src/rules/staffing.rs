//! `staffing.required`: a contracted center's professional staff (保健師等 + 社会福祉士 +
//! 主任介護支援専門員, 常勤) against what the city requires for its first-insured population.
//! `staffing.fte`: a part-time headcount's full-time equivalent is above 0 and at most the
//! headcount (1.0 per person).

use crate::findings::{Finding, fmt_count, rule};
use crate::form::{Form, Table};
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
    let professions = professions(form, table);
    if professions.is_empty() || sub.any_unreadable(table.all_items()) {
        return;
    }
    let staff: Vec<Staff> = professions
        .iter()
        .map(|p| Staff::of(form, table, sub, &p.key))
        .collect();
    let pop = profile.centers[sub.center].population;
    let bracket = ProfessionTier::of(profile, pop);
    let staffed = Staffed {
        sub,
        professions,
        staff,
        pop,
        bracket,
    };
    match staffed
        .bracket
        .tier
        .map(|i| &profile.professions.relaxed[i])
    {
        Some(r) => staffed.relaxed(r, out),
        None => staffed.standard(profile.professions.per, out),
    }
}

const STANDARD_JA: &str = "介護保険法施行規則第140条の66";

/// A profession of the staffing table: its key, its role label and the cell to point at.
struct Profession {
    key: String,
    label: String,
    item: usize,
}

/// The professions in form order, each with its first row's first cell.
fn professions(form: &Form, table: &Table) -> Vec<Profession> {
    form.professions()
        .into_iter()
        .filter_map(|(key, label)| {
            let r = table
                .rows
                .iter()
                .position(|a| a.profession.as_deref() == Some(key.as_str()))?;
            Some(Profession {
                key,
                label,
                item: table.items[r][0],
            })
        })
        .collect()
}

/// One profession's staff: full-time and part-time headcounts and the part-time FTE.
struct Staff {
    full: f64,
    part: f64,
    fte: f64,
}

impl Staff {
    fn of(form: &Form, table: &Table, sub: &Submission, profession: &str) -> Staff {
        let mut s = Staff {
            full: 0.0,
            part: 0.0,
            fte: 0.0,
        };
        for (r, axis) in table.rows.iter().enumerate() {
            if axis.profession.as_deref() != Some(profession) || axis.sum.is_some() {
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
    }

    /// 保健師等 常勤 1 人、非常勤 1 人(常勤換算 0.5)
    fn describe(&self, label: &str) -> (String, String) {
        let (part_ja, part_en) = if self.part > 0.0 {
            (
                format!(
                    "、非常勤 {} 人(常勤換算 {})",
                    fmt_count(self.part),
                    self.fte
                ),
                format!(", part-time {} ({} FTE)", fmt_count(self.part), self.fte),
            )
        } else {
            (String::new(), String::new())
        };
        (
            format!("{label} 常勤 {} 人{part_ja}", fmt_count(self.full)),
            format!("{label} full-time {}{part_en}", fmt_count(self.full)),
        )
    }
}

/// The population bracket that applied: the relaxed requirement's index (none: the
/// standard's), and its words for the message (1,000〜2,000人未満, 3,000人以上).
struct ProfessionTier {
    tier: Option<usize>,
    ja: String,
    en: String,
}

impl ProfessionTier {
    fn of(profile: &Profile, pop: u32) -> ProfessionTier {
        let relaxed = &profile.professions.relaxed;
        let tier = relaxed.iter().position(|r| pop < r.below);
        let from = tier
            .unwrap_or(relaxed.len())
            .checked_sub(1)
            .map(|i| relaxed[i].below);
        let to = tier.map(|i| relaxed[i].below);
        let fmt = |n: u32| fmt_count(f64::from(n));
        let (ja, en) = match (from, to) {
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
        ProfessionTier { tier, ja, en }
    }
}

/// A center's staff by profession, and the bracket its population falls in.
struct Staffed<'a> {
    sub: &'a Submission,
    professions: Vec<Profession>,
    staff: Vec<Staff>,
    pop: u32,
    bracket: ProfessionTier,
}

impl Staffed<'_> {
    /// A small population's relaxed requirement: so many of the three professions present,
    /// so many full-time, some of them named.
    fn relaxed(&self, r: &crate::profile::Relaxed, out: &mut Vec<Finding>) {
        let present = self.staff.iter().filter(|s| s.full + s.part > 0.0).count() as u32;
        let with_full = self.staff.iter().filter(|s| s.full > 0.0).count() as u32;
        let needed_missing: Vec<&str> = self
            .professions
            .iter()
            .zip(&self.staff)
            .filter(|(p, s)| r.need.contains(&p.key) && s.full == 0.0)
            .map(|(p, _)| p.label.as_str())
            .collect();
        if present >= r.of_three && with_full >= r.full_time && needed_missing.is_empty() {
            return;
        }
        let (ja, en): (Vec<String>, Vec<String>) = self
            .professions
            .iter()
            .zip(&self.staff)
            .map(|(p, s)| s.describe(&p.label))
            .unzip();
        let need_ja = if r.need.is_empty() {
            String::new()
        } else {
            format!("、{}は常勤", needed_missing.join("・"))
        };
        let (tier_ja, tier_en) = (&self.bracket.ja, &self.bracket.en);
        let pop = fmt_count(f64::from(self.pop));
        out.push(
            Finding::warning(
                rule::STAFFING_EACH,
                self.sub.item_place(self.professions[0].item),
                Text::new(
                    format!(
                        "第1号被保険者数 {pop} 人({tier_ja})のセンターは、3職種のうち {} 職種以上(うち常勤 {} 職種以上{need_ja})が必要です({STANDARD_JA})。現在: {}。配置を確かめてください。",
                        r.of_three, r.full_time, ja.join("、")
                    ),
                    format!(
                        "With {pop} first-insured ({tier_en}), {} of the three professions are needed, {} of them full-time ({STANDARD_JA}). Now: {}. Check the staffing.",
                        r.of_three, r.full_time, en.join("; ")
                    ),
                ),
            )
            .values(format!("{} of 3", r.of_three), present),
        );
    }

    /// The standard: one full-time person of each profession per `per` first-insured.
    fn standard(&self, per: u32, out: &mut Vec<Finding>) {
        let each = if per == 0 {
            1.0
        } else {
            f64::from(self.pop.div_ceil(per).max(1))
        };
        let (tier_ja, tier_en) = (&self.bracket.ja, &self.bracket.en);
        let pop = fmt_count(f64::from(self.pop));
        for (p, s) in self.professions.iter().zip(&self.staff) {
            if s.full >= each {
                continue;
            }
            let label = &p.label;
            let (now_ja, now_en) = s.describe(label);
            out.push(
                Finding::warning(
                    rule::STAFFING_EACH,
                    self.sub.item_place(p.item),
                    Text::new(
                        format!(
                            "{label}の常勤職員が {} 人です({now_ja})。{STANDARD_JA}では、第1号被保険者数 {pop} 人({tier_ja})のセンターに常勤の{label}が {} 人以上必要です。配置を確かめてください。",
                            fmt_count(s.full), each
                        ),
                        format!(
                            "{} full-time {label} ({now_en}); {STANDARD_JA} asks for at least {} full-time for {pop} first-insured ({tier_en}). Check the staffing.",
                            fmt_count(s.full), each
                        ),
                    ),
                )
                .values(format!(">= {each}"), fmt_count(s.full)),
            );
        }
    }
}
