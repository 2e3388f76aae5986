//! The template checks itself while a center fills it: each rule of `check` that a formula can
//! express is also a formula in the workbook (every sum a total can be typed over, breakdowns
//! against their cases, abuse types, the provider list against 委託作成件数 and 委託事業所数,
//! the professional staff the city requires, full-time equivalents against headcounts).
//!
//! A check is data here: which rule family it mirrors, whether `check` reports it as an error,
//! the cells it is about, an Excel condition that is TRUE when it fails and an Excel text
//! saying so in the words of `check`. The template turns them into conditional formatting, a
//! message beside the table, a line of the チェック list on 記入方法 and the failing count in
//! `hk_check_count`. Only functions Excel 2010 and LibreOffice both compute are used (SUM,
//! COUNTIF, IF, IFERROR, AND, OR, N, ISNUMBER, ISTEXT, ROUND, TEXT, and ASC, SUBSTITUTE, FIND,
//! LEFT, MID, LEN, VALUE to read the `1(0.7)` notation).

use super::{Place, SHEET_PROVIDERS};
use crate::form::{Bound, Kind, Test};
use crate::grid::sheet_ref;
use crate::profile::{Center, Profile};

/// One self-check of the template.
#[derive(Debug, Clone)]
pub struct Check {
    /// The rule of `check` it mirrors (`sum`, `providers.match`, …).
    pub rule: &'static str,
    /// `check` reports it as an error (counted in `hk_check_count`); otherwise a warning.
    pub error: bool,
    /// The cell to look at first; the cells to colour when it fails.
    pub at: Place,
    pub cells: Vec<Place>,
    /// TRUE when the check fails (an Excel formula without the leading `=`).
    pub fails: String,
    /// The message, as an Excel string expression.
    pub message: String,
    /// Shade each of `cells` by its own text (ISTEXT), not by the whole check failing: a
    /// table's one mistyped cell, not the whole table.
    pub each_text: bool,
}

/// Every check of a center's template.
pub fn checks(
    profile: &Profile,
    center: Option<&Center>,
    places: &[Place],
    sheet_names: &[String],
) -> Vec<Check> {
    let cx = Refs {
        form: &profile.form,
        places,
        sheet_names,
    };
    let mut out = Vec::new();
    sum_checks(&cx, &mut out);
    relation_checks(&cx, &mut out);
    provider_checks(&cx, &mut out);
    staffing_checks(&cx, profile, center, &mut out);
    text_checks(&cx, &mut out);
    out
}

/// What a check's formulas name: the form's items at their places in the template's sheets.
struct Refs<'a> {
    form: &'a crate::form::Form,
    places: &'a [Place],
    sheet_names: &'a [String],
}

impl Refs<'_> {
    /// A cell of the template as a formula names it (`'実績'!$C$5`).
    fn r(&self, p: Place) -> String {
        sheet_ref(&self.sheet_names[p.sheet], p.row, p.col)
    }

    fn item(&self, i: usize) -> String {
        self.r(self.places[i])
    }
}

/// A count as a message shows it (1,234).
fn count(expr: &str) -> String {
    format!("TEXT({expr},\"#,##0\")")
}

/// A total typed over that disagrees with its parts.
fn sum_checks(cx: &Refs, out: &mut Vec<Check>) {
    let (form, places) = (cx.form, cx.places);
    let item = |i: usize| cx.item(i);
    // sum: a total typed over that disagrees with its parts (a total still holding its formula
    // agrees by construction, as `check` recomputes it).
    for sum in &form.sums {
        let total = item(sum.total);
        let parts = sum
            .parts
            .iter()
            .map(|&p| item(p))
            .collect::<Vec<_>>()
            .join(",");
        let what = match form.items[sum.total].slot {
            Some(slot) => format!(
                "{} {}行目の{}",
                SHEET_PROVIDERS,
                slot + 1,
                form.items[sum.total].column_label
            ),
            None => form.describe(sum.total),
        };
        out.push(Check {
            rule: crate::findings::rule::SUM,
            each_text: false,
            error: true,
            at: places[sum.total],
            cells: vec![places[sum.total]],
            fails: format!("AND(ISNUMBER({total}),ROUND({total}-SUM({parts}),6)<>0)"),
            message: excel_message(
                &crate::findings::sum_text(&what, &slot(0), &slot(1), None).ja,
                &[count(&total), count(&format!("SUM({parts})"))],
            ),
        });
    }
}

