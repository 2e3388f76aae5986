//! Section 2 (職員配置状況): roles down, centers across (専従/兼務), part-time staff written
//! `1(0.7)` (headcount and full-time equivalent), the first-insured population and the staffing
//! the city requires (`-` for 直営, `7人※` where the profile overrides the brackets).

use super::{Report, SHEET_STAFFING};
use crate::form::{Form, numbered};
use crate::grid::{Cached, Content, Sheet, Style, a1};
use crate::i18n::tr;
use crate::layout;
use crate::model::Submission;
use crate::model::{total_disagrees, value};

/// `1(0.7)`: a part-time headcount with its full-time equivalent.
pub fn part_time_text(count: f64, fte: f64) -> String {
    let fte = (fte * 100.0).round() / 100.0;
    format!("{}({})", count, fte)
}

/// Most centers side by side in one staffing table: more do not fit an A4 page's width.
const CENTERS_PER_BLOCK: usize = 8;

/// Split the centers into blocks of at most [`CENTERS_PER_BLOCK`], keeping wards together
/// where they fit.
fn blocks(r: &Report) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for g in &r.groups {
        for chunk in g.centers.chunks(CENTERS_PER_BLOCK) {
            match out.last_mut() {
                Some(b) if b.len() + chunk.len() <= CENTERS_PER_BLOCK => b.extend(chunk),
                _ => out.push(chunk.to_vec()),
            }
        }
    }
    out
}

/// The staffing sheet, when the form has a staffing table.
pub fn sheet(r: &Report) -> Option<Sheet> {
    let form = r.form;
    let st = form.staffing.as_ref()?;
    let table = &form.tables[st.table];
    let mut s = Sheet::new(SHEET_STAFFING);
    r.page(&mut s, true);
    s.text(0, 0, &r.title, Style::Title);
    let h = &st.heading;
    s.text(
        2,
        0,
        numbered(&h.number, &r.labels.render(&h.label)),
        Style::Heading,
    );
    s.text(3, 0, &st.note, Style::Note);
    let cols = table.columns.len() as u16;
    let labels: Vec<[String; 3]> = table
        .rows
        .iter()
        .map(|a| std::array::from_fn(|i| a.label.get(i).cloned().unwrap_or_default()))
        .collect();
    let mut notes = Vec::new();
    let mut missing = false;
    let mut row = r.area_note(&mut s, 4);
    let mut widest = 0;
    for block in blocks(r).iter() {
        let (names, pop, req, duty) = (row, row + 1, row + 2, row + 3);
        block_labels(r, &mut s, row);
        let first = duty + 1;
        layout::staff_labels(&mut s, first, &labels);
        for (k, &ci) in block.iter().enumerate() {
            let center = &r.profile.centers[ci];
            let c0 = 3 + k as u16 * cols;
            let c1 = c0 + cols - 1;
            s.merge(
                (names, c0),
                (names, c1),
                Content::Text(center.short.clone()),
                Style::Header,
            );
            s.merge(
                (pop, c0),
                (pop, c1),
                Content::Number(f64::from(center.population)),
                Style::People,
            );
            let (content, style) = match r.profile.required_staff(center) {
                None => (Content::Text("-".into()), Style::LabelCenter),
                Some(n) if center.required_note.is_some() => {
                    (Content::Number(f64::from(n)), Style::StaffNoted)
                }
                Some(n) => (Content::Number(f64::from(n)), Style::Staff),
            };
            s.merge((req, c0), (req, c1), content, style);
            if let Some(note) = &center.required_note {
                notes.push(format!("※ {note}"));
            }
            for (j, axis) in table.columns.iter().enumerate() {
                s.text(duty, c0 + j as u16, axis.joined(), Style::Header);
            }
            let Some(sub) = r.subs[ci] else {
                // 未提出: the center's column says so and holds no staff (why: on 概要).
                let last = first + table.rows.len() as u32 - 1;
                let mark = Content::Text(tr(r.lang, "未提出", "none").into());
                s.merge((first, c0), (last, c1), mark, Style::Missing);
                missing = true;
                continue;
            };
            for ri in 0..table.rows.len() {
                for j in 0..table.columns.len() {
                    let (rr, col) = (first + ri as u32, c0 + j as u16);
                    let (content, style) = cell(form, sub, ri, j, first, col);
                    s.set(rr, col, content, style);
                }
            }
        }
        widest = widest.max(block.len());
        // A block of centers never splits across pages.
        s.keep_together(names, first + table.rows.len() as u32 - 1);
        row = first + table.rows.len() as u32 + 1;
    }
    if missing {
        notes.push(
            tr(
                r.lang,
                "※ 未提出: このセンターの職員配置は含まれていません(理由は概要・検証結果シート)。",
                "※ Not submitted: this center's staffing is not included (why: see the overview and findings sheets).",
            )
            .to_string(),
        );
    }
    for (rr, note) in (row - 1..).zip(notes) {
        s.text(rr, 0, note, Style::Note);
    }
    for (col, w) in [(0u16, 13.0), (1, 17.0), (2, 7.0)] {
        s.width(col, w);
    }
    for c in 3..3 + cols * widest as u16 {
        s.width(c, 6.5);
    }
    Some(s)
}

