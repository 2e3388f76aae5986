//! A city's own form with the shapes of the form language (docs/form.md) and a quarterly
//! period, end to end: `hokatsu template`, filled by a script through the data dictionary
//! (tests/scripts/fill_through_dictionary.py, openpyxl: as a center's own script would),
//! `check` with one planted fault per kind of relation, each found at its cell, and `compile`,
//! read back. Needs Python with openpyxl (`.ci/run` installs it).

mod common;

use common::*;
use serde_json::json;
use std::process::Command;

const FORM: &str = r#"
id = "shapes"
version = "1"
period = "quarter"
title = "{年度}センター実績({現在})"
total = "計"
row = "件数"
headlines = ["sodan_kei"]

[overview]
number = "1"
label = "概要"
columns = [
  "名称",
  { label = "担当圏域", field = "area" },
  { label = "所在地", field = "address" },
  { label = "第1号被保険者数", field = "population" },
]

[staffing]
id = "staff"
number = "2"
label = "職員"
note = ""
population = "第1号被保険者数"
required = "必要な人員"
corner = "勤務体制"
professional_total = "kei"
columns = [{ id = "senju", label = "専従" }]
rows = [
  { id = "hokenshi", label = ["専門職", "保健師等", "常勤"], profession = "hokenshi" },
  { id = "shakai", label = ["専門職", "社会福祉士", "常勤"], profession = "shakai" },
  { id = "shunin", label = ["専門職", "主任介護支援専門員", "常勤"], profession = "shunin" },
  { id = "kei", label = ["計", "", "常勤"], sum = ["hokenshi", "shakai", "shunin"] },
]
fte = "常勤換算"

[activities]
number = "3"
label = "実績({現在})"

[[part]]
number = "I"
label = "相談"

[[part.section]]
number = "(1)"
label = "総合相談"

# Column groups: 相談方法 × 相談者; the total is the consultations.
[[part.section.table]]
id = "sodan"
label = "相談方法・相談者"
corner = "区分"
columns = [
  { id = "denwa_honnin", label = ["電話", "本人"] },
  { id = "denwa_kazoku", label = ["電話", "家族"] },
  { id = "homon_honnin", label = ["訪問", "本人"] },
  { id = "homon_kazoku", label = ["訪問", "家族"] },
  { id = "kei", label = "計", sum = "*" },
]

# 再掲 inside 認知症; each case counted once against the consultations (breakdown).
[[part.section.table]]
id = "naiyo"
label = "相談内容"
breakdown_of = "sodan_kei"
columns = [
  { id = "ninchisho", label = "認知症" },
  { id = "ninchisho_kazoku", label = "(再掲)家族からの相談", of = "ninchisho" },
  { id = "sonota", label = "その他" },
  { id = "kei", label = "計", sum = "*" },
]

# Row groups: a stacked table, each center spanning 相談方法 × 新規/継続 with its total merged.
[[part.section.table]]
id = "hoho"
label = "相談方法別"
layout = "stacked"
corner = "区分"
columns = [{ id = "kensu", label = "件数" }]
rows = [
  { id = "denwa_shinki", label = ["電話", "新規"] },
  { id = "denwa_keizoku", label = ["電話", "継続"] },
  { id = "homon_shinki", label = ["訪問", "新規"] },
  { id = "homon_keizoku", label = ["訪問", "継続"] },
  { id = "kei", label = ["計"], sum = "*" },
]

# This quarter's meetings (flow), not a total since April.
[[part.section.table]]
id = "kaigi"
label = "会議"
row = "回数"
amounts = "flow"
columns = [{ id = "kaisu", label = "開催回数" }, { id = "sanka", label = "参加者数" }]

# A list the center adds rows to: its meetings, each with a date, what it was and who came.
[[part.section.table]]
id = "kaigi_list"
label = "会議の一覧"
layout = "list"
amounts = "flow"
corner = "No."
capacity = 5
count = "開催件数"
columns = [
  { id = "bi", label = "開催日", kind = "date" },
  { id = "naiyo", label = "内容", kind = "text" },
  { id = "sanka", label = "参加者数" },
]

[[part]]
number = "II"
label = "収支"

