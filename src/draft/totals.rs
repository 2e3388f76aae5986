//! A table's totals and 再掲 lines, and its layout. A `SUM` formula (a range, a list of cells,
//! a `+` chain) is evidence: the line is the sum of the cells it names. A 計 / 合計 / 小計 line
//! without one (typed by the center) is a guess: a group's 計 sums its group, a 合計 sums the
//! group totals and the lines of no group, a 小計 the lines since the last total. A 再掲 /
//! うち / (内…) line is part of another: of the line above for うち, else of the axis's total —
//! a guess too. Every guess carries its comment, in both languages.

use super::behead::Shape;
use super::cells::{Sheet, TotalWord, Value, a1, column_name, total_word};
use super::{Unplaced, cells};
use crate::i18n::Text;

/// The heading a table stands under: its section (number, label).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heading {
    pub number: String,
    pub label: String,
}

/// Where a table stands in the form: its id, its section, its title.
#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub section: Heading,
    pub title: Heading,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Row,
    Stacked,
    Grid,
    List,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Row => "row",
            Layout::Stacked => "stacked",
            Layout::Grid => "grid",
            Layout::List => "list",
        }
    }
}

/// A comment on a line of the definition: what the workbook shows, or what was guessed.
#[derive(Debug, Clone)]
pub enum Comment {
    Evidence(Text),
    Guess(Text),
}

/// A row or a column of a drafted table.
#[derive(Debug, Clone)]
pub struct Line {
    /// Its row (for rows) or column (for columns) in the sheet.
    pub at: usize,
    pub id: String,
    pub label: Vec<String>,
    /// The lines of the same axis it is the sum of.
    pub sum: Option<Vec<usize>>,
    /// The line of the same axis it is part of (再掲).
    pub of: Option<usize>,
    /// A list column's kind: text or date (counts have none).
    pub kind: Option<&'static str>,
    pub comment: Option<Comment>,
}

/// A table as the definition will say it.
#[derive(Debug, Clone)]
pub struct Drafted {
    pub place: Place,
    pub sheet: String,
    /// Its corner cell in the sheet (A7).
    pub at: String,
    pub layout: Layout,
    pub corner: String,
    /// A row table's one row label (件数).
    pub row_label: Option<String>,
    pub rows: Vec<Line>,
    pub columns: Vec<Line>,
    pub capacity: usize,
    /// Its first body cell (row, column), and a list's total row.
    pub body: (usize, usize),
    pub totals: Option<usize>,
}

/// Whether a line is written as included in another: 再掲, うち…, (内…).
fn included(label: &[String]) -> Option<bool> {
    let last = label.last()?;
    let t = last.trim_start();
    if t.starts_with("うち") || t.starts_with("(内") || t.starts_with("\u{FF08}内") {
        return Some(true);
    }
    label.iter().any(|l| l.contains("再掲")).then_some(false)
}

/// The month a label names (4月 → 4).
fn month(label: &[String]) -> Option<u32> {
    let last = crate::names::nfkc(label.last()?);
    let n = last.trim().strip_suffix('月')?;
    n.parse().ok().filter(|m| (1..=12).contains(m))
}

