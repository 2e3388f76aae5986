//! How the command line spells the core's choices: clap's `ValueEnum` for the report's
//! [`Rows`], so that the core (report/summary.rs) knows nothing of clap. Belongs with the
//! command line (src/cli.rs), which takes `--rows` as this value.

use crate::report::summary::Rows;
use clap::builder::PossibleValue;

impl clap::ValueEnum for Rows {
    fn value_variants<'a>() -> &'a [Self] {
        &[Rows::Auto, Rows::Centers, Rows::Areas]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Rows::Auto => PossibleValue::new("auto")
                .help("Centers up to 300, areas beyond (when the profile gives areas)"),
            Rows::Centers => PossibleValue::new("centers"),
            Rows::Areas => PossibleValue::new("areas"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn rows_are_spelled_as_before() {
        for (text, rows) in [
            ("auto", Rows::Auto),
            ("centers", Rows::Centers),
            ("areas", Rows::Areas),
        ] {
            assert_eq!(Rows::from_str(text, false), Ok(rows));
        }
    }
}
