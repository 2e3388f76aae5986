//! `hokatsu FOLDER`, the clerk's month as a drop on the program gives it: the findings workbook,
//! one workbook per center to fix, and the council workbook when there is no error; the city's
//! `hokatsu.toml` found without `--profile`; and nothing that ever waits for a key here.

use calamine::{Data, Reader, Xlsx, open_workbook};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const EXE: &str = env!("CARGO_BIN_EXE_hokatsu");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh folder for one test, with `提出/2025-11` holding a copy of a fixture month.
fn month(name: &str, fixture: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join("hokatsu-tests")
        .join(format!("month-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    fill(&dir.join("提出/2025-11"), fixture);
    dir
}

/// Replace what a month folder holds with a fixture month's files.
fn fill(to: &Path, fixture: &str) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(root().join("fixtures/kushiro").join(fixture)).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// Run the program in `cwd` with standard input that never ends (a pipe kept open): a run that
/// waited for Enter would never finish, so finishing at all shows it did not wait.
fn run_in(exe: &Path, cwd: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(exe)
        .args(args)
        .current_dir(cwd)
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _stdin = child.stdin.take();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed().as_secs() < 120,
            "hokatsu {args:?} is still running: it must not wait for a key"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    run_in(Path::new(EXE), cwd, args)
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// Every row of a workbook's first sheet, its cells as text.
fn rows(path: &Path) -> Vec<Vec<String>> {
    rows_of(path, None)
}

/// Every row of a sheet (the first when not named), its cells as text.
fn rows_of(path: &Path, sheet: Option<&str>) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let name = sheet.map_or_else(|| wb.sheet_names()[0].clone(), str::to_string);
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The listing of a findings workbook: the rows under the header whose first cell is `first`.
fn listing(path: &Path, first: &str) -> Vec<Vec<String>> {
    let all = rows(path);
    let header = all
        .iter()
        .position(|r| r.first().map(String::as_str) == Some(first));
    let header = header.unwrap_or_else(|| panic!("no header {first} in {}", path.display()));
    all[header + 1..].to_vec()
}

#[test]
fn a_month_with_errors_gives_the_findings_and_one_file_per_center_to_fix() {
    let dir = month("errors", "2025-11");
    let o = run(&dir, &["提出/2025-11"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.lines()
            .next()
            .unwrap()
            .starts_with("プロファイル: 釧路市 令和7年度"),
        "{out}"
    );
    assert!(out.contains("運営協議会資料は作成しませんでした"), "{out}");
    let beside = dir.join("提出");
    assert!(!beside.join("運営協議会資料_令和7年11月.xlsx").exists());

    // 検証結果: every finding, errors first, each with its center, file, sheet and cell.
    let findings = listing(&beside.join("検証結果_令和7年11月.xlsx"), "重要度");
    assert_eq!(findings.len(), 9, "3 errors and 6 notes: {findings:?}");
    let severities: Vec<&str> = findings.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(&severities[..3], ["エラー"; 3]);
    assert!(
        severities[3..].iter().all(|s| *s == "情報"),
        "{severities:?}"
    );
    let errors: Vec<(&str, &str, &str, &str)> = findings[..3]
        .iter()
        .map(|r| (r[2].as_str(), r[3].as_str(), r[4].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            ("中部北", "中部北.xlsx", "実績", "I24"),
            ("中部南", "中部南.xlsx", "実績", "I24"),
            ("東部北", "東部北.xlsx", "実績", "I24"),
        ]
    );
    assert!(
        findings[0][6].contains("「計」は 28 ですが、内訳の合計は 23"),
        "{:?}",
        findings[0]
    );
    assert_eq!(
        (findings[0][7].as_str(), findings[0][8].as_str()),
        ("23", "28")
    );

    // 要修正: exactly the three centers, each with its own finding at its cell.
    let fixes = beside.join("要修正_令和7年11月");
    assert_eq!(
        names_in(&fixes),
        ["中部北.xlsx", "中部南.xlsx", "東部北.xlsx"]
    );
    for (center, total, parts) in [("中部北", 28, 23), ("中部南", 12, 5), ("東部北", 8, 7)]
    {
        let path = fixes.join(format!("{center}.xlsx"));
        let all = rows(&path);
        assert!(all[0][0].contains(center), "{:?}", all[0]);
        let lines = listing(&path, "区分");
        assert_eq!(lines.len(), 1, "{center}: {lines:?}");
        let l = &lines[0];
        assert_eq!(
            (l[0].as_str(), l[1].as_str(), l[2].as_str(), l[3].as_str()),
            ("要修正", &*format!("{center}.xlsx"), "実績", "I24")
        );
        assert!(
            l[4].contains(&format!("「計」は {total} ですが、内訳の合計は {parts}")),
            "{l:?}"
        );
        // Notes (進み具合) are the clerk's, not a center's to fix.
        assert!(!all.iter().flatten().any(|c| c.contains("進み具合")));
    }
}

#[test]
fn a_clean_month_gives_the_council_workbook_compile_would_write() {
    let dir = month("clean", "2025-11-clean");
    let o = run(&dir, &["提出/2025-11"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let beside = dir.join("提出");
    let council = beside.join("運営協議会資料_令和7年11月.xlsx");
    assert!(
        text(&o).contains("運営協議会資料を作成しました"),
        "{}",
        text(&o)
    );
    let o = run(&dir, &["compile", "--out", "compiled.xlsx", "提出/2025-11"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let a = std::fs::read(&council).unwrap();
    let b = std::fs::read(dir.join("compiled.xlsx")).unwrap();
    assert!(
        a == b,
        "the month's council workbook differs from compile's"
    );
    let findings = listing(&beside.join("検証結果_令和7年11月.xlsx"), "重要度");
    assert!(findings.iter().all(|r| r[0] == "情報"), "{findings:?}");
    assert!(!beside.join("要修正_令和7年11月").exists());
}

#[test]
fn a_second_run_replaces_its_own_files_and_drops_requests_no_longer_needed() {
    let dir = month("again", "2025-11");
    assert_eq!(run(&dir, &["提出/2025-11"]).status.code(), Some(1));
    let o = run(&dir, &["提出/2025-11"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the same month again: {}",
        text(&o)
    );
    let fixes = dir.join("提出/要修正_令和7年11月");
    assert_eq!(names_in(&fixes).len(), 3);
    // The centers sent corrected files: no request is left, and the council workbook is made.
    fill(&dir.join("提出/2025-11"), "2025-11-clean");
    let o = run(&dir, &["提出/2025-11"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!fixes.exists(), "stale requests: {:?}", names_in(&fixes));
    assert!(dir.join("提出/運営協議会資料_令和7年11月.xlsx").is_file());
    let o = run(&dir, &["提出/2025-11"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "over its own workbook: {}",
        text(&o)
    );
    // The folder above, which now holds the month's outputs, still asks for the month's folder.
    for args in [&["提出"][..], &["check", "提出"][..]] {
        let o = run(&dir, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains(
                "提出 には提出ファイルがありません。中のフォルダ 2025-11 を指定してください。"
            ),
            "{args:?}: {}",
            text(&o)
        );
    }
    // A center's file turns out wrong after the council workbook was made: the workbook, which
    // no longer matches the month's files, goes, and the screen says so.
    fill(&dir.join("提出/2025-11"), "2025-11");
    let o = run(&dir, &["提出/2025-11"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!dir.join("提出/運営協議会資料_令和7年11月.xlsx").exists());
    assert!(
        text(&o).contains("前に作った 運営協議会資料_令和7年11月.xlsx は、いまの提出ファイルと合わないので削除しました。"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_clerks_own_file_of_one_of_those_names_stops_the_run_untouched() {
    for name in [
        "検証結果_令和7年11月.xlsx",
        "要修正_令和7年11月/中部北.xlsx",
    ] {
        let dir = month("clerks", "2025-11");
        let mine = dir.join("提出").join(name);
        std::fs::create_dir_all(mine.parent().unwrap()).unwrap();
        std::fs::copy(root().join("fixtures/kushiro/2025-11/西部.xlsx"), &mine).unwrap();
        let before = std::fs::read(&mine).unwrap();
        let o = run(&dir, &["提出/2025-11"]);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {out}");
        assert!(
            out.contains("上書きしません") && out.contains(name.rsplit('/').next().unwrap()),
            "{out}"
        );
        assert_eq!(std::fs::read(&mine).unwrap(), before, "{name} was changed");
        if name.starts_with("検証結果") {
            assert!(
                !dir.join("提出/要修正_令和7年11月").exists(),
                "written before stopping"
            );
        } else {
            assert!(
                !dir.join("提出/検証結果_令和7年11月.xlsx").exists(),
                "written before stopping"
            );
        }
    }
}

/// A city's profile: Kushiro's, renamed, so its runs are told apart from the embedded one.
fn city_profile(to: &Path) {
    let text = std::fs::read_to_string(root().join("examples/kushiro-r7.toml")).unwrap();
    let text = text.replacen("city = \"釧路市\"", "city = \"灘浦市\"", 1);
    assert!(
        text.contains("灘浦市"),
        "the example names its city on one line"
    );
    std::fs::write(to, text).unwrap();
}

#[test]
fn a_hokatsu_toml_beside_the_program_is_used_and_named_first() {
    let dir = month("beside", "2025-11-clean");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let exe = bin.join(format!("hokatsu{}", std::env::consts::EXE_SUFFIX));
    std::fs::copy(EXE, &exe).unwrap();
    city_profile(&bin.join("hokatsu.toml"));
    let o = run_in(&exe, &dir, &["check", "提出/2025-11"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("プロファイル: 灘浦市 令和7年度"),
        "{first}"
    );
    assert!(first.contains("hokatsu.toml"), "{first}");
    let o = run_in(&exe, &dir, &["check", "--format", "json", "提出/2025-11"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["profile"]["city"], "灘浦市");
    assert!(
        doc["summary"]["profile"]["file"]
            .as_str()
            .unwrap()
            .ends_with("hokatsu.toml")
    );
    // The month's council workbook names the city's profile among its sources.
    let o = run_in(&exe, &dir, &["提出/2025-11"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let sources = rows_of(
        &dir.join("提出/運営協議会資料_令和7年11月.xlsx"),
        Some("出典"),
    );
    assert!(
        sources
            .iter()
            .flatten()
            .any(|c| c.starts_with("灘浦市 令和7年度")),
        "{sources:?}"
    );
}

#[test]
fn a_hokatsu_toml_in_the_current_folder_comes_next_and_the_embedded_one_says_so() {
    let dir = month("here", "2025-11-clean");
    let o = run(&dir, &["check", "提出/2025-11"]);
    let first = text(&o).lines().next().unwrap().to_string();
    assert!(first.contains("組み込み"), "{first}");
    city_profile(&dir.join("hokatsu.toml"));
    let o = run(&dir, &["check", "提出/2025-11"]);
    let first = text(&o).lines().next().unwrap().to_string();
    assert_eq!(first, "プロファイル: 灘浦市 令和7年度(hokatsu.toml)");
    // --profile still wins.
    let given = root().join("examples/kushiro-r7.toml");
    let o = run(
        &dir,
        &[
            "check",
            "--profile",
            given.to_str().unwrap(),
            "提出/2025-11",
        ],
    );
    assert!(
        text(&o).lines().next().unwrap().contains("釧路市"),
        "{}",
        text(&o)
    );
}

#[test]
fn nothing_given_prints_the_guide_and_a_file_or_a_typo_is_answered() {
    let dir = month("guide", "2025-11-clean");
    let o = run(&dir, &[]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        out.contains("ドラッグ&ドロップ") && out.contains("template"),
        "{out}"
    );
    assert!(!out.contains("Enter キー"), "{out}");
    let o = run(&dir, &["提出/2025-11/西部.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("フォルダではありません"), "{}", text(&o));
    let o = run(&dir, &["chekc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("「chekc」というコマンドも、フォルダもありません"),
        "{}",
        text(&o)
    );
    let o = run(&dir, &["--lang", "en", "提出/2025-11"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("Wrote the council workbook"),
        "{}",
        text(&o)
    );
}
