//! Round trips through every format hokatsu both writes and reads: what is written is read back
//! as it was, for many generated submissions (a small deterministic generator; each seed gives
//! other centers, values, texts that look like formulas, dates and provider lists).
//!
//! - the tidy CSV: `read::tidy::export`, then the reader of a submitted CSV;
//! - the 出典 sheet of a council workbook: `read::sources`' writer, rendered to .xlsx, then the
//!   reader of a compiled workbook (an earlier month).

use hokatsu::era::Period;
use hokatsu::form::Kind;
use hokatsu::model::{ListRow, NAME_COLUMN, Origin, Submission};
use hokatsu::profile::Profile;
use hokatsu::read;

/// xorshift64*: enough to vary the inputs, the same on every machine.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

/// Texts as centers type them, and texts a spreadsheet would take for a formula or a quote.
const TEXTS: &[&str] = &[
    "個別ケース検討(独居高齢者の支援)",
    "=SUM(A1:A3)",
    "-3",
    "+81 0154",
    "@here",
    "'=quoted",
    "'",
    "''",
    "a, b and \"c\"",
    "二行に\nわたる内容",
    "ケアプラン えーる",
];
const PROVIDERS: &[&str] = &[
    "居宅介護支援事業所はまなす",
    "=HYPERLINK(\"x\")",
    "'+81 ケアセンター",
    "ケア, コンマ",
    "そんぐ\"ケア\"センター",
    "指定居宅介護支援事業所㈱ハートピア",
];

fn profiles() -> Vec<Profile> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![Profile::kushiro().expect("kushiro")];
    for p in [
        "tests/forms/soudan/profile.toml",
        "examples/sapporo/profile.toml",
    ] {
        out.push(Profile::load(&root.join(p)).expect(p));
    }
    out
}

/// A value an item may hold, or none.
fn value(g: &mut Gen, profile: &Profile, item: usize) -> (Option<f64>, Option<String>) {
    let it = &profile.form.items[item];
    if g.chance(30) {
        return (None, None);
    }
    let v = match it.kind {
        Kind::Text => return (None, Some(g.pick(TEXTS).to_string())),
        Kind::Date => 40_000.0 + g.below(10_000) as f64,
        _ if it.range.is_some() => {
            let (lo, hi) = it.range.unwrap_or((0.0, 0.0));
            lo + g.below((hi - lo) as u64 + 1) as f64
        }
        _ if it.fte => g.below(100) as f64 / 10.0,
        _ => g.below(2_000) as f64,
    };
    (Some(v), None)
}

/// One center's submission with values in some of its items and a few providers.
fn submission(g: &mut Gen, profile: &Profile, center: usize, period: Period) -> Submission {
    let form = &profile.form;
    let n = form.items.len();
    let mut sub = Submission {
        file: format!("{center}.xlsx"),
        sheets: vec!["実績".to_string()],
        center,
        period: Some(period),
        period_origin: None,
        values: vec![None; n],
        origins: vec![None; n],
        unreadable: vec![false; n],
        providers: Vec::new(),
        texts: Default::default(),
    };
    let at = |i: usize| {
        Some(Origin {
            sheet: 0,
            row: i as u32,
            col: 2,
        })
    };
    for (i, it) in form.items.iter().enumerate() {
        if it.slot.is_some() || !it.kind.is_input() {
            continue;
        }
        let text;
        (sub.values[i], text) = value(g, profile, i);
        sub.texts.set(i, text);
        if sub.filled(i) {
            sub.origins[i] = at(i);
        }
    }
    if let Some(t) = form.providers {
        let columns = &form.tables[t].columns;
        let mut names: Vec<&str> = PROVIDERS.to_vec();
        for line in 0..g.below(4) {
            let name = names.remove(g.below(names.len() as u64) as usize);
            let mut row = ListRow::named(name.to_string(), at(1000 + line as usize), columns.len());
            for (c, axis) in columns.iter().enumerate().skip(NAME_COLUMN + 1) {
                if axis.sum.is_none() {
                    row.counts[c] = Some(g.below(30) as f64);
                }
                row.origins[c] = at(2000 + c);
            }
            for (c, axis) in columns.iter().enumerate().skip(NAME_COLUMN + 1) {
                if let Some(parts) = &axis.sum {
                    row.counts[c] = Some(parts.iter().map(|&p| row.count(p)).sum());
                }
            }
            sub.providers.push(row);
        }
    }
    sub
}