[[part.section]]
number = "(1)"
label = "収支状況"

[[part.section.table]]
id = "shushi"
label = "収支"
unit = "千円"
columns = [
  { id = "shunyu", label = "収入総額" },
  { id = "shishutsu", label = "支出総額" },
  { id = "sagaku", label = "収支差額", signed = true },
  { id = "shikko", label = "執行率", ratio = ["shishutsu", "shunyu"] },
]

[[relation]]
label = "収入総額 − 支出総額"
left = ["shushi_shunyu", "-shushi_shishutsu"]
right = "shushi_sagaku"

[[relation]]
label = "会議の参加者数"
left = ["kaigi_sanka"]
right = "kaigi_kaisu"
kind = "at_least"

# Spending above income: 執行率 over 100% is a warning (at most a number, on a ratio).
[[relation]]
left = ["shushi_shikko"]
kind = "at_most"
right = 1
severity = "warning"

# The meetings listed are the meetings held, and their participants add up.
[[relation]]
left = ["kaigi_list_kensu"]
right = "kaigi_kaisu"

[[relation]]
left = ["kaigi_list_kei_sanka"]
right = "kaigi_sanka"
"#;

const PROFILE: &str = r#"
city = "形の市(例)"
fiscal_year = 2025
population_as_of = "R7.4末"

[form]
file = "form.toml"

[staffing]
brackets = [{ from = 0, staff = 3 }]

[[center]]
id = "a"
name = "A地域包括支援センター"
short = "A"
operation = "委託"
operator = "社会福祉法人 (例)A会"
since = 2020
population = 4000
area = "北圏域"
fields = { address = "形の市北町1-1" }

[[center]]
id = "b"
name = "B地域包括支援センター"
short = "B"
operation = "委託"
operator = "社会福祉法人 (例)B会"
since = 2020
population = 5000
area = "南圏域"
fields = { address = "形の市南町2-2" }
"#;

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A's and B's values: everything holds.
fn clean() -> serde_json::Value {
    let center = |n: i64| {
        json!({
            "staff_hokenshi": 1, "staff_shakai": 1, "staff_shunin": 1,
            "sodan_denwa_honnin": 10 * n, "sodan_denwa_kazoku": 5 * n,
            "sodan_homon_honnin": 3 * n, "sodan_homon_kazoku": 2 * n,
            "naiyo_ninchisho": 12 * n, "naiyo_ninchisho_kazoku": 4 * n, "naiyo_sonota": 8 * n,
            "hoho_denwa_shinki": 6 * n, "hoho_denwa_keizoku": 9 * n,
            "hoho_homon_shinki": 2 * n, "hoho_homon_keizoku": 3 * n,
            "kaigi_kaisu": 2 * n, "kaigi_sanka": 20 * n,
            "shushi_shunyu": 50_000 * n, "shushi_shishutsu": 49_000 * n, "shushi_sagaku": 1_000 * n,
        })
    };
    let mut values = json!({ "A": center(1), "B": center(2) });
    // The meetings listed: A's two, B's four, participants adding up to 20 and 40.
    let meetings = [
        (
            "A",
            vec![
                ("2025-07-10", "地域ケア個別会議", 8),
                ("2025-09-04", "推進会議", 12),
            ],
        ),
        (
            "B",
            vec![
                ("2025-07-03", "地域ケア個別会議", 9),
                ("2025-07-24", "地域ケア個別会議", 7),
                ("2025-08-21", "自立支援型会議", 11),
                ("2025-09-25", "推進会議", 13),
            ],
        ),
    ];
    for (c, list) in meetings {
        for (n, (date, what, sanka)) in list.into_iter().enumerate() {
            let slot = format!("kaigi_list_{:02}", n + 1);
            values[c][format!("{slot}_bi")] = json!(date);
            values[c][format!("{slot}_naiyo")] = json!(what);
            values[c][format!("{slot}_sanka")] = json!(sanka);
        }
    }
    values
}

fn fill(wd: &Workdir, values: &serde_json::Value, out: &str) -> std::path::PathBuf {
    fill_from(wd, "templates", values, out)
}

