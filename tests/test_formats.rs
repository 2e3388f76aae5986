//! Every format centers send gives the same findings and the same report: .xlsx, .xls and .ods
//! (converted by LibreOffice), the tidy CSV in UTF-8 and CP932, files with rows inserted by
//! LibreOffice, files without names, macro-enabled files; and the tidy CSV round-trips.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

/// What a finding says, apart from where it was found.
fn gist(doc: &Value) -> Vec<(String, String, String, String, String)> {
    let mut v: Vec<_> = findings(doc)
        .iter()
        .map(|f| {
            let t = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (
                t("severity"),
                t("rule"),
                t("center"),
                t("expected"),
                t("actual"),
            )
        })
        .collect();
    v.sort();
    v
}

const TABLE_SHEETS: [&str; 4] = ["概要", "職員配置", "事業実績", "委託先事業所一覧"];

/// Every value and formula of the report's table sheets.
fn tables(path: &Path) -> Vec<(String, u32, u32, String, String)> {
    let mut out = Vec::new();
    for name in TABLE_SHEETS {
        let sh = sheet(path, name);
        for (r, c, v) in sh.values.used_cells() {
            let (r, c) = (r as u32, c as u32);
            out.push((name.to_string(), r, c, v.to_string(), sh.formula(r, c)));
        }
    }
    out
}

fn compile(wd: &Workdir, name: &str, input: &Path, extra: &[&str]) -> PathBuf {
    let out = wd.path(name);
    let mut args = vec!["compile", "--force", "--out", s(&out)];
    args.extend_from_slice(extra);
    args.push(s(input));
    wd.expect(0, &args);
    out
}

#[test]
fn xls_ods_and_csv_give_the_same_findings_and_report_as_xlsx() {
    let wd = Workdir::new("formats");
    let original = fixture("kushiro/2025-11");
    let (want, code) = wd.check_json(&[s(&original)]);
    assert_eq!(code, 1);
    let want_tables = tables(&compile(&wd, "xlsx.xlsx", &original, &[]));
    for dir in ["2025-11-xls", "2025-11-ods", "2025-11-csv", "2025-11-cp932"] {
        let input = fixture(&format!("kushiro/{dir}"));
        let (got, code) = wd.check_json(&[s(&input)]);
        assert_eq!(code, 1, "{dir}");
        assert_eq!(gist(&got), gist(&want), "{dir}: same findings");
        assert_eq!(
            got["summary"]["period"], "2025-11",
            "{dir}: the month is known"
        );
        let report = compile(&wd, &format!("{dir}.xlsx"), &input, &[]);
        assert_eq!(tables(&report), want_tables, "{dir}: same report");
    }
}

#[test]
fn the_cp932_fixture_really_is_cp932() {
    let bytes = std::fs::read(fixture("kushiro/2025-11-cp932/2025-11.csv")).expect("read");
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    let (text, _, errors) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!errors && text.contains("総合相談支援事業"));
}

#[test]
fn the_tidy_csv_round_trips_byte_for_byte() {
    let wd = Workdir::new("tidy");
    let original = fixture("kushiro/2025-11");
    let first = wd.path("a/2025-11.csv");
    std::fs::create_dir_all(first.parent().expect("dir")).expect("mkdir");
    let report = compile(&wd, "from-xlsx.xlsx", &original, &["--csv", s(&first)]);
    let second = wd.path("b/2025-11.csv");
    std::fs::create_dir_all(second.parent().expect("dir")).expect("mkdir");
    let again = compile(&wd, "from-csv.xlsx", &first, &["--csv", s(&second)]);
    let (a, b) = (
        std::fs::read(&first).expect("a"),
        std::fs::read(&second).expect("b"),
    );
    assert_eq!(a, b, "export → import → export is the identity");
    assert_eq!(
        tables(&report),
        tables(&again),
        "the report's tables are the same"
    );
    // The same CSV read from another folder gives a byte-identical workbook.
    let third = compile(&wd, "from-csv-2.xlsx", &second, &[]);
    let fourth = compile(&wd, "from-csv-3.xlsx", &first, &[]);
    assert_eq!(
        std::fs::read(third).expect("3"),
        std::fs::read(fourth).expect("4")
    );
    let text = String::from_utf8(a).expect("utf8");
    assert!(text.starts_with("center,section,row,column,value\r\n"));
    assert!(text.contains("\r\n西部,総合相談支援事業 相談件数,計,件数,1606\r\n"));
}

#[test]
fn rows_inserted_by_libreoffice_are_read_through_names() {
    let wd = Workdir::new("inserted");
    let clean = fixture("kushiro/2025-11-clean");
    let inserted = fixture("kushiro/2025-11-clean-inserted");
    // The fixture really was edited: 西部's cells moved.
    let cell = dictionary_cell(&wd, "konnan_naiyo_kei");
    let (r, c) = hokatsu::grid::parse_a1(&cell).expect("a1");
    let moved = sheet(&inserted.join("西部.xlsx"), "実績");
    let original = sheet(&clean.join("西部.xlsx"), "実績");
    assert_eq!(original.number(r, u32::from(c)), Some(3.0));
    assert_ne!(
        moved.number(r, u32::from(c)),
        Some(3.0),
        "the total is no longer at {cell}"
    );
    let (doc, code) = wd.check_json(&[s(&inserted)]);
    assert_eq!(code, 0, "{doc:#}");
    let (want, _) = wd.check_json(&[s(&clean)]);
    assert_eq!(
        gist(&doc),
        gist(&want),
        "the same findings as the unedited month"
    );
    let a = tables(&compile(&wd, "clean.xlsx", &clean, &[]));
    let b = tables(&compile(&wd, "inserted.xlsx", &inserted, &[]));
    assert_eq!(a, b);
}

