//! Hostile and broken input (fixtures/bad, fixtures/bad.tsv): one clear finding per file, the
//! rest of the folder still checked, never a panic or a hang; inputs never modified; output
//! written atomically and never over an input; text never becomes a formula.
//!
//! Measured on the 2-core machine (release build, `/usr/bin/time -v hokatsu check fixtures/bad`):
//! 0.06 s and 9 MB peak RSS for 29 entries, including a 1.5 MB zip that would inflate to 1.5 GB,
//! an .ods that would expand to 20 million cells and an .xls whose cells span 200 million.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

struct Row {
    file: String,
    rule: String,
    severity: String,
    item: String,
    sheet: String,
    ja: String,
    en: String,
}

fn manifest() -> Vec<Row> {
    let text = std::fs::read_to_string(fixture("bad.tsv")).expect("bad.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<String> = l.split('\t').map(str::to_string).collect();
            assert_eq!(f.len(), 7, "bad.tsv line: {l}");
            Row {
                file: f[0].clone(),
                rule: f[1].clone(),
                severity: f[2].clone(),
                item: f[3].clone(),
                sheet: f[4].clone(),
                ja: f[5].clone(),
                en: f[6].trim_matches('"').replace("\"\"", "\"").to_string(),
            }
        })
        .collect()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8")
}

/// A finding about reading this file (rules on its content, like staffing or pacing, are
/// tested elsewhere).
fn names_file(f: &Value, file: &str) -> bool {
    f["rule"]
        .as_str()
        .is_some_and(|r| r == "input" || r.starts_with("input.") || r == "coverage")
        && f["file"].as_str().is_some_and(|p| {
            Path::new(p)
                .file_name()
                .is_some_and(|n| n.to_string_lossy() == file)
        })
}

/// Does the message tell the clerk what to do?
fn actionable(ja: &str, en: &str) -> bool {
    let verbs = [
        "Ask",
        "Enter",
        "Open",
        "Check",
        "Save",
        "Fix",
        "Keep",
        "Use",
        "Skipped",
        "name that",
    ];
    (ja.contains("ください") || ja.contains("読みませんでした"))
        && verbs.iter().any(|v| en.contains(v))
}

#[test]
fn every_bad_file_alone_gives_its_one_finding_in_both_languages() {
    let wd = Workdir::new("bad-alone");
    for (n, row) in manifest().iter().enumerate() {
        if row.ja == "複数" {
            continue; // two files for one center: a folder-level finding, tested below
        }
        let dir = wd.path(&format!("case{n}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let src = fixture(&format!("bad/{}", row.file));
        if src.is_dir() {
            wd.copy_dir(&src, &format!("case{n}/{}", row.file));
        } else {
            std::fs::copy(&src, dir.join(&row.file)).expect("copy");
        }
        if src.is_dir() {
            // A folder holding only a folder has nothing to read: one line, exit 2, naming it.
            let out = wd.run(&["check", s(&dir)]);
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            assert_eq!(out.status.code(), Some(2), "{}: {err}", row.file);
            assert!(err.contains(&format!("中のフォルダ {}", row.file)), "{err}");
            continue;
        }
        let (ja, code) = wd.check_json(&[s(&dir)]);
        let (en, _) = wd.check_json(&["--lang", "en", s(&dir)]);
        assert!(code == 1 || code == 0, "{}: exit {code}", row.file);
        let own: Vec<Value> = findings(&ja)
            .into_iter()
            .filter(|f| names_file(f, &row.file))
            .collect();
        let own_en: Vec<Value> = findings(&en)
            .into_iter()
            .filter(|f| names_file(f, &row.file))
            .collect();
        if row.rule == "-" {
            assert!(own.is_empty(), "{}: {own:#?}", row.file);
            assert_eq!(
                ja["summary"]["submitted"], 1,
                "{}: read as a submission",
                row.file
            );
            continue;
        }
        assert_eq!(own.len(), 1, "{}: exactly one finding: {own:#?}", row.file);
        let (f, fe) = (&own[0], &own_en[0]);
        assert_eq!(f["rule"], row.rule.as_str(), "{}", row.file);
        assert_eq!(f["severity"], row.severity.as_str(), "{}", row.file);
        if row.item != "-" {
            assert_eq!(
                f["cell"],
                dictionary_cell(&wd, &row.item).as_str(),
                "{}: the cell",
                row.file
            );
        }
        if row.sheet != "-" {
            assert_eq!(f["sheet"], row.sheet.as_str(), "{}", row.file);
        }
        let (mja, men) = (
            f["message"].as_str().expect("ja"),
            fe["message"].as_str().expect("en"),
        );
        assert!(mja.contains(&row.ja), "{}: {mja}", row.file);
        assert!(men.contains(&row.en), "{}: {men}", row.file);
        assert!(
            actionable(mja, men),
            "{}: says what to do: {mja} / {men}",
            row.file
        );
        if row.severity == "error" {
            assert_eq!(code, 1, "{}", row.file);
        }
    }
}

#[test]
fn the_whole_bad_folder_is_checked_file_by_file() {
    let wd = Workdir::new("bad-folder");
    let (doc, code) = wd.check_json(&[s(&fixture("bad"))]);
    assert_eq!(code, 1);
    let all = findings(&doc);
    for row in manifest() {
        let own: Vec<&Value> = all.iter().filter(|f| names_file(f, &row.file)).collect();
        let not_coverage: Vec<&&Value> = own.iter().filter(|f| f["rule"] != "coverage").collect();
        match row.rule.as_str() {
            "-" if row.file == "中部北.xlsx" => {
                assert!(own.is_empty(), "the good file: {own:#?}")
            }
            "-" => assert!(not_coverage.is_empty(), "{}: {own:#?}", row.file),
            "coverage" => assert!(!own.is_empty(), "{} is named", row.file),
            rule => {
                assert_eq!(not_coverage.len(), 1, "{}: {own:#?}", row.file);
                assert_eq!(not_coverage[0]["rule"], rule);
            }
        }
    }
    // Both files of 西部 are named as duplicates of each other.
    let dup = |name: &str| {
        all.iter()
            .any(|f| f["rule"] == "coverage" && names_file(f, name) && f["center"] == "西部")
    };
    assert!(dup("西部.xlsx") && dup("duplicate-of-西部.xlsx"));
    // The good file was read: 中部北 is among the submitted.
    assert!(doc["summary"]["submitted"].as_u64().expect("n") >= 2);
}

#[test]
fn limits_are_configurable() {
    let wd = Workdir::new("limits");
    let file = fixture("kushiro/2025-11-clean/西部.xlsx");
    let (doc, code) = wd.check_json(&["--max-file-mb", "0.001", s(&file)]);
    assert_eq!(code, 1);
    assert!(findings(&doc).iter().any(|f| {
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("大きすぎ"))
    }));
    let (doc, _) = wd.check_json(&["--max-part-mb", "0.01", s(&file)]);
    assert!(findings(&doc).iter().any(|f| {
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("展開すると"))
    }));
}

