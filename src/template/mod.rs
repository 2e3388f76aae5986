//! The submission workbook a center fills: its own rows of every table of the report.
//!
//! Built from the form alone, so the data dictionary, the reader's fallback addresses and the
//! template can never disagree: [`layout`] decides every cell, [`write`] renders it. Input cells are
//! unlocked, validated and named `hk_<item>`; totals are formulas the center may type over; every
//! other cell is protected (no password). Three meta cells (center, month, form signature) let the
//! reader tell whose file it is and whether it was made from this version of the form.

mod checks;

use crate::era::Period;
use crate::form::{Form, Kind, LabelContext, data_label};
use crate::grid::{self, Cached, Content, Name, Sheet, Style, Validation};
use crate::i18n::{Lang, tr};
use crate::layout::{self, Repeat, Role};
use crate::profile::{Center, Profile};

pub const SHEET_STAFF: &str = "職員配置";
/// The sheet a center types its activity figures in (the report's is [`crate::report::SHEET_ACTIVITIES`]).
pub const SHEET_ACTIVITY_INPUT: &str = "実績";
pub const SHEET_PROVIDERS: &str = "委託先";
pub const SHEET_GUIDE: &str = "記入方法";
pub const SHEET_CHECKS: &str = "チェック";
pub const SHEET_EVALUATION: &str = "評価";

pub use crate::address::{
    Addresses, NAME_CENTER, NAME_CHECK_COUNT, NAME_FORM, NAME_PERIOD, Place, item_name,
};

/// A template, laid out.
#[derive(Debug, Clone)]
pub struct Template {
    pub sheets: Vec<Sheet>,
    /// Where every item and meta cell is (what the reader is given).
    pub at: Addresses,
}

impl Template {
    /// Every defined name of the template: the meta cells and one per item.
    pub fn names(&self, form: &Form) -> Vec<Name> {
        let name = |n: String, p: Place| Name {
            name: n,
            sheet: self.sheets[p.sheet].name.clone(),
            row: p.row,
            col: p.col,
        };
        let mut names = vec![
            name(NAME_CENTER.into(), self.at.center),
            name(NAME_PERIOD.into(), self.at.period),
            name(NAME_FORM.into(), self.at.signature),
            name(NAME_CHECK_COUNT.into(), self.at.check_count),
        ];
        names.extend(
            form.items
                .iter()
                .zip(&self.at.places)
                .map(|(item, &p)| name(item_name(&item.id), p)),
        );
        names
    }
}

/// What the template is filled in for.
pub struct Subject<'a> {
    pub profile: &'a Profile,
    pub center: Option<&'a Center>,
    pub period: Option<Period>,
    pub lang: Lang,
}

impl Subject<'_> {
    pub fn labels(&self) -> LabelContext {
        label_context(self.profile, self.period)
    }
}

/// The placeholders' values for a profile and month.
pub fn label_context(profile: &Profile, period: Option<Period>) -> LabelContext {
    let fy = period.map_or(profile.fiscal_year, Period::fiscal_year);
    LabelContext {
        fiscal_year: crate::era::fiscal_year_label(fy),
        as_of: period.map(Period::as_of).unwrap_or_default(),
        period_end: period.map(Period::end_short).unwrap_or_default(),
        period_of: period
            .map(|p| format!("{}分", p.wareki()))
            .unwrap_or_default(),
        population_date: profile.population_as_of.clone(),
    }
}

/// What the files of a run are read against: the profile and a blank template's addresses.
pub fn read_context(
    profile: &Profile,
    limits: crate::read::sniff::Limits,
) -> crate::read::ReadContext<'_> {
    let blank = layout(&Subject {
        profile,
        center: None,
        period: None,
        lang: Lang::Ja,
    });
    crate::read::ReadContext::new(profile, limits, blank.at)
}

