//! Shared by the integration tests (after xsv's `workdir.rs`): a fresh directory per test, the
//! real binary, and readers for what it writes.
#![allow(dead_code)]

mod workdir;

pub use workdir::*;

use calamine::{Data, Reader, Xlsx, open_workbook};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (fixtures live under it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// An A1 address as (row, column), 0-based, or a panic naming it (a test's own literal).
pub fn row_col(a1: &str) -> (u32, u16) {
    let split = a1.find(|c: char| c.is_ascii_digit()).unwrap_or(a1.len());
    let (letters, digits) = a1.split_at(split);
    let row: u32 = digits
        .parse()
        .unwrap_or_else(|_| panic!("not an A1 cell: {a1}"));
    let col = rust_xlsxwriter::utility::column_name_to_number(letters);
    (row - 1, col)
}

/// The cell (A1) of an item in the data dictionary, as `hokatsu form` prints it.
pub fn dictionary_cell(wd: &Workdir, item: &str) -> String {
    let dict = wd.expect(0, &["form"]);
    dict.lines()
        .find(|l| l.starts_with(&format!("{item},")))
        .and_then(|l| l.split(',').nth(2))
        .unwrap_or_else(|| panic!("{item} not in the dictionary"))
        .to_string()
}

/// The findings of a JSON document.
pub fn findings(doc: &serde_json::Value) -> Vec<serde_json::Value> {
    doc["findings"].as_array().cloned().unwrap_or_default()
}

/// Findings with this severity (and rule, if given).
pub fn with(doc: &serde_json::Value, severity: &str, rule: Option<&str>) -> Vec<serde_json::Value> {
    findings(doc)
        .into_iter()
        .filter(|f| f["severity"] == severity && rule.is_none_or(|r| f["rule"] == r))
        .collect()
}

/// A sheet of a written workbook: cached values and formulas.
pub struct SheetData {
    pub values: calamine::Range<Data>,
    pub formulas: calamine::Range<String>,
}

impl SheetData {
    pub fn get(&self, row: u32, col: u32) -> Data {
        self.values
            .get_value((row, col))
            .cloned()
            .unwrap_or(Data::Empty)
    }
    pub fn text(&self, row: u32, col: u32) -> String {
        match self.get(row, col) {
            Data::String(s) => s,
            Data::Empty => String::new(),
            other => other.to_string(),
        }
    }
    pub fn number(&self, row: u32, col: u32) -> Option<f64> {
        match self.get(row, col) {
            Data::Int(i) => Some(i as f64),
            Data::Float(f) => Some(f),
            _ => None,
        }
    }
    pub fn formula(&self, row: u32, col: u32) -> String {
        self.formulas
            .get_value((row, col))
            .cloned()
            .unwrap_or_default()
    }
    pub fn rows(&self) -> u32 {
        self.values.end().map_or(0, |(r, _)| r + 1)
    }
    /// The first row whose column `col` holds `text`, from `from` on.
    pub fn find(&self, col: u32, text: &str, from: u32) -> Option<u32> {
        (from..self.rows()).find(|&r| self.text(r, col) == text)
    }
}

pub fn open_xlsx(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

pub fn sheet(path: &Path, name: &str) -> SheetData {
    let mut wb = open_xlsx(path);
    let values = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    let formulas = wb.worksheet_formula(name).expect("formulas");
    // Formula ranges start where the first formula is; re-anchor to absolute positions.
    let mut abs = calamine::Range::new((0, 0), values.end().unwrap_or((0, 0)));
    if let Some((r0, c0)) = formulas.start() {
        for (r, c, f) in formulas.used_cells() {
            abs.set_value((r0 + r as u32, c0 + c as u32), f.clone());
        }
    }
    SheetData {
        values,
        formulas: abs,
    }
}

/// `1,606` → 1606; `62.5%` → 0.625; blank → None.
pub fn parse_000(field: &str) -> Option<f64> {
    let f = field.trim();
    if f.is_empty() {
        return None;
    }
    if let Some(p) = f.strip_suffix('%') {
        return p.parse::<f64>().ok().map(|v| v / 100.0);
    }
    f.replace(',', "").parse().ok()
}

/// The report 000 as text.
pub fn report_000() -> String {
    std::fs::read_to_string(fixture("kushiro/000_report.txt")).expect("000")
}

pub const CENTERS: [&str; 7] = [
    "阿寒",
    "音別",
    "西部",
    "中部北",
    "中部南",
    "東部北",
    "東部南",
];

/// A center table of 000 section 3: its header line and, per center, its lines' fields.
#[derive(Debug)]
pub struct Table000 {
    pub header: Vec<String>,
    /// Per center: the fields after the name; stacked tables add the 継続 line.
    pub rows: Vec<(String, Vec<String>)>,
    /// The 計 line (first field the label).
    pub total: Vec<String>,
    /// The 割合 line, if any.
    pub share: Option<Vec<String>>,
}

/// Every center table of 000 section 3, in order.
pub fn tables_000() -> Vec<Table000> {
    let text = report_000();
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<Table000> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let f: Vec<String> = lines[i].split('\t').map(str::to_string).collect();
        if f[0] == CENTERS[0] && !lines[i - 1].starts_with("\t\t") {
            let header = lines[i - 1].split('\t').map(str::to_string).collect();
            let mut rows = Vec::new();
            let mut j = i;
            while j < lines.len() {
                let g: Vec<String> = lines[j].split('\t').map(str::to_string).collect();
                if CENTERS.contains(&g[0].as_str()) {
                    rows.push((g[0].clone(), g[1..].to_vec()));
                } else if g[0].is_empty() && g.get(1).map(String::as_str) == Some("継続") {
                    let (_, last) = rows.last_mut().expect("center before 継続");
                    last.extend(g[1..].iter().cloned());
                } else {
                    break;
                }
                j += 1;
            }
            let total: Vec<String> = lines[j].split('\t').map(str::to_string).collect();
            let share = lines
                .get(j + 1)
                .filter(|l| l.starts_with("割合"))
                .map(|l| l.split('\t').map(str::to_string).collect());
            out.push(Table000 {
                header,
                rows,
                total,
                share,
            });
            i = j;
        }
        i += 1;
    }
    out
}

/// The seven clean submissions of 2025-11, read from the tidy source CSV by hokatsu itself.
pub fn clean_submissions() -> (hokatsu::profile::Profile, Vec<hokatsu::model::Submission>) {
    let profile = hokatsu::profile::Profile::kushiro().expect("profile");
    let ctx = hokatsu::template::read_context(&profile, Default::default());
    let result = hokatsu::read::read_file(&fixture("kushiro/source/2025-11-clean.csv"), &ctx);
    assert!(result.findings.is_empty(), "{:?}", result.findings);
    let subs = result.submissions;
    (profile, subs)
}

/// Write a center's submission workbook through the template, with edits typed over it.
pub fn write_submission(
    dir: &Path,
    profile: &hokatsu::profile::Profile,
    sub: &hokatsu::model::Submission,
    edits: &[(&str, hokatsu::template::Typed)],
) -> PathBuf {
    write_submission_for(dir, profile, sub, edits, "2025-11")
}

/// The same, for another month.
pub fn write_submission_for(
    dir: &Path,
    profile: &hokatsu::profile::Profile,
    sub: &hokatsu::model::Submission,
    edits: &[(&str, hokatsu::template::Typed)],
    period: &str,
) -> PathBuf {
    let period = hokatsu::era::Period::parse(period).expect("a month");
    write_submission_at(dir, profile, sub, edits, period)
}

/// The same, for a period of any cadence (a quarter, a fiscal year).
pub fn write_submission_at(
    dir: &Path,
    profile: &hokatsu::profile::Profile,
    sub: &hokatsu::model::Submission,
    edits: &[(&str, hokatsu::template::Typed)],
    period: hokatsu::era::Period,
) -> PathBuf {
    use hokatsu::template::{self, Subject, Typed};
    let form = &profile.form;
    let center = &profile.centers[sub.center];
    let subject = Subject {
        profile,
        center: Some(center),
        period: Some(period),
        lang: hokatsu::i18n::Lang::Ja,
    };
    let mut layout = template::layout(&subject);
    let mut values: Vec<(usize, Typed)> = sub
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, Typed::Number(v))))
        .collect();
    for (id, v) in edits {
        let item = form.item(id).unwrap_or_else(|| panic!("no item {id}"));
        values.retain(|(i, _)| *i != item);
        values.push((item, v.clone()));
    }
    let providers: Vec<(String, Vec<f64>)> = sub
        .providers
        .iter()
        .map(|l| {
            (
                l.name.clone(),
                l.counts.iter().map(|c| c.unwrap_or(0.0)).collect(),
            )
        })
        .collect();
    template::fill(&mut layout, form, &values, &providers);
    let bytes = template::render(&subject, &layout).expect("render");
    std::fs::create_dir_all(dir).expect("mkdir");
    let path = dir.join(format!("{}.xlsx", center.short));
    std::fs::write(&path, bytes).expect("write");
    path
}

