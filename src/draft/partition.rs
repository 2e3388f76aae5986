//! Cut a sheet into its pieces (unpivotr's `partition`): the cells beside センター名 and 報告月
//! are taken first, then the rest is split at empty rows and columns into blocks. A block's
//! leading one-cell rows are its headings (a section's, then the table's title), its trailing
//! ※ / 注 rows are notes; what remains is a table for [`super::behead`] — or, when it is not
//! one, a line on the list of what could not be placed.

use super::Unplaced;
use super::behead;
use super::cells::{Block, Sheet, Value, a1};
use super::totals::{self, Drafted, Heading};
use std::collections::HashSet;

/// Words whose neighbouring cell is the center's name.
const CENTER: &[&str] = &[
    "センター名",
    "センター地域名",
    "事業所名",
    "地域包括支援センター名",
];
/// Words whose neighbouring cell is the reporting period.
const PERIOD: &[&str] = &["報告月", "対象月", "年月", "報告年月", "対象年月"];

/// A cell the form language has no place for yet (the center's, the period's), noted.
#[derive(Debug, Clone)]
pub struct Noted {
    /// The label (センター名) or the title holding 「令和 年 月分」.
    pub label: String,
    /// The cell of the label, and the cell the value is written in.
    pub at: String,
    pub value: Option<String>,
}

/// What a sheet gave: its title, the center's and period's cells, its tables in order.
#[derive(Debug)]
pub struct Page {
    pub sheet: String,
    pub title: Option<String>,
    pub center: Option<Noted>,
    pub period: Option<Noted>,
    pub tables: Vec<Drafted>,
}

/// Tables and items of one form (docs/form.md, 上限).
const MAX_TABLES: usize = 200;
const MAX_ITEMS: usize = 20_000;

pub fn page(
    sheet: &Sheet,
    next_id: &mut usize,
    items: &mut usize,
    unplaced: &mut Vec<Unplaced>,
) -> Page {
    let mut taken = HashSet::new();
    let center = beside(sheet, CENTER, &mut taken);
    let mut period = beside(sheet, PERIOD, &mut taken);
    let mut page = Page {
        sheet: sheet.name.clone(),
        title: None,
        center,
        period: None,
        tables: Vec::new(),
    };
    let mut section: Option<Heading> = None;
    let whole = Block {
        r0: 0,
        r1: sheet.rows.saturating_sub(1),
        c0: 0,
        c1: sheet.cols.saturating_sub(1),
    };
    let mut blocks = Vec::new();
    if sheet.rows > 0 && sheet.cols > 0 {
        split(sheet, &taken, whole, &mut blocks);
    }
    for block in blocks {
        let (headings, body) = headings(sheet, &taken, block);
        for &(r, c) in &headings {
            let text = sheet.text(r, c).unwrap_or_default().to_string();
            if period.is_none() && text.contains('年') && text.contains("月分") {
                period = Some(Noted {
                    label: text.clone(),
                    at: a1(r, c),
                    value: None,
                });
            }
        }
        let Some(body) = body else {
            // Headings alone: the sheet's title before any table, else a section heading.
            for &(r, c) in &headings {
                let text = sheet.text(r, c).unwrap_or_default().to_string();
                if is_note(&text) {
                    continue;
                }
                if page.title.is_none() && page.tables.is_empty() {
                    page.title = Some(text.chars().take(200).collect());
                } else {
                    section = Some(split_number(&text));
                }
            }
            continue;
        };
        // A note above the table (※ …内は常勤換算) is neither its title nor its section.
        let headings: Vec<(usize, usize)> = (headings.into_iter())
            .filter(|&(r, c)| !sheet.text(r, c).is_some_and(is_note))
            .collect();
        let (table_title, above) = match headings.split_last() {
            Some((last, above)) => (sheet.text(last.0, last.1).map(split_number), above),
            None => (None, &[][..]),
        };
        if let Some(&(r, c)) = above.last() {
            section = sheet.text(r, c).map(split_number);
        }
        let place = TablePlace {
            body,
            title: table_title.unwrap_or_default(),
            section: section.clone().unwrap_or_default(),
        };
        if let Some(t) = table(sheet, place, next_id, items, unplaced) {
            page.tables.push(t);
        }
    }
    page.period = period;
    page
}

/// Where a table block stands: its cells, its title, its section.
struct TablePlace {
    body: Block,
    title: Heading,
    section: Heading,
}

