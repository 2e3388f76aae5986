//! The form as a city's file: `hokatsu form --definition` prints the form in use, `--form FILE`
//! (or `[form] file` in a profile) uses one, and a wrong one stops with exit 2 naming its line.

mod common;

use common::*;
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_printed_definition_compiles_the_same_workbook() {
    let wd = Workdir::new("form-roundtrip");
    let definition = wd.expect(0, &["form", "--definition"]);
    assert!(definition.contains("[[part.section.table]]"), "a form file");
    assert!(definition.starts_with('#'), "commented, to start from");
    wd.write("f.toml", &definition);
    let month = fixture("kushiro/2025-11-clean");
    wd.expect(0, &["compile", "--out", "a.xlsx", s(&month)]);
    wd.expect(
        0,
        &["compile", "--form", "f.toml", "--out", "b.xlsx", s(&month)],
    );
    assert!(
        std::fs::read(wd.path("a.xlsx")).expect("a")
            == std::fs::read(wd.path("b.xlsx")).expect("b"),
        "byte for byte"
    );
    // A form file named by a profile (`[form] file`, beside it) is the one used and printed.
    let profile = std::fs::read_to_string(root().join("examples/kushiro-r7.toml")).expect("p");
    let edited = definition.replacen("label = \"開催回数\"", "label = \"会議の開催回数\"", 1);
    assert_ne!(edited, definition);
    wd.write("city/form.toml", &edited);
    wd.write(
        "city/profile.toml",
        profile + "\n[form]\nfile = \"form.toml\"\n",
    );
    wd.expect(
        0,
        &[
            "compile",
            "--profile",
            "city/profile.toml",
            "--out",
            "c.xlsx",
            s(&month),
        ],
    );
    let acts = sheet(&wd.path("c.xlsx"), "事業実績");
    assert!((0..acts.rows()).any(|r| acts.text(r, 0).contains("会議の開催回数")));
    let printed = wd.expect(
        0,
        &["form", "--definition", "--profile", "city/profile.toml"],
    );
    assert_eq!(printed, edited);
    // --form wins over the profile's file.
    let printed = wd.expect(
        0,
        &[
            "form",
            "--definition",
            "--profile",
            "city/profile.toml",
            "--form",
            "f.toml",
        ],
    );
    assert_eq!(printed, definition);
}

#[test]
fn a_label_edited_in_the_file_shows_everywhere() {
    let wd = Workdir::new("form-label");
    let definition = wd.expect(0, &["form", "--definition"]);
    let edited = definition.replacen("label = \"相談件数\"", "label = \"総合相談の件数\"", 1);
    assert_ne!(edited, definition);
    wd.write("g.toml", &edited);
    let dict = wd.expect(0, &["form", "--form", "g.toml"]);
    let line = dict
        .lines()
        .find(|l| l.starts_with("sogo_kensu_kei,"))
        .expect("item");
    assert!(line.contains("総合相談支援事業 総合相談の件数"), "{line}");
    // The template and the report carry it too.
    wd.expect(
        0,
        &[
            "template", "--form", "g.toml", "--out", "t", "--period", "2025-11", "--center", "西部",
        ],
    );
    let acts = sheet(&wd.path("t/西部.xlsx"), "実績");
    assert!((0..acts.rows()).any(|r| acts.text(r, 0).contains("総合相談の件数")));
}

