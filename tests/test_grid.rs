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

/// The two cadences the form is run as: (period, the period to write, how check names it).
const CADENCES: [(&str, &str, &str); 2] = [
    ("month", "2026-10", "対象月 令和8年10月"),
    ("quarter", "R8Q2", "対象期間 令和8年度第2四半期"),
];

const PROFILE_ARGS: [&str; 2] = ["--profile", "city/profile.toml"];

/// The row of 権利擁護業務 高齢者虐待 in a center's grid (its 7th row: 5 of 総合相談支援業務
/// and their 計 above it).
const GYAKUTAI_ROW: u32 = 6;

/// A city of the grid form run as this cadence: the dictionary, the blank templates and the
/// clean period filled in (folder `clean`) with its values.
struct Grid {
    wd: Workdir,
    dict: BTreeMap<String, (String, String, String)>,
    values: Value,
    cadence: &'static str,
    shown: &'static str,
}

fn grid(name: &str, (cadence, period, shown): (&'static str, &str, &'static str)) -> Grid {
    let wd = Workdir::new(&format!("grid-{name}-{cadence}"));
    let form = std::fs::read_to_string(root().join("tests/forms/soudan/form.toml"))
        .expect("the test form")
        .replace("period = \"month\"", &format!("period = \"{cadence}\""));
    wd.write("city/form.toml", form);
    wd.write(
        "city/profile.toml",
        std::fs::read(root().join("tests/forms/soudan/profile.toml")).expect("profile"),
    );
    let dict = dictionary(&wd);
    let [p, f] = PROFILE_ARGS;
    wd.expect(
        0,
        &["template", p, f, "--out", "templates", "--period", period],
    );
    let values = clean(&dict);
    fill(&wd, &values, "clean");
    Grid {
        wd,
        dict,
        values,
        cadence,
        shown,
    }
}

impl Grid {
    /// Check these values, filled in as the folder `out`: the document and the exit code.
    fn check(&self, values: &Value, out: &str) -> (Value, i32) {
        let dir = fill(&self.wd, values, out);
        self.wd
            .check_json(&[PROFILE_ARGS[0], PROFILE_ARGS[1], s(&dir)])
    }

    /// Compile the clean period with these options.
    fn compile(&self, options: &[&str]) {
        let clean = self.wd.path("clean");
        let args = [
            &["compile", PROFILE_ARGS[0], PROFILE_ARGS[1]],
            options,
            &[s(&clean)],
        ];
        self.wd.expect(0, &args.concat());
    }

    /// A center's typed 高齢者虐待 (本人).
    fn gyakutai(&self, center: &str) -> f64 {
        let v = &self.values[center]["naiyo_kenri_gyakutai_honnin"];
        v.as_f64().unwrap_or(0.0)
    }
}

/// The errors of a center: (rule, cell), sorted, each once.
fn errors_of(doc: &Value, center: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = findings(doc)
        .iter()
        .filter(|f| f["center"] == center && f["severity"] == "error")
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (text("rule"), text("cell"))
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn sorted(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(rule, cell)| (rule.to_string(), cell.to_string()))
        .collect();
    v.sort();
    v
}

/// Ids are <table>_<row>_<column>; totals on both axes are totals, 再掲 are counts.
#[test]
fn the_dictionary_names_totals_and_reprises() {
    let g = grid("dictionary", CADENCES[0]);
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
        assert_eq!(g.dict[id].2, kind, "{id}");
    }
    assert_eq!(
        g.dict.keys().filter(|k| k.starts_with("naiyo_")).count(),
        17 * 7
    );
    assert!(
        g.dict.values().all(|(sheet, _, _)| sheet != "職員配置"),
        "no staffing sheet"
    );
    let templates = std::fs::read_dir(g.wd.path("templates")).expect("templates");
    assert_eq!(templates.count(), 5);
}

