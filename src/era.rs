//! Months, fiscal years and the Japanese era (和暦) they are written in.
//!
//! Japanese fiscal years (年度) run from April to March. Councils write them in the era:
//! FY2025 is 令和7年度 (R7), FY2006 平成18年度. FY2019 began under 平成 but is written
//! 令和元年度, as every city does.

use std::fmt;

/// How often a form is reported: each month, quarter, half-year or fiscal year. A period is
/// named by its last month (the second quarter of FY2025 ends 2025-09, FY2025 ends 2026-03).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cadence {
    #[default]
    Month,
    Quarter,
    Half,
    Year,
}

impl Cadence {
    /// What a run's period is called: 対象月 (Month), 対象期間 (Period), 対象年度 (Fiscal year).
    pub fn noun(self) -> (&'static str, &'static str) {
        match self {
            Cadence::Month => ("対象月", "Month"),
            Cadence::Quarter | Cadence::Half => ("対象期間", "Period"),
            Cadence::Year => ("対象年度", "Fiscal year"),
        }
    }

    /// A period of this cadence as `--period` takes it: 2025-11, 2025-Q2, 2025-H1, 2023.
    pub fn example(self) -> &'static str {
        match self {
            Cadence::Month => "2025-11",
            Cadence::Quarter => "2025-Q2",
            Cadence::Half => "2025-H1",
            Cadence::Year => "2023",
        }
    }

    /// Months a period of this cadence spans.
    pub fn months(self) -> u32 {
        match self {
            Cadence::Month => 1,
            Cadence::Quarter => 3,
            Cadence::Half => 6,
            Cadence::Year => 12,
        }
    }

    /// The form's `period` key: month, quarter, half, year.
    pub fn parse(text: &str) -> Option<Cadence> {
        match text {
            "month" => Some(Cadence::Month),
            "quarter" => Some(Cadence::Quarter),
            "half" => Some(Cadence::Half),
            "year" => Some(Cadence::Year),
            _ => None,
        }
    }
}

/// A reporting period: its last month and its cadence (the report covers the fiscal year up
/// to the end of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub month: u32,
    pub cadence: Cadence,
}

impl Period {
    /// A month.
    pub fn month(year: i32, month: u32) -> Period {
        Period {
            year,
            month,
            cadence: Cadence::Month,
        }
    }

    /// Whether this month ends a period of the cadence (quarters end in June, September,
    /// December and March; half-years in September and March; fiscal years in March).
    fn ends(month: u32, cadence: Cadence) -> bool {
        (month + 12 - 3).is_multiple_of(cadence.months())
    }

    /// The period a longer text names, as a city's title writes it
    /// (「活動実績報告書(令和8年10月分)」, 「2026年10月分 業務報告」): the first run from a
    /// digit or an era to a 月 (or 年度, 期) that reads as a period of the cadence.
    pub fn in_text(text: &str, cadence: Cadence) -> Option<Period> {
        let t: String = crate::names::nfkc(text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let starts = t
            .char_indices()
            .filter(|&(_, c)| c.is_ascii_digit() || matches!(c, '令' | '平' | 'R' | 'H' | 'F'));
        for (i, _) in starts {
            let rest = &t[i..];
            for (j, c) in rest.char_indices().take(24) {
                if matches!(c, '月' | '度' | '期') {
                    let end = j + c.len_utf8();
                    if let Some(p) = Period::parse_as(&rest[..end], cadence) {
                        return Some(p);
                    }
                }
            }
        }
        None
    }

    /// Parse a period of a cadence as a clerk writes it: a month as [`Period::parse`] reads it
    /// when it ends such a period (2025-09 is the second quarter), or `2025-Q2`, `R7Q2`,
    /// `令和7年度第2四半期`; `2025-H1`, `令和7年度上半期` / `下半期`; `2025`, `R5`, `FY2023`,
    /// `令和5年度` (fiscal years, April to March).
    pub fn parse_as(text: &str, cadence: Cadence) -> Option<Period> {
        if cadence == Cadence::Month {
            return Period::parse(text);
        }
        let t: String = crate::names::nfkc(text.trim())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        // The fiscal year and what follows it, else a month ending such a period.
        let named = Period::fiscal_year_prefix(&t).and_then(|(fy, rest)| {
            let rest = rest.trim_start_matches(['-', '/', '.', '_']);
            let n = match (cadence, rest) {
                (Cadence::Year, "") => Some(1),
                (Cadence::Half, "上半期" | "H1") => Some(1),
                (Cadence::Half, "下半期" | "H2") => Some(2),
                (Cadence::Quarter, r) => r
                    .strip_prefix('Q')
                    .or_else(|| r.strip_prefix("第").and_then(|r| r.strip_suffix("四半期")))
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|n| (1..=4).contains(n)),
                _ => None,
            }?;
            let end = 3 + n * cadence.months(); // months after March of the fiscal year
            let (year, month) = if end > 12 {
                (fy + 1, end - 12)
            } else {
                (fy, end)
            };
            Some(Period {
                year,
                month,
                cadence,
            })
        });
        named.or_else(|| {
            Period::parse(text)
                .filter(|p| Period::ends(p.month, cadence))
                .map(|p| Period { cadence, ..p })
        })
    }

