//! History and trends: last month (--previous, or found in --history) and three earlier
//! Novembers (fixtures/kushiro/history) give the 推移 sheet's change and year columns, the
//! cumulative rule, the charts of グラフ, and the sources; and the workbook is byte-identical
//! when compiled again.

mod common;

use common::*;
use std::path::PathBuf;

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf8")
}

fn compile_with_history(wd: &Workdir, name: &str) -> PathBuf {
    let out = wd.path(name);
    wd.expect(
        0,
        &[
            "compile",
            "--history",
            s(&fixture("kushiro/history")),
            "--out",
            s(&out),
            s(&fixture("kushiro/2025-11-clean")),
        ],
    );
    out
}

/// A city total of a tidy CSV: the sum of the lines of one (section, row, column) label.
fn csv_total(file: &str, section: &str, row: &str, column: &str) -> f64 {
    let text = std::fs::read_to_string(fixture(&format!("kushiro/history/{file}"))).expect("csv");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1] == section && f[2] == row && f[3] == column).then(|| f[4].parse::<f64>().ok())?
        })
        .sum()
}

#[test]
fn month_over_month_changes_use_last_month_from_the_history() {
    let wd = Workdir::new("mom");
    let out = compile_with_history(&wd, "r.xlsx");
    let t = sheet(&out, "推移");
    let header = t.find(1, "R7.10末", 0).expect("the change table");
    assert_eq!(t.text(header, 2), "R7.11末");
    let r = t.find(0, "総合相談支援事業 相談件数", header).expect("row");
    let before = csv_total("2025-10.csv", "総合相談支援事業 相談件数", "新規", "件数")
        + csv_total("2025-10.csv", "総合相談支援事業 相談件数", "継続", "件数");
    assert_eq!(t.number(r, 1), Some(before));
    assert_eq!(t.number(r, 2), Some(7290.0), "this month, as in 000");
    assert_eq!(t.number(r, 3), Some(7290.0 - before));
    assert!(
        t.formula(r, 2).contains("事業実績"),
        "this month refers to the tables"
    );
    assert_eq!(t.formula(r, 3), format!("C{0}-B{0}", r + 1));
    let rate = t.number(r, 4).expect("rate");
    assert!((rate - (7290.0 - before) / before).abs() < 1e-9);

    // The per-center table: this month's own activity (the increase of the year-to-date).
    let per = t.find(0, "阿寒", r).expect("per center");
    let akan_before = {
        let text = std::fs::read_to_string(fixture("kushiro/history/2025-10.csv")).expect("csv");
        text.lines()
            .filter(|l| l.starts_with("阿寒,総合相談支援事業 相談件数,"))
            .filter_map(|l| l.rsplit(',').next()?.parse::<f64>().ok())
            .sum::<f64>()
    };
    assert_eq!(t.number(per, 1), Some(250.0 - akan_before));
}

#[test]
fn fiscal_years_side_by_side() {
    let wd = Workdir::new("yoy");
    let out = compile_with_history(&wd, "r.xlsx");
    let t = sheet(&out, "推移");
    let header = t.find(1, "R4.11末", 0).expect("the year table");
    let labels: Vec<String> = (1..=4).map(|c| t.text(header, c)).collect();
    assert_eq!(labels, ["R4.11末", "R5.11末", "R6.11末", "R7.11末"]);
    let r = t
        .find(0, "地域ケア会議開催状況 開催回数", header)
        .expect("row");
    for (c, file) in [(1, "2022-11.csv"), (2, "2023-11.csv"), (3, "2024-11.csv")] {
        let want = csv_total(file, "地域ケア会議開催状況 開催回数", "回数", "推進会議")
            + csv_total(file, "地域ケア会議開催状況 開催回数", "回数", "個別会議");
        assert_eq!(t.number(r, c), Some(want), "{file}");
    }
    assert_eq!(t.number(r, 4), Some(26.0), "R7.11末 as in 000");
}

#[test]
fn a_decrease_from_last_month_is_a_cumulative_error_at_its_cell() {
    let wd = Workdir::new("cumulative");
    let (doc, code) = wd.check_json(&[
        "--previous",
        s(&fixture("kushiro/history-decrease/2025-10.csv")),
        s(&fixture("kushiro/2025-11-clean")),
    ]);
    assert_eq!(code, 1);
    let e = with(&doc, "error", Some("cumulative"));
    assert_eq!(e.len(), 1, "{doc:#}");
    assert_eq!(e[0]["center"], "西部");
    assert_eq!(e[0]["expected"], ">= 579");
    assert_eq!(e[0]["actual"], 574);
    let cell = dictionary_cell(&wd, "sogo_kensu_shinki");
    assert_eq!(e[0]["cell"], cell);
    // The history's own October has no decrease.
    let (doc, code) = wd.check_json(&[
        "--previous",
        s(&fixture("kushiro/history/2025-10.csv")),
        s(&fixture("kushiro/2025-11-clean")),
    ]);
    assert_eq!(code, 0, "{doc:#}");
}

