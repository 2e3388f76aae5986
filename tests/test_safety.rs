//! Nothing wrong reaches the council unnoticed, and no command destroys a clerk's file: blank
//! templates sent back, look-alike provider names, overwrites, the same file twice, earlier
//! months that are not, non-regular files, and the summary's wording.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Every file under `dir` with its bytes, to show that nothing changed or appeared.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.is_file() {
                out.insert(
                    p.strip_prefix(dir).expect("inside").display().to_string(),
                    std::fs::read(&p).expect("read"),
                );
            }
        }
    }
    out
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_blank_template_sent_back_is_not_a_submission() {
    let wd = Workdir::new("blank");
    let month = wd.copy_dir(&fixture("kushiro/2025-11-clean"), "month");
    wd.expect(0, &["template", "--out", "blanks", "--period", "2025-11"]);
    for c in ["阿寒", "西部"] {
        std::fs::copy(
            wd.path(&format!("blanks/{c}.xlsx")),
            month.join(format!("{c}.xlsx")),
        )
        .expect("copy");
    }
    let (doc, code) = wd.check_json(&[s(&month)]);
    assert_eq!(code, 1);
    let blank = with(&doc, "error", Some("input.blank"));
    let mut centers: Vec<&str> = blank.iter().filter_map(|f| f["center"].as_str()).collect();
    centers.sort();
    assert_eq!(centers, ["西部", "阿寒"], "{blank:#?}");
    for f in &blank {
        let file = f["file"].as_str().expect("file");
        assert!(file.ends_with(&format!("{}.xlsx", f["center"].as_str().expect("c"))));
        assert!(f["cell"].is_null());
    }
    // Counted as not submitted, and no rule runs on its zeros (西部 would lack staff).
    assert_eq!(doc["summary"]["submitted"], 5);
    assert_eq!(doc["summary"]["blank"], 2);
    assert!(with(&doc, "error", Some("staffing.required")).is_empty());
    assert!(
        with(&doc, "error", Some("coverage")).is_empty(),
        "not also 'missing'"
    );
    let text = wd.run(&["check", s(&month)]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("5 / 7 センター記入済み"), "{text}");

    // compile refuses, and writes nothing.
    let before = snapshot(&wd.dir);
    let out = wd.run(&["compile", "--out", "r.xlsx", s(&month)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot(&wd.dir), before, "nothing written");
}

#[test]
fn typed_zeros_are_data_and_a_wholly_blank_table_is_named() {
    let wd = Workdir::new("blank-table");
    let dir = wd.path("month");
    // 西部 leaves 地域ケア会議 blank (its cells cleared), 音別 types zeros there.
    let blank = || hokatsu::template::Typed::Text(String::new());
    let zero = || hokatsu::template::Typed::Number(0.0);
    let (profile, subs) = clean_submissions();
    let kaigi: Vec<String> = profile
        .form
        .items
        .iter()
        .filter(|i| i.id.starts_with("kaigi_"))
        .map(|i| i.id.clone())
        .collect();
    assert!(!kaigi.is_empty());
    for sub in &subs {
        let short = profile.centers[sub.center].short.as_str();
        let edits: Vec<(&str, hokatsu::template::Typed)> = match short {
            "西部" => kaigi.iter().map(|k| (k.as_str(), blank())).collect(),
            "音別" => kaigi.iter().map(|k| (k.as_str(), zero())).collect(),
            _ => vec![],
        };
        write_submission(&dir, &profile, sub, &edits);
    }
    let (doc, _) = wd.check_json(&[s(&dir)]);
    let w = with(&doc, "warning", Some("input.blank"));
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0]["center"], "西部");
    assert_eq!(w[0]["sheet"], "実績");
    let msg = w[0]["message"].as_str().expect("msg");
    assert!(msg.contains("地域ケア会議"), "{msg}");
    assert_eq!(doc["summary"]["submitted"], 7);
}

