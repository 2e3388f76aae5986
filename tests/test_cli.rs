//! The command line as a clerk meets it: help and argument errors in Japanese, each command
//! with its own options, months written as clerks write them, a closed pipe, and no English
//! words in Japanese messages.

mod common;

use common::*;
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const COMMANDS: [&str; 5] = ["template", "check", "compile", "init", "form"];

fn japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

/// The option lines of a help page (`  -h, --help  …`, `      --out <…>  …`).
fn option_lines(help: &str) -> Vec<&str> {
    help.lines()
        .filter(|l| l.trim_start().starts_with('-'))
        .collect()
}

#[test]
fn help_of_every_command_is_japanese_and_lists_only_its_options() {
    let wd = Workdir::new("help");
    let top = wd.expect(0, &["--help"]);
    assert!(top.contains("使い方") && top.contains("コマンド:"), "{top}");
    for cmd in COMMANDS {
        assert!(top.contains(cmd), "{cmd} listed");
        let help = wd.expect(0, &[cmd, "--help"]);
        assert!(help.contains("使い方: hokatsu"), "{cmd}: {help}");
        let lines = option_lines(&help);
        assert!(lines.len() >= 2, "{cmd}: {help}");
        for l in &lines {
            assert!(japanese(l), "{cmd}: an option line without Japanese: {l}");
        }
        // English on request, with no Japanese headings.
        let en = wd.expect(0, &[cmd, "--help", "--lang", "en"]);
        assert!(
            en.contains("Usage: hokatsu") && !en.contains("使い方"),
            "{en}"
        );
    }
    let template = wd.expect(0, &["template", "--help"]);
    for absent in ["--previous", "--history", "--max-part-mb", "--format"] {
        assert!(!template.contains(absent), "template lists {absent}");
    }
    let period = option_lines(&template)
        .into_iter()
        .find(|l| l.contains("--period"))
        .expect("--period");
    assert!(period.contains("必須"), "{period}");
    let init = wd.expect(0, &["init", "--help"]);
    for absent in ["--period", "--profile", "--previous"] {
        assert!(!init.contains(absent), "init lists {absent}");
    }
    let compile = wd.expect(0, &["compile", "--help"]);
    let out = option_lines(&compile)
        .into_iter()
        .find(|l| l.contains("--out"))
        .expect("--out");
    assert!(out.contains("(必須)"), "{out}");
    assert!(compile.contains("--rows") && compile.contains("--force"));
}