const PROFILE_ARGS: [&str; 2] = ["--profile", "city/profile.toml"];

/// The cells of the items the tests below name (checked against the dictionary by
/// `the_dictionary_keeps_its_addresses`, and used as the expectation everywhere else).
const CELLS: &[(&str, &str)] = &[
    ("sodan_denwa_honnin", "B10"),
    ("sodan_kei", "F10"),
    ("naiyo_ninchisho_kazoku", "C14"),
    ("naiyo_sonota", "D14"),
    ("naiyo_kei", "E14"),
    ("hoho_denwa_keizoku", "D19"),
    ("kaigi_kaisu", "B25"),
    ("kaigi_sanka", "C25"),
    ("kaigi_list_01_bi", "B29"),
    ("kaigi_list_05_bi", "B33"),
    ("kaigi_list_05_naiyo", "C33"),
    // (the list's text column before it takes the width the page leaves: issue 26.6)
    ("kaigi_list_kei_sanka", "L34"),
    ("shushi_shunyu", "B40"),
    ("shushi_shishutsu", "C40"),
    ("shushi_sagaku", "D40"),
];

/// An item's cell on 実績, as written in CELLS; the list's count (computed, so not in the
/// dictionary) is the cell under its first column, B34; 執行率 is beside 収支差額, E40.
fn cell(id: &str) -> String {
    let computed = [("kaigi_list_kensu", "B34"), ("shushi_shikko", "E40")];
    CELLS
        .iter()
        .chain(&computed)
        .find(|(i, _)| *i == id)
        .map(|(_, c)| c.to_string())
        .unwrap_or_else(|| panic!("{id} is not in CELLS"))
}

/// A workdir with the city's form and profile and the quarter's blank templates.
fn city(name: &str) -> Workdir {
    let wd = Workdir::new(name);
    wd.write("city/form.toml", FORM);
    wd.write("city/profile.toml", PROFILE);
    let [p, f] = PROFILE_ARGS;
    wd.expect(
        0,
        &["template", p, f, "--out", "templates", "--period", "R7Q2"],
    );
    wd
}

/// Check these values, filled into the templates as `out`: the document and the exit code.
fn check(wd: &Workdir, values: &serde_json::Value, out: &str) -> (serde_json::Value, i32) {
    let dir = fill(wd, values, out);
    wd.check_json(&[PROFILE_ARGS[0], PROFILE_ARGS[1], s(&dir)])
}

/// Compile the folder `dir` of the workdir into `out` (and its tidy CSV into `csv`).
fn compile(wd: &Workdir, dir: &str, out: &str, csv: &str) -> std::path::PathBuf {
    let [p, f] = PROFILE_ARGS;
    wd.expect(0, &["compile", p, f, "--out", out, "--csv", csv, dir]);
    wd.path(out)
}

#[test]
fn the_dictionary_keeps_its_addresses() {
    let wd = Workdir::new("shapes-dictionary");
    wd.write("city/form.toml", FORM);
    wd.write("city/profile.toml", PROFILE);
    let dict = wd.expect(0, &["form", PROFILE_ARGS[0], PROFILE_ARGS[1]]);
    for (id, at) in CELLS {
        let line = dict.lines().find(|l| l.starts_with(&format!("{id},")));
        let place = line.and_then(|l| l.split(',').nth(1).zip(l.split(',').nth(2)));
        assert_eq!(place, Some(("実績", *at)), "{id}");
    }
    assert!(
        !dict.contains("shushi_shikko"),
        "a computed ratio is not an input"
    );
    assert!(!dict.contains("kaigi_list_kensu"), "nor the list's count");
    // The template lays the center's rows out as the report does; the dictionary joins labels.
    assert!(
        dict.contains("hoho_denwa_keizoku,実績,D19,総合相談 相談方法別,電話 継続,件数,count"),
        "{dict}"
    );
}

