//! A table too wide for a landscape page (tests/forms/wide: 24 columns in four groups of
//! 相談方法; its templates filled by openpyxl through the dictionary) is written in pieces, one
//! or more whole column groups each, every piece under the centers' names and its own 計 rows,
//! so the report prints at full size: the numbers are each center's as submitted, a total
//! inside a piece is a formula over its row, a total whose parts are in other pieces (合計) is
//! the number itself, and each 計 is the sum of the centers above it.

mod common;

use common::*;
use hokatsu::template::Typed;

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const GROUPS: [&str; 3] = ["denwa", "homon", "raisho"];
const WHO: [&str; 5] = ["honnin", "kazoku", "kikan", "sonota", "yakan"];

/// A center's figure for a group's column.
fn figure(center: usize, group: usize, who: usize) -> f64 {
    let n = ((center * 5 + group * 3 + who * 2) % 9) as f64;
    // 夜間休日 is 再掲 of the group's 件数: at most its 本人.
    if WHO[who] == "yakan" {
        return figure(center, group, 0).min(1.0);
    }
    n
}

#[test]
fn a_wide_table_is_written_in_column_groups_with_its_numbers() {
    let wd = Workdir::new("wide");
    // The city's files in the workdir; its templates made by `template`, filled as a center's
    // own script would (openpyxl, through the data dictionary).
    for file in ["form.toml", "profile.toml"] {
        let text = std::fs::read(root().join("tests/forms/wide").join(file)).expect("the form");
        wd.write(&format!("city/{file}"), text);
    }
    let profile = hokatsu::profile::Profile::load(&wd.path("city/profile.toml")).expect("profile");
    wd.expect(
        0,
        &[
            "template",
            "--profile",
            "city/profile.toml",
            "--out",
            "templates",
            "--period",
            "2026-10",
        ],
    );
    let mut values = serde_json::json!({});
    for (ci, center) in profile.centers.iter().enumerate() {
        for (g, group) in GROUPS.iter().enumerate() {
            for (w, who) in WHO.iter().enumerate() {
                values[&center.short][format!("hoho_{group}_{who}")] =
                    serde_json::json!(figure(ci, g, w));
            }
        }
    }
    let subs = fill_from(&wd, "templates", &values, "subs");
    wd.expect(
        0,
        &[
            "compile",
            "--profile",
            "city/profile.toml",
            "--out",
            "r.xlsx",
            s(&subs),
        ],
    );
    let acts = sheet(&wd.path("r.xlsx"), "事業実績");
    // The pieces: each a header of whole groups (row 1: the group, row 2: its columns), the
    // centers, the ward subtotals and the 市計.
    let heads: Vec<u32> = (0..acts.rows())
        .filter(|&r| acts.text(r, 0) == "区分")
        .collect();
    assert!(heads.len() >= 2, "the table is in pieces: {heads:?}");
    let names = ["電話相談", "訪問", "来所", "合計"];
    let mut seen = Vec::new();
    for (k, &head) in heads.iter().enumerate() {
        let title = acts.text(head - 1, 0);
        assert_eq!(title.ends_with("(続き)"), k > 0, "{title}");
        let rows: Vec<u32> = profile
            .centers
            .iter()
            .map(|c| {
                acts.find(0, &c.short, head)
                    .unwrap_or_else(|| panic!("{} in piece {k}", c.short))
            })
            .collect();
        let total = acts.find(0, "市計", head).expect("市計");
        // Whole groups of six columns, at most as many as a landscape page holds.
        let starts: Vec<(u32, usize)> = (1..40u32)
            .filter_map(|c| Some((c, names.iter().position(|n| acts.text(head, c) == *n)?)))
            .collect();
        assert!(
            !starts.is_empty() && starts.len() * 6 <= 14,
            "piece {k}: {starts:?}"
        );
        for &(col0, g) in &starts {
            seen.push(g);
            assert_eq!(acts.text(head + 1, col0), "件数");
            assert_eq!(acts.text(head + 1, col0 + 5), "夜間休日(再掲)");
            for col in col0..col0 + 6 {
                let sum: f64 = rows.iter().filter_map(|&r| acts.number(r, col)).sum();
                assert_eq!(
                    acts.number(total, col),
                    Some(sum),
                    "{} column {col}",
                    names[g]
                );
                assert!(acts.formula(total, col).starts_with("SUBTOTAL("));
            }
            for (ci, &r) in rows.iter().enumerate() {
                let want = |w: usize| -> f64 {
                    if g < 3 {
                        figure(ci, g, w)
                    } else {
                        (0..3).map(|g| figure(ci, g, w)).sum()
                    }
                };
                for w in 0..5 {
                    assert_eq!(
                        acts.number(r, col0 + 1 + w as u32),
                        Some(want(w)),
                        "{}",
                        names[g]
                    );
                }
                let kensu: f64 = (0..4).map(want).sum();
                assert_eq!(acts.number(r, col0), Some(kensu), "{} 件数", names[g]);
                let f = acts.formula(r, col0);
                if g < 3 {
                    // Its parts beside it: a formula over the row.
                    assert!(f.starts_with("SUM("), "{}: {f}", names[g]);
                } else {
                    // Its parts in other pieces: the number.
                    assert_eq!(f, "", "{}", names[g]);
                }
            }
        }
    }
    assert_eq!(seen, [0, 1, 2, 3], "every group once, in order");
}

