//! `hokatsu check`: exit codes, the JSON contract, and each rule with an input that breaks it.

mod common;

use common::*;
use serde_json::{Value, json};

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf8 path")
}

#[test]
fn kushiro_000_gives_the_three_sum_errors_and_nothing_else() {
    let wd = Workdir::new("kushiro");
    let (doc, code) = wd.check_json(&[s(&fixture("kushiro/2025-11"))]);
    assert_eq!(code, 1);
    let errors = with(&doc, "error", None);
    let mut centers: Vec<&str> = errors.iter().filter_map(|f| f["center"].as_str()).collect();
    centers.sort();
    assert_eq!(centers, ["中部北", "中部南", "東部北"], "{errors:#?}");
    for f in &errors {
        assert_eq!(f["rule"], "sum");
        assert_eq!(f["sheet"], "実績");
        assert_eq!(f["cell"], "I24", "the 計 cell of 対応事例内容");
        let msg = f["message"].as_str().expect("message");
        assert!(msg.contains("対応事例内容"), "{msg}");
    }
    let by_center = |c: &str| errors.iter().find(|f| f["center"] == c).cloned().expect(c);
    assert_eq!(by_center("中部北")["expected"], 23);
    assert_eq!(by_center("中部北")["actual"], 28);
    assert_eq!(by_center("中部南")["expected"], 5);
    assert_eq!(by_center("東部北")["expected"], 7);
    assert_eq!(doc["summary"]["errors"], 3);
    assert_eq!(doc["summary"]["submitted"], 7);
    assert_eq!(doc["summary"]["period"], "2025-11");
}

#[test]
fn the_clean_month_checks_clean() {
    let wd = Workdir::new("clean");
    let (doc, code) = wd.check_json(&[s(&fixture("kushiro/2025-11-clean"))]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(with(&doc, "error", None).is_empty());
}

#[test]
fn every_finding_has_the_json_fields_and_a_stable_order() {
    let wd = Workdir::new("json");
    let (doc, _) = wd.check_json(&[s(&fixture("kushiro/2025-11"))]);
    for f in findings(&doc) {
        for key in [
            "severity", "rule", "center", "file", "sheet", "cell", "message", "expected", "actual",
        ] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap_or("")));
        assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // The values of one finding, each as 000 has it: 中部北's 対応事例内容 adds up to 23 of 28.
    let e = with(&doc, "error", Some("sum"));
    let f = e.iter().find(|f| f["center"] == "中部北").expect("中部北");
    assert_eq!(f["file"], s(&fixture("kushiro/2025-11/中部北.xlsx")));
    assert_eq!(f["sheet"], "実績");
    assert_eq!(f["cell"], "I24", "対応事例内容 計");
    assert_eq!(
        (f["expected"].as_f64(), f["actual"].as_f64()),
        (Some(23.0), Some(28.0))
    );
    // Sorted by file, sheet, cell, rule.
    let keys: Vec<(String, String)> = findings(&doc)
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("").to_string(),
                f["sheet"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let (again, _) = wd.check_json(&[s(&fixture("kushiro/2025-11"))]);
    assert_eq!(doc, again, "deterministic");
}

#[test]
fn english_messages_on_request() {
    let wd = Workdir::new("english");
    let (doc, _) = wd.check_json(&["--lang", "en", s(&fixture("kushiro/2025-11"))]);
    let f = &with(&doc, "error", Some("sum"))[0];
    let msg = f["message"].as_str().expect("message");
    assert!(msg.contains("add up to"), "{msg}");
    let text = wd.expect(
        1,
        &["check", "--lang", "en", s(&fixture("kushiro/2025-11"))],
    );
    assert!(text.contains("3 errors"), "{text}");
}

/// The clean month (fixtures/kushiro/2025-11-clean) with literal cells typed into one
/// center's file, checked.
fn check_edited(name: &str, center: &str, cells: Value) -> (Value, i32, Workdir) {
    let wd = Workdir::new(name);
    let dir = wd.month("kushiro/2025-11-clean", "month", center, &cells);
    let (doc, code) = wd.check_json(&[s(&dir)]);
    (doc, code, wd)
}

#[test]
fn sum_catches_a_total_that_disagrees() {
    // 相談件数 新規 574 → 575 under 西部's typed 計 1,606.
    let (doc, code, _) = check_edited("sum", "西部", json!({"実績": {"C9": 575}}));
    assert_eq!(code, 1);
    let e = with(&doc, "error", Some("sum"));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0]["center"], "西部");
    assert_eq!(
        (&e[0]["sheet"], &e[0]["cell"]),
        (&json!("実績"), &json!("D9"))
    );
    assert_eq!(e[0]["expected"], 1607);
    assert_eq!(e[0]["actual"], 1606);
}