fn checksums(dir: &Path) -> Vec<(String, u64)> {
    use std::hash::{Hash, Hasher};
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir") {
        let p = e.expect("entry").path();
        if p.is_file() {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(&p).expect("read").hash(&mut h);
            out.push((p.display().to_string(), h.finish()));
        }
    }
    out.sort();
    out
}

#[test]
fn inputs_are_never_modified() {
    let wd = Workdir::new("readonly");
    let bad = wd.copy_dir(&fixture("bad"), "bad");
    let month = wd.copy_dir(&fixture("kushiro/2025-11"), "month");
    let before = (checksums(&bad), checksums(&month));
    wd.run(&["check", s(&bad)]);
    wd.expect(
        0,
        &[
            "compile",
            "--force",
            "--out",
            "r.xlsx",
            "--csv",
            "r.csv",
            s(&month),
        ],
    );
    wd.run(&["compile", "--force", "--out", "r2.xlsx", s(&bad)]);
    assert_eq!((checksums(&bad), checksums(&month)), before);
}

#[test]
fn output_never_overwrites_an_input_and_never_half_exists() {
    let wd = Workdir::new("output");
    let month = wd.copy_dir(&fixture("kushiro/2025-11-clean"), "month");
    let seibu = month.join("西部.xlsx");
    let before = std::fs::read(&seibu).expect("read");
    for out in [s(&seibu), "month/report.xlsx"] {
        let o = wd.run(&["compile", "--out", out, s(&month)]);
        assert_eq!(o.status.code(), Some(2), "{out}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("入力"), "{err}");
    }
    let o = wd.run(&["compile", "--out", "r.xlsx", "--csv", s(&seibu), s(&seibu)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&seibu).expect("read"), before);
    assert!(!month.join("report.xlsx").exists());

    // An unwritable target: a path through a file. Exit 2, and nothing left behind.
    wd.write("blocker", "not a folder");
    let o = wd.run(&["compile", "--out", "blocker/r.xlsx", s(&month)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("blocker/r.xlsx") && err.contains("書き込めません"),
        "{err}"
    );
    let names: Vec<String> = std::fs::read_dir(&wd.dir)
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp")), "{names:?}");
}

#[test]
fn text_from_submissions_never_becomes_a_formula() {
    let wd = Workdir::new("injection");
    let dir = wd.path("month");
    let (profile, mut subs) = clean_submissions();
    let evil = "=HYPERLINK(\"http://example.invalid\",\"click\")";
    let plus = "+81 ケアプラン";
    let seibu = subs.iter_mut().find(|s| s.center == 2).expect("西部");
    seibu.providers[0].name = evil.to_string();
    seibu.providers[1].name = plus.to_string();
    for sub in &subs {
        write_submission(&dir, &profile, sub, &[]);
    }
    wd.expect(
        0,
        &["compile", "--out", "r.xlsx", "--csv", "r.csv", s(&dir)],
    );
    let list = sheet(&wd.path("r.xlsx"), "委託先事業所一覧");
    let r = list.find(1, evil, 0).expect("the name is there, as text");
    assert!(matches!(list.get(r, 1), calamine::Data::String(_)));
    assert_eq!(list.formula(r, 1), "", "not a formula");
    let csv = std::fs::read_to_string(wd.path("r.csv")).expect("csv");
    assert!(
        csv.contains("'=HYPERLINK") && csv.contains("'+81 ケアプラン"),
        "neutralised"
    );
    assert!(
        !csv.lines()
            .any(|l| l.split(',').any(|f| f.starts_with('=')))
    );
    // Read back, the names are the original ones.
    wd.expect(
        0,
        &[
            "compile", "--period", "2025-11", "--out", "r2.xlsx", "r.csv",
        ],
    );
    let again = sheet(&wd.path("r2.xlsx"), "委託先事業所一覧");
    assert!(again.find(1, evil, 0).is_some() && again.find(1, plus, 0).is_some());
}
