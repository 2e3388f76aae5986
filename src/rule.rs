//! The rules' stable codes (PRODUCT.md §4: the `rule` of a finding in JSON and GitHub annotations, a
//! template's self-check) and the names a clerk reads for them. Low in the tree: the form says
//! which rule a relation of its own falls under.

pub const SUM: &str = "sum";
pub const STAFFING_REQUIRED: &str = "staffing.required";
pub const STAFFING_EACH: &str = "staffing.each-profession";
pub const STAFFING_FTE: &str = "staffing.fte";
pub const PROVIDERS_MATCH: &str = "providers.match";
pub const PROVIDERS_OCCUPANCY: &str = "providers.occupancy";
pub const PROVIDERS_NAME: &str = "providers.name";
pub const ABUSE_BREAKDOWN: &str = "abuse.breakdown";
pub const OVERLAP: &str = "overlap.plausible";
pub const RELATION: &str = "relation";
pub const CUMULATIVE: &str = "cumulative";
pub const COVERAGE: &str = "coverage";
pub const INPUT: &str = "input";
pub const INPUT_BLANK: &str = "input.blank";
pub const PACING: &str = "pacing";

/// What a clerk reads for a rule id: the id stays the stable code of JSON and GitHub
/// annotations, the terminal and the 検証結果 sheet name the rule in the output's language.
pub fn label(rule: &str, lang: crate::i18n::Lang) -> &'static str {
    let (ja, en) = match rule {
        SUM => ("合計", "total"),
        STAFFING_REQUIRED => ("職員配置", "staffing"),
        STAFFING_EACH => ("職員配置(職種)", "staffing: professions"),
        STAFFING_FTE => ("常勤換算", "full-time equivalent"),
        PROVIDERS_MATCH => ("委託先", "providers"),
        PROVIDERS_OCCUPANCY => ("委託先の偏り", "provider share"),
        PROVIDERS_NAME => ("委託先の名称", "provider name"),
        ABUSE_BREAKDOWN => ("虐待の内訳", "abuse breakdown"),
        OVERLAP => ("重複", "overlap"),
        RELATION => ("表どうしの関係", "relation"),
        CUMULATIVE => ("累計", "year to date"),
        COVERAGE => ("提出状況", "submissions"),
        INPUT => ("入力", "input"),
        INPUT_BLANK => ("未記入", "blank template"),
        PACING => ("進み具合", "pacing"),
        _ => ("その他", "other"),
    };
    crate::i18n::tr(lang, ja, en)
}
