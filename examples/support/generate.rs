//! The generator behind `examples/gen.rs` and `examples/bench.rs`: a city's profile and one
//! filled submission per center, through the real template, deterministic from a seed.
#![allow(dead_code)]

use hokatsu::era::Period;
use hokatsu::profile::Profile;
use hokatsu::template::{self, Subject, Typed};
use std::fmt::Write as _;
use std::path::PathBuf;

/// What to generate.
pub struct Args {
    pub centers: usize,
    pub seed: u64,
    pub out: PathBuf,
    pub errors: f64,
    pub city: Option<String>,
    pub period: Option<String>,
    pub threads: usize,
}

/// SplitMix64: small, fast and deterministic.
#[derive(Clone)]
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    pub fn int(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Split `total` into `n` parts with random weights (parts may be 0).
fn split(rng: &mut Rng, total: u64, n: usize) -> Vec<u64> {
    if n == 0 {
        return vec![];
    }
    let w: Vec<f64> = (0..n).map(|_| rng.range(0.2, 1.8)).collect();
    let sum: f64 = w.iter().sum();
    let mut parts: Vec<u64> = w
        .iter()
        .map(|x| (total as f64 * x / sum).floor() as u64)
        .collect();
    let mut rest = total - parts.iter().sum::<u64>();
    let mut i = 0;
    while rest > 0 {
        parts[i % n] += 1;
        rest -= 1;
        i += 1;
    }
    parts
}

struct CenterDef {
    id: String,
    name: String,
    short: String,
    area: String,
    population: u32,
    operator: String,
    since: i32,
}

const SAPPORO_WARDS: [(&str, &str, usize); 10] = [
    ("中央区", "chuo", 3),
    ("北区", "kita", 3),
    ("東区", "higashi", 3),
    ("白石区", "shiroishi", 3),
    ("厚別区", "atsubetsu", 2),
    ("豊平区", "toyohira", 3),
    ("清田区", "kiyota", 2),
    ("南区", "minami", 3),
    ("西区", "nishi", 3),
    ("手稲区", "teine", 2),
];

/// 002 §4: self-evaluation per item and the ward's overall evaluation, in center order.
const SAPPORO_SCORES: [([u8; 4], u8); 27] = [
    ([4, 3, 4, 3], 4),
    ([4, 4, 3, 4], 4),
    ([4, 4, 4, 3], 4),
    ([4, 3, 3, 3], 3),
    ([3, 3, 3, 4], 3),
    ([3, 4, 4, 4], 3),
    ([3, 3, 3, 3], 3),
    ([3, 4, 3, 4], 4),
    ([3, 3, 3, 3], 3),
    ([4, 3, 3, 5], 4),
    ([3, 3, 3, 3], 4),
    ([4, 4, 4, 4], 4),
    ([4, 3, 4, 3], 4),
    ([4, 4, 2, 3], 4),
    ([2, 3, 2, 3], 3),
    ([3, 3, 3, 3], 3),
    ([3, 3, 3, 3], 3),
    ([3, 3, 4, 4], 4),
    ([4, 4, 3, 3], 4),
    ([3, 3, 3, 3], 3),
    ([4, 4, 4, 4], 4),
    ([3, 3, 3, 3], 3),
    ([4, 4, 4, 4], 4),
    ([4, 4, 4, 4], 4),
    ([4, 4, 2, 4], 4),
    ([3, 3, 3, 3], 3),
    ([3, 3, 3, 3], 4),
];

const PROVIDER_WORDS: [&str; 20] = [
    "さくら",
    "ひまわり",
    "あおば",
    "みどり",
    "つばさ",
    "ひだまり",
    "すずらん",
    "やまびこ",
    "こもれび",
    "あかり",
    "なごみ",
    "ゆうゆう",
    "はなみずき",
    "かがやき",
    "ふれあい",
    "ほほえみ",
    "いちょう",
    "しらかば",
    "すみれ",
    "あすなろ",
];

fn centers(args: &Args, rng: &mut Rng) -> Vec<CenterDef> {
    let digits = ["１", "２", "３"];
    let mut out = Vec::new();
    if args.city.as_deref() == Some("sapporo") {
        let mut n = 0;
        for (ward, romaji, count) in SAPPORO_WARDS {
            for (k, digit) in digits.iter().enumerate().take(count) {
                let since = if n < 17 {
                    2006
                } else if n < 21 {
                    2010
                } else {
                    2013
                };
                out.push(CenterDef {
                    id: format!("{romaji}{}", k + 1),
                    name: format!("{ward}第{digit}地域包括支援センター"),
                    short: format!("{}{}", ward.trim_end_matches('区'), k + 1),
                    area: ward.to_string(),
                    population: rng.int(11_000, 25_000) as u32,
                    operator: if n % 12 < 7 {
                        format!("社会福祉法人 (例)第{}福祉会", n % 12 + 1)
                    } else {
                        format!("医療法人 (例)第{}医療会", n % 12 - 6)
                    },
                    since,
                });
                n += 1;
            }
        }
    } else {
        for i in 0..args.centers {
            let area = format!("区{:03}", i / 10 + 1);
            out.push(CenterDef {
                id: format!("c{:05}", i + 1),
                name: format!("{area}第{}地域包括支援センター", i % 10 + 1),
                short: format!("{area}-{}", i % 10 + 1),
                area,
                population: rng.int(2_000, 26_000) as u32,
                operator: format!("社会福祉法人 (例)第{}会", i % 97 + 1),
                since: 2006 + (i % 8) as i32,
            });
        }
    }
    out
}

fn profile_text(args: &Args, centers: &[CenterDef], period: Period) -> String {
    let sapporo = args.city.as_deref() == Some("sapporo");
    let mut t = String::new();
    let city = if sapporo {
        "札幌市(例)"
    } else {
        "生成市"
    };
    let _ = writeln!(
        t,
        "# Generated by `cargo run --example gen` (seed {}): an illustrative city,",
        args.seed
    );
    let _ = writeln!(
        t,
        "# {} centers in {} areas. Populations, operators and counts are made up.",
        centers.len(),
        centers
            .iter()
            .map(|c| &c.area)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    let _ = writeln!(
        t,
        "city = \"{city}\"\nfiscal_year = {}\npopulation_as_of = \"{}.9末\"\n",
        period.fiscal_year(),
        hokatsu::era::fiscal_year_short(period.fiscal_year())
    );
    t.push_str("[staffing]\n# 専門職 6 below 12,000 first-insured, one more per 2,000, 13 at 24,000 and above (札幌市: 6–13).\n");
    t.push_str("brackets = [\n  { from = 0, staff = 6 },\n  { from = 12000, staff = 7 },\n  { from = 14000, staff = 8 },\n");
    t.push_str("  { from = 16000, staff = 9 },\n  { from = 18000, staff = 10 },\n  { from = 20000, staff = 11 },\n");
    t.push_str("  { from = 22000, staff = 12 },\n  { from = 24000, staff = 13 },\n]\n\n");
    t.push_str("[staffing.professions]\n# 常勤・専任の保健師、社会福祉士、主任介護支援専門員をそれぞれ1名以上 (札幌市).\nper = 0\nrelaxed = []\n\n");
    t.push_str(
        "[providers]\noccupancy_cap = 0.5\n\n[[pacing]]\nitem = \"kaigi_kei\"\nper_year = 12\n\n",
    );
    if sapporo {
        t.push_str("[evaluation]\ntitle = \"令和5年度地域包括支援センター運営事業に係る評価\"\n");
        t.push_str("label = \"運営事業に係る自己評価(取組項目)\"\nward_label = \"区保健福祉課による総合評価\"\n");
        t.push_str("items = [\n  \"総合相談窓口としての機能強化及び権利擁護支援体制の充実\",\n");
        t.push_str("  \"包括的・継続的ケアマネジメント支援の強化\",\n");
        t.push_str("  \"自立支援・重度化防止の推進に向けた地域ケア会議の促進\",\n");
        t.push_str("  \"自立支援に資する介護予防ケアマネジメントの実施及び地域住民、関係機関との介護予防・自立支援に関する意識の共有\",\n]\n");
        t.push_str("legend = [\n  \"5 活動目標を全て達成し、全ての取組項目で、他センターの模範となる取組があった。\",\n");
        t.push_str("  \"4 活動目標を全て達成し、一部の取組項目で、他センターの模範となる取組があった。\",\n");
        t.push_str("  \"3 活動目標を全て達成した\",\n  \"2 活動目標が一部未達成だった。\",\n  \"1 活動目標が全て未達成だった。\",\n]\n");
        for (c, (_, ward)) in centers.iter().zip(SAPPORO_SCORES) {
            let _ = writeln!(
                t,
                "[[evaluation.ward]]\ncenter = \"{}\"\nscore = {ward}",
                c.id
            );
        }
        t.push('\n');
    }
    for c in centers {
        let _ = writeln!(
            t,
            "[[center]]\nid = \"{}\"\nname = \"{}\"\nshort = \"{}\"\narea = \"{}\"\noperation = \"委託\"\noperator = \"{}\"\nsince = {}\npopulation = {}\n",
            c.id, c.name, c.short, c.area, c.operator, c.since, c.population
        );
    }
    t
}

/// One center's typed values, built item by item.
struct Values<'a> {
    form: &'a hokatsu::form::Form,
    v: Vec<(usize, Typed)>,
}

impl Values<'_> {
    fn set(&mut self, id: &str, x: f64) {
        if let Some(i) = self.form.item(id) {
            self.v.retain(|(j, _)| *j != i);
            self.v.push((i, Typed::Number(x)));
        }
    }
    fn typed(&mut self, id: &str, t: Typed) {
        if let Some(i) = self.form.item(id) {
            self.v.retain(|(j, _)| *j != i);
            self.v.push((i, t));
        }
    }
    /// Spread `total` over a table's count items; returns the parts in item order.
    fn spread(&mut self, rng: &mut Rng, table: &str, total: u64) -> Vec<u64> {
        let form = self.form;
        let Some(t) = form.tables.iter().position(|x| x.id == table) else {
            return vec![];
        };
        let items: Vec<usize> = form.tables[t]
            .all_items()
            .filter(|&i| form.items[i].kind == hokatsu::form::Kind::Count)
            .collect();
        let parts = split(rng, total, items.len());
        for (&i, &x) in items.iter().zip(&parts) {
            self.v.push((i, Typed::Number(x as f64)));
        }
        parts
    }
}

