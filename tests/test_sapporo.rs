//! The Sapporo example (`examples/sapporo/`): a city written only in the form language, whose
//! 27 annual submissions compile into the figures of 令和5年度 札幌市地域包括支援センター運営事業の
//! 概況 (shared/seeds/002): the 収支状況 in 千円 with its shares and 執行率, the average 占有率 by
//! service type, the evaluation table, 27 centers in 10 wards run by 12 corporations, and
//! 6–13 professionals with 北区 one more. Planted faults show the rules the form states.

mod common;

use common::*;
use serde_json::json;

/// 002 §2 (千円): 収入 委託料, ケアプラン報酬, その他, 収入総額; 支出 人件費, 管理費, 再委託費,
/// 職員活動費, その他, 支出総額; 収支差額.
const MONEY: [f64; 11] = [
    1_553_417.0,
    1_359_275.0,
    7_821.0,
    2_920_513.0,
    2_235_809.0,
    212_075.0,
    301_905.0,
    129_300.0,
    35_556.0,
    2_914_645.0,
    5_868.0,
];
/// 002 §2: each part's share of its total, as printed (one decimal).
const SHARES: [f64; 10] = [53.2, 46.5, 0.3, 100.0, 76.7, 7.3, 10.4, 4.4, 1.2, 100.0];
/// 002 §3: 一事業所における占有率(平均), 訪問型 通所型 福祉用具貸与 居宅(再委託) 包括受託法人の居宅.
const OCCUPANCY: [f64; 5] = [18.1, 23.4, 17.4, 10.4, 7.0];
/// 002 §4, in its order: center, self-evaluation per 取組項目 1–4, 各項目の平均 (rounded as
/// printed), 区保健福祉課による総合評価.
const EVALUATION: [(&str, [f64; 4], f64, f64); 27] = [
    ("中央区第１", [4., 3., 4., 3.], 4., 4.),
    ("中央区第２", [4., 4., 3., 4.], 4., 4.),
    ("中央区第３", [4., 4., 4., 3.], 4., 4.),
    ("北区第１", [4., 3., 3., 3.], 3., 3.),
    ("北区第２", [3., 3., 3., 4.], 3., 3.),
    ("北区第３", [3., 4., 4., 4.], 4., 3.),
    ("東区第１", [3., 3., 3., 3.], 3., 3.),
    ("東区第２", [3., 4., 3., 4.], 4., 4.),
    ("東区第３", [3., 3., 3., 3.], 3., 3.),
    ("白石区第１", [4., 3., 3., 5.], 4., 4.),
    ("白石区第２", [3., 3., 3., 3.], 3., 4.),
    ("白石区第３", [4., 4., 4., 4.], 4., 4.),
    ("厚別区第１", [4., 3., 4., 3.], 4., 4.),
    ("厚別区第２", [4., 4., 2., 3.], 3., 4.),
    ("豊平区第１", [2., 3., 2., 3.], 3., 3.),
    ("豊平区第２", [3., 3., 3., 3.], 3., 3.),
    ("豊平区第３", [3., 3., 3., 3.], 3., 3.),
    ("清田区第１", [3., 3., 4., 4.], 4., 4.),
    ("清田区第２", [4., 4., 3., 3.], 4., 4.),
    ("南区第１", [3., 3., 3., 3.], 3., 3.),
    ("南区第２", [4., 4., 4., 4.], 4., 4.),
    ("南区第３", [3., 3., 3., 3.], 3., 3.),
    ("西区第１", [4., 4., 4., 4.], 4., 4.),
    ("西区第２", [4., 4., 4., 4.], 4., 4.),
    ("西区第３", [4., 4., 2., 4.], 4., 4.),
    ("手稲区第１", [3., 3., 3., 3.], 3., 3.),
    ("手稲区第２", [3., 3., 3., 3.], 3., 4.),
];

fn example() -> std::path::PathBuf {
    root().join("examples/sapporo")
}

/// Rounded to one decimal, as 002 prints percentages.
fn pct(v: Option<f64>) -> f64 {
    (v.expect("a share") * 1000.0).round() / 10.0
}