#[test]
fn a_broken_form_stops_naming_its_line() {
    let wd = Workdir::new("form-broken");
    let definition = wd.expect(0, &["form", "--definition"]);
    let line_of = |text: &str, needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("needle")
    };
    // (what to change, into what, a word of the Japanese message)
    let cases = [
        ("version = \"2025.1\"", "version = 2025.1", "文字列"),
        (
            "professional_total = \"kei_jokin\"",
            "professional_total = \"kei_jokinn\"",
            "kei_jokinn",
        ),
        (
            "sum = [\"hokenshi_jokin\", \"shakai_jokin\", \"shunin_jokin\"]",
            "sum = [\"hokenshi_jokin\", \"shakai_jokinn\"]",
            "shakai_jokinn",
        ),
        ("layout = \"stacked\"", "layout = \"stack\"", "stack"),
        (
            "breakdown_of = \"konnan_kensu_kei\"",
            "breakdown_of = \"konnan_kensu_total\"",
            "konnan_kensu_total",
        ),
        ("total = \"計\"", "totl = \"計\"", "totl"),
        (
            "{ id = \"suishin\", label = \"推進会議\" },",
            "{ id = \"suishin\", label = \"推進会議\", ratio = [\"kobetsu\", \"nothing\"] },",
            "nothing",
        ),
    ];
    for (from, to, word) in cases {
        let broken = definition.replacen(from, to, 1);
        assert_ne!(broken, definition, "{from}");
        let path = wd.write("broken.toml", &broken);
        let out = wd.run(&[
            "check",
            "--form",
            s(&path),
            s(&fixture("kushiro/2025-11-clean")),
        ]);
        assert_eq!(out.status.code(), Some(2), "{to}");
        let err = stderr(&out);
        let line = line_of(&broken, to.split('=').next().unwrap_or(to).trim());
        let expected = if to.contains("ratio") {
            line_of(&broken, "ratio = [")
        } else if to.contains("sum =") || to.contains("_of =") || to.contains("professional") {
            line_of(&broken, word)
        } else {
            line
        };
        assert!(
            err.contains(&format!("様式 {} の{expected}行目", s(&path))),
            "{to}: line {expected}: {err}"
        );
        assert!(err.contains(word), "{to}: names {word}: {err}");
        let en = wd.run(&[
            "check",
            "--lang",
            "en",
            "--form",
            s(&path),
            s(&fixture("kushiro/2025-11-clean")),
        ]);
        assert!(
            stderr(&en).contains(&format!("line {expected}")),
            "{}",
            stderr(&en)
        );
    }
    let out = wd.run(&[
        "check",
        "--form",
        "nothere.toml",
        s(&fixture("kushiro/2025-11-clean")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nothere.toml") && stderr(&out).contains("見つかりません"));
}

/// A value left open — `[[[` typed into line 18, an inline table without its `}` — is named
/// at the line where it began (18), not at the next key's line where the TOML reader gave up.
#[test]
fn a_value_left_open_is_named_where_it_began() {
    let wd = Workdir::new("form-unclosed");
    let definition = wd.expect(0, &["form", "--definition"]);
    let line18 = definition.lines().nth(17).expect("a line 18").to_string();
    let (key, value) = line18
        .split_once(" = ")
        .expect("line 18 is a key and its value");
    for (n, edited) in [
        format!("{key} = [[[{value}"),
        format!("{key} = [[["),
        format!("{key} = {{ a = {value}"),
    ]
    .into_iter()
    .enumerate()
    {
        let text: Vec<&str> = (definition.lines().take(17))
            .chain([edited.as_str()])
            .chain(definition.lines().skip(18))
            .collect();
        let path = wd.write(&format!("open{n}.toml"), text.join("\n") + "\n");
        for (lang, said) in [
            ("ja", format!("{} の18行目", s(&path))),
            ("en", "line 18".into()),
        ] {
            let out = wd.run(&["form", "--lang", lang, "--form", s(&path)]);
            assert_eq!(out.status.code(), Some(2), "{edited}");
            assert!(stderr(&out).contains(&said), "{edited}: {}", stderr(&out));
        }
    }
}

/// A table whose one column is its total has nothing to share out or to compare: `share`
/// (割合) and `abuse_of` on it are refused at their line with exit 2, never a panic (an index
/// out of bounds in the self-checks' wording before).
#[test]
fn share_and_case_links_on_a_one_column_total_are_refused_at_their_line() {
    let wd = Workdir::new("form-one-column-total");
    let definition = wd.expect(0, &["form", "--definition"]);
    let at = definition
        .find("[[part.section.table]]\nid = \"ycm_plan\"")
        .expect("the plans table");
    for (n, (key, value)) in [("share", "\"割合\""), ("abuse_of", "\"sogo_kensu_kei\"")]
        .into_iter()
        .enumerate()
    {
        let table = format!(
            "[[part.section.table]]\nid = \"hitotsu\"\nlabel = \"計だけの表\"\n{key} = {value}\ncolumns = [{{ id = \"kei\", label = \"計\", sum = \"*\" }}]\n\n"
        );
        let text = format!("{}{table}{}", &definition[..at], &definition[at..]);
        let line = text[..at].lines().count() + 4;
        assert!(text.lines().nth(line - 1).unwrap_or("").starts_with(key));
        let path = wd.write(&format!("one{n}.toml"), &text);
        for command in [
            vec!["form", "--form", s(&path)],
            vec![
                "template",
                "--form",
                s(&path),
                "--out",
                "t",
                "--period",
                "2025-11",
            ],
        ] {
            let out = wd.run(&command);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{key}: {err}");
            assert!(
                err.contains(&format!("{} の{line}行目", s(&path))) && err.contains(key),
                "{key}: line {line}: {err}"
            );
            assert!(!err.contains("内部エラー"), "{key}: {err}");
        }
        assert!(!wd.path("t").exists(), "{key}: nothing written");
    }
}

/// Shapes the template and the report cannot lay out are refused, naming the line of the key at
/// fault: a stacked table's two value columns, a label of more levels than its table has.
#[test]
fn shapes_beyond_the_layouts_are_refused() {
    let wd = Workdir::new("form-shapes-refused");
    let definition = wd.expect(0, &["form", "--definition"]);
    let cases = [
        (
            "columns = [{ id = \"kensu\", label = \"件数\" }]",
            "columns = [{ id = \"kensu\", label = \"件数\" }, { id = \"ninzu\", label = \"人数\" }]",
            "stacked の表の列(columns)は一つです",
            "{ id = \"ninzu\", label = \"人数\" }]",
        ),
        (
            "{ id = \"shinki\", label = [\"新規\"] },",
            "{ id = \"shinki\", label = [\"電話\", \"本人\", \"新規\"] },",
            "「shinki」の label は 2 段まで",
            "label = [\"電話\", \"本人\", \"新規\"]",
        ),
    ];
    for (from, to, words, at) in cases {
        let broken = definition.replacen(from, to, 1);
        assert_ne!(broken, definition, "{from}");
        let path = wd.write("broken.toml", &broken);
        let out = wd.run(&["form", "--form", s(&path)]);
        assert_eq!(out.status.code(), Some(2), "{to}");
        let err = stderr(&out);
        assert!(err.contains(words), "{err}");
        let line = broken
            .lines()
            .position(|l| l.contains(at))
            .map(|i| i + 1)
            .expect("line");
        assert!(err.contains(&format!("の{line}行目")), "{at}: {err}");
    }
}

/// The clean month's numbers written into templates of a form, for a period of it.
fn write_period(
    dir: &Path,
    profile: &hokatsu::profile::Profile,
    period: hokatsu::era::Period,
    subs: &[hokatsu::model::Submission],
) {
    for sub in subs {
        write_submission_at(dir, profile, sub, &[], period);
    }
}

#[test]
fn a_quarterly_form_reports_quarters() {
    use hokatsu::era::{Cadence, Period};
    let wd = Workdir::new("form-quarter");
    let definition = wd.expect(0, &["form", "--definition"]);
    let quarterly = definition.replacen(
        "version = \"2025.1\"",
        "version = \"2025.1\"\nperiod = \"quarter\"",
        1,
    );
    let form = wd.write("q.toml", &quarterly);
    let profile = hokatsu::profile::Profile::kushiro_with(Some(&form)).expect("profile");
    assert_eq!(profile.form.cadence, Cadence::Quarter);
    let (_, subs) = clean_submissions();
    let q2 = Period::parse_as("2025-Q2", Cadence::Quarter).expect("q2");
    let q1 = q2.previous();
    assert_eq!(q1.to_string(), "2025-Q1");
    write_period(&wd.path("q2"), &profile, q2, &subs);

    // The period as clerks write it, echoed as the council writes it.
    for spelled in ["2025-Q2", "R7Q2", "令和7年度第2四半期", "2025-09"] {
        let out = wd.expect(0, &["check", "--form", s(&form), "--period", spelled, "q2"]);
        let last = out.lines().last().unwrap_or("");
        assert!(
            last.starts_with("対象期間 令和7年度第2四半期:"),
            "{spelled}: {last}"
        );
    }
    // Without --period the files say their quarter.
    let out = wd.expect(0, &["check", "--form", s(&form), "q2"]);
    assert!(out.contains("令和7年度第2四半期"), "{out}");
    // A month that ends no quarter is refused, saying how quarters are written.
    let out = wd.run(&["check", "--form", s(&form), "--period", "2025-10", "q2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("令和7年度第2四半期"));

    // The report's title and the tables' headers name the quarter and its end.
    wd.expect(
        0,
        &["compile", "--form", s(&form), "--out", "q2.xlsx", "q2"],
    );
    let acts = sheet(&wd.path("q2.xlsx"), "事業実績");
    assert!(
        acts.text(0, 0).contains("(令和7年度第2四半期)"),
        "{}",
        acts.text(0, 0)
    );
    assert!((0..acts.rows()).any(|r| (0..12).any(|c| acts.text(r, c) == "R7.9末計")));

    // A file made for the first quarter is named as such.
    write_period(&wd.path("mixed"), &profile, q2, &subs);
    write_period(&wd.path("q1"), &profile, q1, &subs);
    let short = &profile.centers[subs[0].center].short;
    std::fs::copy(
        wd.path(&format!("q1/{short}.xlsx")),
        wd.path(&format!("mixed/{short}.xlsx")),
    )
    .expect("copy");
    let (doc, code) = wd.check_json(&["--form", s(&form), "--period", "2025-Q2", "mixed"]);
    assert_eq!(code, 1);
    let e = with(&doc, "error", Some("input"));
    assert_eq!(e.len(), 1, "{e:#?}");
    let msg = e[0]["message"].as_str().unwrap_or("");
    assert!(
        msg.contains("令和7年度第1四半期") && msg.contains("令和7年度第2四半期"),
        "{msg}"
    );
    assert_eq!(e[0]["expected"], "2025-Q2");
    assert_eq!(e[0]["actual"], "2025-Q1");

    // Last quarter as a tidy CSV named by its quarter is the previous period.
    wd.expect(
        0,
        &[
            "compile",
            "--form",
            s(&form),
            "--out",
            "q1.xlsx",
            "--csv",
            "2025-Q1.csv",
            "q1",
        ],
    );
    let (doc, _) = wd.check_json(&["--form", s(&form), "--previous", "2025-Q1.csv", "q2"]);
    let w: Vec<String> = with(&doc, "warning", Some("input"))
        .iter()
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(w.is_empty(), "Q1 is Q2's previous period: {w:?}");
    // And so is its compiled workbook, whatever its name: 出典 says 対象期間 2025-Q1.
    let (doc, _) = wd.check_json(&["--form", s(&form), "--previous", "q1.xlsx", "q2"]);
    let w: Vec<String> = with(&doc, "warning", Some("input"))
        .iter()
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(w.is_empty(), "the Q1 report is Q2's previous period: {w:?}");
    wd.expect(
        0,
        &[
            "compile",
            "--form",
            s(&form),
            "--previous",
            "q1.xlsx",
            "--out",
            "q2p.xlsx",
            "q2",
        ],
    );
    let trends = sheet(&wd.path("q2p.xlsx"), "推移");
    assert!(
        (0..trends.rows()).any(|r| trends.text(r, 0).contains("前期との比較(R7.6末 → R7.9末)")),
        "推移 compares with the first quarter's end"
    );
}

#[test]
fn an_annual_report_is_built_from_a_year_of_quarters() {
    use hokatsu::era::{Cadence, Period};
    let wd = Workdir::new("form-annual");
    let definition = wd.expect(0, &["form", "--definition"]);
    // Quarterly; 地域ケア会議 counts each quarter's meetings (flow), the rest is year-to-date.
    let quarterly = definition
        .replacen(
            "version = \"2025.1\"",
            "version = \"2025.1\"\nperiod = \"quarter\"",
            1,
        )
        .replacen("id = \"kaigi\"", "id = \"kaigi\"\namounts = \"flow\"", 1);
    let form = wd.write("q.toml", &quarterly);
    let profile = hokatsu::profile::Profile::kushiro_with(Some(&form)).expect("profile");
    let (_, subs) = clean_submissions();
    for q in 1..=4 {
        let p = Period::parse_as(&format!("2023-Q{q}"), Cadence::Quarter).expect("q");
        write_period(&wd.path(&format!("year/2023-Q{q}")), &profile, p, &subs);
    }
    let total = |id: &str| -> f64 {
        let item = profile.form.item(id).expect(id);
        subs.iter()
            .map(|s| hokatsu::model::value(&profile.form, s, item))
            .sum()
    };
    wd.expect(
        0,
        &[
            "compile",
            "--form",
            s(&form),
            "--fiscal-year",
            "令和5年度",
            "--out",
            "y.xlsx",
            "year",
        ],
    );
    let acts = sheet(&wd.path("y.xlsx"), "事業実績");
    assert!(
        acts.text(0, 0).contains("(令和5年度)"),
        "{}",
        acts.text(0, 0)
    );
    // The city total of a table, from the 計 row under its header label.
    let city = |label: &str, col: u32| -> f64 {
        let header = (0..acts.rows())
            .find(|&r| (0..12).any(|c| acts.text(r, c) == label))
            .expect(label);
        let total = (header..acts.rows())
            .find(|&r| acts.text(r, 0) == "計")
            .expect("計");
        acts.number(total, col).expect("a number")
    };
    // Flows summed over the four quarters, year-to-date from the last.
    assert_eq!(city("個別会議", 2), 4.0 * total("kaigi_kobetsu"));
    let sogo = acts
        .find(0, "R5計", 0)
        .map(|r| acts.number(r, 3))
        .expect("the 総合相談 total");
    assert_eq!(sogo, Some(total("sogo_kensu_kei")));

    // A missing quarter is an error naming it.
    std::fs::remove_dir_all(wd.path("year/2023-Q3")).expect("rm");
    let (doc, code) = wd.check_json(&["--form", s(&form), "--fiscal-year", "2023", "year"]);
    assert_eq!(code, 1);
    let e = with(&doc, "error", Some("coverage"));
    assert_eq!(e.len(), 1, "{e:#?}");
    let msg = e[0]["message"].as_str().unwrap_or("");
    assert!(
        msg.contains("令和5年度第3四半期") && msg.contains("2023-Q3"),
        "{msg}"
    );
}

/// A submission of one form moved onto another, value by item id (items the other form adds
/// stay blank).
fn retarget(
    sub: &hokatsu::model::Submission,
    from: &hokatsu::form::Form,
    to: &hokatsu::form::Form,
) -> hokatsu::model::Submission {
    let mut out = sub.clone();
    out.values = to
        .items
        .iter()
        .map(|i| from.item(&i.id).and_then(|k| sub.values[k]))
        .collect();
    out.origins = vec![None; to.items.len()];
    out.unreadable = vec![false; to.items.len()];
    out
}

#[test]
fn inclusions_and_relations_across_tables_are_checked_at_their_cells() {
    use hokatsu::era::Period;
    let wd = Workdir::new("form-relations");
    let definition = wd.expect(0, &["form", "--definition"]);
    // A 再掲 column inside 認知症, and relations of the form's own, one with a subtraction.
    let extended = definition.replacen(
        "  { id = \"ninchisho\", label = \"認知症\" },\n  { id = \"iryo\", label = \"医療関係\" },\n  { id = \"rishoku\"",
        "  { id = \"ninchisho\", label = \"認知症\" },\n  { id = \"ninchisho_iryo\", label = \"(再掲)認知症のうち医療関係\", of = \"ninchisho\" },\n  { id = \"iryo\", label = \"医療関係\" },\n  { id = \"rishoku\"",
        1,
    ) + r#"
[[relation]]
label = "推進会議の開催回数"
left = ["kaigi_suishin"]
right = "kaigi_kobetsu"
kind = "at_most"

[[relation]]
left = ["ycm_plan_kei", "-ycm_plan_hokatsu"]
right = "ycm_plan_itaku"

[[relation]]
left = ["kaigi_kei"]
right = "chiiki_kei"
kind = "at_most"
severity = "warning"
"#;
    assert!(extended.contains("ninchisho_iryo"));
    let form = wd.write("f.toml", &extended);
    let dict = wd.expect(0, &["form", "--form", s(&form)]);
    let cell = |id: &str| {
        dict.lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .and_then(|l| l.split(',').nth(2))
            .unwrap_or_else(|| panic!("{id}"))
            .to_string()
    };
    assert!(dict.contains("(再掲)認知症のうち医療関係"));
    let profile = hokatsu::profile::Profile::kushiro_with(Some(&form)).expect("profile");
    let (embedded, subs) = clean_submissions();
    let moved: Vec<hokatsu::model::Submission> = subs
        .iter()
        .map(|sub| retarget(sub, &embedded.form, &profile.form))
        .collect();
    let nov = Period::parse("2025-11").expect("month");
    write_period(&wd.path("clean"), &profile, nov, &moved);
    let (doc, _) = wd.check_json(&["--form", s(&form), "clean"]);
    let errors: Vec<String> = with(&doc, "error", None)
        .iter()
        .map(|f| format!("{} {}", f["rule"], f["message"]))
        .collect();
    assert!(errors.is_empty(), "the clean month holds: {errors:#?}");

    // Planted: the 再掲 above its parent, and more 推進会議 than 個別会議, for 西部.
    let item = |id: &str| profile.form.item(id).expect(id);
    let mut planted = moved.clone();
    let seibu = planted
        .iter_mut()
        .find(|s| profile.centers[s.center].short == "西部")
        .expect("西部");
    let parent = seibu.values[item("sogo_naiyo_ninchisho")].unwrap_or(0.0);
    seibu.values[item("sogo_naiyo_ninchisho_iryo")] = Some(parent + 1.0);
    let kobetsu = seibu.values[item("kaigi_kobetsu")].unwrap_or(0.0);
    seibu.values[item("kaigi_suishin")] = Some(kobetsu + 5.0);
    seibu.values[item("kaigi_kei")] = None; // the template's formula
    write_period(&wd.path("planted"), &profile, nov, &planted);
    let (doc, code) = wd.check_json(&["--form", s(&form), "planted"]);
    assert_eq!(code, 1);
    let sums = with(&doc, "error", Some("sum"));
    assert_eq!(sums.len(), 1, "{sums:#?}");
    assert_eq!(sums[0]["cell"], cell("sogo_naiyo_ninchisho_iryo"));
    assert!(sums[0]["message"].as_str().unwrap_or("").contains("再掲"));
    let rel = with(&doc, "error", Some("relation"));
    let mut cells: Vec<&str> = rel.iter().filter_map(|f| f["cell"].as_str()).collect();
    cells.sort();
    let mut expected = [cell("kaigi_suishin"), cell("kaigi_kobetsu")];
    expected.sort();
    assert_eq!(cells, expected, "at both places: {rel:#?}");
    assert!(
        rel[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("推進会議の開催回数")
    );
    // The warning relation stays a warning.
    assert!(
        with(&doc, "error", Some("relation"))
            .iter()
            .all(|f| f["center"] == "西部")
    );
}

#[test]
fn column_groups_print_on_two_header_rows_everywhere() {
    use hokatsu::era::Period;
    let wd = Workdir::new("form-groups");
    let definition = wd.expect(0, &["form", "--definition"]);
    // 相談方法 × 相談者 after 相談内容, its total equal to the consultations (across tables).
    let anchor = "[[part.section]]\nnumber = \"(2)\"";
    assert!(definition.contains(anchor));
    let table = r#"[[part.section.table]]
id = "hoho"
number = "③"
label = "相談方法・相談者"
corner = "区分"
columns = [
  { id = "denwa_honnin", label = ["電話", "本人"] },
  { id = "denwa_kazoku", label = ["電話", "家族"] },
  { id = "homon_honnin", label = ["訪問", "本人"] },
  { id = "homon_kazoku", label = ["訪問", "家族"] },
  { id = "kei", label = "計", sum = "*" },
]

"#;
    let grouped = definition.replacen(anchor, &format!("{table}{anchor}"), 1)
        + "\n[[relation]]\nleft = [\"hoho_kei\"]\nright = \"sogo_kensu_kei\"\n";
    let form = wd.write("g.toml", &grouped);
    let dict = wd.expect(0, &["form", "--form", s(&form)]);
    let line = dict
        .lines()
        .find(|l| l.starts_with("hoho_homon_kazoku,"))
        .expect("item");
    assert!(line.contains(",訪問 家族,"), "{line}");

    let profile = hokatsu::profile::Profile::kushiro_with(Some(&form)).expect("profile");
    let (embedded, subs) = clean_submissions();
    let honnin = profile.form.item("hoho_denwa_honnin").expect("item");
    let moved: Vec<hokatsu::model::Submission> = subs
        .iter()
        .map(|sub| {
            let mut m = retarget(sub, &embedded.form, &profile.form);
            let kei = embedded.form.item("sogo_kensu_kei").expect("kei");
            m.values[honnin] = Some(hokatsu::model::value(&embedded.form, sub, kei));
            m
        })
        .collect();
    let nov = Period::parse("2025-11").expect("month");
    write_period(&wd.path("month"), &profile, nov, &moved);
    let (doc, code) = wd.check_json(&["--form", s(&form), "month"]);
    assert_eq!(code, 0, "{doc:#}");

    // The template and the report: the group over its columns, the leaves below.
    let header_rows = |path: &Path, sheet_name: &str| {
        let sh = sheet(path, sheet_name);
        let top = (0..sh.rows())
            .find(|&r| (0..12).any(|c| sh.text(r, c) == "電話"))
            .expect("group row");
        let leaves: Vec<String> = (1..=5).map(|c| sh.text(top + 1, c)).collect();
        (sh.text(top, 1), sh.text(top, 3), leaves)
    };
    let template = wd.path("month/西部.xlsx");
    let (a, b, leaves) = header_rows(&template, "実績");
    assert_eq!((a.as_str(), b.as_str()), ("電話", "訪問"));
    assert_eq!(leaves, ["本人", "家族", "本人", "家族", ""]);
    wd.expect(
        0,
        &["compile", "--form", s(&form), "--out", "r.xlsx", "month"],
    );
    let (a, b, leaves) = header_rows(&wd.path("r.xlsx"), "事業実績");
    assert_eq!((a.as_str(), b.as_str()), ("電話", "訪問"));
    assert_eq!(&leaves[..4], ["本人", "家族", "本人", "家族"]);

    // Planted: one 訪問 consultation too many at 西部: the cross-table relation, at both cells.
    let mut planted = moved.clone();
    let seibu = planted
        .iter_mut()
        .find(|x| profile.centers[x.center].short == "西部")
        .expect("西部");
    seibu.values[profile.form.item("hoho_homon_kazoku").expect("item")] = Some(1.0);
    write_period(&wd.path("planted"), &profile, nov, &planted);
    let (doc, code) = wd.check_json(&["--form", s(&form), "planted"]);
    assert_eq!(code, 1);
    let rel = with(&doc, "error", Some("relation"));
    assert_eq!(rel.len(), 2, "{rel:#?}");
}

#[test]
fn money_tables_with_shares_and_a_signed_balance() {
    use hokatsu::era::Period;
    let wd = Workdir::new("form-money");
    let definition = wd.expect(0, &["form", "--definition"]);
    let money = definition
        + r#"
[[part]]
number = "III"
label = "収支状況"

[[part.section]]
number = "(1)"
label = "収支"

[[part.section.table]]
id = "shunyu"
label = "収入"
unit = "千円"
share = "構成比"
columns = [
  { id = "itakuryo", label = "委託料" },
  { id = "careplan", label = "ケアプラン報酬" },
  { id = "sonota", label = "その他" },
  { id = "kei", label = "収入総額", sum = "*" },
]

[[part.section.table]]
id = "shishutsu"
label = "支出"
unit = "千円"
columns = [
  { id = "jinkenhi", label = "人件費" },
  { id = "kanri", label = "管理費" },
  { id = "kei", label = "支出総額", sum = "*" },
]

[[part.section.table]]
id = "shushi"
label = "収支差額"
unit = "千円"
columns = [{ id = "sagaku", label = "収支差額", signed = true }]

[[part.section.table]]
id = "kessan"
label = "決算"
unit = "千円"
columns = [
  { id = "shunyu", label = "収入総額" },
  { id = "shishutsu", label = "支出総額" },
  { id = "shikko", label = "執行率", ratio = ["shishutsu", "shunyu"] },
]

[[relation]]
label = "収入総額 − 支出総額"
left = ["shunyu_kei", "-shishutsu_kei"]
right = "shushi_sagaku"

[[relation]]
left = ["shunyu_kei"]
right = "kessan_shunyu"
"#;
    let form = wd.write("m.toml", &money);
    let profile = hokatsu::profile::Profile::kushiro_with(Some(&form)).expect("profile");
    let (embedded, subs) = clean_submissions();
    let id = |name: &str| profile.form.item(name).expect(name);
    // Every center earns 90,000 and spends 85,000 but 西部, which spends 95,000: a deficit.
    let moved: Vec<hokatsu::model::Submission> = subs
        .iter()
        .map(|sub| {
            let mut m = retarget(sub, &embedded.form, &profile.form);
            let deficit = profile.centers[sub.center].short == "西部";
            for (item, v) in [
                ("shunyu_itakuryo", 50_000.0),
                ("shunyu_careplan", 39_700.0),
                ("shunyu_sonota", 300.0),
                (
                    "shishutsu_jinkenhi",
                    if deficit { 89_000.0 } else { 79_000.0 },
                ),
                ("shishutsu_kanri", 6_000.0),
                ("shushi_sagaku", if deficit { -5_000.0 } else { 5_000.0 }),
                ("kessan_shunyu", 90_000.0),
                (
                    "kessan_shishutsu",
                    if deficit { 95_000.0 } else { 85_000.0 },
                ),
            ] {
                m.values[id(item)] = Some(v);
            }
            m
        })
        .collect();
    let nov = Period::parse("2025-11").expect("month");
    write_period(&wd.path("month"), &profile, nov, &moved);
    let (doc, code) = wd.check_json(&["--form", s(&form), "month"]);
    assert_eq!(code, 0, "a deficit is a figure, not an error: {doc:#}");

    wd.expect(
        0,
        &["compile", "--form", s(&form), "--out", "r.xlsx", "month"],
    );
    let acts = sheet(&wd.path("r.xlsx"), "事業実績");
    let title = (0..acts.rows())
        .find(|&r| acts.text(r, 0) == "収入(千円)")
        .expect("the unit after the title");
    let total = (title..acts.rows())
        .find(|&r| acts.text(r, 0) == "計")
        .expect("計");
    assert_eq!(acts.number(total, 4), Some(7.0 * 90_000.0));
    // 構成比: each part of 収入総額, as formulas.
    assert_eq!(acts.text(total + 1, 0), "構成比");
    let share = acts.number(total + 1, 1).expect("share");
    assert!((share - 50_000.0 / 90_000.0).abs() < 1e-9, "{share}");
    assert!(acts.formula(total + 1, 1).contains('/'));
    let balance = (total..acts.rows())
        .find(|&r| acts.text(r, 0) == "収支差額(千円)")
        .expect("収支差額");
    let sum_row = (balance..acts.rows())
        .find(|&r| acts.text(r, 0) == "計")
        .expect("計");
    assert_eq!(acts.number(sum_row, 1), Some(6.0 * 5_000.0 - 5_000.0));

    // 執行率: a formula per center and for the city, of the row's own figures; not an input.
    assert!(
        !wd.expect(0, &["form", "--form", s(&form)])
            .contains("kessan_shikko")
    );
    let kessan = (0..acts.rows())
        .find(|&r| acts.text(r, 0) == "決算(千円)")
        .expect("決算");
    let seibu_row = (kessan..acts.rows())
        .find(|&r| acts.text(r, 0) == "西部")
        .expect("西部");
    assert!(
        acts.formula(seibu_row, 3).contains("/N("),
        "{}",
        acts.formula(seibu_row, 3)
    );
    let rate = acts.number(seibu_row, 3).expect("cached");
    assert!((rate - 95_000.0 / 90_000.0).abs() < 1e-9);
    let city = (kessan..acts.rows())
        .find(|&r| acts.text(r, 0) == "計")
        .expect("計");
    let rate = acts.number(city, 3).expect("city rate");
    assert!(
        (rate - (6.0 * 85_000.0 + 95_000.0) / (7.0 * 90_000.0)).abs() < 1e-9,
        "{rate}"
    );
    assert!(
        !acts.formula(city, 3).starts_with("SUM"),
        "not a sum of rates"
    );
    let template = sheet(&wd.path("month/西部.xlsx"), "実績");
    assert!((0..template.rows()).any(|r| template.formula(r, 3).contains("/N(")));

    // 収入 − 支出 ≠ 収支差額 at 西部: the relation, at each of its cells (収入, 支出, 収支差額).
    let mut planted = moved.clone();
    let seibu = planted
        .iter_mut()
        .find(|x| profile.centers[x.center].short == "西部")
        .expect("西部");
    seibu.values[id("shushi_sagaku")] = Some(-4_000.0);
    write_period(&wd.path("planted"), &profile, nov, &planted);
    let (doc, code) = wd.check_json(&["--form", s(&form), "planted"]);
    assert_eq!(code, 1);
    let rel = with(&doc, "error", Some("relation"));
    assert_eq!(rel.len(), 3, "{rel:#?}");
    let mut at: Vec<&str> = rel.iter().filter_map(|f| f["cell"].as_str()).collect();
    at.dedup();
    assert_eq!(at.len(), 3, "three cells: {at:?}");
    let msg = rel[0]["message"].as_str().unwrap_or("");
    assert!(
        msg.contains("収入総額 − 支出総額") && msg.contains("-5,000"),
        "{msg}"
    );
}

#[test]
fn last_month_read_back_from_its_workbook_survives_a_renamed_category() {
    let wd = Workdir::new("form-rename-history");
    // October, compiled with the city's form as it was.
    let october = fixture("kushiro/history/2025-10.csv");
    wd.expect(
        0,
        // (the synthetic October's breakdowns do not all add up: forced)
        &[
            "compile",
            "--force",
            "--period",
            "2025-10",
            "--out",
            "oct.xlsx",
            s(&october),
        ],
    );
    let profile = hokatsu::profile::Profile::kushiro().expect("profile");
    let ctx = hokatsu::template::read_context(&profile, Default::default());
    let kei = profile.form.item("kaigi_kei").expect("item");
    let expected: f64 = hokatsu::read::read_file(&october, &ctx)
        .submissions
        .iter()
        .map(|sub| hokatsu::model::value(&profile.form, sub, kei))
        .sum();
    assert!(expected > 0.0);
    // November, after the city renamed the total of 地域ケア会議 in its profile.
    let text = std::fs::read_to_string(root().join("examples/kushiro-r7.toml")).expect("p");
    wd.write(
        "renamed.toml",
        text + "\n[[form.rename]]\ntable = \"kaigi\"\nid = \"kobetsu\"\nlabel = \"地域ケア個別会議\"\n",
    );
    wd.expect(
        0,
        &[
            "compile",
            "--profile",
            "renamed.toml",
            "--previous",
            "oct.xlsx",
            "--out",
            "nov.xlsx",
            s(&fixture("kushiro/2025-11-clean")),
        ],
    );
    let trends = sheet(&wd.path("nov.xlsx"), "推移");
    // 開催回数 sums 推進会議 and the renamed 個別会議: last month's is whole only if the renamed
    // category was found by its id, not its old label.
    let row = (0..trends.rows())
        .find(|&r| trends.text(r, 0) == "地域ケア会議開催状況 開催回数")
        .expect("the headline");
    assert_eq!(
        trends.number(row, 1),
        Some(expected),
        "last month's value, found by its id"
    );
}

/// `{月分}` in a title names the period a flow form reports: 令和7年11月分 for a month,
/// 令和7年度第2四半期分 for a quarter, in the template and the report alike.
#[test]
fn the_period_placeholder_names_the_months_or_quarters_report() {
    let wd = Workdir::new("form-getsubun");
    let definition = wd.expect(0, &["form", "--definition"]);
    let titled = definition.replacen(
        "title = \"{年度}地域包括支援センター業務実績({現在})\"",
        "title = \"活動実績報告書({月分})\"",
        1,
    );
    assert_ne!(titled, definition);
    let quarterly = titled.replacen(
        "version = \"2025.1\"",
        "version = \"2025.1\"\nperiod = \"quarter\"",
        1,
    );
    for (name, text, period, says) in [
        (
            "month.toml",
            &titled,
            "2025-11",
            "活動実績報告書(令和7年11月分)",
        ),
        (
            "quarter.toml",
            &quarterly,
            "2025-Q2",
            "活動実績報告書(令和7年度第2四半期分)",
        ),
    ] {
        let form = wd.write(name, text);
        let out = format!("t-{name}");
        wd.expect(
            0,
            &[
                "template",
                "--form",
                s(&form),
                "--out",
                &out,
                "--period",
                period,
                "--center",
                "西部",
            ],
        );
        let tpl = sheet(&wd.path(&format!("{out}/西部.xlsx")), "実績");
        assert_eq!(tpl.text(0, 0), says, "{name}");
        let profile = hokatsu::profile::Profile::kushiro_with(Some(&form)).expect("profile");
        let (_, subs) = clean_submissions();
        let p = hokatsu::era::Period::parse_as(period, profile.form.cadence).expect("period");
        let dir = wd.path(&format!("subs-{name}"));
        write_period(&dir, &profile, p, &subs);
        let report = wd.path(&format!("{name}.xlsx"));
        wd.expect(
            0,
            &["compile", "--form", s(&form), "--out", s(&report), s(&dir)],
        );
        assert!(
            sheet(&report, "事業実績").text(0, 0).contains(says),
            "{name}"
        );
    }
}

/// `*` in a relation's ids: one relation per id part every side has (each column of two tables
/// of the same columns), each failing one found at its cells on both sides; a `*` nothing fits
/// is refused at its line.
#[test]
fn a_star_relation_holds_column_by_column() {
    let wd = Workdir::new("form-star");
    let definition = wd.expect(0, &["form", "--definition"]);
    // 介護予防ケアマネジメント's plans at most 介護予防支援's, column by column (a warning).
    let starred = format!(
        "{definition}\n[[relation]]\nleft = [\"ycm_plan_*\"]\nkind = \"at_most\"\nright = \"ys_plan_*\"\nseverity = \"warning\"\n"
    );
    let form = wd.write("star.toml", &starred);
    let (profile, subs) = clean_submissions();
    let value = |short: &str, id: &str| {
        let sub = subs
            .iter()
            .find(|x| profile.centers[x.center].short == short)
            .expect(short);
        hokatsu::model::value(&profile.form, sub, profile.form.item(id).expect(id))
    };
    let dict = wd.expect(0, &["form", "--form", s(&form)]);
    let cell = |id: &str| {
        dict.lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .and_then(|l| l.split(',').nth(2))
            .expect(id)
            .to_string()
    };
    let (doc, _) = wd.check_json(&["--form", s(&form), s(&fixture("kushiro/2025-11-clean"))]);
    let found = with(&doc, "warning", Some("relation"));
    // Expected: for each center and column where ycm > ys, one finding at each of the 2 cells.
    let mut expected = Vec::new();
    for c in &profile.centers {
        for col in ["kei", "hokatsu", "itaku", "jigyosho"] {
            let (l, r) = (format!("ycm_plan_{col}"), format!("ys_plan_{col}"));
            if value(&c.short, &l) > value(&c.short, &r) {
                expected.push((c.short.clone(), cell(&l)));
                expected.push((c.short.clone(), cell(&r)));
            }
        }
    }
    assert!(
        !expected.is_empty(),
        "the clean month has columns where it fails"
    );
    let mut got: Vec<(String, String)> = found
        .iter()
        .map(|f| {
            (
                f["center"].as_str().unwrap_or("").to_string(),
                f["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);

    // A `*` that nothing fits: refused at its line.
    let none =
        format!("{definition}\n[[relation]]\nleft = [\"nothing_*\"]\nright = \"ys_plan_*\"\n");
    wd.write("none.toml", &none);
    let out = wd.run(&["form", "--form", "none.toml"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    let line = none
        .lines()
        .position(|l| l.starts_with("left = [\"nothing_*\"]"))
        .expect("line")
        + 1;
    assert!(
        err.contains(&format!("の{line}行目")) && err.contains("nothing_*"),
        "{err}"
    );
}
