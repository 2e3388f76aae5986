//! The template checks itself: for the month of `000` (as printed, and corrected) and a planted
//! fault of each rule family, the `hk_check_count` LibreOffice computes is 0 exactly when
//! `hokatsu check` finds no error of those families in that file. Needs LibreOffice (see
//! tests/test_print.rs); `.ci/run` installs it.

mod common;

use calamine::{Data, Reader};
use common::*;
use hokatsu::template::Typed;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The families of `check` a template formula mirrors.
const FAMILIES: [&str; 5] = [
    "sum",
    "providers.match",
    "staffing.required",
    "staffing.fte",
    "input",
];

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Convert to xlsx with LibreOffice, recalculating every formula on load.
fn recalculated(wd: &Workdir, files: &[PathBuf]) -> PathBuf {
    let found = Command::new("libreoffice")
        .arg("--version")
        .output()
        .is_ok();
    assert!(
        found,
        "LibreOffice is needed: apt-get install -y --no-install-recommends libreoffice-calc"
    );
    let profile = wd.path("lo-profile");
    // Always recalculate OOXML on load: the workbooks carry our cached values (0), and the
    // test is about what LibreOffice computes.
    let user = profile.join("user");
    std::fs::create_dir_all(&user).expect("profile");
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .expect("xcu");
    let out = wd.path("recalculated");
    let status = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir", s(&out)])
        .args(files)
        .output()
        .expect("libreoffice");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    out
}

/// The value of the cell a workbook-level defined name points at.
fn named_number(path: &Path, name: &str) -> f64 {
    let mut wb = open_xlsx(path);
    let target = wb
        .defined_names()
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, f)| f.clone())
        .unwrap_or_else(|| panic!("{}: no {name}", path.display()));
    let (sheet, cell) = target.rsplit_once('!').expect("sheet!cell");
    let sheet = sheet.trim_start_matches('=').trim_matches('\'').to_string();
    let (row, col) = hokatsu::grid::parse_a1(cell).expect("a1");
    let range = wb.worksheet_range(&sheet).expect("sheet");
    match range.get_value((row, u32::from(col))) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("{}: {name} is {other:?}", path.display()),
    }
}

/// A file to write: its name, the submission, and values typed over it.
type Case<'a> = (String, hokatsu::model::Submission, Vec<(&'a str, Typed)>);