/// Lay out the template for a center (or a blank one, for the dictionary).
pub fn layout(subject: &Subject) -> Template {
    let form = &subject.profile.form;
    let ctx = subject.labels();
    let mut places = vec![
        Place {
            sheet: 0,
            row: 0,
            col: 0
        };
        form.items.len()
    ];
    // The meta block (center, period, form) heads the first sheet: 職員配置 when the form has
    // a staffing table, else 実績.
    let at = |row: u32| Place {
        sheet: 0,
        row,
        col: 3,
    };
    let (center, period, signature) = (at(1), at(2), at(3));
    let mut sheets = Vec::new();
    if let Some(st) = &form.staffing {
        let mut staff = Sheet::new(SHEET_STAFF);
        meta_block(&mut staff, subject, &ctx);
        staffing_rows(&mut staff, form, st, &ctx, &mut places);
        sheets.push(staff);
    }
    let acts_sheet = sheets.len();
    let acts = activities_sheet(subject, &ctx, acts_sheet, &mut places);
    let prov = providers_sheet(subject, &ctx, acts_sheet + 1, &mut places);
    // A form without a list of providers has no sheet for one.
    sheets.push(acts);
    if form.providers.is_some() {
        sheets.push(prov);
    }
    if let Some(t) = form.evaluation {
        let sheet = sheets.len();
        sheets.push(evaluation_sheet(subject, &ctx, t, sheet, &mut places));
    }
    // 記入方法 first: it is what a center opens and reads first; then the checks. Every place
    // moves two sheets on.
    sheets.insert(0, guide_sheet(subject, &ctx));
    sheets.insert(1, Sheet::new(SHEET_CHECKS));
    for p in &mut places {
        p.sheet += 2;
    }
    let moved = |p: Place| Place {
        sheet: p.sheet + 2,
        ..p
    };
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let list = checks::checks(subject.profile, subject.center, &places, &names);
    let check_count = self_checks(&mut sheets, &list, subject.lang);
    let footer = format!("&C{}  &P / &N", center_name(subject));
    for s in &mut sheets {
        s.protect = true;
        s.page.footer = footer.clone();
    }
    Template {
        at: Addresses {
            sheets: sheets.iter().map(|s| s.name.clone()).collect(),
            places,
            names: (subject.profile.form.items.iter())
                .map(|i| crate::address::item_name(&i.id))
                .collect(),
            center: moved(center),
            period: moved(period),
            signature: moved(signature),
            check_count,
        },
        sheets,
    }
}

fn center_name(subject: &Subject) -> String {
    subject.center.map(|c| c.name.clone()).unwrap_or_default()
}

/// The title and the meta cells (center, period, form signature) at the top of the first
/// sheet.
fn meta_block(sheet: &mut Sheet, subject: &Subject, ctx: &LabelContext) {
    let form = &subject.profile.form;
    sheet.text(0, 0, ctx.render(&form.title), Style::Title);
    let meta = [
        (
            tr(subject.lang, "センター名", "Center"),
            center_name(subject),
        ),
        (
            tr(subject.lang, "対象月", "Month"),
            subject.period.map(|p| p.to_string()).unwrap_or_default(),
        ),
        (tr(subject.lang, "様式", "Form"), form.signature()),
    ];
    for (i, (label, value)) in meta.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.merge(
            (r, 0),
            (r, 2),
            Content::Text(label.to_string()),
            Style::Label,
        );
        let style = if i == 2 { Style::Small } else { Style::Text };
        sheet.merge((r, 3), (r, 4), Content::Text(value.clone()), style);
    }
}