#[test]
fn the_example_compiles_into_002s_figures() {
    let wd = Workdir::new("sapporo");
    let path = wd.path("sapporo.xlsx");
    let stdout = compile_example("sapporo", &path);
    assert!(
        stdout.contains("対象年度 令和5年度: 27 ファイル、27 / 27 センター記入済み"),
        "{stdout}"
    );
    assert!(stdout.contains("問題ありません"), "{stdout}");

    let acts = sheet(&path, "事業実績");
    // 収支状況: the city's 計 row and its 構成比, as SUBTOTALs and share formulas.
    let head = acts.find(1, "委託料", 0).expect("the 収支 table");
    let total = acts.find(0, "計", head).expect("計");
    let got: Vec<Option<f64>> = (1..=11).map(|c| acts.number(total, c)).collect();
    assert_eq!(got, MONEY.map(Some));
    assert!(acts.formula(total, 4).starts_with("SUBTOTAL(9,"));
    assert_eq!(pct(acts.number(total, 12)), 99.8, "執行率");
    let r = total + 1; // the sheet's row number
    assert_eq!(
        acts.formula(total, 12),
        format!("IF(N(E{r})=0,\"\",N(K{r})/N(E{r}))"),
        "支出総額 over 収入総額"
    );
    assert_eq!(acts.text(total + 1, 0), "構成比");
    let shares: Vec<f64> = (1..=10).map(|c| pct(acts.number(total + 1, c))).collect();
    assert_eq!(shares, SHARES);
    // Each part is a share of its own total: 収入 parts of 収入総額 (E), 支出 of 支出総額 (K).
    assert!(acts.formula(total + 1, 1).ends_with(&format!("/E{r})")));
    assert!(acts.formula(total + 1, 5).ends_with(&format!("/K{r})")));

    // 占有率: the mean of the centers' shares per service type.
    let head = acts.find(1, "位置付け件数", 0).expect("the 占有率 table");
    let total = acts.find(0, "計", head).expect("計");
    let got: Vec<f64> = [3, 6, 9, 12, 14]
        .map(|c| pct(acts.number(total, c)))
        .to_vec();
    assert_eq!(got, OCCUPANCY);
    assert!(
        acts.formula(total, 3).contains("SUBTOTAL(1,"),
        "{}",
        acts.formula(total, 3)
    );

    // 評価: each center's self-evaluation and the ward's, as 002 prints them.
    let ev = sheet(&path, "評価");
    for (name, items, average, ward) in EVALUATION {
        let r = (0..ev.rows())
            .find(|&r| ev.text(r, 0) == format!("{name}地域包括支援センター"))
            .unwrap_or_else(|| panic!("{name}"));
        let got: Vec<Option<f64>> = (1..=4).map(|c| ev.number(r, c)).collect();
        assert_eq!(got, items.map(Some), "{name}");
        let mean = ev.number(r, 5).expect("the average");
        assert_eq!((mean + 1e-9).round(), average, "{name}: {mean}");
        assert_eq!(ev.number(r, 6), Some(ward), "{name}");
    }

    // 27 centers in 10 wards, run by 12 corporations (社会福祉法人 7, 医療法人 5).
    let overview = sheet(&path, "概要");
    let operators: std::collections::BTreeSet<String> = (0..overview.rows())
        .filter(|&r| overview.text(r, 1).ends_with("地域包括支援センター"))
        .map(|r| overview.text(r, 3))
        .collect();
    assert_eq!(operators.len(), 12, "{operators:?}");
    assert_eq!(
        operators
            .iter()
            .filter(|o| o.starts_with("社会福祉法人"))
            .count(),
        7
    );
    staffing_and_years_follow_002(&path, &acts);
}

/// Staffing: 6 to 13 professionals required by population, 北区's centers one more; and the
/// years side by side on 推移.
fn staffing_and_years_follow_002(path: &std::path::Path, acts: &SheetData) {
    let wards: std::collections::BTreeSet<String> = (0..acts.rows())
        .filter_map(|r| acts.text(r, 0).strip_suffix(" 小計").map(str::to_string))
        .collect();
    assert_eq!(wards.len(), 10, "{wards:?}");
    let staff = sheet(path, "職員配置");
    let required: Vec<f64> = (0..staff.rows())
        .filter(|&r| staff.text(r, 0) == "規定配置人数(専門職員)")
        .flat_map(|r| (3..40).map(move |c| (r, c)))
        .filter_map(|(r, c)| staff.number(r, c))
        .collect();
    assert_eq!(required.len(), 27);
    let (lo, hi) = required
        .iter()
        .fold((f64::MAX, 0.0f64), |(lo, hi), &n| (lo.min(n), hi.max(n)));
    assert_eq!((lo, hi), (6.0, 13.0));
    let profile =
        hokatsu::profile::Profile::load(&example().join("profile.toml")).expect("profile");
    for c in profile
        .centers
        .iter()
        .filter(|c| c.area.as_deref() == Some("北区"))
    {
        let mut plain = c.clone();
        plain.required_override = None;
        assert_eq!(
            profile.required_staff(c),
            profile.required_staff(&plain).map(|n| n + 1),
            "{}",
            c.name
        );
    }

    // The years side by side on 推移: R1–R4 from the history, R5 from this year's sheet.
    let trends = sheet(path, "推移");
    let header = (0..trends.rows())
        .find(|&r| trends.text(r, 1) == "R1")
        .expect("the year table");
    let years: Vec<String> = (1..=5).map(|c| trends.text(header, c)).collect();
    assert_eq!(years, ["R1", "R2", "R3", "R4", "R5"]);
    let sodan = (header..trends.rows())
        .find(|&r| trends.text(r, 0) == "総合相談件数")
        .expect("総合相談件数, as the form names it");
    assert!(trends.formula(sodan, 5).contains("事業実績"));
    let counts: Vec<f64> = (1..=5).filter_map(|c| trends.number(sodan, c)).collect();
    assert_eq!(counts.len(), 5);
    assert!(counts[1] < counts[0], "the COVID dip of R2: {counts:?}");
}

