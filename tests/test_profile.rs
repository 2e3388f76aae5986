//! City profiles: the shipped Kushiro profile file is the embedded default; a broken profile
//! names its line; the rules a profile drives (each profession, occupancy, pacing) fire on
//! inputs that break them and stay quiet on inputs that do not.

mod common;

use common::*;
use hokatsu::template::Typed;

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf8")
}

#[test]
fn the_shipped_profile_file_gives_the_embedded_defaults_report_byte_for_byte() {
    let wd = Workdir::new("profile-same");
    let input = fixture("kushiro/2025-11");
    let shipped = root().join("examples/kushiro-r7.toml");
    wd.expect(0, &["compile", "--force", "--out", "a.xlsx", s(&input)]);
    wd.expect(
        0,
        &[
            "compile",
            "--force",
            "--profile",
            s(&shipped),
            "--out",
            "b.xlsx",
            s(&input),
        ],
    );
    let (a, b) = (
        std::fs::read(wd.path("a.xlsx")).expect("a"),
        std::fs::read(wd.path("b.xlsx")).expect("b"),
    );
    assert!(
        a == b,
        "the same bytes through the shipped file and the embedded default"
    );
    // And twice the same: deterministic.
    wd.expect(0, &["compile", "--force", "--out", "c.xlsx", s(&input)]);
    assert!(
        a == std::fs::read(wd.path("c.xlsx")).expect("c"),
        "byte-identical on recompiling"
    );
}

#[test]
fn a_broken_profile_names_its_line_and_field() {
    let wd = Workdir::new("profile-bad");
    let text = std::fs::read_to_string(root().join("examples/kushiro-r7.toml")).expect("profile");
    // (what to replace, with what, the line of the replacement the error is on)
    let cases = [
        ("operation = \"委託\"", "operation = \"民営\"", 0),
        ("population = 8606", "population = -3", 0),
        ("occupancy_cap = 0.5", "occupancy_cap = 5", 0),
        ("item = \"kaigi_kei\"", "item = \"kaigi_total\"", 0),
        ("short = \"西部\"", "short = \"阿寒\"", 0),
        (
            "occupancy_min_plans = 20",
            "occupancy_min_plans = 20\nunknown_key = 1",
            1,
        ),
    ];
    for (from, to, offset) in cases {
        let at = text.find(from).expect("in the profile");
        let broken = text.replacen(from, to, 1);
        let path = wd.write("city.toml", &broken);
        let out = wd.run(&[
            "check",
            "--profile",
            s(&path),
            s(&fixture("kushiro/2025-11-clean")),
        ]);
        assert_eq!(out.status.code(), Some(2), "{to}");
        let err = String::from_utf8_lossy(&out.stderr);
        let line = text[..at].matches('\n').count() + 1 + offset;
        assert!(
            err.contains(&format!("{line}行目")),
            "{to}: names line {line}: {err}"
        );
        let en = wd.run(&[
            "check",
            "--lang",
            "en",
            "--profile",
            s(&path),
            s(&fixture("kushiro/2025-11-clean")),
        ]);
        assert!(String::from_utf8_lossy(&en.stderr).contains(&format!("line {line}")));
    }
}

#[test]
fn each_profession_follows_the_national_tiers() {
    let wd = Workdir::new("each");
    // The real month: 阿寒 (1,731 first-insured: 保健師等 2 and 社会福祉士 1 full-time, a
    // part-time 主任介護支援専門員) meets the 1,000-2,000 tier; nothing is flagged.
    let (doc, code) = wd.check_json(&[s(&fixture("kushiro/2025-11-clean"))]);
    assert_eq!(code, 0);
    let w = with(&doc, "warning", Some("staffing.each-profession"));
    assert!(w.is_empty(), "{w:#?}");

    // 阿寒 with only its 保健師等: one profession of the two the tier asks for.
    let dir = wd.path("akan");
    let blank = || Typed::Text(String::new());
    write_month(
        &dir,
        "阿寒",
        &[
            ("staff_shakai_jokin_senju", Typed::Number(0.0)),
            ("staff_shunin_hijokin_senju", blank()),
            ("staff_shunin_hijokin_senju_fte", blank()),
            ("staff_kei_jokin_senju", blank()),
            ("staff_kei_hijokin_senju", blank()),
            ("staff_kei_hijokin_senju_fte", blank()),
        ],
    );
    let (doc, code) = wd.check_json(&[s(&dir)]);
    assert_eq!(code, 0, "a warning, not an error");
    let w = with(&doc, "warning", Some("staffing.each-profession"));
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0]["center"], "阿寒");
    assert_eq!(w[0]["file"], s(&dir.join("阿寒.xlsx")));
    assert_eq!(
        w[0]["cell"],
        dictionary_cell(&wd, "staff_hokenshi_jokin_senju")
    );
    assert_eq!(w[0]["expected"], "2 of 3");
    assert_eq!(w[0]["actual"], 1);
    let msg = w[0]["message"].as_str().expect("msg");
    assert!(msg.contains("1,000〜2,000人未満の区分"), "{msg}");

    // 西部 (13,846) without a full-time 主任介護支援専門員: the 3,000-and-over tier.
    let dir = wd.path("seibu");
    write_month(
        &dir,
        "西部",
        &[
            ("staff_shunin_jokin_senju", Typed::Number(0.0)),
            ("staff_kei_jokin_senju", blank()),
        ],
    );
    let (doc, _) = wd.check_json(&[s(&dir)]);
    let w = with(&doc, "warning", Some("staffing.each-profession"));
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0]["center"], "西部");
    assert_eq!(
        w[0]["cell"],
        dictionary_cell(&wd, "staff_shunin_jokin_senju")
    );
    let msg = w[0]["message"].as_str().expect("msg");
    assert!(
        msg.contains("3,000人以上の区分") && msg.contains("主任介護支援専門員"),
        "{msg}"
    );
}

