//! The tidy CSV export (`compile --csv`): `center,section,row,column,value`, one line per value a
//! center gave, labels as in the data dictionary. The codec, both directions, is
//! [`crate::read::tidy`]: what it writes it reads back, so the same report.

pub use crate::read::tidy::{export, neutralise};