/// Relations between tables.
fn relation_checks(cx: &Refs, out: &mut Vec<Check>) {
    let (form, places) = (cx.form, cx.places);
    let item = |i: usize| cx.item(i);
    // Relations between tables: a breakdown counted once must equal its cases (an error in
    // `check`), 重複あり should reach them and abuse types should account for the abuse cases
    // (warnings).
    for rel in &form.relations {
        let join = |items: &[usize]| items.iter().map(|&i| item(i)).collect::<Vec<_>>().join(",");
        // The left side: SUM of its items, less SUM of those subtracted.
        let left = match (rel.left.is_empty(), rel.minus.is_empty()) {
            (_, true) => format!("SUM({})", join(&rel.left)),
            (true, false) => format!("-SUM({})", join(&rel.minus)),
            (false, false) => format!("(SUM({})-SUM({}))", join(&rel.left), join(&rel.minus)),
        };
        let right = match rel.right {
            Bound::Item(i) => format!("N({})", item(i)),
            Bound::Number(n) => format!("{n}"),
        };
        let (rule, error, test) = rel.kind.meaning();
        let fails = match test {
            Test::Equal => format!("ROUND({left}-{right},6)<>0"),
            Test::AtMost => format!("{left}>{right}"),
            Test::AtLeast => format!("{left}<{right}"),
        };
        let text = crate::findings::relation_text(
            rel.kind,
            &form.describe_left(rel),
            &slot(0),
            &form.describe_right(rel),
            &slot(1),
        );
        let figure = |expr: &str| {
            if form.relation_in_percent(rel) {
                format!("TEXT({expr},\"0.0%\")")
            } else {
                count(expr)
            }
        };
        out.push(Check {
            rule,
            each_text: false,
            error,
            at: places[rel.first()],
            cells: rel.items().map(|i| places[i]).collect(),
            fails,
            message: excel_message(&text.ja, &[figure(&left), figure(&right)]),
        });
    }
}

/// The provider list against the counts it must match.
fn provider_checks(cx: &Refs, out: &mut Vec<Check>) {
    let (form, places) = (cx.form, cx.places);
    let item = |i: usize| cx.item(i);
    let r = |p: Place| cx.r(p);
    // providers.match: the list, per program, against 委託作成件数 and 委託事業所数.
    if let Some(t) = form.providers {
        let table = &form.tables[t];
        for (c, axis) in table.columns.iter().enumerate().skip(1) {
            let column: Vec<Place> = table.items.iter().map(|slot| places[slot[c]]).collect();
            let (Some(first), Some(last)) = (column.first(), column.last()) else {
                continue;
            };
            let range = format!("{}:{}", r(*first), crate::grid::a1_abs(last.row, last.col));
            let program = axis.joined();
            if let Some(plans) = axis.plans {
                let stated = item(plans);
                out.push(Check {
                    rule: crate::findings::rule::PROVIDERS_MATCH,
                    each_text: false,
                    error: true,
                    at: places[plans],
                    cells: vec![places[plans]],
                    fails: format!("ROUND(SUM({range})-N({stated}),6)<>0"),
                    message: excel_message(
                        &crate::findings::plans_text(
                            &form.describe(plans),
                            &slot(0),
                            &program,
                            &slot(1),
                        )
                        .ja,
                        &[
                            count(&format!("N({stated})")),
                            count(&format!("SUM({range})")),
                        ],
                    ),
                });
            }
            if let Some(providers) = axis.providers {
                let stated = item(providers);
                out.push(Check {
                    rule: crate::findings::rule::PROVIDERS_MATCH,
                    each_text: false,
                    error: true,
                    at: places[providers],
                    cells: vec![places[providers]],
                    fails: format!("COUNTIF({range},\">0\")<>N({stated})"),
                    message: excel_message(
                        &crate::findings::providers_count_text(
                            &form.describe(providers),
                            &slot(0),
                            &program,
                            &slot(1),
                        )
                        .ja,
                        &[
                            count(&format!("N({stated})")),
                            format!("COUNTIF({range},\">0\")"),
                        ],
                    ),
                });
            }
        }
    }
}