#[test]
fn the_templates_count_agrees_with_check() {
    let wd = Workdir::new("self-check");
    let (profile, clean) = clean_submissions();
    // The month as 000 prints it (three breakdowns that do not add up).
    let ctx = hokatsu::template::read_context(&profile, Default::default());
    let printed =
        hokatsu::read::read_file(&fixture("kushiro/source/2025-11.csv"), &ctx).submissions;
    assert_eq!(printed.len(), 7);
    let blank = || Typed::Text(String::new());
    let by = |subs: &[hokatsu::model::Submission], short: &str| {
        subs.iter()
            .find(|s| profile.centers[s.center].short == short)
            .cloned()
            .expect(short)
    };
    // (file name, submission, edits): the fixtures' data, then one fault per family.
    let mut cases: Vec<Case> = Vec::new();
    for sub in &clean {
        let c = &profile.centers[sub.center].short;
        cases.push((format!("clean-{c}"), sub.clone(), vec![]));
    }
    for sub in &printed {
        let c = &profile.centers[sub.center].short;
        cases.push((format!("000-{c}"), sub.clone(), vec![]));
    }
    cases.push((
        "sum-西部".into(),
        by(&clean, "西部"),
        vec![("sogo_kensu_kei", Typed::Number(1607.0))],
    ));
    let mut naiyo = by(&clean, "中部北");
    let ninchisho = profile.form.item("konnan_naiyo_ninchisho").expect("item");
    naiyo.values[ninchisho] = naiyo.values[ninchisho].map(|v| v + 1.0);
    cases.push((
        "breakdown-中部北".into(),
        naiyo,
        vec![("konnan_naiyo_kei", blank())],
    ));
    let plans = by(&clean, "東部南");
    let itaku = profile.form.item("ys_plan_itaku").expect("item");
    let stated = plans.values[itaku].unwrap_or(0.0);
    cases.push((
        "providers-東部南".into(),
        plans,
        vec![("ys_plan_itaku", Typed::Number(stated + 1.0))],
    ));
    cases.push((
        "required-西部".into(),
        by(&clean, "西部"),
        vec![
            ("staff_shakai_jokin_senju", Typed::Number(2.0)),
            ("staff_kei_jokin_senju", blank()),
        ],
    ));
    cases.push((
        "fte-阿寒".into(),
        by(&clean, "阿寒"),
        vec![
            ("staff_shunin_hijokin_senju_fte", Typed::Number(1.5)),
            ("staff_kei_hijokin_senju_fte", blank()),
        ],
    ));
    // Text in a number cell: 「3件」 in a count, a pasted 「1(1.2)」 in a full-time equivalent.
    cases.push((
        "text-西部".into(),
        by(&clean, "西部"),
        vec![("sogo_kensu_shinki", Typed::Text("3件".into()))],
    ));
    cases.push((
        "text-fte-阿寒".into(),
        by(&clean, "阿寒"),
        vec![(
            "staff_shunin_hijokin_senju_fte",
            Typed::Text("1(1.2)".into()),
        )],
    ));
    // 「1(1.2)」 typed in a part-time headcount: a full-time equivalent above the headcount
    // (staffing.fte in check); 「1(0.7)」 there is the staffing notation, and passes.
    for (name, typed) in [
        ("text-headcount-阿寒", "1(1.2)"),
        ("notation-阿寒", "1(0.7)"),
    ] {
        cases.push((
            name.into(),
            by(&clean, "阿寒"),
            vec![
                ("staff_shunin_hijokin_senju", Typed::Text(typed.into())),
                ("staff_shunin_hijokin_senju_fte", blank()),
                ("staff_kei_hijokin_senju", blank()),
                ("staff_kei_hijokin_senju_fte", blank()),
            ],
        ));
    }
    // A warning family (abuse types): not counted, as check reports no error.
    let mut abuse = by(&clean, "中部北");
    let shintai = profile.form.item("gyakutai_shintai").expect("item");
    abuse.values[shintai] = Some(abuse.values[shintai].unwrap_or(0.0) + 1.0);
    cases.push(("abuse-中部北".into(), abuse, vec![]));

    let mut files = Vec::new();
    for (name, sub, edits) in &cases {
        let dir = wd.path(&format!("cases/{name}"));
        let written = write_submission(&dir, &profile, sub, edits);
        let flat = wd.path(&format!("flat/{name}.xlsx"));
        std::fs::create_dir_all(flat.parent().expect("dir")).expect("mkdir");
        std::fs::copy(&written, &flat).expect("copy");
        files.push(flat);
    }
    let out = recalculated(&wd, &files);

    let mut counted = 0;
    for (file, (name, _, _)) in files.iter().zip(&cases) {
        let (doc, _) = wd.check_json(&[s(file)]);
        let errors: Vec<String> = findings(&doc)
            .into_iter()
            .filter(|f| {
                f["severity"] == "error" && FAMILIES.contains(&f["rule"].as_str().unwrap_or(""))
            })
            .map(|f| format!("{} {}", f["rule"], f["message"]))
            .collect();
        let count = named_number(&out.join(file.file_name().expect("name")), "hk_check_count");
        assert_eq!(
            count == 0.0,
            errors.is_empty(),
            "{name}: hk_check_count {count}, check: {errors:#?}"
        );
        if count > 0.0 {
            counted += 1;
        }
    }
    // The clean month passes; 000's three breakdowns and each planted error are counted.
    for expect_fail in [
        "000-中部北",
        "000-中部南",
        "000-東部北",
        "sum-西部",
        "breakdown-中部北",
        "providers-東部南",
        "required-西部",
        "fte-阿寒",
        "text-西部",
        "text-fte-阿寒",
        "text-headcount-阿寒",
    ] {
        let i = cases.iter().position(|c| c.0 == expect_fail).expect("case");
        let file = out.join(files[i].file_name().expect("name"));
        assert!(
            named_number(&file, "hk_check_count") > 0.0,
            "{expect_fail} is counted"
        );
    }
    assert_eq!(counted, 11, "exactly the faulty files count");
}

