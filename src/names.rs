//! How names are compared: one normalisation for every name a center or a clerk types (center
//! names, provider names, the labels of a tidy CSV), so that the same data read from a CSV and
//! from a workbook is merged the same way.
//!
//! A key is for comparing, never for showing: the report shows the profile's spelling, or the
//! first spelling a center used. What is folded is what people type differently for the same
//! thing on Japanese keyboards: full- and half-width (NFKC), spaces of either width, the dashes
//! and minus signs that look like the 長音 ー, the small ヶ/ヵ, and the ways of writing a company
//! type (株式会社, (株), ㈱).

use unicode_normalization::UnicodeNormalization;

/// NFKC normalisation: full-width digits and letters become ASCII, half-width kana full-width.
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}

/// Characters that look like the katakana prolonged sound mark ー (after NFKC).
const DASHES: &[char] = &[
    '-', '‐', '‑', '‒', '–', '—', '―', '−', '─', '━', '﹣', '〜', '~', 'ｰ',
];

/// Company and corporation types, written out or abbreviated, after NFKC (㈱ becomes (株)) and
/// case folding (NPO is npo). Each group is folded to its first spelling.
const ENTITY_TYPES: &[&[&str]] = &[
    &["株式会社", "(株)"],
    &["有限会社", "(有)"],
    &["合同会社", "(同)"],
    &["社会福祉法人", "(福)", "社福"],
    &["医療法人社団", "(医社)"],
    &["医療法人", "(医)"],
    &["特定非営利活動法人", "npo法人", "(特非)"],
    &["一般社団法人", "(一社)"],
    &["公益社団法人", "(公社)"],
    &["一般財団法人", "(一財)"],
    &["公益財団法人", "(公財)"],
];

/// The comparison key of a name: NFKC, no whitespace, look-alike dashes as ー, ヶ as ケ, company
/// types in one spelling, case-folded.
pub fn key(s: &str) -> String {
    // Most names are already in NFKC: the quick check spares normalising them (key is asked of
    // every provider of every center, twice).
    let normal = match unicode_normalization::is_nfkc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(s),
        _ => std::borrow::Cow::Owned(nfkc(s)),
    };
    let mut t: String = normal
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            c if DASHES.contains(&c) => 'ー',
            'ヶ' => 'ケ',
            'ヵ' => 'カ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    for group in ENTITY_TYPES {
        for spelling in &group[1..] {
            if t.contains(spelling) {
                t = t.replace(spelling, group[0]);
            }
        }
    }
    t
}

/// The edit distance (Levenshtein, over characters) of two strings.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// Up to `n` of `known` closest to `name` (by the distance of their keys), closest first; only
/// names close enough to be a typing mistake (a fifth of the name's length, at least 2).
pub fn closest<'a>(name: &str, known: &'a [String], n: usize) -> Vec<&'a str> {
    let k = key(name);
    let limit = (k.chars().count() / 5).max(2);
    let mut scored: Vec<(usize, usize, &str)> = known
        .iter()
        .enumerate()
        .map(|(i, s)| (distance(&k, &key(s)), i, s.as_str()))
        .filter(|&(d, _, _)| d <= limit)
        .collect();
    scored.sort();
    scored.into_iter().take(n).map(|(_, _, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_types_are_written_as_keys_are_folded() {
        // key() compares them with a folded name, so they must be folded already.
        for spelling in ENTITY_TYPES.iter().flat_map(|g| g.iter()) {
            assert_eq!(*spelling, spelling.to_lowercase(), "{spelling}");
            assert_eq!(*spelling, nfkc(spelling), "{spelling}");
        }
        assert_eq!(key("NPO法人ほっと"), key("特定非営利活動法人ほっと"));
    }

    #[test]
    fn look_alikes_fold_to_one_key() {
        let k = key("鶴ヶ岱ケアプラン企画センター");
        assert_eq!(key("鶴ヶ岱ケアプラン企画センタ－"), k); // full-width minus
        assert_eq!(key("鶴ケ岱ケアプラン企画センター"), k); // large ケ
        assert_eq!(key("鶴ヶ岱ｹｱﾌﾟﾗﾝ企画ｾﾝﾀｰ"), k); // half-width kana
        assert_eq!(key(" 鶴ヶ岱 ケアプラン　企画センター "), k); // spaces of both widths
        assert_eq!(
            key("指定居宅介護支援事業所株式会社ハートピア"),
            key("指定居宅介護支援事業所㈱ハートピア")
        );
        assert_eq!(key("ＳＯＭＰＯケア 釧路春採"), key("sompoケア釧路春採"));
        assert_ne!(key("愛国ケアプラン企画センター"), k);
    }

    #[test]
    fn closest_names_are_typing_mistakes_only() {
        let known: Vec<String> = [
            "星が浦ケアプラン企画センター",
            "愛国ケアプラン企画センター",
            "そんぐケアセンター",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            closest("星ヶ浦ケアプラン企画センター", &known, 3),
            ["星が浦ケアプラン企画センター"]
        );
        assert!(closest("まったく別の事業所", &known, 3).is_empty());
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
