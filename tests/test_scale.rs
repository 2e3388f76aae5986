//! Scale: files are read in parallel, yet findings and workbooks are byte-identical to a
//! one-thread run; large cities get one row per area; big runs print no progress into pipes.
//! (Speed itself is measured by `cargo run --release --example bench`, not asserted here.)

mod common;

use common::*;

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf8")
}

#[test]
fn parallel_and_sequential_runs_are_byte_identical() {
    let wd = Workdir::new("parallel");
    let dir = root().join("examples/sapporo-like");
    let profile = dir.join("profile.toml");
    let subs = dir.join("submissions");
    let run = |threads: &str, out: &str| {
        let o = wd
            .command(&[
                "compile",
                "--profile",
                s(&profile),
                "--out",
                out,
                "--csv",
                &format!("{out}.csv"),
                s(&subs),
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("run");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let json = wd
            .command(&[
                "check",
                "--format",
                "json",
                "--profile",
                s(&profile),
                s(&subs),
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("run")
            .stdout;
        (
            std::fs::read(wd.path(out)).expect("xlsx"),
            std::fs::read(wd.path(&format!("{out}.csv"))).expect("csv"),
            json,
        )
    };
    let one = run("1", "one.xlsx");
    let two = run("2", "two.xlsx");
    let four = run("4", "four.xlsx");
    assert!(one.0 == two.0 && two.0 == four.0, "workbooks identical");
    assert!(one.1 == two.1 && two.1 == four.1, "tidy CSV identical");
    assert!(one.2 == two.2 && two.2 == four.2, "findings identical");
}

#[test]
fn rows_can_be_areas_with_the_same_totals() {
    let wd = Workdir::new("areas");
    let dir = root().join("examples/sapporo-like");
    let profile = dir.join("profile.toml");
    let subs = dir.join("submissions");
    wd.expect(
        0,
        &[
            "compile",
            "--profile",
            s(&profile),
            "--out",
            "c.xlsx",
            s(&subs),
        ],
    );
    wd.expect(
        0,
        &[
            "compile",
            "--rows",
            "areas",
            "--profile",
            s(&profile),
            "--out",
            "a.xlsx",
            s(&subs),
        ],
    );
    let by_center = sheet(&wd.path("c.xlsx"), "事業実績");
    let by_area = sheet(&wd.path("a.xlsx"), "事業実績");
    // The same city totals, by area and by center.
    let totals = |sh: &SheetData| -> Vec<f64> {
        (0..sh.rows())
            .filter(|&r| sh.text(r, 0) == "計")
            .flat_map(|r| (1..12).filter_map(move |c| sh.number(r, c)))
            .collect()
    };
    assert_eq!(totals(&by_center), totals(&by_area));
    assert!(!totals(&by_area).is_empty());
    // One row per ward, named after it, and the note that says so.
    let wards = [
        "中央区",
        "北区",
        "東区",
        "白石区",
        "厚別区",
        "豊平区",
        "清田区",
        "南区",
        "西区",
        "手稲区",
    ];
    let header = by_area.find(0, "区分", 0).expect("first table");
    for w in wards {
        assert!(by_area.find(0, w, header).is_some(), "{w}");
    }
    assert!((0..5).any(|r| by_area.text(r, 0).starts_with("※ センター数が多いため")));
    // 中央区's row of 相談内容 is the sum of its three centers.
    let naiyo = (0..by_center.rows())
        .find(|&r| by_center.text(r, 1) == "介護保険制度・サービス等")
        .expect("相談内容");
    let chuo: f64 = ["中央1", "中央2", "中央3"]
        .iter()
        .map(|c| {
            by_center
                .number(by_center.find(0, c, naiyo).expect("center"), 1)
                .expect("n")
        })
        .sum();
    let naiyo_a = (0..by_area.rows())
        .find(|&r| by_area.text(r, 1) == "介護保険制度・サービス等")
        .expect("相談内容");
    let row = by_area.find(0, "中央区", naiyo_a).expect("area row");
    assert_eq!(by_area.number(row, 1), Some(chuo));
    // The evaluation is averaged per ward.
    let ev = sheet(&wd.path("a.xlsx"), "評価");
    let r = ev.find(0, "中央区 (3センター)", 0).expect("ward row");
    assert_eq!(ev.number(r, 1), Some(4.0), "中央区: 4, 4, 4");
}

#[test]
fn a_big_run_prints_no_progress_into_a_pipe() {
    let wd = Workdir::new("progress");
    let dir = wd.path("many");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let src = fixture("kushiro/2025-11-clean/西部.xlsx");
    for i in 0..210 {
        std::fs::copy(&src, dir.join(format!("西部_{i:03}.xlsx"))).expect("copy");
    }
    let o = wd.run(&["check", s(&dir)]);
    assert_eq!(o.status.code(), Some(1), "duplicates and missing centers");
    assert!(
        o.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("210 ファイル"),
        "{}",
        text.lines().last().unwrap_or("")
    );
}