/// A table block drafted, within the form's bounds — or left out, said on `unplaced`.
fn table(
    sheet: &Sheet,
    at: TablePlace,
    next_id: &mut usize,
    items: &mut usize,
    unplaced: &mut Vec<Unplaced>,
) -> Option<Drafted> {
    // A form holds 200 tables and 20,000 items (docs/form.md, 上限).
    if *next_id > MAX_TABLES {
        unplaced.push(Unplaced {
            sheet: sheet.name.clone(),
            cell: a1(at.body.r0, at.body.c0),
            why: crate::i18n::Text::new(
                "様式の表の上限(200)を超えるので、この表は入れませんでした",
                "past a form's 200 tables: this table was left out",
            ),
        });
        return None;
    }
    let id = format!("t{:02}", *next_id);
    match behead::shape(sheet, at.body) {
        Ok(shape) => {
            unplaced.extend(shape.unplaced.iter().map(|(cell, why)| Unplaced {
                sheet: sheet.name.clone(),
                cell: cell.clone(),
                why: why.clone(),
            }));
            let drafted = totals::decide(
                sheet,
                shape,
                totals::Place {
                    id,
                    section: at.section,
                    title: at.title,
                },
                unplaced,
            );
            let lines =
                drafted.rows.len().max(drafted.capacity).max(1) + usize::from(drafted.capacity > 0);
            let cells = lines * drafted.columns.len();
            if *items + cells > MAX_ITEMS {
                unplaced.push(Unplaced {
                    sheet: sheet.name.clone(),
                    cell: a1(at.body.r0, at.body.c0),
                    why: crate::i18n::Text::new(
                        "様式の項目の上限(20,000)を超えるので、この表は入れませんでした",
                        "past a form's 20,000 items: this table was left out",
                    ),
                });
                return None;
            }
            *items += cells;
            *next_id += 1;
            Some(drafted)
        }
        Err(why) => {
            unplaced.push(Unplaced {
                sheet: sheet.name.clone(),
                cell: a1(at.body.r0, at.body.c0),
                why,
            });
            None
        }
    }
}

