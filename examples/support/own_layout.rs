//! For `examples/bench.rs`: the same month of N centers written twice, once as hokatsu's
//! templates and once in the city's own workbook (a form drafted by `form --from`), with the
//! same numbers in both, so that reading the two layouts can be timed side by side.
//!
//! The form is drafted from the city's blank workbook (by default
//! `tests/forms/existing/katsudo.xlsx`, made by openpyxl). A center's file in the city's layout
//! is that workbook rewritten cell by cell with rust_xlsxwriter (its labels, numbers, merged
//! ranges and formulas, each formula with the value it comes to cached as a spreadsheet saves
//! it), the period typed into the title, the center's name beside its label and the numbers at
//! the cells the form records. The template of the same form is filled with the same numbers
//! through `hokatsu::template::fill`.
#![allow(dead_code)]

use super::generate::Rng;
use calamine::{Data, Reader, Xlsx};
use hokatsu::era::Period;
use hokatsu::form::{Form, Kind, RelationKind};
use hokatsu::profile::Profile;
use hokatsu::template::{self, Subject, Typed};
use rayon::prelude::*;
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The month both layouts report.
pub const PERIOD: (i32, u32) = (2026, 10);
/// Meetings listed per center in a list table (the rest of its rows stay blank).
const LISTED: usize = 3;

/// The two folders of one size: `template/` and `own/`, each with profile.toml, form.toml and
/// submissions/.
pub struct Pair {
    pub template: PathBuf,
    pub own: PathBuf,
}

/// One cell of the city's blank workbook.
enum Blank {
    Text(String),
    Number(f64),
    Formula(String),
}

/// A sheet of the city's blank workbook: its cells (0-based row, column) and merged ranges.
struct CitySheet {
    name: String,
    cells: Vec<(u32, u16, Blank)>,
    merges: Vec<calamine::Dimensions>,
}

/// The city's blank workbook, read once.
struct City {
    sheets: Vec<CitySheet>,
}

/// The seed of center `ci`'s numbers.
fn seed(ci: usize) -> u64 {
    1 ^ (ci as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

fn read_city(path: &Path) -> Result<City, Box<dyn std::error::Error>> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path)?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let mut cells: Vec<(u32, u16, Blank)> = Vec::new();
        let formulas = wb.worksheet_formula(&name)?;
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            if !f.is_empty() {
                let f = if f.starts_with('=') {
                    f.clone()
                } else {
                    format!("={f}")
                };
                cells.push((r0 + r as u32, (c0 + c as u32) as u16, Blank::Formula(f)));
            }
        }
        let values = wb.worksheet_range(&name)?;
        let (r0, c0) = values.start().unwrap_or((0, 0));
        for (r, c, v) in values.used_cells() {
            let (r, c) = (r0 + r as u32, (c0 + c as u32) as u16);
            if cells.iter().any(|x| (x.0, x.1) == (r, c)) {
                continue;
            }
            let blank = match v {
                Data::String(s) => Blank::Text(s.clone()),
                Data::Float(x) => Blank::Number(*x),
                Data::Int(x) => Blank::Number(*x as f64),
                _ => continue,
            };
            cells.push((r, c, blank));
        }
        let merges = wb.merge_cells_by_sheet_name(&name)?;
        sheets.push(CitySheet {
            name,
            cells,
            merges,
        });
    }
    Ok(City { sheets })
}

/// One center's numbers: every item's value (totals computed from their parts), and the texts
/// of a list's text items. Blank list rows are `None`.
struct Month {
    values: Vec<Option<f64>>,
    texts: Vec<Option<String>>,
}