/// The drawing XML of a sheet's charts, from the xlsx.
fn chart_xml(path: &std::path::Path) -> Vec<String> {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("part");
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        if name.starts_with("xl/charts/chart") {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).expect("xml");
            out.push(s);
        }
    }
    out
}

#[test]
fn charts_are_native_with_the_right_ranges() {
    let wd = Workdir::new("charts");
    let out = compile_with_history(&wd, "r.xlsx");
    let charts = chart_xml(&out);
    assert_eq!(charts.len(), 3, "two per-center charts and the year trend");
    let g = sheet(&out, "グラフ");
    let header = g.find(0, "区分", 0).expect("data table");
    assert_eq!(
        (g.text(header, 1).as_str(), g.text(header, 2).as_str()),
        ("新規", "継続")
    );
    let first = header + 2;
    let last = header + 8;
    let all = charts.join("\n").replace('\'', "");
    assert!(
        all.contains(&format!("グラフ!$B${first}:$B${last}")),
        "new series: {all}"
    );
    assert!(
        all.contains(&format!("グラフ!$C${first}:$C${last}")),
        "continuing series"
    );
    assert!(
        all.contains(&format!("グラフ!$A${first}:$A${last}")),
        "centers as categories"
    );
    assert!(
        all.contains("推移!"),
        "the trend chart reads the year table"
    );
    // `first` is an A1 row number; the 0-based row of 阿寒 is one less.
    assert_eq!(g.text(first - 1, 0), "阿寒");
    assert_eq!(g.number(first - 1, 1), Some(95.0), "阿寒 新規 as in 000");
    assert!(g.formula(first - 1, 1).contains("事業実績"));
    let plans = g.find(1, "包括作成", 0).expect("plans table");
    assert_eq!(
        g.number(plans + 1, 1),
        Some(71.0 + 574.0),
        "阿寒 包括作成, both programs"
    );
}

#[test]
fn sources_list_inputs_with_sha256_and_the_months_compared() {
    let wd = Workdir::new("sources-meta");
    let out = compile_with_history(&wd, "r.xlsx");
    let src = sheet(&out, "出典");
    let r = (0..src.rows())
        .find(|&r| src.text(r, 1) == "西部.xlsx" && src.text(r, 0) == "入力")
        .expect("input row");
    use sha2::Digest;
    let bytes = std::fs::read(fixture("kushiro/2025-11-clean/西部.xlsx")).expect("read");
    let want: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(src.text(r, 2), want);
    for file in ["2025-10.csv", "2022-11.csv", "2023-11.csv", "2024-11.csv"] {
        assert!(
            (0..src.rows()).any(|r| src.text(r, 0) == "比較" && src.text(r, 1) == file),
            "{file}"
        );
    }
}

#[test]
fn the_workbook_is_byte_identical_when_compiled_again() {
    let wd = Workdir::new("bytes");
    let a = std::fs::read(compile_with_history(&wd, "a.xlsx")).expect("a");
    let b = std::fs::read(compile_with_history(&wd, "b.xlsx")).expect("b");
    assert!(a == b, "same inputs, same bytes");
}

#[test]
fn a_compiled_report_serves_as_last_month_and_is_not_a_submission() {
    let wd = Workdir::new("report-as-previous");
    // Last month's report, compiled from the October history file.
    let oct = wd.path("oct.xlsx");
    wd.expect(
        0,
        &[
            "compile",
            "--period",
            "2025-10",
            "--force",
            "--out",
            s(&oct),
            s(&fixture("kushiro/history/2025-10.csv")),
        ],
    );
    let out = wd.path("nov.xlsx");
    wd.expect(
        0,
        &[
            "compile",
            "--previous",
            s(&oct),
            "--out",
            s(&out),
            s(&fixture("kushiro/2025-11-clean")),
        ],
    );
    let t = sheet(&out, "推移");
    assert!(
        t.find(1, "R7.10末", 0).is_some(),
        "the change table is there"
    );
    // Dropped in among the submissions, it is skipped with an info, not read as 7 centers.
    let dir = wd.copy_dir(&fixture("kushiro/2025-11-clean"), "month");
    std::fs::copy(&oct, dir.join("先月の資料.xlsx")).expect("copy");
    let (doc, code) = wd.check_json(&[s(&dir)]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(with(&doc, "info", Some("input")).iter().any(|f| {
        f["file"]
            .as_str()
            .is_some_and(|p| p.ends_with("先月の資料.xlsx"))
    }));
}
