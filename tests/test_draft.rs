//! `hokatsu form --from 様式.xlsx`: a definition drafted from a city's existing workbook. The
//! workbooks are made as cities make them (tests/forms/existing/make.py: openpyxl, and
//! LibreOffice for the .ods), never by hokatsu's writer. Each draft is read back as a form
//! (`form --form draft.toml --format json`, `template --form draft.toml`) and checked table by
//! table against the literals below: labels, totals, 再掲, kinds, list capacity, and 推定
//! comments on exactly the guessed lines.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn existing(name: &str) -> PathBuf {
    root().join("tests/forms/existing").join(name)
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A city of two centers for reading a drafted form back (the embedded Kushiro profile names
/// Kushiro's items).
const PROFILE: &str = r#"city = "試験市"
fiscal_year = 2026
population_as_of = "R8.9末"

[[center]]
id = "higashi"
name = "東地域包括支援センター"
short = "東"
area = "東区"
population = 8000

[[center]]
id = "nishi"
name = "西地域包括支援センター"
short = "西"
area = "西区"
population = 7000
"#;

struct Drafted {
    text: String,
    doc: toml::Value,
    stderr: String,
    /// `form --form draft.toml --format json`: (item, row, column, kind).
    dictionary: Vec<(String, String, String, String)>,
}

fn draft(wd: &Workdir, file: &str, extra: &[&str]) -> Drafted {
    let path = existing(file);
    let mut args = vec!["form", "--from", s(&path)];
    args.extend_from_slice(extra);
    let out = wd.run(&args);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{file}: {stderr}");
    let doc: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}\n{text}"));
    wd.write("draft.toml", &text);
    wd.write("profile.toml", PROFILE);
    let json = wd.expect(
        0,
        &[
            "form",
            "--profile",
            "profile.toml",
            "--form",
            "draft.toml",
            "--format",
            "json",
        ],
    );
    let entries: Vec<serde_json::Value> = serde_json::from_str(&json).expect("dictionary JSON");
    let field = |e: &serde_json::Value, k: &str| e[k].as_str().unwrap_or_default().to_string();
    let dictionary = entries
        .iter()
        .map(|e| {
            (
                field(e, "item"),
                field(e, "row"),
                field(e, "column"),
                field(e, "kind"),
            )
        })
        .collect();
    // The templates of the drafted form are made as for any form.
    wd.expect(
        0,
        &[
            "template",
            "--profile",
            "profile.toml",
            "--form",
            "draft.toml",
            "--out",
            "templates",
            "--period",
            "2026-11",
        ],
    );
    assert!(wd.path("templates/東.xlsx").is_file(), "{file}: a template");
    Drafted {
        text,
        doc,
        stderr,
        dictionary,
    }
}

impl Drafted {
    fn table(&self, id: &str) -> &toml::Value {
        let parts = self.doc["part"].as_array().expect("parts");
        parts
            .iter()
            .flat_map(|p| p["section"].as_array().expect("sections"))
            .flat_map(|s| s["table"].as_array().expect("tables"))
            .find(|t| t["id"].as_str() == Some(id))
            .unwrap_or_else(|| panic!("no table {id} in\n{}", self.text))
    }

    /// `[workbook]`'s center or period: (sheet, cell, beside).
    fn cell(&self, key: &str) -> (&str, &str, Option<&str>) {
        let c = &self.doc["workbook"][key];
        let text = |k: &str| c.get(k).and_then(|v| v.as_str());
        (
            text("sheet").unwrap_or_default(),
            text("cell").unwrap_or_default(),
            text("beside"),
        )
    }

    /// A table's `workbook`: (sheet, corner, body, totals).
    fn place(&self, id: &str) -> (String, String, String, Option<String>) {
        let w = &self.table(id)["workbook"];
        let text = |k: &str| w.get(k).and_then(|v| v.as_str()).map(str::to_string);
        (
            text("sheet").unwrap_or_default(),
            text("corner").unwrap_or_default(),
            text("body").unwrap_or_default(),
            text("totals"),
        )
    }

