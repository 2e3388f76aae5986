//! `hokatsu template` and `hokatsu form`: every item of the dictionary is, in every center's
//! template, a named, unlocked, validated cell on a protected sheet. Checked in the xlsx XML
//! itself, not through our own reader.

mod common;

use common::*;
use std::collections::HashMap;
use std::io::Read;

/// The parts of an xlsx we look at.
struct Xlsx {
    parts: HashMap<String, String>,
}

impl Xlsx {
    fn open(path: &std::path::Path) -> Xlsx {
        let file = std::fs::File::open(path).expect("open");
        let mut zip = zip::ZipArchive::new(file).expect("zip");
        let mut parts = HashMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("part");
            let mut s = String::new();
            if f.read_to_string(&mut s).is_ok() {
                parts.insert(f.name().map(|n| n.to_string()).unwrap_or_default(), s);
            }
        }
        Xlsx { parts }
    }

    fn part(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no part {name}"))
    }

    /// Defined names: name → (sheet, cell).
    fn names(&self) -> HashMap<String, (String, String)> {
        let wb = self.part("xl/workbook.xml");
        let mut out = HashMap::new();
        for chunk in wb.split("<definedName ").skip(1) {
            let name = attr(chunk, "name").expect("name");
            let body =
                &chunk[chunk.find('>').expect(">") + 1..chunk.find("</definedName>").expect("end")];
            let (sheet, cell) = body.rsplit_once('!').expect("ref");
            out.insert(
                name,
                (sheet.trim_matches('\'').to_string(), cell.replace('$', "")),
            );
        }
        out
    }

    /// The XML of a sheet by its name.
    fn sheet(&self, name: &str) -> &str {
        let wb = self.part("xl/workbook.xml");
        let chunk = wb
            .split("<sheet ")
            .skip(1)
            .find(|c| attr(c, "name").as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no sheet {name}"));
        let rid = attr(chunk, "r:id").expect("r:id");
        let rels = self.part("xl/_rels/workbook.xml.rels");
        let rel = rels
            .split("<Relationship ")
            .find(|c| attr(c, "Id").as_deref() == Some(rid.as_str()))
            .expect("rel");
        let target = attr(rel, "Target").expect("target");
        self.part(&format!("xl/{}", target.trim_start_matches("/xl/")))
    }

    /// Whether each cellXfs style index is unlocked.
    fn unlocked_styles(&self) -> Vec<bool> {
        let styles = self.part("xl/styles.xml");
        let xfs = &styles[styles.find("<cellXfs").expect("cellXfs")..];
        let xfs = &xfs[..xfs.find("</cellXfs>").expect("end")];
        xfs.split("<xf ")
            .skip(1)
            .map(|xf| {
                let xf = xf.split("</xf>").next().unwrap_or(xf);
                xf.contains("locked=\"0\"")
            })
            .collect()
    }
}