#[test]
fn argument_errors_are_in_the_clerks_language() {
    let wd = Workdir::new("argerr");
    let out = wd.run(&["compile"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("必要な指定がありません") && err.contains("--out"),
        "{err}"
    );
    assert!(err.contains("hokatsu compile --help"), "{err}");
    assert!(!err.contains("error:") && !err.contains("Usage"), "{err}");

    let out = wd.run(&["check", "--formt", "json", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("「--formt」") && err.contains("「--format」のことですか"),
        "{err}"
    );

    let out = wd.run(&["check", "--format", "xml", "x"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("「xml」は使えません") && err.contains("text、json"),
        "{err}"
    );

    let out = wd.run(&["chek"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("「chek」というコマンドも、フォルダもありません"),
        "{err}"
    );

    let out = wd.run(&["compile", "--lang", "en"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Required but not given: --out"), "{err}");

    // No command at all (a double-click): how to drop a folder, then the overview, on stderr,
    // exit 2.
    let out = wd.run(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ドラッグ&ドロップ") && err.contains("コマンド:"),
        "{err}"
    );
}

#[test]
fn months_are_accepted_as_clerks_write_them() {
    let wd = Workdir::new("periods");
    let month = fixture("kushiro/2025-11-clean");
    for p in [
        "2025-11",
        "2025/11",
        "R7.11",
        "R7/11",
        "令和7年11月",
        "令和7年度11月",
        "２０２５－１１",
    ] {
        let out = wd.expect(0, &["check", "--period", p, s(&month)]);
        let last = out.lines().last().unwrap_or("");
        assert!(last.starts_with("対象月 令和7年11月:"), "{p}: {last}");
    }
    let out = wd.run(&["check", "--period", "令和7年13月", s(&month)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("R7.11") && err.contains("令和7年11月"),
        "{err}"
    );
    // A template for R7.11 says 令和7年11月 like one for 2025-11.
    wd.expect(
        0,
        &[
            "template", "--out", "t", "--period", "R7.11", "--center", "西部",
        ],
    );
    wd.expect(
        0,
        &[
            "template", "--out", "u", "--period", "2025-11", "--center", "西部",
        ],
    );
    assert_eq!(
        std::fs::read(wd.path("t/西部.xlsx")).expect("t"),
        std::fs::read(wd.path("u/西部.xlsx")).expect("u")
    );
}

#[cfg(unix)]
#[test]
fn a_closed_output_ends_quietly() {
    let wd = Workdir::new("pipe");
    for args in [
        &["form"][..],
        &["check", "--format", "json", s(&fixture("kushiro/2025-11"))][..],
    ] {
        let mut child = wd
            .command(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take()); // the reader goes away before anything is written
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.is_empty(), "{args:?}: nothing on stderr: {err}");
        assert_eq!(out.status.code(), Some(141), "{args:?}: 128 + SIGPIPE");
    }
}

/// English words in a Japanese message, other than the names a clerk sees in English anyway
/// (Excel, file extensions, the commands and options, values typed on the command line).
fn english_words(text: &str, typed: &[&str]) -> Vec<String> {
    const ALLOWED: &[&str] = &[
        "Excel",
        "LibreOffice",
        "CSV",
        "TOML",
        "UTF",
        "XML",
        "BOM",
        "PDF",
        "PNG",
        "JPEG",
        "ZIP",
        "zip",
        "Word",
        "PowerPoint",
        "doc",
        "docx",
        "pptx",
        "hokatsu",
        "xlsx",
        "xlsm",
        "xls",
        "xlsb",
        "ods",
        "csv",
        "toml",
        "json",
        "github",
        "text",
        "true",
        "false",
        "template",
        "check",
        "compile",
        "init",
        "form",
        "help",
        "order",
        "providers",
        "staffing",
        "professions",
        "ward_file",
        "center",
        "city",
        "fiscal_year",
        "add",
        "rename",
        "REF",
        "DIV",
        "VALUE",
        "NAME",
        "ID",
        "MB",
        "FTE",
        "Shift_JIS",
        "CP932",
        "SUBTOTAL",
        // the profile's keys, which its messages name
        "period",
        "population_as_of",
        "pacing",
        "evaluation",
        "scale",
    ];
    let mut t = text.to_string();
    for typed in typed.iter().filter(|t| t.len() >= 3) {
        t = t.replace(typed, " ");
    }
    // What a message quotes (「…」) is a name or a value as written, not its words.
    while let (Some(a), Some(b)) = (t.find('「'), t.find('」')) {
        if b < a {
            break;
        }
        t.replace_range(a..b + '」'.len_utf8(), " ");
    }
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_dash = false;
    for c in t.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '_' || (c == '-' && !word.is_empty()) {
            word.push(c);
            continue;
        }
        let is_option = prev_dash;
        prev_dash = c == '-';
        if word.is_empty() {
            continue;
        }
        let w = std::mem::take(&mut word);
        let letters = w.chars().filter(char::is_ascii_alphabetic).count();
        if letters >= 2 && !is_option && !ALLOWED.contains(&w.as_str()) {
            words.push(w);
        }
    }
    words
}

#[test]
fn japanese_messages_carry_no_english_words() {
    let wd = Workdir::new("no-english");
    let month = wd.copy_dir(&fixture("kushiro/2025-11-clean"), "month");
    let profile = std::fs::read_to_string(root().join("examples/kushiro-r7.toml")).expect("p");
    let p1 = wd.write(
        "bad-type.toml",
        profile.replacen("population = 13846", "population = \"多数\"", 1),
    );
    let p2 = wd.write(
        "bad-key.toml",
        profile.replacen("fiscal_year = 2025", "fiscal_yaer = 2025", 1),
    );
    let p3 = wd.write("bad-syntax.toml", "city = \"x\"\n[[[\n");
    let p4 = wd.write(
        "bad-add.toml",
        profile.clone() + "\n[[form.add]]\ntable = \"nothing\"\nid = \"x\"\nlabel = \"x\"\n",
    );
    std::fs::create_dir_all(wd.path("a-folder.xlsx")).expect("mkdir");
    let cases: Vec<Vec<&str>> = vec![
        vec!["compile"],
        vec!["check", "--formt", "json", "x"],
        vec!["check", "--format", "xml", "x"],
        vec!["check", "--max-file-mb", "abc", "x"],
        vec!["chek"],
        vec!["check", "nothere"],
        vec!["check", "--period", "2025-13", s(&month)],
        vec!["check", "--profile", "nothere.toml", s(&month)],
        vec!["check", "--profile", s(&p1), s(&month)],
        vec!["check", "--profile", s(&p2), s(&month)],
        vec!["check", "--profile", s(&p3), s(&month)],
        vec!["check", "--profile", s(&p4), s(&month)],
        vec!["template", "--out", s(&month), "--period", "2025-11"],
        vec![
            "template", "--out", "t", "--center", "北部", "--period", "2025-11",
        ],
        vec!["template", "--out", "t"],
        vec!["compile", "--out", "a-folder.xlsx", s(&month)],
        vec!["compile", "--out", "r.xls", s(&month)],
        vec!["compile", "--out", "r.xlsx", "--csv", "r.xlsx", s(&month)],
        vec!["compile", "--out", "month/r.xlsx", s(&month)],
        vec!["check", "--previous", s(&month), s(&month)],
        vec!["init", "--out", s(&p1)],
    ];
    for args in &cases {
        let out = wd.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(japanese(&err), "{args:?}: {err}");
        let typed: Vec<&str> = args.iter().copied().chain([s(&wd.dir)]).collect();
        let english = english_words(&err, &typed);
        assert!(
            english.is_empty(),
            "{args:?}: English {english:?} in: {err}"
        );
    }
    // Findings too: every bad input and rule message of the fixtures.
    for dir in ["bad", "kushiro/2025-11"] {
        let (doc, _) = wd.check_json(&[s(&fixture(dir))]);
        // Messages name the files (other submissions, say): their names are not words.
        let names: Vec<String> = std::fs::read_dir(fixture(dir))
            .expect("dir")
            .flatten()
            .map(|e| e.path().display().to_string())
            .collect();
        for f in findings(&doc) {
            let msg = f["message"].as_str().unwrap_or("");
            let typed: Vec<&str> = names.iter().map(String::as_str).collect();
            let english = english_words(msg, &typed);
            assert!(english.is_empty(), "{dir}: English {english:?} in: {msg}");
        }
    }
}

#[test]
fn starter_files_speak_the_chosen_language() {
    let wd = Workdir::new("starter-lang");
    let ja = wd.expect(0, &["form", "--definition"]);
    let en = wd.expect(0, &["form", "--definition", "--lang", "en"]);
    assert!(
        ja.starts_with("# 釧路市") && ja.contains("# 項目ID:"),
        "{ja}"
    );
    assert!(!ja.contains("This file is the one place"), "{ja}");
    assert!(en.contains("# Item ids:"), "{en}");
    // The same form either way: only comments differ.
    let code = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .map(|l| l.split("  #").next().unwrap_or(l).trim_end().to_string())
            .collect()
    };
    assert_eq!(code(&ja), code(&en));

    wd.expect(0, &["init", "--out", "ja.toml"]);
    wd.expect(0, &["init", "--lang", "en", "--out", "en.toml"]);
    let ja = std::fs::read_to_string(wd.path("ja.toml")).expect("ja");
    let en = std::fs::read_to_string(wd.path("en.toml")).expect("en");
    assert!(ja.contains("# 年度: 年度が始まる西暦年"), "{ja}");
    assert!(ja.contains("# 受託開始年度(委託のみ)"), "{ja}");
    assert!(
        en.contains("the Gregorian year the fiscal year starts in"),
        "{en}"
    );
    assert!(en.contains("# 受託開始年度 (委託 only)"), "{en}");
    // Both are profiles hokatsu reads.
    for p in ["ja.toml", "en.toml"] {
        wd.expect(0, &["form", "--profile", p]);
    }
}

/// The users read Japanese: README.md's first screen and docs/form.md are Japanese, with the
/// English beside them and linked.
#[test]
fn documentation_is_japanese_first() {
    let read = |p: &str| std::fs::read_to_string(root().join(p)).expect(p);
    let japanese_share = |t: &str| {
        let cjk = t
            .chars()
            .filter(|c| {
                ('\u{3040}'..='\u{30ff}').contains(c) || ('\u{4e00}'..='\u{9fff}').contains(c)
            })
            .count();
        let latin = t.chars().filter(char::is_ascii_alphabetic).count();
        cjk as f64 / (cjk + latin).max(1) as f64
    };
    let readme = read("README.md");
    let first_screen: String = readme.lines().take(40).collect::<Vec<_>>().join("\n");
    assert!(japanese_share(&first_screen) > 0.5, "{first_screen}");
    assert!(readme.contains("(README.en.md)") && readme.contains("docs/手順.md"));
    // The two commands of a new developer are there as they are.
    assert!(readme.contains("cargo run --release -- compile --out report.xlsx"));
    assert!(readme.contains("\ncargo test\n"));
    let form = read("docs/form.md");
    assert!(japanese_share(&form) > 0.4, "docs/form.md is Japanese");
    assert!(form.contains("(form.en.md)"));
    assert!(read("README.en.md").contains("(README.md)"));
    assert!(read("docs/form.en.md").starts_with("# The form definition"));
    let guide = read("docs/手順.md");
    assert!(guide.lines().count() < 80, "the guide fits a page or two");
    assert!(japanese_share(&guide) > 0.5);
}