/// The sheet of section 3's tables, this center's rows. A table too wide for the page comes
/// in pieces of its column groups, as in the report; totals are written once every piece has
/// placed its cells (a total's parts may be in another piece).
fn activities_sheet(
    subject: &Subject,
    ctx: &LabelContext,
    index: usize,
    places: &mut [Place],
) -> Sheet {
    let form = &subject.profile.form;
    let mut acts = Sheet::new(SHEET_ACTIVITY_INPUT);
    let mut row = if form.staffing.is_some() {
        acts.text(0, 0, ctx.render(&form.title), Style::Title);
        acts.text(1, 0, center_name(subject), Style::Heading);
        3
    } else {
        meta_block(&mut acts, subject, ctx);
        5
    };
    acts.text(
        row,
        0,
        format!(
            "{} {}",
            form.activities.number,
            ctx.render(&form.activities.label)
        ),
        Style::Heading,
    );
    row += 1;
    acts.page.landscape = true;
    let pieces: Vec<layout::Piece> = form
        .activity_tables()
        .flat_map(|t| layout::pieces(form, &form.tables[t], t, acts.body_width()))
        .collect();
    let mut widest = 0;
    let mut totals: Vec<(usize, usize)> = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        let start = row;
        if piece.first {
            for (style, text) in layout::headings_before(form, piece.t) {
                acts.text(row, 0, text, style);
                row += 1;
            }
        }
        let title = row;
        row = layout::header(&mut acts, row, piece, ctx);
        if !piece.first {
            layout::mark_continued(&mut acts, title, &piece.table, subject.lang);
        }
        widest = widest.max(piece.shape.width);
        if piece.shape.repeat == Repeat::Lines {
            let below = list_rows(&mut acts, (index, row), form, piece, places);
            acts.keep_together(start, below - 1);
            row = below + 1;
            continue;
        }
        // A table prints whole, with its headings: never a title at a page's foot.
        acts.keep_together(start, row + piece.shape.span - 1);
        let short = subject.center.map(|c| c.short.clone()).unwrap_or_default();
        piece
            .shape
            .write_labels(&mut acts, row, &short, Style::LabelCenter);
        for cell in &piece.shape.cells {
            places[cell.item] = Place {
                sheet: index,
                row: row + cell.dr,
                col: cell.dc,
            };
            if cell.role == Role::Total {
                totals.push((k, cell.item));
            } else {
                item_cell(&mut acts, form, row, cell);
            }
        }
        row += piece.shape.span + 1;
    }
    for (k, item) in totals {
        let p = places[item];
        let formula = total_formula(form, item, places);
        let content = Content::Formula(formula, Cached::Number(0.0));
        let shape = &pieces[k].shape;
        if let Some(cell) = shape.cells.iter().find(|c| c.item == item) {
            shape.write_cell(&mut acts, p.row - cell.dr, cell, content, Style::InputTotal);
        }
    }
    acts.width(0, layout::LABEL_WIDTH);
    for c in 1..widest {
        acts.width(c, layout::COLUMN_WIDTH);
    }
    acts.page.landscape = true;
    acts
}

/// A center's input cell, validated, or a computed ratio: the same row's numerator over its
/// denominator.
fn item_cell(acts: &mut Sheet, form: &Form, row: u32, cell: &layout::ItemCell) {
    let (r, c) = (row + cell.dr, cell.dc);
    if let Role::Ratio {
        num_col, den_col, ..
    } = cell.role
    {
        let formula = grid::ratio_formula(r, num_col, den_col);
        acts.formula(r, c, formula, Cached::Text(String::new()), Style::Ratio);
        return;
    }
    acts.set(r, c, Content::Blank, Style::Input);
    // A signed figure (収支差額) may be negative.
    let v = if form.items[cell.item].range.is_some_and(|(lo, _)| lo < 0.0) {
        Validation::Signed
    } else {
        Validation::Count
    };
    acts.validate(r, c, v);
}

/// The sheet of contracted providers: numbered lines of a name and its counts, their sums
/// below.
fn providers_sheet(
    subject: &Subject,
    ctx: &LabelContext,
    index: usize,
    places: &mut [Place],
) -> Sheet {
    let form = &subject.profile.form;
    let mut prov = Sheet::new(SHEET_PROVIDERS);
    prov.text(0, 0, ctx.render(&form.title), Style::Title);
    prov.text(1, 0, center_name(subject), Style::Heading);
    let Some(t) = form.providers else {
        return prov;
    };
    let table = &form.tables[t];
    let mut row = 3;
    for (style, text) in layout::headings_before(form, t) {
        prov.text(row, 0, text, style);
        row += 1;
    }
    prov.text(row, 0, "No.", Style::Header);
    for (c, axis) in table.columns.iter().enumerate() {
        prov.text(row, 1 + c as u16, ctx.render(&axis.joined()), Style::Header);
    }
    prov.height(row, 32.0);
    prov.page.repeat_rows = Some((row, row));
    row += 1;
    let first = row;
    for (slot, cols) in table.items.iter().enumerate() {
        let r = row + slot as u32;
        prov.number(r, 0, (slot + 1) as f64, Style::LabelCenter);
        for (c, &item) in cols.iter().enumerate() {
            let col = 1 + c as u16;
            places[item] = Place {
                sheet: index,
                row: r,
                col,
            };
        }
        for (c, &item) in cols.iter().enumerate() {
            let col = 1 + c as u16;
            match form.items[item].kind {
                Kind::Text => {
                    prov.set(r, col, Content::Blank, Style::InputText);
                    let what = data_label(&table.columns[c].joined());
                    prov.validate(r, col, Validation::Text(100, what));
                }
                Kind::Total => {
                    let formula = total_formula(form, item, places);
                    prov.formula(r, col, formula, Cached::Number(0.0), Style::InputTotal);
                }
                _ => {
                    prov.set(r, col, Content::Blank, Style::Input);
                    prov.validate(r, col, Validation::Count);
                }
            }
        }
    }
    let last = row + table.items.len() as u32 - 1;
    let total_row = last + 1;
    prov.merge(
        (total_row, 0),
        (total_row, 1),
        Content::Text(table.total_label.clone().unwrap_or_default()),
        Style::TotalLabel,
    );
    for c in 1..table.columns.len() {
        let col = 1 + c as u16;
        prov.formula(
            total_row,
            col,
            format!("=SUM({}:{})", grid::a1(first, col), grid::a1(last, col)),
            Cached::Number(0.0),
            Style::TotalCount,
        );
    }
    prov.width(0, 6.0);
    prov.width(1, 44.0);
    for c in 2..=table.columns.len() as u16 {
        prov.width(c, 14.0);
    }
    prov
}