#[test]
fn the_clean_quarter_checks_clean_and_reads_the_same_from_ods() {
    let wd = city("shapes-clean");
    let month = fill(&wd, &clean(), "clean");
    let out = wd.expect(0, &["check", PROFILE_ARGS[0], PROFILE_ARGS[1], s(&month)]);
    assert!(
        out.contains("対象期間 令和7年度第2四半期: 2 ファイル、2 / 2 センター記入済み"),
        "{out}"
    );
    assert!(out.contains("問題ありません"), "{out}");

    // The same quarter saved by LibreOffice as .ods (dates stored its way, texts, groups):
    // read back to the same tidy records as the openpyxl workbooks.
    let ods = wd.path("clean-ods");
    let convert = Command::new("libreoffice")
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(&ods)
        .arg(month.join("A.xlsx"))
        .arg(month.join("B.xlsx"))
        .output()
        .expect("libreoffice (apt-get install -y --no-install-recommends libreoffice-calc)");
    assert!(convert.status.success(), "{convert:?}");
    compile(&wd, "clean", "xlsx.xlsx", "xlsx.csv");
    compile(&wd, "clean-ods", "ods.xlsx", "ods.csv");
    let tidy = |csv: &str| std::fs::read_to_string(wd.path(csv)).expect("csv");
    let from_xlsx = tidy("xlsx.csv");
    assert!(
        from_xlsx.contains("B,総合相談 会議の一覧,4,開催日,2025-09-25"),
        "{from_xlsx}"
    );
    assert_eq!(tidy("ods.csv"), from_xlsx);
}

#[test]
fn one_fault_per_kind_of_relation_is_found_at_its_cells() {
    let wd = city("shapes-faults");
    let cases = [
        // (item typed, value, rule, where the finding points)
        // (a typed total: its parts disagree, and so does the breakdown counted against it)
        ("sodan_kei", 999, "sum", vec!["sodan_kei", "naiyo_kei"]),
        (
            "naiyo_ninchisho_kazoku",
            100,
            "sum",
            vec!["naiyo_ninchisho_kazoku"],
        ),
        ("naiyo_sonota", 1, "sum", vec!["naiyo_kei"]),
        (
            "shushi_sagaku",
            -3,
            "relation",
            vec!["shushi_shunyu", "shushi_shishutsu", "shushi_sagaku"],
        ),
        // (at least the meetings, and the list's participants add up to it)
        (
            "kaigi_sanka",
            1,
            "relation",
            vec![
                "kaigi_sanka",
                "kaigi_kaisu",
                "kaigi_list_kei_sanka",
                "kaigi_sanka",
            ],
        ),
        // (five meetings held, four listed: at the list's count and at 開催回数)
        (
            "kaigi_kaisu",
            5,
            "relation",
            vec!["kaigi_list_kensu", "kaigi_kaisu"],
        ),
    ];
    for (n, (item, v, rule, at)) in cases.iter().enumerate() {
        let mut values = clean();
        values["B"][item] = json!(v);
        let (doc, code) = check(&wd, &values, &format!("fault{n}"));
        assert_eq!(code, 1, "{item}: {doc:#}");
        let found: Vec<serde_json::Value> = with(&doc, "error", Some(rule))
            .into_iter()
            .filter(|f| f["center"] == "B")
            .collect();
        let mut cells: Vec<String> = found
            .iter()
            .filter_map(|f| f["cell"].as_str().map(String::from))
            .collect();
        cells.sort();
        let mut expected: Vec<String> = at.iter().map(|i| cell(i)).collect();
        expected.sort();
        assert_eq!(cells, expected, "{item} = {v}: {found:#?}");
        assert!(
            findings(&doc)
                .iter()
                .all(|f| f["center"] != "A" || f["severity"] != "error"),
            "A is untouched"
        );
    }
}

/// A file with nothing but a list line written is filled in, not the blank template.
#[test]
fn a_file_with_only_a_list_line_is_filled_in() {
    let wd = city("shapes-only-list");
    let only_list = json!({ "A": { "kaigi_list_01_naiyo": "会議" }, "B": clean()["B"].clone() });
    let (doc, _) = check(&wd, &only_list, "only-list");
    assert!(
        with(&doc, "error", Some("input.blank")).is_empty(),
        "{doc:#}"
    );
    // (its empty tables are named, as in any filled file)
    assert!(!with(&doc, "warning", Some("input.blank")).is_empty());
    assert_eq!(doc["summary"]["submitted"], 2, "{doc:#}");
}

