//! A form file is input too (issue 22): a form that would recurse without end, allocate without
//! bound or hand the workbook writer what it refuses is stopped before anything is written,
//! with exit 2, a Japanese message, the form's file and the line; and a form at every
//! documented limit (docs/form.md, 上限) still makes its templates, checks and compiles.

mod common;

use common::*;

/// The embedded form, as a city would start from it.
fn base(wd: &Workdir) -> String {
    wd.expect(0, &["form", "--definition"])
}

/// The line of `at` inside the text `to` put in place of the first `from`.
fn line_in(text: &str, from: &str, to: &str, at: &str) -> usize {
    let start = text.find(from).expect("from") + to.find(at).expect("at in to");
    text.replacen(from, to, 1)[..start].matches('\n').count() + 1
}

/// Where the second part starts: a place to put a table or a relation before.
const PART_II: &str = "[[part]]\nnumber = \"II\"";

/// A table `sogo` whose row `kensu_shinki` makes the item id `sogo_kensu_shinki`, which the
/// table `sogo_kensu` and its row `shinki` made already.
const MADE_TWICE: &str = "[[part.section.table]]
id = \"sogo\"
layout = \"stacked\"
columns = [{ id = \"kensu\", label = \"件数\" }]
rows = [
  { id = \"kensu_shinki\", label = [\"新規\"] },
  { id = \"b\", label = [\"b\"] },
]

";

#[test]
fn forms_that_would_crash_or_hang_are_refused_at_their_line() {
    let wd = Workdir::new("form-faults");
    let text = base(&wd);
    let kei = r#"{ id = "kei", label = ["{期末}計"], sum = "*" },"#;
    let shinki = r#"{ id = "shinki", label = ["新規"] },"#;
    let many_columns: String = (0..17_000)
        .map(|i| format!("{{ id = \"c{i}\", label = \"列{i}\" }}, "))
        .collect();
    // (what, replace, with, the text on the line the message must name)
    let cases: Vec<(&str, &str, String, String)> = vec![
        (
            "a total summing itself",
            kei,
            r#"{ id = "kei", label = ["{期末}計"], sum = ["kei"] },"#.into(),
            r#"sum = ["kei"]"#.into(),
        ),
        (
            "two totals summing each other",
            r#"{ id = "kei", label = "{期末}計", sum = "*" },"#,
            "{ id = \"kei\", label = \"{期末}計\", sum = [\"kei2\"] },\n  { id = \"kei2\", label = \"計2\", sum = [\"kei\"] },".into(),
            r#"sum = ["kei2"]"#.into(),
        ),
        (
            "a capacity of 2^63",
            "capacity = 60",
            "capacity = 9223372036854775807".into(),
            "capacity = 9223372036854775807".into(),
        ),
        (
            "a capacity of a million",
            "capacity = 60",
            "capacity = 1000000".into(),
            "capacity = 1000000".into(),
        ),
        (
            "17,000 columns",
            r#"columns = [{ id = "kensu", label = "件数" }]"#,
            format!("columns = [{many_columns}]"),
            "columns = [{ id = \"c0\"".into(),
        ),
        (
            "an id with a space",
            shinki,
            r#"{ id = "shin ki", label = ["新規"] },"#.into(),
            "shin ki".into(),
        ),
        (
            "an id with a star",
            shinki,
            r#"{ id = "shin*", label = ["新規"] },"#.into(),
            "shin*".into(),
        ),
        (
            "an id in capitals",
            shinki,
            r#"{ id = "Shinki", label = ["新規"] },"#.into(),
            "Shinki".into(),
        ),
        (
            "an id of 500 characters",
            shinki,
            format!(r#"{{ id = "{}", label = ["新規"] }},"#, "a".repeat(500)),
            "aaaaaaaaaa".into(),
        ),
        (
            "a label with a line break",
            shinki,
            r#"{ id = "shinki", label = ["新\n規"] },"#.into(),
            r#"新\n規"#.into(),
        ),
        (
            "a chart without series",
            r#"series = [{ items = ["sogo_kensu_shinki"] }, { items = ["sogo_kensu_keizoku"] }]"#,
            "series = []".into(),
            "series = []".into(),
        ),
        (
            "an item id made twice from two parts",
            PART_II,
            format!("{MADE_TWICE}{PART_II}"),
            "kensu_shinki".into(),
        ),
        (
            "a table id given twice",
            "id = \"konnan_kensu\"",
            "id = \"sogo_kensu\"".into(),
            "sogo_kensu".into(),
        ),
        (
            "a value left empty",
            shinki,
            r#"{ id = "", label = ["新規"] },"#.into(),
            r#"id = """#.into(),
        ),
        (
            "a relation to nan",
            PART_II,
            format!("[[relation]]\nleft = [\"sogo_kensu_kei\"]\nright = nan\n\n{PART_II}"),
            "right = nan".into(),
        ),
        (
            "a relation with an empty left",
            PART_II,
            format!("[[relation]]\nleft = []\nright = \"sogo_kensu_kei\"\n\n{PART_II}"),
            "left = []".into(),
        ),
        (
            "an of naming a row of another table",
            shinki,
            r#"{ id = "shinki", label = ["新規"], of = "gyakutai" },"#.into(),
            r#"of = "gyakutai""#.into(),
        ),
        (
            "two sum = * on one axis",
            kei,
            "{ id = \"kei\", label = [\"{期末}計\"], sum = \"*\" },\n  { id = \"kei2\", label = [\"計2\"], sum = \"*\" },".into(),
            r#"{ id = "kei2", label = ["計2"], sum = "*" }"#.into(),
        ),
        (
            "a stacked table of two totals",
            kei,
            "{ id = \"kei\", label = [\"{期末}計\"], sum = \"*\" },\n  { id = \"kei2\", label = [\"計2\"], sum = [\"shinki\"] },".into(),
            r#"{ id = "kei2", label = ["計2"], sum = ["shinki"] }"#.into(),
        ),
        (
            "rows on a row table",
            "layout = \"stacked\"\ncorner = \"区分\"\ncolumns = [{ id = \"kensu\", label = \"件数\" }]\nrows = [",
            "corner = \"区分\"\ncolumns = [{ id = \"kensu\", label = \"件数\" }]\nrows = [".into(),
            "rows = [".into(),
        ),
        (
            "a title of 40,000 characters",
            "title = \"{年度}",
            format!("title = \"{}", "長".repeat(40_000)),
            "title = ".into(),
        ),
    ];
    for (what, from, to, at) in &cases {
        assert!(text.contains(from), "{what}: the base form has {from}");
        let broken = text.replacen(from, to, 1);
        let path = wd.write(&format!("{}.toml", what.replace([' ', ','], "-")), &broken);
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        for command in [
            vec!["form", "--form", name],
            vec![
                "template", "--form", name, "--out", "t", "--period", "2025-11",
            ],
        ] {
            let out = wd.run(&command);
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            assert_eq!(out.status.code(), Some(2), "{what}: {err}");
            let line = line_in(&text, from, to, at);
            assert!(
                err.contains(&format!("様式 {name} の{line}行目")),
                "{what}: line {line} expected: {err}"
            );
            assert!(
                !err.contains("内部エラー") && !err.contains("error"),
                "{what}: {err}"
            );
        }
        assert!(!wd.path("t").exists(), "{what}: nothing written");
    }
}

/// A title of about 490 characters, one stacked table of 300 rows with a label of 200 characters, a row table of 100 columns,
/// a list of 15 columns and capacity 1,000, and small tables up to 200 in all: about 16,000 items: every
/// count of a center filled (tidy CSV from the dictionary) is checked and compiled.
#[test]
fn a_form_at_every_limit_compiles() {
    let wd = Workdir::new("form-limits");
    // A title of the longest string a form may hold: the page headers cut it to Excel's 255.
    let mut form = base(&wd).replacen(
        "title = \"{年度}",
        &format!("title = \"{}{{年度}}", "長".repeat(460)),
        1,
    );
    form.push_str("\n[[part]]\nnumber = \"L\"\nlabel = \"上限\"\n\n[[part.section]]\nnumber = \"(1)\"\nlabel = \"上限の表\"\n");
    let rows: String = (0..299)
        .map(|i| format!("  {{ id = \"r{i:03}\", label = [\"行{i}\"] }},\n"))
        .collect();
    form.push_str(&format!(
        "\n[[part.section.table]]\nid = \"lim_stacked\"\nlabel = \"{}\"\nlayout = \"stacked\"\ncorner = \"区分\"\ncolumns = [{{ id = \"kensu\", label = \"件数\" }}]\nrows = [\n{rows}  {{ id = \"kei\", label = [\"計\"], sum = \"*\" }},\n]\n",
        "長".repeat(200)
    ));
    let cols: String = (0..99)
        .map(|i| format!("  {{ id = \"c{i:03}\", label = \"列{i}\" }},\n"))
        .collect();
    form.push_str(&format!(
        "\n[[part.section.table]]\nid = \"lim_row\"\nlabel = \"列の上限\"\ncolumns = [\n{cols}  {{ id = \"kei\", label = \"計\", sum = \"*\" }},\n]\n"
    ));
    let list_cols: String = (0..15)
        .map(|i| format!("  {{ id = \"n{i:02}\", label = \"人数{i}\" }},\n"))
        .collect();
    form.push_str(&format!(
        "\n[[part.section.table]]\nid = \"lim_list\"\nlabel = \"一覧の上限\"\nlayout = \"list\"\namounts = \"flow\"\ncorner = \"No.\"\ncapacity = 1000\ncount = \"件数\"\ncolumns = [\n{list_cols}]\n"
    ));
    let tables_now = form.matches("[[part.section.table]]").count() + 1; // + staffing
    for k in 0..(200 - tables_now - 1) {
        form.push_str(&format!(
            "\n[[part.section.table]]\nid = \"t{k:03}\"\nlabel = \"表{k}\"\ncolumns = [{{ id = \"a\", label = \"A\" }}, {{ id = \"kei\", label = \"計\", sum = \"*\" }}]\n"
        ));
    }
    wd.write("limits.toml", &form);
    let dictionary = wd.expect(0, &["form", "--form", "limits.toml"]);
    let items = dictionary.lines().count() - 1;
    let written = wd.expect(
        0,
        &[
            "template",
            "--form",
            "limits.toml",
            "--out",
            "t",
            "--center",
            "阿寒",
            "--period",
            "2025-11",
        ],
    );
    assert!(written.contains("阿寒.xlsx"), "{written}");
    assert!(items > 15_000, "{items} items");

    // Every count of every center, 1, through the dictionary's labels.
    let profile = hokatsu::profile::Profile::kushiro().expect("profile");
    let mut csv = String::from("center,section,row,column,value\n");
    let mut r = ::csv::Reader::from_reader(dictionary.as_bytes());
    let entries: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    // One center is enough to carry every item through (the others are missing: --force).
    for c in profile.centers.iter().take(1) {
        for e in &entries {
            if &e[6] == "count" {
                csv.push_str(&format!("{},{},{},{},1\n", c.short, &e[3], &e[4], &e[5]));
            }
        }
    }
    wd.write("2025-11.csv", &csv);
    let out = wd.run(&["check", "--form", "limits.toml", "--quiet", "2025-11.csv"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 / 7 センター記入済み"), "{text}");
    let out = wd.run(&[
        "compile",
        "--force",
        "--form",
        "limits.toml",
        "--out",
        "r.xlsx",
        "2025-11.csv",
    ]);
    assert_eq!(out.status.code(), Some(0));
    // Nothing from the workbook writer (it warns in English about a header over 255).
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.trim().is_empty(), "{err}");
    let acts = sheet(&wd.path("r.xlsx"), "事業実績");
    let mut found = false;
    for row in 0..acts.rows() {
        for col in 0..8 {
            if acts.text(row, col).contains("列の上限") {
                found = true;
            }
        }
    }
    assert!(found, "the widest table is in the report");
}

/// A damaged byte (or a file saved as Shift_JIS) is said at its line, for a form and a profile.
#[test]
fn a_damaged_byte_is_refused_at_its_line() {
    let wd = Workdir::new("form-bytes");
    let text = base(&wd);
    let at = text.find("label = \"相談件数\"").expect("label");
    let mut bytes = text.as_bytes().to_vec();
    bytes.insert(at + 9, 0xFF);
    let line = text[..at].matches('\n').count() + 1;
    wd.write("damaged.toml", &bytes);
    let out = wd.run(&["form", "--form", "damaged.toml"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("様式 damaged.toml の{line}行目"))
            && err.contains("UTF-8 として読めない"),
        "{err}"
    );
    // A profile saved as Shift_JIS: its first Japanese line.
    let profile =
        std::fs::read_to_string(root().join("examples/kushiro-r7.toml")).expect("profile");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&profile);
    wd.write("sjis.toml", &sjis);
    let first = profile
        .lines()
        .position(|l| !l.is_ascii())
        .expect("a Japanese line")
        + 1;
    let out = wd.run(&["form", "--profile", "sjis.toml"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("プロファイル sjis.toml の{first}行目")),
        "{err}"
    );
}