/// The template's grid: the corner over the row labels, the group over its columns, the group
/// 計 (D17) a formula over its rows, the 件数 (C12) a formula over its row's 相談者.
#[test]
fn the_template_lays_out_the_grid_with_its_formulas() {
    let g = grid("template", CADENCES[0]);
    let t = sheet(&g.wd.path("templates/東1.xlsx"), "実績");
    assert_eq!(t.formula(16, 3), "SUM(D12:D16)");
    assert_eq!(t.formula(11, 2), "SUM(D12:G12)");
    let text = |a1: &str| {
        let (r, c) = row_col(a1);
        t.text(r, u32::from(c))
    };
    assert_eq!(text("A10"), "相談内容");
    assert_eq!(text("D10"), "相談者");
    assert_eq!(text("D11"), "本人");
    assert_eq!(text("A12"), "総合相談支援業務");
    assert_eq!(text("B12"), "介護保険");
}

#[test]
fn a_clean_period_checks_clean() {
    for cadence in CADENCES {
        let g = grid("clean", cadence);
        let [p, f] = PROFILE_ARGS;
        let out = g.wd.expect(0, &["check", p, f, s(&g.wd.path("clean"))]);
        assert!(
            out.contains(g.shown) && out.contains("問題ありません"),
            "{out}"
        );
    }
}

/// One fault per kind, each in its own center, found at its cells (合計 row 28 of 相談内容,
/// 37 of 相談方法; columns C 件数, D 本人, E 家族, F 関係機関, H 認知症).
#[test]
fn one_fault_per_kind_is_found_at_its_cells() {
    for cadence in CADENCES {
        let g = grid("faults", cadence);
        let mut faulty = g.values.clone();
        // A row's total (合計 row, 本人) typed over; a row's 件数 typed over; a group 計 typed over.
        faulty["東1"]["naiyo_kei_honnin"] = json!(999);
        faulty["東2"]["naiyo_sogo_iryo_kensu"] = json!(999);
        faulty["西1"]["naiyo_kenri_kei_kazoku"] = json!(999);
        // 再掲 column above its 件数; 再掲 row above its 合計 (with its own 件数 typed to match).
        faulty["西2"]["naiyo_sogo_seikatsu_ninchi"] = json!(500);
        faulty["西3"]["hoho_shokai_kikan"] = json!(900);
        // The two grids' 合計 rows part in one column (関係機関): 東1's visits, one more.
        let homon = faulty["東1"]["hoho_homon_kikan"].as_i64().unwrap_or(0);
        faulty["東1"]["hoho_homon_kikan"] = json!(homon + 1);
        let (doc, code) = g.check(&faulty, "faults");
        assert_eq!(code, 1, "{doc:#}");
        // 東1: its typed 合計 (the sum of the group 計 rows), and the relation at both 合計
        // rows' 関係機関 and 件数 (the 本人 relation reads the typed 999 too).
        let relation = [
            ("relation", "C28"),
            ("relation", "C37"),
            ("relation", "D28"),
        ];
        let more = [
            ("relation", "D37"),
            ("relation", "F28"),
            ("relation", "F37"),
        ];
        let mut east1 = vec![("sum", "D28")];
        east1.extend(relation.iter().chain(&more));
        assert_eq!(errors_of(&doc, "東1"), sorted(&east1), "{doc:#}");
        // 東2: its typed 件数 of 医療 (C14); the 合計 row's 件数 the workbook computes from it
        // no longer matches the other grid's.
        let east2 = [("sum", "C14"), ("relation", "C28"), ("relation", "C37")];
        assert_eq!(errors_of(&doc, "東2"), sorted(&east2), "{doc:#}");
        // 西1: its typed group 計 (権利擁護業務 計 家族, E21), and the 合計 row's 家族.
        let west1 = [("sum", "E21"), ("relation", "E28"), ("relation", "E37")];
        assert_eq!(errors_of(&doc, "西1"), sorted(&west1), "{doc:#}");
        // 西2: 認知症 (再掲) of 生活 (H15) above its row's 件数, so in its group's 計 and 合計.
        let west2 = [("sum", "H15"), ("sum", "H17"), ("sum", "H28")];
        assert_eq!(errors_of(&doc, "西2"), sorted(&west2), "{doc:#}");
        // 西3: 初回の相談 (再掲 row 38) above the 合計 row, in 関係機関 and so in 件数.
        let west3 = [("sum", "F38"), ("sum", "C38")];
        assert_eq!(errors_of(&doc, "西3"), sorted(&west3), "{doc:#}");
        let within = findings(&doc)
            .into_iter()
            .find(|f| f["center"] == "西3" && f["cell"] == "F38")
            .expect("the 再掲 finding");
        let message = within["message"].as_str().unwrap_or("");
        assert!(
            message.contains("初回の相談") && message.contains("合計"),
            "{message}"
        );
    }
}