#[test]
fn the_forms_rules_find_a_missing_director_a_wrong_balance_and_a_biased_center() {
    let wd = Workdir::new("sapporo-faults");
    let profile_path = example().join("profile.toml");
    let dir = wd.copy_dir(&example().join("submissions"), "submissions");
    // 中央1: no センター長 (職員配置 D9 専従, E9 兼務), a 収支差額 (実績 L48) of 1, and its
    // 訪問型サービス's 最多法人 62 of 100 位置付け件数 (B55, C55).
    let cells = json!({
        "職員配置": {"D9": null, "E9": null},
        "実績": {"L48": 1, "B55": 100, "C55": 62},
    });
    wd.typed(&dir.join("中央1.xlsx"), "submissions/中央1.xlsx", &cells);
    let profile_arg = profile_path.to_string_lossy().into_owned();
    let (doc, code) = wd.check_json(&["--profile", &profile_arg, "submissions"]);
    assert_eq!(code, 1, "{doc}");
    let relation = with(&doc, "error", Some("relation"));
    let at = |f: &serde_json::Value| f["cell"].as_str().unwrap_or_default().to_string();
    // センター長: at least one, an error at each of its cells (専従, 兼務).
    let chief: Vec<_> = relation
        .iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("センター長"))
        })
        .collect();
    let chief: Vec<String> = chief.into_iter().map(at).collect();
    assert_eq!(chief, ["D9", "E9"], "{relation:?}");
    // 収入 − 支出 = 収支差額: at each of its cells.
    let balance: Vec<String> = relation
        .iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("収入総額 − 支出総額"))
        })
        .map(at)
        .collect();
    // (収入総額 E48, 支出総額 K48, 収支差額 L48)
    assert_eq!(balance, ["E48", "K48", "L48"]);
    // 占有率 62.0% over the 50% cap: a warning at the 占有率 cell (beside 最多法人), in percent.
    let cap = with(&doc, "warning", Some("relation"));
    assert_eq!(cap.len(), 1, "{cap:?}");
    assert_eq!(at(&cap[0]), "D55", "beside 最多法人 C55");
    let message = cap[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("62.0%") && message.contains("50.0%"),
        "{message}"
    );
    assert_eq!(findings(&doc).len(), 6, "{doc}");
}

#[test]
fn no_rust_knows_this_city() {
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).expect("source");
                for id in ["sapporo", "札幌", "senyu", "shushi", "sodansha", "cm_hoho"] {
                    assert!(!text.contains(id), "{} names {id}", p.display());
                }
            }
        }
    }
}

/// A computed 執行率 typed over with another value is a warning at that cell (the report keeps
/// the figures' ratio), and one evaluation score left blank among the others is a warning
/// naming it (the average would silently leave it out).
#[test]
fn a_typed_over_ratio_and_a_missing_score_are_said() {
    let wd = Workdir::new("sapporo-typed");
    let profile_path = example().join("profile.toml");
    // 中央2: its 執行率 (実績 M48, a formula beside 収支差額 L48) typed over with 0.5, and its
    // second score (評価 C6) left blank.
    let cells = json!({"実績": {"M48": 0.5}, "評価": {"C6": null}});
    let from = example().join("submissions/中央2.xlsx");
    let file = wd.typed(&from, "m/中央2.xlsx", &cells);
    let profile_arg = profile_path.to_string_lossy().into_owned();
    let (doc, _) = wd.check_json(&["--profile", &profile_arg, &file.to_string_lossy()]);
    let dict = wd.expect(0, &["form", "--profile", &profile_arg]);
    let typed = with(&doc, "warning", Some("input"));
    let ratio = typed
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("計算式の欄"))
        })
        .unwrap_or_else(|| panic!("{typed:#?}"));
    assert_eq!(ratio["actual"], "50.0%");
    let computed = ratio["expected"].as_str().expect("expected");
    assert!(computed.ends_with('%') && computed != "50.0%", "{computed}");
    // The ratio is not in the dictionary (not an input): the finding points at the cell that
    // holds the typed 0.5.
    assert!(!dict.contains("shushi_shikko,"), "{dict}");
    assert_eq!(
        (&ratio["sheet"], &ratio["cell"]),
        (&json!("実績"), &json!("M48"))
    );
    let blank = with(&doc, "warning", Some("input.blank"));
    let missing = blank
        .iter()
        .find(|f| f["sheet"] == "評価" && f["cell"] == "C6")
        .unwrap_or_else(|| panic!("{blank:#?}"));
    assert!(
        missing["message"]
            .as_str()
            .unwrap_or("")
            .contains("ほかの評価は入力済み")
    );
    assert_eq!(blank.len(), 1, "only the blank score: {blank:#?}");
}
