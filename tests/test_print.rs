//! Printed pages: the council workbooks (Kushiro forced, the Sapporo-sized city, the yearly
//! examples, a form of grids, a table too wide for a page) and templates (Kushiro's, the
//! yearly examples', the grid form's), converted to PDF by LibreOffice, have no words drawn
//! over words, none cut at the page edge and no text under 8 pt high (the checks of
//! `shared/tools/pdf-layout`, on `pdftotext -bbox`); no page opens on a center's row without
//! its header; a center's rows, a ward's subtotal, a grid's block, a chart and 記入方法 stay
//! whole on their pages.
//!
//! Needs LibreOffice and poppler (`apt-get install libreoffice-calc fonts-noto-cjk
//! poppler-utils`; `.ci/run` installs them). Without them the test fails: a print test that
//! skips proves nothing.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn need(tool: &str) {
    let found = Command::new(tool).arg("--version").output().is_ok();
    assert!(
        found,
        "{tool} is needed for the print test: apt-get install -y --no-install-recommends \
         libreoffice-calc fonts-noto-cjk poppler-utils"
    );
}

/// Convert workbooks to PDF with LibreOffice: two instances side by side, each in a profile
/// of its own (tests run in parallel, and one instance converts one file at a time).
fn to_pdf(wd: &Workdir, files: &[&Path]) -> Vec<PathBuf> {
    need("libreoffice");
    need("pdftotext");
    let half = files.len().div_ceil(2);
    std::thread::scope(|scope| {
        let runs: Vec<_> = files
            .chunks(half.max(1))
            .enumerate()
            .map(|(k, batch)| {
                scope.spawn(move || {
                    let profile =
                        format!("file://{}", wd.path(&format!("lo-profile-{k}")).display());
                    Command::new("libreoffice")
                        .arg(format!("-env:UserInstallation={profile}"))
                        .args(["--headless", "--convert-to", "pdf", "--outdir"])
                        .arg(&wd.dir)
                        .args(batch)
                        .output()
                        .expect("run libreoffice")
                })
            })
            .collect();
        for run in runs {
            let out = run.join().expect("the conversion thread");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    });
    files
        .iter()
        .map(|f| {
            let pdf = wd
                .dir
                .join(f.with_extension("pdf").file_name().expect("name"));
            assert!(pdf.exists(), "{} was not converted", f.display());
            pdf
        })
        .collect()
}

struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

struct Page {
    width: f64,
    height: f64,
    words: Vec<Word>,
}

impl Page {
    fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    tag.split(&key)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

fn pages(pdf: &Path) -> Vec<Page> {
    let out = Command::new("pdftotext")
        .args(["-bbox", s(pdf), "-"])
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout);
    html.split("<page ")
        .skip(1)
        .map(|chunk| {
            let head = chunk.split('>').next().unwrap_or("");
            let words = chunk
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap_or((w, ""));
                    Word {
                        x0: attr(tag, "xMin"),
                        y0: attr(tag, "yMin"),
                        x1: attr(tag, "xMax"),
                        y1: attr(tag, "yMax"),
                        text: rest.split("</word>").next().unwrap_or("").to_string(),
                    }
                })
                .collect();
            Page {
                width: attr(head, "width"),
                height: attr(head, "height"),
                words,
            }
        })
        .collect()
}

/// What `pdf-layout` reports for a page: words drawn over other words (over 30% of the smaller
/// one), words cut at the page edge, and text under 8 pt high.
fn defects(page: &Page) -> Vec<String> {
    let mut out = Vec::new();
    let mut words: Vec<&Word> = page.words.iter().collect();
    words.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            if b.y0 >= a.y1 {
                break;
            }
            let ix = a.x1.min(b.x1) - a.x0.max(b.x0);
            let iy = a.y1.min(b.y1) - a.y0.max(b.y0);
            if ix <= 0.0 || iy <= 0.0 {
                continue;
            }
            let area = |w: &Word| (w.x1 - w.x0) * (w.y1 - w.y0);
            let small = area(a).min(area(b)).max(1e-9);
            if ix * iy / small > 0.3 {
                out.push(format!("'{}' over '{}'", a.text, b.text));
            }
        }
    }
    for w in &page.words {
        if w.x0 < 0.0 || w.x1 > page.width + 0.5 || w.y0 < 0.0 || w.y1 > page.height + 0.5 {
            out.push(format!("'{}' cut at the edge", w.text));
        }
    }
    // Type too small to read: the page's text height (its 10th percentile word) under 8 pt,
    // about 7 pt type (a sheet shrunk to fit a wide table prints everything at 4–6 pt).
    let mut heights: Vec<f64> = page.words.iter().map(|w| w.y1 - w.y0).collect();
    heights.sort_by(f64::total_cmp);
    if let Some(h) = heights.get(heights.len() / 10)
        && *h < 8.0
    {
        out.push(format!("text {h:.1} pt high (under 8)"));
    }
    out
}

