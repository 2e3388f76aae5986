//! `compile --force` (issue 20): a report made past errors says so on every printed page and
//! names the centers whose figures it does not hold, and why. Built as a clerk meets it: the
//! clean month with 阿寒's file missing, 西部's 相談件数 継続 typed 「12件」 and 音別's October
//! file put in November's folder.

mod common;

use common::*;
use serde_json::json;
use std::io::Read;

/// The month of the issue: the clean month's files (fixtures/kushiro/2025-11-clean) with what
/// the centers did typed in at literal cells; returns the folder.
fn the_month(wd: &Workdir) -> std::path::PathBuf {
    let clean = "kushiro/2025-11-clean";
    // 西部: 相談件数 継続 (実績 C10) typed 「12件」.
    let dir = wd.month(clean, "2025-11", "西部", &json!({"実績": {"C10": "12件"}}));
    std::fs::remove_file(dir.join("阿寒.xlsx")).expect("rm");
    // 音別: October's file (対象月, 職員配置 D3).
    let october = json!({"職員配置": {"D3": "2025-10"}});
    wd.typed(&dir.join("音別.xlsx"), "2025-11/音別.xlsx", &october);
    // 中部南: 継続 unreadable and the 計 (D9) left as the template's formula: the report's 計
    // is then the sum of what was read, marked.
    let minami = json!({"実績": {"C10": "3(再)", "D9": "=SUM(C9:C10)"}});
    wd.typed(&dir.join("中部南.xlsx"), "2025-11/中部南.xlsx", &minami);
    dir
}

/// Every worksheet's page header, as the workbook stores it.
fn headers(path: &std::path::Path) -> Vec<String> {
    let file = std::fs::File::open(path).expect("workbook");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("part");
        if !part
            .name()
            .is_ok_and(|n| n.starts_with("xl/worksheets/sheet"))
        {
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml).expect("xml");
        let header = xml
            .split("<oddHeader>")
            .nth(1)
            .and_then(|h| h.split("</oddHeader>").next())
            .unwrap_or("")
            .to_string();
        out.push(header);
    }
    out
}

