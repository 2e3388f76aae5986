//! The drafted tables as a form definition in the syntax of docs/form.md: one `[[part]]` per
//! sheet, a `[[part.section]]` per section heading, a `[[part.section.table]]` per table, each
//! row and column on its own line with its comment — `# 推定:` on what was guessed.

use super::partition::{Noted, Page};
use super::totals::{Comment, Drafted, Layout, Line};
use crate::i18n::{Lang, Text};
use std::fmt::Write;

/// The definition, ready to print.
pub fn definition(file: &str, stem: &str, pages: &[Page], lang: Lang) -> String {
    let mut out = String::new();
    let t = |ja: &str, en: &str| Text::new(ja, en).get(lang).to_string();
    let shown_file = std::path::Path::new(file)
        .file_name()
        .map_or(file.to_string(), |f| f.to_string_lossy().to_string());
    let _ = writeln!(
        out,
        "{}",
        Text::new(
            format!("# 様式の定義の下書き: hokatsu form --from {shown_file} が、市の様式のブックから作りました。"),
            format!("# A draft of the form definition, made by hokatsu form --from {shown_file} from the city's workbook."),
        )
        .get(lang)
    );
    let _ = writeln!(
        out,
        "{}",
        t(
            "# 行末のコメントが「推定:」の行は、ブックの言葉から推し量ったものです。確かめてから使ってください。",
            "# Lines whose comment starts 'guess:' were inferred from the workbook's words: review them before use.",
        )
    );
    let title = (pages.iter().find_map(|p| p.title.clone())).unwrap_or_else(|| stem.to_string());
    // A title's blank 「令和　年　月分」 is the period the report is for.
    let (title, period_note) = match blank_period(&title) {
        Some(t) => (
            t,
            Text::new(
                "  # 推定: 表題の「令和　年　月分」を、報告の対象月 {月分} としました",
                "  # guess: the title's blank 「令和　年　月分」 became the report's period, {月分}",
            )
            .get(lang)
            .to_string(),
        ),
        None => (title, String::new()),
    };
    let id = ascii_id(stem).unwrap_or_else(|| "draft".to_string());
    let _ = writeln!(out, "id = {}", quote(&id));
    let _ = writeln!(out, "version = \"1\"");
    let _ = writeln!(out, "title = {}{period_note}", quote(&title));
    let _ = writeln!(out, "total = \"計\"");
    let _ = writeln!(out, "row = \"件数\"");
    // The activities sheet is headed by the form's title already: no heading of its own.
    let _ = writeln!(out, "\n[activities]\nnumber = \"\"\nlabel = \"\"");
    write_workbook(&mut out, pages);
    for page in pages {
        let _ = writeln!(
            out,
            "\n[[part]]\nnumber = \"\"\nlabel = {}",
            quote(&page.sheet)
        );
        let mut last_section = None;
        for table in &page.tables {
            if last_section != Some(&table.place.section) {
                let s = &table.place.section;
                let _ = writeln!(
                    out,
                    "\n[[part.section]]\nnumber = {}\nlabel = {}",
                    quote(&s.number),
                    quote(&s.label)
                );
                last_section = Some(s);
            }
            write_table(&mut out, table, lang);
        }
    }
    out
}

/// `[workbook]`: the center's cell (beside its label) and the period's (a title holding
/// 「令和 年 月分」, or the cell beside 報告月), from the first sheet that has them.
fn write_workbook(out: &mut String, pages: &[Page]) {
    let find = |pick: fn(&Page) -> Option<&Noted>| {
        pages
            .iter()
            .find_map(|p| pick(p).map(|n| (p.sheet.as_str(), n)))
    };
    let center = find(|p| p.center.as_ref());
    let period = find(|p| p.period.as_ref());
    if center.is_none() && period.is_none() {
        return;
    }
    let _ = writeln!(out, "\n[workbook]");
    for (key, found) in [("center", center), ("period", period)] {
        let Some((sheet, n)) = found else { continue };
        let beside = if n.label.contains("月分") {
            String::new()
        } else {
            format!(", beside = {}", quote(&n.label))
        };
        let _ = writeln!(
            out,
            "{key} = {{ sheet = {}, cell = {}{beside} }}",
            quote(sheet),
            quote(&n.at)
        );
    }
}

