//! Months, fiscal years and the Japanese era (和暦) they are written in.
//!
//! Japanese fiscal years (年度) run from April to March. Councils write them in the era:
//! FY2025 is 令和7年度 (R7), FY2006 平成18年度. FY2019 began under 平成 but is written
//! 令和元年度, as every city does.

use std::fmt;

/// A reporting month (the report covers the fiscal year up to the end of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

impl Period {
    /// Parse a month as a clerk writes it: `2025-11`, `2025/11`, `2025.11`, `2025年11月`,
    /// `R7.11`, `R7/11`, `令和7年11月`, `令和7年度11月` (a fiscal year's January–March are in the
    /// next calendar year: `令和7年度1月` is 2026-01), `令和元年5月`; full-width digits and
    /// spaces allowed.
    pub fn parse(text: &str) -> Option<Period> {
        let t: String = crate::form::nfkc(text.trim())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let t = t.strip_suffix('分').unwrap_or(&t);
        let t = t.strip_suffix('月').unwrap_or(t);
        let p = Self::parse_era(t).or_else(|| {
            let (y, m) = t.split_once(['-', '/', '.', '年'])?;
            Some(Period {
                year: y.parse().ok()?,
                month: m.parse().ok()?,
            })
        })?;
        ((1900..=2999).contains(&p.year) && (1..=12).contains(&p.month)).then_some(p)
    }

    /// `R7.11`, `令和7年度11月` (without the trailing 月).
    fn parse_era(t: &str) -> Option<Period> {
        let (era, rest) = [REIWA, HEISEI, SHOWA].into_iter().find_map(|e| {
            let lower = e.letter.to_ascii_lowercase();
            [e.name, e.letter, lower.as_str()]
                .iter()
                .find_map(|p| t.strip_prefix(p))
                .map(|rest| (e, rest.to_string()))
        })?;
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let (n, rest) = match rest.strip_prefix('元') {
            Some(after) => (1, after),
            None if digits > 0 => (rest[..digits].parse().ok()?, &rest[digits..]),
            None => return None,
        };
        let (fiscal, rest) = if let Some(r) = rest.strip_prefix("年度") {
            (true, r)
        } else if let Some(r) = rest.strip_prefix(['年', '.', '/', '-']) {
            (false, r)
        } else {
            return None;
        };
        let month: u32 = rest.parse().ok()?;
        let mut year = era.first + n - 1;
        if fiscal && month <= 3 {
            year += 1;
        }
        Some(Period { year, month })
    }

    /// A month written in a file name: the first `YYYY-MM` (or `YYYY_MM`, `YYYYMM`) in it.
    pub fn in_name(name: &str) -> Option<Period> {
        let chars: Vec<char> = crate::form::nfkc(name).chars().collect();
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

    /// The month before this one.
    pub fn previous(self) -> Period {
        if self.month == 1 {
            Period {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Period {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Months of the fiscal year elapsed by the end of this month (April = 1 … March = 12).
    pub fn months_into_fiscal_year(self) -> u32 {
        (self.month + 12 - 4) % 12 + 1
    }

    /// 令和7年11月末現在
    pub fn as_of(self) -> String {
        let era = Era::of_month(self.year, self.month);
        format!(
            "{}{}年{}月末現在",
            era.name,
            era.year_text(self.year),
            self.month
        )
    }

    /// R7.11末
    pub fn end_short(self) -> String {
        let era = Era::of_month(self.year, self.month);
        format!("{}{}.{}末", era.letter, era.number(self.year), self.month)
    }

    /// 令和7年11月
    pub fn wareki(self) -> String {
        let era = Era::of_month(self.year, self.month);
        format!("{}{}年{}月", era.name, era.year_text(self.year), self.month)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// An era: its name, its letter and the Gregorian year of its first year.
#[derive(Debug, Clone, Copy)]
pub struct Era {
    pub name: &'static str,
    pub letter: &'static str,
    first: i32,
}

const REIWA: Era = Era {
    name: "令和",
    letter: "R",
    first: 2019,
};
const HEISEI: Era = Era {
    name: "平成",
    letter: "H",
    first: 1989,
};
const SHOWA: Era = Era {
    name: "昭和",
    letter: "S",
    first: 1926,
};

impl Era {
    /// The era a fiscal year is written in.
    pub fn of_fiscal_year(fy: i32) -> Era {
        if fy >= REIWA.first {
            REIWA
        } else if fy >= HEISEI.first {
            HEISEI
        } else {
            SHOWA
        }
    }

    /// The era of a calendar month (令和 from May 2019, 平成 from January 1989).
    pub fn of_month(year: i32, month: u32) -> Era {
        if (year, month) >= (2019, 5) {
            REIWA
        } else if year >= 1989 {
            HEISEI
        } else {
            SHOWA
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let nov = Some(Period {
            year: 2025,
            month: 11,
        });
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
        assert_eq!(
            jan,
            Some(Period {
                year: 2026,
                month: 1
            })
        );
        assert_eq!(
            Period::parse("令和元年5月"),
            Some(Period {
                year: 2019,
                month: 5
            })
        );
        assert_eq!(
            Period::parse("H30.4"),
            Some(Period {
                year: 2018,
                month: 4
            })
        );
        for bad in ["2025-13", "R7", "令和7年", "11月", "abc", "R7.0"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
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
