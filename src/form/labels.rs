//! Labels with placeholders: `{年度}`, `{現在}`, `{期末}`, `{月分}`, `{基準日}`.
//!
//! The report and the template show a label with its placeholders filled in for the period
//! ("R7.11末計"); the data dictionary and the tidy CSV use the label with them dropped ("計"), so
//! that a value keeps its name from one month and year to the next.

use crate::names::nfkc;

/// The values placeholders stand for in one run.
#[derive(Debug, Clone, Default)]
pub struct LabelContext {
    /// `{年度}`: 令和7年度
    pub fiscal_year: String,
    /// `{現在}`: 令和7年11月末現在
    pub as_of: String,
    /// `{期末}`: R7.11末
    pub period_end: String,
    /// `{月分}`: 令和7年11月分 (令和7年度第2四半期分, 令和5年度分 for longer periods)
    pub period_of: String,
    /// `{基準日}`: the profile's population reference date, e.g. R7.9末
    pub population_date: String,
}

impl LabelContext {
    /// The label as shown, placeholders filled in.
    pub fn render(&self, label: &str) -> String {
        label
            .replace("{年度}", &self.fiscal_year)
            .replace("{現在}", &self.as_of)
            .replace("{期末}", &self.period_end)
            .replace("{月分}", &self.period_of)
            .replace("{基準日}", &self.population_date)
    }
}

/// The label as named in data: placeholders (and brackets left empty by them) dropped, spaces
/// folded, NFKC-normalised.
pub fn data_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut rest = label;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let out = nfkc(&out).replace("()", "");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_labels_drop_placeholders() {
        assert_eq!(data_label("{期末}計"), "計");
        assert_eq!(
            data_label("委託先居宅介護支援事業所名 ({年度})"),
            "委託先居宅介護支援事業所名"
        );
        assert_eq!(
            data_label("{年度} 地域包括支援センターの職員配置状況"),
            "地域包括支援センターの職員配置状況"
        );
        assert_eq!(data_label("相談内容(重複あり)"), "相談内容(重複あり)");
        assert_eq!(
            data_label("介護支援専門員(予防支援業務)"),
            "介護支援専門員(予防支援業務)"
        );
    }

    #[test]
    fn render_fills_placeholders() {
        let ctx = LabelContext {
            fiscal_year: "令和7年度".into(),
            as_of: "令和7年11月末現在".into(),
            period_end: "R7.11末".into(),
            period_of: "令和7年11月分".into(),
            population_date: "R7.9末".into(),
        };
        assert_eq!(
            ctx.render("活動実績報告書({月分})"),
            "活動実績報告書(令和7年11月分)"
        );
        assert_eq!(ctx.render("{期末}計"), "R7.11末計");
        assert_eq!(
            ctx.render("{年度}地域包括支援センター業務実績({現在})"),
            "令和7年度地域包括支援センター業務実績(令和7年11月末現在)"
        );
    }
}
