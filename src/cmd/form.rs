//! `hokatsu form [--format csv|json] [--definition | --from 様式.xlsx [--sheet NAME]...]`:
//! print the data dictionary (項目定義), the form definition in use (the file a city starts
//! its own form from), or a definition drafted from the city's existing workbook.

use super::Common;
use crate::dictionary;
use crate::error::RunError;
use crate::template::{self, Subject};
use std::io::Write;

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum DictionaryFormat {
    #[default]
    Csv,
    Json,
}

pub fn run(common: &Common, format: DictionaryFormat, definition: bool) -> Result<(), RunError> {
    let profile = common.load_profile()?;
    if definition {
        // Its comments follow --lang (the embedded form's are Japanese, with English beside them).
        return crate::output::emit(&crate::i18n::comments(
            &profile.form_source.text,
            common.lang,
        ));
    }
    let subject = Subject {
        profile: &profile,
        center: None,
        period: common.period(&profile)?,
        lang: common.lang,
    };
    let layout = template::layout(&subject);
    let entries = dictionary::entries(&profile.form, &layout);
    let internal = |reason: String| RunError::Internal {
        what: "form".into(),
        reason,
    };
    let bytes = match format {
        DictionaryFormat::Csv => {
            dictionary::to_csv(&entries).map_err(|e| internal(e.to_string()))?
        }
        DictionaryFormat::Json => {
            let mut v = serde_json::to_vec_pretty(&entries).map_err(|e| internal(e.to_string()))?;
            v.push(b'\n');
            v
        }
    };
    crate::output::emit_bytes(&bytes)
}

/// `form --from`: the drafted definition on stdout, what it could not place on stderr.
pub fn run_from(
    common: &Common,
    path: &std::path::Path,
    sheets: &[String],
) -> Result<(), RunError> {
    let draft = crate::draft::draft(path, sheets, common.lang)?;
    if !draft.unplaced.is_empty() {
        let lang = common.lang;
        let mut text = String::from(crate::i18n::tr(
            lang,
            "hokatsu: 下書きに置けなかったもの:\n",
            "hokatsu: not placed in the draft:\n",
        ));
        for u in &draft.unplaced {
            let line = match lang {
                crate::i18n::Lang::Ja => {
                    format!("  シート「{}」{}: {}\n", u.sheet, u.cell, u.why.get(lang))
                }
                crate::i18n::Lang::En => {
                    format!("  sheet '{}' {}: {}\n", u.sheet, u.cell, u.why.get(lang))
                }
            };
            text.push_str(&line);
        }
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    crate::output::emit(&draft.toml)
}
