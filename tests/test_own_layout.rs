//! Centers' files in the city's own layout, read by the form `form --from` drafted from the
//! city's workbook. The workbooks and the month of centers' files are made as cities and
//! centers make them (tests/forms/existing/make.py and centers.py: openpyxl, and LibreOffice
//! for the .ods), never by hokatsu's writer; what the script typed is in each month's
//! expected.json, and the planted faults in faults/<form>/faults.json.
//!
//! For each of the three forms (a 000-style 業務実績報告書, a 呉市-style 活動実績報告書, a year
//! sheet of months across): the dictionary names every input and total cell of the workbook
//! with its labels, and nothing else; the month (one center with rows inserted and spacer rows,
//! one saved as .ods) checks clean and compiles with every typed value in the tidy CSV; each
//! planted fault is an error at its cell in its file and nothing in the others.

mod common;

use calamine::Reader;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FORMS: [&str; 3] = ["gyomu", "katsudo", "nenkan"];

/// Three centers whose files are 東.xlsx, 西.xlsx (rows moved) and 南.ods.
const PROFILE: &str = r#"city = "試験市"
fiscal_year = 2026
population_as_of = "R8.9末"

[form]
file = "form.toml"

[[center]]
id = "higashi"
name = "東地域包括支援センター"
short = "東"
area = "東区"
population = 8000

[[center]]
id = "nishi"
name = "西地域包括支援センター"
short = "西"
area = "西区"
population = 7000

[[center]]
id = "minami"
name = "南地域包括支援センター"
short = "南"
area = "南区"
population = 6000
"#;

