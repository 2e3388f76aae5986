//! `sum` (every part-whole relation of the form), and the relations between tables:
//! a breakdown of cases counted once must equal the cases (`sum`), a 重複あり breakdown should
//! reach the number of cases (`overlap.plausible`), abuse types should account for the abuse
//! cases (`abuse.breakdown`).

use crate::findings::{Finding, fmt_count, rule};
use crate::form::{Bound, Form, Test};
use crate::i18n::Text;
use crate::model::value;
use crate::model::{NAME_COLUMN, Submission};

pub fn check(form: &Form, sub: &Submission, out: &mut Vec<Finding>) {
    totals(form, sub, out);
    relations(form, sub, out);
    lines_without_first_column(form, sub, out);
    provider_totals(form, sub, out);
}

/// `sum`: a total the center typed over its formula disagrees with its parts.
fn totals(form: &Form, sub: &Submission, out: &mut Vec<Finding>) {
    for sum in &form.sums {
        if form.items[sum.total].slot.is_some() {
            continue; // provider rows are checked below, line by line
        }
        if sub.any_unreadable(sum.parts.iter().copied().chain([sum.total])) {
            continue; // the unreadable cell has its own finding
        }
        // Each of a total's sums is compared with its own parts (a grid's 合計 of 計 is both
        // its row's and its column's).
        let Some(given) = sub.values[sum.total] else {
            continue;
        };
        let expected: f64 = sum.parts.iter().map(|&p| value(form, sub, p)).sum();
        if (given - expected).abs() > 1e-9 {
            let what = form.describe(sum.total);
            let parts: Vec<String> = sum
                .parts
                .iter()
                .filter(|&&p| value(form, sub, p) != 0.0)
                .map(|&p| {
                    format!(
                        "{} {}",
                        short_label(form, p),
                        fmt_count(value(form, sub, p))
                    )
                })
                .collect();
            let (ja, en) = (parts.join("、"), parts.join(", "));
            let text = crate::findings::sum_text(
                &what,
                &fmt_count(given),
                &fmt_count(expected),
                Some((&ja, &en)),
            );
            out.push(
                Finding::error(rule::SUM, sub.item_place(sum.total), text)
                    .values(fmt_count(expected), fmt_count(given)),
            );
        }
    }
}

/// The relations the form states (breakdowns, overlaps, abuse types, bounds).
fn relations(form: &Form, sub: &Submission, out: &mut Vec<Finding>) {
    for rel in &form.relations {
        // An unreadable cell has its own finding; a relation reading it, or a total that
        // lacks it, would only repeat it.
        if rel.items().any(|i| sub.lacks_unreadable(form, i)) {
            continue;
        }
        let left: f64 = rel.left.iter().map(|&i| value(form, sub, i)).sum::<f64>()
            - rel.minus.iter().map(|&i| value(form, sub, i)).sum::<f64>();
        let right = match rel.right {
            Bound::Item(i) => value(form, sub, i),
            Bound::Number(n) => n,
        };
        let (rule, error, test) = rel.kind.meaning();
        if !test.fails(left, right) {
            continue;
        }
        let (l, r) = (
            form.relation_figure(rel, left),
            form.relation_figure(rel, right),
        );
        let text = crate::findings::relation_text(
            rel.kind,
            &form.describe_left(rel),
            &l,
            &form.describe_right(rel),
            &r,
        );
        let expected = match test {
            Test::Equal => r.clone(),
            Test::AtMost => format!("<= {r}"),
            Test::AtLeast => format!(">= {r}"),
        };
        // A relation the form states: at every cell it reads (each item of each side, a
        // computed 占有率 at its own cell), as the template shades them; a table's breakdown at
        // its first.
        let places: Vec<_> = if rel.kind.at_both_places() {
            rel.items().map(|i| sub.item_place(i)).collect()
        } else {
            vec![sub.item_place(rel.first())]
        };
        for at in places {
            let f = if error {
                Finding::error(rule, at, text.clone())
            } else {
                Finding::warning(rule, at, text.clone())
            };
            out.push(f.values(&expected, &l));
        }
    }
}

/// A list's row filled without its first column (a meeting without 開催日) is not counted.
fn lines_without_first_column(form: &Form, sub: &Submission, out: &mut Vec<Finding>) {
    for table in form.tables.iter().filter(|t| t.has_lines()) {
        for (slot, cols) in table.items.iter().enumerate() {
            let Some(&filled) = cols.iter().find(|&&i| sub.filled(i)) else {
                continue;
            };
            if sub.filled(cols[0]) || sub.unreadable[cols[0]] {
                continue;
            }
            let first = table.columns[0].joined();
            out.push(Finding::warning(
                rule::INPUT,
                sub.item_place(filled),
                Text::new(
                    format!(
                        "{} の{}行目に記入がありますが、{first}が空欄です。{first}のある行だけを件数に数えます。",
                        form.items[cols[0]].section_label,
                        slot + 1
                    ),
                    format!(
                        "{}, line {}, is filled but its {first} is blank; only lines with a {first} are counted.",
                        form.items[cols[0]].section_label,
                        slot + 1
                    ),
                ),
            ));
        }
    }
}

/// Provider rows: 介護予防支援 + 介護予防ケアマネジメント = 作成数合計.
fn provider_totals(form: &Form, sub: &Submission, out: &mut Vec<Finding>) {
    if let Some(t) = form.providers {
        let table = &form.tables[t];
        for (c, axis) in table.columns.iter().enumerate().skip(NAME_COLUMN + 1) {
            let Some(parts) = &axis.sum else { continue };
            for line in sub.providers.iter().filter(|l| !l.unreadable) {
                let Some(given) = line.counts[c] else {
                    continue;
                };
                let expected: f64 = parts.iter().map(|&p| line.count(p)).sum();
                if (given - expected).abs() > 1e-9 {
                    out.push(
                        Finding::error(
                            rule::SUM,
                            sub.place(line.origins[c]),
                            Text::new(
                                format!(
                                    "委託先「{}」の{}は {} ですが、内訳の合計は {} です。",
                                    line.name,
                                    axis.joined(),
                                    fmt_count(given),
                                    fmt_count(expected)
                                ),
                                format!(
                                    "Provider \"{}\": {} is {} but its parts add up to {}.",
                                    line.name,
                                    axis.joined(),
                                    fmt_count(given),
                                    fmt_count(expected)
                                ),
                            ),
                        )
                        .values(fmt_count(expected), fmt_count(given)),
                    );
                }
            }
        }
    }
}

/// The part of an item's label that tells it apart inside its table.
fn short_label(form: &Form, item: usize) -> String {
    let it = &form.items[item];
    let t = &form.tables[it.table];
    if t.columns.len() == 1 {
        it.row_label.clone()
    } else if t.rows.len() == 1 {
        it.column_label.clone()
    } else {
        format!("{} {}", it.row_label, it.column_label)
    }
}