type Generated = (
    Vec<(usize, Typed)>,
    Vec<(String, Vec<f64>)>,
    Option<&'static str>,
);

/// The values of one center's submission; the third element names the error planted, if any.
fn values(
    profile: &Profile,
    ci: usize,
    rng: &mut Rng,
    period: Period,
    sapporo: bool,
    error: bool,
) -> Generated {
    let form = &profile.form;
    let center = &profile.centers[ci];
    let mut v = Values {
        form,
        v: Vec::new(),
    };
    let months = f64::from(period.months_into_fiscal_year());
    let base = f64::from(center.population) * months / 12.0;
    let n = |rng: &mut Rng, f: f64| (base * f * rng.range(0.7, 1.3)).round() as u64;

    // Staffing: the required professionals (or one more), each profession at least one.
    let required = u64::from(profile.required_staff(center).unwrap_or(6));
    let pros = required + rng.int(0, 1);
    let mut p = split(rng, pros - 3, 3);
    p.iter_mut().for_each(|x| *x += 1);
    for (role, k) in ["hokenshi", "shakai", "shunin"].iter().zip(&p) {
        v.set(&format!("staff_{role}_jokin_senju"), *k as f64);
    }
    v.set("staff_kei_jokin_senju", pros as f64);
    v.set("staff_cm_jokin_senju", rng.int(0, 2) as f64);
    if rng.chance(0.3) {
        v.set("staff_jimu_hijokin_senju", 1.0);
        v.set("staff_jimu_hijokin_senju_fte", 0.5);
    } else {
        v.set("staff_jimu_jokin_senju", 1.0);
    }

    // Consultation counts (新規/継続/計) and their breakdowns (with overlaps where 重複あり).
    let counted = |v: &mut Values, rng: &mut Rng, table: &str, new: f64, cont: f64| -> u64 {
        let (a, b) = (n(rng, new), n(rng, cont));
        v.set(&format!("{table}_shinki"), a as f64);
        v.set(&format!("{table}_keizoku"), b as f64);
        v.set(&format!("{table}_kei"), (a + b) as f64);
        a + b
    };
    let sogo = counted(&mut v, rng, "sogo_kensu", 0.03, 0.05);
    let cm = counted(&mut v, rng, "cm_kensu", 0.002, 0.005);
    let ycm = counted(&mut v, rng, "ycm_kensu", 0.03, 0.2);
    let konnan = (rng.int(0, 10), rng.int(0, 20));
    v.set("konnan_kensu_shinki", konnan.0 as f64);
    v.set("konnan_kensu_keizoku", konnan.1 as f64);
    v.set("konnan_kensu_kei", (konnan.0 + konnan.1) as f64);
    let total = (sogo as f64 * rng.range(1.1, 1.6)) as u64;
    v.spread(rng, "sogo_naiyo", total);
    let naiyo = v.spread(rng, "konnan_naiyo", konnan.0 + konnan.1);
    v.spread(rng, "gyakutai", naiyo.first().copied().unwrap_or(0));
    let total = (cm as f64 * rng.range(1.1, 1.5)) as u64;
    v.spread(rng, "cm_naiyo", total);
    let total = (ycm as f64 * rng.range(1.0, 1.4)) as u64;
    v.spread(rng, "ycm_naiyo", total);
    let chiiki = rng.int(40, 260) * months as u64 / 12;
    v.spread(rng, "chiiki", chiiki);
    let kaigi: u64 = rng.int(6, 16) * months as u64 / 12;
    let suishin = rng.int(0, 2).min(kaigi);
    v.set("kaigi_suishin", suishin as f64);
    v.set("kaigi_kobetsu", (kaigi - suishin) as f64);

    // Plans, and the providers they are delegated to (none above 45% of a center's plans).
    let plans = |v: &mut Values, rng: &mut Rng, table: &str, f: f64| -> u64 {
        let total = n(rng, f).max(20);
        let itaku = (total as f64 * rng.range(0.25, 0.5)) as u64;
        v.set(&format!("{table}_hokatsu"), (total - itaku) as f64);
        v.set(&format!("{table}_itaku"), itaku as f64);
        itaku
    };
    let shien = plans(&mut v, rng, "ys_plan", 0.09);
    let care = plans(&mut v, rng, "ycm_plan", 0.07);
    let k = ((shien + care) / 25).clamp(4, 25) as usize;
    let area = center.area.clone().unwrap_or_default();
    let area_seed = area
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut names = Vec::new();
    let mut pick = Rng(area_seed ^ 0xA5A5);
    while names.len() < k {
        let word = PROVIDER_WORDS[pick.next() as usize % PROVIDER_WORDS.len()];
        let name = format!("{area}{word}ケアプランセンター{}", pick.int(1, 6));
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let fair = |rng: &mut Rng, total: u64| -> Vec<u64> {
        let cap = ((total as f64 * 0.45).floor() as u64).max(1);
        loop {
            let s = split(rng, total, k);
            if s.iter().all(|&x| x <= cap) || total < 20 {
                return s;
            }
        }
    };
    let (ys, cs) = (fair(rng, shien), fair(rng, care));
    let providers: Vec<(String, Vec<f64>)> = names
        .into_iter()
        .zip(ys.iter().zip(&cs))
        .filter(|(_, (a, b))| **a + **b > 0)
        .map(|(name, (a, b))| (name, vec![*a as f64, *b as f64]))
        .collect();
    let with = |col: usize| providers.iter().filter(|p| p.1[col] > 0.0).count() as f64;
    v.set("ys_plan_jigyosho", with(0));
    v.set("ycm_plan_jigyosho", with(1));

    // The センター長's plans of the month, within the city's 5 (not drawn, so every other number
    // stays what the seed gave).
    v.set("chief_plan", (ci % 4) as f64);

    if sapporo && let Some(t) = form.evaluation {
        for (c, &item) in form.tables[t].items[0].iter().enumerate() {
            v.v.push((item, Typed::Number(f64::from(SAPPORO_SCORES[ci % 27].0[c]))));
        }
    }

    let mut planted = None;
    if error {
        planted = Some(match rng.int(0, 2) {
            0 => {
                v.set("sogo_kensu_kei", (sogo + 1) as f64);
                "sum"
            }
            1 => {
                v.typed("chiiki_sonota", Typed::Text("未集計".into()));
                "input"
            }
            _ => {
                v.set("staff_cm_hijokin_senju", 1.0);
                v.set("staff_cm_hijokin_senju_fte", 1.5);
                "staffing.fte"
            }
        });
    }
    (v.v, providers, planted)
}

/// Generate; returns a one-line summary.
pub fn generate(args: &Args) -> Result<String, Box<dyn std::error::Error>> {
    let sapporo = args.city.as_deref() == Some("sapporo");
    let period = Period::parse(args.period.as_deref().unwrap_or(if sapporo {
        "2024-03"
    } else {
        "2025-11"
    }))
    .ok_or("--period is YYYY-MM")?;
    let mut rng = Rng(args.seed);
    let defs = centers(args, &mut rng);
    let text = profile_text(args, &defs, period);
    std::fs::create_dir_all(args.out.join("submissions"))?;
    std::fs::write(args.out.join("profile.toml"), &text)?;
    let profile = Profile::parse(&text, "generated").map_err(|e| e.to_string())?;

    let n = profile.centers.len();
    let threads = args.threads.max(1);
    let planted = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (profile, planted) = (&profile, &planted);
            scope.spawn(move || {
                for ci in (t..n).step_by(threads) {
                    let mut rng = Rng(args.seed ^ (ci as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                    let error = rng.unit() * 100.0 < args.errors;
                    let (values, providers, what) =
                        values(profile, ci, &mut rng, period, sapporo, error);
                    let center = &profile.centers[ci];
                    let subject = Subject {
                        profile,
                        center: Some(center),
                        period: Some(period),
                        lang: hokatsu::i18n::Lang::Ja,
                    };
                    let mut layout = template::layout(&subject);
                    template::fill(&mut layout, &profile.form, &values, &providers);
                    match template::render(&subject, &layout) {
                        Ok(bytes) => {
                            let path = args
                                .out
                                .join("submissions")
                                .join(format!("{}.xlsx", center.short));
                            if let Err(e) = std::fs::write(&path, bytes) {
                                eprintln!("{}: {e}", path.display());
                            }
                        }
                        Err(e) => eprintln!("{}: {e}", center.short),
                    }
                    if let (Some(w), Ok(mut p)) = (what, planted.lock()) {
                        p.push((center.short.clone(), w));
                    }
                }
            });
        }
    });
    let mut planted = planted.into_inner().unwrap_or_default();
    planted.sort();
    Ok(format!(
        "{}: profile.toml and {n} submissions for {period}; {} with a planted error{}",
        args.out.display(),
        planted.len(),
        if planted.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                planted
                    .iter()
                    .map(|(c, w)| format!("{c}:{w}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ))
}