/// The staff the city requires, and each full-time equivalent against its headcount.
fn staffing_checks(cx: &Refs, profile: &Profile, center: Option<&Center>, out: &mut Vec<Check>) {
    let (form, places) = (cx.form, cx.places);
    let item = |i: usize| cx.item(i);
    // staffing.required: the full-time professional staff against what the city requires.
    let staffing = form.staffing.as_ref();
    if let Some((st, c, required)) =
        center.and_then(|c| Some((staffing?, c, profile.required_staff(c)?)))
    {
        let row = &form.tables[st.table].items[st.professional_total];
        let cells = row.iter().map(|&i| item(i)).collect::<Vec<_>>().join(",");
        out.push(Check {
            rule: crate::findings::rule::STAFFING_REQUIRED,
            each_text: false,
            error: true,
            at: places[row[0]],
            cells: row.iter().map(|&i| places[i]).collect(),
            fails: format!("SUM({cells})<{required}"),
            message: {
                let note = c
                    .required_note
                    .as_deref()
                    .map(|n| format!(" ※{n}"))
                    .unwrap_or_default();
                let text =
                    crate::findings::required_text(form, &slot(0), required, c.population, &note);
                excel_message(&text.ja, &[format!("SUM({cells})")])
            },
        });
    }

    // staffing.fte: a part-time headcount's full-time equivalent above 0 and at most it.
    let staffing = staffing.map(|st| &form.tables[st.table]);
    for (ri, axis) in staffing.iter().flat_map(|t| t.rows.iter().enumerate()) {
        let Some(staffing) = staffing else { break };
        if !axis.part_time || axis.sum.is_some() {
            continue;
        }
        for (c, &head) in staffing.items[ri].iter().enumerate() {
            let Some(fte) = staffing.fte[ri][c] else {
                continue;
            };
            let (h, f) = part_time(&item(head), &item(fte));
            let what = form.describe(fte);
            out.push(Check {
                rule: crate::findings::rule::STAFFING_FTE,
                each_text: false,
                error: true,
                at: places[fte],
                cells: vec![places[head], places[fte]],
                fails: format!("OR(AND({h}>0,{f}=0),AND({h}=0,{f}>0),{f}>{h})"),
                message: format!(
                    "\"{}が \"&{f}&\"、非常勤の人数が \"&{h}&\" 人です。常勤換算は 0 より大きく人数以下(一人 1.0 まで)にしてください。\"",
                    excel_text(&what)
                ),
            });
        }
    }
}

/// A part-time row's headcount and full-time equivalent as `check` reads them, as Excel
/// expressions over the headcount cell `h` and the FTE cell `f`: `1(0.7)` typed in the headcount
/// (full-width or not) is a headcount of 1 and, when the FTE cell holds no number, an FTE of
/// 0.7; anything else is the cell's number (text that is not the notation counts 0 here: the
/// input check names it).
fn part_time(h: &str, f: &str) -> (String, String) {
    // The notation without spaces, in half-width characters.
    let t = format!("SUBSTITUTE(ASC({h}),\" \",\"\")");
    let open = format!("FIND(\"(\",{t})");
    let head = format!("IF(ISTEXT({h}),IFERROR(VALUE(LEFT({t},{open}-1)),0),N({h}))");
    let typed = format!("IFERROR(VALUE(MID({t},{open}+1,LEN({t})-{open}-1)),0)");
    let fte = format!("IF(ISNUMBER({f}),{f},IF(ISTEXT({h}),{typed},0))");
    (head, fte)
}

