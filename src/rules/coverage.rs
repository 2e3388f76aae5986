//! `coverage`: every center of the profile submitted exactly once. And the month: a file made
//! for another month is an `input` error (last month's file sent again is a common mistake).

use crate::era::{Period, fiscal_year_label};
use crate::findings::{Finding, Location, rule};
use crate::i18n::Text;
use crate::model::Submission;
use crate::profile::Profile;

/// Keep one submission per center, in profile order. Two files for one center are both
/// reported (the first in file order is used, so a forced report still shows the center); a
/// center with no file is reported, unless its file was refused (`rejected`: that finding
/// already says what to do).
pub fn accept(
    profile: &Profile,
    subs: Vec<Submission>,
    rejected: &[usize],
) -> (Vec<Submission>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut by_center: Vec<Vec<Submission>> = vec![Vec::new(); profile.centers.len()];
    for s in subs {
        by_center[s.center].push(s);
    }
    let mut accepted = Vec::new();
    for (i, mut group) in by_center.into_iter().enumerate() {
        let center = &profile.centers[i];
        if group.is_empty() && rejected.contains(&i) {
            continue;
        }
        if group.is_empty() {
            findings.push(
                Finding::error(
                    rule::COVERAGE,
                    Location::default(),
                    Text::new(
                        format!(
                            "{} の提出ファイルがありません。提出を依頼してください。",
                            center.name
                        ),
                        format!(
                            "No submission from {}. Ask the center to submit.",
                            center.name
                        ),
                    ),
                )
                .center(Some(&center.short)),
            );
            continue;
        }
        if group.len() > 1 {
            let files: Vec<&str> = group.iter().map(|s| s.file.as_str()).collect();
            for s in &group {
                // Each names one other file (the first names the second, the rest the first)
                // and how many more there are: 600 copies of a file give 600 short lines, not
                // 600 lists of 599.
                let mut others = files.iter().filter(|f| **f != s.file);
                let other = others.next();
                let more = others.count();
                // Two submissions of one center in one file (a CSV) name that file itself.
                let (ja, en) = match other {
                    None => (
                        format!(
                            "{} の提出がこのファイルの中に複数あります。正しい一つだけを残してください。",
                            center.name
                        ),
                        format!(
                            "{} appears more than once in this file. Keep only the right one.",
                            center.name
                        ),
                    ),
                    Some(other) => {
                        let (ja_more, en_more) = match more {
                            0 => (String::new(), String::new()),
                            n => (format!(" ほか {n} 件"), format!(" and {n} more")),
                        };
                        (
                            format!(
                                "{} の提出が複数あります(ほかに {other}{ja_more})。正しい一つだけをフォルダに残してください。",
                                center.name
                            ),
                            format!(
                                "{} submitted more than once (also {other}{en_more}). Keep only the right file in the folder.",
                                center.name
                            ),
                        )
                    }
                };
                findings.push(
                    Finding::error(rule::COVERAGE, Location::file(&s.file), Text::new(ja, en))
                        .center(Some(&center.short)),
                );
            }
        }
        accepted.push(group.swap_remove(0));
    }
    (accepted, findings)
}

/// The month of the run: given, or the profile's, or the one most submissions state (the latest
/// on a tie).
pub fn run_period(given: Option<Period>, profile: &Profile, subs: &[Submission]) -> Option<Period> {
    given.or(profile.period).or_else(|| stated_period(subs))
}

/// The period most submissions state (the latest on a tie).
pub fn stated_period(subs: &[Submission]) -> Option<Period> {
    let mut counts: Vec<(Period, usize)> = Vec::new();
    for p in subs.iter().filter_map(|s| s.period) {
        match counts.iter_mut().find(|(q, _)| *q == p) {
            Some((_, n)) => *n += 1,
            None => counts.push((p, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(p, n)| (n, p))
        .map(|(p, _)| p)
}

/// Files made for another month, and a profile for another fiscal year.
pub fn check_period(profile: &Profile, period: Period, subs: &[Submission]) -> Vec<Finding> {
    let mut out = Vec::new();
    if period.fiscal_year() != profile.fiscal_year {
        out.push(Finding::warning(
            rule::INPUT,
            Location::file(&profile.source_name),
            Text::new(
                format!("プロファイルは{}のものですが、対象月は{}({})です。人口や必要人員が今年度のものか確かめてください。",
                    fiscal_year_label(profile.fiscal_year), period.wareki(), fiscal_year_label(period.fiscal_year())),
                format!("The profile is for fiscal year {} but the month is {} (fiscal year {}). Check its populations and required staffing.",
                    profile.fiscal_year, period, period.fiscal_year()),
            ),
        ).values(period.fiscal_year(), profile.fiscal_year));
    }
    // Every file of one other period: the run's period is more likely wrong than every file.
    let stated: Vec<Period> = subs.iter().filter_map(|s| s.period).collect();
    if let Some(&other) = stated.first()
        && other != period
        && stated.len() == subs.len()
        && stated.iter().all(|&p| p == other)
    {
        out.push(
            Finding::error(
                rule::INPUT,
                Location::default(),
                Text::new(
                    format!(
                        "どのファイルも{}分の様式です(今回の指定は{}分)。--period の指定が違っていませんか(--period {other})。",
                        other.wareki(),
                        period.wareki()
                    ),
                    format!(
                        "Every file is the form for {other}, not {period}. Is --period wrong (--period {other})?"
                    ),
                ),
            )
            .values(period, other),
        );
        return out;
    }
    for s in subs {
        if let Some(p) = s.period
            && p != period
        {
            out.push(
                Finding::error(
                    rule::INPUT,
                    s.place(s.period_origin),
                    Text::new(
                        format!("このファイルは{}分の様式です(今回は{}分)。今回の集計には使いません。今回の分の様式で提出してもらってください。", p.wareki(), period.wareki()),
                        format!("This file is the form for {p}, not {period}; it is not used. Ask for this period's form."),
                    ),
                )
                .center(Some(&profile.centers[s.center].short))
                .values(period, p),
            );
        }
    }
    out
}
