//! `hokatsu form [--format csv|json] [--definition]`: print the data dictionary (項目定義), or
//! the form definition in use, as the file a city starts its own form from.

use super::Common;
use crate::dictionary;
use crate::error::RunError;
use crate::template::{self, Subject};

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Csv,
    Json,
}

pub fn run(common: &Common, format: Format, definition: bool) -> Result<(), RunError> {
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
        Format::Csv => dictionary::to_csv(&entries).map_err(|e| internal(e.to_string()))?,
        Format::Json => {
            let mut v = serde_json::to_vec_pretty(&entries).map_err(|e| internal(e.to_string()))?;
            v.push(b'\n');
            v
        }
    };
    crate::output::emit_bytes(&bytes)
}