    /// `2025`, `FY2025`, `R7`, `令和7年度`, `令和元年度` at the start of a text: the fiscal year
    /// and the rest (a month's text, `2025-11`, is not taken for a year).
    fn fiscal_year_prefix(t: &str) -> Option<(i32, &str)> {
        let t = t.strip_prefix("FY").unwrap_or(t);
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits == 4 {
            let rest = &t[4..];
            let year: i32 = t[..4].parse().ok()?;
            let month_follows = rest
                .trim_start_matches(['-', '/', '.', '年'])
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit());
            let rest = rest.strip_prefix("年度").unwrap_or(rest);
            return (!month_follows).then_some((year, rest));
        }
        let (era, n, r) = era_prefix(t)?;
        let month_follows = r.starts_with(['.', '/', '-', '年']) && !r.starts_with("年度")
            || r.strip_prefix("年度").is_some_and(|x| x.ends_with('月'));
        if month_follows {
            return None;
        }
        let r = r.strip_prefix("年度").unwrap_or(r);
        // (a number the era never reached is no year: 平成37年度 is refused)
        Some((era.year(n)?, r))
    }

    /// Parse a month as a clerk writes it: `2025-11`, `2025/11`, `2025.11`, `2025年11月`,
    /// `R7.11`, `R7/11`, `令和7年11月`, `令和7年度11月` (a fiscal year's January–March are in the
    /// next calendar year: `令和7年度1月` is 2026-01), `令和元年5月`; full-width digits and
    /// spaces allowed.
    pub fn parse(text: &str) -> Option<Period> {
        let t: String = crate::names::nfkc(text.trim())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let t = t.strip_suffix('分').unwrap_or(&t);
        let t = t.strip_suffix('月').unwrap_or(t);
        let p = Self::parse_era(t).or_else(|| {
            let (y, m) = t.split_once(['-', '/', '.', '年'])?;
            Some(Period::month(y.parse().ok()?, m.parse().ok()?))
        })?;
        ((1900..=2999).contains(&p.year) && (1..=12).contains(&p.month)).then_some(p)
    }

    /// `R7.11`, `令和7年度11月` (without the trailing 月).
    fn parse_era(t: &str) -> Option<Period> {
        let (era, n, rest) = era_prefix(t)?;
        let (fiscal, rest) = if let Some(r) = rest.strip_prefix("年度") {
            (true, r)
        } else if let Some(r) = rest.strip_prefix(['年', '.', '/', '-']) {
            (false, r)
        } else {
            return None;
        };
        let month: u32 = rest.parse().ok()?;
        let mut year = era.year(n)?;
        if fiscal && month <= 3 {
            year += 1;
        }
        // A calendar month names its own era (R1.3 and H31.5 never were); a fiscal year's
        // month may be written in the year's era (令和元年度4月 is 2019-04, still 平成).
        (fiscal || era.holds(year, month)).then(|| Period::month(year, month))
    }

    /// A period of a cadence in a file name: `2025-Q2.csv`, `FY2023.csv`, or a month ending
    /// such a period (`2025-09.csv`).
    pub fn in_name_as(name: &str, cadence: Cadence) -> Option<Period> {
        if cadence == Cadence::Month {
            return Period::in_name(name);
        }
        let stem = crate::names::nfkc(name);
        let tokens = stem.split(|c: char| c.is_whitespace() || c == '_' || c == '(' || c == ')');
        tokens
            .filter_map(|t| Period::parse_as(t, cadence))
            .next()
            .or_else(|| {
                Period::in_name(name)
                    .filter(|p| Period::ends(p.month, cadence))
                    .map(|p| Period { cadence, ..p })
            })
    }

    /// A month written in a file name: the first `YYYY-MM` (or `YYYY_MM`, `YYYYMM`) in it.
    pub fn in_name(name: &str) -> Option<Period> {
        let chars: Vec<char> = crate::names::nfkc(name).chars().collect();
        for start in 0..chars.len() {
            let digits = |from: usize, n: usize| -> Option<String> {
                let s: String = chars.get(from..from + n)?.iter().collect();
                s.chars().all(|c| c.is_ascii_digit()).then_some(s)
            };
            if start > 0 && chars[start - 1].is_ascii_digit() {
                continue;
            }
            let Some(year) = digits(start, 4) else {
                continue;
            };
            let (month, end) = match chars.get(start + 4) {
                Some('-' | '_' | '.') => (digits(start + 5, 2), start + 7),
                _ => (digits(start + 4, 2), start + 6),
            };
            if chars.get(end).is_some_and(|c| c.is_ascii_digit()) {
                continue;
            }
            if let Some(p) = month.and_then(|m| Period::parse(&format!("{year}-{m}"))) {
                return Some(p);
            }
        }
        None
    }

    /// The fiscal year the month belongs to (April–March).
    pub fn fiscal_year(self) -> i32 {
        if self.month >= 4 {
            self.year
        } else {
            self.year - 1
        }
    }

    /// The period before this one (the month, quarter, half-year or fiscal year before).
    pub fn previous(self) -> Period {
        let months = self.year * 12 + self.month as i32 - 1 - self.cadence.months() as i32;
        Period {
            year: months.div_euclid(12),
            month: months.rem_euclid(12) as u32 + 1,
            cadence: self.cadence,
        }
    }

    /// Months of the fiscal year elapsed by the end of this month (April = 1 … March = 12).
    pub fn months_into_fiscal_year(self) -> u32 {
        (self.month + 12 - 4) % 12 + 1
    }

    /// 令和7年11月末現在; 令和7年度第2四半期, 令和7年度上半期, 令和5年度 for longer periods.
    pub fn as_of(self) -> String {
        match self.cadence {
            Cadence::Month => {
                let era = Era::of_month(self.year, self.month);
                format!(
                    "{}{}年{}月末現在",
                    era.name,
                    era.year_text(self.year),
                    self.month
                )
            }
            _ => self.wareki(),
        }
    }

    /// Which of its fiscal year's periods this is (1 for the first quarter or half).
    fn ordinal(self) -> u32 {
        self.months_into_fiscal_year()
            .div_ceil(self.cadence.months())
    }

    /// R7.11末 (the period's last month); R5 for a fiscal year.
    pub fn end_short(self) -> String {
        if self.cadence == Cadence::Year {
            return fiscal_year_short(self.fiscal_year());
        }
        let era = Era::of_month(self.year, self.month);
        format!("{}{}.{}末", era.letter, era.number(self.year), self.month)
    }

    /// 令和7年11月, 令和7年度第2四半期, 令和7年度上半期, 令和5年度
    pub fn wareki(self) -> String {
        let fy = fiscal_year_label(self.fiscal_year());
        match self.cadence {
            Cadence::Month => {
                let era = Era::of_month(self.year, self.month);
                format!("{}{}年{}月", era.name, era.year_text(self.year), self.month)
            }
            Cadence::Quarter => format!("{fy}第{}四半期", self.ordinal()),
            Cadence::Half if self.ordinal() == 1 => format!("{fy}上半期"),
            Cadence::Half => format!("{fy}下半期"),
            Cadence::Year => fy,
        }
    }
}

