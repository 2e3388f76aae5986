//! A sheet as a table of cells (tidyxl's model): each cell's value, formula and the merged
//! range it anchors or lies under. Built once from the workbook; everything after it is pure.

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Number(f64),
    Text(String),
    /// A value the workbook holds as a date (its number format says so).
    Date,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    /// The formula without its `=` (and without ODS's `of:=` and `[.A1]` brackets).
    pub formula: Option<String>,
}

impl Cell {
    pub const EMPTY: Cell = Cell {
        value: Value::Empty,
        formula: None,
    };
}

/// A merged range, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub r0: usize,
    pub c0: usize,
    pub r1: usize,
    pub c1: usize,
}

/// One sheet: its cells row by row from A1, its merged ranges.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: usize,
    pub cols: usize,
    cells: Vec<Cell>,
    pub merges: Vec<Merge>,
    /// Whether the format tells merged ranges (.xlsx, .xls): without them (.ods) a header
    /// spanning columns is read as the label followed by blank cells.
    pub knows_merges: bool,
}

impl Sheet {
    /// A sheet from its cells (row, column, cell), 0-based.
    pub fn new(
        name: &str,
        cells: Vec<(usize, usize, Cell)>,
        merges: Vec<Merge>,
        knows_merges: bool,
    ) -> Sheet {
        let rows = cells.iter().map(|c| c.0 + 1).max().unwrap_or(0);
        let cols = cells.iter().map(|c| c.1 + 1).max().unwrap_or(0);
        let rows = rows.max(merges.iter().map(|m| m.r1 + 1).max().unwrap_or(0));
        let cols = cols.max(merges.iter().map(|m| m.c1 + 1).max().unwrap_or(0));
        let mut grid = vec![Cell::EMPTY; rows * cols];
        for (r, c, cell) in cells {
            grid[r * cols + c] = cell;
        }
        Sheet {
            name: name.to_string(),
            rows,
            cols,
            cells: grid,
            merges,
            knows_merges,
        }
    }

    pub fn get(&self, r: usize, c: usize) -> &Cell {
        if r < self.rows && c < self.cols {
            &self.cells[r * self.cols + c]
        } else {
            &Cell::EMPTY
        }
    }

    /// The merged range the cell lies in (anchor included).
    pub fn merge_at(&self, r: usize, c: usize) -> Option<Merge> {
        (self.merges.iter())
            .find(|m| (m.r0..=m.r1).contains(&r) && (m.c0..=m.c1).contains(&c))
            .copied()
    }

    /// The cell that shows at (r, c): the anchor of its merged range, or itself.
    pub fn shown(&self, r: usize, c: usize) -> (usize, usize) {
        match self.merge_at(r, c) {
            Some(m) => (m.r0, m.c0),
            None => (r, c),
        }
    }

    /// The text shown at (r, c), also under a merged range.
    pub fn text(&self, r: usize, c: usize) -> Option<&str> {
        let (r, c) = self.shown(r, c);
        match &self.get(r, c).value {
            Value::Text(t) if !t.is_empty() => Some(t),
            _ => None,
        }
    }

    /// Whether anything shows at (r, c): a value, a formula, or a merged range over one.
    pub fn filled(&self, r: usize, c: usize) -> bool {
        let (r, c) = self.shown(r, c);
        let cell = self.get(r, c);
        cell.value != Value::Empty || cell.formula.is_some()
    }
}

/// A cell's address as Excel writes it (`B12`); sheets past Excel's size are refused on
/// opening, so the casts hold.
pub fn a1(r: usize, c: usize) -> String {
    crate::grid::a1(r as u32, c as u16)
}

/// A column's letters (`A`, `AB`).
pub fn column_name(c: usize) -> String {
    crate::grid::column_name(c as u16)
}

/// A label as the form can hold it: line breaks inside a cell (Alt+Enter) joined, control
/// characters dropped, spaces at the ends trimmed.
pub fn clean(text: &str) -> String {
    let joined: String = text.chars().filter(|c| !c.is_control()).collect::<String>();
    joined.trim_matches(|c: char| c.is_whitespace()).to_string()
}

/// A rectangle of the sheet, inclusive.
#[derive(Debug, Clone, Copy)]
pub struct Block {
    pub r0: usize,
    pub r1: usize,
    pub c0: usize,
    pub c1: usize,
}

/// What a total word says a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalWord {
    /// 計 (a group's, or the table's when it has no groups).
    Plain,
    /// 小計: the lines since the last total.
    Sub,
    /// 合計, 総計: the whole axis.
    Grand,
}

/// The total a label names, if it names one: 計, 合計, 小計, 総計, R7.11末計.
pub fn total_word(label: &str) -> Option<TotalWord> {
    let t: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    match t.as_str() {
        "計" => Some(TotalWord::Plain),
        "小計" => Some(TotalWord::Sub),
        "合計" | "総計" | "総合計" => Some(TotalWord::Grand),
        _ if t.ends_with("末計") || t.ends_with("年度計") || t.ends_with("月計") => {
            Some(TotalWord::Plain)
        }
        _ => None,
    }
}
