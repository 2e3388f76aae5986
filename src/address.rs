//! Where a center's workbook keeps each figure: the defined names (`hk_<item>`, the meta
//! cells) and the cell behind each. The template writes them and the reader looks them up (a
//! file that lost its names is read at these cells), so both take them from here; the
//! template module computes them when it lays a template out ([`crate::template::layout`]).

/// Defined names of the meta cells.
pub const NAME_CENTER: &str = "hk_center";
pub const NAME_PERIOD: &str = "hk_period";
pub const NAME_FORM: &str = "hk_form";
/// The number of failing checks an error of `check` mirrors (0 when all is well).
pub const NAME_CHECK_COUNT: &str = "hk_check_count";

/// The defined name of an item.
pub fn item_name(id: &str) -> String {
    format!("hk_{id}")
}

/// Where a cell of the template is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub sheet: usize,
    pub row: u32,
    pub col: u16,
}

/// Every address of a blank template: its sheets' names, the place of each item (indexed
/// like the form's items) and of the meta cells.
#[derive(Debug, Clone)]
pub struct Addresses {
    pub sheets: Vec<String>,
    pub places: Vec<Place>,
    /// Per form item: its defined name ([`item_name`]), made once rather than for every file.
    pub names: Vec<String>,
    pub center: Place,
    pub period: Place,
    pub signature: Place,
    pub check_count: Place,
}

impl Addresses {
    pub fn sheet_name(&self, place: Place) -> &str {
        &self.sheets[place.sheet]
    }
}
