//! What a number cell may hold, and what it means.
//!
//! Centers type `1,606`, `１２`, ` 7 `, leave cells blank (= 0), and write part-time staff as
//! `1(0.7)` (headcount and full-time equivalent). Anything else in a number cell is not guessed
//! at: it becomes a finding at that cell.

use crate::findings::{Finding, Location, fmt_count, rule};
use crate::form::{Form, nfkc};
use crate::i18n::Text;

pub use crate::form::MAX_COUNT;
/// Full-time equivalents above this are taken for typing mistakes.
pub const MAX_FTE: f64 = 999.0;

/// A number cell's meaning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Blank,
    Value(f64),
    /// `1(0.7)`: a headcount with its full-time equivalent.
    PartTime {
        count: f64,
        fte: f64,
    },
}

/// Why a cell's text is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotANumber {
    /// Text that is not a number at all (`未集計`, `-`).
    Text(String),
}

/// Parse the text of a number cell.
pub fn parse_text(text: &str) -> Result<Number, NotANumber> {
    let normalized = nfkc(text);
    let t: String = normalized
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return Ok(Number::Blank);
    }
    if let Some(open) = t.find('(')
        && t.ends_with(')')
    {
        let count = parse_plain(&t[..open]);
        let fte = parse_plain(&t[open + 1..t.len() - 1]);
        if let (Some(count), Some(fte)) = (count, fte) {
            return Ok(Number::PartTime { count, fte });
        }
        return Err(NotANumber::Text(text.trim().to_string()));
    }
    parse_plain(&t)
        .map(Number::Value)
        .ok_or_else(|| NotANumber::Text(text.trim().to_string()))
}

/// `1,606` → 1606; `0.7` → 0.7; a leading minus is kept so that the caller can say "negative".
fn parse_plain(t: &str) -> Option<f64> {
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    if digits.starts_with([',', '.'])
        || digits.ends_with([',', '.'])
        || digits.matches('.').count() > 1
    {
        return None;
    }
    // Thousands separators must separate groups of three.
    let int_part = digits.split('.').next().unwrap_or("");
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
    }
    let value: f64 = digits.replace(',', "").parse().ok()?;
    Some(if neg { -value } else { value })
}

/// Why a number cell's value cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum Bad {
    Text(String),
    Negative(f64),
    Fraction(f64),
    TooLarge(f64),
    ErrorValue(String),
    NotNumber(&'static str, &'static str),
    NoCachedValue(String),
    PartTimeHere(String),
    OutOfRange(f64, f64, f64),
    NotDate(String),
}

/// A list's date typed as text: blank, or a date (`2025/6/12`, `R7.6.12`).
pub fn date(text: &str) -> Result<Option<f64>, Bad> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    crate::era::parse_date(text)
        .map(Some)
        .ok_or_else(|| Bad::NotDate(text.trim().to_string()))
}

/// Check a parsed value against what the item may hold. `fte`: a full-time equivalent (a
/// decimal); `part_time`: a part-time headcount, where `1(0.7)` is allowed.
pub fn check(
    fte: bool,
    parsed: Number,
    part_time: bool,
    range: Option<(f64, f64)>,
) -> Result<Number, Bad> {
    match parsed {
        Number::Value(v) if range.is_some_and(|(lo, hi)| v < lo || v > hi) => {
            let (lo, hi) = range.unwrap_or((v, v));
            Err(Bad::OutOfRange(v, lo, hi))
        }
        // A range of its own (a score 1-5, a signed 収支差額) replaces the count's bounds.
        Number::Value(v) if v < 0.0 && !range.is_some_and(|(lo, _)| lo < 0.0) => {
            Err(Bad::Negative(v))
        }
        Number::Value(v) if !fte && v.fract() != 0.0 => Err(Bad::Fraction(v)),
        Number::Value(v) if range.is_none() && v > if fte { MAX_FTE } else { MAX_COUNT } => {
            Err(Bad::TooLarge(v))
        }
        Number::PartTime { count, fte } if !part_time => {
            Err(Bad::PartTimeHere(format!("{count}({fte})")))
        }
        Number::PartTime { count, fte } if count < 0.0 || fte < 0.0 => {
            Err(Bad::Negative(count.min(fte)))
        }
        Number::PartTime { count, .. } if count.fract() != 0.0 => Err(Bad::Fraction(count)),
        other => Ok(other),
    }
}

/// The finding for a value that cannot be used, at `place`.
pub fn finding(form: &Form, item: usize, bad: Bad, place: Location) -> Finding {
    let what = form.describe(item);
    let want = Wanted::of(form, item);
    let (ja, en, actual) = bad.words(&what, &want);
    Finding::error(rule::INPUT, place, Text::new(ja, en)).values(want.expected, actual)
}

/// What a cell takes, in words (Japanese, English) and as the finding's expected value: a
/// score names its scale, a signed figure allows minus.
struct Wanted {
    ja: String,
    en: String,
    expected: String,
}