/// `2025-11`; `2025-Q2`, `2025-H1`, `FY2023` for longer periods (as the template writes them
/// and [`Period::parse_as`] reads them back).
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fy = self.fiscal_year();
        match self.cadence {
            Cadence::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Cadence::Quarter => write!(f, "{fy:04}-Q{}", self.ordinal()),
            Cadence::Half => write!(f, "{fy:04}-H{}", self.ordinal()),
            Cadence::Year => write!(f, "FY{fy:04}"),
        }
    }
}

/// An era: its name, its letter and the Gregorian year of its first year.
#[derive(Debug, Clone, Copy)]
pub struct Era {
    pub name: &'static str,
    pub letter: &'static str,
    first: i32,
    /// Its first and last months (year, month); `None` for the era still running.
    began: (i32, u32),
    ended: Option<(i32, u32)>,
}

const REIWA: Era = Era {
    name: "令和",
    letter: "R",
    first: 2019,
    began: (2019, 5),
    ended: None,
};
const HEISEI: Era = Era {
    name: "平成",
    letter: "H",
    first: 1989,
    began: (1989, 1),
    ended: Some((2019, 4)),
};
const SHOWA: Era = Era {
    name: "昭和",
    letter: "S",
    first: 1926,
    began: (1926, 12),
    ended: Some((1989, 1)),
};

