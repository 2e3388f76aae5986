//! What the clerk's month sends back: the findings of the run as a workbook the clerk prints
//! (検証結果_<period>.xlsx), and one workbook per center with something to fix
//! (要修正_<period>/<center>.xlsx) that the clerk attaches to an e-mail.
//!
//! Both are renderings of the findings, as the terminal text and the JSON are. A center's
//! workbook holds that center's errors and warnings only, addressed to its staff (「…を直して
//! ください」, not the clerk's 「…してもらってください」), each at the sheet and cell of the center's
//! own file. Each workbook carries a defined name ([`MARK`]) so a later run knows the file as its
//! own and may replace it, while a clerk's file of the same name is never touched.

use crate::findings::{self, Finding, Severity};
use crate::grid::{self, Name, Sheet, Style};
use crate::i18n::{Lang, tr};
use std::path::Path;

/// The defined name every workbook of this module carries.
pub const MARK: &str = "hk_feedback";

/// Who a workbook is for: the clerk (every finding) or one center (its own errors and warnings).
pub struct Book<'a> {
    /// 「釧路市 令和7年11月分」
    pub title: String,
    pub lang: Lang,
    pub findings: Vec<&'a Finding>,
    /// The center's name as its title gives it, for a center's workbook.
    pub center: Option<&'a str>,
    /// The summary line of the run (the clerk's workbook).
    pub summary: Option<String>,
}

/// The findings in the order a reader acts on them: errors, then warnings, then 情報, each in
/// the run's deterministic order.
pub fn worst_first(all: &[Finding]) -> Vec<&Finding> {
    let mut v: Vec<&Finding> = all.iter().collect();
    v.sort_by_key(|f| f.severity);
    v
}

/// The centers (short names) with an error or a warning, each with its findings.
pub fn by_center(all: &[Finding]) -> Vec<(&str, Vec<&Finding>)> {
    let mut out: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in worst_first(all) {
        let Some(c) = f.center.as_deref() else {
            continue;
        };
        if f.severity == Severity::Info {
            continue;
        }
        match out.iter_mut().find(|(name, _)| *name == c) {
            Some((_, list)) => list.push(f),
            None => out.push((c, vec![f])),
        }
    }
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

/// A finding's message as the center's staff read it: what to do is theirs to do.
pub fn for_center(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => text
            .replace("提出を依頼してください", "提出してください")
            .replace("てもらってください", "てください"),
        Lang::En => text
            .replace("Ask the center to use", "Please use")
            .replace("Ask the center to", "Please"),
    }
}

/// The workbook's bytes.
pub fn render(book: &Book) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let sheet = sheet(book);
    let name = Name {
        name: MARK.into(),
        sheet: sheet.name.clone(),
        row: 0,
        col: 0,
    };
    grid::render(&[sheet], &[name], &book.title)
}

/// The columns of the listing: its header and the text of a finding in it.
type Column = (&'static str, &'static str, fn(&Finding, Lang) -> String);

fn file_name(f: &Finding, _: Lang) -> String {
    let p = f.place.file.as_deref().unwrap_or_default();
    Path::new(p)
        .file_name()
        .map_or(p.to_string(), |n| n.to_string_lossy().into_owned())
}

const CLERK: &[Column] = &[
    ("重要度", "Severity", |f, l| f.severity.label(l).into()),
    ("種類", "Rule", |f, l| {
        findings::rule::label(f.rule, l).into()
    }),
    ("センター", "Center", |f, _| {
        f.center.clone().unwrap_or_default()
    }),
    ("ファイル", "File", file_name),
    ("シート", "Sheet", |f, _| {
        f.place.sheet.clone().unwrap_or_default()
    }),
    ("セル", "Cell", |f, _| f.cell_a1().unwrap_or_default()),
    ("内容", "What is wrong", |f, l| f.text.get(l).into()),
    ("期待値", "Expected", |f, _| {
        f.expected.clone().unwrap_or_default()
    }),
    ("実際の値", "Actual", |f, _| {
        f.actual.clone().unwrap_or_default()
    }),
];

