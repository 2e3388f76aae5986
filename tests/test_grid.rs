//! Grids (issue 19): a city's monthly form whose main table is 相談内容 × 相談者 per center
//! (17 rows in 4 groups with their 計 rows and a 合計, a 相談者 column group under its 件数
//! total, two 再掲 columns), a second grid 相談方法 × 相談者 with a 再掲 row and column, a `*`
//! relation between the two grids' 合計 rows, a list, and neither overview nor staffing
//! (tests/forms/soudan). Run as a month and as a quarter: template → filled by a script
//! through the data dictionary (openpyxl) → check, clean and with one planted fault per kind,
//! each found at its cells → compile, the report read back: the city's grid and each area's
//! are the sums of their centers' grids. Needs Python with openpyxl (`.ci/run` installs it).

mod common;

use common::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;

const CENTERS: [&str; 5] = ["東1", "東2", "西1", "西2", "西3"];
const WHO: [&str; 4] = ["honnin", "kazoku", "kikan", "sonota"];

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The dictionary's rows: item → (sheet, cell, kind).
fn dictionary(wd: &Workdir) -> BTreeMap<String, (String, String, String)> {
    let text = wd.expect(0, &["form", "--profile", "city/profile.toml"]);
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let last = f.len() - 1;
            (
                f[0].to_string(),
                (f[1].to_string(), f[2].to_string(), f[last].to_string()),
            )
        })
        .collect()
}

/// Clean figures for every center: each grid's leaves, 再掲 within their parents, the two
/// 合計 rows equal column by column, one meeting listed.
fn clean(dict: &BTreeMap<String, (String, String, String)>) -> Value {
    let mut all = json!({});
    for (k, center) in CENTERS.iter().enumerate() {
        let mut v = serde_json::Map::new();
        let naiyo_rows: Vec<String> = dict
            .keys()
            .filter_map(|id| id.strip_prefix("naiyo_")?.strip_suffix("_honnin"))
            .filter(|r| dict[&format!("naiyo_{r}_honnin")].2 == "count")
            .map(String::from)
            .collect();
        assert_eq!(naiyo_rows.len(), 12, "the leaf rows of 相談内容");
        let mut column_total = [0i64; 4];
        for (ri, r) in naiyo_rows.iter().enumerate() {
            for (ci, who) in WHO.iter().enumerate() {
                let n = ((ri * 7 + ci * 3 + k * 5) % 11) as i64;
                column_total[ci] += n;
                v.insert(format!("naiyo_{r}_{who}"), json!(n));
            }
            // 再掲: 認知症 among the 本人's, 独居 among the 家族's.
            let honnin = v[&format!("naiyo_{r}_honnin")].clone();
            v.insert(format!("naiyo_{r}_ninchi"), honnin);
            v.insert(format!("naiyo_{r}_dokkyo"), json!(0));
        }
        for (ci, who) in WHO.iter().enumerate() {
            let t = column_total[ci];
            let (homon, raisho) = (t / 4, t / 5);
            v.insert(format!("hoho_denwa_{who}"), json!(t - homon - raisho));
            v.insert(format!("hoho_homon_{who}"), json!(homon));
            v.insert(format!("hoho_raisho_{who}"), json!(raisho));
            v.insert(format!("hoho_shokai_{who}"), json!(homon));
        }
        for r in ["denwa", "homon", "raisho", "shokai"] {
            v.insert(format!("hoho_{r}_yakan"), json!(1));
        }
        v.insert("kaigi_01_bi".into(), json!("2026-08-05"));
        v.insert("kaigi_01_naiyo".into(), json!("個別ケース検討"));
        v.insert("kaigi_01_sanka".into(), json!(6 + k));
        all[center] = Value::Object(v);
    }
    all
}

/// Fill the templates with these values, into `out`.
fn fill(wd: &Workdir, values: &Value, out: &str) -> std::path::PathBuf {
    fill_from(wd, "templates", values, out)
}