fn assert_clean(pdf: &Path) -> Vec<Page> {
    let pages = pages(pdf);
    assert!(!pages.is_empty(), "{}: no pages", pdf.display());
    let bad: Vec<String> = pages
        .iter()
        .enumerate()
        .filter_map(|(n, p)| {
            let d = defects(p);
            (!d.is_empty()).then(|| format!("page {}: {}", n + 1, d[..d.len().min(3)].join(", ")))
        })
        .collect();
    assert!(bad.is_empty(), "{}: {bad:#?}", pdf.display());
    pages
}

/// No page's first line (below the page header) is a center's row: a page break inside a
/// table keeps its rows with a header.
fn opens_with_a_header(pages: &[Page], profile: &Path) {
    let profile = hokatsu::profile::Profile::load(profile).expect("profile");
    let names: Vec<&str> = profile.centers.iter().map(|c| c.short.as_str()).collect();
    for (n, page) in pages.iter().enumerate() {
        let body: Vec<&Word> = (page.words.iter())
            .filter(|w| w.y0 > 40.0 && w.y1 < page.height - 40.0)
            .collect();
        // The first line (digits and kana sit a little apart on it), its leftmost word.
        let Some(top) = body.iter().map(|w| w.y0).min_by(|a, b| a.total_cmp(b)) else {
            continue;
        };
        let Some(first) = (body.iter())
            .filter(|w| w.y0 < top + 3.0)
            .min_by(|a, b| a.x0.total_cmp(&b.x0))
        else {
            continue;
        };
        // (a line naming several centers is the header of a table of centers across)
        let on_line = page
            .words
            .iter()
            .filter(|w| (w.y0 - first.y0).abs() < 3.0 && names.contains(&w.text.as_str()))
            .count();
        assert!(
            !names.contains(&first.text.as_str()) || on_line > 1,
            "page {} opens on {}'s row, without a header: {}",
            n + 1,
            first.text,
            page.text()
        );
    }
}

/// One template of a center: `hokatsu template` for it, moved to `name` in the workdir.
fn template_of(
    wd: &Workdir,
    profile: Option<&Path>,
    period: &str,
    center: &str,
    name: &str,
) -> PathBuf {
    let dir = format!("{name}-t");
    let mut args = vec!["template"];
    if let Some(p) = profile {
        args.extend(["--profile", s(p)]);
    }
    args.extend(["--out", &dir, "--period", period, "--center", center]);
    wd.expect(0, &args);
    let path = wd.path(name);
    std::fs::rename(wd.path(&format!("{dir}/{center}.xlsx")), &path).expect("move");
    path
}

/// The page number a page's footer prints (the words after the city at its foot): the sheet's
/// name if it has one, the page and the total.
fn page_number(page: &Page) -> Option<(String, u32, u32)> {
    let mut foot: Vec<&Word> = (page.words.iter())
        .filter(|w| w.y0 > page.height - 45.0)
        .collect();
    foot.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let slash = foot.iter().position(|w| w.text == "/")?;
    let (k, n) = (foot.get(slash.checked_sub(1)?)?, foot.get(slash + 1)?);
    let name = slash
        .checked_sub(2)
        .and_then(|i| foot.get(i))
        .filter(|w| w.text.parse::<u32>().is_err() && w.x0 > page.width / 2.0)
        .map_or(String::new(), |w| w.text.clone());
    Some((name, k.text.parse().ok()?, n.text.parse().ok()?))
}