/// Sapporo's form states its own relations: a センター長 at least 1 and 収入 − 支出 = 収支差額
/// (errors, counted), an 占有率 at most 50% (a warning, shown in percent, not counted).
#[test]
fn a_forms_own_relations_check_themselves_in_the_template() {
    let wd = Workdir::new("self-check-sapporo");
    let profile_path = root().join("examples/sapporo/profile.toml");
    let profile = hokatsu::profile::Profile::load(&profile_path).expect("profile");
    let ctx = hokatsu::template::read_context(&profile, Default::default());
    let clean = hokatsu::read::read_file(
        &root().join("examples/sapporo/submissions/中央1.xlsx"),
        &ctx,
    )
    .submissions
    .remove(0);
    let period = hokatsu::era::Period::parse_as("2023", profile.form.cadence).expect("FY2023");
    let mut chief = clean.clone();
    for id in ["staff_chief_senju", "staff_chief_kenmu"] {
        chief.values[profile.form.item(id).expect(id)] = None;
    }
    let cases: Vec<Case> = vec![
        ("clean".into(), clean.clone(), vec![]),
        ("chief".into(), chief, vec![]),
        (
            "balance".into(),
            clean.clone(),
            vec![("shushi_sagaku", Typed::Number(1.0))],
        ),
        (
            "cap".into(),
            clean,
            vec![
                ("senyu_homon_zen", Typed::Number(100.0)),
                ("senyu_homon_saita", Typed::Number(62.0)),
            ],
        ),
    ];
    let mut files = Vec::new();
    for (name, sub, edits) in &cases {
        let written = write_submission_at(
            &wd.path(&format!("cases/{name}")),
            &profile,
            sub,
            edits,
            period,
        );
        let flat = wd.path(&format!("flat/{name}.xlsx"));
        std::fs::create_dir_all(flat.parent().expect("dir")).expect("mkdir");
        std::fs::copy(&written, &flat).expect("copy");
        files.push(flat);
    }
    let out = recalculated(&wd, &files);
    let profile_arg = s(&profile_path).to_string();
    for (file, (name, _, _)) in files.iter().zip(&cases) {
        let (doc, _) = wd.check_json(&["--profile", &profile_arg, s(file)]);
        let errors = findings(&doc)
            .iter()
            .filter(|f| f["severity"] == "error" && f["rule"] != "coverage")
            .count();
        let warnings = with(&doc, "warning", Some("relation")).len();
        let recalculated = out.join(file.file_name().expect("name"));
        let count = named_number(&recalculated, "hk_check_count");
        let expected = match name.as_str() {
            "clean" | "cap" => (0, 0.0),
            "chief" => (2, 1.0), // at 専従 and 兼務 in check, one self-check in the template
            _ => (3, 1.0),       // at 収入, 支出 and 収支差額 in check, one self-check
        };
        assert_eq!((errors, count), expected, "{name}: {doc}");
        assert_eq!(warnings, usize::from(name == "cap"), "{name}: {doc}");
        // The cap's message beside the table, in percent as check words it.
        let sheet_text = sheet(&recalculated, "実績");
        let shown = (0..sheet_text.rows()).any(|r| {
            (0..40).any(|c| {
                let t = sheet_text.text(r, c);
                t.contains("上限") && t.contains("62.0%") && t.contains("50.0%")
            })
        });
        assert_eq!(shown, name == "cap", "{name}");
    }
}