/// The cell beside a label of `words` (the first found, reading row by row), taken out of the
/// sheet's tables with its label.
fn beside(sheet: &Sheet, words: &[&str], taken: &mut HashSet<(usize, usize)>) -> Option<Noted> {
    for r in 0..sheet.rows {
        for c in 0..sheet.cols {
            if sheet.shown(r, c) != (r, c) {
                continue;
            }
            let Some(text) = sheet.text(r, c) else {
                continue;
            };
            let key: String = (text.chars())
                .filter(|ch| !ch.is_whitespace() && !matches!(ch, ':' | '\u{FF1A}'))
                .collect();
            if !words.contains(&key.as_str()) {
                continue;
            }
            let end = sheet.merge_at(r, c).map_or(c, |m| m.c1);
            let (vr, vc) = sheet.shown(r, end + 1);
            taken.insert((r, c));
            taken.insert((vr, vc));
            let value = match &sheet.get(vr, vc).value {
                Value::Text(t) => Some(t.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            return Some(Noted {
                label: text.to_string(),
                at: a1(vr, vc),
                value,
            });
        }
    }
    None
}

fn occupied(sheet: &Sheet, taken: &HashSet<(usize, usize)>, r: usize, c: usize) -> bool {
    sheet.filled(r, c) && !taken.contains(&sheet.shown(r, c))
}

/// Split a rectangle at its empty rows, else at its empty columns, down to blocks that have
/// neither; each block trimmed to what it holds.
fn split(sheet: &Sheet, taken: &HashSet<(usize, usize)>, b: Block, out: &mut Vec<Block>) {
    let row_used = |r: usize| (b.c0..=b.c1).any(|c| occupied(sheet, taken, r, c));
    let col_used = |c: usize| (b.r0..=b.r1).any(|r| occupied(sheet, taken, r, c));
    let rows: Vec<bool> = (b.r0..=b.r1).map(row_used).collect();
    let cols: Vec<bool> = (b.c0..=b.c1).map(col_used).collect();
    let (Some(r0), Some(r1)) = (rows.iter().position(|&u| u), rows.iter().rposition(|&u| u)) else {
        return;
    };
    let (Some(c0), Some(c1)) = (cols.iter().position(|&u| u), cols.iter().rposition(|&u| u)) else {
        return;
    };
    let b = Block {
        r0: b.r0 + r0,
        r1: b.r0 + r1,
        c0: b.c0 + c0,
        c1: b.c0 + c1,
    };
    let runs = |used: &[bool], from: usize, to: usize| {
        let mut runs = Vec::new();
        let mut start = None;
        for (i, &u) in used.iter().enumerate().take(to + 1).skip(from) {
            match (u, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    runs.push((s, i - 1));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            runs.push((s, to));
        }
        runs
    };
    let row_runs = runs(&rows, r0, r1);
    if row_runs.len() > 1 {
        for (s, e) in row_runs {
            let part = Block {
                r0: b.r0 - r0 + s,
                r1: b.r0 - r0 + e,
                ..b
            };
            split(sheet, taken, part, out);
        }
        return;
    }
    let col_runs = runs(&cols, c0, c1);
    if col_runs.len() > 1 {
        for (s, e) in col_runs {
            let part = Block {
                c0: b.c0 - c0 + s,
                c1: b.c0 - c0 + e,
                ..b
            };
            split(sheet, taken, part, out);
        }
        return;
    }
    out.push(b);
}

/// A block's leading rows of one text cell (its headings, their cells) and the rest of it
/// without its trailing notes — `None` when nothing is left.
fn headings(
    sheet: &Sheet,
    taken: &HashSet<(usize, usize)>,
    b: Block,
) -> (Vec<(usize, usize)>, Option<Block>) {
    let anchors = |r: usize| {
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for c in b.c0..=b.c1 {
            if occupied(sheet, taken, r, c) {
                let at = sheet.shown(r, c);
                if !seen.contains(&at) {
                    seen.push(at);
                }
            }
        }
        seen
    };
    let single_text = |r: usize| {
        let a = anchors(r);
        (a.len() == 1 && sheet.text(a[0].0, a[0].1).is_some() && a[0].0 == r).then(|| a[0])
    };
    let mut heads = Vec::new();
    let mut r0 = b.r0;
    while r0 <= b.r1 {
        match single_text(r0) {
            Some(at) => heads.push(at),
            None => break,
        }
        r0 += 1;
    }
    let mut r1 = b.r1;
    while r1 >= r0 {
        let a = anchors(r1);
        let note = a
            .first()
            .and_then(|&(r, c)| sheet.text(r, c))
            .is_some_and(is_note);
        if !note {
            break;
        }
        if r1 == 0 {
            return (heads, None);
        }
        r1 -= 1;
    }
    // One numbered row left after the headings is no table either.
    if r0 > r1 || r0 > b.r1 {
        return (heads, None);
    }
    (heads, Some(Block { r0, r1, ..b }))
}

/// Notes under a table: ※, 注, *.
pub fn is_note(text: &str) -> bool {
    let t = text.trim_start();
    ["※", "注", "*", "\u{FF0A}", "(注", "\u{FF08}注"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// A heading's number and label: 「(1) 総合相談支援事業」, 「① 相談件数」, 「1 相談方法別」.
pub fn split_number(text: &str) -> Heading {
    let t = text.trim();
    let circled = |c: char| ('①'..='⑳').contains(&c);
    let mut end = 0;
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    if let Some(&(_, first)) = chars.first() {
        if circled(first) || matches!(first, '○' | '◯' | '■' | '□' | '●') {
            end = first.len_utf8();
        } else if matches!(first, '(' | '\u{FF08}') {
            if let Some(&(i, close)) = chars.iter().find(|(_, c)| matches!(c, ')' | '\u{FF09}')) {
                let inner = &t[first.len_utf8()..i];
                if !inner.is_empty() && inner.chars().count() <= 4 && inner.chars().all(numeral) {
                    end = i + close.len_utf8();
                }
            }
        } else {
            let n = t.chars().take_while(|&c| numeral(c) || c == '.').count();
            let stop: usize = t.chars().take(n).map(char::len_utf8).sum();
            let next = t[stop..].chars().next();
            if n > 0
                && n <= 4
                && next.is_some_and(|c| c.is_whitespace() || c == '.' || c == '\u{FF0E}')
            {
                end = stop;
            }
        }
    }
    if end == 0 {
        return Heading {
            number: String::new(),
            label: t.chars().take(200).collect(),
        };
    }
    let rest =
        t[end..].trim_start_matches(|c: char| c.is_whitespace() || c == '.' || c == '\u{FF0E}');
    if rest.is_empty() {
        return Heading {
            number: String::new(),
            label: t.chars().take(200).collect(),
        };
    }
    Heading {
        number: t[..end].to_string(),
        label: rest.chars().take(200).collect(),
    }
}

fn numeral(c: char) -> bool {
    c.is_ascii_digit()
        || ('\u{FF10}'..='\u{FF19}').contains(&c)
        || matches!(c, 'I' | 'V' | 'X' | 'Ⅰ'..='Ⅻ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_split_into_number_and_label() {
        let cases = [
            ("(1) 総合相談支援事業", "(1)", "総合相談支援事業"),
            ("① 相談件数", "①", "相談件数"),
            ("1 相談方法別・相談者別", "1", "相談方法別・相談者別"),
            ("II 介護予防支援", "II", "介護予防支援"),
            ("令和7年度 月別実績", "", "令和7年度 月別実績"),
            ("相談件数", "", "相談件数"),
        ];
        for (text, number, label) in cases {
            let h = split_number(text);
            assert_eq!(
                (h.number.as_str(), h.label.as_str()),
                (number, label),
                "{text}"
            );
        }
    }

    #[test]
    fn notes_are_told() {
        assert!(is_note("※ 重複して計上してください。"));
        assert!(is_note("注 委託作成件数には"));
        assert!(!is_note("相談件数"));
    }
}
