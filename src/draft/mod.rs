//! `hokatsu form --from 様式.xlsx`: draft a form definition from the workbook a city already
//! sends its centers, so adopting hokatsu starts from a review, not from a blank TOML file.
//!
//! The model is R's tidyxl + unpivotr (STYLE.md 20): the sheet becomes a table of cells
//! ([`cells`]: value, formula, merged range), [`partition`] cuts it into blocks at its empty
//! rows and columns and tells titles, section headings, notes, the center's and the period's
//! cells from tables, [`behead`] takes the header levels of a table (merged header cells
//! across, group labels merged down the side) and its row labels, [`totals`] decides its
//! totals and 再掲 lines, and [`emit`] prints the definition in the syntax of docs/form.md.
//!
//! What the workbook shows (a `SUM` formula, a numbered list, a date in a cell) is written
//! plainly; what is inferred from words (a 計 row typed by hand, the line a 再掲 belongs to)
//! carries a `# 推定:` comment on its line, so the city reviews the guesses, not the file.
//! The core is pure: [`open`] is the one place a file is read.

pub mod behead;
pub mod cells;
pub mod emit;
pub mod ods;
pub mod open;
pub mod partition;
pub mod totals;

use crate::i18n::{Lang, Text};
use std::path::Path;

/// Why no definition could be drafted: the file, and the sheet and cell where one applies.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("{file}: cannot open ({why})")]
    Unreadable { file: String, why: String },
    #[error("{file}: no such file")]
    Missing { file: String },
    #[error("{file}: not a file")]
    NotAFile { file: String },
    #[error("{file}: not a workbook (.xlsx, .xlsm, .xls, .ods)")]
    NotWorkbook { file: String },
    #[error("{file}: too large")]
    TooLarge { file: String },
    #[error("{file}: password-protected")]
    Protected { file: String },
    #[error("{file}: damaged")]
    Damaged { file: String },
    #[error("{file}: no sheet '{sheet}'")]
    NoSheet {
        file: String,
        sheet: String,
        known: Vec<String>,
    },
    #[error("{file}: sheet '{sheet}' is too large ({rows} rows, {cols} columns)")]
    SheetTooLarge {
        file: String,
        sheet: String,
        rows: usize,
        cols: usize,
    },
    #[error("{file}: no table to draft")]
    NoTable {
        file: String,
        sheets: Vec<String>,
        /// The first thing that could not be placed, said in the run's language.
        first: Option<String>,
    },
    #[error("{file}: the drafted definition does not hold ({why})")]
    Invalid { file: String, why: String },
}