/// All seven clean submissions as workbooks in `dir`, with edits for one center.
pub fn write_month(dir: &Path, edit_center: &str, edits: &[(&str, hokatsu::template::Typed)]) {
    let (profile, subs) = clean_submissions();
    for sub in &subs {
        let mine = profile.centers[sub.center].short == edit_center;
        write_submission(dir, &profile, sub, if mine { edits } else { &[] });
    }
}

/// Run an example's `compile.sh OUT` (examples/<city>/) with this build as `$HOKATSU`; it must
/// succeed. Returns its standard output.
pub fn compile_example(city: &str, out: &Path) -> String {
    let run = Command::new("bash")
        .arg(root().join("examples").join(city).join("compile.sh"))
        .arg(out)
        .env("HOKATSU", env!("CARGO_BIN_EXE_hokatsu"))
        .output()
        .expect("compile.sh");
    assert!(
        run.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// Fill the templates in `templates` (a folder of the workdir) with `values` as a center's
/// own script would: tests/scripts/fill_through_dictionary.py (openpyxl) finds each item's cell
/// in the data dictionary of `city/profile.toml`. One workbook per center in `out`.
pub fn fill_from(wd: &Workdir, templates: &str, values: &serde_json::Value, out: &str) -> PathBuf {
    let path = wd.write(
        &format!("{}.json", out.replace('/', "-")),
        values.to_string(),
    );
    let run = Command::new("python3")
        .arg(root().join("tests/scripts/fill_through_dictionary.py"))
        .arg(env!("CARGO_BIN_EXE_hokatsu"))
        .arg(wd.path("city/profile.toml"))
        .arg(wd.path(templates))
        .arg(&path)
        .arg(wd.path(out))
        .output()
        .expect("python3 (with openpyxl: pip install openpyxl)");
    assert!(
        run.status.success(),
        "the fill script failed (needs openpyxl): {}",
        String::from_utf8_lossy(&run.stderr)
    );
    wd.path(out)
}
