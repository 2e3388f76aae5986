//! A grid table (相談内容 × 相談者) on 事業実績: the city's grid first (every cell the sum of
//! the centers'), then each area's when the profile has areas, then each center's, each block
//! under its name and its own header so that it prints whole on a page. A grid too wide for
//! the page comes here in pieces of its column groups, each with all its blocks.

use super::Report;
use super::cells::ActivitySheet;
use super::cells::{Marks, cell, subtotal_label, sum_of};
use crate::form::Kind;
use crate::grid::{Content, Sheet, Style};
use crate::layout::{Piece, Shape};

/// Whose block: the city's, an area's (its centers), a center's.
enum Whose {
    City,
    Area(String, Vec<usize>),
    Center(usize),
}

/// The blocks of a grid from `first`; returns the row below and each block's rows.
pub(super) fn body(
    r: &Report,
    out: &mut ActivitySheet,
    first: u32,
    piece: &Piece,
) -> (u32, Vec<(u32, u32)>) {
    let form = r.form;
    let shape = &piece.shape;
    let (s, cells, totals) = (&mut out.sheet, &mut out.cells, &mut out.totals);
    let mut order = vec![Whose::City];
    for g in &r.groups {
        if let Some(area) = &g.area {
            order.push(Whose::Area(area.clone(), g.centers.clone()));
        }
    }
    for g in &r.groups {
        order.extend(g.centers.iter().map(|&c| Whose::Center(c)));
    }
    // Each block: its name, the header, the rows; a blank row after it.
    let height = 1 + shape.header_rows + shape.span;
    let start = |k: usize| first + k as u32 * (height + 1);
    let mut marks = Marks::default();
    let mut blocks = Vec::new();
    // The centers first, so the sums know their cells.
    for (k, whose) in order.iter().enumerate() {
        let Whose::Center(ci) = *whose else { continue };
        let top = block_head(r, s, start(k), shape, &r.profile.centers[ci].short);
        let Some(sub) = r.subs[ci] else {
            let (c0, c1) = shape.value_cols();
            let last = top + shape.span - 1;
            let mark = Content::Text(r.missing_mark(ci));
            s.merge((top, c0), (last, c1), mark, Style::Missing);
            marks.missing = true;
            continue;
        };
        for &(item, (dr, dc)) in &positions(shape) {
            cells.insert((ci, item), (top + dr, dc));
            let (content, style) = cell(form, sub, item, top, shape, r.lang);
            marks.note(style);
            s.set(top + dr, dc, content, style);
        }
    }
    // The city's and the areas' sums of their centers' cells.
    for (k, whose) in order.iter().enumerate() {
        let (name, centers): (String, Vec<usize>) = match whose {
            Whose::Center(_) => continue,
            Whose::City => (form.total_label.clone(), (0..r.subs.len()).collect()),
            Whose::Area(area, centers) => (subtotal_label(area), centers.clone()),
        };
        let top = block_head(r, s, start(k), shape, &name);
        for &(item, (dr, dc)) in &positions(shape) {
            let it = &form.items[item];
            let parts: Vec<(u32, u16)> = (centers.iter())
                .filter_map(|&c| cells.get(&(c, item)).copied())
                .collect();
            let plain = if it.kind == Kind::Total {
                Style::TotalCount
            } else {
                Style::Count
            };
            let (content, style) = sum_of(s, &parts, false, plain);
            s.set(top + dr, dc, content, style);
            if matches!(whose, Whose::City) {
                totals.insert(item, (top + dr, dc));
            }
        }
    }
    for k in 0..order.len() {
        blocks.push((start(k), start(k) + height - 1));
    }
    let mut row = start(order.len());
    row = marks.legends(r, s, row);
    if let Some(b) = blocks.last_mut() {
        b.1 = b.1.max(row.saturating_sub(1));
    }
    (row, blocks)
}

/// Each item of the table (a piece of it) with its place in a block: its own row and column,
/// not its place in the whole form's table.
fn positions(shape: &Shape) -> Vec<(usize, (u32, u16))> {
    shape.cells.iter().map(|c| (c.item, (c.dr, c.dc))).collect()
}

/// A block's name, its header and its row labels; returns its first value row.
fn block_head(r: &Report, s: &mut Sheet, at: u32, shape: &Shape, name: &str) -> u32 {
    s.text(at, 0, format!("■ {name}"), Style::Subheading);
    let top = shape.write_header(s, at + 1, &r.labels);
    shape.write_labels(s, top, name, Style::LabelCenter);
    s.keep_together(at, top + shape.span - 1);
    top
}