/// Numbers that satisfy the form's sums and 再掲 (each within its parent), from a seed.
fn month(form: &Form, seed: u64) -> Month {
    let mut rng = Rng(seed);
    let n = form.items.len();
    let mut values: Vec<Option<f64>> = vec![None; n];
    let mut texts: Vec<Option<String>> = vec![None; n];
    let within: Vec<usize> = (form.relations.iter())
        .filter(|r| r.kind == RelationKind::Within)
        .flat_map(|r| r.left.iter().copied())
        .collect();
    let (y, m) = PERIOD;
    for t in &form.tables {
        let list = t.layout == hokatsu::form::Layout::List;
        for (r, row) in t.items.iter().enumerate() {
            if list && r >= LISTED {
                continue;
            }
            for &i in row {
                match form.items[i].kind {
                    Kind::Count if within.contains(&i) => values[i] = Some(rng.int(0, 4) as f64),
                    Kind::Count if list => values[i] = Some(rng.int(4, 18) as f64),
                    Kind::Count => values[i] = Some(rng.int(0, 20) as f64),
                    Kind::Date => {
                        let day = 3 + 9 * r as u32 + rng.int(0, 5) as u32;
                        values[i] = hokatsu::era::date_serial(y, m, day.min(28));
                    }
                    Kind::Text => texts[i] = Some(format!("地域ケア会議 第{}回", r + 1)),
                    _ => {}
                }
            }
        }
    }
    // Totals from their parts (the form lists parts first), then each 再掲 brought within its
    // parent, until nothing moves.
    for _ in 0..8 {
        for s in &form.sums {
            let total: f64 = s.parts.iter().map(|&p| values[p].unwrap_or(0.0)).sum();
            values[s.total] = Some(total);
        }
        let mut moved = false;
        for rel in form
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::Within)
        {
            let Some(right) = rel.right_item() else {
                continue;
            };
            let cap = values[right].unwrap_or(0.0);
            let left: f64 = rel.left.iter().map(|&i| values[i].unwrap_or(0.0)).sum();
            if left <= cap {
                continue;
            }
            for &i in &rel.left {
                if form.items[i].kind == Kind::Count
                    && let Some(v) = values[i]
                {
                    values[i] = Some((v * cap / left).floor());
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    Month { values, texts }
}

/// The center's file in the city's own layout.
fn own_file(
    city: &City,
    form: &Form,
    name: &str,
    period: Period,
    m: &Month,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    // Each item's cell in the city's workbook.
    let mut at: std::collections::HashMap<(&str, u32, u16), usize> = Default::default();
    for (i, it) in form.items.iter().enumerate() {
        let t = &form.tables[it.table];
        if let Some(own) = &t.own
            && let Some((r, c)) = own.cell(t, it.row, it.col)
        {
            at.insert((own.sheet.as_str(), r, c), i);
        }
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    let plain = Format::new();
    let mut wb = Workbook::new();
    for CitySheet {
        name: sheet,
        cells,
        merges,
    } in &city.sheets
    {
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        let text_at = |r: u32, c: u16| {
            cells.iter().find_map(|x| match x {
                (rr, cc, Blank::Text(s)) if (*rr, *cc) == (r, c) => Some(s.clone()),
                _ => None,
            })
        };
        for d in merges {
            let (r, c) = (d.start.0, d.start.1 as u16);
            let text = text_at(r, c).unwrap_or_default();
            ws.merge_range(r, c, d.end.0, d.end.1 as u16, &text, &plain)?;
        }
        let merged = |r: u32, c: u16| {
            merges
                .iter()
                .any(|d| (d.start.0, d.start.1 as u16) == (r, c))
        };
        let is = |cell: &Option<hokatsu::form::OwnCell>, r: u32, c: u16| {
            cell.as_ref()
                .is_some_and(|o| o.sheet == *sheet && o.cell == (r, c))
        };
        for (r, c, blank) in cells {
            let (r, c) = (*r, *c);
            let item = at.get(&(sheet.as_str(), r, c)).copied();
            match blank {
                Blank::Formula(f) => {
                    let mut formula = Formula::new(f);
                    if let Some(v) = item.and_then(|i| m.values[i]) {
                        formula = formula.set_result(v.to_string());
                    }
                    ws.write_formula(r, c, formula)?;
                }
                Blank::Text(s) if is(&form.own_period, r, c) => {
                    // The period typed into the title's blanks (令和　年　月分 → 令和8年10月分).
                    let wareki = period.wareki();
                    let title = match (s.find('令'), s.find('月')) {
                        (Some(a), Some(b)) if a < b => {
                            format!("{}{wareki}{}", &s[..a], &s[b + '月'.len_utf8()..])
                        }
                        _ => format!("{s} {wareki}分"),
                    };
                    ws.write_string(r, c, title)?;
                }
                Blank::Text(_) if merged(r, c) => {}
                Blank::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Blank::Number(x) => {
                    ws.write_number(r, c, *x)?;
                }
            }
        }
        if let Some(o) = &form.own_center
            && o.sheet == *sheet
        {
            ws.write_string(o.cell.0, o.cell.1, name)?;
        }
        for (&(s, r, c), &i) in &at {
            if s != sheet || cells.iter().any(|x| (x.0, x.1) == (r, c)) {
                continue;
            }
            let it = &form.items[i];
            match (it.kind, m.values[i], &m.texts[i]) {
                (Kind::Text, _, Some(t)) => {
                    ws.write_string(r, c, t)?;
                }
                (Kind::Date, Some(v), _) => {
                    ws.write_number_with_format(r, c, v, &date)?;
                }
                (_, Some(v), _) if it.kind != Kind::Text => {
                    ws.write_number(r, c, v)?;
                }
                _ => {}
            }
        }
    }
    wb.save_to_buffer()
}

/// The profile of `n` centers using form.toml.
fn profile_text(n: usize) -> String {
    let (y, _) = PERIOD;
    let mut t = format!(
        "# Generated by examples/bench.rs: {n} centers reporting on the form drafted from the\n\
         # city's own workbook (form.toml).\ncity = \"生成市\"\nfiscal_year = {y}\n\
         population_as_of = \"R8.9末\"\n\n[form]\nfile = \"form.toml\"\n\n"
    );
    for i in 0..n {
        let area = format!("区{:03}", i / 10 + 1);
        let _ = writeln!(
            t,
            "[[center]]\nid = \"c{:05}\"\nname = \"{area}第{}地域包括支援センター\"\nshort = \"{area}-{}\"\narea = \"{area}\"\npopulation = {}\n",
            i + 1,
            i % 10 + 1,
            i % 10 + 1,
            8000 + (i % 13) * 1000
        );
    }
    t
}

fn count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

/// Make (or keep, when already there for this form and size) the two folders under `dir`.
pub fn ensure(dir: &Path, city_xlsx: &Path, n: usize) -> Result<Pair, Box<dyn std::error::Error>> {
    let pair = Pair {
        template: dir.join("template"),
        own: dir.join("own"),
    };
    let draft = hokatsu::draft::draft(city_xlsx, &[], hokatsu::i18n::Lang::Ja)
        .map_err(|e| e.message(hokatsu::i18n::Lang::Ja))?;
    let profile = profile_text(n);
    let fresh = [&pair.template, &pair.own].iter().all(|d| {
        std::fs::read_to_string(d.join("form.toml")).is_ok_and(|t| t == draft.toml)
            && std::fs::read_to_string(d.join("profile.toml")).is_ok_and(|t| t == profile)
            && count(&d.join("submissions")) == n
    });
    if fresh {
        return Ok(pair);
    }
    let _ = std::fs::remove_dir_all(dir);
    eprintln!(
        "generating {n} centers' files in both layouts in {} ...",
        dir.display()
    );
    for d in [&pair.template, &pair.own] {
        std::fs::create_dir_all(d.join("submissions"))?;
        std::fs::write(d.join("form.toml"), &draft.toml)?;
        std::fs::write(d.join("profile.toml"), &profile)?;
    }
    let profile = Profile::load(&pair.own.join("profile.toml")).map_err(|e| e.to_string())?;
    let form = &profile.form;
    if !form.own_layout() {
        return Err(format!("{}: the drafted form records no table", city_xlsx.display()).into());
    }
    let city = read_city(city_xlsx)?;
    let (y, m) = PERIOD;
    let period = Period::month(y, m);
    (0..n)
        .into_par_iter()
        .try_for_each(|ci| {
            let center = &profile.centers[ci];
            let month = month(form, seed(ci));
            let file = format!("{}.xlsx", center.short);
            let own = own_file(&city, form, &center.name, period, &month)?;
            std::fs::write(pair.own.join("submissions").join(&file), own)?;
            // The template takes what a center types: not the totals, whose formulas it computes.
            let mut typed: Vec<(usize, Typed)> = Vec::new();
            for (i, it) in form.items.iter().enumerate() {
                match (it.kind, month.values[i], &month.texts[i]) {
                    (Kind::Total, ..) => {}
                    (Kind::Text, _, Some(t)) => typed.push((i, Typed::Text(t.clone()))),
                    (_, Some(v), _) => typed.push((i, Typed::Number(v))),
                    _ => {}
                }
            }
            let subject = Subject {
                profile: &profile,
                center: Some(center),
                period: Some(period),
                lang: hokatsu::i18n::Lang::Ja,
            };
            let mut layout = template::layout(&subject);
            template::fill(&mut layout, form, &typed, &[]);
            let bytes = template::render(&subject, &layout)?;
            std::fs::write(pair.template.join("submissions").join(&file), bytes)?;
            Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
        })
        .map_err(|e| e.to_string())?;
    Ok(pair)
}

/// Both folders check clean and every center's every item reads the same in both layouts
/// (and is what was written): the two timings then measure the same work. Returns the number
/// of values compared.
pub fn verify(pair: &Pair) -> Result<usize, Box<dyn std::error::Error>> {
    let mut read = Vec::new();
    for d in [&pair.template, &pair.own] {
        let profile = Profile::load(&d.join("profile.toml")).map_err(|e| e.to_string())?;
        let outcome = hokatsu::run::check(
            &profile,
            &[d.join("submissions")],
            &hokatsu::run::Options::default(),
        )
        .map_err(|e| e.to_string())?;
        if let Some(f) = outcome.findings.first() {
            return Err(format!(
                "{}: {} findings, the first: {:?}",
                d.display(),
                outcome.findings.len(),
                f
            )
            .into());
        }
        if outcome.submissions.len() != profile.centers.len() {
            return Err(format!(
                "{}: {} of {} centers read",
                d.display(),
                outcome.submissions.len(),
                profile.centers.len()
            )
            .into());
        }
        read.push((profile, outcome));
    }
    let (profile, t) = &read[0];
    let (_, o) = &read[1];
    let form = &profile.form;
    let mut compared = 0;
    for (a, b) in t.submissions.iter().zip(&o.submissions) {
        let want = month(form, seed(a.center));
        if a.center != b.center {
            return Err("the two layouts' submissions are not in the same order".into());
        }
        for (i, it) in form.items.iter().enumerate() {
            let (va, vb) = if it.kind == Kind::Text {
                (
                    format!("{:?}", a.texts.get(i)),
                    format!("{:?}", b.texts.get(i)),
                )
            } else {
                (
                    hokatsu::model::value(form, a, i).to_string(),
                    hokatsu::model::value(form, b, i).to_string(),
                )
            };
            let w = if it.kind == Kind::Text {
                format!("{:?}", want.texts[i].as_ref())
            } else {
                want.values[i].unwrap_or(0.0).to_string()
            };
            // Computed items (a list's row count) are not written: compare the layouts only.
            if va != vb || (it.kind.is_input() && va != w) {
                return Err(format!(
                    "{} {}: template {va}, own layout {vb}, written {w}",
                    profile.centers[a.center].short, it.id
                )
                .into());
            }
            compared += 1;
        }
    }
    Ok(compared)
}