#[test]
fn look_alike_provider_names_are_merged_aloud_and_unknown_ones_named() {
    let wd = Workdir::new("providers");
    let dir = wd.path("month");
    let (profile, mut subs) = clean_submissions();
    let known = "鶴ヶ岱ケアプラン企画センター";
    // A center that lists 鶴ヶ岱 types it with a full-width minus for ー.
    let (ci, li) = subs
        .iter()
        .enumerate()
        .find_map(|(ci, s)| {
            s.providers
                .iter()
                .position(|l| l.name == known)
                .map(|li| (ci, li))
        })
        .expect("a center lists 鶴ヶ岱");
    subs[ci].providers[li].name = "鶴ヶ岱ケアプラン企画センタ－".into();
    let looked = profile.centers[subs[ci].center].short.clone();
    // Another center mistypes a provider: が as ヶ and no ー.
    let ti = (0..subs.len()).find(|&i| i != ci).expect("another");
    let typo_of = subs[ti].providers[0].name.clone();
    let typo = typo_of.replacen('ー', "", 1) + "X";
    subs[ti].providers[0].name = typo.clone();
    for sub in &subs {
        write_submission(&dir, &profile, sub, &[]);
    }
    let (doc, code) = wd.check_json(&[s(&dir)]);
    assert_eq!(code, 0, "{doc:#}");
    let info = with(&doc, "info", Some("providers.name"));
    assert_eq!(info.len(), 1, "{info:#?}");
    assert_eq!(info[0]["center"], looked.as_str());
    assert_eq!(info[0]["expected"], known);
    assert_eq!(info[0]["actual"], "鶴ヶ岱ケアプラン企画センタ－");
    assert_eq!(info[0]["sheet"], "委託先");
    let warn = with(&doc, "warning", Some("providers.name"));
    assert_eq!(warn.len(), 1, "{warn:#?}");
    assert_eq!(warn[0]["actual"], typo.as_str());
    assert_eq!(
        warn[0]["expected"],
        typo_of.as_str(),
        "the closest known name"
    );
    let msg = warn[0]["message"].as_str().expect("msg");
    assert!(
        msg.contains(&format!("「{typo_of}」ではありませんか")),
        "{msg}"
    );

    // The council list: 鶴ヶ岱 once, in the city's spelling; the typo is a row of its own.
    wd.expect(0, &["compile", "--out", "r.xlsx", s(&dir)]);
    let list = sheet(&wd.path("r.xlsx"), "委託先事業所一覧");
    let names: Vec<String> = (0..list.rows()).map(|r| list.text(r, 1)).collect();
    assert_eq!(names.iter().filter(|n| *n == known).count(), 1);
    assert!(!names.iter().any(|n| n.contains('－')));
    assert!(names.contains(&typo));
}

#[test]
fn one_provider_written_with_two_kinds_of_space_is_one_line_said_so() {
    let wd = Workdir::new("providers-space");
    let dir = wd.path("month");
    let (profile, mut subs) = clean_submissions();
    // Two centers name a provider the city does not list yet, with a half-width and a
    // full-width space.
    let half = "ケアプラン新星 橋北";
    let full = "ケアプラン新星\u{3000}橋北";
    let a = subs
        .iter()
        .position(|s| !s.providers.is_empty())
        .expect("a");
    let b = (a + 1..subs.len())
        .find(|&i| !subs[i].providers.is_empty())
        .expect("b");
    subs[a].providers[0].name = half.into();
    subs[b].providers[0].name = full.into();
    let plans = |i: usize, subs: &[hokatsu::model::Submission]| subs[i].providers[0].count(1);
    let expected = plans(a, &subs) + plans(b, &subs);
    let (a_short, b_short) = (
        profile.centers[subs[a].center].short.clone(),
        profile.centers[subs[b].center].short.clone(),
    );
    for sub in &subs {
        write_submission(&dir, &profile, sub, &[]);
    }
    let (doc, _) = wd.check_json(&[s(&dir)]);
    let info = with(&doc, "info", Some("providers.name"));
    assert_eq!(info.len(), 1, "{info:#?}");
    assert_eq!(info[0]["center"], b_short.as_str());
    assert_eq!(info[0]["actual"], full);
    assert_eq!(info[0]["expected"], half);
    assert!(info[0]["message"].as_str().unwrap_or("").contains(&a_short));
    assert_eq!(
        with(&doc, "warning", Some("providers.name")).len(),
        2,
        "both unknown"
    );

    wd.expect(0, &["compile", "--out", "r.xlsx", s(&dir)]);
    let list = sheet(&wd.path("r.xlsx"), "委託先事業所一覧");
    let rows: Vec<u32> = (0..list.rows())
        .filter(|&r| list.text(r, 1).starts_with("ケアプラン新星"))
        .collect();
    assert_eq!(rows.len(), 1, "one line for the provider");
    assert_eq!(list.text(rows[0], 1), half, "the first spelling");
    assert_eq!(list.number(rows[0], 2), Some(expected));
}