/// The staffing table under the meta block: roles down (merged by group and role), 専従/兼務
/// across, part-time rows with their full-time equivalent below.
fn staffing_rows(
    staff: &mut Sheet,
    form: &Form,
    st: &crate::form::Staffing,
    ctx: &LabelContext,
    places: &mut [Place],
) {
    let mut row = 5;
    let heading = &st.heading;
    staff.text(
        row,
        0,
        crate::form::numbered(&heading.number, &ctx.render(&heading.label)),
        Style::Heading,
    );
    staff.text(row + 1, 0, &st.note, Style::Note);
    row += 2;
    let table = &form.tables[st.table];
    staff.merge(
        (row, 0),
        (row, 2),
        Content::Text(ctx.render(&table.corner)),
        Style::Header,
    );
    for (c, axis) in table.columns.iter().enumerate() {
        staff.text(row, 3 + c as u16, axis.joined(), Style::Header);
    }
    row += 1;
    let first = row;
    let mut labels: Vec<[String; 3]> = Vec::new();
    let mut staff_totals = Vec::new();
    for (r, axis) in table.rows.iter().enumerate() {
        let level = |i: usize| axis.label.get(i).cloned().unwrap_or_default();
        let lines: Vec<(usize, Vec<Option<usize>>, String)> = {
            let mut v = vec![(
                0,
                table.items[r].iter().copied().map(Some).collect(),
                level(2),
            )];
            if axis.part_time {
                v.push((1, table.fte[r].clone(), st.fte_label.clone()));
            }
            v
        };
        for (line, items, label) in lines {
            labels.push([level(0), level(1), label]);
            for (c, item) in items.iter().enumerate() {
                let Some(item) = *item else { continue };
                let col = 3 + c as u16;
                places[item] = Place { sheet: 0, row, col };
                let fte = line == 1;
                if axis.sum.is_some() {
                    staff_totals.push((item, fte));
                } else if fte {
                    staff.set(row, col, Content::Blank, Style::InputFte);
                    staff.validate(row, col, Validation::FteOf(grid::a1(row - 1, col)));
                } else {
                    staff.set(row, col, Content::Blank, Style::Input);
                    staff.validate(row, col, Validation::Count);
                }
            }
            row += 1;
        }
    }
    for (item, fte) in staff_totals {
        let p = places[item];
        let style = if fte {
            Style::InputTotalFte
        } else {
            Style::InputTotal
        };
        let formula = total_formula(form, item, places);
        staff.formula(p.row, p.col, formula, Cached::Number(0.0), style);
    }
    layout::staff_labels(staff, first, &labels);
    for (col, w) in [(0u16, 16.0), (1, 20.0), (2, 10.0), (3, 12.0), (4, 12.0)] {
        staff.width(col, w);
    }
}

/// Put the checks into the template: failing cells shaded, a message beside each table, and
/// the チェック sheet listing every check with its state and the count of failing ones.
/// Returns the count's place.
fn self_checks(sheets: &mut [Sheet], list: &[checks::Check], lang: Lang) -> Place {
    flag_failures(sheets, list);
    // Sheet and cell of each check.
    let at: Vec<(String, String)> = list
        .iter()
        .map(|c| {
            (
                sheets[c.at.sheet].name.clone(),
                grid::a1(c.at.row, c.at.col),
            )
        })
        .collect();
    check_list(&mut sheets[1], list, &at, lang);
    Place {
        sheet: 1,
        row: 1,
        col: 1,
    }
}

