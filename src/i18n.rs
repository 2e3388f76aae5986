//! The two languages every message a clerk reads is written in.
//!
//! Japanese is the default: the clerk reads Japanese. `--lang en` switches every message, finding
//! and workbook label that is not part of the form itself (the form's labels stay as the city
//! wrote them).

/// The language of messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// A message in both languages, chosen when it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

/// Pick the literal for the language.
pub fn tr(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}
