//! Findings are data: what is wrong, where, how bad, and what was expected. The terminal text,
//! the JSON and the 検証結果 sheet are renderings of them.

use crate::grid::a1;
use crate::i18n::{Lang, Text, tr};
use serde::Serialize;
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => tr(lang, "エラー", "error"),
            Severity::Warning => tr(lang, "警告", "warning"),
            Severity::Info => tr(lang, "情報", "info"),
        }
    }
}

/// The rules' codes, where they have always been named from.
pub use crate::rule;

/// Where a finding points: a file, a sheet, a cell, each when known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub file: Option<String>,
    pub sheet: Option<String>,
    /// 0-based (row, column).
    pub cell: Option<(u32, u16)>,
}

impl Location {
    pub fn file(file: &str) -> Location {
        Location {
            file: Some(file.to_string()),
            ..Location::default()
        }
    }
    pub fn cell(file: &str, sheet: &str, row: u32, col: u16) -> Location {
        Location {
            file: Some(file.to_string()),
            sheet: Some(sheet.to_string()),
            cell: Some((row, col)),
        }
    }
    /// `西部.xlsx 実績!C12`
    pub fn describe(&self) -> String {
        let mut s = self.file.clone().unwrap_or_default();
        if let Some(sheet) = &self.sheet {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(sheet);
            if let Some((r, c)) = self.cell {
                s.push('!');
                s.push_str(&a1(r, c));
            }
        }
        s
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub rule: &'static str,
    /// The center's short name, when the finding is about one center.
    pub center: Option<String>,
    pub place: Location,
    pub text: Text,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

impl Finding {
    pub fn new(severity: Severity, rule: &'static str, place: Location, text: Text) -> Finding {
        Finding {
            severity,
            rule,
            center: None,
            place,
            text,
            expected: None,
            actual: None,
        }
    }
    pub fn error(rule: &'static str, place: Location, text: Text) -> Finding {
        Finding::new(Severity::Error, rule, place, text)
    }
    pub fn warning(rule: &'static str, place: Location, text: Text) -> Finding {
        Finding::new(Severity::Warning, rule, place, text)
    }
    pub fn info(rule: &'static str, place: Location, text: Text) -> Finding {
        Finding::new(Severity::Info, rule, place, text)
    }
    pub fn center(mut self, center: Option<&str>) -> Finding {
        self.center = center.map(str::to_string);
        self
    }
    pub fn values(mut self, expected: impl ToString, actual: impl ToString) -> Finding {
        self.expected = Some(expected.to_string());
        self.actual = Some(actual.to_string());
        self
    }

    pub fn cell_a1(&self) -> Option<String> {
        self.place.cell.map(|(r, c)| a1(r, c))
    }

    fn sort_key(&self) -> impl Ord + '_ {
        (
            self.place.file.as_deref().unwrap_or(""),
            self.place.sheet.as_deref().unwrap_or(""),
            self.place.cell.map_or((0, 0), |(r, c)| (r + 1, c + 1)),
            self.rule,
            self.severity,
            &self.text.en,
        )
    }

    pub fn to_json(&self, lang: Lang) -> Value {
        json!({
            "severity": self.severity.as_str(),
            "rule": self.rule,
            "center": self.center,
            "file": self.place.file,
            "sheet": self.place.sheet,
            "cell": self.cell_a1(),
            "message": self.text.get(lang),
            "expected": self.expected.as_deref().map(json_value),
            "actual": self.actual.as_deref().map(json_value),
        })
    }
}

/// A value for JSON: a number where it is one (`1,606` → 1606, `0.7`), else the text.
fn json_value(s: &str) -> Value {
    let plain = s.replace(',', "");
    let numeric = !plain.is_empty()
        && plain
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
    match plain.parse::<f64>() {
        Ok(v) if numeric && v.fract() == 0.0 && v.abs() < 9e15 => json!(v as i64),
        Ok(v) if numeric => json!(v),
        _ => json!(s),
    }
}

/// Sort findings deterministically: file, sheet, cell, rule.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

pub fn count(findings: &[Finding]) -> Counts {
    let mut c = Counts::default();
    for f in findings {
        match f.severity {
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Info => c.infos += 1,
        }
    }
    c
}

/// What `check` says when a relation fails, with the figures already written out (numbers in
/// a finding, Excel expressions in the template's self-checks): one wording for both.
pub fn relation_text(
    kind: crate::form::RelationKind,
    left_what: &str,
    left: &str,
    right_what: &Text,
    right: &str,
) -> Text {
    use crate::form::RelationKind as K;
    let (ja, verb, en) = match kind {
        K::Breakdown => (
            "と一致しません。一件は一つの内容に数えるので、同じ数になるはずです。",
            "differs from",
            " Each case is counted once, so they must be equal.",
        ),
        K::Overlap => (
            "より少なくなっています。重複ありの内訳は相談件数以上になるはずです。内訳の記入漏れがないか確かめてください。",
            "is smaller than",
            " A breakdown with overlaps should be at least the number of consultations; check for missing entries.",
        ),
        K::Abuse => (
            "と一致しません。虐待の種別ごとの件数を確かめてください(一件に複数の種別がある場合はその旨を確認してください)。",
            "differs from",
            " Check the counts by type of abuse (a case of several types may explain it).",
        ),
        K::Within => (
            "より多くなっています。再掲はその内数なので、超えることはありません。",
            "is more than",
            " A 再掲 figure is part of it and cannot exceed it.",
        ),
        K::Equal { .. } => (
            "と一致しません。数字を確かめてください。",
            "differs from",
            " Check the figures.",
        ),
        K::AtMost { .. } => (
            "を超えています。数字を確かめてください。",
            "is more than",
            " Check the figures.",
        ),
        K::AtLeast { .. } => (
            "に足りません。数字を確かめてください。",
            "is less than",
            " Check the figures.",
        ),
    };
    Text::new(
        format!("{left_what}({left})が{}({right}) {ja}", right_what.ja),
        format!(
            "{left_what} ({left}) {verb} {} ({right}).{en}",
            right_what.en
        ),
    )
}

/// What `check` says of a total typed over that disagrees with its parts (`parts` lists the
/// parts that are not 0, when known).
pub fn sum_text(what: &str, given: &str, expected: &str, parts: Option<(&str, &str)>) -> Text {
    let (pj, pe) = parts.map_or((String::new(), String::new()), |(j, e)| {
        (format!("({j})"), format!(" ({e})"))
    });
    Text::new(
        format!(
            "{what}は {given} ですが、内訳の合計は {expected} です{pj}。計か内訳の数字を確かめてください。"
        ),
        format!(
            "{what} is {given} but its parts add up to {expected}{pe}. Check the total or the parts."
        ),
    )
}

/// What `check` says when a provider list's sum for a program differs from the plans stated.
pub fn plans_text(what: &str, stated: &str, program: &str, listed: &str) -> Text {
    Text::new(
        format!(
            "{what}は {stated} 件ですが、委託先一覧の{program}の合計は {listed} 件です。一覧か件数を確かめてください。"
        ),
        format!(
            "{what} is {stated} but the provider list's {program} adds up to {listed}. Check the list or the count."
        ),
    )
}

/// What `check` says when the providers with plans of a program are not the number stated.
pub fn providers_count_text(what: &str, stated: &str, program: &str, listed: &str) -> Text {
    Text::new(
        format!(
            "{what}は {stated} ですが、委託先一覧で{program}の件数がある事業所は {listed} か所です。一覧か事業所数を確かめてください。"
        ),
        format!(
            "{what} is {stated} but {listed} providers in the list have {program} plans. Check the list or the number."
        ),
    )
}

/// What `check` says when a center's full-time professionals are fewer than the city requires
/// (`names` the professions, `note` the profile's ※ exception, if any).
pub fn required_text(
    form: &crate::form::Form,
    have: &str,
    required: u32,
    population: u32,
    note: &str,
) -> Text {
    let names: Vec<String> = form.professions().into_iter().map(|(_, l)| l).collect();
    let pop = fmt_count(f64::from(population));
    Text::new(
        format!(
            "専門職({})の常勤職員が {have} 人で、市が必要とする {required} 人(第1号被保険者数 {pop} 人)に足りません。職員配置を確かめてください(運営協議会で認めた例外はプロファイルに書きます)。{note}",
            names.join("・")
        ),
        format!(
            "{have} full-time professional staff ({}); the city requires {required} for {pop} first-insured. Check the staffing (an exception the council approved belongs in the profile).{note}",
            names.join(", ")
        ),
    )
}

/// Counts for messages are formatted where the words are.
pub use crate::i18n::fmt_count;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_formatted_like_000() {
        assert_eq!(fmt_count(7290.0), "7,290");
        assert_eq!(fmt_count(26796.0), "26,796");
        assert_eq!(fmt_count(12.0), "12");
        assert_eq!(fmt_count(-1606.0), "-1,606");
        assert_eq!(fmt_count(0.7), "0.7");
    }

    #[test]
    fn sorting_uses_numeric_cells() {
        let f = |cell: (u32, u16)| {
            Finding::error(
                rule::SUM,
                Location::cell("a.xlsx", "実績", cell.0, cell.1),
                Text::new("x", "x"),
            )
        };
        let mut v = vec![f((9, 0)), f((1, 0)), f((1, 3))];
        sort(&mut v);
        let cells: Vec<String> = v.iter().filter_map(|f| f.cell_a1()).collect();
        assert_eq!(cells, ["A2", "D2", "A10"]);
    }
}
