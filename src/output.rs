//! Findings on the terminal: text for the clerk, JSON for CI (PRODUCT.md §2).

use crate::findings::{self, Finding};
use crate::i18n::Lang;
use crate::run::Outcome;
use serde_json::json;

/// The summary object of the JSON output.
pub fn summary(outcome: &Outcome, centers: usize) -> serde_json::Value {
    let c = findings::count(&outcome.findings);
    json!({
        "period": outcome.period.map(|p| p.to_string()),
        "files": outcome.files.len(),
        "centers": centers,
        "submitted": outcome.submissions.len(),
        "errors": c.errors,
        "warnings": c.warnings,
        "infos": c.infos,
    })
}

pub fn json(outcome: &Outcome, centers: usize, lang: Lang) -> String {
    let findings: Vec<serde_json::Value> =
        outcome.findings.iter().map(|f| f.to_json(lang)).collect();
    let doc = json!({ "findings": findings, "summary": summary(outcome, centers) });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn line(f: &Finding, lang: Lang) -> String {
    let mut head = format!("{} [{}]", f.severity.label(lang), f.rule);
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

pub fn text(outcome: &Outcome, centers: usize, lang: Lang) -> String {
    let mut s = String::new();
    for f in &outcome.findings {
        s.push_str(&line(f, lang));
    }
    let c = findings::count(&outcome.findings);
    let period = outcome
        .period
        .map(|p| p.to_string())
        .unwrap_or_else(|| "?".into());
    s.push_str(&match lang {
        Lang::Ja => format!(
            "対象月 {period}: {} ファイル、{} / {} センター提出。エラー {}、警告 {}、情報 {}。{}\n",
            outcome.files.len(),
            outcome.submissions.len(),
            centers,
            c.errors,
            c.warnings,
            c.infos,
            if c.errors == 0 { "問題ありません。" } else { "エラーを直してから集計してください。" }
        ),
        Lang::En => format!(
            "Month {period}: {} files, {} of {} centers submitted. {} errors, {} warnings, {} infos.{}\n",
            outcome.files.len(),
            outcome.submissions.len(),
            centers,
            c.errors,
            c.warnings,
            c.infos,
            if c.errors == 0 { " All clear." } else { " Fix the errors before compiling." }
        ),
    });
    s
}