/// The council's pages are numbered through, 1 / N to N / N, N the council's own pages; the
/// clerk's sheets after them (検証結果, 出典) each from 1 again, under their names.
fn numbered_apart(pages: &[Page], what: &str) {
    let numbers: Vec<(String, u32, u32)> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            page_number(p).unwrap_or_else(|| panic!("{what}: page {} has no number", i + 1))
        })
        .collect();
    let council = numbers
        .iter()
        .take_while(|(name, _, _)| name.is_empty())
        .count();
    for (i, (_, k, n)) in numbers[..council].iter().enumerate() {
        assert_eq!(
            (*k, *n),
            (i as u32 + 1, council as u32),
            "{what}: council page {} of {council}: {numbers:?}",
            i + 1
        );
    }
    let clerk = &numbers[council..];
    assert!(!clerk.is_empty(), "{what}: no 検証結果 or 出典 pages");
    for (i, (name, k, n)) in clerk.iter().enumerate() {
        let first = clerk.iter().position(|c| &c.0 == name).unwrap_or(i);
        let own = clerk.iter().filter(|c| &c.0 == name).count();
        assert!(
            ["検証結果", "出典"].contains(&name.as_str()),
            "{what}: a clerk's page named {name}"
        );
        assert_eq!(
            (*k, *n),
            ((i - first) as u32 + 1, own as u32),
            "{what}: {name} numbered on its own: {clerk:?}"
        );
    }
}

/// The forced Kushiro report: clean pages, a header over every page of a table, its findings
/// on legible pages of their own, its pages numbered apart from the clerk's (「3 / 91」 on a
/// 14-page packet before).
#[test]
fn kushiro_forced_report_prints_cleanly() {
    let wd = Workdir::new("print-kushiro");
    let kushiro = s(&fixture("kushiro/2025-11")).to_string();
    wd.expect(
        0,
        &["compile", "--force", "--out", "kushiro.xlsx", &kushiro],
    );
    let pdfs = to_pdf(&wd, &[&wd.path("kushiro.xlsx")]);
    let pages = assert_clean(&pdfs[0]);
    opens_with_a_header(&pages, &root().join("examples/kushiro-r7.toml"));
    assert!(pages.iter().any(|p| p.text().contains("検証結果")));
    numbered_apart(&pages, "kushiro");
}

/// With history (推移, the chart across fiscal years) and the yearly examples: Kumamoto (004's
/// R2–R6 table and its chart) and Sapporo's overview (002: 収支 and 占有率 tables of column
/// groups).
#[test]
fn the_history_and_the_yearly_examples_print_cleanly() {
    let wd = Workdir::new("print-years");
    wd.expect(
        0,
        &[
            "compile",
            "--history",
            s(&fixture("kushiro/history")),
            "--out",
            "history.xlsx",
            s(&fixture("kushiro/2025-11-clean")),
        ],
    );
    compile_example("kumamoto", &wd.path("kumamoto.xlsx"));
    compile_example("sapporo", &wd.path("overview.xlsx"));
    let pdfs = to_pdf(
        &wd,
        &[
            &wd.path("history.xlsx"),
            &wd.path("kumamoto.xlsx"),
            &wd.path("overview.xlsx"),
        ],
    );
    let overview_pages = assert_clean(&pdfs[2]);
    for figure in ["2,920,513", "99.8%", "5,868", "18.1%", "7.0%"] {
        assert!(
            overview_pages.iter().any(|p| p.text().contains(figure)),
            "{figure} printed"
        );
    }
    let kumamoto_pages = assert_clean(&pdfs[1]);
    // No page opens on a center's row: a table broken across pages has its header again.
    for (pages, city) in [(&kumamoto_pages, "kumamoto"), (&overview_pages, "sapporo")] {
        opens_with_a_header(pages, &root().join(format!("examples/{city}/profile.toml")));
        numbered_apart(pages, city);
    }
    assert!(
        kumamoto_pages.iter().any(|p| p.text().contains("年度比較")
            && p.text().contains("R2")
            && p.text().contains("507")),
        "the R2–R6 table printed"
    );
    let history = assert_clean(&pdfs[0]);
    numbered_apart(&history, "history");
    // Each table of 推移 whole on its page: the year table's heading with its last figure.
    let years = history
        .iter()
        .find(|p| p.text().contains("年度比較(各年度"))
        .expect("the year table");
    assert!(years.text().contains("過去の値"), "{}", years.text());
}

