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
}