fn write_table(out: &mut String, t: &Drafted, lang: Lang) {
    let _ = writeln!(out, "\n[[part.section.table]]");
    let _ = writeln!(out, "id = {}", quote(&t.place.id));
    if !t.place.title.number.is_empty() {
        let _ = writeln!(out, "number = {}", quote(&t.place.title.number));
    }
    if !t.place.title.label.is_empty() {
        let _ = writeln!(out, "label = {}", quote(&t.place.title.label));
    }
    let _ = writeln!(out, "layout = \"{}\"", t.layout.as_str());
    let totals = match t.totals {
        Some(r) => format!(
            ", totals = {}",
            quote(&a1_usize(r, t.body.1.saturating_sub(1)))
        ),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "workbook = {{ sheet = {}, corner = {}, body = {}{totals} }}",
        quote(&t.sheet),
        quote(&t.at),
        quote(&a1_usize(t.body.0, t.body.1))
    );
    if !t.corner.is_empty() {
        let _ = writeln!(out, "corner = {}", quote(&t.corner));
    }
    if let Some(row) = &t.row_label {
        let _ = writeln!(out, "row = {}", quote(row));
    }
    if t.layout == Layout::List {
        let _ = writeln!(out, "capacity = {}", t.capacity);
    }
    if matches!(t.layout, Layout::Stacked | Layout::Grid) {
        write_axis(out, "rows", &t.rows, lang);
    }
    write_axis(out, "columns", &t.columns, lang);
}

fn write_axis(out: &mut String, key: &str, lines: &[Line], lang: Lang) {
    let _ = writeln!(out, "{key} = [");
    for line in lines {
        let mut entry = format!(
            "  {{ id = {}, label = {}",
            quote(&line.id),
            label(&line.label)
        );
        if let Some(parts) = &line.sum {
            let ids: Vec<String> = parts.iter().map(|&p| quote(&lines[p].id)).collect();
            let _ = write!(entry, ", sum = [{}]", ids.join(", "));
        }
        if let Some(p) = line.of {
            let _ = write!(entry, ", of = {}", quote(&lines[p].id));
        }
        if let Some(kind) = line.kind {
            let _ = write!(entry, ", kind = \"{kind}\"");
        }
        entry.push_str(" },");
        match &line.comment {
            Some(Comment::Evidence(t) | Comment::Guess(t)) => {
                let _ = writeln!(out, "{entry}  # {}", t.get(lang));
            }
            None => {
                let _ = writeln!(out, "{entry}");
            }
        }
    }
    let _ = writeln!(out, "]");
}

fn label(levels: &[String]) -> String {
    match levels {
        [one] => quote(one),
        _ => format!(
            "[{}]",
            levels
                .iter()
                .map(|l| quote(l))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn a1_usize(row: usize, col: usize) -> String {
    let row = u32::try_from(row).unwrap_or(u32::MAX);
    let col = u16::try_from(col).unwrap_or(u16::MAX);
    crate::grid::a1(row, col)
}

/// The title with its blank 「令和　年　月分」 (spaces where the clerk writes the numbers) as
/// the placeholder `{月分}`, when it has one.
fn blank_period(title: &str) -> Option<String> {
    let start = title.find("令和")?;
    let rest = &title[start + "令和".len()..];
    let rest = rest.trim_start().strip_prefix('年')?.trim_start();
    let end = rest.strip_prefix("月分")?;
    Some(format!("{}{{月分}}{end}", &title[..start]))
}

/// A TOML basic string; labels hold no control characters ([`super::cells::clean`]).
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The form's id from the file's name, when it is one (`[a-z0-9_]`, 40 at most).
fn ascii_id(stem: &str) -> Option<String> {
    let id = stem.to_ascii_lowercase().replace('-', "_");
    (!id.is_empty()
        && id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
    .then_some(id)
}
