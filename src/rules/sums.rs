//! `sum` (every part-whole relation of the form), and the relations between tables:
//! a breakdown of cases counted once must equal the cases (`sum`), a 重複あり breakdown should
//! reach the number of cases (`overlap.plausible`), abuse types should account for the abuse
//! cases (`abuse.breakdown`).

use crate::findings::{Finding, fmt_count, rule};
use crate::form::{Form, Layout, RelationKind};
use crate::i18n::Text;
use crate::model::Submission;
use crate::model::{parts_sum, value};

pub fn check(form: &Form, sub: &Submission, out: &mut Vec<Finding>) {
    for sum in &form.sums {
        if form.items[sum.total].slot.is_some() {
            continue; // provider rows are checked below, line by line
        }
        if sub.any_unreadable(sum.parts.iter().copied().chain([sum.total])) {
            continue; // the unreadable cell has its own finding
        }
        let (Some(given), Some(expected)) =
            (sub.values[sum.total], parts_sum(form, sub, sum.total))
        else {
            continue;
        };
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
            out.push(
                Finding::error(
                    rule::SUM,
                    sub.item_place(sum.total),
                    Text::new(
                        format!(
                            "{what}は {} ですが、内訳の合計は {} です({})。計か内訳の数字を確かめてください。",
                            fmt_count(given),
                            fmt_count(expected),
                            parts.join("、")
                        ),
                        format!(
                            "{what} is {} but its parts add up to {} ({}). Check the total or the parts.",
                            fmt_count(given),
                            fmt_count(expected),
                            parts.join(", ")
                        ),
                    ),
                )
                .values(fmt_count(expected), fmt_count(given)),
            );
        }
    }

    for rel in &form.relations {
        if sub.any_unreadable(
            rel.left
                .iter()
                .chain(&rel.minus)
                .copied()
                .chain([rel.right]),
        ) {
            continue;
        }
        let left: f64 = rel.left.iter().map(|&i| value(form, sub, i)).sum::<f64>()
            - rel.minus.iter().map(|&i| value(form, sub, i)).sum::<f64>();
        let right = value(form, sub, rel.right);
        let (left_what, right_what) = (form.describe_left(rel), form.describe(rel.right));
        let first = rel
            .left
            .first()
            .or(rel.minus.first())
            .copied()
            .unwrap_or(rel.right);
        let place = sub.item_place(first);
        if let Some((error, ja, en)) = general(rel.kind, left, right) {
            // A relation of the form is reported at both its places.
            for at in [place.clone(), sub.item_place(rel.right)] {
                let text = Text::new(
                    format!(
                        "{left_what}({})が{right_what}({}) {ja}",
                        fmt_count(left),
                        fmt_count(right)
                    ),
                    format!(
                        "{left_what} ({}) {en} {right_what} ({}).",
                        fmt_count(left),
                        fmt_count(right)
                    ),
                );
                let f = if error {
                    Finding::error(rule::RELATION, at, text)
                } else {
                    Finding::warning(rule::RELATION, at, text)
                };
                out.push(f.values(fmt_count(right), fmt_count(left)));
            }
            continue;
        }
        match rel.kind {
            RelationKind::Breakdown if (left - right).abs() > 1e-9 => out.push(
                Finding::error(
                    rule::SUM,
                    place,
                    Text::new(
                        format!("{left_what}({})が{right_what}({}) と一致しません。一件は一つの内容に数えるので、同じ数になるはずです。",
                            fmt_count(left), fmt_count(right)),
                        format!("{left_what} ({}) differs from {right_what} ({}). Each case is counted once, so they must be equal.",
                            fmt_count(left), fmt_count(right)),
                    ),
                )
                .values(fmt_count(right), fmt_count(left)),
            ),
            RelationKind::Overlap if left < right => out.push(
                Finding::warning(
                    rule::OVERLAP,
                    place,
                    Text::new(
                        format!("{left_what}({})が{right_what}({}) より少なくなっています。重複ありの内訳は相談件数以上になるはずです。内訳の記入漏れがないか確かめてください。",
                            fmt_count(left), fmt_count(right)),
                        format!("{left_what} ({}) is smaller than {right_what} ({}). A breakdown with overlaps should be at least the number of consultations; check for missing entries.",
                            fmt_count(left), fmt_count(right)),
                    ),
                )
                .values(format!(">= {}", fmt_count(right)), fmt_count(left)),
            ),
            RelationKind::Abuse if (left - right).abs() > 1e-9 => out.push(
                Finding::warning(
                    rule::ABUSE_BREAKDOWN,
                    place,
                    Text::new(
                        format!("{left_what}({})が{right_what}({}) と一致しません。虐待の種別ごとの件数を確かめてください(一件に複数の種別がある場合はその旨を確認してください)。",
                            fmt_count(left), fmt_count(right)),
                        format!("{left_what} ({}) differs from {right_what} ({}). Check the counts by type of abuse (a case of several types may explain it).",
                            fmt_count(left), fmt_count(right)),
                    ),
                )
                .values(fmt_count(right), fmt_count(left)),
            ),
            RelationKind::Within if left > right + 1e-9 => out.push(
                Finding::error(
                    rule::SUM,
                    place,
                    Text::new(
                        format!("{left_what}({})が{right_what}({}) より多くなっています。再掲はその内数なので、超えることはありません。",
                            fmt_count(left), fmt_count(right)),
                        format!("{left_what} ({}) is more than {right_what} ({}). A 再掲 figure is part of it and cannot exceed it.",
                            fmt_count(left), fmt_count(right)),
                    ),
                )
                .values(format!("<= {}", fmt_count(right)), fmt_count(left)),
            ),
            _ => {}
        }
    }

    // Provider rows: 介護予防支援 + 介護予防ケアマネジメント = 作成数合計.
    if let Some(t) = form.providers {
        let table = &form.tables[t];
        for (c, axis) in table.columns.iter().enumerate().skip(1) {
            let Some(parts) = &axis.sum else { continue };
            for line in sub.providers.iter().filter(|l| !l.unreadable) {
                let Some(given) = line.counts[c - 1] else {
                    continue;
                };
                let expected: f64 = parts
                    .iter()
                    .map(|&p| line.counts[p - 1].unwrap_or(0.0))
                    .sum();
                if (given - expected).abs() > 1e-9 {
                    out.push(
                        Finding::error(
                            rule::SUM,
                            sub.place(line.origins[c - 1]),
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

/// A form's own relation that fails: whether it is an error, and what to say (ja, en).
fn general(
    kind: RelationKind,
    left: f64,
    right: f64,
) -> Option<(bool, &'static str, &'static str)> {
    match kind {
        RelationKind::Equal { error } if (left - right).abs() > 1e-9 => Some((
            error,
            "と一致しません。数字を確かめてください。",
            "differs from",
        )),
        RelationKind::AtMost { error } if left > right + 1e-9 => Some((
            error,
            "を超えています。数字を確かめてください。",
            "is more than",
        )),
        RelationKind::AtLeast { error } if left < right - 1e-9 => Some((
            error,
            "に足りません。数字を確かめてください。",
            "is less than",
        )),
        _ => None,
    }
}

/// The part of an item's label that tells it apart inside its table.
fn short_label(form: &Form, item: usize) -> String {
    let it = &form.items[item];
    let t = &form.tables[it.table];
    if t.layout == Layout::Stacked || t.columns.len() == 1 {
        it.row_label.clone()
    } else if t.rows.len() == 1 {
        it.column_label.clone()
    } else {
        format!("{} {}", it.row_label, it.column_label)
    }
}
