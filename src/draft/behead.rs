//! Take a table's headers off one level at a time (unpivotr's `behead`): the header rows from
//! the top, each data column's labels read down them (a merged header across its columns, a
//! label spanning both header rows once); the label columns from the left, each body row's
//! labels read across them (a group label merged down the side). A numbered first column
//! (No. 1…N) makes the table a list.

use super::cells::{Block, Sheet, Value, a1, total_word};
use crate::i18n::Text;

/// Rows and columns of one table, labels' characters (docs/form.md, 上限).
pub const MAX_ROWS: usize = 300;
pub const MAX_COLUMNS: usize = 100;
pub const MAX_LABEL: usize = 200;

/// A label as long as the form takes it.
fn bounded(text: &str) -> String {
    text.chars().take(MAX_LABEL).collect()
}

/// A table's cells with their labels, before its totals are decided.
#[derive(Debug)]
pub struct Shape {
    /// The label written in the header rows above the row labels (区分).
    pub corner: String,
    /// Each data column: its sheet column and its labels, outermost first.
    pub columns: Vec<(usize, Vec<String>)>,
    /// Each body row: its sheet row and its labels, outermost first.
    pub rows: Vec<(usize, Vec<String>)>,
    /// A list's capacity (its numbered rows); 0 for other tables.
    pub list: usize,
    /// A list's total row (計) after its numbered rows.
    pub totals: Option<usize>,
    /// The first header row (the table's corner cell is at it and the first column).
    pub top: usize,
    pub left: usize,
    /// What was left out, at its cell.
    pub unplaced: Vec<(String, Text)>,
}

/// The shape of the table in `b`, or why it is none.
pub fn shape(sheet: &Sheet, b: Block) -> Result<Shape, Text> {
    if let Some(shape) = list(sheet, b) {
        return Ok(shape);
    }
    // The label columns end where the last row's leading labels do (its 計 or last category):
    // blank cells before them (a group label above), then text up to the first other cell.
    let text_end = |r: usize| {
        let mut end = None;
        for c in b.c0..=b.c1 {
            match (sheet.text(r, c).is_some(), end) {
                (true, _) => end = Some(sheet.merge_at(r, c).map_or(c, |m| m.c1.min(b.c1))),
                (false, None) if !sheet.filled(r, c) => {}
                (false, _) => break,
            }
        }
        end
    };
    let first_data = match text_end(b.r1) {
        Some(end) if end >= b.c1 => {
            return Err(Text::new(
                "表の最後の行が文字だけで、件数を書く欄がありません",
                "the last row of the table is text only, with no cell for a count",
            ));
        }
        Some(end) => end + 1,
        None => b.c0,
    };
    // The header rows: the leading rows with a label over a data column.
    let mut header_end = b.r0;
    while header_end < b.r1
        && (first_data..=b.c1).any(|c| sheet.text(header_end, c).is_some())
        && (first_data..=b.c1).all(|c| !number_or_formula(sheet, header_end, c))
    {
        header_end += 1;
    }
    if header_end == b.r0 {
        return Err(Text::new(
            "列の見出しの行がありません",
            "the table has no header row over its columns",
        ));
    }
    let header = b.r0..header_end;
    let mut unplaced = Vec::new();
    let body: Vec<usize> = (header_end..=b.r1).collect();
    let mut columns = Vec::new();
    for c in first_data..=b.c1 {
        let labels = column_labels(sheet, header.clone(), c, first_data);
        let filled = body.iter().any(|&r| sheet.filled(r, c));
        match (labels.is_empty(), filled) {
            (false, _) => columns.push((c, labels)),
            (true, false) => {}
            (true, true) => unplaced.push((
                a1(b.r0, c),
                Text::new(
                    format!(
                        "列 {} には見出しがないので、表に入れませんでした",
                        a1(b.r0, c)
                    ),
                    format!(
                        "column {} has no header, so it was left out of the table",
                        a1(b.r0, c)
                    ),
                ),
            )),
        }
    }
    let mut rows = Vec::new();
    // Rows without a label but with cells, as runs (A35:A51), so the list stays short.
    let mut unlabelled: Vec<(usize, usize)> = Vec::new();
    for &r in &body {
        let labels = row_labels(sheet, r, b.c0, first_data, header_end);
        let filled = columns.iter().any(|&(c, _)| sheet.filled(r, c));
        match (labels.is_empty(), filled) {
            (false, _) => rows.push((r, labels)),
            (true, false) => {}
            (true, true) => match unlabelled.last_mut() {
                Some(run) if run.1 + 1 == r => run.1 = r,
                _ => unlabelled.push((r, r)),
            },
        }
    }
    for (first, last) in unlabelled {
        let at = if first == last {
            a1(first, b.c0)
        } else {
            format!("{}:{}", a1(first, b.c0), a1(last, b.c0))
        };
        unplaced.push((
            at,
            Text::new(
                "行の見出しがないので、表に入れませんでした",
                "the row has no label, so it was left out of the table",
            ),
        ));
    }
    bound(&mut rows, &mut columns, b, &mut unplaced);
    if columns.is_empty() || rows.is_empty() {
        return Err(Text::new(
            "見出しのある行と列がありません",
            "the table has no labelled rows and columns",
        ));
    }
    let corner = corner(sheet, header, b.c0, first_data);
    Ok(Shape {
        corner,
        columns,
        rows,
        list: 0,
        totals: None,
        top: b.r0,
        left: b.c0,
        unplaced,
    })
}