/// A grid too wide for the page beside its row labels (相談内容 × 16 columns) is written in
/// pieces of its column groups too, each with the city's block, the wards' and the centers':
/// the city's cells are still the sums of the centers'.
#[test]
fn a_wide_grid_is_written_in_pieces_of_blocks() {
    let wd = Workdir::new("wide-grid");
    let extra: String = (1..=9)
        .map(|k| format!("  {{ id = \"sai{k}\", label = [\"再掲(その他)\", \"区分{k}\"], of = \"kensu\" }},\n"))
        .collect();
    let form = std::fs::read_to_string(root().join("tests/forms/soudan/form.toml"))
        .expect("form")
        .replace(
            "  { id = \"dokkyo\", label = [\"再掲\", \"独居高齢者\"], of = \"kensu\" },\n",
            &format!("  {{ id = \"dokkyo\", label = [\"再掲\", \"独居高齢者\"], of = \"kensu\" }},\n{extra}"),
        );
    wd.write("city/form.toml", form);
    wd.write(
        "city/profile.toml",
        std::fs::read(root().join("tests/forms/soudan/profile.toml")).expect("profile"),
    );
    let profile = hokatsu::profile::Profile::load(&wd.path("city/profile.toml")).expect("profile");
    let form = &profile.form;
    assert_eq!(
        form.tables[form
            .item("naiyo_kei_kensu")
            .map(|i| form.items[i].table)
            .expect("naiyo")]
        .columns
        .len(),
        16
    );
    let period = hokatsu::era::Period::parse("2026-10").expect("month");
    for (ci, center) in profile.centers.iter().enumerate() {
        let subject = hokatsu::template::Subject {
            profile: &profile,
            center: Some(center),
            period: Some(period),
            lang: hokatsu::i18n::Lang::Ja,
        };
        let mut layout = hokatsu::template::layout(&subject);
        let values: Vec<(usize, Typed)> = form
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.id.starts_with("naiyo_") && it.kind == hokatsu::form::Kind::Count)
            .map(|(i, it)| {
                let n = if it.id.ends_with("_honnin") || it.id.ends_with("_kazoku") {
                    ((ci * 3 + i) % 7) as f64
                } else {
                    0.0
                };
                (i, Typed::Number(n))
            })
            .collect();
        hokatsu::template::fill(&mut layout, form, &values, &[]);
        let bytes = hokatsu::template::render(&subject, &layout).expect("render");
        wd.write(&format!("subs/{}.xlsx", center.short), bytes);
    }
    wd.expect(
        0,
        &[
            "compile",
            "--force",
            "--profile",
            "city/profile.toml",
            "--out",
            "r.xlsx",
            s(&wd.path("subs")),
        ],
    );
    let acts = sheet(&wd.path("r.xlsx"), "事業実績");
    // Each block: ■ name, two header rows, 17 rows.
    let blocks: Vec<(String, u32)> = (0..acts.rows())
        .filter(|&r| acts.text(r + 1, 0) == "相談内容")
        .filter_map(|r| Some((acts.text(r, 0).strip_prefix("■ ")?.to_string(), r + 3)))
        .collect();
    let cities: Vec<u32> = blocks
        .iter()
        .filter(|(n, _)| n == "市計")
        .map(|&(_, r)| r)
        .collect();
    assert!(cities.len() >= 2, "the grid in pieces: {blocks:?}");
    assert_eq!(
        blocks.len(),
        8 * cities.len(),
        "every piece has all 8 blocks"
    );
    let mut columns = 0;
    for (k, &city) in cities.iter().enumerate() {
        let mine: Vec<u32> = blocks
            .iter()
            .skip(k * 8)
            .take(8)
            .filter(|(n, _)| ["東1", "東2", "西1", "西2", "西3"].contains(&n.as_str()))
            .map(|&(_, r)| r)
            .collect();
        assert_eq!(mine.len(), 5);
        let width = (2..40u32)
            .take_while(|&c| {
                !acts.text(city - 1, c).is_empty() || !acts.text(city - 2, c).is_empty()
            })
            .count() as u32;
        assert!(width >= 1 && width + 2 <= 16, "piece {k}: {width} columns");
        columns += width;
        for dr in 0..17 {
            for c in 2..2 + width {
                let sum: f64 = mine.iter().filter_map(|&r| acts.number(r + dr, c)).sum();
                assert_eq!(
                    acts.number(city + dr, c),
                    Some(sum),
                    "piece {k} row {dr} col {c}"
                );
            }
        }
    }
    assert_eq!(columns, 16, "every column once");
}