#[test]
fn staffing_required_counts_professional_full_time_staff() {
    // 西部 needs 9 (13,846 first-insured); 4 社会福祉士 instead of 5 leaves 10 - still enough;
    // 3 leaves 9 - enough; 2 leaves 8 - one short. (常勤 専従: 社会福祉士 D12, 計 D18.)
    let cells = json!({"職員配置": {"D12": 2, "D18": 8}});
    let (doc, code, _) = check_edited("required", "西部", cells);
    assert_eq!(code, 1);
    let e = with(&doc, "error", Some("staffing.required"));
    assert_eq!(e.len(), 1, "{doc:#}");
    assert_eq!(e[0]["expected"], ">= 9");
    assert_eq!(e[0]["actual"], 8);
    let cells = json!({"職員配置": {"D12": 3, "D18": 9}});
    let (doc, code, _) = check_edited("required-ok", "西部", cells);
    assert_eq!(code, 0, "{doc:#}");
}

#[test]
fn staffing_fte_must_be_above_zero_and_at_most_the_headcount() {
    // 主任介護支援専門員 非常勤 専従: headcount D16, 常勤換算 D17; the 計's 常勤換算 D20.
    let cells = json!({"職員配置": {"D17": 1.5, "D20": 1.5}});
    let (doc, code, _) = check_edited("fte-high", "阿寒", cells);
    assert_eq!(code, 1);
    let e = with(&doc, "error", Some("staffing.fte"));
    assert_eq!(e.len(), 1, "{doc:#}");
    assert_eq!(e[0]["cell"], "D17", "{doc:#}");
    assert!(e[0]["message"].as_str().expect("msg").contains("1.0"));
    // 1(0.7) typed into the headcount cell gives the FTE (its own cell left blank): no finding.
    let cells = json!({"職員配置": {"D16": "1(0.7)", "D17": null}});
    let (doc, code, _) = check_edited("fte-text", "阿寒", cells);
    assert_eq!(code, 0, "{doc:#}");
}

#[test]
fn providers_match_counts_plans_and_providers() {
    // 西部's last provider (委託先 row 29: 1 介護予防支援, 8 介護予防ケアマネジメント) deleted.
    let cells = json!({"委託先": {"B29": null, "C29": null, "D29": null}});
    let (doc, code, _) = check_edited("providers", "西部", cells);
    assert_eq!(code, 1);
    let e = with(&doc, "error", Some("providers.match"));
    assert!(!e.is_empty(), "{doc:#}");
    assert!(e.iter().all(|f| f["center"] == "西部"));
    let cells: Vec<&str> = e.iter().filter_map(|f| f["cell"].as_str()).collect();
    // 介護予防支援's 委託作成件数 and 委託事業所数 (実績 D68, E68).
    assert!(cells.contains(&"D68"), "{cells:?}");
    assert!(cells.contains(&"E68"), "{cells:?}");
}

#[test]
fn coverage_missing_duplicate_and_unknown_centers() {
    let wd = Workdir::new("coverage");
    let dir = wd.month("kushiro/2025-11-clean", "month", "", &json!({}));
    std::fs::remove_file(dir.join("東部南.xlsx")).expect("remove");
    std::fs::copy(dir.join("西部.xlsx"), dir.join("西部_再提出.xlsx")).expect("copy");
    let (doc, code) = wd.check_json(&[s(&dir)]);
    assert_eq!(code, 1);
    let e = with(&doc, "error", Some("coverage"));
    let missing: Vec<&Value> = e.iter().filter(|f| f["file"].is_null()).collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["center"], "東部南");
    let dup: Vec<&Value> = e.iter().filter(|f| f["center"] == "西部").collect();
    assert_eq!(dup.len(), 2, "both files of 西部 are named: {e:#?}");

    // A tidy CSV line for a center the profile does not know.
    let csv = wd.write(
        "north.csv",
        "center,section,row,column,value\n北部,総合相談支援事業 相談件数,新規,件数,5\n",
    );
    let (doc, _) = wd.check_json(&[s(&csv)]);
    let unknown = with(&doc, "error", Some("coverage"));
    assert!(
        unknown
            .iter()
            .any(|f| f["actual"] == "北部" && f["cell"] == "A2"),
        "{doc:#}"
    );
}

