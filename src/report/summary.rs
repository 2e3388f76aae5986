//! Reports for thousands of centers: one row per ward/area instead of per center.
//!
//! A table of 5,400 centers is neither readable nor printable, and its sources would overflow a
//! sheet. Above a few hundred centers the report shows each area's sums (the average for
//! scores); every rule has already run on each center, findings still name each file, and the
//! tidy CSV (`--csv`) carries every center's values. This is done by folding each area's
//! submissions into one, so every sheet is built by the same code as for a single city.

use crate::model::value;
use crate::model::{Outcome, Snapshot};
use crate::model::{Submission, Texts};
use crate::profile::{Center, Operation, Profile};

/// Above this many centers, `--rows auto` shows areas.
pub const AREAS_ABOVE: usize = 300;

/// Rows of the report: each center, or each ward/area (`--rows auto|centers|areas`: spelled
/// for the command line by `cli_values`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rows {
    /// Centers up to 300, areas beyond (when the profile gives areas).
    #[default]
    Auto,
    Centers,
    Areas,
}

impl Rows {
    /// Whether this profile's report shows areas.
    pub fn areas(self, profile: &Profile) -> bool {
        let has_areas = profile.centers.iter().any(|c| c.area.is_some());
        match self {
            Rows::Centers => false,
            Rows::Areas => has_areas,
            Rows::Auto => has_areas && profile.centers.len() > AREAS_ABOVE,
        }
    }
}

/// The areas in profile order, each with its centers.
fn areas(profile: &Profile) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, c) in profile.centers.iter().enumerate() {
        let area = c.area.clone().unwrap_or_else(|| c.short.clone());
        match index.get(&area) {
            Some(&a) => out[a].1.push(i),
            None => {
                index.insert(area.clone(), out.len());
                out.push((area, vec![i]));
            }
        }
    }
    out
}

/// The profile seen by area: one pseudo-center per area, its population and required staffing
/// the sums of its centers'.
pub fn profile_by_area(profile: &Profile) -> Profile {
    let centers = areas(profile)
        .into_iter()
        .map(|(area, members)| {
            let contracted = members
                .iter()
                .any(|&i| profile.centers[i].operation == Operation::Contracted);
            let required: u32 = members
                .iter()
                .filter_map(|&i| profile.required_staff(&profile.centers[i]))
                .sum();
            Center {
                id: area.clone(),
                name: format!("{area} ({}センター)", members.len()),
                short: area,
                area: None,
                operation: if contracted {
                    Operation::Contracted
                } else {
                    Operation::Direct
                },
                operator: String::new(),
                since: None,
                population: members.iter().map(|&i| profile.centers[i].population).sum(),
                required_override: contracted.then_some(required),
                required_note: None,
                fields: Default::default(),
            }
        })
        .collect();
    let mut p = profile.clone().with_centers(centers);
    if let Some(ev) = &mut p.evaluation {
        ev.ward = areas(profile)
            .iter()
            .map(|(_, m)| mean(m.iter().filter_map(|&i| ev.ward.get(i).copied().flatten())))
            .collect();
    }
    p
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// Fold submissions into one per area (center index = the area's index).
fn fold(profile: &Profile, subs: &[Submission]) -> Vec<Submission> {
    let form = &profile.form;
    let mut out = Vec::new();
    let areas = areas(profile);
    let mut area_of = vec![0; profile.centers.len()];
    for (a, (_, members)) in areas.iter().enumerate() {
        for &m in members {
            area_of[m] = a;
        }
    }
    let mut by_area: Vec<Vec<&Submission>> = vec![Vec::new(); areas.len()];
    for s in subs {
        by_area[area_of[s.center]].push(s);
    }
    for (a, ((area, _), mine)) in areas.into_iter().zip(by_area).enumerate() {
        if mine.is_empty() {
            continue;
        }
        let values = (0..form.items.len())
            .map(|i| {
                // A list's rows stay with their centers; an area carries how many there were.
                let it = &form.items[i];
                if form.tables[it.table].has_lines() && it.kind != crate::form::Kind::Total {
                    return (it.kind == crate::form::Kind::Rows)
                        .then(|| mine.iter().map(|s| value(form, s, i)).sum());
                }
                if mine.iter().all(|s| s.values[i].is_none())
                    && form.sums.iter().all(|x| x.total != i)
                {
                    return None;
                }
                if form.items[i].range.is_some() {
                    mean(
                        mine.iter()
                            .filter(|s| s.values[i].is_some())
                            .map(|s| value(form, s, i)),
                    )
                } else {
                    Some(mine.iter().map(|s| value(form, s, i)).sum())
                }
            })
            .collect();
        out.push(Submission {
            file: area,
            sheets: Vec::new(),
            center: a,
            period: mine[0].period,
            period_origin: None,
            values,
            origins: vec![None; form.items.len()],
            texts: Texts::default(),
            unreadable: (0..form.items.len())
                .map(|i| mine.iter().any(|s| s.unreadable[i]))
                .collect(),
            // The rows without their cells: an area row has no file to point to (each
            // center's findings and the tidy CSV do).
            providers: mine
                .iter()
                .flat_map(|s| s.providers.iter())
                .map(|l| crate::model::ListRow {
                    origins: vec![None; l.origins.len()],
                    ..l.clone()
                })
                .collect(),
        });
    }
    out
}

fn fold_snapshot(profile: &Profile, s: &Snapshot) -> Snapshot {
    Snapshot {
        period: s.period,
        submissions: fold(profile, &s.submissions),
        source: s.source.clone(),
    }
}

/// The outcome seen by area. Findings and files stay as they were (they name real files).
pub fn outcome_by_area(profile: &Profile, o: &Outcome) -> Outcome {
    Outcome {
        period: o.period,
        submissions: fold(profile, &o.submissions),
        findings: o.findings.clone(),
        files: o.files.clone(),
        previous: o.previous.as_ref().map(|s| fold_snapshot(profile, s)),
        history: o
            .history
            .iter()
            .map(|s| fold_snapshot(profile, s))
            .collect(),
    }
}
