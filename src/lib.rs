pub mod era;
pub mod form;
pub mod i18n;
pub mod profile;