#[test]
fn occupancy_warns_above_the_cap_for_centers_with_enough_plans() {
    let wd = Workdir::new("occupancy");
    let input = fixture("kushiro/2025-11-clean");
    let (doc, _) = wd.check_json(&[s(&input)]);
    assert!(
        with(&doc, "warning", Some("providers.occupancy")).is_empty(),
        "balanced as allocated"
    );
    // With no minimum, 阿寒 (7 of its 9 plans to one provider) and 音別 (one provider) warn.
    let text = std::fs::read_to_string(root().join("examples/kushiro-r7.toml")).expect("profile");
    let path = wd.write(
        "city.toml",
        text.replacen("occupancy_min_plans = 20", "occupancy_min_plans = 1", 1),
    );
    let (doc, _) = wd.check_json(&["--profile", s(&path), s(&input)]);
    let w = with(&doc, "warning", Some("providers.occupancy"));
    let mut centers: Vec<&str> = w.iter().filter_map(|f| f["center"].as_str()).collect();
    centers.sort();
    assert_eq!(centers, ["阿寒", "音別"], "{w:#?}");
    let akan = w.iter().find(|f| f["center"] == "阿寒").expect("阿寒");
    assert_eq!(akan["actual"], "77.8%");
    assert!(
        akan["message"]
            .as_str()
            .expect("msg")
            .contains("ケアプラン笑家")
    );
    // A lower cap catches the big centers' largest providers too.
    let path = wd.write(
        "city2.toml",
        text.replacen("occupancy_cap = 0.5", "occupancy_cap = 0.2", 1),
    );
    let (doc, _) = wd.check_json(&["--profile", s(&path), s(&input)]);
    assert!(
        with(&doc, "warning", Some("providers.occupancy"))
            .iter()
            .any(|f| f["center"] == "西部")
    );
}

#[test]
fn pacing_notes_centers_far_behind_the_years_targets() {
    let wd = Workdir::new("pacing");
    let (doc, _) = wd.check_json(&[s(&fixture("kushiro/2025-11-clean"))]);
    let infos = with(&doc, "info", Some("pacing"));
    let behind = |center: &str, item: &str| {
        infos.iter().any(|f| {
            f["center"] == center && f["message"].as_str().is_some_and(|m| m.contains(item))
        })
    };
    // November is month 8: 12 meetings a year → 8 by now; under half of that is far behind.
    assert!(behind("音別", "「計」は 2 回"), "{infos:#?}");
    // What the finding expects is the pace its text gives, not another number.
    let onbetsu = (infos.iter())
        .find(|f| {
            f["center"] == "音別" && f["message"].as_str().is_some_and(|m| m.contains("「計」"))
        })
        .expect("音別's note");
    assert_eq!(onbetsu["expected"], "約 8", "{onbetsu:#}");
    let msg = onbetsu["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("約 8 回のペースで、その 50% にも届いていません"),
        "{msg}"
    );
    assert!(behind("中部南", "「推進会議」は 0 回"));
    assert!(
        !infos.iter().any(|f| f["center"] == "中部北"),
        "5 meetings, 1 推進会議: on pace"
    );
    assert!(
        !infos.iter().any(|f| f["center"] == "阿寒"),
        "4 of 8 is not under half"
    );
}