/// The labels of a block of centers, from `row`: its names' row, the population, the staff
/// the city requires and the header over the roles.
fn block_labels(r: &Report, s: &mut Sheet, row: u32) {
    let Some(st) = r.form.staffing.as_ref() else {
        return;
    };
    let table = &r.form.tables[st.table];
    let (names, pop, req, duty) = (row, row + 1, row + 2, row + 3);
    s.merge((names, 0), (names, 2), Content::Blank, Style::Header);
    s.merge(
        (pop, 0),
        (pop, 2),
        Content::Text(r.labels.render(&st.population_label)),
        Style::Label,
    );
    s.merge(
        (req, 0),
        (req, 2),
        Content::Text(st.required_label.clone()),
        Style::Label,
    );
    s.merge(
        (duty, 0),
        (duty, 2),
        Content::Text(r.labels.render(&table.corner)),
        Style::Header,
    );
}

fn cell(
    form: &Form,
    sub: &Submission,
    ri: usize,
    k: usize,
    first: u32,
    col: u16,
) -> (Content, Style) {
    let Some(st) = &form.staffing else {
        return (Content::Blank, Style::Count);
    };
    let table = &form.tables[st.table];
    let axis = &table.rows[ri];
    let item = table.items[ri][k];
    if axis.part_time {
        let count = value(form, sub, item);
        let fte = table.fte[ri][k].map_or(0.0, |f| value(form, sub, f));
        return if count > 0.0 || fte > 0.0 {
            (
                Content::Text(part_time_text(count, fte)),
                Style::LabelCenter,
            )
        } else {
            (Content::Blank, Style::Count)
        };
    }
    match &axis.sum {
        Some(parts) if !total_disagrees(form, sub, item) => {
            let cells: Vec<String> = parts.iter().map(|&p| a1(first + p as u32, col)).collect();
            (
                Content::Formula(
                    format!("=SUM({})", cells.join(",")),
                    Cached::Number(value(form, sub, item)),
                ),
                Style::Quiet,
            )
        }
        Some(_) => (
            Content::Number(sub.values[item].unwrap_or(0.0)),
            Style::Flagged,
        ),
        None => match sub.values[item] {
            Some(v) => (Content::Number(v), Style::Count),
            None => (Content::Blank, Style::Count),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_time_is_written_as_in_000() {
        assert_eq!(part_time_text(1.0, 0.7), "1(0.7)");
        assert_eq!(part_time_text(2.0, 1.25), "2(1.25)");
        assert_eq!(part_time_text(1.0, 0.6000000001), "1(0.6)");
    }
}