/// Sapporo-sized: every ward subtotal sits on the page of its ward's last center, a table
/// continued on a new page has its header there, each chart is whole on one page.
#[test]
fn a_sapporo_sized_report_prints_cleanly() {
    let wd = Workdir::new("print-sapporo");
    let sapporo = root().join("examples/sapporo-like");
    wd.expect(
        0,
        &[
            "compile",
            "--profile",
            s(&sapporo.join("profile.toml")),
            "--out",
            "sapporo.xlsx",
            s(&sapporo.join("submissions")),
        ],
    );
    let pdfs = to_pdf(&wd, &[&wd.path("sapporo.xlsx")]);
    let sapporo_pages = assert_clean(&pdfs[0]);
    opens_with_a_header(&sapporo_pages, &sapporo.join("profile.toml"));
    numbered_apart(&sapporo_pages, "sapporo-like");
    let profile = hokatsu::profile::Profile::load(&sapporo.join("profile.toml")).expect("profile");
    let mut wards: Vec<(String, String)> = Vec::new();
    for c in &profile.centers {
        let area = c.area.clone().expect("an area");
        match wards.iter_mut().find(|(a, _)| *a == area) {
            Some(w) => w.1 = c.short.clone(),
            None => wards.push((area, c.short.clone())),
        }
    }
    let mut subtotals = 0;
    for page in &sapporo_pages {
        let text = page.text();
        for (area, last) in &wards {
            if text.contains(&format!("{area} 小計")) {
                subtotals += 1;
                assert!(
                    text.contains(last.as_str()),
                    "{area} 小計 without {last}: {text}"
                );
            }
        }
        if text.contains("(続き)") {
            assert!(
                text.contains("区分") || text.contains("計"),
                "no header: {text}"
            );
        }
    }
    assert!(subtotals >= wards.len(), "{subtotals} subtotals seen");
    // Each chart whole on one page: its title and its legend on the same page.
    let charts: Vec<&Page> = sapporo_pages
        .iter()
        .filter(|p| p.text().contains("総合相談"))
        .collect();
    assert!(
        charts
            .iter()
            .any(|p| p.text().contains("新規") && p.text().contains("継続")),
        "a chart with its legend"
    );
}

/// Kushiro's template and the yearly examples' print cleanly; Kushiro's opens on 記入方法, and
/// its staffing page shows the table alone.
#[test]
fn the_templates_print_cleanly() {
    let wd = Workdir::new("print-templates");
    let kushiro = template_of(&wd, None, "2025-11", "西部", "template.xlsx");
    let mut files = vec![kushiro];
    for (city, period) in [("sapporo", "2023"), ("kumamoto", "2024")] {
        let profile = root().join(format!("examples/{city}/profile.toml"));
        let name = format!("{city}-template.xlsx");
        files.push(template_of(&wd, Some(&profile), period, "中央1", &name));
    }
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let pdfs = to_pdf(&wd, &refs);
    assert_clean(&pdfs[1]);
    assert_clean(&pdfs[2]);
    let template = assert_clean(&pdfs[0]);
    // The template opens on 記入方法, which asks for zeros rather than blanks.
    let first = template[0].text();
    assert!(first.contains("記入方法"), "{first}");
    // The blank template fails its staffing check; the message is for the screen, the
    // printed staffing page shows the table alone (no message shrinking it, no stray 0s).
    let staffing = template
        .iter()
        .find(|p| p.text().contains("勤務体制"))
        .expect("the staffing page");
    assert!(
        !staffing.text().contains("足りません"),
        "{}",
        staffing.text()
    );
}

/// A form of grids (tests/forms/soudan): every block of its report prints whole under its name
/// and header (the city's, each ward's, each center's), its template shows the grid.
#[test]
fn a_form_of_grids_prints_cleanly() {
    let wd = Workdir::new("print-grids");
    let grids = root().join("tests/forms/soudan");
    let profile = grids.join("profile.toml");
    wd.expect(
        0,
        &[
            "compile",
            "--profile",
            s(&profile),
            "--out",
            "grids.xlsx",
            s(&grids.join("2026-10")),
        ],
    );
    let template = template_of(&wd, Some(&profile), "2026-10", "西1", "grid-template.xlsx");
    let pdfs = to_pdf(&wd, &[&wd.path("grids.xlsx"), &template]);
    let grid_pages = assert_clean(&pdfs[0]);
    numbered_apart(&grid_pages, "grids");
    let mut named = 0;
    for page in &grid_pages {
        let text = page.text();
        for block in text.split("■ ").skip(1) {
            named += 1;
            assert!(
                block.contains("相談内容") || block.contains("相談方法"),
                "a block without its header: {text}"
            );
            assert!(
                block.contains("合計"),
                "a block cut before its 合計: {text}"
            );
        }
    }
    assert_eq!(
        named,
        2 * 8,
        "two grids, 8 blocks each (市計, 2 wards, 5 centers)"
    );
    let grid_template = assert_clean(&pdfs[1]);
    assert!(
        grid_template
            .iter()
            .any(|p| p.text().contains("介護保険") && p.text().contains("再掲")),
        "the grid on the template's pages"
    );
}