/// The evaluation's scale is the profile's (1 to 5 unless it says): a ward score outside it
/// stops the run naming its line, and the template validates the centers' scores to it.
#[test]
fn the_evaluation_scale_is_the_profiles() {
    let wd = Workdir::new("evaluation-scale");
    let text = std::fs::read_to_string(root().join("examples/sapporo-like/profile.toml"))
        .expect("profile");
    let four = text.replacen("[evaluation]", "[evaluation]\nscale = [1, 4]", 1);
    wd.write("four.toml", &four);
    wd.expect(
        0,
        &[
            "template",
            "--profile",
            "four.toml",
            "--out",
            "t",
            "--period",
            "2023-11",
            "--center",
            "中央1",
        ],
    );
    let xml = {
        let bytes = std::fs::read(wd.path("t/中央1.xlsx")).expect("template");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("part");
            if f.name().is_ok_and(|n| n.starts_with("xl/worksheets/")) {
                std::io::Read::read_to_string(&mut f, &mut all).expect("xml");
            }
        }
        all
    };
    assert!(
        xml.contains("<formula1>1</formula1><formula2>4</formula2>"),
        "scores 1 to 4"
    );
    let five = four.replacen("score = 4", "score = 5", 1);
    wd.write("five.toml", &five);
    let out = wd.run(&["check", "--profile", "five.toml", "nothing"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    // The line of the ward entry holding the score.
    let score = five.lines().position(|l| l == "score = 5").expect("line");
    let line = five
        .lines()
        .take(score)
        .enumerate()
        .filter(|(_, l)| *l == "[[evaluation.ward]]")
        .map(|(i, _)| i + 1)
        .last()
        .expect("its entry");
    assert!(
        err.contains("1〜4 の範囲外") && err.contains(&format!("{line}行目")),
        "{err}"
    );
}

/// A score cell's messages name the scale: 「4点」 typed in it asks for 1 to 5 (not 0以上の整数),
/// and an evaluation left wholly blank asks for scores (0 is no score).
#[test]
fn score_cells_are_advised_by_their_scale() {
    let wd = Workdir::new("evaluation-advice");
    let profile_path = root().join("examples/sapporo-like/profile.toml");
    let profile = hokatsu::profile::Profile::load(&profile_path).expect("profile");
    let ctx = hokatsu::template::read_context(&profile, Default::default());
    let file = root().join("examples/sapporo-like/submissions/中央1.xlsx");
    let read = hokatsu::read::read_file(&file, &ctx);
    let mut sub = read.submissions.into_iter().next().expect("中央1");
    let dir = wd.path("m");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let typed = write_submission_for(
        &dir,
        &profile,
        &sub,
        &[("hyoka_item1", Typed::Text("4点".into()))],
        "2023-11",
    );
    let (doc, _) = wd.check_json(&["--profile", s(&profile_path), s(&typed)]);
    let dict = wd.expect(0, &["form", "--profile", s(&profile_path)]);
    let cell = dict
        .lines()
        .find(|l| l.starts_with("hyoka_item1,"))
        .and_then(|l| l.split(',').nth(2))
        .expect("hyoka_item1 in the dictionary")
        .to_string();
    let bad = with(&doc, "error", Some("input"));
    let msg = bad
        .iter()
        .find(|f| f["cell"] == cell.as_str())
        .and_then(|f| f["message"].as_str())
        .unwrap_or_else(|| panic!("{bad:#?}"));
    assert!(
        msg.contains("「4点」") && msg.contains("1から5までの整数"),
        "{msg}"
    );
    assert!(!msg.contains("0以上"), "{msg}");

    // Every score blank: a warning asking for scores.
    let form = &profile.form;
    let table = form.items[form.item("hyoka_item1").expect("item")].table;
    for i in form.tables[table].all_items() {
        sub.values[i] = None;
    }
    let blank_dir = wd.path("b");
    std::fs::create_dir_all(&blank_dir).expect("mkdir");
    let blank = write_submission_for(&blank_dir, &profile, &sub, &[], "2023-11");
    let (doc, _) = wd.check_json(&["--profile", s(&profile_path), s(&blank)]);
    let w = with(&doc, "warning", Some("input.blank"));
    let msg = w
        .iter()
        .filter_map(|f| f["message"].as_str())
        .find(|m| m.contains("点数"))
        .unwrap_or_else(|| panic!("{w:#?}"));
    assert!(
        msg.contains("1〜5 の点数を入力") && !msg.contains("0 と入力"),
        "{msg}"
    );
}

/// A change to the form a profile cannot make is named at its line of the profile: the table,
/// id or `after` of a [[form.add]], the table or id of a [[form.rename]].
#[test]
fn form_changes_are_refused_at_their_line() {
    let wd = Workdir::new("profile-form-changes");
    let profile = std::fs::read_to_string(root().join("examples/kushiro-r7.toml")).expect("p");
    let base = profile.lines().count();
    for (change, key_line, word) in [
        (
            "[[form.add]]\ntable = \"nothing\"\nid = \"x\"\nlabel = \"X\"\n",
            2,
            "nothing",
        ),
        (
            "[[form.add]]\ntable = \"kaigi\"\nid = \"X-1\"\nlabel = \"X\"\n",
            3,
            "X-1",
        ),
        (
            "[[form.add]]\ntable = \"kaigi\"\nid = \"x\"\nlabel = \"X\"\nafter = \"none\"\n",
            5,
            "none",
        ),
        (
            "[[form.rename]]\ntable = \"kaigi\"\nid = \"kobetu\"\nlabel = \"X\"\n",
            3,
            "kobetu",
        ),
    ] {
        wd.write("p.toml", format!("{profile}\n{change}"));
        let out = wd.run(&["form", "--profile", "p.toml"]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        let line = base + 1 + key_line;
        assert!(
            err.contains(&format!("p.toml の{line}行目")) && err.contains(word),
            "{change}: {err}"
        );
    }
}
