//! Findings on the terminal: text for the clerk, JSON for scripts, GitHub annotations for a
//! city's CI (PRODUCT.md §2).

use crate::error::RunError;
use crate::findings::{self, Finding, Severity};
use crate::i18n::Lang;
use crate::model::Outcome;
use serde_json::json;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A count of files read, on one line of stderr, for runs large enough to wait for.
pub struct Progress {
    total: usize,
    done: AtomicUsize,
    on: bool,
}

impl Progress {
    /// Shown only when asked for (a terminal, text output) and for more than a few hundred files.
    pub fn new(total: usize, wanted: bool) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            on: wanted && total > 200,
        }
    }
    pub fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.on && (n.is_multiple_of(50) || n == self.total) {
            let _ = write!(std::io::stderr(), "\r{n} / {} files", self.total);
        }
    }
    pub fn done(&self) {
        if self.on {
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// Write to standard output. A closed output (a pipe into `head`) is
/// [`RunError::ClosedOutput`], which ends the run quietly; any other failure is a write error.
pub fn emit(text: &str) -> Result<(), RunError> {
    emit_bytes(text.as_bytes())
}

pub fn emit_bytes(bytes: &[u8]) -> Result<(), RunError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => RunError::ClosedOutput,
            _ => RunError::Output {
                path: "stdout".into(),
                why: crate::error::WriteFail::of(&e),
            },
        })
}

/// The summary object of the JSON output.
pub fn summary(outcome: &Outcome, centers: usize) -> serde_json::Value {
    let c = findings::count(&outcome.findings);
    json!({
        "period": outcome.period.map(|p| p.to_string()),
        "files": outcome.files.len(),
        "centers": centers,
        "submitted": outcome.submissions.len(),
        "blank": outcome.findings.iter().filter(|f| f.rule == findings::rule::INPUT_BLANK && f.severity == Severity::Error).count(),
        "errors": c.errors,
        "warnings": c.warnings,
        "infos": c.infos,
    })
}

/// The JSON document; `profile` (which profile was used) joins the summary.
pub fn json(outcome: &Outcome, centers: usize, lang: Lang, profile: serde_json::Value) -> String {
    let findings: Vec<serde_json::Value> =
        outcome.findings.iter().map(|f| f.to_json(lang)).collect();
    let mut summary = summary(outcome, centers);
    summary["profile"] = profile;
    let doc = json!({ "findings": findings, "summary": summary });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn line(f: &Finding, lang: Lang) -> String {
    let mut head = format!(
        "{} [{}]",
        f.severity.label(lang),
        findings::rule::label(f.rule, lang)
    );
    if let Some(c) = &f.center {
        head.push(' ');
        head.push_str(c);
    }
    let place = f.place.describe();
    if !place.is_empty() {
        head.push(' ');
        head.push_str(&place);
    }
    format!("{head}\n  {}\n", f.text.get(lang))
}

/// The findings a reader sees, worst first: errors, then warnings, then 情報 (none with
/// `quiet`); within a severity the deterministic order of [`findings::sort`].
fn shown(outcome: &Outcome, quiet: bool) -> impl Iterator<Item = &Finding> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .filter(move |s| !(quiet && *s == Severity::Info))
        .flat_map(|s| outcome.findings.iter().filter(move |f| f.severity == s))
}

pub fn text(outcome: &Outcome, centers: usize, lang: Lang, quiet: bool) -> String {
    let mut s = String::new();
    for f in shown(outcome, quiet) {
        s.push_str(&line(f, lang));
    }
    s.push_str(&summary_line(outcome, centers, lang));
    s
}

/// GitHub workflow commands: one annotation a finding (`::error file=…,title=…::…`), the
/// summary line as a notice. The rule's stable code stays in the title beside its name, and
/// the sheet and cell open the message, since a workbook has no line for the annotation.
pub fn github(outcome: &Outcome, centers: usize, lang: Lang, quiet: bool) -> String {
    let mut s = String::new();
    for f in shown(outcome, quiet) {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(file) = &f.place.file {
            props.push(format!("file={}", gh_property(file)));
        }
        let title = format!("{} ({})", findings::rule::label(f.rule, lang), f.rule);
        props.push(format!("title={}", gh_property(&title)));
        let mut message = String::new();
        if let Some(c) = &f.center {
            message.push_str(c);
            message.push(' ');
        }
        let place = f.place.describe();
        if !place.is_empty() {
            message.push_str(&place);
            message.push_str(": ");
        }
        message.push_str(f.text.get(lang));
        s.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            gh_data(&message)
        ));
    }
    let summary = summary_line(outcome, centers, lang);
    s.push_str(&format!(
        "::notice title=hokatsu::{}\n",
        gh_data(summary.trim_end())
    ));
    s
}

/// Escaping of a workflow command's message (GitHub's toolkit `escapeData`).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a workflow command's property (`escapeProperty`).
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The last line: the month, the files, the centers whose filled submission was read, the
/// counts, and what to do next. "問題ありません" only when there is nothing to read.
fn summary_line(outcome: &Outcome, centers: usize, lang: Lang) -> String {
    let c = findings::count(&outcome.findings);
    let files = outcome.files.len();
    let filled = outcome.submissions.len();
    let (noun_ja, noun_en) = outcome.period.map(|p| p.cadence).unwrap_or_default().noun();
    match lang {
        Lang::Ja => {
            let period = outcome
                .period
                .map_or_else(|| "不明".to_string(), |p| p.wareki());
            let verdict = if c.errors > 0 {
                "エラーを直してから集計してください。".to_string()
            } else if c.warnings > 0 {
                format!(
                    "警告が {} 件あります。内容を読んで確かめてください。",
                    c.warnings
                )
            } else if c.infos > 0 {
                "エラー・警告はありません(情報を参考にしてください)。".to_string()
            } else {
                "問題ありません。".to_string()
            };
            format!(
                "{noun_ja} {period}: {files} ファイル、{filled} / {centers} センター記入済み。エラー {}、警告 {}、情報 {}。{verdict}\n",
                c.errors, c.warnings, c.infos
            )
        }
        Lang::En => {
            let period = outcome
                .period
                .map_or_else(|| "unknown".to_string(), |p| p.to_string());
            let n = |k: usize, one: &str, many: &str| {
                format!("{k} {}", if k == 1 { one } else { many })
            };
            let verdict = if c.errors > 0 {
                "Fix the errors before compiling.".to_string()
            } else if c.warnings > 0 {
                format!(
                    "Read and check the {}.",
                    n(c.warnings, "warning", "warnings")
                )
            } else if c.infos > 0 {
                "No errors or warnings (see the notes).".to_string()
            } else {
                "All clear.".to_string()
            };
            format!(
                "{noun_en} {period}: {}, {filled} of {centers} centers filled in. {}, {}, {}. {verdict}\n",
                n(files, "file", "files"),
                n(c.errors, "error", "errors"),
                n(c.warnings, "warning", "warnings"),
                n(c.infos, "note", "notes"),
            )
        }
    }
}