    fn table_ids(&self) -> Vec<String> {
        let parts = self.doc["part"].as_array().expect("parts");
        parts
            .iter()
            .flat_map(|p| p["section"].as_array().expect("sections"))
            .flat_map(|s| s["table"].as_array().expect("tables"))
            .map(|t| t["id"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// The (table, line) ids of the lines carrying a 推定 comment (the title's is asserted
    /// apart).
    fn guessed(&self) -> BTreeSet<(String, String)> {
        let mut table = String::new();
        let mut out = BTreeSet::new();
        for line in self.text.lines() {
            if let Some(id) = line.strip_prefix("id = \"") {
                table = id.trim_end_matches('"').to_string();
            }
            if line.contains("# 推定:") && !line.starts_with("title = ") {
                let id = line
                    .split("id = \"")
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .unwrap_or_else(|| panic!("a 推定 comment off a line: {line}"));
                out.insert((table.clone(), id.to_string()));
            }
        }
        out
    }

    fn dictionary_items(&self) -> Vec<(&str, &str, &str, &str)> {
        (self.dictionary.iter())
            .map(|(a, b, c, d)| (a.as_str(), b.as_str(), c.as_str(), d.as_str()))
            .collect()
    }
}

/// A line of an axis as the test states it: id, label levels, sum, of, kind.
type Line<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a str, &'a str);
/// The same line as read from the draft.
type Owned = (String, Vec<String>, Vec<String>, String, String);

fn assert_axis(t: &toml::Value, key: &str, expected: &[Line]) {
    let lines = t[key].as_array().unwrap_or_else(|| panic!("{key} of {t}"));
    let got: Vec<Owned> = lines
        .iter()
        .map(|l| {
            let strings = |v: Option<&toml::Value>| -> Vec<String> {
                match v {
                    Some(toml::Value::String(s)) => vec![s.clone()],
                    Some(toml::Value::Array(a)) => a
                        .iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect(),
                    _ => vec![],
                }
            };
            let one = |k: &str| l.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
            (
                one("id"),
                strings(l.get("label")),
                strings(l.get("sum")),
                one("of"),
                one("kind"),
            )
        })
        .collect();
    let want: Vec<Owned> = expected
        .iter()
        .map(|(id, label, sum, of, kind)| {
            (
                id.to_string(),
                label.iter().map(|x| x.to_string()).collect(),
                sum.iter().map(|x| x.to_string()).collect(),
                of.to_string(),
                kind.to_string(),
            )
        })
        .collect();
    assert_eq!(got, want, "{key} of table {}", t["id"]);
}

fn key<'a>(t: &'a toml::Value, k: &str) -> &'a str {
    t.get(k).and_then(|v| v.as_str()).unwrap_or("")
}

const NONE: &[&str] = &[];

#[test]
fn a_000_style_report_drafts_row_and_stacked_tables_with_their_totals() {
    let wd = Workdir::new("draft-gyomu");
    let d = draft(&wd, "gyomu.xlsx", &[]);
    assert_eq!(d.table_ids(), ["t01", "t02", "t03", "t04"]);
    assert_eq!(
        d.doc["title"].as_str(),
        Some("{月分}　地域包括支援センター業務実績報告書")
    );
    // The blank period of the title is the report's period, said as a guess.
    assert!(
        d.text
            .lines()
            .any(|l| l.starts_with("title = ") && l.contains("# 推定: 表題の「令和　年　月分」")),
        "{}",
        d.text
    );
    // Where the center and the period are, and each table, in the city's workbook.
    assert_eq!(
        d.cell("center"),
        ("業務実績報告書", "B3", Some("センター名"))
    );
    assert_eq!(d.cell("period"), ("業務実績報告書", "A1", None));
    assert_eq!(
        d.place("t04"),
        ("業務実績報告書".into(), "A28".into(), "B30".into(), None)
    );

    let t = d.table("t01");
    assert_eq!(
        (
            key(t, "number"),
            key(t, "label"),
            key(t, "layout"),
            key(t, "corner"),
            key(t, "row")
        ),
        ("①", "相談件数", "row", "区分", "件数")
    );
    assert_axis(
        t,
        "columns",
        &[
            ("cb", &["新規"], NONE, "", ""),
            ("cc", &["継続"], NONE, "", ""),
            ("cd", &["計"], &["cb", "cc"], "", ""),
        ],
    );
    let t = d.table("t02");
    assert_eq!(
        (key(t, "label"), key(t, "layout"), key(t, "corner")),
        ("相談内容(重複あり)", "stacked", "相談内容")
    );
    assert_axis(
        t,
        "rows",
        &[
            ("r12", &["介護保険制度・サービス等"], NONE, "", ""),
            ("r13", &["苦情など"], NONE, "", ""),
            ("r14", &["権利擁護・成年後見等"], NONE, "", ""),
            ("r15", &["高齢者虐待関係"], NONE, "", ""),
            ("r16", &["認知症"], NONE, "", ""),
            ("r17", &["その他"], NONE, "", ""),
            (
                "r18",
                &["計"],
                &["r12", "r13", "r14", "r15", "r16", "r17"],
                "",
                "",
            ),
        ],
    );
    assert_axis(t, "columns", &[("cb", &["件数"], NONE, "", "")]);
    let t = d.table("t03");
    assert_eq!(key(t, "layout"), "row");
    assert_axis(
        t,
        "columns",
        &[
            ("cb", &["新規"], NONE, "", ""),
            ("cc", &["継続"], NONE, "", ""),
            ("cd", &["計"], &["cb", "cc"], "", ""),
        ],
    );
    let t = d.table("t04");
    assert_eq!(
        (key(t, "label"), key(t, "layout")),
        ("ケアプラン作成件数", "row")
    );
    assert_axis(
        t,
        "columns",
        &[
            ("cb", &["介護予防支援", "包括作成"], NONE, "", ""),
            ("cc", &["介護予防支援", "委託作成"], NONE, "", ""),
            ("cd", &["介護予防支援", "計"], &["cb", "cc"], "", ""),
            (
                "ce",
                &["介護予防ケアマネジメント", "包括作成"],
                NONE,
                "",
                "",
            ),
            (
                "cf",
                &["介護予防ケアマネジメント", "委託作成"],
                NONE,
                "",
                "",
            ),
            (
                "cg",
                &["介護予防ケアマネジメント", "計"],
                &["ce", "cf"],
                "",
                "",
            ),
            ("ch", &["合計"], &["cd", "cg"], "", ""),
        ],
    );
    // The SUM and + formulas are evidence; the typed 計 are guesses.
    let guessed: BTreeSet<(String, String)> = [("t02", "r18"), ("t03", "cd"), ("t04", "cg")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(d.guessed(), guessed, "{}", d.text);
    assert!(d.text.contains("# D8 の式 =SUM(B8:C8)"), "{}", d.text);
    assert!(d.text.contains("# D30 の式 =B30+C30"), "{}", d.text);

    // The dictionary names every input and total cell, with its labels and kind, and no more.
    let dict = d.dictionary_items();
    let want: Vec<(&str, &str, &str, &str)> = vec![
        ("t01_cb", "件数", "新規", "count"),
        ("t01_cc", "件数", "継続", "count"),
        ("t01_cd", "件数", "計", "total"),
        ("t02_r12", "介護保険制度・サービス等", "件数", "count"),
        ("t02_r13", "苦情など", "件数", "count"),
        ("t02_r14", "権利擁護・成年後見等", "件数", "count"),
        ("t02_r15", "高齢者虐待関係", "件数", "count"),
        ("t02_r16", "認知症", "件数", "count"),
        ("t02_r17", "その他", "件数", "count"),
        ("t02_r18", "計", "件数", "total"),
        ("t03_cb", "件数", "新規", "count"),
        ("t03_cc", "件数", "継続", "count"),
        ("t03_cd", "件数", "計", "total"),
        ("t04_cb", "件数", "介護予防支援 包括作成", "count"),
        ("t04_cc", "件数", "介護予防支援 委託作成", "count"),
        ("t04_cd", "件数", "介護予防支援 計", "total"),
        (
            "t04_ce",
            "件数",
            "介護予防ケアマネジメント 包括作成",
            "count",
        ),
        (
            "t04_cf",
            "件数",
            "介護予防ケアマネジメント 委託作成",
            "count",
        ),
        ("t04_cg", "件数", "介護予防ケアマネジメント 計", "total"),
        ("t04_ch", "件数", "合計", "total"),
    ];
    assert_eq!(dict, want);
    assert_eq!(d.stderr, "", "a blank form leaves nothing unplaced");
}

#[test]
fn a_filled_form_drafts_the_same_tables_and_lists_the_cells_it_could_not_read() {
    let blank = draft(&Workdir::new("draft-gyomu-blank"), "gyomu.xlsx", &[]);
    let filled = draft(&Workdir::new("draft-kinyu"), "kinyu.xlsx", &[]);
    for id in ["t01", "t02", "t03", "t04"] {
        assert_eq!(filled.table(id), blank.table(id), "table {id}");
    }
    // The center's cell is beside its label, though a center's name is written in it.
    assert_eq!(filled.cell("center"), blank.cell("center"));
    assert_eq!(filled.cell("period"), blank.cell("period"));
    let lines: Vec<&str> = filled.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", filled.stderr);
    assert!(
        lines[1].contains("C8") && lines[1].contains("「３件」は数ではありません"),
        "{}",
        filled.stderr
    );
    assert!(
        lines[2].contains("F30") && lines[2].contains("=B30*2"),
        "{}",
        filled.stderr
    );
}

/// The 呉市-style 活動実績報告書, as openpyxl made it and as LibreOffice saved it (.ods).
fn assert_katsudo(d: &Drafted) {
    assert_eq!(d.table_ids(), ["t01", "t02", "t03"]);
    assert_eq!(d.cell("center"), ("活動実績", "B2", Some("センター地域名")));
    assert_eq!(d.cell("period"), ("活動実績", "A1", None));
    assert_eq!(
        d.place("t02"),
        ("活動実績".into(), "A13".into(), "C15".into(), None)
    );
    // A list's place gives its 計 row too.
    assert_eq!(
        d.place("t03"),
        (
            "活動実績".into(),
            "A24".into(),
            "B25".into(),
            Some("A35".into())
        )
    );
    let t = d.table("t01");
    assert_eq!(
        (
            key(t, "number"),
            key(t, "label"),
            key(t, "layout"),
            key(t, "corner")
        ),
        ("1", "相談方法別・相談者別", "grid", "相談方法")
    );
    assert_axis(
        t,
        "rows",
        &[
            ("r7", &["電話"], NONE, "", ""),
            ("r8", &["来所"], NONE, "", ""),
            ("r9", &["訪問"], NONE, "", ""),
            ("r10", &["合計"], &["r7", "r8", "r9"], "", ""),
        ],
    );
    assert_axis(
        t,
        "columns",
        &[
            ("cb", &["件数"], &["cc", "cd", "ce", "cf"], "", ""),
            ("cc", &["相談者", "本人"], NONE, "", ""),
            ("cd", &["相談者", "家族"], NONE, "", ""),
            ("ce", &["相談者", "関係機関"], NONE, "", ""),
            ("cf", &["相談者", "その他"], NONE, "", ""),
            ("cg", &["夜間休日(再掲)"], NONE, "cb", ""),
        ],
    );
    let t = d.table("t02");
    assert_eq!((key(t, "layout"), key(t, "corner")), ("grid", "業務区分"));
    assert_axis(
        t,
        "rows",
        &[
            ("r15", &["総合相談支援業務", "介護保険"], NONE, "", ""),
            ("r16", &["総合相談支援業務", "医療"], NONE, "", ""),
            ("r17", &["総合相談支援業務", "計"], &["r15", "r16"], "", ""),
            ("r18", &["権利擁護業務", "高齢者虐待"], NONE, "", ""),
            ("r19", &["権利擁護業務", "成年後見"], NONE, "", ""),
            ("r20", &["権利擁護業務", "計"], &["r18", "r19"], "", ""),
            ("r21", &["合計"], &["r17", "r20"], "", ""),
        ],
    );
    assert_axis(
        t,
        "columns",
        &[
            ("cc", &["件数"], &["cd", "ce", "cf", "cg"], "", ""),
            ("cd", &["相談者", "本人"], NONE, "", ""),
            ("ce", &["相談者", "家族"], NONE, "", ""),
            ("cf", &["相談者", "関係機関"], NONE, "", ""),
            ("cg", &["相談者", "その他"], NONE, "", ""),
            ("ch", &["再掲", "認知症"], NONE, "cc", ""),
            ("ci", &["再掲", "独居高齢者"], NONE, "cc", ""),
        ],
    );
    let t = d.table("t03");
    assert_eq!(
        (key(t, "label"), key(t, "layout"), key(t, "corner")),
        ("地域ケア会議の開催状況", "list", "No.")
    );
    assert_eq!(t["capacity"].as_integer(), Some(10));
    assert_axis(
        t,
        "columns",
        &[
            ("cb", &["年月日"], NONE, "", "date"),
            ("cc", &["会議内容"], NONE, "", "text"),
            ("cd", &["出席者数"], NONE, "", ""),
        ],
    );
    let guessed: BTreeSet<(String, String)> = [
        ("t01", "cg"),
        ("t02", "r17"),
        ("t02", "r20"),
        ("t02", "r21"),
        ("t02", "ch"),
        ("t02", "ci"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(d.guessed(), guessed, "{}", d.text);
    let dict = d.dictionary_items();
    // 4 × 6 and 7 × 7 grid cells, then the list's 10 × 3 cells and the total of its one count
    // column (its number of rows is computed, not typed).
    assert_eq!(dict.len(), 24 + 49 + 30 + 1, "{dict:?}");
    for want in [
        ("t01_r10_cb", "合計", "件数", "total"),
        ("t01_r7_cg", "電話", "夜間休日(再掲)", "count"),
        ("t02_r17_cd", "総合相談支援業務 計", "相談者 本人", "total"),
        (
            "t02_r15_ch",
            "総合相談支援業務 介護保険",
            "再掲 認知症",
            "count",
        ),
        ("t03_01_cb", "1", "年月日", "date"),
        ("t03_10_cc", "10", "会議内容", "text"),
        ("t03_10_cd", "10", "出席者数", "count"),
        ("t03_kei_cd", "計", "出席者数", "total"),
    ] {
        assert!(dict.contains(&want), "{want:?} in {dict:?}");
    }
    assert_eq!(d.stderr, "");
}

#[test]
fn a_kure_style_report_drafts_grids_with_groups_reikei_and_a_meeting_list() {
    let wd = Workdir::new("draft-katsudo");
    assert_katsudo(&draft(&wd, "katsudo.xlsx", &[]));
}

#[test]
fn the_same_report_saved_by_libreoffice_as_ods_drafts_the_same() {
    let wd = Workdir::new("draft-katsudo-ods");
    assert_katsudo(&draft(&wd, "katsudo.ods", &[]));
}

fn months() -> Vec<String> {
    [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
        .iter()
        .map(|m| format!("m{m:02}"))
        .collect()
}

#[test]
fn a_year_sheet_of_months_across_is_a_grid_whose_total_is_the_months_sum() {
    for file in ["nenkan.ods", "nenkan.xlsx"] {
        let d = draft(&Workdir::new("draft-nenkan"), file, &[]);
        assert_eq!(d.table_ids(), ["t01", "t02"], "{file}");
        let months = months();
        let month_ids: Vec<&str> = months.iter().map(String::as_str).collect();
        let labels = [
            "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月",
        ];
        let mut columns: Vec<Line> = month_ids
            .iter()
            .zip(&labels)
            .map(|(id, l)| (*id, std::slice::from_ref(l), NONE, "", ""))
            .collect();
        columns.push(("cn", &["合計"], &month_ids, "", ""));
        let t = d.table("t01");
        assert_eq!((key(t, "layout"), key(t, "corner")), ("grid", "区分"));
        assert_axis(
            t,
            "rows",
            &[
                ("r4", &["総合相談件数"], NONE, "", ""),
                ("r5", &["訪問件数"], NONE, "", ""),
                ("r6", &["介護予防ケアプラン"], NONE, "", ""),
            ],
        );
        assert_axis(t, "columns", &columns);
        let t = d.table("t02");
        assert_eq!(
            (key(t, "label"), key(t, "layout")),
            ("地域ケア会議の開催回数", "grid")
        );
        assert_axis(
            t,
            "rows",
            &[
                ("r11", &["推進会議"], NONE, "", ""),
                ("r12", &["個別会議"], NONE, "", ""),
                ("r13", &["計"], &["r11", "r12"], "", ""),
            ],
        );
        assert_axis(t, "columns", &columns);
        let guessed: BTreeSet<(String, String)> = [("t02", "r13"), ("t02", "cn")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(d.guessed(), guessed, "{file}\n{}", d.text);
        assert!(
            d.text
                .contains("推定: 合計 の列を、4月〜3月の12か月の合計としました")
        );
        assert!(
            d.text.contains("# N4 の式 =SUM(B4:M4)"),
            "{file}\n{}",
            d.text
        );
        let dict = d.dictionary_items();
        assert_eq!(dict.len(), 3 * 13 + 3 * 13, "{file}");
        assert!(dict.contains(&("t01_r4_m04", "総合相談件数", "4月", "count")));
        assert!(dict.contains(&("t02_r13_cn", "計", "合計", "total")));
        assert_eq!(d.stderr, "", "{file}");
    }
}

#[test]
fn sheets_are_chosen_with_sheet_and_the_draft_speaks_english_with_lang_en() {
    let wd = Workdir::new("draft-sheet");
    let d = draft(&wd, "katsudo.xlsx", &["--sheet", "活動実績"]);
    assert_eq!(d.table_ids(), ["t01", "t02", "t03"]);
    let path = existing("nenkan.xlsx");
    let en = wd.expect(0, &["--lang", "en", "form", "--from", s(&path)]);
    assert!(
        en.contains("# guess: the row 計 is the sum of the 2 rows above"),
        "{en}"
    );
    assert!(!en.contains("推定"), "{en}");
}

/// A run that must stop: exit 2, nothing on stdout, a message naming the file.
fn refused(wd: &Workdir, args: &[&str], names: &[&str]) -> String {
    let out = wd.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    for name in names {
        assert!(stderr.contains(name), "{args:?}: '{name}' in {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn bad_workbooks_stop_with_a_message_naming_the_file() {
    let wd = Workdir::new("draft-bad");
    let notable = existing("notable.xlsx");
    let msg = refused(
        &wd,
        &["form", "--from", s(&notable)],
        &["notable.xlsx", "「表紙」"],
    );
    assert!(msg.contains("読める表がありません"), "{msg}");

    let gyomu = existing("gyomu.xlsx");
    let msg = refused(
        &wd,
        &["form", "--from", s(&gyomu), "--sheet", "様式2"],
        &["gyomu.xlsx", "「様式2」", "「業務実績報告書」"],
    );
    assert!(msg.contains("シート「様式2」はありません"), "{msg}");

    // An encrypted workbook: a compound file holding the encrypted package.
    let protected = wd.path("保護.xlsx");
    {
        let mut cfb = cfb::create(&protected).expect("cfb");
        for stream in ["/EncryptionInfo", "/EncryptedPackage"] {
            let mut s = cfb.create_stream(stream).expect("stream");
            std::io::Write::write_all(&mut s, &[0u8; 600]).expect("write");
        }
        cfb.flush().expect("flush");
    }
    let msg = refused(&wd, &["form", "--from", s(&protected)], &["保護.xlsx"]);
    assert!(msg.contains("パスワード"), "{msg}");

    let bytes = std::fs::read(&gyomu).expect("gyomu");
    let damaged = wd.write("壊れた.xlsx", &bytes[..bytes.len() / 2]);
    let msg = refused(&wd, &["form", "--from", s(&damaged)], &["壊れた.xlsx"]);
    assert!(msg.contains("壊れて"), "{msg}");

    let text = wd.write("様式.csv", "区分,新規\n件数,\n");
    refused(&wd, &["form", "--from", s(&text)], &["様式.csv"]);
    let msg = refused(&wd, &["form", "--from", "ない.xlsx"], &["ない.xlsx"]);
    assert!(msg.contains("ない.xlsx がありません。"), "{msg}");
    assert!(
        !msg.contains("os error"),
        "the system's English stays out: {msg}"
    );
    let folder = wd.path("様式");
    std::fs::create_dir_all(&folder).expect("folder");
    let msg = refused(&wd, &["form", "--from", s(&folder)], &["様式"]);
    assert!(msg.contains("ファイルではありません"), "{msg}");
    let msg = refused(&wd, &["form", "--from"], &["--from"]);
    assert!(msg.contains("の後に値がありません"), "{msg}");
}

#[test]
fn a_sheet_of_100000_rows_is_refused_in_seconds() {
    let wd = Workdir::new("draft-huge");
    let path = wd.path("大きい.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("実績").expect("name");
    sheet.write_string(0, 0, "区分").expect("cell");
    for r in 1..100_000u32 {
        sheet.write_number(r, 1, f64::from(r)).expect("cell");
    }
    book.save(&path).expect("save");
    let msg = refused(
        &wd,
        &["form", "--from", s(&path)],
        &["大きい.xlsx", "「実績」", "100000 行"],
    );
    assert!(msg.contains("B100000"), "the last cell: {msg}");
}

#[test]
fn every_damaged_or_hostile_workbook_of_the_fixtures_stops_cleanly() {
    // Zip bombs, billion laughs, fuzzed .xls (cyclic sector chains, far-away cells, underflowing
    // dimensions), encrypted, truncated and renamed files: each a message naming it, or a draft.
    let wd = Workdir::new("draft-hostile");
    let dir = fixture("bad");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures/bad") {
        let path = entry.expect("entry").path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["xlsx", "xlsm", "xls", "ods"].contains(&ext) {
            continue;
        }
        seen += 1;
        let out = wd.run(&["form", "--from", s(&path)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(
            !stderr.contains("内部エラー") && !stderr.contains("panicked"),
            "{name}: {stderr}"
        );
        match out.status.code() {
            Some(2) => {
                assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
                assert!(stderr.contains(name), "{name} named in {stderr}");
            }
            Some(0) => {}
            other => panic!("{name}: exit {other:?}: {stderr}"),
        }
    }
    assert!(seen >= 10, "the hostile fixtures are there ({seen})");
}

#[test]
fn a_table_past_the_forms_bounds_keeps_its_first_300_rows_and_says_so() {
    let wd = Workdir::new("draft-bounds");
    let path = wd.path("長い表.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "区分").expect("cell");
    sheet.write_string(0, 1, "件".repeat(250)).expect("cell");
    for r in 1..360u32 {
        sheet.write_string(r, 0, format!("区分{r}")).expect("cell");
    }
    book.save(&path).expect("save");
    let out = wd.run(&["form", "--from", s(&path)]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(text.matches("{ id = \"r").count(), 300, "{text}");
    assert!(
        stderr.contains("A302:A360") && stderr.contains("300 まで"),
        "{stderr}"
    );
    assert!(
        text.contains(&format!("label = \"{}\"", "件".repeat(200))),
        "a label cut to 200"
    );
}