fn generate(g: &mut Gen, profile: &Profile, period: Period) -> Vec<Submission> {
    let mut out = Vec::new();
    for c in 0..profile.centers.len() {
        if g.chance(70) {
            out.push(submission(g, profile, c, period));
        }
    }
    out
}

/// What a reader must give back: per center, its values, texts and providers' names and counts.
fn same(profile: &Profile, wrote: &[Submission], result: &read::FileResult, what: &str) {
    assert!(
        result.findings.is_empty(),
        "{what}: {:?}",
        result
            .findings
            .iter()
            .map(|f| f.text.ja.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(result.submissions.len(), wrote.len(), "{what}: centers");
    for w in wrote {
        let r = result
            .submissions
            .iter()
            .find(|s| s.center == w.center)
            .unwrap_or_else(|| panic!("{what}: center {} lost", w.center));
        for (i, it) in profile.form.items.iter().enumerate() {
            assert_eq!(r.values[i], w.values[i], "{what}: {} value", it.id);
            assert_eq!(r.texts.get(i), w.texts.get(i), "{what}: {} text", it.id);
        }
        let lines = |s: &Submission| {
            s.providers
                .iter()
                .map(|p| (p.name.clone(), p.counts.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(lines(r), lines(w), "{what}: providers");
    }
}

fn period_of(profile: &Profile) -> Period {
    let cadence = profile.form.cadence;
    Period::parse_as(cadence.example(), cadence).expect("example period")
}

#[test]
fn tidy_csv_round_trips() {
    for (n, profile) in profiles().iter().enumerate() {
        let ctx = hokatsu::template::read_context(profile, Default::default());
        let period = period_of(profile);
        let mut g = Gen(0x9E37_79B9_7F4A_7C15 + n as u64);
        for seed in 0..40 {
            let wrote = generate(&mut g, profile, period);
            let csv = read::tidy::export(profile, &wrote).expect("export");
            let name = format!("{period}.csv");
            let result = read::read_bytes(csv, &name, &ctx);
            same(
                profile,
                &wrote,
                &result,
                &format!("{} #{seed}", profile.city),
            );
        }
    }
}

#[test]
fn sources_sheet_round_trips() {
    use hokatsu::grid::Sheet;
    use hokatsu::i18n::Lang;
    for (n, profile) in profiles().iter().enumerate() {
        let ctx = hokatsu::template::read_context(profile, Default::default());
        let period = period_of(profile);
        let mut g = Gen(0xD1B5_4A32_D192_ED03 + n as u64);
        for seed in 0..12 {
            let wrote = generate(&mut g, profile, period);
            let lang = if seed % 2 == 0 { Lang::Ja } else { Lang::En };
            let mut s = Sheet::new(read::sources::SHEET);
            let form = profile.form.signature();
            let next = read::sources::write_meta(&mut s, lang, "p".into(), form, period);
            read::sources::write_header(&mut s, lang, next + 1);
            read::sources::write_records(&mut s, next + 1, profile, wrote.iter());
            let xlsx = hokatsu::grid::render(&[s], &[], "t").expect("render");
            let result = read::read_bytes(xlsx, "report.xlsx", &ctx);
            assert!(result.compiled);
            let what = format!("{} #{seed}", profile.city);
            same(profile, &wrote, &result, &what);
            for s in &result.submissions {
                assert_eq!(s.period, Some(period), "{what}");
            }
        }
    }
}