impl Wanted {
    fn of(form: &Form, item: usize) -> Wanted {
        let fte = form.items[item].fte;
        let (ja, en, expected) = match form.items[item].range {
            Some((lo, hi)) if lo >= 0.0 => (
                format!("{}から{}までの整数", fmt_count(lo), fmt_count(hi)),
                format!("a whole number from {} to {}", fmt_count(lo), fmt_count(hi)),
                format!("whole number {}-{}", fmt_count(lo), fmt_count(hi)),
            ),
            Some(_) => (
                "整数(マイナスも可)".to_string(),
                "a whole number (negative allowed)".to_string(),
                "whole number".to_string(),
            ),
            None if fte => (
                "0以上の小数(常勤換算、例: 0.7)".to_string(),
                "a decimal ≥ 0 (full-time equivalent, e.g. 0.7)".to_string(),
                "decimal >= 0".to_string(),
            ),
            None => (
                "0以上の整数(0は空欄でも可)".to_string(),
                "a whole number ≥ 0 (0 may be left blank)".to_string(),
                "whole number >= 0".to_string(),
            ),
        };
        Wanted { ja, en, expected }
    }
}

impl Bad {
    /// What is wrong with the cell of `what` (Japanese, English), and the value it holds.
    fn words(self, what: &str, want: &Wanted) -> (String, String, String) {
        let (want_ja, want_en) = (&want.ja, &want.en);
        match self {
            Bad::Text(t) => (
                format!("{what}に数字でない「{t}」が入っています。{want_ja}を入力してください。"),
                format!("{what} holds \"{t}\", which is not a number. Enter {want_en}."),
                t,
            ),
            Bad::Negative(v) => (
                format!(
                    "{what}が負の数 ({}) です。{want_ja}を入力してください。",
                    fmt_count(v)
                ),
                format!("{what} is negative ({}). Enter {want_en}.", fmt_count(v)),
                fmt_count(v),
            ),
            Bad::Fraction(v) => (
                format!("{what}が小数 ({v}) です。件数・人数は整数で入力してください。"),
                format!(
                    "{what} is a fraction ({v}). Enter counts and headcounts as whole numbers."
                ),
                v.to_string(),
            ),
            Bad::TooLarge(v) => (
                format!(
                    "{what}の値 {} は大きすぎます。桁の打ち間違いがないか確かめてください。",
                    fmt_count(v)
                ),
                format!(
                    "{what} is implausibly large ({}). Check for a typing mistake.",
                    fmt_count(v)
                ),
                fmt_count(v),
            ),
            Bad::ErrorValue(e) => (
                format!(
                    "{what}が計算エラー ({e}) になっています。式を直すか、数字を入力してください。"
                ),
                format!("{what} is a formula error ({e}). Fix the formula or type the number."),
                e,
            ),
            Bad::NotNumber(ja_kind, en_kind) => (
                format!(
                    "{what}に数字ではなく{ja_kind}が入っています。{want_ja}を入力してください。"
                ),
                format!("{what} holds {en_kind}, not a number. Enter {want_en}."),
                en_kind.to_string(),
            ),
            Bad::NoCachedValue(f) => (
                format!(
                    "{what}の式 ={f} に計算結果が保存されていません。ファイルをExcelで開いて保存し直してください。"
                ),
                format!(
                    "{what} holds the formula ={f} without a calculated value. Open the file in Excel and save it again."
                ),
                format!("={f}"),
            ),
            Bad::OutOfRange(v, lo, hi) => (
                format!(
                    "{what}の値 {v} は {lo}〜{hi} の範囲外です。{lo}から{hi}までの整数を入力してください。"
                ),
                format!(
                    "{what} is {v}, outside {lo}–{hi}. Enter a whole number from {lo} to {hi}."
                ),
                v.to_string(),
            ),
            Bad::NotDate(t) => (
                format!(
                    "{what}に日付として読めない「{t}」が入っています。2025/6/12 のように年月日を入力してください。"
                ),
                format!("{what} holds \"{t}\", which is not a date. Enter it as 2025/6/12."),
                t,
            ),
            Bad::PartTimeHere(t) => (
                format!(
                    "{what}に「{t}」とありますが、「人数(常勤換算)」の書き方は非常勤職員の欄だけで使えます。{want_ja}を入力してください。"
                ),
                format!(
                    "{what} holds \"{t}\": the headcount(FTE) notation is only for part-time staff. Enter {want_en}."
                ),
                t,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_centers_type_is_read() {
        assert_eq!(parse_text("1,606"), Ok(Number::Value(1606.0)));
        assert_eq!(parse_text("１２"), Ok(Number::Value(12.0)));
        assert_eq!(parse_text(" 7 "), Ok(Number::Value(7.0)));
        assert_eq!(parse_text("１，６０６"), Ok(Number::Value(1606.0)));
        assert_eq!(parse_text(""), Ok(Number::Blank));
        assert_eq!(parse_text("　"), Ok(Number::Blank));
        assert_eq!(
            parse_text("1(0.7)"),
            Ok(Number::PartTime {
                count: 1.0,
                fte: 0.7
            })
        );
        assert_eq!(
            parse_text("１（０．６）"),
            Ok(Number::PartTime {
                count: 1.0,
                fte: 0.6
            })
        );
        assert_eq!(parse_text("-3"), Ok(Number::Value(-3.0)));
        assert_eq!(parse_text("0.7"), Ok(Number::Value(0.7)));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "未集計",
            "-",
            "#REF!",
            "7人",
            "1,2",
            "12,34,567",
            "1.2.3",
            "(0.7)",
            "1(x)",
            ",5",
            "5,",
        ] {
            assert!(parse_text(bad).is_err(), "{bad} should be refused");
        }
    }
}