const CENTER: &[Column] = &[
    ("区分", "Kind", |f, l| match f.severity {
        Severity::Error => tr(l, "要修正", "Fix").into(),
        _ => tr(l, "要確認", "Check").into(),
    }),
    ("ファイル", "File", file_name),
    ("シート", "Sheet", |f, _| {
        f.place.sheet.clone().unwrap_or_default()
    }),
    ("セル", "Cell", |f, _| f.cell_a1().unwrap_or_default()),
    ("内容", "What is wrong", |f, l| {
        for_center(f.text.get(l), l)
    }),
    ("期待値", "Expected", |f, _| {
        f.expected.clone().unwrap_or_default()
    }),
    ("入力された値", "Typed", |f, _| {
        f.actual.clone().unwrap_or_default()
    }),
];

fn sheet(book: &Book) -> Sheet {
    let lang = book.lang;
    let mut s = Sheet::new(tr(lang, "検証結果", "Findings"));
    s.page.landscape = true;
    s.page.header = format!("&C{}", book.title.replace('&', "&&"));
    s.page.footer = "&R&P / &N".into();
    let (heading, lead) = match book.center {
        Some(c) => (
            format!(
                "{} {c} {}",
                book.title,
                tr(lang, "提出ファイルの確認のお願い", "— please check your file")
            ),
            tr(
                lang,
                "提出いただいたファイルに、次のところがありました。「要修正」は直して、同じ様式のファイルをもう一度送ってください。「要確認」は内容を確かめてください(正しければそのままで構いません)。セルは、提出いただいたファイルのシートとセルです。",
                "Your file has the points below. Fix each 「要修正」 and send the same form again; check each 「要確認」 (leave it if it is right). Cells are those of the file you sent.",
            )
            .to_string(),
        ),
        None => (
            format!("{} {}", book.title, tr(lang, "検証結果", "findings")),
            book.summary.clone().unwrap_or_default(),
        ),
    };
    s.text(0, 0, heading, Style::Title);
    let columns = if book.center.is_some() { CENTER } else { CLERK };
    let last = columns.len() as u16 - 1;
    let mut header = 2;
    for line in lines(&lead, LINE_POINTS) {
        s.text(header - 1, 0, line, Style::Note);
        header += 1;
    }
    for (c, (ja, en, _)) in columns.iter().enumerate() {
        s.text(header, c as u16, tr(lang, ja, en), Style::Header);
    }
    s.page.repeat_rows = Some((header, header));
    s.freeze = Some((header + 1, 0));
    if book.findings.is_empty() {
        s.text(
            header + 1,
            0,
            tr(lang, "問題はありませんでした。", "No findings."),
            Style::Text,
        );
    }
    for (i, f) in book.findings.iter().enumerate() {
        let row = header + 1 + i as u32;
        for (c, (_, _, text)) in columns.iter().enumerate() {
            s.text(row, c as u16, text(f, lang), Style::Text);
        }
    }
    // Every column as wide as its text where the page allows; the widest wrap.
    s.fit_columns(0..last + 1, header, 4.0, 60.0);
    s
}

/// How wide a line of the lead may be, in points: well inside a landscape A4 page's body.
const LINE_POINTS: f64 = 600.0;