pub fn decide(sheet: &Sheet, shape: Shape, place: Place, unplaced: &mut Vec<Unplaced>) -> Drafted {
    let at = a1(shape.top, shape.left);
    let mut columns = column_lines(&shape, sheet);
    let body = (
        shape.rows.first().map_or(shape.top + 1, |r| r.0),
        columns.first().map_or(shape.left + 1, |c| c.at),
    );
    if shape.list > 0 {
        // A list's columns take two levels of labels: the innermost.
        for line in &mut columns {
            let n = line.label.len();
            if n > 2 {
                line.label.drain(..n - 2);
            }
        }
        return Drafted {
            place,
            sheet: sheet.name.clone(),
            at,
            layout: Layout::List,
            corner: shape.corner,
            row_label: None,
            rows: Vec::new(),
            columns,
            capacity: shape.list,
            body,
            totals: shape.totals,
        };
    }
    let mut rows: Vec<Line> = (shape.rows.iter())
        .map(|(r, label)| Line {
            at: *r,
            id: format!("r{}", r + 1),
            label: label.clone(),
            sum: None,
            of: None,
            kind: None,
            comment: None,
        })
        .collect();
    let mut say = |cell: String, why: Text| {
        unplaced.push(Unplaced {
            sheet: sheet.name.clone(),
            cell,
            why,
        })
    };
    evidence(sheet, &mut rows, &mut columns, &mut say);
    for (axis, is_row) in [(&mut rows, true), (&mut columns, false)] {
        guess_totals(axis, is_row);
        guess_included(axis, is_row, &mut say);
        break_cycles(axis, is_row, &mut say);
    }
    for line in &rows {
        for col in &columns {
            let cell = sheet.get(line.at, col.at);
            let shown = match &cell.value {
                Value::Text(t) => Some(t.clone()),
                Value::Date => Some("(日付)".to_string()),
                _ => None,
            };
            if let (Some(t), None) = (shown, &cell.formula) {
                say(
                    a1(line.at, col.at),
                    Text::new(
                        format!("「{t}」は数ではありません(件数の欄として読みました)"),
                        format!("'{t}' is not a number (read as a cell for a count)"),
                    ),
                );
            }
        }
    }
    let (layout, row_label) = layout(&mut rows, &mut columns);
    Drafted {
        place,
        sheet: sheet.name.clone(),
        at,
        layout,
        corner: shape.corner,
        row_label,
        rows,
        columns,
        capacity: 0,
        body,
        totals: None,
    }
}

/// The data columns as lines: ids from months (m04) or the column's letters (cb); a list's
/// columns with their kinds.
fn column_lines(shape: &Shape, sheet: &Sheet) -> Vec<Line> {
    let months: Vec<Option<u32>> = shape.columns.iter().map(|(_, l)| month(l)).collect();
    let distinct = {
        let found: Vec<u32> = months.iter().flatten().copied().collect();
        let mut unique = found.clone();
        unique.sort_unstable();
        unique.dedup();
        unique.len() == found.len()
    };
    (shape.columns.iter().zip(&months))
        .map(|((c, label), m)| {
            let id = match m {
                Some(m) if distinct => format!("m{m:02}"),
                _ => format!("c{}", column_name(*c).to_lowercase()),
            };
            let kind = (shape.list > 0)
                .then(|| list_kind(label, shape.rows.iter().map(|(r, _)| sheet.get(*r, *c))))
                .flatten();
            Line {
                at: *c,
                id,
                label: label.clone(),
                sum: None,
                of: None,
                kind,
                comment: None,
            }
        })
        .collect()
}

/// A list column's kind: a date from its label (日, 年月日, 日付) or its cells' format, text
/// from its label (内容, 名称, 出席者, …) or its cells; counts otherwise (出席者数).
fn list_kind<'a>(
    label: &[String],
    cells: impl Iterator<Item = &'a cells::Cell>,
) -> Option<&'static str> {
    let text = label.join(" ");
    let (mut dates, mut texts) = (false, false);
    for cell in cells {
        match cell.value {
            Value::Date => dates = true,
            Value::Text(_) => texts = true,
            _ => {}
        }
    }
    let count_word = text.ends_with('数') || text.ends_with("件数") || text.ends_with("人数");
    if dates || text.ends_with('日') || text.contains("年月日") || text.contains("日付") {
        return Some("date");
    }
    let words = [
        "内容",
        "名称",
        "出席者",
        "参加者",
        "氏名",
        "場所",
        "会場",
        "備考",
        "議題",
        "テーマ",
        "事業所",
        "機関",
        "名",
    ];
    if texts || (!count_word && words.iter().any(|w| text.contains(w))) {
        return Some("text");
    }
    None
}

