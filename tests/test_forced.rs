//! `compile --force` (issue 20): a report made past errors says so on every printed page and
//! names the centers whose figures it does not hold, and why. Built as a clerk meets it: the
//! clean month with 阿寒's file missing, 西部's 相談件数 継続 typed 「12件」 and 音別's October
//! file put in November's folder.

mod common;

use common::*;
use hokatsu::template::Typed;
use std::io::Read;

/// The month of the issue, written through the template; returns the folder.
fn the_month(wd: &Workdir) -> std::path::PathBuf {
    let (profile, subs) = clean_submissions();
    let dir = wd.path("2025-11");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for sub in &subs {
        let short = profile.centers[sub.center].short.as_str();
        match short {
            "阿寒" => {}
            "西部" => {
                write_submission(
                    &dir,
                    &profile,
                    sub,
                    &[("sogo_kensu_keizoku", Typed::Text("12件".into()))],
                );
            }
            "音別" => {
                write_submission_for(&dir, &profile, sub, &[], "2025-10");
            }
            _ => {
                write_submission(&dir, &profile, sub, &[]);
            }
        }
    }
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

    // A clean month's report carries no such mark.
    wd.expect(
        0,
        &[
            "compile",
            "--out",
            "clean.xlsx",
            s(&fixture("kushiro/2025-11-clean")),
        ],
    );
    assert!(
        headers_of_clean(&wd)
            .iter()
            .all(|h| !h.contains("検証エラー"))
    );
}

fn headers_of_clean(wd: &Workdir) -> Vec<String> {
    headers(&wd.path("clean.xlsx"))
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf8 path")
}