/// A paragraph cut into lines no wider than `points`: whole sentences where they fit, a
/// sentence longer than a line cut where it fills one (at its last space, so an English word
/// stays whole; Japanese anywhere). Printed one line a row, it needs no merged cell and never
/// runs past the page.
fn lines(text: &str, points: f64) -> Vec<String> {
    let wide = |s: &str| grid::text_points(s, 11.0) > points;
    let mut out = Vec::new();
    let mut line = String::new();
    for sentence in text.split_inclusive(['。', '.']) {
        if !line.is_empty() && wide(&format!("{line}{sentence}")) {
            out.push(std::mem::take(&mut line));
        }
        for ch in sentence.chars() {
            line.push(ch);
            if wide(&line) {
                // Inside an English word (a letter after a letter), back to the word's start;
                // anywhere else (Japanese, a space) the line ends before this character.
                let mut tail = line.chars().rev();
                let in_word = tail
                    .next()
                    .zip(tail.next())
                    .is_some_and(|(a, b)| a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
                let at = (line.trim_end().rfind(' ')).filter(|&i| i > 0 && in_word);
                let rest = match at {
                    Some(i) => line.split_off(i + 1),
                    None => line.pop().map(String::from).unwrap_or_default(),
                };
                out.push(std::mem::replace(&mut line, rest));
            }
        }
    }
    if !line.trim().is_empty() {
        out.push(line.trim().to_string());
    }
    out.iter().map(|l| l.trim().to_string()).collect()
}

/// Whether `path` is a workbook this module wrote (so a run may replace it).
pub fn is_ours(path: &Path) -> bool {
    use calamine::Reader;
    let Ok(wb) = calamine::open_workbook_auto(path) else {
        return false;
    };
    wb.defined_names().iter().any(|(n, _)| n == MARK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_centers_message_is_addressed_to_its_staff() {
        let ja = "古い提出様式で作られています。新しい様式に入力し直してもらってください。";
        assert_eq!(
            for_center(ja, Lang::Ja),
            "古い提出様式で作られています。新しい様式に入力し直してください。"
        );
        assert_eq!(
            for_center(
                "Excelで開いて保存し直したものを送ってもらってください。",
                Lang::Ja
            ),
            "Excelで開いて保存し直したものを送ってください。"
        );
        assert_eq!(
            for_center("Ask the center to use the current template.", Lang::En),
            "Please use the current template."
        );
    }

    #[test]
    fn a_lead_is_cut_into_whole_sentences_that_fit_a_line() {
        let text = "あ".repeat(30) + "。" + &"い".repeat(30) + "。" + &"う".repeat(100) + "。";
        let cut = lines(&text, 400.0);
        assert!(cut.len() >= 3, "{cut:?}");
        assert!(
            cut.iter().all(|l| grid::text_points(l, 11.0) <= 400.0),
            "{cut:?}"
        );
        assert_eq!(cut.concat(), text);
        assert!(cut[0].ends_with('。'), "{cut:?}");
        // English is cut between words.
        let en = "Each finding says the sheet and the cell; correct the value there, save the file and send it back to the city office. ".repeat(3);
        let cut = lines(&en, 300.0);
        assert!(cut.len() >= 3, "{cut:?}");
        assert!(
            cut.iter().all(|l| grid::text_points(l, 11.0) <= 300.0),
            "{cut:?}"
        );
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&cut.join(" ")), words(&en), "no word cut: {cut:?}");
        // Japanese with a space in it fills its lines: the space is no place to go back to.
        let ja = "提出 6 / 7 センター、".to_string() + &"あ".repeat(60);
        let cut = lines(&ja, 300.0);
        assert!(
            grid::text_points(&cut[0], 11.0) > 250.0,
            "the first line is full: {cut:?}"
        );
    }

    #[test]
    fn errors_come_before_warnings_and_notes_stay_with_the_clerk() {
        let at = crate::findings::Location::file("西部.xlsx");
        let text = crate::i18n::Text::new("x", "x");
        let all = vec![
            Finding::info("a", at.clone(), text.clone()).center(Some("西部")),
            Finding::warning("b", at.clone(), text.clone()).center(Some("西部")),
            Finding::error("c", at.clone(), text.clone()).center(Some("西部")),
            Finding::info("d", at.clone(), text.clone()).center(Some("阿寒")),
            Finding::error("e", at, text),
        ];
        let order: Vec<&str> = worst_first(&all).iter().map(|f| f.rule).collect();
        assert_eq!(order, ["c", "e", "b", "a", "d"]);
        let centers = by_center(&all);
        assert_eq!(centers.len(), 1, "阿寒 has only a note");
        let rules: Vec<&str> = centers[0].1.iter().map(|f| f.rule).collect();
        assert_eq!((centers[0].0, rules), ("西部", vec!["c", "b"]));
    }
}
