//! `input.blank`: a submission whose input cells are all blank is the template sent back
//! unfilled, not a month of zeros. Typed zeros are data; blank cells are not (the reader keeps
//! them apart, and a total still holding the template's formula reads as blank). A table left
//! wholly blank in a file that is otherwise filled is a warning naming the table, unless it breaks
//! down a count that is 0.

use crate::findings::{Finding, Location, fmt_count, rule};
use crate::form::{Form, Kind};
use crate::i18n::Text;
use crate::model::Submission;
use crate::profile::Profile;

/// The items a center types as numbers (not totals; texts are `Submission::texts`).
fn inputs(form: &Form, items: impl IntoIterator<Item = usize>) -> Vec<usize> {
    items
        .into_iter()
        .filter(|&i| matches!(form.items[i].kind, Kind::Count | Kind::Fte | Kind::Date))
        .collect()
}

/// Nothing typed: every input cell blank, no provider listed, no list line written.
pub fn is_blank(form: &Form, sub: &Submission) -> bool {
    sub.providers.is_empty()
        && sub.unreadable.iter().all(|u| !u)
        && sub.texts.is_empty()
        && inputs(form, 0..form.items.len())
            .iter()
            .all(|&i| sub.values[i].is_none())
}

/// The error for an unfilled file; its center counts as not submitted.
pub fn blank_file(profile: &Profile, sub: &Submission) -> Finding {
    let center = &profile.centers[sub.center];
    Finding::error(
        rule::INPUT_BLANK,
        Location::file(&sub.file),
        Text::new(
            format!("{} のファイルは入力欄がすべて空欄です(配布した様式のまま)。未提出として扱いました。記入したファイルを送ってもらってください(該当がない欄は 0 と入力)。", center.name),
            format!("Every input cell of {}'s file is blank (the template as distributed). It counts as not submitted. Ask the center for the filled file (0 where there is nothing to report).", center.name),
        ),
    )
    .center(Some(&center.short))
}

/// A warning per table with input cells that are all blank, in a file that is otherwise filled.
pub fn tables(form: &Form, sub: &Submission, out: &mut Vec<Finding>) {
    for (t, table) in form.tables.iter().enumerate() {
        if table.has_lines() || form.providers == Some(t) {
            continue; // an empty list is checked against what it counts (its relations)
        }
        // A breakdown of nothing is rightly blank (no 処遇困難 cases, no 対応事例内容).
        let nothing_to_break_down = form.relations.iter().any(|r| {
            matches!(
                r.kind,
                crate::form::RelationKind::Breakdown | crate::form::RelationKind::Abuse
            ) && r.table == t
                && r.right_item()
                    .is_some_and(|i| crate::model::value(form, sub, i) == 0.0)
        });
        if nothing_to_break_down {
            continue;
        }
        let items = inputs(form, table.all_items());
        let Some(&first) = items.first() else {
            continue;
        };
        let given = |i: &&usize| sub.values[**i].is_some() || sub.unreadable[**i];
        if items.iter().any(|i| given(&i)) {
            // A score left out of an evaluation otherwise filled: its average would silently
            // use the others. Each blank score is named.
            if table.is_scored() {
                for &i in items.iter().filter(|i| !given(i)) {
                    let (lo, hi) = form.items[i].range.unwrap_or((1.0, 5.0));
                    let what = form.describe(i);
                    out.push(Finding::warning(
                        rule::INPUT_BLANK,
                        sub.item_place(i),
                        Text::new(
                            format!("{what}が空欄です(ほかの評価は入力済み)。平均がこの項目を除いて計算されるので、{}〜{} で入力してください。", fmt_count(lo), fmt_count(hi)),
                            format!("{what} is blank while the other scores are given; the average would leave it out. Enter {} to {}.", fmt_count(lo), fmt_count(hi)),
                        ),
                    ));
                }
            }
            continue;
        }
        // The table as the dictionary names it (section and table: 地域ケア会議開催状況 開催回数).
        let name = &form.items[first].section_label;
        // What to enter: 0 where there is nothing to report, or a score of the scale (where 0
        // is not one).
        let (enter_ja, enter_en) = match form.items[first].range {
            Some((lo, hi)) if lo > 0.0 => (
                format!("{}〜{} の点数を入力", fmt_count(lo), fmt_count(hi)),
                format!("enter a score from {} to {}", fmt_count(lo), fmt_count(hi)),
            ),
            _ => (
                "該当がなければ 0 と入力".to_string(),
                "enter 0 where there is nothing to report".to_string(),
            ),
        };
        out.push(Finding::warning(
            rule::INPUT_BLANK,
            sub.item_place(first),
            Text::new(
                format!(
                    "表「{name}」が空欄のままです。記入漏れでないか確かめてください({enter_ja})。"
                ),
                format!("Table \"{name}\" is left blank. Check it was not forgotten ({enter_en})."),
            ),
        ));
    }
}