/// A table of 24 columns (tests/forms/wide), forced over blank templates: in pieces at full
/// size, in the report and the template, each piece on a page with its header.
#[test]
fn a_wide_table_prints_in_pieces() {
    let wd = Workdir::new("print-wide");
    let wide = root().join("tests/forms/wide/profile.toml");
    let profile = ["--profile", s(&wide)];
    wd.expect(
        0,
        &[
            "template", profile[0], profile[1], "--out", "wt", "--period", "2026-10",
        ],
    );
    wd.expect(
        0,
        &[
            "compile",
            profile[0],
            profile[1],
            "--force",
            "--out",
            "wide.xlsx",
            s(&wd.path("wt")),
        ],
    );
    let pdfs = to_pdf(&wd, &[&wd.path("wide.xlsx"), &wd.path("wt/東1.xlsx")]);
    let wide_template = assert_clean(&pdfs[1]);
    assert!(
        wide_template
            .iter()
            .any(|p| p.text().contains("相談方法(続き)")),
        "the template's wide table in pieces"
    );
    let wide_pages = assert_clean(&pdfs[0]);
    opens_with_a_header(&wide_pages, &wide);
    numbered_apart(&wide_pages, "wide");
    assert!(
        wide_pages
            .iter()
            .any(|p| p.text().contains("相談方法(続き)")),
        "the wide table continued in pieces"
    );
}

/// A list's text column (内容) in the template is as wide as the page allows and wraps: what a
/// center typed prints whole, neither cut at its cell's edge nor drawn under the next column's
/// number (「個別ケース検討(独…」 was).
#[test]
fn a_lists_text_prints_whole_in_the_template() {
    let wd = Workdir::new("print-list");
    let soudan = root().join("tests/forms/soudan");
    for file in ["form.toml", "profile.toml"] {
        wd.write(
            &format!("city/{file}"),
            std::fs::read(soudan.join(file)).expect("the test form"),
        );
    }
    let profile = ["--profile", "city/profile.toml"];
    wd.expect(
        0,
        &[
            "template", profile[0], profile[1], "--out", "t", "--period", "2026-10", "--center",
            "西1",
        ],
    );
    let long = "個別ケース検討(独居高齢者の見守り体制について、民生委員・介護支援専門員・\
                地域の医療機関と役割分担を協議し、次回までの課題を確認した)";
    let values = serde_json::json!({"西1": {
        "kaigi_01_bi": "2026-10-05",
        "kaigi_01_naiyo": long,
        "kaigi_01_sanka": 12,
        "kaigi_02_bi": "2026-10-19",
        "kaigi_02_naiyo": "自立支援型地域ケア会議",
        "kaigi_02_sanka": 8,
    }});
    let filled = fill_from(&wd, "t", &values, "filled");
    let pdfs = to_pdf(&wd, &[&filled.join("西1.xlsx")]);
    let pages = assert_clean(&pdfs[0]);
    let printed: String = (pages.iter()).map(|p| p.text().replace(' ', "")).collect();
    for part in [
        "個別ケース検討(独居",
        "次回までの課題を確認した)",
        "自立支援型地域ケア会議",
    ] {
        assert!(printed.contains(part), "{part} not printed: {printed}");
    }
}

/// The clerk's month (`hokatsu FOLDER`): the findings workbook and a center's 要修正 workbook
/// print on A4 with nothing cut, overlapping or too small.
#[test]
fn the_months_findings_and_a_centers_request_print_cleanly() {
    let wd = Workdir::new("print-month");
    wd.copy_dir(&fixture("kushiro/2025-11"), "提出/2025-11");
    wd.expect(1, &[s(&wd.path("提出/2025-11"))]);
    let findings = wd.path("提出/検証結果_令和7年11月.xlsx");
    let request = wd.path("提出/要修正_令和7年11月/中部北.xlsx");
    let pdfs = to_pdf(&wd, &[&findings, &request]);
    let pages = assert_clean(&pdfs[0]);
    assert!(pages[0].text().contains("検証結果"), "{}", pages[0].text());
    let pages = assert_clean(&pdfs[1]);
    assert!(pages[0].text().contains("I24"), "{}", pages[0].text());
}