#[test]
fn template_never_overwrites_a_file() {
    let wd = Workdir::new("template-overwrite");
    let month = wd.copy_dir(&fixture("kushiro/2025-11-clean"), "month");
    let before = snapshot(&wd.dir);
    let out = wd.run(&["template", "--out", s(&month), "--period", "2025-11"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(".xlsx はすでにあります"), "{err}");
    assert_eq!(snapshot(&wd.dir), before, "no file changed or added");
    // One center into an empty folder works, and a second run over it is refused.
    wd.expect(
        0,
        &[
            "template", "--out", "t", "--period", "2025-11", "--center", "西部",
        ],
    );
    let once = snapshot(&wd.dir);
    let again = wd.run(&["template", "--out", "t", "--period", "2025-11"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("西部.xlsx"), "{}", stderr(&again));
    assert_eq!(snapshot(&wd.dir), once);
}

#[test]
fn compile_refuses_outputs_that_would_destroy_or_mislabel() {
    let wd = Workdir::new("compile-outputs");
    let month = wd.copy_dir(&fixture("kushiro/2025-11-clean"), "month");
    let before = snapshot(&wd.dir);
    let cases: [(&[&str], &str); 5] = [
        (&["--out", "r.xlsx", "--csv", "r.xlsx"], ".csv"),
        (&["--out", "r.csv", "--csv", "r.csv"], ".xlsx"),
        (&["--out", "report"], ".xlsx"),
        (&["--out", "report.xls"], ".xlsx"),
        (&["--out", "month/西部.xlsx"], "入力"),
    ];
    for (args, says) in cases {
        let mut full = vec!["compile"];
        full.extend_from_slice(args);
        full.push(s(&month));
        let out = wd.run(&full);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert_eq!(snapshot(&wd.dir), before, "{args:?}: nothing written");
    }
    // --out equal to --csv in another spelling of the same path.
    let out = wd.run(&["compile", "--out", "a.xlsx", "--csv", "./a.xlsx", s(&month)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(snapshot(&wd.dir), before);
    // An existing workbook that is not a report of hokatsu is never replaced; last run's report
    // is.
    std::fs::copy(month.join("西部.xlsx"), wd.path("mine.xlsx")).expect("copy");
    wd.write("mine.csv", "a,b\n1,2\n");
    let before = snapshot(&wd.dir);
    for args in [
        &["--out", "mine.xlsx"][..],
        &["--out", "r.xlsx", "--csv", "mine.csv"][..],
    ] {
        let mut full = vec!["compile"];
        full.extend_from_slice(args);
        full.push(s(&month));
        let out = wd.run(&full);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("上書きしません"), "{}", stderr(&out));
        assert_eq!(snapshot(&wd.dir), before, "{args:?}: nothing written");
    }
    wd.expect(
        0,
        &["compile", "--out", "r.xlsx", "--csv", "r.csv", s(&month)],
    );
    wd.expect(
        0,
        &["compile", "--out", "r.xlsx", "--csv", "r.csv", s(&month)],
    );
    std::fs::remove_file(wd.path("r.xlsx")).expect("rm");
    std::fs::remove_file(wd.path("r.csv")).expect("rm");
    std::fs::remove_file(wd.path("mine.xlsx")).expect("rm");
    std::fs::remove_file(wd.path("mine.csv")).expect("rm");
    // --out equal to the --previous file.
    let prev = wd.write("prev.xlsx", b"x");
    let before = snapshot(&wd.dir);
    let out = wd.run(&[
        "compile",
        "--previous",
        s(&prev),
        "--out",
        s(&prev),
        s(&month),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(&wd.dir), before);
}

#[test]
fn the_same_file_named_twice_is_read_once() {
    let wd = Workdir::new("twice");
    let month = wd.copy_dir(&fixture("kushiro/2025-11-clean"), "month");
    let (doc, code) = wd.check_json(&[s(&month), s(&month.join("西部.xlsx"))]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(with(&doc, "error", Some("coverage")).is_empty());
    assert_eq!(doc["summary"]["files"], 7);
    // Two different files for one center name each other.
    std::fs::copy(month.join("西部.xlsx"), month.join("西部_再提出.xlsx")).expect("copy");
    let (doc, code) = wd.check_json(&[s(&month)]);
    assert_eq!(code, 1);
    let dup = with(&doc, "error", Some("coverage"));
    assert_eq!(dup.len(), 2, "{dup:#?}");
    for f in &dup {
        let msg = f["message"].as_str().expect("msg");
        let other = if f["file"].as_str().expect("f").ends_with("西部.xlsx") {
            "西部_再提出.xlsx"
        } else {
            "西部.xlsx"
        };
        assert!(msg.contains(other), "{msg}");
    }
}

#[test]
fn earlier_months_that_are_not_are_said() {
    let wd = Workdir::new("history");
    let month = fixture("kushiro/2025-11-clean");
    // An empty history folder.
    std::fs::create_dir_all(wd.path("empty")).expect("mkdir");
    let (doc, code) = wd.check_json(&["--history", "empty", s(&month)]);
    assert_eq!(code, 0);
    let w = with(&doc, "warning", Some("input"));
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0]["file"], "empty");
    let msg = w[0]["message"].as_str().expect("msg");
    assert!(
        msg.contains("フォルダは空です") && msg.contains("2025-10.csv"),
        "{msg}"
    );
    // A CSV named in 令和 gets the naming rule.
    let csv = std::fs::read(fixture("kushiro/history/2025-10.csv")).expect("csv");
    wd.write("hist/R7.10.csv", csv);
    let (doc, _) = wd.check_json(&["--history", "hist", s(&month)]);
    let msgs: Vec<String> = with(&doc, "warning", Some("input"))
        .iter()
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("R7.10.csv") && m.contains("2025-10.csv")),
        "{msgs:#?}"
    );
    // This month's own folder as --previous or --history: exit 2, for check and compile alike.
    for option in ["--previous", "--history"] {
        for cmd in [&["check"][..], &["compile", "--out", "r.xlsx"][..]] {
            let mut args = cmd.to_vec();
            args.extend([option, s(&month), s(&month)]);
            let out = wd.run(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(
                stderr(&out).contains("今月の提出ファイル"),
                "{}",
                stderr(&out)
            );
        }
    }
    assert!(!wd.path("r.xlsx").exists());
}

#[test]
fn check_stops_where_compile_stops() {
    let wd = Workdir::new("check-compile");
    // A tidy CSV with no month in its name, and a profile without a month.
    let csv = std::fs::read(fixture("kushiro/2025-11-csv/2025-11.csv")).expect("csv");
    wd.write("tidy.csv", csv);
    let check = wd.run(&["check", "tidy.csv"]);
    let compile = wd.run(&["compile", "--force", "--out", "r.xlsx", "tidy.csv"]);
    assert_eq!(check.status.code(), Some(2), "{}", stderr(&check));
    assert_eq!(compile.status.code(), check.status.code());
    assert_eq!(stderr(&check), stderr(&compile));
    assert!(stderr(&check).contains("--period"), "{}", stderr(&check));
    assert!(!wd.path("r.xlsx").exists());
    // Given the month, both go on (to the three sum errors of 000).
    let out = wd.expect(1, &["check", "--period", "2025-11", "tidy.csv"]);
    assert!(out.contains("エラー 3、"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_folder_is_skipped_not_opened() {
    let wd = Workdir::new("fifo");
    let month = wd.copy_dir(&fixture("kushiro/2025-11-clean"), "month");
    let fifo = month.join("西部_コピー.xlsx");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // A run that opened the FIFO would block forever: run it with a deadline.
    let mut child = wd
        .command(&["check", "--format", "json", s(&month)])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("check blocked on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let out = child.wait_with_output().expect("output");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let info = with(&doc, "info", Some("input"));
    assert!(
        info.iter().any(|f| f["file"] == s(&fifo)
            && f["message"]
                .as_str()
                .unwrap_or("")
                .contains("通常のファイルではない")),
        "{info:#?}"
    );
}

#[test]
fn the_summary_says_what_to_read() {
    let wd = Workdir::new("summary");
    let clean = wd.expect(0, &["check", s(&fixture("kushiro/2025-11-clean"))]);
    let last = clean.lines().last().expect("summary");
    assert!(
        last.starts_with("対象月 令和7年11月: 7 ファイル、7 / 7 センター記入済み"),
        "{last}"
    );
    // The clean month has pacing notes only: no '問題ありません', which is for no findings.
    assert!(last.contains("エラー・警告はありません"), "{last}");
    // With a warning (阿寒 left with one profession): how many, and to read them.
    let blank = || hokatsu::template::Typed::Text(String::new());
    let dir = wd.path("month");
    write_month(
        &dir,
        "阿寒",
        &[
            (
                "staff_shakai_jokin_senju",
                hokatsu::template::Typed::Number(0.0),
            ),
            ("staff_shunin_hijokin_senju", blank()),
            ("staff_shunin_hijokin_senju_fte", blank()),
            ("staff_kei_jokin_senju", blank()),
            ("staff_kei_hijokin_senju", blank()),
            ("staff_kei_hijokin_senju_fte", blank()),
        ],
    );
    let out = wd.run(&["check", s(&dir)]);
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().expect("summary");
    assert!(!last.contains("問題ありません"), "{last}");
    assert!(last.contains("警告が 1 件あります"), "{last}");
    let en = wd.run(&["check", "--lang", "en", s(&dir)]);
    let en = String::from_utf8_lossy(&en.stdout);
    let last = en.lines().last().expect("summary");
    assert!(
        last.contains("1 warning,") && !last.contains("1 warnings"),
        "{last}"
    );
}

/// The folder above the month folders, or an empty one, is one clear line and exit 2 — not
/// seven 未提出 errors or "the month is not known" — and nothing is written.
#[test]
fn a_folder_without_submissions_names_the_folders_to_give() {
    let wd = Workdir::new("no-submissions");
    let month = fixture("kushiro/2025-11-clean");
    wd.copy_dir(&month, "提出/2025-11");
    wd.copy_dir(&month, "提出/2025-12");
    wd.write("提出/メモ.txt", "12月分は来週");
    std::fs::create_dir_all(wd.path("提出/古いもの")).expect("mkdir");
    for args in [
        vec!["check", "提出"],
        vec!["check", "--period", "2025-12", "提出"],
        vec!["compile", "--out", "r.xlsx", "提出"],
    ] {
        let out = wd.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("提出 には提出ファイルがありません。中のフォルダ 2025-11、2025-12 のどれかを指定してください。"),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
    assert!(!wd.path("r.xlsx").exists());
    std::fs::create_dir_all(wd.path("空")).expect("mkdir");
    let out = wd.run(&["check", "--period", "2025-11", "空"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("空 には提出ファイル(.xlsx .xlsm .xls .ods .csv)がありません"));
    let en = wd.run(&["check", "--lang", "en", "提出"]);
    assert!(
        stderr(&en).contains("Give one of the folders inside: 2025-11, 2025-12."),
        "{}",
        stderr(&en)
    );
}

/// Copies of one center's file: each finding names one other file and how many more, so many
/// copies give short lines; 出典 lists every input once.
#[test]
fn many_copies_of_one_file_are_said_briefly() {
    let wd = Workdir::new("copies");
    let dir = wd.copy_dir(&fixture("kushiro/2025-11-clean"), "m");
    for i in 1..=5 {
        std::fs::copy(dir.join("西部.xlsx"), dir.join(format!("西部-{i}.xlsx"))).expect("copy");
    }
    let (doc, code) = wd.check_json(&["m"]);
    assert_eq!(code, 1);
    let dups: Vec<String> = with(&doc, "error", Some("coverage"))
        .iter()
        .filter(|f| f["center"] == "西部")
        .filter_map(|f| f["message"].as_str().map(str::to_string))
        .collect();
    assert_eq!(dups.len(), 6, "{dups:#?}");
    // The first (西部-1) names the second and four more; the others name the first.
    let naming = |file: &str| {
        dups.iter()
            .filter(|m| m.contains(&format!("ほかに m/{file} ほか 4 件")))
            .count()
    };
    assert_eq!(naming("西部-2.xlsx"), 1, "{dups:#?}");
    assert_eq!(naming("西部-1.xlsx"), 5, "{dups:#?}");
    for m in &dups {
        assert!(m.matches(".xlsx").count() == 1, "one file named: {m}");
    }
    wd.expect(0, &["compile", "--force", "--out", "r.xlsx", "m"]);
    let sources = sheet(&wd.path("r.xlsx"), "出典");
    let inputs: Vec<String> = (0..sources.rows())
        .filter(|&r| sources.text(r, 0) == "入力")
        .map(|r| sources.text(r, 1))
        .collect();
    let mut unique = inputs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(inputs.len(), unique.len(), "{inputs:?}");
    assert_eq!(inputs.len(), 12, "{inputs:?}");
}

/// Whose file is it: an unknown center name is reported at its cell, asking for the center the
/// file's name points to; a file named after one center holding another's data says both.
#[test]
fn a_center_name_that_does_not_fit_is_said_at_its_cell() {
    let wd = Workdir::new("center-identity");
    std::fs::create_dir_all(wd.path("m")).expect("mkdir");
    std::fs::copy(
        fixture("bad/unknown-center-北部.xlsx"),
        wd.path("m/東部北.xlsx"),
    )
    .expect("copy");
    std::fs::copy(
        fixture("kushiro/2025-11-clean/西部.xlsx"),
        wd.path("m/東部南.xlsx"),
    )
    .expect("copy");
    let (doc, _) = wd.check_json(&["m"]);
    let center_cell = center_cell(&wd);
    let unknown = with(&doc, "error", Some("coverage"))
        .into_iter()
        .find(|f| f["file"] == "m/東部北.xlsx")
        .expect("the unknown center");
    assert_eq!(unknown["sheet"], "職員配置");
    assert_eq!(unknown["cell"], center_cell.as_str());
    let msg = unknown["message"].as_str().expect("message");
    assert!(
        msg.contains("「北部地域支援センター」はプロファイルにありません")
            && msg.contains("「東部北」ではありませんか"),
        "{msg}"
    );
    let both = with(&doc, "warning", Some("coverage"))
        .into_iter()
        .find(|f| f["file"] == "m/東部南.xlsx")
        .expect("the file named for another center");
    assert_eq!(both["center"], "西部");
    assert_eq!(both["cell"], center_cell.as_str());
    assert_eq!(
        (both["expected"].as_str(), both["actual"].as_str()),
        (Some("東部南"), Some("西部"))
    );
    let msg = both["message"].as_str().expect("message");
    assert!(
        msg.contains("ファイル名は「東部南」") && msg.contains("中のセンター名は「西部」"),
        "{msg}"
    );
}

/// The template's cell of the center's name (on 職員配置), found in a template as written.
fn center_cell(wd: &Workdir) -> String {
    let out = wd.run(&[
        "template", "--out", "tpl", "--period", "2025-11", "--center", "西部",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let staffing = sheet(&wd.path("tpl/西部.xlsx"), "職員配置");
    for r in 0..10 {
        for c in 0..10 {
            if staffing.text(r, c).starts_with("西部地域") {
                return format!("{}{}", (b'A' + c as u8) as char, r + 1);
            }
        }
    }
    panic!("no center name on 職員配置");
}