impl DraftError {
    /// The message for the city's staff: the file, the place, what to do.
    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_string()
    }

    fn text(&self) -> Text {
        let quoted =
            |names: &[String]| names.iter().map(|n| format!("「{n}」")).collect::<String>();
        match self {
            DraftError::Missing { file } => Text::new(
                format!("{file} がありません。ファイルの場所と名前を確かめてください。"),
                format!("There is no file {file}. Check the file's place and name."),
            ),
            DraftError::NotAFile { file } => Text::new(
                format!(
                    "{file} はファイルではありません(フォルダなど)。市の様式のブックを指定してください。"
                ),
                format!("{file} is not a file (a folder?). Give the city's form workbook."),
            ),
            DraftError::Unreadable { file, why } => Text::new(
                format!("{file} を開けません({why})。ファイルの場所と名前を確かめてください。"),
                format!("Cannot open {file} ({why}). Check the file's place and name."),
            ),
            DraftError::NotWorkbook { file } => Text::new(
                format!(
                    "{file} は Excel のブック(.xlsx .xlsm .xls)でも .ods でもありません。市の様式のブックを指定してください。"
                ),
                format!(
                    "{file} is not an Excel workbook (.xlsx .xlsm .xls) nor .ods. Give the city's form workbook."
                ),
            ),
            DraftError::TooLarge { file } => Text::new(
                format!(
                    "{file} は大きすぎて様式として読めません(ファイルは 50MB、展開した中身は 200MB まで)。様式のシートだけを保存したブックを指定してください。"
                ),
                format!(
                    "{file} is too large to be read as a form (at most 50 MB, 200 MB unpacked). Give a workbook of the form's sheets."
                ),
            ),
            DraftError::Protected { file } => Text::new(
                format!(
                    "{file} はパスワードで保護されています。Excel でパスワードを外して保存し直してから、もう一度実行してください。"
                ),
                format!(
                    "{file} is password-protected. Remove the password in Excel, save it, and run again."
                ),
            ),
            DraftError::Damaged { file } => Text::new(
                format!(
                    "{file} は壊れていて読み取れません。Excel で開いて .xlsx で保存し直してから、もう一度実行してください。"
                ),
                format!(
                    "{file} is damaged and cannot be read. Open it in Excel, save it as .xlsx, and run again."
                ),
            ),
            DraftError::NoSheet { file, sheet, known } => Text::new(
                format!(
                    "{file} にシート「{sheet}」はありません。あるシートは {} です。--sheet にはそのどれかを指定してください。",
                    quoted(known)
                ),
                format!(
                    "{file} has no sheet '{sheet}'. Its sheets are: {}. Give one of them to --sheet.",
                    known.join(", ")
                ),
            ),
            DraftError::SheetTooLarge {
                file,
                sheet,
                rows,
                cols,
            } => {
                let last = cells::a1(rows.saturating_sub(1), cols.saturating_sub(1));
                let (max_r, max_c) = (open::MAX_ROWS, open::MAX_COLS);
                let (which_ja, which_en) = if sheet.is_empty() {
                    ("シートの一つは".to_string(), "A sheet".to_string())
                } else {
                    (format!("シート「{sheet}」は"), format!("Sheet '{sheet}'"))
                };
                Text::new(
                    format!(
                        "{file} の{which_ja} {rows} 行 × {cols} 列(最後のセル {last})あり、様式として読むには大きすぎます({max_r} 行、{max_c} 列まで)。様式のシートを --sheet で指定してください。"
                    ),
                    format!(
                        "{which_en} of {file} has {rows} rows × {cols} columns (last cell {last}): too large for a form (at most {max_r} rows, {max_c} columns). Name the form's sheet with --sheet."
                    ),
                )
            }
            DraftError::NoTable {
                file,
                sheets,
                first,
            } => Text::new(
                format!(
                    "{file}(シート {})には、様式の表として読める表がありません。見出しの行と、その下に件数を書く欄のある表が必要です。{}",
                    quoted(sheets),
                    first
                        .as_deref()
                        .map(|f| format!("({f})"))
                        .unwrap_or_default()
                ),
                format!(
                    "{file} (sheets {}) has no table that can be read as a form's: a table needs a header row and cells for counts below it.{}",
                    sheets.join(", "),
                    first
                        .as_deref()
                        .map(|f| format!(" ({f})"))
                        .unwrap_or_default()
                ),
            ),
            DraftError::Invalid { file, why } => Text::new(
                format!(
                    "{file} から下書きした様式の定義が読めませんでした({why})。このメッセージを添えて開発者に連絡してください。"
                ),
                format!(
                    "The definition drafted from {file} does not hold ({why}). Please report this message to the developers."
                ),
            ),
        }
    }
}

/// Something of the workbook the draft could not place, at its cell.
#[derive(Debug, Clone)]
pub struct Unplaced {
    pub sheet: String,
    pub cell: String,
    pub why: Text,
}

/// A drafted definition and what it left out.
#[derive(Debug)]
pub struct Draft {
    pub toml: String,
    pub unplaced: Vec<Unplaced>,
}

/// Draft the definition of the form in the workbook at `path` (its sheets `wanted`, or all).
pub fn draft(path: &Path, wanted: &[String], lang: Lang) -> Result<Draft, DraftError> {
    let file = path.display().to_string();
    let ext = (path.extension().and_then(|e| e.to_str()))
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !["xlsx", "xlsm", "xls", "ods"].contains(&ext.as_str()) && path.is_file() {
        return Err(DraftError::NotWorkbook { file });
    }
    let sheets = open::sheets(path, wanted)?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    from_sheets(&file, stem, &sheets, lang)
}