fn attr(chunk: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = format!(" {chunk}").find(&key)? + key.len() - 1;
    let rest = &chunk[start..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The style index of a cell in a sheet's XML (0 when the cell has none).
fn cell_style(sheet: &str, cell: &str) -> Option<usize> {
    let key = format!("<c r=\"{cell}\"");
    let at = sheet.find(&key)?;
    let tag = &sheet[at..at + sheet[at..].find('>')?];
    Some(attr(tag, "s").and_then(|s| s.parse().ok()).unwrap_or(0))
}

/// Whether a data validation covers the cell.
fn validated(sheet: &str, cell: &str) -> bool {
    sheet
        .split("<dataValidation ")
        .skip(1)
        .any(|dv| attr(dv, "sqref").is_some_and(|r| r.split(' ').any(|c| c == cell)))
}

#[test]
fn every_dictionary_item_is_a_named_unlocked_validated_cell() {
    let wd = Workdir::new("template");
    let out = wd.expect(0, &["template", "--out", "t", "--period", "2025-11"]);
    assert_eq!(out.lines().count(), 7, "one template per center: {out}");
    let dict = wd.expect(0, &["form", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(dict.as_bytes());
    let entries: Vec<HashMap<String, String>> =
        rows.deserialize().map(|r| r.expect("row")).collect();
    assert!(entries.len() > 300, "{} items", entries.len());
    for center in CENTERS {
        let x = Xlsx::open(&wd.path(&format!("t/{center}.xlsx")));
        let names = x.names();
        let unlocked = x.unlocked_styles();
        for sheet in ["職員配置", "実績", "委託先"] {
            assert!(
                x.sheet(sheet).contains("<sheetProtection"),
                "{center} {sheet} protected"
            );
        }
        for e in &entries {
            let (item, sheet, cell, kind) = (&e["item"], &e["sheet"], &e["cell"], &e["kind"]);
            let named = names.get(&format!("hk_{item}"));
            assert_eq!(
                named,
                Some(&(sheet.clone(), cell.clone())),
                "{center}: name of {item}"
            );
            let xml = x.sheet(sheet);
            let style =
                cell_style(xml, cell).unwrap_or_else(|| panic!("{center}: no cell {sheet}!{cell}"));
            assert!(
                unlocked[style],
                "{center}: {item} at {sheet}!{cell} is unlocked"
            );
            if kind == "total" {
                let at = xml.find(&format!("<c r=\"{cell}\"")).expect("cell");
                let end = xml[at..].find("</c>").map_or(xml.len(), |e| at + e);
                assert!(
                    xml[at..end].contains("<f>"),
                    "{center}: {item} is a formula"
                );
            } else {
                assert!(
                    validated(xml, cell),
                    "{center}: {item} at {sheet}!{cell} is validated"
                );
            }
        }
        // Labels a center never edits are locked: the header of the first table.
        let acts = x.sheet("実績");
        let style = cell_style(acts, "A1").expect("title");
        assert!(!unlocked[style], "the title is locked");
        // The meta cells.
        let center_cell = &names["hk_center"];
        let staff = sheet(&wd.path(&format!("t/{center}.xlsx")), &center_cell.0);
        let (r, c) = hokatsu::grid::parse_a1(&center_cell.1).expect("a1");
        assert!(
            staff.text(r, u32::from(c)).starts_with(center),
            "{center}: its name is filled in"
        );
    }
}

#[test]
fn the_template_has_its_period_fiscal_year_guide_and_a4_print_setup() {
    let wd = Workdir::new("template-meta");
    wd.expect(
        0,
        &[
            "template", "--out", "t", "--period", "2025-11", "--center", "西部",
        ],
    );
    let path = wd.path("t/西部.xlsx");
    let staff = sheet(&path, "職員配置");
    assert_eq!(
        staff.text(0, 0),
        "令和7年度地域包括支援センター業務実績(令和7年11月末現在)"
    );
    assert_eq!(staff.text(2, 3), "2025-11");
    let guide = sheet(&path, "記入方法");
    let lines: Vec<String> = (0..guide.rows()).map(|r| guide.text(r, 0)).collect();
    assert!(
        lines.iter().any(|l| l.contains("累計")),
        "the guide says values are year-to-date: {lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("チェックが 0 件になってから提出してください")),
        "{lines:?}"
    );
    let x = Xlsx::open(&path);
    // 記入方法 opens first, then the checks; the count of failing checks is named.
    let wb = open_xlsx(&path);
    let order: Vec<String> = calamine::Reader::sheet_names(&wb);
    assert_eq!(&order[..2], ["記入方法", "チェック"]);
    assert!(x.names().contains_key("hk_check_count"));
    let checks = sheet(&path, "チェック");
    assert_eq!(checks.formula(1, 1).split('(').next(), Some("COUNTIF"));
    // Every check is listed, cached as OK (what Excel or LibreOffice computes is tested in
    // test_template_checks.rs), with the rule it mirrors, named as `check` names it.
    let rules: Vec<String> = (6..checks.rows()).map(|r| checks.text(r, 1)).collect();
    for rule in ["合計", "委託先", "職員配置", "常勤換算"] {
        assert!(rules.iter().any(|r| r == rule), "{rule} listed");
    }
    assert!((6..checks.rows()).all(|r| checks.text(r, 0) == "OK"));
    for s in ["記入方法", "チェック", "職員配置", "実績", "委託先"] {
        assert!(x.sheet(s).contains("paperSize=\"9\""), "{s} prints on A4");
    }
    let provider_rows = x
        .names()
        .keys()
        .filter(|n| n.ends_with("_name") && n.starts_with("hk_itaku_"))
        .count();
    assert!(
        provider_rows >= 60,
        "room for 60 providers: {provider_rows}"
    );
    let out = wd.run(&[
        "template", "--out", "t", "--center", "北部", "--period", "2025-11",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("西部"),
        "lists the known centers"
    );
    let out = wd.run(&["template", "--out", "t2"]);
    assert_eq!(out.status.code(), Some(2), "a template needs its month");
}

#[test]
fn the_dictionary_is_the_form_in_csv_and_json() {
    let wd = Workdir::new("form");
    let csv_text = wd.expect(0, &["form"]);
    assert!(csv_text.starts_with("item,sheet,cell,section,row,column,kind\n"));
    let json: serde_json::Value =
        serde_json::from_str(&wd.expect(0, &["form", "--format", "json"])).expect("json");
    let items = json.as_array().expect("array");
    assert_eq!(items.len(), csv_text.lines().count() - 1);
    let find = |id: &str| items.iter().find(|i| i["item"] == id).cloned().expect(id);
    let e = find("sogo_naiyo_ninchisho");
    assert_eq!(e["section"], "総合相談支援事業 相談内容(重複あり)");
    assert_eq!(e["column"], "認知症");
    assert_eq!(e["kind"], "count");
    assert_eq!(find("ycm_plan_kei")["column"], "計");
    assert_eq!(find("ycm_plan_kei")["kind"], "total");
    assert_eq!(find("staff_cm_hijokin_senju_fte")["kind"], "fte");
    assert_eq!(find("itaku_60_name")["kind"], "text");
    assert_eq!(find("kaigi_kobetsu")["row"], "回数");
}

/// A period outside the profile's fiscal year is refused naming the profile's year (its
/// templates would carry the wrong year's titles and checks), and so is an era's year it never
/// had (H37.12); nothing is written.
#[test]
fn a_period_outside_the_profiles_year_is_refused() {
    let wd = Workdir::new("template-year");
    for (period, says) in [
        (
            "2026-12",
            "--period 2026-12(令和8年12月)はプロファイルの年度(令和7年度)の外です",
        ),
        ("2025-03", "fiscal_year = 2024"),
        ("H37.12", "--period「H37.12」は月として読めません"),
    ] {
        let out = wd.run(&["template", "--out", "t", "--period", period]);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{period}: {err}");
        assert!(err.contains(says), "{period}: {err}");
        assert!(!wd.path("t").exists(), "{period}: nothing written");
    }
    // The first and last months of the year are its own.
    for period in ["2025-04", "R8.3"] {
        wd.expect(
            0,
            &[
                "template",
                "--out",
                &format!("t{period}"),
                "--period",
                period,
                "--center",
                "西部",
            ],
        );
    }
}