/// The sheet row of each block of a grid on 事業実績: its name (■ 東1) → its first value row.
fn blocks(acts: &SheetData, corner: &str) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for r in 0..acts.rows() {
        let t = acts.text(r, 0);
        if let Some(name) = t.strip_prefix("■ ")
            && acts.text(r + 1, 0) == corner
        {
            // The header: as many rows as the column labels have levels (2 here).
            out.insert(name.to_string(), r + 3);
        }
    }
    out
}

fn run_grid(cadence: &str, period: &str, shown: &str) {
    let wd = Workdir::new(&format!("grid-{cadence}"));
    let form = std::fs::read_to_string(root().join("tests/forms/soudan/form.toml"))
        .expect("the test form")
        .replace("period = \"month\"", &format!("period = \"{cadence}\""));
    wd.write("city/form.toml", form);
    wd.write(
        "city/profile.toml",
        std::fs::read(root().join("tests/forms/soudan/profile.toml")).expect("profile"),
    );
    let profile = ["--profile", "city/profile.toml"];
    let dict = dictionary(&wd);
    // Ids are <table>_<row>_<column>; totals on both axes are totals, 再掲 are counts.
    for (id, kind) in [
        ("naiyo_sogo_kaigo_honnin", "count"),
        ("naiyo_sogo_kaigo_kensu", "total"),
        ("naiyo_sogo_kei_honnin", "total"),
        ("naiyo_kei_kensu", "total"),
        ("naiyo_sogo_kaigo_ninchi", "count"),
        ("naiyo_kei_ninchi", "total"),
        ("hoho_shokai_honnin", "count"),
        ("hoho_shokai_kensu", "total"),
    ] {
        assert_eq!(dict[id].2, kind, "{id}");
    }
    assert_eq!(
        dict.keys().filter(|k| k.starts_with("naiyo_")).count(),
        17 * 7
    );
    assert!(
        dict.values().all(|(sheet, _, _)| sheet != "職員配置"),
        "no staffing sheet"
    );
    wd.expect(
        0,
        &[
            "template",
            profile[0],
            profile[1],
            "--out",
            "templates",
            "--period",
            period,
        ],
    );
    let templates: Vec<String> = std::fs::read_dir(wd.path("templates"))
        .expect("templates")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(templates.len(), 5, "{templates:?}");
    // The template's grid: the corner over the row labels, the group over its columns, the
    // group 計 a formula over its rows, the 件数 a formula over its row's 相談者.
    let t = sheet(&wd.path("templates/東1.xlsx"), "実績");
    let at = |id: &str| {
        let (_, cell, _) = &dict[id];
        hokatsu::grid::parse_a1(cell).expect("a1")
    };
    let (r, c) = at("naiyo_sogo_kei_honnin");
    let (first, _) = at("naiyo_sogo_kaigo_honnin");
    assert_eq!(
        t.formula(r, c as u32),
        format!(
            "SUM({}:{})",
            hokatsu::grid::a1(first, c),
            hokatsu::grid::a1(r - 1, c)
        )
    );
    let (r, c) = at("naiyo_sogo_kaigo_kensu");
    assert_eq!(
        t.formula(r, c as u32),
        format!(
            "SUM({}:{})",
            hokatsu::grid::a1(r, c + 1),
            hokatsu::grid::a1(r, c + 4)
        )
    );
    assert_eq!(t.text(r - 2, 0), "相談内容");
    assert_eq!(t.text(r - 2, c as u32 + 1), "相談者");
    assert_eq!(t.text(r - 1, c as u32 + 1), "本人");
    assert_eq!(t.text(r, 0), "総合相談支援業務");
    assert_eq!(t.text(r, 1), "介護保険");

    // Clean: nothing to say.
    let values = clean(&dict);
    let dir = fill(&wd, &values, "clean");
    let out = wd.expect(0, &["check", profile[0], profile[1], s(&dir)]);
    assert!(
        out.contains(shown) && out.contains("問題ありません"),
        "{out}"
    );

    // One fault per kind, each in its own center, found at its cells.
    let mut faulty = values.clone();
    let bump = |v: &mut Value, center: &str, id: &str, by: i64| {
        let n = v[center][id].as_i64().unwrap_or(0);
        v[center][id] = json!(n + by);
    };
    // A row's total (合計 row, 本人) typed over; a row's 件数 typed over; a group 計 typed over.
    faulty["東1"]["naiyo_kei_honnin"] = json!(999);
    faulty["東2"]["naiyo_sogo_iryo_kensu"] = json!(999);
    faulty["西1"]["naiyo_kenri_kei_kazoku"] = json!(999);
    // 再掲 column above its 件数; 再掲 row above its 合計 (with its own 件数 typed to match).
    faulty["西2"]["naiyo_sogo_seikatsu_ninchi"] = json!(500);
    faulty["西3"]["hoho_shokai_kikan"] = json!(900);
    // The two grids' 合計 rows part in one column (関係機関): 東1's visits, one more.
    bump(&mut faulty, "東1", "hoho_homon_kikan", 1);
    let dir = fill(&wd, &faulty, "faults");
    let (doc, code) = wd.check_json(&[profile[0], profile[1], s(&dir)]);
    assert_eq!(code, 1, "{doc:#}");
    let found = |center: &str| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = findings(&doc)
            .iter()
            .filter(|f| f["center"] == center && f["severity"] == "error")
            .map(|f| {
                (
                    f["rule"].as_str().unwrap_or("").to_string(),
                    f["cell"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let cell = |id: &str| dict[id].1.clone();
    let expect = |list: &[(&str, &str)]| {
        let mut v: Vec<(String, String)> = list
            .iter()
            .map(|(rule, id)| (rule.to_string(), cell(id)))
            .collect();
        v.sort();
        v
    };
    // 東1: its typed 合計 (the sum of the group 計 rows), and the relation at both 合計 rows'
    // 関係機関 and 件数 (the 本人 relation reads the typed 999 too).
    assert_eq!(
        found("東1"),
        expect(&[
            ("sum", "naiyo_kei_honnin"),
            ("relation", "naiyo_kei_kensu"),
            ("relation", "hoho_kei_kensu"),
            ("relation", "naiyo_kei_honnin"),
            ("relation", "hoho_kei_honnin"),
            ("relation", "naiyo_kei_kikan"),
            ("relation", "hoho_kei_kikan"),
        ]),
        "{doc:#}"
    );
    // 東2: its typed 件数 of one row; the 合計 row's 件数 the workbook computes from it no
    // longer matches the other grid's.
    assert_eq!(
        found("東2"),
        expect(&[
            ("sum", "naiyo_sogo_iryo_kensu"),
            ("relation", "naiyo_kei_kensu"),
            ("relation", "hoho_kei_kensu"),
        ]),
        "{doc:#}"
    );
    // 西1: its typed group 計, and the 合計 row's 家族 computed from it.
    assert_eq!(
        found("西1"),
        expect(&[
            ("sum", "naiyo_kenri_kei_kazoku"),
            ("relation", "naiyo_kei_kazoku"),
            ("relation", "hoho_kei_kazoku"),
        ]),
        "{doc:#}"
    );
    // 西2: 認知症 (再掲) above its row's 件数, and so in its group's 計 and the 合計.
    assert_eq!(
        found("西2"),
        expect(&[
            ("sum", "naiyo_sogo_seikatsu_ninchi"),
            ("sum", "naiyo_sogo_kei_ninchi"),
            ("sum", "naiyo_kei_ninchi"),
        ]),
        "{doc:#}"
    );
    // 西3: 初回の相談 (再掲 row) above the 合計 row, in 関係機関 and so in 件数.
    assert_eq!(
        found("西3"),
        expect(&[("sum", "hoho_shokai_kikan"), ("sum", "hoho_shokai_kensu")]),
        "{doc:#}"
    );
    let within = findings(&doc)
        .into_iter()
        .find(|f| f["center"] == "西3" && f["cell"] == cell("hoho_shokai_kikan"))
        .expect("the 再掲 finding");
    let message = within["message"].as_str().unwrap_or("");
    assert!(
        message.contains("初回の相談") && message.contains("合計"),
        "{message}"
    );

    // A figure typed as text (「３件」): one finding at its cell, none from the totals and
    // relations that would read it.
    let mut typo = values.clone();
    typo["東2"]["naiyo_sogo_hoken_honnin"] = json!("３件");
    let dir = fill(&wd, &typo, "typo");
    let (doc, code) = wd.check_json(&[profile[0], profile[1], s(&dir)]);
    assert_eq!(code, 1, "{doc:#}");
    let errors: Vec<(String, String)> = findings(&doc)
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [("input".to_string(), cell("naiyo_sogo_hoken_honnin"))],
        "{doc:#}"
    );

    // The report of the clean month: the city's grid and each area's, the sums of their
    // centers' grids, cell by cell; a center's grid as it typed it.
    wd.expect(
        0,
        &[
            "compile",
            profile[0],
            profile[1],
            "--out",
            "r.xlsx",
            "--csv",
            "r.csv",
            s(&wd.path("clean")),
        ],
    );
    let sheets = hokatsu_sheets(&wd.path("r.xlsx"));
    assert!(
        !sheets.iter().any(|n| n == "職員配置"),
        "no staffing sheet: {sheets:?}"
    );
    let acts = sheet(&wd.path("r.xlsx"), "事業実績");
    for (corner, rows, cols) in [("相談内容", 17u32, 7u32), ("相談方法", 5, 6)] {
        let blocks = blocks(&acts, corner);
        let names: Vec<&str> = blocks.keys().map(String::as_str).collect();
        let mut want = vec!["市計", "東区 小計", "西区 小計"];
        want.extend(CENTERS);
        want.sort();
        assert_eq!(names, want, "{corner}");
        // The values start after the row labels (2 levels here).
        let value_col = 2;
        for dr in 0..rows {
            for dc in 0..cols {
                let get = |name: &str| {
                    acts.number(blocks[name] + dr, value_col + dc)
                        .unwrap_or(0.0)
                };
                let city = get("市計");
                let sum: f64 = CENTERS.iter().map(|c| get(c)).sum();
                assert_eq!(city, sum, "{corner} row {dr} column {dc}");
                let east: f64 = ["東1", "東2"].iter().map(|c| get(c)).sum();
                assert_eq!(get("東区 小計"), east, "{corner} row {dr} column {dc}");
            }
        }
        // The city's cells are formulas over the centers' cells.
        let f = acts.formula(blocks["市計"], value_col + 1);
        assert!(f.starts_with("SUM(") && f.matches(',').count() == 4, "{f}");
    }
    // A center's figure as typed, at its row and column.
    let naiyo = blocks(&acts, "相談内容");
    let row_of = |id: &str| at(id).0 - at("naiyo_sogo_kaigo_honnin").0;
    assert_eq!(
        acts.number(naiyo["西1"] + row_of("naiyo_kenri_gyakutai_honnin"), 3),
        values["西1"]["naiyo_kenri_gyakutai_honnin"].as_f64()
    );
    // The city's 高齢者虐待 (the figure no stacked table gave), and its sum in the tidy CSV.
    let city_gyakutai: f64 = CENTERS
        .iter()
        .map(|c| {
            values[c]["naiyo_kenri_gyakutai_honnin"]
                .as_f64()
                .unwrap_or(0.0)
        })
        .sum();
    assert_eq!(
        acts.number(naiyo["市計"] + row_of("naiyo_kenri_gyakutai_honnin"), 3),
        Some(city_gyakutai)
    );
    // Last period read back from its tidy CSV (as --history does): 推移 compares the city's
    // 合計 件数 of the grid, and each center's is its own figure (a flow table's amount is
    // the period's, not an increase of a year-to-date).
    let (prev_name, previous) = if cadence == "month" {
        ("2026-09.csv", "2026-09")
    } else {
        ("2026-Q1.csv", "2026-Q1")
    };
    std::fs::create_dir_all(wd.path("hist")).expect("mkdir");
    std::fs::copy(wd.path("r.csv"), wd.path(&format!("hist/{prev_name}"))).expect("copy");
    wd.expect(
        0,
        &[
            "compile",
            profile[0],
            profile[1],
            "--out",
            "h.xlsx",
            "--history",
            "hist",
            s(&wd.path("clean")),
        ],
    );
    let trends = sheet(&wd.path("h.xlsx"), "推移");
    let kensu: f64 = CENTERS
        .iter()
        .map(|c| {
            WHO.iter()
                .map(|w| {
                    dict.keys()
                        .filter(|k| k.starts_with("naiyo_") && k.ends_with(&format!("_{w}")))
                        .filter(|k| dict[*k].2 == "count")
                        .map(|k| values[c][k].as_f64().unwrap_or(0.0))
                        .sum::<f64>()
                })
                .sum::<f64>()
        })
        .sum();
    let line = trends.find(0, "相談件数", 0).expect("相談件数 on 推移");
    assert_eq!(trends.number(line, 1), Some(kensu), "{previous}");
    assert_eq!(trends.number(line, 2), Some(kensu));
    if cadence == "month" {
        let east1 = trends.find(0, "東1", 0).expect("東1's row");
        let own: f64 = WHO
            .iter()
            .flat_map(|w| {
                dict.keys()
                    .filter(move |k| k.starts_with("naiyo_") && k.ends_with(&format!("_{w}")))
            })
            .filter(|k| dict[*k].2 == "count")
            .map(|k| values["東1"][k].as_f64().unwrap_or(0.0))
            .sum();
        assert_eq!(trends.number(east1, 1), Some(own), "東1's own month");
    }

    let csv = std::fs::read_to_string(wd.path("r.csv")).expect("csv");
    let line = format!(
        "西1,相談内容別・相談者別の件数 相談内容,権利擁護業務 高齢者虐待,相談者 本人,{}",
        values["西1"]["naiyo_kenri_gyakutai_honnin"]
    );
    assert!(csv.lines().any(|l| l == line), "{line} in the tidy CSV");

    // The report by area (as a national run prints): the city's grid, then each area's.
    wd.expect(
        0,
        &[
            "compile",
            profile[0],
            profile[1],
            "--rows",
            "areas",
            "--out",
            "areas.xlsx",
            s(&wd.path("clean")),
        ],
    );
    let by_area = sheet(&wd.path("areas.xlsx"), "事業実績");
    let area_blocks = blocks(&by_area, "相談内容");
    assert_eq!(
        area_blocks.keys().map(String::as_str).collect::<Vec<_>>(),
        ["市計", "東区", "西区"]
    );
    let cell_of = |b: &SheetData, at: &BTreeMap<String, u32>, name: &str, id: &str| {
        b.number(at[name] + row_of(id), 3)
    };
    let east: f64 = ["東1", "東2"]
        .iter()
        .map(|c| {
            values[c]["naiyo_kenri_gyakutai_honnin"]
                .as_f64()
                .unwrap_or(0.0)
        })
        .sum();
    assert_eq!(
        cell_of(
            &by_area,
            &area_blocks,
            "東区",
            "naiyo_kenri_gyakutai_honnin"
        ),
        Some(east)
    );

    // A year of quarters from their tidy CSVs: a flow grid sums the four.
    if cadence == "quarter" {
        for q in 1..=4 {
            std::fs::create_dir_all(wd.path("year")).expect("mkdir");
            std::fs::copy(wd.path("r.csv"), wd.path(&format!("year/2026-Q{q}.csv"))).expect("copy");
        }
        wd.expect(
            0,
            &[
                "compile",
                profile[0],
                profile[1],
                "--fiscal-year",
                "2026",
                "--out",
                "year.xlsx",
                s(&wd.path("year")),
            ],
        );
        let year = sheet(&wd.path("year.xlsx"), "事業実績");
        let year_blocks = blocks(&year, "相談内容");
        assert_eq!(
            cell_of(&year, &year_blocks, "市計", "naiyo_kenri_gyakutai_honnin"),
            Some(4.0 * city_gyakutai)
        );
    }
}

/// The sheet names of a written workbook.
fn hokatsu_sheets(path: &std::path::Path) -> Vec<String> {
    use calamine::Reader;
    open_xlsx(path).sheet_names().to_vec()
}

#[test]
fn a_monthly_grid_form_from_template_to_report() {
    run_grid("month", "2026-10", "対象月 令和8年10月");
}

#[test]
fn a_quarterly_grid_form_from_template_to_report() {
    run_grid("quarter", "R8Q2", "対象期間 令和8年度第2四半期");
}

/// Staffing is optional on both sides: a form without a staffing table takes a profile with or
/// without staffing brackets; a form with one asks the profile for its brackets, at the line.
#[test]
fn staffing_brackets_are_needed_only_by_a_form_with_staffing() {
    let wd = Workdir::new("grid-staffing");
    let form = std::fs::read(root().join("tests/forms/soudan/form.toml")).expect("form");
    let profile =
        std::fs::read_to_string(root().join("tests/forms/soudan/profile.toml")).expect("profile");
    wd.write("city/form.toml", &form);
    wd.write(
        "city/with.toml",
        profile.replace(
            "[form]",
            "[staffing]\nbrackets = [{ from = 0, staff = 3 }]\n\n[form]",
        ),
    );
    wd.expect(0, &["form", "--profile", "city/with.toml"]);
    // The embedded Kushiro form has a staffing table: this profile gives no brackets.
    let kushiro = wd.expect(0, &["form", "--definition"]);
    wd.write("city/kushiro.toml", kushiro);
    wd.write("city/profile.toml", &profile);
    let out = wd.run(&[
        "form",
        "--profile",
        "city/profile.toml",
        "--form",
        "city/kushiro.toml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[staffing]") && err.contains("profile.toml の") && err.contains("行目"),
        "{err}"
    );
}

/// A forced report's list marks a center left out (未提出 and why) on a line of its own, which
/// its count and sums do not read.
#[test]
fn a_list_marks_the_centers_it_lacks() {
    let wd = Workdir::new("grid-list");
    let month = root().join("tests/forms/soudan/2026-10");
    let profile = root().join("tests/forms/soudan/profile.toml");
    wd.expect(
        0,
        &[
            "compile",
            "--force",
            "--profile",
            s(&profile),
            "--out",
            "f.xlsx",
            s(&month.join("東1.xlsx")),
            s(&month.join("西1.xlsx")),
        ],
    );
    let acts = sheet(&wd.path("f.xlsx"), "事業実績");
    let head = (0..acts.rows())
        .find(|&r| acts.text(r, 1) == "開催日")
        .expect("the list");
    let lines: Vec<(String, String)> = (head + 1..head + 8)
        .map(|r| (acts.text(r, 0), acts.text(r, 1)))
        .collect();
    let missing: Vec<&str> = lines
        .iter()
        .filter(|(_, b)| b == "未提出(提出なし)")
        .map(|(a, _)| a.as_str())
        .collect();
    assert_eq!(missing, ["東2", "西2", "西3"], "{lines:?}");
    let total = acts.find(0, "市計", head).expect("市計");
    // (a date reads back as a date: the lines with one)
    let listed = (head + 1..total)
        .filter(|&r| matches!(acts.get(r, 1), calamine::Data::DateTime(_)))
        .count();
    assert_eq!(listed, 4);
    assert_eq!(
        acts.number(total, 1),
        Some(listed as f64),
        "the count reads the lines"
    );
    assert!(acts.formula(total, 1).matches("COUNTA(").count() >= 2);
    assert!(acts.text(total + 1, 0).starts_with("※ 未提出"));
}
