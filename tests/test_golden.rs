//! Golden addresses: the data dictionary (`hokatsu form`) and the template's cell names are
//! checked against sheets and cells written here, by hand, from the forms as a clerk sees them.
//! A move of any of them is a change every center's script and every city's CI would feel, so it
//! must be made on purpose (here), never follow silently from the code that computes it.

mod common;

use calamine::Reader;
use common::*;
use std::collections::BTreeMap;

/// The dictionary's rows: item → (sheet, cell, kind).
fn dictionary(wd: &Workdir, args: &[&str]) -> BTreeMap<String, (String, String, String)> {
    let text = wd.expect(0, &[&["form"], args].concat());
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let item = |i: usize| f[i].to_string();
            (item(0), (item(1), item(2), item(f.len() - 1)))
        })
        .collect()
}

fn assert_golden(dict: &BTreeMap<String, (String, String, String)>, golden: &[[&str; 4]]) {
    for [item, sheet, cell, kind] in golden {
        let got = dict
            .get(*item)
            .unwrap_or_else(|| panic!("{item} not in the dictionary"));
        assert_eq!(
            (got.0.as_str(), got.1.as_str(), got.2.as_str()),
            (*sheet, *cell, *kind),
            "{item}"
        );
    }
}

/// Kushiro's key items: 総合相談's typed 計, 介護予防ケアマネジメント's 委託作成件数, a
/// part-time FTE, 対応事例内容's 計 (000's three errors), the provider list's corners.
const KUSHIRO: &[[&str; 4]] = &[
    ["staff_hokenshi_jokin_senju", "職員配置", "D9", "count"],
    ["staff_shunin_hijokin_senju_fte", "職員配置", "D17", "fte"],
    ["staff_kei_hijokin_senju_fte", "職員配置", "D20", "total"],
    ["sogo_kensu_shinki", "実績", "C9", "count"],
    ["sogo_kensu_kei", "実績", "D9", "total"],
    ["konnan_naiyo_kei", "実績", "I24", "total"],
    ["chiiki_kenshu", "実績", "G43", "count"],
    ["ycm_plan_itaku", "実績", "D63", "count"],
    ["ys_plan_itaku", "実績", "D68", "count"],
    ["ys_plan_jigyosho", "実績", "E68", "count"],
    ["itaku_01_name", "委託先", "B6", "text"],
    ["itaku_01_shien", "委託先", "C6", "count"],
    ["itaku_01_cm", "委託先", "D6", "count"],
    ["itaku_60_kei", "委託先", "E65", "total"],
    // The センター長's plans of the month (001's 月5件程度): below every table of 000.
    ["chief_plan", "実績", "B73", "count"],
];

#[test]
fn the_kushiro_dictionary_keeps_its_addresses() {
    let wd = Workdir::new("golden-kushiro");
    assert_golden(&dictionary(&wd, &[]), KUSHIRO);
    // The JSON dictionary says the same.
    let json: serde_json::Value =
        serde_json::from_str(&wd.expect(0, &["form", "--format", "json"])).expect("JSON");
    let kei = json
        .as_array()
        .and_then(|a| a.iter().find(|r| r["item"] == "sogo_kensu_kei"))
        .expect("sogo_kensu_kei");
    assert_eq!(
        (&kei["sheet"], &kei["cell"]),
        (&"実績".into(), &"D9".into())
    );
}

#[test]
fn the_kushiro_template_names_its_cells_where_the_dictionary_says() {
    let wd = Workdir::new("golden-template");
    wd.expect(
        0,
        &[
            "template", "--out", "t", "--period", "2025-11", "--center", "西部",
        ],
    );
    let path = wd.path("t/西部.xlsx");
    let names: BTreeMap<String, String> = open_xlsx(&path)
        .defined_names()
        .iter()
        .map(|(n, f)| (n.to_ascii_lowercase(), f.replace('\'', "")))
        .collect();
    for [item, sheet, cell, _] in KUSHIRO {
        let (row, col) = row_col(cell);
        let absolute = rust_xlsxwriter::utility::row_col_to_cell_absolute(row, col);
        assert_eq!(
            names.get(&format!("hk_{item}")).map(String::as_str),
            Some(format!("{sheet}!{absolute}").as_str()),
            "{item}"
        );
    }
    // Whose, which month, which form: 職員配置 D2, D3, D4.
    let staff = sheet(&path, "職員配置");
    assert_eq!(staff.text(1, 3), "西部地域支援センター");
    assert_eq!(staff.text(2, 3), "2025-11");
    assert!(
        staff.text(3, 3).starts_with("kushiro-"),
        "{}",
        staff.text(3, 3)
    );
}

/// The grid form of tests/forms/soudan: each grid's corners (first and last row, first and last
/// column, 件数 and 再掲), and the list's first line.
#[test]
fn the_grid_dictionary_keeps_its_corners() {
    let wd = Workdir::new("golden-grid");
    let profile = root().join("tests/forms/soudan/profile.toml");
    let dict = dictionary(&wd, &["--profile", profile.to_str().expect("utf-8")]);
    assert_golden(
        &dict,
        &[
            ["naiyo_sogo_kaigo_kensu", "実績", "C12", "total"],
            ["naiyo_sogo_kaigo_honnin", "実績", "D12", "count"],
            ["naiyo_sogo_kaigo_dokkyo", "実績", "I12", "count"],
            ["naiyo_kei_kensu", "実績", "C28", "total"],
            ["naiyo_kei_honnin", "実績", "D28", "total"],
            ["naiyo_kei_dokkyo", "実績", "I28", "total"],
            ["hoho_denwa_kensu", "実績", "C34", "total"],
            ["hoho_denwa_honnin", "実績", "D34", "count"],
            ["hoho_kei_kensu", "実績", "C37", "total"],
            ["hoho_kei_yakan", "実績", "H37", "total"],
            ["hoho_shokai_honnin", "実績", "D38", "count"],
            ["hoho_shokai_yakan", "実績", "H38", "count"],
            ["kaigi_01_bi", "実績", "B43", "date"],
            ["kaigi_01_naiyo", "実績", "C43", "text"],
            ["kaigi_01_sanka", "実績", "L43", "count"],
        ],
    );
}