/// at_most: B spends more than it takes in (its balance says so, so only the warning).
#[test]
fn spending_above_income_is_a_warning_at_the_ratio() {
    let wd = city("shapes-over");
    let mut over = clean();
    over["B"]["shushi_shishutsu"] = json!(110_000);
    over["B"]["shushi_sagaku"] = json!(-10_000);
    let (doc, code) = check(&wd, &over, "over");
    assert_eq!(code, 0, "{doc:#}");
    let warned = with(&doc, "warning", Some("relation"));
    assert_eq!(warned.len(), 1, "{doc:#}");
    // (at the 執行率 cell, after 収支差額)
    assert_eq!(warned[0]["cell"], cell("shushi_shikko"));
    assert_eq!(warned[0]["actual"], "110.0%");
}

/// Section 1 shows the fields the form names, the profile's own ones among them; a field no
/// center gives is a mistake, named at its line.
#[test]
fn the_overview_shows_the_fields_the_form_names() {
    let wd = city("shapes-overview");
    fill(&wd, &clean(), "clean");
    let r = compile(&wd, "clean", "r.xlsx", "r.csv");
    let overview = sheet(&r, "概要");
    let head = overview.find(1, "名称", 0).expect("the header");
    let header: Vec<String> = (1..=4).map(|c| overview.text(head, c)).collect();
    assert_eq!(header, ["名称", "担当圏域", "所在地", "第1号被保険者数"]);
    let b: Vec<String> = (1..=4).map(|c| overview.text(head + 2, c)).collect();
    assert_eq!(
        b,
        ["B地域包括支援センター", "南圏域", "形の市南町2-2", "5,000"]
    );
    let typo_form = FORM.replace("field = \"address\"", "field = \"adress\"");
    wd.write("city/typo.toml", &typo_form);
    let [p, f] = PROFILE_ARGS;
    let typo = wd.run(&["form", p, f, "--form", "city/typo.toml"]);
    assert_eq!(typo.status.code(), Some(2));
    let err = String::from_utf8_lossy(&typo.stderr);
    assert!(err.contains("adress") && err.contains("所在地"), "{err}");
    // (in the form's file, at the line naming the field)
    let line = typo_form
        .lines()
        .position(|l| l.contains("\"adress\""))
        .map(|i| i + 1)
        .expect("line");
    assert!(
        err.contains(&format!("city/typo.toml の{line}行目")),
        "{err}"
    );
}

/// The list: every center's meetings, a row each, then the count and the participants; the
/// tidy CSV carries the dates and texts, and reads back to a clean quarter.
#[test]
fn the_report_lists_every_centers_meetings() {
    let wd = city("shapes-list");
    fill(&wd, &clean(), "clean");
    let acts = sheet(&compile(&wd, "clean", "r.xlsx", "r.csv"), "事業実績");
    let head = (0..acts.rows())
        .find(|&r| acts.text(r, 1) == "開催日")
        .expect("the list's header");
    assert_eq!(acts.text(head, 0), "センター");
    let sanka = (3..40)
        .find(|&c| acts.text(head, c) == "参加者数")
        .expect("the participants' column");
    let listed: Vec<(String, Option<f64>, String, Option<f64>)> = (head + 1..head + 7)
        .map(|r| {
            (
                acts.text(r, 0),
                // A date, formatted as one (calamine reads it as a date).
                match acts.get(r, 1) {
                    calamine::Data::DateTime(d) => Some(d.as_f64()),
                    _ => None,
                },
                acts.text(r, 2),
                acts.number(r, sanka),
            )
        })
        .collect();
    // (Excel's serial numbers of 2025-07-10 and 2025-09-25)
    let day = |serial: f64| Some(serial);
    assert_eq!(
        listed[0],
        (
            "A".into(),
            day(45848.0),
            "地域ケア個別会議".into(),
            Some(8.0)
        )
    );
    assert_eq!(
        listed[5],
        ("B".into(), day(45925.0), "推進会議".into(), Some(13.0))
    );
    let total = head + 7;
    assert_eq!(acts.text(total, 0), "計");
    assert_eq!(acts.number(total, 1), Some(6.0), "meetings listed");
    assert!(acts.formula(total, 1).starts_with("COUNTA("));
    assert_eq!(acts.number(total, sanka), Some(60.0));
    assert!(acts.formula(total, sanka).starts_with("SUM("));
    let csv = std::fs::read_to_string(wd.path("r.csv")).expect("csv");
    assert!(
        csv.contains("A,総合相談 会議の一覧,1,開催日,2025-07-10")
            && csv.contains("B,総合相談 会議の一覧,3,内容,自立支援型会議"),
        "{csv}"
    );
    let [p, f] = PROFILE_ARGS;
    let back = wd.expect(0, &["check", p, f, "--period", "R7Q2", "r.csv"]);
    assert!(back.contains("問題ありません"), "{back}");
}