/// Each check's cells shaded while it fails, its message beside its table (for the screen:
/// the page prints the table, its cells shaded).
fn flag_failures(sheets: &mut [Sheet], list: &[checks::Check]) {
    let right: Vec<u16> = sheets.iter().map(|s| s.last_col() + 1).collect();
    let mut by_row: std::collections::BTreeMap<(usize, u32), Vec<&checks::Check>> =
        std::collections::BTreeMap::new();
    for c in list {
        for cell in &c.cells {
            let when = if c.each_text {
                format!("=ISTEXT({})", grid::a1(cell.row, cell.col))
            } else {
                format!("={}", c.fails)
            };
            sheets[cell.sheet].highlight(cell.row, cell.col, when);
        }
        by_row.entry((c.at.sheet, c.at.row)).or_default().push(c);
    }
    for ((sheet, row), cs) in by_row {
        // The message is for the screen: the page prints the table, its cells shaded.
        sheets[sheet].page.print_cols = Some(right[sheet] - 1);
        let text: Vec<String> = cs
            .iter()
            .map(|c| format!("IF({},{}&\" \",\"\")", c.fails, c.message))
            .collect();
        sheets[sheet].formula(
            row,
            right[sheet],
            format!("={}", text.join("&")),
            Cached::Text(String::new()),
            Style::CheckMessage,
        );
    }
}

/// The チェック sheet: the count of failing checks (to fix, to look at) and every check with
/// its state, rule, sheet and cell (`at`) and message.
fn check_list(s: &mut Sheet, list: &[checks::Check], at: &[(String, String)], lang: Lang) {
    let (fix, note, ok) = (
        tr(lang, "要修正", "fix"),
        tr(lang, "注意", "check"),
        tr(lang, "OK", "OK"),
    );
    s.text(0, 0, tr(lang, "チェック", "Checks"), Style::Title);
    let header = 5;
    let first = header + 1;
    let last = first + list.len().max(1) as u32 - 1;
    let status = |row: u32| grid::a1_abs(row, 0);
    for (i, (label, value)) in [(fix, fix), (note, note)].into_iter().enumerate() {
        let r = 1 + i as u32;
        s.text(r, 0, label, Style::Label);
        s.formula(
            r,
            1,
            format!("=COUNTIF({}:{},\"{value}\")", status(first), status(last)),
            Cached::Number(0.0),
            Style::Count,
        );
        s.highlight(r, 1, format!("={}>0", grid::a1_abs(r, 1)));
    }
    s.text(
        3,
        0,
        tr(
            lang,
            "チェックが 0 件になってから提出してください。「要修正」の行を読み、赤いセルを直してください(「注意」は確かめるだけでかまいません)。",
            "Submit once the count of checks to fix is 0. Read the rows marked fix and correct the red cells (rows marked check only need a look).",
        ),
        Style::Note,
    );
    // The message last: when it is longer than its column it runs on into empty cells.
    for (c, label) in [
        tr(lang, "状態", "State"),
        tr(lang, "ルール", "Rule"),
        tr(lang, "シート", "Sheet"),
        tr(lang, "セル", "Cell"),
        tr(lang, "内容", "Message"),
    ]
    .into_iter()
    .enumerate()
    {
        s.text(header, c as u16, label, Style::Header);
    }
    s.page.repeat_rows = Some((header, header));
    for (i, c) in list.iter().enumerate() {
        let r = first + i as u32;
        let state = if c.error { fix } else { note };
        s.formula(
            r,
            0,
            format!("=IF({},\"{state}\",\"{ok}\")", c.fails),
            Cached::Text(ok.to_string()),
            Style::CheckStatus,
        );
        s.highlight(r, 0, format!("={}=\"{fix}\"", status(r)));
        s.formula(
            r,
            4,
            format!("=IF({},{},\"\")", c.fails, c.message),
            Cached::Text(String::new()),
            Style::CheckListMessage,
        );
        // Room for a message of two lines (the longest, staffing's, takes two at this width).
        s.height(r, 2.0 * grid::DEFAULT_ROW_HEIGHT);
        s.text(
            r,
            1,
            crate::findings::rule::label(c.rule, lang),
            Style::Text,
        );
    }
    // As wide as a landscape page at full size, so printing never shrinks the type.
    for (col, w) in [(0u16, 8.0), (1, 15.0), (2, 10.0), (3, 6.0), (4, 96.0)] {
        s.width(col, w);
    }
    s.page.landscape = true;
    for (i, (sheet, cell)) in at.iter().enumerate() {
        let r = first + i as u32;
        s.text(r, 2, sheet, Style::Text);
        s.text(r, 3, cell, Style::Text);
    }
}