/// The eras a date or a period may be written in, the latest first.
const ERAS: [Era; 3] = [REIWA, HEISEI, SHOWA];

/// An era at the start of a text, as a clerk writes it (`令和`, `R`, `r`), and the year in it
/// (`元` for the first, or digits): the era, the year's number and the rest. The one reader of
/// an era's year, for months, periods and dates alike; whether the era had that year is
/// [`Era::year`]'s to say.
fn era_prefix(t: &str) -> Option<(Era, i32, &str)> {
    let (era, rest) = ERAS.into_iter().find_map(|e| {
        let rest = t.strip_prefix(e.name).or_else(|| {
            let (head, rest) = t.split_at_checked(e.letter.len())?;
            head.eq_ignore_ascii_case(e.letter).then_some(rest)
        })?;
        Some((e, rest))
    })?;
    if let Some(rest) = rest.strip_prefix('元') {
        return Some((era, 1, rest));
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let n = rest[..digits].parse().ok()?;
    Some((era, n, &rest[digits..]))
}

impl Era {
    /// The Gregorian year of the era's year `n` (1 for 元年), if the era had such a year:
    /// 平成37年 never was (平成 ended in its 31st year), so `H37.12` is no month.
    fn year(self, n: i32) -> Option<i32> {
        let year = self.first.checked_add(n)?.checked_sub(1)?;
        let last = self.ended.map_or(i32::MAX, |(y, _)| y);
        (n >= 1 && year <= last).then_some(year)
    }

    /// Whether a calendar month was in this era (平成31年5月 was 令和元年5月).
    fn holds(self, year: i32, month: u32) -> bool {
        (year, month) >= self.began && self.ended.is_none_or(|end| (year, month) <= end)
    }

    /// The era a fiscal year is written in (the year 2019 began in 平成 but is 令和元年度).
    pub fn of_fiscal_year(fy: i32) -> Era {
        ERAS.into_iter().find(|e| fy >= e.first).unwrap_or(SHOWA)
    }

    /// The era of a calendar month (令和 from May 2019, 平成 from January 1989).
    pub fn of_month(year: i32, month: u32) -> Era {
        ERAS.into_iter()
            .find(|e| (year, month) >= e.began)
            .unwrap_or(SHOWA)
    }

    pub fn number(self, year: i32) -> i32 {
        year - self.first + 1
    }

    /// The year within the era as written: 元 for the first.
    pub fn year_text(self, year: i32) -> String {
        match self.number(year) {
            1 => "元".to_string(),
            n => n.to_string(),
        }
    }
}

/// 令和7年度
pub fn fiscal_year_label(fy: i32) -> String {
    let era = Era::of_fiscal_year(fy);
    format!("{}{}年度", era.name, era.year_text(fy))
}

/// R7
pub fn fiscal_year_short(fy: i32) -> String {
    let era = Era::of_fiscal_year(fy);
    format!("{}{}", era.letter, era.number(fy))
}

/// 2006(平成18)年度, as 受託開始年度 is written.
pub fn since_label(fy: i32) -> String {
    let era = Era::of_fiscal_year(fy);
    format!("{fy}({}{})年度", era.name, era.year_text(fy))
}

/// A day as Excel counts it (its serial date, through rust_xlsxwriter's `ExcelDateTime`),
/// from a calendar date; `None` for a date that does not exist or lies outside 1900–2999
/// (Excel's phantom 1900-02-29 included).
pub fn date_serial(year: i32, month: u32, day: u32) -> Option<f64> {
    if !(1900..=2999).contains(&year) || (year, month, day) == (1900, 2, 29) {
        return None;
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()?;
    Some(date.to_excel())
}

/// The calendar date of an Excel day number: (year, month, day), through calamine's
/// `ExcelDateTime` (the reader's own conversion of a date cell).
pub fn date_of_serial(serial: f64) -> (i32, u32, u32) {
    let date =
        calamine::ExcelDateTime::new(serial.floor(), calamine::ExcelDateTimeType::DateTime, false);
    let (year, month, day, ..) = date.to_ymd_hms_milli();
    (i32::from(year), u32::from(month), u32::from(day))
}

/// `2025-06-12`, as the tidy CSV writes a date.
pub fn date_text(serial: f64) -> String {
    let (y, m, d) = date_of_serial(serial);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A date as a center types it: `2025-06-12`, `2025/6/12`, `2025.6.12`, `R7.6.12`,
/// `令和7年6月12日` (full-width digits too); `None` if it is not one.
pub fn parse_date(text: &str) -> Option<f64> {
    let t = crate::names::nfkc(text.trim());
    // The era it is written in, if any: its year must be one the era had (平成37年 was not),
    // and the day inside it (平成31年5月1日 was 令和元年).
    let (era, year, rest) = match era_prefix(&t) {
        Some((era, n, rest)) => (Some(era), n.to_string(), rest),
        None => (None, String::new(), t.as_str()),
    };
    let parts: Vec<&str> = std::iter::once(year.as_str())
        .chain(rest.split(['-', '/', '.', '年', '月', '日']))
        .filter(|p| !p.is_empty())
        .collect();
    let [y, m, d] = parts[..] else { return None };
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let year = match era {
        Some(era) => era.year(y).filter(|&year| era.holds(year, m))?,
        None => y,
    };
    date_serial(year, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An era's years and months are the ones it had: 平成 ended with 平成31年4月, 令和 began
    /// with 令和元年5月; a fiscal year's month may be written in the year's era.
    #[test]
    fn eras_end_where_they_ended() {
        let month = |t: &str| Period::parse(t).map(|p| (p.year, p.month));
        assert_eq!(month("H37.12"), None);
        assert_eq!(month("平成37年12月"), None);
        assert_eq!(month("H31.4"), Some((2019, 4)));
        assert_eq!(month("H31.5"), None);
        assert_eq!(month("R1.3"), None);
        assert_eq!(month("R1.5"), Some((2019, 5)));
        assert_eq!(month("令和元年度4月"), Some((2019, 4)));
        assert_eq!(month("S64.1"), Some((1989, 1)));
        assert_eq!(month("S64.2"), None);
        assert_eq!(month("R0.5"), None);
        let year = |t: &str| Period::parse_as(t, Cadence::Year).map(|p| p.fiscal_year());
        assert_eq!(year("平成37年度"), None);
        assert_eq!(year("平成30年度"), Some(2018));
        assert_eq!(year("令和元年度"), Some(2019));
    }

    /// Every day from 1900-03-01 to 2999-12-31 (one in 37) goes to Excel's serial and back,
    /// through its text and through the era it is written in (name, letter, lower-case
    /// letter): a date and a month written in an era are read by the same prefix.
    #[test]
    fn dates_round_trip_through_serials_and_eras() {
        for serial in (61..=401_768).step_by(37) {
            let serial = f64::from(serial);
            let (y, m, d) = date_of_serial(serial);
            assert_eq!(date_serial(y, m, d), Some(serial), "{y}-{m}-{d}");
            assert_eq!(parse_date(&date_text(serial)), Some(serial));
            if (y, m) < (1927, 1) {
                continue; // before 昭和: no era of ours
            }
            let era = Era::of_month(y, m);
            let (n, text) = (era.number(y), era.year_text(y));
            let lower = era.letter.to_ascii_lowercase();
            for written in [
                format!("{}{text}年{m}月{d}日", era.name),
                format!("{}{n}.{m}.{d}", era.letter),
                format!("{lower}{n}/{m}/{d}"),
            ] {
                assert_eq!(parse_date(&written), Some(serial), "{written}");
            }
            for written in [
                format!("{}{text}年{m}月", era.name),
                format!("{}{n}.{m}", era.letter),
                format!("{lower}{n}/{m}"),
            ] {
                assert_eq!(
                    Period::parse(&written),
                    Some(Period::month(y, m)),
                    "{written}"
                );
            }
        }
        assert_eq!(date_serial(1900, 2, 29), None);
        assert_eq!(date_serial(3000, 1, 1), None);
    }

    /// A fiscal year written in its era, by name or letter (either case), is read back.
    #[test]
    fn fiscal_years_round_trip_through_eras() {
        for fy in 1927..2200 {
            let era = Era::of_fiscal_year(fy);
            let lower = fiscal_year_short(fy).to_ascii_lowercase();
            for written in [fiscal_year_label(fy), fiscal_year_short(fy), lower] {
                let read = Period::parse_as(&written, Cadence::Year).map(|p| p.fiscal_year());
                assert_eq!(read, Some(fy), "{written} ({})", era.name);
            }
        }
    }

    #[test]
    fn a_date_in_an_era_is_one_the_era_had() {
        assert_eq!(parse_date("H37.6.12"), None);
        assert_eq!(parse_date("平成31年5月10日"), None);
        assert_eq!(parse_date("R1.4.1"), None);
        assert_eq!(parse_date("H31.4.30"), date_serial(2019, 4, 30));
        assert_eq!(parse_date("令和元年5月1日"), date_serial(2019, 5, 1));
        assert_eq!(parse_date("R7.6.12"), date_serial(2025, 6, 12));
    }

    #[test]
    fn dates_as_centers_type_them() {
        assert_eq!(date_serial(2025, 6, 12), Some(45820.0));
        assert_eq!(date_serial(1900, 3, 1), Some(61.0));
        assert_eq!(date_serial(2024, 2, 30), None);
        for text in [
            "2025-06-12",
            "2025/6/12",
            "２０２５/６/１２",
            "R7.6.12",
            "令和7年6月12日",
        ] {
            assert_eq!(parse_date(text), Some(45820.0), "{text}");
        }
        assert_eq!(parse_date("令和元年5月1日"), date_serial(2019, 5, 1));
        assert_eq!(parse_date("6月12日"), None);
        assert_eq!(parse_date("会議"), None);
        assert_eq!(date_text(45820.0), "2025-06-12");
        assert_eq!(date_of_serial(61.0), (1900, 3, 1));
    }

    #[test]
    fn kushiro_dates() -> Result<(), Box<dyn std::error::Error>> {
        let p = Period::parse("2025-11").ok_or("period")?;
        assert_eq!(p.fiscal_year(), 2025);
        assert_eq!(fiscal_year_label(p.fiscal_year()), "令和7年度");
        assert_eq!(p.as_of(), "令和7年11月末現在");
        assert_eq!(p.end_short(), "R7.11末");
        assert_eq!(since_label(2006), "2006(平成18)年度");
        assert_eq!(since_label(2010), "2010(平成22)年度");
        assert_eq!(p.months_into_fiscal_year(), 8);
        Ok(())
    }

    #[test]
    fn months_as_a_clerk_writes_them() {
        let nov = Some(Period::month(2025, 11));
        for t in [
            "2025-11",
            "2025/11",
            "2025.11",
            "２０２５－１１",
            "2025年11月",
            "R7.11",
            "R7/11",
            "r7.11",
            "令和7年11月",
            "令和７年度１１月",
            " 令和 7 年 11 月分 ",
        ] {
            assert_eq!(Period::parse(t), nov, "{t}");
        }
        let jan = Period::parse("令和7年度1月");
        assert_eq!(jan, Some(Period::month(2026, 1)));
        assert_eq!(Period::parse("令和元年5月"), Some(Period::month(2019, 5)));
        assert_eq!(Period::parse("H30.4"), Some(Period::month(2018, 4)));
        for bad in ["2025-13", "R7", "令和7年", "11月", "abc", "R7.0"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn quarters_halves_and_fiscal_years() -> Result<(), &'static str> {
        let q2 = Period::parse_as("2025-Q2", Cadence::Quarter).ok_or("q2")?;
        assert_eq!((q2.year, q2.month), (2025, 9));
        for t in [
            "R7Q2",
            "令和7年度第2四半期",
            "2025-09",
            "令和7年9月",
            "FY2025-Q2",
        ] {
            assert_eq!(Period::parse_as(t, Cadence::Quarter), Some(q2), "{t}");
        }
        assert_eq!(
            Period::parse_as("2025-10", Cadence::Quarter),
            None,
            "not a quarter's end"
        );
        assert_eq!(q2.wareki(), "令和7年度第2四半期");
        assert_eq!(q2.as_of(), "令和7年度第2四半期");
        assert_eq!(q2.to_string(), "2025-Q2");
        let q4 = Period::parse_as("2025-Q4", Cadence::Quarter).ok_or("q4")?;
        assert_eq!((q4.year, q4.month, q4.fiscal_year()), (2026, 3, 2025));
        assert_eq!(q4.previous().to_string(), "2025-Q3");
        assert_eq!(
            Period::parse_as("2025-Q1", Cadence::Quarter).map(|p| p.previous().to_string()),
            Some("2024-Q4".into())
        );

        let h1 = Period::parse_as("令和7年度上半期", Cadence::Half).ok_or("h1")?;
        assert_eq!((h1.year, h1.month), (2025, 9));
        assert_eq!(h1.wareki(), "令和7年度上半期");
        assert_eq!(
            Period::parse_as("2025-H2", Cadence::Half).map(|p| p.wareki()),
            Some("令和7年度下半期".into())
        );

        let fy = Period::parse_as("令和5年度", Cadence::Year).ok_or("fy")?;
        assert_eq!((fy.year, fy.month, fy.fiscal_year()), (2024, 3, 2023));
        for t in ["2023", "FY2023", "R5", "R5年度", "2024-03"] {
            assert_eq!(Period::parse_as(t, Cadence::Year), Some(fy), "{t}");
        }
        assert_eq!(fy.wareki(), "令和5年度");
        assert_eq!(fy.to_string(), "FY2023");
        assert_eq!(Period::parse_as(&fy.to_string(), Cadence::Year), Some(fy));
        assert_eq!(fy.previous().wareki(), "令和4年度");
        // A month is a month; a year no era reaches is no period (no overflow).
        assert_eq!(
            Period::parse_as("2025-11", Cadence::Month),
            Some(Period::month(2025, 11))
        );
        assert_eq!(Period::parse_as("R2147483647", Cadence::Year), None);
        assert_eq!(Period::parse("R2147483647.11"), None);
        Ok(())
    }

    #[test]
    fn months_in_file_names() {
        let p = Period::parse("2025-11");
        assert_eq!(Period::in_name("2025-11"), p);
        assert_eq!(Period::in_name("kushiro_2025_11_tidy"), p);
        assert_eq!(Period::in_name("report202511"), p);
        assert_eq!(Period::in_name("西部"), None);
        assert_eq!(Period::in_name("2025-13"), None);
        assert_eq!(Period::in_name("120251101"), None);
    }

    #[test]
    fn fiscal_year_boundaries() -> Result<(), Box<dyn std::error::Error>> {
        let march = Period::parse("2026-03").ok_or("period")?;
        assert_eq!(march.fiscal_year(), 2025);
        assert_eq!(march.months_into_fiscal_year(), 12);
        assert_eq!(fiscal_year_label(2019), "令和元年度");
        assert_eq!(fiscal_year_label(2018), "平成30年度");
        assert_eq!(fiscal_year_short(2020), "R2");
        assert_eq!(
            Period::parse("２０２５／０４").map(|p| p.months_into_fiscal_year()),
            Some(1)
        );
        assert_eq!(Period::parse("2025-13"), None);
        assert_eq!(
            Period::parse("2026-01").map(|p| p.previous()),
            Period::parse("2025-12")
        );
        Ok(())
    }
}
