//! What a clerk is told when a definition cannot be used — a city's profile or its form: the
//! file, the line, what is wrong, in Japanese and in English. The form's checks and the
//! profile's both end here, so every refusal of a definition reads alike.

use crate::i18n::{Lang, Text};

/// A definition that cannot be used: where, and why, in both languages.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{source_name}{}: {}", line.map(|l| format!(", line {l}")).unwrap_or_default(), text.en)]
pub struct Diagnostic {
    /// The file as the clerk named it (a path, or `kushiro-r7 (embedded)`).
    pub source_name: String,
    /// The line (1-based) of the key or value at fault, when the file has one.
    pub line: Option<usize>,
    pub text: Text,
    /// The error is in the form definition file, not the profile.
    pub in_form: bool,
}

impl Diagnostic {
    /// A diagnostic of the file `source_name`, at the line of the byte `offset` of its `text`.
    pub fn at(source_name: &str, text: &str, offset: Option<usize>, what: Text) -> Diagnostic {
        Diagnostic {
            source_name: source_name.to_string(),
            line: offset.map(|o| line_of(text, o)),
            text: what,
            in_form: false,
        }
    }

    /// The same diagnostic, said of the form definition file.
    pub fn in_form(mut self) -> Diagnostic {
        self.in_form = true;
        self
    }

    /// The message for the clerk, with the file and line.
    pub fn message(&self, lang: Lang) -> String {
        let (ja, en) = if self.in_form {
            ("様式", "form")
        } else {
            ("プロファイル", "profile")
        };
        let (file, text) = (&self.source_name, self.text.get(lang));
        match (lang, self.line) {
            (Lang::Ja, Some(l)) => format!("{ja} {file} の{l}行目: {text}"),
            (Lang::Ja, None) => format!("{ja} {file}: {text}"),
            (Lang::En, Some(l)) => format!("{en} {file}, line {l}: {text}"),
            (Lang::En, None) => format!("{en} {file}: {text}"),
        }
    }
}

/// The line (1-based) of a byte offset of a text (the end for an offset past it).
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line a TOML reader's error at byte `offset` is about. The reader stops where it finds
/// the text cannot go on, which for a value left open (`x = [[[`, an inline table without its
/// `}`) is the next key's line: a `key = value` line cannot stand inside a value, so an error
/// there, after a bracket of an earlier line that the file never closes, is named at the line
/// of that bracket — where the value began.
pub fn toml_error_line(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let line = line_of(text, offset);
    let bytes = text.as_bytes();
    let start = (bytes[..offset].iter().rposition(|&b| b == b'\n')).map_or(0, |n| n + 1);
    let end = (bytes[start..].iter().position(|&b| b == b'\n')).map_or(bytes.len(), |n| start + n);
    if !is_key_line(&bytes[start..end]) {
        return line;
    }
    // The innermost bracket before the error that nothing in the whole file closes (a
    // multi-line array that is closed further on is not the value at fault).
    match open_brackets(bytes).into_iter().rfind(|&at| at < offset) {
        Some(at) if line_of(text, at) < line => line_of(text, at),
        _ => line,
    }
}

/// Whether a line is `key = …` (a bare key, then `=`).
fn is_key_line(line: &[u8]) -> bool {
    let line = line.trim_ascii_start();
    let key = (line.iter())
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-')
        .count();
    key > 0 && line[key..].trim_ascii_start().first() == Some(&b'=')
}

/// The byte offsets of the brackets (`[`, `{`) still open at the end of a text, outermost
/// first; brackets inside strings and comments are text, not brackets.
fn open_brackets(bytes: &[u8]) -> Vec<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => i = string_end(bytes, i, q),
            b'[' | b'{' => open.push(i),
            b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open
}

/// The offset of the last byte of the string starting at `start` with the quote `q` (a
/// string of three quotes may span lines; a one-line string ends at its line's end at most).
fn string_end(bytes: &[u8], start: usize, q: u8) -> usize {
    let triple = bytes[start..].starts_with(&[q, q, q]);
    let mut i = start + if triple { 3 } else { 1 };
    while let Some(&c) = bytes.get(i) {
        match c {
            b'\\' if q == b'"' => i += 1,
            b'\n' if !triple => return i,
            c if c == q && !triple => return i,
            c if c == q && bytes[i..].starts_with(&[q, q, q]) => return i + 2,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_names_its_file_and_line_in_both_languages() {
        let d = Diagnostic::at(
            "city.toml",
            "a = 1\nb = x\n",
            Some(8),
            Text::new("値が読めません。", "the value cannot be read."),
        );
        assert_eq!(
            d.message(Lang::Ja),
            "プロファイル city.toml の2行目: 値が読めません。"
        );
        assert_eq!(
            d.clone().in_form().message(Lang::En),
            "form city.toml, line 2: the value cannot be read."
        );
        let none = Diagnostic { line: None, ..d };
        assert_eq!(
            none.message(Lang::En),
            "profile city.toml: the value cannot be read."
        );
    }

    #[test]
    fn a_value_left_open_is_said_where_it_began() {
        let text = "a = 1\nx = [[[\ny = 2\n";
        let at = text.find("y = 2").unwrap_or(0) + 2;
        assert_eq!(toml_error_line(text, at), 2);
        let text = "a = 1\nx = { a = \"b\"\ny = 2\n";
        assert_eq!(toml_error_line(text, text.len() - 3), 2);
        // Inside a multi-line array, the error's own line.
        let text = "rows = [\n  1,\n  2 = \n]\n";
        let at = text.find("= \n").unwrap_or(0);
        assert_eq!(toml_error_line(text, at), 3);
        // Brackets in strings and comments are text.
        let text = "a = \"[[\" # {{\nb = '['\nc = 1 =\n";
        assert_eq!(toml_error_line(text, text.len() - 2), 3);
    }
}