fn existing(rel: &str) -> PathBuf {
    root().join("tests/forms/existing").join(rel)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A workdir holding the form drafted from `<form>.xlsx` and the profile that uses it.
fn drafted(form: &str) -> Workdir {
    let wd = Workdir::new(&format!("own-{form}"));
    let blank = existing(&format!("{form}.xlsx"));
    let out = wd.run(&["form", "--from", s(&blank)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{form}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    wd.write("form.toml", &out.stdout);
    wd.write("profile.toml", PROFILE);
    wd
}

/// The month's centers' files (not expected.json) copied to `rel`, one of them replaced.
fn month(wd: &Workdir, form: &str, rel: &str, replace: Option<(&str, &Path)>) -> PathBuf {
    let dir = wd.path(rel);
    std::fs::create_dir_all(&dir).expect("month folder");
    let from = existing(&format!("month/{form}"));
    for name in ["東.xlsx", "西.xlsx", "南.ods"] {
        let src = match replace {
            Some((n, p)) if n == name => p.to_path_buf(),
            _ => from.join(name),
        };
        std::fs::copy(&src, dir.join(name)).expect("copy a center's file");
    }
    dir
}

/// nenkan's title names a fiscal year, not a month: its period is given (or its folder's name).
fn period_args(form: &str) -> Vec<&'static str> {
    if form == "nenkan" {
        vec!["--period", "2026-10"]
    } else {
        vec![]
    }
}

/// The cells of a file the script made: typed values, blank inputs and formulas.
fn input_cells(file: &Value) -> BTreeSet<String> {
    let keys = |k: &str| -> Vec<String> {
        match &file[k] {
            Value::Object(m) => m.keys().cloned().collect(),
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    };
    keys("cells")
        .into_iter()
        .chain(keys("blank"))
        .chain(keys("formulas"))
        .collect()
}

#[test]
fn the_dictionary_names_every_input_and_total_cell_of_the_city_workbook_with_its_labels() {
    for form in FORMS {
        let wd = drafted(form);
        let out = wd.expect(
            0,
            &["form", "--profile", "profile.toml", "--format", "json"],
        );
        let entries: Vec<Value> = serde_json::from_str(&out).expect("dictionary JSON");
        let expected = json(&existing(&format!("month/{form}/expected.json")));
        // 東.xlsx is the form as the city drew it, filled in.
        let east = &expected["東.xlsx"];
        let sheet = east["sheet"].as_str().expect("sheet");
        let got: BTreeSet<String> = entries
            .iter()
            .inspect(|e| assert_eq!(e["sheet"], sheet, "{form}: {e}"))
            .map(|e| e["cell"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(got.len(), entries.len(), "{form}: one item per cell");
        let mut want = input_cells(east);
        if form == "katsudo" {
            // The meeting list's ten numbered rows (A25:A34 read 1…10 in make.py), of which
            // the center filled three.
            for row in 25..=34 {
                want.extend(["B", "C", "D"].map(|c| format!("{c}{row}")));
            }
        }
        assert_eq!(got, want, "{form}: the workbook's input and total cells");
        // Each typed cell's labels, as the sheet shows them.
        for e in &entries {
            let cell = e["cell"].as_str().unwrap_or_default();
            let Some(labels) = east["labels"].get(cell) else {
                continue;
            };
            let joined = |v: &Value| {
                (v.as_array().into_iter().flatten())
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            assert_eq!(
                e["row"].as_str(),
                Some(joined(&labels[0]).as_str()),
                "{form} {cell}"
            );
            assert_eq!(
                e["column"].as_str(),
                Some(joined(&labels[1]).as_str()),
                "{form} {cell}"
            );
            let kind = e["kind"].as_str().unwrap_or_default();
            let want = match &east["cells"][cell] {
                Value::String(t) if t.len() == 10 && t.as_bytes()[4] == b'-' => "date",
                Value::String(_) => "text",
                _ => kind,
            };
            assert_eq!(kind, want, "{form} {cell}");
            assert!(
                ["count", "total", "text", "date"].contains(&kind),
                "{form} {cell} {kind}"
            );
        }
        // Totals are the cells holding a formula or a typed 計.
        for e in &entries {
            let cell = e["cell"].as_str().unwrap_or_default();
            if east["formulas"].get(cell).is_some() {
                assert_eq!(e["kind"], "total", "{form} {cell}: a formula is a total");
            }
        }
    }
}

#[test]
fn a_month_of_centers_files_in_the_city_layout_checks_clean_and_compiles_every_typed_value() {
    for form in FORMS {
        let wd = drafted(form);
        // The month's folder is named by its month: nenkan's files do not say which it is.
        let dir = month(&wd, form, "2026-10", None);
        let (doc, code) = wd.check_json(&["--profile", "profile.toml", s(&dir)]);
        assert_eq!(code, 0, "{form}: {doc:#}");
        assert!(findings(&doc).is_empty(), "{form}: {doc:#}");
        assert_eq!(doc["summary"]["submitted"], 3, "{form}");
        assert_eq!(doc["summary"]["period"], "2026-10", "{form}");

        let args = ["compile", "--profile", "profile.toml", "--out", "r.xlsx"];
        wd.expect(0, &[&args[..], &["--csv", "tidy.csv", s(&dir)]].concat());
        let csv = std::fs::read_to_string(wd.path("tidy.csv")).expect("tidy CSV");
        // (center, row, column) → the values with those labels (gyomu's 件数 rows repeat).
        let mut tidy: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
        for line in csv.lines().skip(1) {
            let f: Vec<&str> = line.splitn(5, ',').collect();
            if let [center, _section, row, column, value] = f[..] {
                (tidy
                    .entry((center.into(), row.into(), column.into()))
                    .or_default())
                .push(value.to_string());
            }
        }
        let expected = json(&existing(&format!("month/{form}/expected.json")));
        let mut checked = 0;
        for (file, e) in expected.as_object().expect("files") {
            let center = file.split('.').next().unwrap_or_default();
            for (cell, value) in e["cells"].as_object().expect("cells") {
                let labels = &e["labels"][cell];
                let joined = |v: &Value| {
                    (v.as_array().into_iter().flatten())
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let key = (center.to_string(), joined(&labels[0]), joined(&labels[1]));
                let want = match value {
                    Value::Number(n) => crate_number(n.as_f64().unwrap_or(f64::NAN)),
                    Value::String(t) => t.clone(),
                    other => other.to_string(),
                };
                let got = tidy.get(&key).cloned().unwrap_or_default();
                assert!(
                    got.contains(&want),
                    "{form} {file} {cell} {key:?}: {want} not in {got:?}"
                );
                checked += 1;
            }
        }
        assert!(checked >= 40, "{form}: {checked} typed values");
        headed_once(&wd.path("r.xlsx"), form);
    }
}

/// The report's 事業実績 sheet heads its tables with the title once, then the sheet's part
/// (the city's sheet name) and each table's title: no heading repeated, none blank or with a
/// number's space left over.
fn headed_once(report: &Path, form: &str) {
    let acts = sheet(report, "事業実績");
    let title = acts.text(0, 0);
    let headings: Vec<String> = (1..acts.rows().min(8))
        .map(|r| acts.text(r, 0))
        .filter(|t| !t.is_empty())
        .collect();
    assert!(
        !headings.contains(&title),
        "{form}: {title} again in {headings:?}"
    );
    assert!(
        headings
            .iter()
            .all(|h| h.trim() == h && !h.trim().is_empty()),
        "{form}: {headings:?}"
    );
    let part = match form {
        "gyomu" => "業務実績報告書",
        "katsudo" => "活動実績",
        _ => "年間",
    };
    assert!(
        headings.iter().any(|h| h == part),
        "{form}: {part} in {headings:?}"
    );
}

/// A number as the tidy CSV writes it: an integer without a decimal point.
fn crate_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

#[test]
fn each_planted_fault_is_an_error_at_its_cell_in_its_file_and_nothing_in_the_others() {
    // The cells each fault makes wrong: its own, and a total of totals that no longer agrees
    // with it (faults.json says which).
    let faults: [(&str, &str, &[&str]); 8] = [
        ("gyomu", "typed-total-off.xlsx", &["B18"]),
        ("gyomu", "zenkaku.xlsx", &["C8"]),
        ("gyomu", "negative.xlsx", &["B8"]),
        ("gyomu", "decimal.xlsx", &["C30"]),
        ("katsudo", "formula-typed-over.xlsx", &["B7"]),
        ("katsudo", "reikei-above.xlsx", &["G8"]),
        ("katsudo", "typed-total-off.xlsx", &["D17", "D21"]),
        ("nenkan", "typed-total-off.xlsx", &["N11", "N13"]),
    ];
    for form in FORMS {
        let wd = drafted(form);
        let planted = json(&existing(&format!("faults/{form}/faults.json")));
        for &(_, fault, cells) in faults.iter().filter(|f| f.0 == form) {
            let what = &planted[fault];
            assert!(
                cells.contains(&what["cell"].as_str().unwrap_or_default()),
                "{form} {fault}: the test names faults.json's cell"
            );
            let file = existing(&format!("faults/{form}/{fault}"));
            let rel = format!("m-{}", fault.trim_end_matches(".xlsx"));
            let dir = month(&wd, form, &rel, Some(("東.xlsx", &file)));
            let mut args = vec!["--profile", "profile.toml"];
            args.extend(period_args(form));
            args.push(s(&dir));
            let (doc, code) = wd.check_json(&args);
            assert_eq!(code, 1, "{form} {fault}: {doc:#}");
            let all = findings(&doc);
            for f in &all {
                assert_eq!(f["severity"], "error", "{form} {fault}: {f}");
                let file = f["file"].as_str().unwrap_or_default();
                assert!(file.ends_with("東.xlsx"), "{form} {fault}: {f}");
                assert_eq!(f["sheet"], what["sheet"], "{form} {fault}: {f}");
            }
            let at: BTreeSet<&str> = all.iter().filter_map(|f| f["cell"].as_str()).collect();
            assert_eq!(
                at,
                cells.iter().copied().collect(),
                "{form} {fault}: {doc:#}"
            );
        }
    }
}

#[test]
fn a_blank_city_form_sent_back_is_unfilled_and_another_form_is_refused_at_the_file() {
    let wd = drafted("katsudo");
    let blank = existing("katsudo.xlsx");
    let dir = month(&wd, "katsudo", "m", Some(("東.xlsx", &blank)));
    std::fs::copy(existing("gyomu.xlsx"), dir.join("北.xlsx")).expect("another form");
    let (doc, code) = wd.check_json(&["--profile", "profile.toml", s(&dir)]);
    assert_eq!(code, 1, "{doc:#}");
    let all = findings(&doc);
    let east: Vec<&Value> = all.iter().filter(|f| f["center"] == "東").collect();
    assert_eq!(east.len(), 1, "{doc:#}");
    assert_eq!(east[0]["rule"], "input.blank", "{doc:#}");
    let other: Vec<&Value> = (all.iter())
        .filter(|f| f["file"].as_str().is_some_and(|p| p.ends_with("北.xlsx")))
        .collect();
    assert_eq!(
        other.len(),
        1,
        "one finding for a file of another form: {doc:#}"
    );
    assert!(
        other[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("表が一つも見つかりません")
    );
    assert_eq!(all.len(), 2, "{doc:#}");
}

#[test]
fn a_renamed_label_is_an_error_naming_the_label_and_the_rest_is_read() {
    let wd = drafted("katsudo");
    // The center rewrote 家族 as 家族等 in table 1's header (D6 of 東.xlsx).
    let east = existing("month/katsudo/東.xlsx");
    let edited = wd.typed(
        &east,
        "東.xlsx",
        &serde_json::json!({"活動実績": {"D6": "家族等"}}),
    );
    let dir = month(&wd, "katsudo", "m", Some(("東.xlsx", &edited)));
    let (doc, code) = wd.check_json(&["--profile", "profile.toml", s(&dir)]);
    assert_eq!(code, 1, "{doc:#}");
    let errors = with(&doc, "error", Some("input"));
    assert_eq!(errors.len(), 1, "{doc:#}");
    let msg = errors[0]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("列「相談者 家族」が見つかりません"), "{msg}");
    assert_eq!(errors[0]["sheet"], "活動実績");
    // The totals that read the lost column are not judged on it.
    assert!(with(&doc, "error", Some("sum")).is_empty(), "{doc:#}");
}

#[test]
fn a_file_of_another_period_is_not_used_and_a_hokatsu_template_of_the_form_is_read_beside() {
    let wd = drafted("katsudo");
    // 西 sent September's file (its title says so).
    let west = existing("month/katsudo/西.xlsx");
    let title = "地域包括支援センター活動実績報告書(令和8年9月分)";
    let september = wd.typed(
        &west,
        "西.xlsx",
        &serde_json::json!({"活動実績": {"A1": title}}),
    );
    // 東 moved over to hokatsu's template of the same form, filled by its cell names.
    wd.expect(
        0,
        &[
            "template",
            "--profile",
            "profile.toml",
            "--period",
            "2026-10",
            "--out",
            "tpl",
            "--center",
            "東",
        ],
    );
    let template = wd.path("tpl/東.xlsx");
    let names = open_xlsx(&template).defined_names().to_vec();
    let cell_of = |item: &str| {
        let (_, target) = (names.iter())
            .find(|(n, _)| n.eq_ignore_ascii_case(&format!("hk_{item}")))
            .unwrap_or_else(|| panic!("no name for {item}"));
        let (sheet, cell) = target.rsplit_once('!').expect("sheet!cell");
        (sheet.trim_matches('\'').to_string(), cell.replace('$', ""))
    };
    let (sheet, phone_self) = cell_of("t01_r7_cc");
    let (_, phone_family) = cell_of("t01_r7_cd");
    let filled = wd.typed(
        &template,
        "東.xlsx",
        &serde_json::json!({ sheet: { phone_self: 10, phone_family: 5 } }),
    );
    let dir = month(&wd, "katsudo", "m", Some(("東.xlsx", &filled)));
    std::fs::copy(&september, dir.join("西.xlsx")).expect("西's file");
    let (doc, code) = wd.check_json(&["--profile", "profile.toml", s(&dir)]);
    assert_eq!(code, 1, "{doc:#}");
    // (東 left its table 2 blank: a warning, not an error.)
    let all = with(&doc, "error", None);
    assert_eq!(all.len(), 1, "{doc:#}");
    assert_eq!(all[0]["center"], "西", "{doc:#}");
    // At the title that says September.
    assert_eq!(all[0]["sheet"], "活動実績", "{doc:#}");
    assert_eq!(all[0]["cell"], "A1", "{doc:#}");
    assert!(
        all[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("令和8年9月分")
    );
    assert_eq!(doc["summary"]["submitted"], 2, "{doc:#}");
    // Without 西's file, the template and the city's layout compile together.
    std::fs::remove_file(dir.join("西.xlsx")).expect("remove");
    let d = s(&dir);
    let run = wd.run(&[
        "compile",
        "--profile",
        "profile.toml",
        "--force",
        "--out",
        "r.xlsx",
        "--csv",
        "t.csv",
        d,
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let csv = std::fs::read_to_string(wd.path("t.csv")).expect("tidy CSV");
    for line in [
        "東,相談方法別・相談者別,電話,相談者 本人,10",
        "東,相談方法別・相談者別,電話,相談者 家族,5",
    ] {
        assert!(csv.lines().any(|l| l == line), "{line} in\n{csv}");
    }
    assert!(csv.lines().any(|l| l.starts_with("南,相談方法別")), "{csv}");
}

#[test]
fn no_file_stops_a_month_read_in_the_city_layout() {
    // The hostile and broken fixtures (zip bombs, billion laughs, fuzzed .xls, encrypted,
    // truncated, renamed), and 東's sheet of 100,000 rows, read by a form that records the
    // city's layout: each named in a finding, the others of the month still read, no panic.
    let wd = drafted("katsudo");
    let dir = month(&wd, "katsudo", "m", None);
    let huge = dir.join("東.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("活動実績").expect("name");
    sheet.write_string(0, 0, "相談方法").expect("cell");
    for r in 1..100_000u32 {
        sheet.write_string(r, 0, format!("電話{r}")).expect("cell");
        sheet.write_number(r, 1, f64::from(r % 7)).expect("cell");
    }
    book.save(&huge).expect("save");
    let mut bad = Vec::new();
    for entry in std::fs::read_dir(fixture("bad")).expect("fixtures/bad") {
        let path = entry.expect("entry").path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if ["xlsx", "xls", "ods"].contains(&ext) && !name.starts_with("~$") {
            std::fs::copy(&path, dir.join(name)).expect("copy a bad file");
            bad.push(name.to_string());
        }
    }
    assert!(bad.len() >= 20, "the hostile fixtures are there: {bad:?}");
    let out = wd.run(&[
        "check",
        "--format",
        "json",
        "--profile",
        "profile.toml",
        s(&dir),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("内部エラー"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON findings");
    let all = findings(&doc);
    let of = |f: &Value, file: &str| {
        f["file"]
            .as_str()
            .is_some_and(|p| Path::new(p).file_name() == Some(file.as_ref()))
    };
    let named = |file: &str| all.iter().any(|f| of(f, file));
    for name in bad.iter().map(String::as_str).chain(["東.xlsx"]) {
        assert!(named(name), "{name} is named in a finding: {doc:#}");
    }
    // The 100,000 rows hold none of the form's tables: said with the form's title as a clerk
    // reads it (the title's {月分} left out).
    let east = (all.iter())
        .find(|f| of(f, "東.xlsx"))
        .expect("東's finding");
    let msg = east["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("市の様式「地域包括支援センター活動実績報告書」の表が一つも見つかりません"),
        "{msg}"
    );
    // 西 and 南 are read as ever.
    for file in ["西.xlsx", "南.ods"] {
        let errors: Vec<&Value> = (all.iter())
            .filter(|f| f["severity"] == "error")
            .filter(|f| of(f, file))
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
    }
    assert!(doc["summary"]["submitted"].as_u64() >= Some(2), "{doc:#}");
}

#[test]
fn a_month_whose_files_do_not_say_it_takes_it_from_its_folder_or_asks_for_it() {
    let wd = drafted("nenkan");
    // Dropped as the clerk drops it: the folder's name is the month.
    let dir = month(&wd, "nenkan", "提出/2026-10", None);
    wd.expect(0, &["--profile", "profile.toml", s(&dir)]);
    assert!(wd.path("提出/運営協議会資料_令和8年10月.xlsx").is_file());
    // Run in the month's folder itself: `.` is that folder.
    let profile = wd.path("profile.toml");
    let o = (wd.command(&["check", "--profile", s(&profile), "."]))
        .current_dir(&dir)
        .output()
        .expect("run");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A folder named otherwise: the message says the three ways to tell the month.
    let dir = month(&wd, "nenkan", "十月分", None);
    let o = wd.run(&["check", "--profile", "profile.toml", s(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("対象月がわかりません。--period 2025-11 のように指定してください(提出を入れたフォルダの名前を 2025-11 にするか"),
        "{err}"
    );
}

#[test]
fn earlier_months_in_the_city_layout_are_read_as_previous_history_and_a_year() {
    let wd = drafted("katsudo");
    let october = month(&wd, "katsudo", "提出/2026-10", None);
    // September's files of 東 and 西 in the city's layout; 東 typed 99 where October has 10.
    let title = "地域包括支援センター活動実績報告書(令和8年9月分)";
    for (name, cells) in [
        (
            "東.xlsx",
            serde_json::json!({"活動実績": {"A1": title, "C7": 99}}),
        ),
        ("西.xlsx", serde_json::json!({"活動実績": {"A1": title}})),
    ] {
        let from = existing(&format!("month/katsudo/{name}"));
        wd.typed(&from, &format!("提出/2026-09/{name}"), &cells);
    }
    let september = wd.path("提出/2026-09");
    let history = wd.path("提出");
    for earlier in [["--previous", s(&september)], ["--history", s(&history)]] {
        let args = [&["--profile", "profile.toml"][..], &earlier, &[s(&october)]].concat();
        let (doc, code) = wd.check_json(&args);
        assert_eq!(code, 1, "{earlier:?}: {doc:#}");
        // The year-to-date fell from September's 99: at 東's own cell, and its total's.
        let cumulative = with(&doc, "error", Some("cumulative"));
        let cells: BTreeSet<String> = (cumulative.iter())
            .map(|f| format!("{} {}!{}", f["center"], f["sheet"], f["cell"]).replace('"', ""))
            .collect();
        assert!(cells.contains("東 活動実績!C7"), "{earlier:?}: {cells:?}");
        assert!(cells.iter().all(|c| c.starts_with("東 ")), "{cells:?}");
    }
    // The fiscal year from the months' folders: September's and October's are read, each other
    // month of the year is named as missing.
    let args = ["--profile", "profile.toml", "--fiscal-year", "2026"];
    let (doc, code) = wd.check_json(&[&args[..], &[s(&september), s(&october)]].concat());
    assert_eq!(code, 1, "{doc:#}");
    let missing = with(&doc, "error", Some("coverage"));
    assert_eq!(
        missing.len(),
        10,
        "April to August and November to March: {doc:#}"
    );
    assert!(
        !missing.iter().any(|f| {
            let m = f["message"].as_str().unwrap_or_default();
            m.contains("令和8年9月分") || m.contains("令和8年10月分")
        }),
        "{doc:#}"
    );
}