/// The self-evaluation: one score from 1 to 5 per item, with the scale below.
fn evaluation_sheet(
    subject: &Subject,
    ctx: &LabelContext,
    t: usize,
    index: usize,
    places: &mut [Place],
) -> Sheet {
    let form = &subject.profile.form;
    let table = &form.tables[t];
    let mut s = Sheet::new(SHEET_EVALUATION);
    s.text(0, 0, ctx.render(&form.title), Style::Title);
    s.text(
        1,
        0,
        subject.center.map(|c| c.name.clone()).unwrap_or_default(),
        Style::Heading,
    );
    s.text(3, 0, ctx.render(&table.label), Style::Subheading);
    let (header, row) = (4, 5);
    s.text(header, 0, "", Style::Header);
    s.text(
        row,
        0,
        subject.center.map(|c| c.short.clone()).unwrap_or_default(),
        Style::LabelCenter,
    );
    for (c, axis) in table.columns.iter().enumerate() {
        let col = 1 + c as u16;
        s.text(header, col, ctx.render(&axis.joined()), Style::Header);
        s.set(row, col, Content::Blank, Style::Input);
        let (lo, hi) = form.items[table.items[0][c]].range.unwrap_or((1.0, 5.0));
        s.validate(row, col, Validation::Score(lo as i32, hi as i32));
        places[table.items[0][c]] = Place {
            sheet: index,
            row,
            col,
        };
    }
    s.height(header, 60.0);
    if let Some(ev) = &subject.profile.evaluation {
        for (i, line) in ev.legend.iter().enumerate() {
            s.text(row + 2 + i as u32, 0, line, Style::Note);
        }
    }
    s.width(0, layout::LABEL_WIDTH);
    for c in 1..=table.columns.len() as u16 {
        s.width(c, 24.0);
    }
    s.page.landscape = true;
    s
}

/// A list (meetings): numbered rows to fill, then the total row with the number of rows
/// listed (under the first column) and the sum of each count column. Returns the row below.
fn list_rows(
    acts: &mut Sheet,
    (sheet, first): (usize, u32),
    form: &Form,
    piece: &layout::Piece,
    places: &mut [Place],
) -> u32 {
    let (table, shape) = (&piece.table, &piece.shape);
    for slot in 0..table.items.len() {
        acts.number(
            first + slot as u32,
            0,
            (slot + 1) as f64,
            Style::LabelCenter,
        );
    }
    for cell in &shape.cells {
        let (r, col) = (first + cell.dr, cell.dc);
        places[cell.item] = Place { sheet, row: r, col };
        let what = data_label(&table.columns[cell.col].joined());
        let (style, validation) = match form.items[cell.item].kind {
            Kind::Text => (Style::InputParagraph, Validation::Text(200, what)),
            Kind::Date => (Style::InputDate, Validation::Date(what)),
            _ => (Style::Input, Validation::Count),
        };
        shape.write_cell(acts, first, cell, Content::Blank, style);
        acts.validate(r, col, validation);
    }
    let total = first + table.items.len() as u32;
    let label = table.total_label.clone().unwrap_or_default();
    acts.text(total, 0, label, Style::TotalLabel);
    for (c, (&col, t)) in shape.columns.iter().zip(&table.list_totals).enumerate() {
        let Some(&item) = t.as_ref() else {
            shape.write_at(acts, total, c, Content::Blank, Style::TotalCount);
            continue;
        };
        places[item] = Place {
            sheet,
            row: total,
            col,
        };
        let range = format!("{}:{}", grid::a1(first, col), grid::a1(total - 1, col));
        if form.items[item].kind == Kind::Rows {
            let formula = format!("=COUNTA({range})");
            acts.formula(total, col, formula, Cached::Number(0.0), Style::TotalCount);
        } else {
            let formula = total_formula(form, item, places);
            acts.formula(total, col, formula, Cached::Number(0.0), Style::InputTotal);
        }
    }
    total + 1
}

/// The template formula of a total: the sum of its parts' cells.
fn total_formula(form: &Form, item: usize, places: &[Place]) -> String {
    let parts: Vec<(u32, u16)> = form
        .sums
        .iter()
        .find(|s| s.total == item)
        .map(|s| {
            s.parts
                .iter()
                .map(|&p| (places[p].row, places[p].col))
                .collect()
        })
        .unwrap_or_default();
    grid::sum_formula(&parts)
}