/// The pure core: the definition drafted from sheets already read.
pub fn from_sheets(
    file: &str,
    stem: &str,
    sheets: &[cells::Sheet],
    lang: Lang,
) -> Result<Draft, DraftError> {
    let mut unplaced = Vec::new();
    let mut pages = Vec::new();
    let (mut next_id, mut items) = (1, 0);
    for sheet in sheets {
        let page = partition::page(sheet, &mut next_id, &mut items, &mut unplaced);
        if !page.tables.is_empty() {
            pages.push(page);
        }
    }
    if pages.is_empty() {
        let first = unplaced.first().map(|u| match lang {
            Lang::Ja => format!("シート「{}」{}: {}", u.sheet, u.cell, u.why.get(lang)),
            Lang::En => format!("sheet '{}' {}: {}", u.sheet, u.cell, u.why.get(lang)),
        });
        return Err(DraftError::NoTable {
            file: file.into(),
            sheets: sheets.iter().map(|s| s.name.clone()).collect(),
            first,
        });
    }
    let toml = emit::definition(file, stem, &pages, lang);
    // The draft must be a form hokatsu takes as it is: a failure here is ours, not the city's.
    crate::form::Form::from_toml(&toml, &crate::form::FormCustomization::default()).map_err(
        |e| DraftError::Invalid {
            file: file.into(),
            why: e.message(lang),
        },
    )?;
    Ok(Draft { toml, unplaced })
}

#[cfg(test)]
mod tests {
    use super::cells::{Cell, Merge, Sheet, Value};
    use super::*;

    /// Random small sheets of labels, total words, 再掲, numbers, formulas and merges: every
    /// draft is a form hokatsu takes (or no table), never a definition it refuses.
    #[test]
    fn every_draft_of_random_sheets_is_a_form_hokatsu_takes() {
        let words = [
            "区分",
            "新規",
            "継続",
            "計",
            "合計",
            "小計",
            "うち認知症",
            "夜間(再掲)",
            "再掲",
            "本人",
            "家族",
            "4月",
            "5月",
            "No.",
            "年月日",
            "内容",
            "※ 注記",
            "件数",
            "計",
        ];
        let mut seed: u64 = 0xD1B5_4A32_D192_ED03;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        for round in 0..3000 {
            let (rows, cols) = (2 + next(16), 2 + next(10));
            let mut cells = Vec::new();
            for r in 0..rows {
                for c in 0..cols {
                    let value = match next(10) {
                        0..=3 => Value::Text(words[next(words.len() as u64)].to_string()),
                        4 => Value::Number((next(12) + 1) as f64),
                        5 => Value::Date,
                        _ => Value::Empty,
                    };
                    let formula = (next(8) == 0).then(|| match next(3) {
                        0 => format!(
                            "SUM({}{}:{}{})",
                            cells::column_name(next(cols as u64)),
                            r + 1,
                            cells::column_name(c),
                            r + 1
                        ),
                        1 => format!("SUM(B{}:B{})", next(rows as u64) + 1, r + 1),
                        _ => format!("B{}+C{}", r + 1, r + 1),
                    });
                    cells.push((r, c, Cell { value, formula }));
                }
            }
            let merges: Vec<Merge> = (0..next(3))
                .map(|_| {
                    let (r0, c0) = (next(rows as u64), next(cols as u64));
                    Merge {
                        r0,
                        c0,
                        r1: (r0 + next(2)).min(rows - 1),
                        c1: (c0 + next(3)).min(cols - 1),
                    }
                })
                .collect();
            let sheet = Sheet::new("s", cells, merges, round % 2 == 0);
            match from_sheets("r.xlsx", "r", &[sheet], Lang::Ja) {
                Ok(_) | Err(DraftError::NoTable { .. }) => {}
                Err(e) => panic!("round {round}: {}", e.message(Lang::Ja)),
            }
        }
    }
}