/// A figure typed as text (「３件」): one finding at its cell (保健福祉サービス 本人, D13),
/// none from the totals and relations that would read it.
#[test]
fn a_figure_typed_as_text_is_one_finding_at_its_cell() {
    for cadence in CADENCES {
        let g = grid("typo", cadence);
        let mut typo = g.values.clone();
        typo["東2"]["naiyo_sogo_hoken_honnin"] = json!("３件");
        let (doc, code) = g.check(&typo, "typo");
        assert_eq!(code, 1, "{doc:#}");
        let errors: Vec<Value> = with(&doc, "error", None);
        assert_eq!(errors.len(), 1, "{doc:#}");
        assert_eq!(
            (&errors[0]["rule"], &errors[0]["cell"]),
            (&json!("input"), &json!("D13"))
        );
    }
}

/// The report of the clean period: the city's grid and each area's, the sums of their centers'
/// grids, cell by cell; a center's grid as it typed it; the tidy CSV line of a figure.
#[test]
fn the_report_sums_the_centers_grids() {
    for cadence in CADENCES {
        let g = grid("report", cadence);
        g.compile(&["--out", "r.xlsx", "--csv", "r.csv"]);
        let sheets = hokatsu_sheets(&g.wd.path("r.xlsx"));
        assert!(
            !sheets.iter().any(|n| n == "職員配置"),
            "no staffing sheet: {sheets:?}"
        );
        let acts = sheet(&g.wd.path("r.xlsx"), "事業実績");
        for (corner, rows, cols) in [("相談内容", 17u32, 7u32), ("相談方法", 5, 6)] {
            sums_of_blocks(&acts, corner, rows, cols);
        }
        // A center's figure as typed, at its row and column (本人, after the 件数).
        let naiyo = blocks(&acts, "相談内容");
        let at = |name: &str| acts.number(naiyo[name] + GYAKUTAI_ROW, 3);
        assert_eq!(at("西1"), Some(g.gyakutai("西1")));
        // The city's 高齢者虐待 (the figure no stacked table gave).
        let city: f64 = CENTERS.iter().map(|c| g.gyakutai(c)).sum();
        assert_eq!(at("市計"), Some(city));
        let csv = std::fs::read_to_string(g.wd.path("r.csv")).expect("csv");
        let line = format!(
            "西1,相談内容別・相談者別の件数 相談内容,権利擁護業務 高齢者虐待,相談者 本人,{}",
            g.gyakutai("西1")
        );
        assert!(csv.lines().any(|l| l == line), "{line} in the tidy CSV");
    }
}

/// A grid's blocks on 事業実績: the city's and each area's cells are the sums of their centers'.
fn sums_of_blocks(acts: &SheetData, corner: &str, rows: u32, cols: u32) {
    let blocks = blocks(acts, corner);
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
            let sum: f64 = CENTERS.iter().map(|c| get(c)).sum();
            assert_eq!(get("市計"), sum, "{corner} row {dr} column {dc}");
            let east: f64 = ["東1", "東2"].iter().map(|c| get(c)).sum();
            assert_eq!(get("東区 小計"), east, "{corner} row {dr} column {dc}");
        }
    }
    // The city's cells are formulas over the centers' cells.
    let f = acts.formula(blocks["市計"], value_col + 1);
    assert!(f.starts_with("SUM(") && f.matches(',').count() == 4, "{f}");
}