#[test]
fn input_text_in_a_number_cell_is_named_by_cell() {
    // 地域活動 研修会関連 (実績 G43) typed as a word.
    let cells = json!({"実績": {"G43": "未集計"}});
    let (doc, code, _) = check_edited("input", "中部南", cells);
    assert_eq!(code, 1);
    let e = with(&doc, "error", Some("input"));
    assert_eq!(e.len(), 1, "{doc:#}");
    assert_eq!(
        (&e[0]["sheet"], &e[0]["cell"]),
        (&json!("実績"), &json!("G43"))
    );
    assert_eq!(e[0]["actual"], "未集計");
    let msg = e[0]["message"].as_str().expect("msg");
    assert!(
        msg.contains("研修会関連") && msg.contains("未集計"),
        "{msg}"
    );
}

#[test]
fn numbers_as_centers_type_them_are_read() {
    // 相談件数 新規, 継続, 計 (C9, C10, D9) as centers type them; 関係機関等訪問 (F43) cleared.
    let cells = json!({"実績": {"C9": "５７４", "C10": "1,032", "D9": " 1606 ", "F43": null}});
    let (doc, code, wd) = check_edited("typed", "西部", cells);
    assert_eq!(code, 0, "{doc:#}");
    // Read as the numbers they are (the tidy CSV of the report says what was read); the blank
    // stays blank (no line: a count of 0, not a typed zero).
    wd.expect(
        0,
        &["compile", "--out", "r.xlsx", "--csv", "r.csv", "month"],
    );
    let csv = std::fs::read_to_string(wd.path("r.csv")).expect("the tidy CSV");
    let lines: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("西部,総合相談支援事業 相談件数,"))
        .collect();
    assert_eq!(
        lines,
        [
            "西部,総合相談支援事業 相談件数,新規,件数,574",
            "西部,総合相談支援事業 相談件数,継続,件数,1032",
            "西部,総合相談支援事業 相談件数,計,件数,1606",
        ]
    );
    assert!(!csv.contains("西部,地域活動実施状況 参加回数,回数,関係機関等訪問,"));
}