#[test]
fn a_forced_report_says_so_on_every_page_and_names_what_it_lacks() {
    let wd = Workdir::new("forced");
    the_month(&wd);
    let (doc, code) = wd.check_json(&["2025-11"]);
    assert_eq!(code, 1);
    let errors = doc["summary"]["errors"].as_u64().expect("errors");
    assert!(errors >= 3, "{doc:#}");
    wd.expect(0, &["compile", "--force", "--out", "r.xlsx", "2025-11"]);

    // The header of every sheet, printed on every page.
    let headers = headers(&wd.path("r.xlsx"));
    let sheets = calamine::Reader::sheet_names(&open_xlsx(&wd.path("r.xlsx"))).len();
    assert_eq!(headers.len(), sheets, "{headers:?}");
    for h in &headers {
        assert!(h.contains(&format!("検証エラー {errors} 件を含む")), "{h}");
    }
    // 概要 names the centers whose figures are not there, and why.
    let overview = sheet(&wd.path("r.xlsx"), "概要");
    let note = (0..overview.rows())
        .map(|r| overview.text(r, 0))
        .find(|t| t.contains("含まれていないセンター"))
        .expect("the note of centers left out");
    assert!(note.contains("阿寒(提出なし)"), "{note}");
    assert!(note.contains("音別(令和7年10月分の様式)"), "{note}");
    assert!(!note.contains("西部"), "西部's file is used: {note}");

    // 事業実績: the left-out centers' blocks say so and why, 西部's unreadable 継続 says so,
    // its 計 is the sum of what was read (新規 alone), and the legend explains each mark.
    let acts = sheet(&wd.path("r.xlsx"), "事業実績");
    let header = acts.find(0, "区分", 0).expect("the first table");
    let block = |short: &str| -> u32 {
        (header..header + 20)
            .find(|&r| acts.text(r, 0) == short)
            .unwrap_or_else(|| panic!("{short}'s rows"))
    };
    let akan = block("阿寒");
    assert_eq!(acts.text(akan, 2), "未提出(提出なし)");
    assert_eq!(acts.number(akan, 2), None, "no number for 阿寒");
    assert_eq!(acts.text(block("音別"), 2), "未提出(令和7年10月分の様式)");
    let nishi = block("西部");
    // (西部's 新規 574 and its typed 計 「1,606」)
    assert_eq!(acts.number(nishi, 2), Some(574.0));
    assert_eq!(acts.text(nishi + 1, 2), "読めません");
    // The 計 西部 typed is kept (as a number, not a SUM that would lack 継続), and marked.
    assert_eq!(acts.number(nishi, 3), Some(1606.0), "西部's own 計");
    assert_eq!(acts.formula(nishi, 3), "", "not a partial SUM");
    let minami = block("中部南");
    assert_eq!(acts.text(minami + 1, 2), "読めません");
    assert_eq!(
        acts.number(minami, 3),
        Some(274.0),
        "the sum of what was read"
    );
    assert!(
        acts.formula(minami, 3).starts_with("SUM("),
        "{}",
        acts.formula(minami, 3)
    );
    let notes: Vec<String> = (0..acts.rows()).map(|r| acts.text(r, 0)).collect();
    assert!(
        notes.iter().any(|t| t.starts_with("※ 未提出:")),
        "legend of 未提出"
    );
    assert!(
        notes.iter().any(|t| t.starts_with("※ 読めません:")),
        "legend of 読めません"
    );
    // 職員配置: 阿寒's column says so.
    let staff = sheet(&wd.path("r.xlsx"), "職員配置");
    let at = (0..staff.rows())
        .flat_map(|r| (0..30).map(move |c| (r, c)))
        .find(|&(r, c)| staff.text(r, c) == "阿寒")
        .expect("阿寒's column");
    assert!(
        (at.0..at.0 + 8).any(|r| staff.text(r, at.1) == "未提出"),
        "阿寒's staffing says 未提出"
    );
    // グラフ: no bar for 阿寒 (an empty cell, not a 0).
    let charts = sheet(&wd.path("r.xlsx"), "グラフ");
    let row = (0..charts.rows())
        .find(|&r| charts.text(r, 0) == "阿寒(未提出)")
        .expect("阿寒 named as not submitted on グラフ");
    assert_eq!(charts.get(row, 1), calamine::Data::Empty);
    assert_eq!(charts.get(row, 2), calamine::Data::Empty);

    // 推移: the per-center comparison names 阿寒 as not submitted, with no figure.
    wd.expect(
        0,
        &[
            "compile",
            "--force",
            "--previous",
            s(&fixture("kushiro/history/2025-10.csv")),
            "--out",
            "p.xlsx",
            "2025-11",
        ],
    );
    let trends = sheet(&wd.path("p.xlsx"), "推移");
    let row = trends
        .find(0, "阿寒(未提出)", 0)
        .expect("阿寒 named on 推移");
    assert_eq!(trends.get(row, 1), calamine::Data::Empty);
}

/// A clean month's report carries no such mark.
#[test]
fn a_clean_report_says_nothing_of_errors() {
    let wd = Workdir::new("forced-clean");
    let clean = fixture("kushiro/2025-11-clean");
    wd.expect(0, &["compile", "--out", "clean.xlsx", s(&clean)]);
    let headers = headers(&wd.path("clean.xlsx"));
    assert!(!headers.is_empty() && headers.iter().all(|h| !h.contains("検証エラー")));
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf8 path")
}

/// The evaluation of a center without a file says 未提出 instead of scores and an average.
#[test]
fn a_missing_centers_evaluation_says_so() {
    let wd = Workdir::new("forced-evaluation");
    let example = root().join("examples/sapporo-like");
    let dir = wd.copy_dir(&example.join("submissions"), "m");
    std::fs::remove_file(dir.join("中央1.xlsx")).expect("rm");
    let profile = example.join("profile.toml");
    wd.expect(
        0,
        &[
            "compile",
            "--force",
            "--profile",
            s(&profile),
            "--out",
            "r.xlsx",
            "m",
        ],
    );
    let ev = sheet(&wd.path("r.xlsx"), "評価");
    let row = (0..ev.rows())
        .find(|&r| ev.text(r, 1) == "未提出(提出なし)")
        .expect("the missing center's row");
    assert!(
        ev.text(row, 0).starts_with("中央区第"),
        "{}",
        ev.text(row, 0)
    );
    // Neither its four scores nor their average; the ward's score (the last column) stays.
    assert!(
        (1..=5).all(|c| ev.number(row, c).is_none()),
        "no score for it"
    );
    assert_eq!(ev.number(row, 6), Some(4.0));
}