/// A line filled without its date is not counted, and check says so; the report shows the
/// line but counts, as its COUNTA does, only the dated six.
#[test]
fn an_undated_line_is_shown_but_not_counted() {
    let wd = city("shapes-undated");
    let mut undated = clean();
    undated["B"]["kaigi_list_05_naiyo"] = json!("日付を書き忘れた会議");
    let (doc, _) = check(&wd, &undated, "undated");
    let warned = with(&doc, "warning", Some("input"));
    assert_eq!(warned.len(), 1, "{doc:#}");
    assert_eq!(warned[0]["cell"], cell("kaigi_list_05_naiyo"));
    assert!(
        warned[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("5行目") && m.contains("開催日が空欄")),
        "{doc:#}"
    );
    let acts = sheet(&compile(&wd, "undated", "u.xlsx", "u.csv"), "事業実績");
    let total = (0..acts.rows())
        .find(|&r| acts.text(r, 2) == "日付を書き忘れた会議")
        .map(|r| r + 1)
        .expect("the undated line, last");
    assert_eq!(acts.text(total, 0), "計");
    assert_eq!(acts.number(total, 1), Some(6.0));
}

/// The report: the quarter in the title, the column groups, the ratio of the city's own
/// figures, and the stacked table's row groups with the center's total merged beside them.
#[test]
fn the_report_keeps_the_forms_groups_and_ratios() {
    let wd = city("shapes-report");
    fill(&wd, &clean(), "clean");
    let r = compile(&wd, "clean", "r.xlsx", "r.csv");
    let acts = sheet(&r, "事業実績");
    assert_eq!(acts.text(0, 0), "令和7年度センター実績(令和7年度第2四半期)");
    let group = (0..acts.rows())
        .find(|&r| acts.text(r, 1) == "電話")
        .expect("the group row");
    assert_eq!(acts.text(group, 3), "訪問");
    assert_eq!(acts.text(group + 1, 2), "家族");
    let shushi = (0..acts.rows())
        .find(|&r| acts.text(r, 0) == "収支(千円)")
        .expect("収支(千円)");
    let total = (shushi..acts.rows())
        .find(|&r| acts.text(r, 0) == "計")
        .expect("計");
    assert_eq!(acts.number(total, 3), Some(3_000.0));
    let rate = acts.number(total, 4).expect("執行率");
    assert!((rate - 147_000.0 / 150_000.0).abs() < 1e-9, "{rate}");
    let sodan = (0..acts.rows())
        .find(|&r| acts.text(r, 0) == "計" && acts.number(r, 5) == Some(60.0))
        .expect("the consultations' 計 row");
    // (the centers have areas, so the city total skips the areas' subtotals)
    assert!(acts.formula(sodan, 5).starts_with("SUBTOTAL(9,"));

    let b = (0..acts.rows())
        .find(|&r| acts.text(r, 0) == "B" && acts.text(r, 2) == "新規")
        .expect("B's stacked rows");
    let labels: Vec<(String, String)> = (b..b + 4)
        .map(|r| (acts.text(r, 1), acts.text(r, 2)))
        .collect();
    let expected = [
        ("電話", "新規"),
        ("", "継続"),
        ("訪問", "新規"),
        ("", "継続"),
    ];
    assert_eq!(
        labels,
        expected.map(|(g, l)| (g.to_string(), l.to_string()))
    );
    let values: Vec<Option<f64>> = (b..b + 4).map(|r| acts.number(r, 3)).collect();
    assert_eq!(values, [12.0, 18.0, 4.0, 6.0].map(Some));
    assert_eq!(acts.number(b, 4), Some(40.0));
    assert!(
        acts.formula(b, 4).starts_with("SUM("),
        "{}",
        acts.formula(b, 4)
    );
    let hoho_total = (b..acts.rows())
        .find(|&r| acts.text(r, 0) == "計")
        .expect("計");
    assert_eq!(acts.number(hoho_total, 4), Some(60.0));
    let merged = open_xlsx(&r)
        .merge_cells_by_sheet_name("事業実績")
        .expect("merges");
    let spans = |row: u32, col: u32| {
        merged
            .iter()
            .any(|d| d.start == (row, col) && d.end.0 > row && d.end.1 == col)
    };
    assert!(spans(b, 1), "the group 電話 merged down its rows");
    assert!(spans(b, 4), "the total merged down the center's rows");
}