#[test]
fn a_file_for_another_month_is_an_input_error() {
    let wd = Workdir::new("month");
    let dir = wd.month("kushiro/2025-11-clean", "month", "", &json!({}));
    let (doc, code) = wd.check_json(&["--period", "2025-12", s(&dir)]);
    assert_eq!(code, 1);
    // Every file is November's: one finding says --period may be wrong (not seven).
    let e = with(&doc, "error", Some("input"));
    assert_eq!(e.len(), 1, "{doc:#}");
    let msg = e[0]["message"].as_str().expect("message");
    assert!(
        msg.contains("どのファイルも令和7年11月分") && msg.contains("--period 2025-11"),
        "{msg}"
    );
    assert!(with(&doc, "error", Some("coverage")).is_empty(), "{doc:#}");
    // Not used as December's figures.
    assert_eq!(doc["summary"]["submitted"], 0);

    // One file of another month among this month's: that file alone, and not used.
    let (doc, code) = wd.check_json(&["--period", "2025-11", s(&dir)]);
    assert_eq!(code, 0, "{doc:#}");
    // (西部's file says 対象月 2025-10 at 職員配置 D3.)
    let cells = json!({"職員配置": {"D3": "2025-10"}});
    let other = wd.month("kushiro/2025-11-clean", "other", "西部", &cells);
    let (doc, code) = wd.check_json(&["--period", "2025-11", s(&other)]);
    assert_eq!(code, 1);
    let e = with(&doc, "error", Some("input"));
    assert_eq!(e.len(), 1, "{doc:#}");
    assert_eq!(e[0]["center"], "西部");
    assert!(
        e[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("今回の集計には使いません")
    );
    // At the cell that says October.
    assert_eq!(
        (&e[0]["sheet"], &e[0]["cell"]),
        (&json!("職員配置"), &json!("D3"))
    );
    assert_eq!(
        doc["summary"]["submitted"], 6,
        "西部's October is not November's"
    );
}

#[test]
fn the_run_itself_failing_is_exit_2() {
    let wd = Workdir::new("exit2");
    let out = wd.run(&["check", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no/such/folder") && err.contains("見つかりません"),
        "{err}"
    );
    let bad = wd.write("city.toml", "city = \"x\"\nfiscal_year = \"R7\"\n");
    let out = wd.run(&[
        "check",
        "--profile",
        s(&bad),
        s(&fixture("kushiro/2025-11")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2行目"), "names the line: {err}");
    let out = wd.run(&["check", "--period", "11月", s(&fixture("kushiro/2025-11"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// A month with all three severities: 000's three sum errors, the pacing notes, and occupancy
/// warnings for 阿寒 and 音別 once the profile's minimum of plans is 1.
fn three_severities(wd: &Workdir) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("examples/kushiro-r7.toml")).expect("profile");
    let profile = wd.write(
        "city.toml",
        text.replacen("occupancy_min_plans = 20", "occupancy_min_plans = 1", 1),
    );
    vec![
        "--profile".into(),
        s(&profile).into(),
        s(&fixture("kushiro/2025-11")).into(),
    ]
}

fn severities_of(text: &str) -> Vec<&'static str> {
    text.lines()
        .filter_map(|l| {
            ["エラー [", "警告 [", "情報 ["]
                .into_iter()
                .find(|head| l.starts_with(head))
        })
        .collect()
}

#[test]
fn text_output_is_worst_first_and_quiet_hides_the_notes() {
    let wd = Workdir::new("order");
    let args = three_severities(&wd);
    let mut argv: Vec<&str> = vec!["check"];
    argv.extend(args.iter().map(String::as_str));
    let out = wd.expect(1, &argv);
    let seen = severities_of(&out);
    assert!(
        ["エラー [", "警告 [", "情報 ["]
            .iter()
            .all(|h| seen.contains(h)),
        "all three severities present: {out}"
    );
    let rank = |h: &str| {
        ["エラー [", "警告 [", "情報 ["]
            .iter()
            .position(|x| *x == h)
    };
    assert!(
        seen.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "errors, then warnings, then notes: {seen:?}"
    );
    // The rule is named in the clerk's language; the code stays in JSON.
    assert!(out.contains("エラー [合計] 中部北"), "{out}");
    assert!(out.contains("警告 [委託先の偏り] 阿寒"), "{out}");
    assert!(!out.contains("[sum]") && !out.contains("[pacing]"), "{out}");

    argv.insert(1, "--quiet");
    let quiet = wd.expect(1, &argv);
    let seen = severities_of(&quiet);
    assert!(!seen.contains(&"情報 ["), "--quiet prints no 情報: {quiet}");
    assert_eq!(seen.iter().filter(|h| **h == "エラー [").count(), 3);
    assert!(seen.contains(&"警告 ["), "{quiet}");
    // The summary still counts everything.
    assert!(quiet.contains("エラー 3、警告 2、情報 6"), "{quiet}");

    let en = wd.expect(1, &["check", "--lang", "en", &args[0], &args[1], &args[2]]);
    assert!(en.contains("error [total] 中部北"), "{en}");
}

#[test]
fn github_format_annotates_each_error_with_its_file_and_cell() {
    let wd = Workdir::new("github");
    let input = fixture("kushiro/2025-11");
    let (doc, _) = wd.check_json(&[s(&input)]);
    let out = wd.expect(1, &["check", "--format", "github", s(&input)]);
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("::error ")).collect();
    let expected = with(&doc, "error", None);
    assert_eq!(errors.len(), expected.len(), "{out}");
    assert_eq!(errors.len(), 3);
    for f in &expected {
        let file = f["file"].as_str().expect("file");
        let at = format!(
            "{}!{}",
            f["sheet"].as_str().expect("sheet"),
            f["cell"].as_str().expect("cell")
        );
        let line = errors
            .iter()
            .find(|l| l.contains(&format!("file={file},")))
            .unwrap_or_else(|| panic!("no annotation for {file}: {out}"));
        assert!(line.contains("title=合計 (sum)::"), "{line}");
        assert!(line.contains(&at), "{at} in {line}");
        assert!(line.contains("対応事例内容"), "{line}");
    }
    // Notes are notices, and the summary closes the run as one.
    assert!(out.lines().any(|l| l.starts_with("::notice file=")));
    let last = out.lines().last().expect("a line");
    assert!(
        last.starts_with("::notice title=hokatsu::") && last.contains("エラー 3"),
        "{last}"
    );
    // Nothing but workflow commands.
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
    let quiet = wd.expect(1, &["check", "--format", "github", "--quiet", s(&input)]);
    assert!(
        !quiet.lines().any(|l| l.starts_with("::notice file=")),
        "{quiet}"
    );
}

/// A workbook made by hand (rust_xlsxwriter, no cell names) with the form's id where the
/// template has it is read at the template's own addresses, literal here: what is typed at
/// 実績 C9, C10 and D9 is 総合相談 相談件数 新規, 継続 and 計.
#[test]
fn a_workbook_made_by_hand_is_read_at_the_templates_addresses() {
    let wd = Workdir::new("by-hand");
    wd.expect(
        0,
        &[
            "template", "--out", "blank", "--period", "2025-11", "--center", "西部",
        ],
    );
    let form_id = sheet(&wd.path("blank/西部.xlsx"), "職員配置").text(3, 3);
    assert!(
        form_id.starts_with("kushiro-"),
        "様式 at 職員配置 D4: {form_id}"
    );
    let cells = json!({
        "職員配置": {"D2": "西部地域支援センター", "D3": "2025-11", "D4": form_id},
        "実績": {"C9": 574, "C10": 1032, "D9": 1607},
    });
    wd.xlsx("month/西部.xlsx", &cells);
    let (doc, _) = wd.check_json(&["month/西部.xlsx"]);
    let sums = with(&doc, "error", Some("sum"));
    assert_eq!(sums.len(), 1, "{doc:#}");
    assert_eq!(
        (&sums[0]["sheet"], &sums[0]["cell"]),
        (&json!("実績"), &json!("D9"))
    );
    assert_eq!(
        (&sums[0]["expected"], &sums[0]["actual"]),
        (&json!(1606), &json!(1607))
    );
    assert_eq!(sums[0]["center"], "西部");
}

/// Kushiro's policy (001): the センター長 carries 介護予防支援・介護予防ケアマネジメント plans
/// only exceptionally, 「月 5 件程度を上限」. Each center's file asks for the month's figure
/// (実績 B73, below every table of 000) and check warns above 5, at that cell.
#[test]
fn the_directors_plans_above_five_a_month_are_a_warning_at_their_cell() {
    let chief = |n: i64| json!({"実績": {"B73": n}});
    let (doc, code, wd) = check_edited("chief-7", "西部", chief(7));
    assert_eq!(code, 0, "a warning, not an error: {doc:#}");
    let warned = with(&doc, "warning", Some("relation"));
    assert_eq!(warned.len(), 1, "{doc:#}");
    let f = &warned[0];
    assert_eq!(f["center"], "西部");
    assert_eq!(f["file"], s(&wd.path("month/西部.xlsx")));
    assert_eq!((&f["sheet"], &f["cell"]), (&json!("実績"), &json!("B73")));
    assert_eq!((&f["expected"], &f["actual"]), (&json!("<= 5"), &json!(7)));
    let message = f["message"].as_str().unwrap_or("");
    assert!(
        message.contains("センター長") && message.contains('7'),
        "{message}"
    );
    // At the limit, nothing to say (東部北's file of the clean month holds 5 already).
    let (doc, code, _) = check_edited("chief-5", "西部", chief(5));
    assert_eq!(code, 0, "{doc:#}");
    assert!(
        with(&doc, "warning", Some("relation")).is_empty(),
        "{doc:#}"
    );
}

/// The template's own チェック sheet says the same as check (the center sees it before sending):
/// its row for 実績 B73 reads 注意 at 7 and OK at 5, once LibreOffice has recalculated the file.
#[test]
fn the_templates_own_check_notes_the_directors_plans_too() {
    let wd = Workdir::new("chief-self-check");
    let clean = fixture("kushiro/2025-11-clean/西部.xlsx");
    let seven = wd.typed(&clean, "typed/7/西部.xlsx", &json!({"実績": {"B73": 7}}));
    let five = wd.typed(&clean, "typed/5/西部.xlsx", &json!({"実績": {"B73": 5}}));
    // Recalculate on load (openpyxl leaves no cached values), in a profile of the workdir's own.
    let user = wd.write(
        "lo/user/registrymodifications.xcu",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    );
    let profile = user.parent().and_then(|p| p.parent()).expect("lo");
    for (n, file) in [(7, &seven), (5, &five)] {
        let out = wd.path(&format!("recalculated/{n}"));
        let run = std::process::Command::new("libreoffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", "xlsx", "--outdir", s(&out)])
            .arg(file)
            .output()
            .expect("libreoffice (apt-get install -y --no-install-recommends libreoffice-calc)");
        assert!(run.status.success(), "{run:?}");
        let checks = sheet(&out.join("西部.xlsx"), "チェック");
        let row = (0..checks.rows())
            .find(|&r| checks.text(r, 2) == "実績" && checks.text(r, 3) == "B73")
            .expect("a check of 実績 B73");
        let state = if n > 5 { "注意" } else { "OK" };
        assert_eq!(checks.text(row, 0), state, "{n}: {}", checks.text(row, 4));
        if n > 5 {
            assert!(
                checks.text(row, 4).contains("センター長"),
                "{}",
                checks.text(row, 4)
            );
        }
    }
}