/// Last period read back from its tidy CSV (as --history does): 推移 compares the city's 合計
/// 件数 of the grid, and each center's is its own figure (a flow table's amount is the
/// period's, not an increase of a year-to-date).
#[test]
fn the_trends_compare_the_grids_total() {
    for cadence in CADENCES {
        let g = grid("trends", cadence);
        g.compile(&["--out", "r.xlsx", "--csv", "r.csv"]);
        let previous = if g.cadence == "month" {
            "2026-09.csv"
        } else {
            "2026-Q1.csv"
        };
        g.wd.write(
            &format!("hist/{previous}"),
            std::fs::read(g.wd.path("r.csv")).expect("csv"),
        );
        g.compile(&["--out", "h.xlsx", "--history", "hist"]);
        let trends = sheet(&g.wd.path("h.xlsx"), "推移");
        // Every leaf of 相談内容 (a count under a 相談者), of a center or of all.
        let own = |c: &str| -> f64 {
            g.dict
                .iter()
                .filter(|(k, (_, _, kind))| {
                    kind == "count"
                        && k.starts_with("naiyo_")
                        && WHO.iter().any(|w| k.ends_with(&format!("_{w}")))
                })
                .map(|(k, _)| g.values[c][k].as_f64().unwrap_or(0.0))
                .sum()
        };
        let kensu: f64 = CENTERS.iter().map(|c| own(c)).sum();
        let line = trends.find(0, "相談件数", 0).expect("相談件数 on 推移");
        assert_eq!(trends.number(line, 1), Some(kensu), "{previous}");
        assert_eq!(trends.number(line, 2), Some(kensu));
        if g.cadence == "month" {
            let east1 = trends.find(0, "東1", 0).expect("東1's row");
            assert_eq!(trends.number(east1, 1), Some(own("東1")), "東1's own month");
        }
    }
}

/// The report by area (as a national run prints): the city's grid, then each area's.
#[test]
fn the_report_by_area_sums_each_areas_centers() {
    for cadence in CADENCES {
        let g = grid("areas", cadence);
        g.compile(&["--rows", "areas", "--out", "areas.xlsx"]);
        let by_area = sheet(&g.wd.path("areas.xlsx"), "事業実績");
        let area_blocks = blocks(&by_area, "相談内容");
        assert_eq!(
            area_blocks.keys().map(String::as_str).collect::<Vec<_>>(),
            ["市計", "東区", "西区"]
        );
        let east = g.gyakutai("東1") + g.gyakutai("東2");
        assert_eq!(
            by_area.number(area_blocks["東区"] + GYAKUTAI_ROW, 3),
            Some(east)
        );
    }
}

/// A year of quarters from their tidy CSVs: a flow grid sums the four.
#[test]
fn a_year_of_quarters_sums_the_grid() {
    let g = grid("year", CADENCES[1]);
    g.compile(&["--out", "r.xlsx", "--csv", "r.csv"]);
    let csv = std::fs::read(g.wd.path("r.csv")).expect("csv");
    for q in 1..=4 {
        g.wd.write(&format!("year/2026-Q{q}.csv"), &csv);
    }
    let [p, f] = PROFILE_ARGS;
    let args = [
        "compile",
        p,
        f,
        "--fiscal-year",
        "2026",
        "--out",
        "year.xlsx",
        "year",
    ];
    g.wd.expect(0, &args);
    let year = sheet(&g.wd.path("year.xlsx"), "事業実績");
    let year_blocks = blocks(&year, "相談内容");
    let city: f64 = CENTERS.iter().map(|c| g.gyakutai(c)).sum();
    assert_eq!(
        year.number(year_blocks["市計"] + GYAKUTAI_ROW, 3),
        Some(4.0 * city)
    );
}

/// The sheet names of a written workbook.
fn hokatsu_sheets(path: &std::path::Path) -> Vec<String> {
    use calamine::Reader;
    open_xlsx(path).sheet_names().to_vec()
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