/// The form's bounds (docs/form.md, 上限): lines past them are left out, and said so.
fn bound(
    rows: &mut Vec<(usize, Vec<String>)>,
    columns: &mut Vec<(usize, Vec<String>)>,
    b: Block,
    unplaced: &mut Vec<(String, Text)>,
) {
    for (axis, most, ja, en) in [
        (rows, MAX_ROWS, "行", "rows"),
        (columns, MAX_COLUMNS, "列", "columns"),
    ] {
        if axis.len() > most {
            let (first, last) = (axis[most].0, axis[axis.len() - 1].0);
            let at = if ja == "行" {
                format!("{}:{}", a1(first, b.c0), a1(last, b.c0))
            } else {
                format!("{}:{}", a1(b.r0, first), a1(b.r0, last))
            };
            unplaced.push((
                at,
                Text::new(
                    format!("一つの表の{ja}は {most} までなので、ここから先は入れませんでした"),
                    format!("a table has at most {most} {en}: these were left out"),
                ),
            ));
            axis.truncate(most);
        }
    }
}

fn number_or_formula(sheet: &Sheet, r: usize, c: usize) -> bool {
    let cell = sheet.get(r, c);
    matches!(cell.value, Value::Number(_) | Value::Date) || cell.formula.is_some()
}

/// A data column's labels down the header rows: the text shown at each (a merged cell's
/// anchor's), once when a label spans rows. Without merged ranges in the format (.ods), a
/// blank header cell takes the label to its left when the rows below it have their own.
fn column_labels(
    sheet: &Sheet,
    header: std::ops::Range<usize>,
    c: usize,
    first_data: usize,
) -> Vec<String> {
    let last = header.end.saturating_sub(1);
    levels(header.map(|r| match sheet.text(r, c) {
        Some(t) => Some(t),
        None if !sheet.knows_merges && r < last && sheet.text(r + 1, c).is_some() => {
            (first_data..c).rev().find_map(|k| sheet.text(r, k))
        }
        None => None,
    }))
}

/// A body row's labels across the label columns; a blank label cell with a label to its right
/// takes the group label above it (a group written once, not merged down).
fn row_labels(
    sheet: &Sheet,
    r: usize,
    c0: usize,
    first_data: usize,
    body_top: usize,
) -> Vec<String> {
    levels((c0..first_data).map(|c| match sheet.text(r, c) {
        Some(t) => Some(t),
        None if sheet.merge_at(r, c).is_none()
            && (c + 1..first_data).any(|k| sheet.text(r, k).is_some()) =>
        {
            (body_top..r).rev().find_map(|k| sheet.text(k, c))
        }
        None => None,
    }))
}

/// A line's labels from the texts read along it, outermost first: a text repeated (one label
/// read twice, as a merge spans) is one level.
fn levels<'a>(texts: impl Iterator<Item = Option<&'a str>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts.flatten().map(bounded) {
        if out.last() != Some(&t) {
            out.push(t);
        }
    }
    out
}

/// The corner: the first label of the header rows over the label columns.
fn corner(sheet: &Sheet, header: std::ops::Range<usize>, c0: usize, first_data: usize) -> String {
    header
        .flat_map(|r| (c0..first_data).map(move |c| (r, c)))
        .find_map(|(r, c)| sheet.text(r, c))
        .map(bounded)
        .unwrap_or_default()
}

/// A list: a first column numbered 1, 2, … N under its header rows, then at most its 計 rows.
fn list(sheet: &Sheet, b: Block) -> Option<Shape> {
    let number = |r: usize| match sheet.get(r, b.c0).value {
        Value::Number(n) => Some(n),
        Value::Text(ref t) => t.trim().parse::<f64>().ok(),
        _ => None,
    };
    let first = (b.r0..=b.r1).find(|&r| number(r) == Some(1.0))?;
    if first == b.r0 {
        return None;
    }
    let mut n = 0;
    while first + n <= b.r1 && number(first + n) == Some((n + 1) as f64) {
        n += 1;
    }
    if n < 2 {
        return None;
    }
    // After the numbered rows, only the list's own total rows (計, 合計).
    let rest_ok =
        (first + n..=b.r1).all(|r| sheet.text(r, b.c0).is_some_and(|t| total_word(t).is_some()));
    if !rest_ok || b.c1 == b.c0 {
        return None;
    }
    let header = b.r0..first;
    let columns: Vec<(usize, Vec<String>)> = (b.c0 + 1..=b.c1)
        .map(|c| (c, column_labels(sheet, header.clone(), c, b.c0 + 1)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if columns.is_empty() {
        return None;
    }
    Some(Shape {
        corner: corner(sheet, header, b.c0, b.c0 + 1),
        columns,
        rows: (first..first + n).map(|r| (r, Vec::new())).collect(),
        list: n,
        totals: (first + n <= b.r1).then_some(first + n),
        top: b.r0,
        left: b.c0,
        unplaced: Vec::new(),
    })
}
