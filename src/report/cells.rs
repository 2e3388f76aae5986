//! What a center's cell of 事業実績 shows, and the marks it may carry (未提出, 読めません, a
//! total that disagrees with its parts), each explained under its table: shared by the row and
//! stacked tables and by the grids.

use super::Report;
use crate::form::{Form, Kind};
use crate::grid::{self, Cached, Content, Sheet, Style};
use crate::i18n::tr;
use crate::layout::Shape;
use crate::model::{total_disagrees, value};
use std::collections::HashMap;

/// The section-3 sheet and where its numbers are: each center's item cells and each item
/// column's city total (for the trend sheet and the charts to refer to).
pub struct ActivitySheet {
    pub sheet: Sheet,
    pub cells: HashMap<(usize, usize), (u32, u16)>,
    pub totals: HashMap<usize, (u32, u16)>,
}

/// The marks a table's cells carry, each explained under it.
#[derive(Default)]
pub struct Marks {
    /// 未提出: a center's block holds no number.
    pub missing: bool,
    /// 読めません, and the yellow totals lacking it.
    pub unreadable: bool,
    /// A center's total that disagrees with its parts, shaded.
    pub flagged: bool,
}

impl Marks {
    /// Note the mark a written cell's style carries.
    pub fn note(&mut self, style: Style) {
        self.flagged |= style == Style::Flagged;
        self.unreadable |= style == Style::Unreadable;
    }

    /// The legend of each mark used, from `row`; returns the row below.
    pub fn legends(&self, r: &Report, s: &mut Sheet, mut row: u32) -> u32 {
        let lines = [
            (
                self.missing,
                "※ 未提出: このセンターの数字は含まれていません(理由は概要・検証結果シート)。計はほかのセンターの合計です。",
                "※ Not submitted: this center's figures are not included (why: see the overview and findings sheets); totals are the other centers'.",
            ),
            (
                self.unreadable,
                "※ 読めません: センターのファイルで数字として読めなかったセル。黄色の計はその値を含まない一部の合計(センターが計を入力していればその値)です。",
                "※ Unreadable: a cell of the center's file that could not be read as a number. Yellow totals lack it: the sum of what was read (or the total the center typed).",
            ),
            (
                self.flagged,
                "※ 網掛けの計は、センターが報告した値です。内訳の合計と一致しません(検証結果シートを参照)。",
                "※ Shaded totals are as the center reported them; they do not equal the sum of their parts (see the findings sheet).",
            ),
        ];
        for (used, ja, en) in lines {
            if used {
                s.text(row, 0, tr(r.lang, ja, en), Style::Note);
                row += 1;
            }
        }
        row
    }
}

/// The label of a ward's subtotal row.
pub fn subtotal_label(area: &str) -> String {
    format!("{area} 小計")
}

/// A center's cell: a number as read (blank stays blank), a total as a SUM of its parts'
/// cells, or, when the center's own total disagrees with its parts, the reported total shaded.
pub fn cell(
    form: &Form,
    sub: &crate::model::Submission,
    item: usize,
    row: u32,
    shape: &Shape,
    lang: crate::i18n::Lang,
) -> (Content, Style) {
    let it = &form.items[item];
    if sub.unreadable[item] {
        return (
            Content::Text(tr(lang, "読めません", "unreadable").into()),
            Style::Unreadable,
        );
    }
    if it.kind != Kind::Total {
        return match sub.values[item] {
            Some(v) => (Content::Number(v), Style::Count),
            None => (Content::Blank, Style::Count),
        };
    }
    // A total lacking an unreadable part: the center's typed total if it gave one, else the
    // sum of what was read — marked either way, never a silent partial sum.
    let partial = lacks_a_part(form, sub, item);
    if partial && let Some(given) = sub.values[item] {
        return (Content::Number(given), Style::Partial);
    }
    if !partial && total_disagrees(form, sub, item) {
        let given = sub.values[item].unwrap_or(0.0);
        return (Content::Number(given), Style::Flagged);
    }
    // Its parts' cells, where the table as written holds them (a piece of a wide table may
    // not: its total is then the number itself).
    let place = |p: usize| shape.place(p).map(|(dr, dc)| (row + dr, dc));
    let parts: Option<Vec<(u32, u16)>> = form
        .sums
        .iter()
        .find(|s| s.total == item)
        .map_or(Some(Vec::new()), |s| {
            s.parts.iter().map(|&p| place(p)).collect()
        });
    let cached = value(form, sub, item);
    let style = if partial {
        Style::Partial
    } else {
        Style::Count
    };
    match parts {
        Some(parts) => (
            Content::Formula(grid::sum_formula(&parts), Cached::Number(cached)),
            style,
        ),
        None => (Content::Number(cached), style),
    }
}

/// Whether a total lacks a part that could not be read (directly, or through a total it sums).
fn lacks_a_part(form: &Form, sub: &crate::model::Submission, item: usize) -> bool {
    form.sums
        .iter()
        .filter(|s| s.total == item)
        .flat_map(|s| &s.parts)
        .any(|&p| sub.unreadable[p] || lacks_a_part(form, sub, p))
}

/// Most cells one SUM may name (Excel takes 255 arguments): a larger city's sums are written
/// as numbers.
const MOST_ARGUMENTS: usize = 250;

/// A city's or a ward's figure from its centers' cells: their SUM (SUBTOTAL(9, …) when the
/// range it stands in has subtotals to skip), its value cached; yellow when one of them lacks
/// a cell that could not be read, else `plain`.
pub fn sum_of(s: &Sheet, cells: &[(u32, u16)], subtotal: bool, plain: Style) -> (Content, Style) {
    let cached: f64 = cells.iter().map(|&(r, c)| cached_number(s, r, c)).sum();
    let partial = cells.iter().any(|&(r, c)| {
        s.get(r, c)
            .is_some_and(|x| matches!(x.style, Style::Unreadable | Style::Partial))
    });
    let list: Vec<String> = cells.iter().map(|&(r, c)| grid::a1(r, c)).collect();
    let function = if subtotal { "SUBTOTAL(9," } else { "SUM(" };
    let content = if list.is_empty() || list.len() > MOST_ARGUMENTS {
        Content::Number(cached)
    } else {
        Content::Formula(
            format!("={function}{})", list.join(",")),
            Cached::Number(cached),
        )
    };
    (content, if partial { Style::Partial } else { plain })
}

/// The number a cell shows, 0 for text or blank (as Excel's SUM reads it).
pub fn cached_number(s: &Sheet, row: u32, col: u16) -> f64 {
    number_shown(s, row, col).unwrap_or(0.0)
}

/// The number a cell shows, if it shows one (not text, not blank).
pub fn number_shown(s: &Sheet, row: u32, col: u16) -> Option<f64> {
    match s.get(row, col).map(|c| &c.content) {
        Some(Content::Number(n)) | Some(Content::Formula(_, Cached::Number(n))) => Some(*n),
        _ => None,
    }
}