fn guide_sheet(subject: &Subject, ctx: &LabelContext) -> Sheet {
    let mut s = Sheet::new(SHEET_GUIDE);
    let lang = subject.lang;
    s.text(
        0,
        0,
        tr(lang, "記入方法", "How to fill in this form"),
        Style::Title,
    );
    // The count of failing checks, from the チェック sheet.
    s.text(
        1,
        0,
        tr(lang, "未解決のチェック(件)", "Checks to fix"),
        Style::Subheading,
    );
    s.formula(
        1,
        1,
        format!("={NAME_CHECK_COUNT}"),
        Cached::Number(0.0),
        Style::Count,
    );
    s.highlight(1, 1, format!("={}>0", grid::a1_abs(1, 1)));
    s.width(1, 8.0);
    let lines: Vec<String> = guide_lines(subject, ctx)
        .into_iter()
        .enumerate()
        .map(|(i, l)| format!("{}. {l}", i + 1))
        .collect();
    for (i, line) in lines.into_iter().enumerate() {
        s.text(3 + i as u32, 0, line, Style::Paragraph);
    }
    // Narrow enough to print on A4 portrait unscaled in every viewer; rows grow to their text.
    s.width(0, 68.0);
    s
}

/// What to enter, line by line: it depends on the form (its period and amounts, its
/// staffing's labels, its list of providers if it has one).
fn guide_lines(subject: &Subject, ctx: &LabelContext) -> Vec<String> {
    let lang = subject.lang;
    let as_of = if ctx.as_of.is_empty() {
        String::new()
    } else {
        format!("({})", ctx.as_of)
    };
    let form = &subject.profile.form;
    let yearly = subject.period.map(|p| p.cadence) == Some(crate::era::Cadence::Year);
    let flows: Vec<String> = form
        .activity_tables()
        .filter(|&t| form.tables[t].flow)
        .map(|t| form.items[form.tables[t].items[0][0]].section_label.clone())
        .collect();
    let fte = form.staffing.as_ref().map(|st| st.fte_label.clone());
    let providers = form.providers.map(|t| {
        let table = &form.tables[t];
        let linked: Vec<String> = table
            .columns
            .iter()
            .flat_map(|a| a.plans.into_iter().chain(a.providers))
            .map(|i| form.describe(i))
            .collect();
        (data_label(&table.columns[0].joined()), linked)
    });
    let mut lines: Vec<String> = match lang {
        Lang::Ja => vec![
            format!("入力が終わったら「{SHEET_CHECKS}」シートを開いてください。チェックが 0 件になってから提出してください。"),
            if yearly {
                format!("黄色のセルに、{}の実績を入力してください。", ctx.as_of)
            } else {
                format!("黄色のセルに、年度の初め(4月)から期末まで{as_of}の累計を入力してください。")
            },
            "該当がない欄には 0 を入力してください(表がまるごと空欄だと記入漏れとして問い合わせます)。数字は半角・全角、桁区切りのカンマ付きでも読み取れます。".into(),
            "灰色のセル(計)は自動で計算されます。計に数字を直接入力した場合は、その数字が内訳の合計と合っているかを市が確認します。".into(),
        ],
        Lang::En => vec![
            format!("When done, open sheet {SHEET_CHECKS}. Submit once it shows 0 checks to fix."),
            if yearly {
                format!("Enter in the yellow cells the figures of {}.", ctx.as_of)
            } else {
                format!("Enter in the yellow cells the fiscal-year-to-date totals, from April to the end of the period{as_of}.")
            },
            "Enter 0 where there is nothing to report (a table left wholly blank is queried as forgotten). Full-width digits and thousands separators are read.".into(),
            "Grey cells (totals) calculate themselves. A number typed over a total is checked against its parts.".into(),
        ],
    };
    if let Some(fte) = fte {
        lines.push(match lang {
            Lang::Ja => format!("非常勤の職員は「非常勤」の行に人数を、「{fte}」の行に常勤換算した人数(例: 0.7)を入力してください。"),
            Lang::En => format!("For part-time staff enter the headcount on the 非常勤 line and the full-time equivalent (e.g. 0.7) on the {fte} line."),
        });
    }
    if !flows.is_empty() && !yearly {
        lines.push(match lang {
            Lang::Ja => format!(
                "「{}」は累計ではなく、この期間の数を入力してください。",
                flows.join("」「")
            ),
            Lang::En => format!(
                "{}: enter this period's figures, not year-to-date totals.",
                flows.join(", ")
            ),
        });
    }
    if let Some((name, linked)) = providers {
        lines.push(match lang {
            Lang::Ja => format!(
                "「{SHEET_PROVIDERS}」シートには、一行に一つずつ{name}とそれぞれの件数を入力してください。件数の合計と数は「{SHEET_ACTIVITY_INPUT}」シートの{}と一致させてください。",
                linked.join("・")
            ),
            Lang::En => format!(
                "On sheet {SHEET_PROVIDERS}, list one per line ({name}) with its counts; they must add up to {} on sheet {SHEET_ACTIVITY_INPUT}.",
                linked.join(", ")
            ),
        });
    }
    lines.extend(match lang {
        Lang::Ja => [
            "行や列を挿入しても読み取れますが、シートの削除やセル名の変更はしないでください。",
            "Excel形式(.xlsx)のまま保存して提出してください。ファイル名は変えてもかまいません。",
        ],
        Lang::En => [
            "Inserting rows or columns is fine; do not delete sheets or rename cells.",
            "Save and submit as an Excel workbook (.xlsx). The file name may change.",
        ],
    }
    .map(String::from));
    lines
}