/// The clean month with 西部's file replaced by a variant.
fn with_variant(wd: &Workdir, variant: &str) -> PathBuf {
    let dir = wd.copy_dir(&fixture("kushiro/2025-11-clean"), "month");
    std::fs::remove_file(dir.join("西部.xlsx")).expect("remove");
    std::fs::copy(
        fixture(&format!("kushiro/variants/{variant}")),
        dir.join(variant),
    )
    .expect("copy");
    dir
}

#[test]
fn a_file_without_names_is_read_at_template_addresses_with_an_info() {
    let wd = Workdir::new("nonames");
    let dir = with_variant(&wd, "西部-no-names.xlsx");
    let (doc, code) = wd.check_json(&[s(&dir)]);
    assert_eq!(code, 0, "{doc:#}");
    let infos = with(&doc, "info", Some("input"));
    assert_eq!(infos.len(), 1);
    assert!(
        infos[0]["file"]
            .as_str()
            .expect("file")
            .ends_with("西部-no-names.xlsx")
    );
    let a = tables(&compile(
        &wd,
        "a.xlsx",
        &fixture("kushiro/2025-11-clean"),
        &[],
    ));
    let b = tables(&compile(&wd, "b.xlsx", &dir, &[]));
    assert_eq!(a, b, "the same numbers");
}

#[test]
fn another_form_version_is_one_error_not_a_cascade() {
    let wd = Workdir::new("oldform");
    let dir = with_variant(&wd, "西部-old-form.xlsx");
    let (doc, code) = wd.check_json(&[s(&dir)]);
    assert_eq!(code, 1);
    // The clean month has no errors: everything that is an error comes from this one file.
    let all = with(&doc, "error", None);
    assert_eq!(all.len(), 1, "{doc:#}");
    assert_eq!(all[0]["rule"], "input");
    assert_eq!(all[0]["center"], "西部");
    assert_eq!(all[0]["actual"], "kushiro-2024.1-00000000");
    assert!(
        all[0]["message"]
            .as_str()
            .expect("msg")
            .contains("新しい様式")
    );
}

#[test]
fn a_formula_without_a_saved_value_asks_for_excel() {
    let wd = Workdir::new("formula");
    let dir = with_variant(&wd, "西部-formula.xlsx");
    let (doc, code) = wd.check_json(&[s(&dir)]);
    assert_eq!(code, 1);
    let all = with(&doc, "error", None);
    assert_eq!(
        all.len(),
        1,
        "one finding, no consequent sum error: {doc:#}"
    );
    assert_eq!(all[0]["rule"], "input");
    assert_eq!(all[0]["actual"], "=500+74");
    assert!(
        all[0]["message"]
            .as_str()
            .expect("msg")
            .contains("Excelで開いて保存")
    );
    let cell = dictionary_cell(&wd, "sogo_kensu_shinki");
    assert_eq!(all[0]["cell"], cell);
}

#[test]
fn a_macro_enabled_workbook_is_read_and_its_macros_ignored() {
    let wd = Workdir::new("xlsm");
    let dir = with_variant(&wd, "西部.xlsm");
    let bytes = std::fs::read(dir.join("西部.xlsm")).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    assert!(
        zip.by_name("xl/vbaProject.bin").is_ok(),
        "the fixture carries a VBA project"
    );
    let (doc, code) = wd.check_json(&[s(&dir)]);
    assert_eq!(code, 0, "{doc:#}");
    // Its values are the .xlsx's, item by item, providers too (macros are never run).
    let profile = hokatsu::profile::Profile::kushiro().expect("profile");
    let ctx = hokatsu::template::read_context(&profile, Default::default());
    let xlsm = hokatsu::read::read_file(&dir.join("西部.xlsm"), &ctx);
    let xlsx = hokatsu::read::read_file(&fixture("kushiro/2025-11-clean/西部.xlsx"), &ctx);
    let (a, b) = (&xlsm.submissions[0], &xlsx.submissions[0]);
    assert_eq!(a.values, b.values);
    assert!(a.values.iter().filter(|v| v.is_some()).count() > 50);
    let lines = |s: &hokatsu::model::Submission| -> Vec<(String, hokatsu::model::RowCounts)> {
        s.providers
            .iter()
            .map(|l| (l.name.clone(), l.counts.clone()))
            .collect()
    };
    assert_eq!(lines(a), lines(b));
}

#[test]
fn openpyxl_totals_without_cached_values_are_recomputed() {
    // The fixtures were filled by openpyxl, which never calculates: the providers' 作成数合計
    // formulas carry no value. They are recomputed, so the 2025-11 month has no provider error.
    let wd = Workdir::new("openpyxl");
    let file = fixture("kushiro/2025-11-clean/西部.xlsx");
    let bytes = std::fs::read(&file).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("part");
        if f.name()
            .is_ok_and(|n| n.starts_with("xl/worksheets/sheet3"))
        {
            std::io::Read::read_to_string(&mut f, &mut xml).expect("xml");
        }
    }
    assert!(
        xml.contains("<f>") && !xml.contains("</f><v>"),
        "formulas without values"
    );
    let (doc, code) = wd.check_json(&[s(&fixture("kushiro/2025-11-clean"))]);
    assert_eq!(code, 0, "{doc:#}");
}