/// An annual report from four quarters: a flow list's lines are joined over the year, and a
/// year's lines past the list's capacity are an error naming it.
#[test]
fn a_years_list_joins_the_quarters_lines() {
    let wd = Workdir::new("shapes-year");
    wd.write("city/form.toml", FORM);
    wd.write("city/profile.toml", PROFILE);
    let profile = ["--profile", "city/profile.toml"];
    // Q1 and Q2 as the clean quarter (A lists 2 meetings, B 4); Q3 and Q4 without meetings.
    let quiet = {
        let mut v = clean();
        for c in ["A", "B"] {
            let center = v[c].as_object_mut().expect("values");
            center.retain(|k, _| !k.starts_with("kaigi_list_"));
            center.insert("kaigi_kaisu".into(), json!(0));
            center.insert("kaigi_sanka".into(), json!(0));
        }
        v
    };
    for (q, values) in [(1, clean()), (2, clean()), (3, quiet.clone()), (4, quiet)] {
        let templates = format!("templates-q{q}");
        wd.expect(
            0,
            &[
                "template",
                profile[0],
                profile[1],
                "--out",
                &templates,
                "--period",
                &format!("2025-Q{q}"),
            ],
        );
        fill_from(&wd, &templates, &values, &format!("year/2025-Q{q}"));
    }
    let (doc, code) = wd.check_json(&[profile[0], profile[1], "--fiscal-year", "2025", "year"]);
    assert_eq!(code, 1, "{doc:#}");
    // B's 8 lines do not fit the 5 of the form: one error, for B, saying so.
    let errors = with(&doc, "error", None);
    let over: Vec<_> = errors
        .iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("capacity"))
        })
        .collect();
    assert_eq!(over.len(), 1, "{doc:#}");
    assert_eq!(
        (over[0]["expected"].as_f64(), over[0]["actual"].as_f64()),
        (Some(5.0), Some(8.0))
    );
    assert_eq!(over[0]["center"], "B", "{doc:#}");
    assert!(
        over[0]["file"]
            .as_str()
            .is_some_and(|f| f.contains("B.xlsx")),
        "{doc:#}"
    );
    // A's 4 lines are its year: the meetings listed equal the meetings held (4).
    assert!(errors.iter().all(|f| f["center"] != "A"), "{doc:#}");
    wd.expect(
        0,
        &[
            "compile",
            profile[0],
            profile[1],
            "--fiscal-year",
            "2025",
            "--force",
            "--out",
            "fy.xlsx",
            "year",
        ],
    );
    let acts = sheet(&wd.path("fy.xlsx"), "事業実績");
    let head = (0..acts.rows())
        .find(|&r| acts.text(r, 1) == "開催日")
        .expect("the list");
    let a_lines: Vec<String> = (head + 1..acts.rows())
        .take_while(|&r| acts.text(r, 0) == "A")
        .map(|r| acts.text(r, 2))
        .collect();
    assert_eq!(
        a_lines,
        [
            "地域ケア個別会議",
            "推進会議",
            "地域ケア個別会議",
            "推進会議"
        ]
    );
}