/// Render a template to xlsx bytes.
pub fn render(subject: &Subject, t: &Template) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let title = subject.labels().render(&subject.profile.form.title);
    grid::render(&t.sheets, &t.names(&subject.profile.form), &title)
}

/// A value typed into a template cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Number(f64),
    Text(String),
}

/// Type values into a laid-out template, as a center would: `values` by item, `providers` one
/// line per provider (name, then one value per program column). Used by the generator and tests.
pub fn fill(
    t: &mut Template,
    form: &Form,
    values: &[(usize, Typed)],
    providers: &[(String, Vec<f64>)],
) {
    fn put(sheets: &mut [Sheet], p: Place, v: &Typed) {
        let style = sheets[p.sheet]
            .get(p.row, p.col)
            .map_or(Style::Input, |c| c.style);
        let content = match v {
            Typed::Number(n) => Content::Number(*n),
            Typed::Text(s) => Content::Text(s.clone()),
        };
        sheets[p.sheet].set(p.row, p.col, content, style);
    }
    for (item, v) in values {
        put(&mut t.sheets, t.at.places[*item], v);
    }
    if let Some(pt) = form.providers {
        let table = &form.tables[pt];
        for (slot, (name, counts)) in table.items.iter().zip(providers) {
            put(
                &mut t.sheets,
                t.at.places[slot[0]],
                &Typed::Text(name.clone()),
            );
            for (k, &n) in counts.iter().enumerate() {
                if let Some(&item) = slot.get(1 + k)
                    && form.items[item].kind == Kind::Count
                {
                    put(&mut t.sheets, t.at.places[item], &Typed::Number(n));
                }
            }
        }
    }
    // Totals still holding their formula get the value it computes, as a spreadsheet would
    // cache it on saving (totals of totals after their parts: the form lists parts first).
    for sum in &form.sums {
        let p = t.at.places[sum.total];
        let Some(Content::Formula(f, _)) = t.sheets[p.sheet]
            .get(p.row, p.col)
            .map(|c| c.content.clone())
        else {
            continue;
        };
        let total: f64 = sum
            .parts
            .iter()
            .map(|&part| {
                let q = t.at.places[part];
                match t.sheets[q.sheet].get(q.row, q.col).map(|c| &c.content) {
                    Some(Content::Number(n)) | Some(Content::Formula(_, Cached::Number(n))) => *n,
                    Some(Content::Text(s)) => match crate::read::number::parse_text(s) {
                        Ok(crate::read::number::Number::Value(v)) => v,
                        Ok(crate::read::number::Number::PartTime { count, .. }) => count,
                        _ => 0.0,
                    },
                    _ => 0.0,
                }
            })
            .sum();
        let style = t.sheets[p.sheet]
            .get(p.row, p.col)
            .map_or(Style::InputTotal, |c| c.style);
        t.sheets[p.sheet].set(
            p.row,
            p.col,
            Content::Formula(f, Cached::Number(total)),
            style,
        );
    }
}