/// The cells a formula adds, when it only adds cells: `SUM(B5:B9)`, `SUM(B5,C5)`, `B5+C5`,
/// `SUM(B5:C5)+E5`. `None` for anything else.
pub fn added_cells(formula: &str) -> Option<Vec<(usize, usize)>> {
    let f: String = (formula.chars())
        .filter(|c| !c.is_whitespace() && *c != '$')
        .collect::<String>()
        .to_ascii_uppercase();
    let f = f.strip_prefix('=').unwrap_or(&f);
    let mut out = Vec::new();
    for term in f.split('+') {
        let args = match term.strip_prefix("SUM(") {
            Some(rest) => rest.strip_suffix(')')?,
            None => term,
        };
        for arg in args.split([',', ';']) {
            match arg.split_once(':') {
                Some((a, b)) => {
                    let (r0, c0) = reference(a)?;
                    let (r1, c1) = reference(b)?;
                    let (r0, r1) = (r0.min(r1), r0.max(r1));
                    let (c0, c1) = (c0.min(c1), c0.max(c1));
                    if (r1 - r0 + 1) * (c1 - c0 + 1) > 10_000 {
                        return None;
                    }
                    for r in r0..=r1 {
                        for c in c0..=c1 {
                            out.push((r, c));
                        }
                    }
                }
                None => out.push(reference(arg)?),
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `B12` as (row, column), 0-based.
fn reference(text: &str) -> Option<(usize, usize)> {
    let letters: String = text
        .chars()
        .take_while(|c| c.is_ascii_uppercase())
        .collect();
    let digits = &text[letters.len()..];
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0usize, |n, b| n * 26 + (b - b'A' + 1) as usize);
    let row: usize = digits.parse().ok()?;
    (row >= 1).then(|| (row - 1, col - 1))
}

/// The totals the formulas show: a formula adding cells of its own row makes its column a
/// total of those columns; one adding cells of its own column makes its row a total of those
/// rows. Other formulas are read as inputs, and said so.
fn evidence(
    sheet: &Sheet,
    rows: &mut [Line],
    columns: &mut [Line],
    say: &mut impl FnMut(String, Text),
) {
    for ri in 0..rows.len() {
        for ci in 0..columns.len() {
            let (r, c) = (rows[ri].at, columns[ci].at);
            let Some(formula) = &sheet.get(r, c).formula else {
                continue;
            };
            let cell = a1(r, c);
            let shown = format!("={formula}");
            let refs = added_cells(formula);
            let in_row = refs.as_ref().and_then(|refs| {
                refs.iter()
                    .map(|&(rr, cc)| {
                        (rr == r && cc != c)
                            .then(|| columns.iter().position(|l| l.at == cc))
                            .flatten()
                    })
                    .collect::<Option<Vec<usize>>>()
            });
            let in_column = refs.as_ref().and_then(|refs| {
                refs.iter()
                    .map(|&(rr, cc)| {
                        (cc == c && rr != r)
                            .then(|| rows.iter().position(|l| l.at == rr))
                            .flatten()
                    })
                    .collect::<Option<Vec<usize>>>()
            });
            let comment = Comment::Evidence(Text::new(
                format!("{cell} の式 {shown}"),
                format!("formula {shown} at {cell}"),
            ));
            match (in_row, in_column) {
                (Some(parts), _) => {
                    if columns[ci].sum.is_none() {
                        columns[ci].sum = Some(dedup(parts));
                        columns[ci].comment = Some(comment);
                    }
                }
                (None, Some(parts)) => {
                    if rows[ri].sum.is_none() {
                        rows[ri].sum = Some(dedup(parts));
                        rows[ri].comment = Some(comment);
                    }
                }
                (None, None) => say(
                    cell,
                    Text::new(
                        format!(
                            "式 {shown} は表の行か列の合計として読めないので、入力の欄にしました"
                        ),
                        format!(
                            "the formula {shown} is not a sum of a row or column of the table: read as an input"
                        ),
                    ),
                ),
            }
        }
    }
}

fn dedup(mut parts: Vec<usize>) -> Vec<usize> {
    let mut seen = Vec::with_capacity(parts.len());
    parts.retain(|p| {
        let new = !seen.contains(p);
        seen.push(*p);
        new
    });
    parts
}

/// A line's group: its labels but the last.
fn group(line: &Line) -> &[String] {
    &line.label[..line.label.len().saturating_sub(1)]
}

fn word_of(line: &Line) -> Option<TotalWord> {
    line.label.last().and_then(|l| total_word(l))
}

/// 計 / 合計 / 小計 lines without a formula: the sum the words say, marked as a guess.
fn guess_totals(axis: &mut [Line], is_row: bool) {
    let excluded: Vec<bool> = axis.iter().map(|l| included(&l.label).is_some()).collect();
    // Group totals first: a grand total adds them.
    for pass in 0..2 {
        for i in 0..axis.len() {
            let Some(word) = word_of(&axis[i]) else {
                continue;
            };
            if axis[i].sum.is_some() || excluded[i] {
                continue;
            }
            let grouped = axis[i].label.len() >= 2 && word != TotalWord::Grand;
            if (pass == 0) != grouped {
                continue;
            }
            let is_total = |l: &Line| l.sum.is_some() || word_of(l).is_some();
            let plain = |k: usize| k != i && !excluded[k] && !is_total(&axis[k]);
            let parts: Vec<usize> = if grouped {
                let g = group(&axis[i]).to_vec();
                (0..axis.len())
                    .filter(|&k| plain(k) && group(&axis[k]) == g.as_slice())
                    .collect()
            } else if word == TotalWord::Sub {
                let start = (0..i)
                    .rev()
                    .find(|&k| is_total(&axis[k]))
                    .map_or(0, |k| k + 1);
                (start..i).filter(|&k| plain(k)).collect()
            } else {
                // The whole axis: each group (or run closed by a 小計) by its total, the
                // lines no total covers by themselves.
                let totals: Vec<usize> = (0..axis.len())
                    .filter(|&k| k != i && !excluded[k] && axis[k].sum.is_some())
                    .filter(|&k| {
                        axis[k].label.len() >= 2 || word_of(&axis[k]) == Some(TotalWord::Sub)
                    })
                    .collect();
                let covered: Vec<usize> = (totals.iter())
                    .flat_map(|&t| axis[t].sum.iter().flatten().copied())
                    .collect();
                (0..axis.len())
                    .filter(|&k| totals.contains(&k) || (plain(k) && !covered.contains(&k)))
                    .collect()
            };
            if parts.is_empty() {
                continue;
            }
            let comment = total_comment(axis, i, &parts, is_row);
            axis[i].sum = Some(parts);
            axis[i].comment = Some(Comment::Guess(comment));
        }
    }
}

fn shown(line: &Line) -> String {
    line.label.join(" ")
}

fn total_comment(axis: &[Line], i: usize, parts: &[usize], is_row: bool) -> Text {
    let me = shown(&axis[i]);
    let (noun_ja, noun_en) = if is_row {
        ("行", "row")
    } else {
        ("列", "column")
    };
    let n = parts.len();
    let before = parts.iter().copied().eq(i - n.min(i)..i) && n <= i;
    let months: Vec<u32> = parts
        .iter()
        .filter_map(|&p| month(&axis[p].label))
        .collect();
    if months.len() == n && n >= 2 {
        let (first, last) = (shown(&axis[parts[0]]), shown(&axis[parts[n - 1]]));
        return Text::new(
            format!("推定: {me} の{noun_ja}を、{first}〜{last}の{n}か月の合計としました"),
            format!("guess: the {noun_en} {me} is the sum of the {n} months {first} … {last}"),
        );
    }
    if before {
        let (where_ja, where_en) = if is_row {
            ("上", "above")
        } else {
            ("左", "to its left")
        };
        return Text::new(
            format!("推定: {me} の{noun_ja}を、{where_ja}の{n}{noun_ja}の合計としました"),
            format!("guess: the {noun_en} {me} is the sum of the {n} {noun_en}s {where_en}"),
        );
    }
    let names: Vec<String> = parts.iter().map(|&p| shown(&axis[p])).collect();
    Text::new(
        format!(
            "推定: {me} の{noun_ja}を、{} の合計としました",
            names.join("、")
        ),
        format!(
            "guess: the {noun_en} {me} is the sum of {}",
            names.join(", ")
        ),
    )
}

/// 再掲 lines: each part of the line above (うち…) or of the axis's total.
fn guess_included(axis: &mut [Line], is_row: bool, say: &mut impl FnMut(String, Text)) {
    for i in 0..axis.len() {
        let Some(below) = included(&axis[i].label) else {
            continue;
        };
        axis[i].sum = None;
        let plain_before = (0..i).rev().find(|&k| included(&axis[k].label).is_none());
        let total = (0..axis.len())
            .filter(|&k| k != i && included(&axis[k].label).is_none())
            .filter_map(|k| {
                axis[k]
                    .sum
                    .as_ref()
                    .map(|s| (k, s.len(), axis[k].label.len()))
            })
            .max_by_key(|&(k, n, levels)| (usize::from(levels == 1), n, usize::MAX - k))
            .map(|(k, _, _)| k);
        let parent = if below {
            plain_before
        } else {
            total.or(plain_before)
        };
        let Some(p) = parent else {
            say(
                axis[i].place(is_row),
                Text::new(
                    format!(
                        "「{}」がどの行(列)の再掲か分からないので、件数の欄にしました",
                        shown(&axis[i])
                    ),
                    format!(
                        "could not tell which line '{}' is included in: read as a count",
                        shown(&axis[i])
                    ),
                ),
            );
            continue;
        };
        let (me, of) = (shown(&axis[i]), shown(&axis[p]));
        let noun = if is_row {
            ("行", "row")
        } else {
            ("列", "column")
        };
        axis[i].of = Some(p);
        axis[i].comment = Some(Comment::Guess(Text::new(
            format!("推定: {me} の{}を、{of} の再掲としました", noun.0),
            format!("guess: the {} {me} is included in {of} (再掲)", noun.1),
        )));
    }
}

impl Line {
    /// Where the line stands, as the sheet names it: its row's number or its column's letters.
    fn place(&self, is_row: bool) -> String {
        if is_row {
            (self.at + 1).to_string()
        } else {
            column_name(self.at)
        }
    }
}

/// Formulas that add each other (B = D + …, D = B + …) make no total: the line closing the
/// circle is read as an input, and said so.
fn break_cycles(axis: &mut [Line], is_row: bool, say: &mut impl FnMut(String, Text)) {
    for i in 0..axis.len() {
        let mut stack: Vec<usize> = axis[i].sum.clone().unwrap_or_default();
        let mut seen = vec![false; axis.len()];
        let mut circle = false;
        while let Some(k) = stack.pop() {
            if k == i {
                circle = true;
                break;
            }
            if !std::mem::replace(&mut seen[k], true) {
                stack.extend(axis[k].sum.iter().flatten().copied());
            }
        }
        if circle {
            axis[i].sum = None;
            axis[i].comment = None;
            say(
                axis[i].place(is_row),
                Text::new(
                    format!(
                        "「{}」の合計がほかの合計と互いを足しているので、入力の欄にしました",
                        shown(&axis[i])
                    ),
                    format!(
                        "the total '{}' and another add each other: read as an input",
                        shown(&axis[i])
                    ),
                ),
            );
        }
    }
}

/// The layout docs/form.md has for the shape: one row → row; one column of one total at most
/// → stacked; else grid. Labels deeper than the layout takes keep their innermost levels.
fn layout(rows: &mut [Line], columns: &mut [Line]) -> (Layout, Option<String>) {
    let depth = |axis: &[Line]| axis.iter().map(|l| l.label.len()).max().unwrap_or(0);
    let row_totals = rows.iter().filter(|l| l.sum.is_some()).count();
    let column_totals = columns.iter().filter(|l| l.sum.is_some()).count();
    let chosen = if rows.len() == 1 && depth(columns) <= 2 && rows[0].sum.is_none() {
        Layout::Row
    } else if columns.len() == 1
        && rows.len() >= 2
        && row_totals <= 1
        && column_totals == 0
        && depth(rows) <= 2
        && depth(columns) <= 1
    {
        Layout::Stacked
    } else {
        Layout::Grid
    };
    for line in rows.iter_mut().chain(columns.iter_mut()) {
        let n = line.label.len();
        if n > 3 {
            line.label.drain(..n - 3);
        }
    }
    let row_label = (chosen == Layout::Row)
        .then(|| rows[0].label.join(" "))
        .filter(|l| !l.is_empty());
    (chosen, row_label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_read_from_ranges_lists_and_chains() {
        assert_eq!(added_cells("SUM(B8:C8)"), Some(vec![(7, 1), (7, 2)]));
        assert_eq!(added_cells("=B30+C30"), Some(vec![(29, 1), (29, 2)]));
        assert_eq!(added_cells("SUM($B$2,D2)"), Some(vec![(1, 1), (1, 3)]));
        assert_eq!(
            added_cells("SUM(B2:B3)+E2"),
            Some(vec![(1, 1), (2, 1), (1, 4)])
        );
        assert_eq!(added_cells("B2/C2"), None);
        assert_eq!(added_cells("AVERAGE(B2:B3)"), None);
    }

    #[test]
    fn list_kinds_come_from_labels_and_from_the_cells_format() {
        let date = cells::Cell {
            value: Value::Date,
            formula: None,
        };
        let label = |l: &str| vec![l.to_string()];
        assert_eq!(list_kind(&label("開催"), [&date].into_iter()), Some("date"));
        assert_eq!(
            list_kind(&label("年月日"), std::iter::empty()),
            Some("date")
        );
        assert_eq!(
            list_kind(&label("会議内容"), std::iter::empty()),
            Some("text")
        );
        assert_eq!(
            list_kind(&label("出席者"), std::iter::empty()),
            Some("text")
        );
        assert_eq!(list_kind(&label("出席者数"), std::iter::empty()), None);
    }

    #[test]
    fn total_words() {
        assert_eq!(total_word("計"), Some(TotalWord::Plain));
        assert_eq!(total_word("合計"), Some(TotalWord::Grand));
        assert_eq!(total_word("R7.11末計"), Some(TotalWord::Plain));
        assert_eq!(total_word("会計"), None);
        assert_eq!(total_word("件数"), None);
    }
}

#[cfg(test)]
mod draft_tests {
    use crate::draft::cells::{Cell, Sheet, Value};
    use crate::i18n::Lang;

    fn text(r: usize, c: usize, t: &str) -> (usize, usize, Cell) {
        let cell = Cell {
            value: Value::Text(t.to_string()),
            formula: None,
        };
        (r, c, cell)
    }

    fn line<'a>(toml: &'a str, id: &str) -> &'a str {
        let key = format!("{{ id = \"{id}\"");
        toml.lines()
            .find(|l| l.trim_start().starts_with(&key))
            .unwrap_or_else(|| panic!("no line {id} in\n{toml}"))
    }

    /// A stacked table typed by hand: 新規, うち認知症, 継続, (内)訪問, 小計, 再訪, 小計, 合計.
    #[test]
    fn uchi_and_nai_lines_are_part_of_the_line_above_and_subtotals_add_the_lines_since_the_last() {
        let labels = [
            "新規",
            "うち認知症",
            "継続",
            "(内)訪問",
            "小計",
            "再訪",
            "小計",
            "合計",
        ];
        let mut cells = vec![text(0, 0, "区分"), text(0, 1, "件数")];
        cells.extend(labels.iter().enumerate().map(|(i, l)| text(i + 1, 0, l)));
        let sheet = Sheet::new("様式", cells, vec![], true);
        let draft =
            crate::draft::from_sheets("様式.xlsx", "yoshiki", &[sheet], Lang::Ja).expect("a draft");
        let t = &draft.toml;
        assert!(
            t.contains("layout = \"grid\""),
            "two subtotals: a grid\n{t}"
        );
        assert!(line(t, "r3").contains("of = \"r2\""), "{t}");
        assert!(line(t, "r3").contains("# 推定:"), "{t}");
        assert!(line(t, "r5").contains("of = \"r4\""), "{t}");
        assert!(line(t, "r6").contains("sum = [\"r2\", \"r4\"]"), "{t}");
        assert!(line(t, "r8").contains("sum = [\"r7\"]"), "{t}");
        assert!(line(t, "r9").contains("sum = [\"r6\", \"r8\"]"), "{t}");
        assert!(!line(t, "r2").contains('#'), "{t}");
    }
}
