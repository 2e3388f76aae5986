//! The Kumamoto example (`examples/kumamoto/`): a city written only in the form language, whose
//! five fiscal years of submissions compile into the R2–R6 table of its council report
//! (shared/seeds/004): 会議回数 132, 262, 211, 172, 93 and 検討ケース数 246, 507, 380, 332, 182.

mod common;

use common::*;

const YEARS: [&str; 5] = ["R2", "R3", "R4", "R5", "R6"];
const KAISU: [f64; 5] = [132.0, 262.0, 211.0, 172.0, 93.0];
const CASES: [f64; 5] = [246.0, 507.0, 380.0, 332.0, 182.0];

#[test]
fn the_example_compiles_into_004s_trend_table() {
    let wd = Workdir::new("kumamoto");
    let stdout = compile_example("kumamoto", &wd.path("kumamoto.xlsx"));
    assert!(
        stdout.contains("対象年度 令和6年度: 27 ファイル、27 / 27 センター記入済み"),
        "{stdout}"
    );
    assert!(stdout.contains("問題ありません"), "{stdout}");

    let path = wd.path("kumamoto.xlsx");
    let trends = sheet(&path, "推移");
    let header = (0..trends.rows())
        .find(|&r| trends.text(r, 1) == "R2")
        .expect("the year table");
    let years: Vec<String> = (1..=5).map(|c| trends.text(header, c)).collect();
    assert_eq!(years, YEARS);
    let row_of = |label: &str| {
        (header..trends.rows())
            .find(|&r| trends.text(r, 0).contains(label))
            .unwrap_or_else(|| panic!("{label}"))
    };
    for (label, expected) in [("会議回数", KAISU), ("検討ケース数", CASES)] {
        let r = row_of(label);
        let got: Vec<Option<f64>> = (1..=5).map(|c| trends.number(r, c)).collect();
        assert_eq!(got, expected.map(Some), "{label}");
        // This year is a formula over the activity sheet, the earlier ones the history's.
        assert!(trends.formula(r, 5).contains("事業実績"), "{label}");
    }

    // This year's city totals on the activity sheet, as SUBTOTALs of the wards.
    let acts = sheet(&path, "事業実績");
    let kaigi = (0..acts.rows())
        .find(|&r| acts.text(r, 1) == "会議回数(回)")
        .expect("the 実績 table");
    let total = (kaigi..acts.rows())
        .find(|&r| acts.text(r, 0) == "計")
        .expect("計");
    assert_eq!(acts.number(total, 1), Some(93.0));
    assert_eq!(acts.number(total, 2), Some(182.0));
    assert!(acts.formula(total, 1).starts_with("SUBTOTAL(9,"));
    assert_eq!(
        acts.text(0, 0),
        "令和6年度地域包括支援センターの重点的取組 実績"
    );

    // The trend chart across the years: a line chart over the 推移 sheet.
    let bytes = std::fs::read(&path).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut charts = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("part");
        if f.name().is_ok_and(|n| n.starts_with("xl/charts/chart")) {
            std::io::Read::read_to_string(&mut f, &mut charts).expect("xml");
        }
    }
    assert!(
        charts.contains("<c:lineChart>") && charts.contains("推移"),
        "a line chart over 推移"
    );

    // No Rust knows this city.
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).expect("source");
                assert!(
                    !text.contains("熊本")
                        && !text.contains("くまもと")
                        && !text.contains("kumamoto"),
                    "{} names Kumamoto",
                    p.display()
                );
            }
        }
    }
}