/// Text in a number cell.
fn text_checks(cx: &Refs, out: &mut Vec<Check>) {
    let (form, places) = (cx.form, cx.places);
    let item = |i: usize| cx.item(i);
    // input: text in a number cell (「3件」, a pasted 「1(1.2)」), as `check` refuses it — one
    // check per table (in parts an Excel formula can hold), each such cell shaded. A part-time
    // headcount is left out: `1(0.7)` there is the staffing notation `check` reads.
    for table in &form.tables {
        let cells: Vec<usize> = table
            .all_items()
            .filter(|&i| matches!(form.items[i].kind, Kind::Count | Kind::Fte))
            .filter(|&i| !part_time_headcount(form, i))
            .collect();
        for part in cells.chunks(TEXT_CELLS_PER_CHECK) {
            let Some(&first) = part.first() else { continue };
            let terms: Vec<String> = part
                .iter()
                .map(|&i| format!("ISTEXT({})", item(i)))
                .collect();
            let what = excel_text(&form.items[first].section_label);
            out.push(Check {
                rule: crate::findings::rule::INPUT,
                error: true,
                each_text: true,
                at: places[first],
                cells: part.iter().map(|&i| places[i]).collect(),
                fails: format!("({})>0", terms.join("+")),
                message: format!(
                    "\"{what}: 数字の欄に文字が入っています(「3件」など)。赤いセルに数字だけを入力してください。\""
                ),
            });
        }
    }
}

/// Cells one text check covers: its formula stays far under Excel's 8,192 characters.
const TEXT_CELLS_PER_CHECK: usize = 200;

/// A part-time row's headcount cell (where `check` reads `1(0.7)` as headcount and FTE).
fn part_time_headcount(form: &crate::form::Form, item: usize) -> bool {
    let it = &form.items[item];
    let table = &form.tables[it.table];
    !it.fte && table.rows.get(it.row).is_some_and(|r| r.part_time)
}

/// Text inside an Excel string literal: quotes doubled.
fn excel_text(s: &str) -> String {
    s.replace('"', "\"\"")
}

/// A placeholder for the n-th figure of a message written by `findings` (replaced by an Excel
/// expression in [`excel_message`]).
fn slot(n: usize) -> String {
    format!("\u{1}{n}\u{1}")
}

/// A message of `check` as an Excel string expression: its text quoted, each [`slot`] replaced
/// by the expression computing that figure.
fn excel_message(text: &str, figures: &[String]) -> String {
    let mut out = format!("\"{}\"", excel_text(text));
    for (n, expr) in figures.iter().enumerate() {
        out = out.replace(&slot(n), &format!("\"&{expr}&\""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_family_that_a_formula_can_express_has_checks()
    -> Result<(), Box<dyn std::error::Error>> {
        let profile = Profile::kushiro()?;
        let center = &profile.centers[2]; // 西部: contracted, requires 9
        let subject = super::super::Subject {
            profile: &profile,
            center: Some(center),
            period: None,
            lang: crate::i18n::Lang::Ja,
        };
        let t = super::super::layout(&subject);
        let names: Vec<String> = t.sheets.iter().map(|s| s.name.clone()).collect();
        let checks = checks(&profile, Some(center), &t.at.places, &names);
        for rule in [
            "sum",
            "providers.match",
            "staffing.required",
            "staffing.fte",
            "abuse.breakdown",
        ] {
            assert!(checks.iter().any(|c| c.rule == rule), "{rule}");
        }
        // A 直営 center has no required staff.
        let direct = &profile.centers[0];
        let checks = super::checks(&profile, Some(direct), &t.at.places, &names);
        assert!(!checks.iter().any(|c| c.rule == "staffing.required"));
        Ok(())
    }
}
