//! The measure of text on a printed page, one for every sheet: how wide a text is and how many
//! lines it takes in a cell, for the layout of tables and the pagination of sheets alike.
//! East Asian wide and full-width characters are told by Unicode's widths (`unicode-width`).

use unicode_width::UnicodeWidthChar;

/// A column width (character units of the default font, 7 px a digit) in points.
pub fn width_points(units: f64) -> f64 {
    (units * 7.0 + 5.0) * 0.75
}

/// The width of text in points at a font size: full-width characters one em, others 0.6 em.
pub fn text_points(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { size } else { size * 0.6 })
        .sum()
}

/// East Asian wide and full-width characters (kana, kanji, full-width forms, CJK
/// punctuation), as Unicode's East Asian Width tells them.
pub fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// The width of a text in half-width units: a wide character two, any other one.
pub fn units(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// Lines a text takes in a cell this wide (each of its own lines wrapped separately; a word
/// longer than the cell breaks anywhere, as CJK text does).
pub fn lines_needed(text: &str, size: f64, width_pt: f64) -> usize {
    let width = width_pt.max(size);
    text.split('\n')
        .map(|line| ((text_points(line, size) / width).ceil() as usize).max(1))
        .sum()
}

/// The height of one line of text at a size, as LibreOffice draws Noto Sans CJK (the widest
/// of the Gothic fonts a council's machine substitutes).
pub fn line_height(size: f64) -> f64 {
    size * 1.5
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kanji, kana and full-width forms are wide; ASCII and half-width katakana are not.
    #[test]
    fn wide_characters_are_unicodes_wide_ones() {
        assert_eq!(units("相談件数"), 8);
        assert_eq!(units("ｿｳﾀﾞﾝ"), 5);
        assert_eq!(units("１２(ab)"), 8);
        assert_eq!(text_points("計a", 10.0), 16.0);
        assert_eq!(lines_needed("あいうえお\nか", 10.0, 20.0), 4);
    }
}
