//! Thousands of carelessly edited forms (issue 22): the Kushiro, Sapporo and Kumamoto forms,
//! each mutated as a hurried copy would be — lines deleted, duplicated or swapped, ids
//! swapped or emptied, odd strings and huge numbers, cut short, a total summing itself, another
//! layout — read with their profiles as `hokatsu template --form` reads them. None may panic;
//! a form that cannot be used is refused in Japanese, with the file and (for all but a few
//! shapes) the line, and never in a library's English; a form that is accepted renders its
//! template. Seeded, so a failure repeats: its seed and mutation are printed.

use hokatsu::form::FormSource;
use hokatsu::i18n::Lang;
use hokatsu::profile::Profile;
use hokatsu::template::{self, Subject};
use std::path::{Path, PathBuf};

/// A small deterministic generator (xorshift64*), so no crate is needed for this.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
}

const STRINGS: &[&str] = &[
    "",
    "a b",
    "kei",
    "*",
    "x\"y",
    "新\\n規",
    "\\u0000",
    "ID",
    "--x",
    "sum",
    "stacked",
    "list",
    "grid",
];
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "9223372036854775807",
    "1000000",
    "65536",
    "1e308",
    "nan",
    "inf",
    "-inf",
    "0.5",
    "17000",
];

/// One careless edit, and what it was (for the failure message).
fn mutate(text: &str, rng: &mut Rng) -> (String, String, Option<usize>) {
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    let at = rng.below(n);
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let ids: Vec<String> = text
        .split("id = \"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    // Edits of one line in place say which line: the line a refusal should name.
    let in_place = |what: String| (what, Some(at + 1));
    let (what, line) = match rng.below(11) {
        0 => {
            out.remove(at);
            (format!("line {} deleted", at + 1), None)
        }
        1 => {
            out.insert(at, lines[at].to_string());
            (format!("line {} duplicated", at + 1), None)
        }
        2 => {
            let other = rng.below(n);
            out.swap(at, other);
            (format!("lines {} and {} swapped", at + 1, other + 1), None)
        }
        3 => {
            // A quoted value replaced.
            let line = &lines[at];
            let Some(start) = line.find('"') else {
                return (text.to_string(), "unchanged".into(), None);
            };
            let Some(len) = line[start + 1..].find('"') else {
                return (text.to_string(), "unchanged".into(), None);
            };
            let with = rng.pick(STRINGS);
            out[at] = format!("{}\"{with}\"{}", &line[..start], &line[start + len + 2..]);
            in_place(format!("line {}: a string replaced by \"{with}\"", at + 1))
        }
        4 => {
            // A number replaced.
            let line = &lines[at];
            let Some(start) = line.find(|c: char| c.is_ascii_digit()) else {
                return (text.to_string(), "unchanged".into(), None);
            };
            let end = line[start..]
                .find(|c: char| !c.is_ascii_digit() && c != '.')
                .map_or(line.len(), |e| start + e);
            let with = rng.pick(NUMBERS);
            out[at] = format!("{}{with}{}", &line[..start], &line[end..]);
            in_place(format!("line {}: a number replaced by {with}", at + 1))
        }
        5 if !ids.is_empty() => {
            // An id replaced by another id of the form (swapped or repeated ids).
            let line = &lines[at];
            let Some(start) = line.find("id = \"") else {
                return (text.to_string(), "unchanged".into(), None);
            };
            let rest = &line[start + 6..];
            let len = rest.find('"').unwrap_or(0);
            let with = rng.pick(&ids);
            out[at] = format!("{}id = \"{with}\"{}", &line[..start], &rest[len..]);
            in_place(format!("line {}: id replaced by {with}", at + 1))
        }
        6 => {
            // A total that sums itself.
            let line = &lines[at];
            let Some(start) = line.find("id = \"") else {
                return (text.to_string(), "unchanged".into(), None);
            };
            let id = line[start + 6..].split('"').next().unwrap_or("");
            let Some(close) = line.rfind('}') else {
                return (text.to_string(), "unchanged".into(), None);
            };
            let body = line[..close].replace(", sum = \"*\"", "");
            out[at] = format!("{body}, sum = [\"{id}\"] }},");
            in_place(format!("line {}: {id} sums itself", at + 1))
        }
        7 => {
            let cut = rng.below(text.len());
            let cut = (0..=cut)
                .rev()
                .find(|&c| text.is_char_boundary(c))
                .unwrap_or(0);
            return (text[..cut].to_string(), format!("cut at byte {cut}"), None);
        }
        8 => {
            let c = *rng.pick(&["[", "]", "\"", "=", "{", "}", ",", "#", "\\"]);
            let line = &lines[at];
            let pos = (0..=rng.below(line.len() + 1).min(line.len()))
                .rev()
                .find(|&p| line.is_char_boundary(p))
                .unwrap_or(0);
            out[at] = format!("{}{c}{}", &line[..pos], &line[pos..]);
            in_place(format!("line {}: '{c}' inserted", at + 1))
        }
        9 => {
            let layout = rng.pick(&["row", "stacked", "list", "providers", "staffing", "grid"]);
            out.insert(at, format!("layout = \"{layout}\""));
            in_place(format!("line {}: layout = {layout} inserted", at + 1))
        }
        _ => {
            let key = rng.pick(&["capacity", "of", "share", "breakdown_of", "ratio"]);
            let value = if *key == "capacity" {
                rng.pick(NUMBERS).to_string()
            } else if *key == "ratio" {
                format!("[\"{}\", \"{}\"]", rng.pick(&ids), rng.pick(&ids))
            } else {
                format!("\"{}\"", rng.pick(&ids))
            };
            out.insert(at, format!("{key} = {value}"));
            in_place(format!("line {}: {key} = {value} inserted", at + 1))
        }
    };
    (out.join("\n") + "\n", what, line)
}

/// English a library writes (rust_xlsxwriter, toml, serde), which a clerk must never read.
const LIBRARY_WORDS: &[&str] = &[
    "Name error",
    "Merge range",
    "exceeds",
    "overlaps",
    "Data validation",
    "First row",
    "Chart must",
    "invalid",
    "expected",
    "unknown field",
    "missing field",
    "panicked",
];

/// What a caught panic said.
fn payload(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn thousands_of_careless_forms_are_refused_clearly_or_render() {
    let bases: [(&str, &Path, String); 3] = [
        (
            "kushiro",
            &root().join("examples"),
            hokatsu::form::KUSHIRO_FORM.to_string(),
        ),
        (
            "sapporo",
            &root().join("examples/sapporo"),
            std::fs::read_to_string(root().join("examples/sapporo/form.toml")).expect("form"),
        ),
        (
            "kumamoto",
            &root().join("examples/kumamoto"),
            std::fs::read_to_string(root().join("examples/kumamoto/form.toml")).expect("form"),
        ),
    ];
    let mut refused = 0;
    let mut rendered = 0;
    let mut without_line = Vec::new();
    // Refusals of a one-line edit, and those naming that line (±1).
    let (mut one_line, mut at_the_line) = (0, 0);
    let per_base = 800;
    for (b, (name, dir, form)) in bases.iter().enumerate() {
        let profile_path = if *name == "kushiro" {
            dir.join("kushiro-r7.toml")
        } else {
            dir.join("profile.toml")
        };
        let profile_text = std::fs::read_to_string(&profile_path).expect("profile");
        for n in 0..per_base {
            let seed = (b * per_base + n) as u64 + 1;
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let (text, what, edited) = mutate(form, &mut rng);
            let source = FormSource {
                name: format!("{name}-{seed}.toml"),
                text: text.clone(),
            };
            let parsed = std::panic::catch_unwind(|| {
                Profile::parse_with(&profile_text, "profile.toml", Some(dir), Some(source))
            });
            let parsed = parsed.unwrap_or_else(|p| {
                panic!("{name}, seed {seed} ({what}): panicked: {}", payload(&p))
            });
            match parsed {
                Err(e) => {
                    refused += 1;
                    let ja = e.message(Lang::Ja);
                    assert!(
                        ja.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                        "{name}, seed {seed} ({what}): not Japanese: {ja}"
                    );
                    for w in LIBRARY_WORDS {
                        assert!(
                            !ja.contains(w),
                            "{name}, seed {seed} ({what}): library words: {ja}"
                        );
                    }
                    if e.in_form && e.line.is_none() {
                        without_line.push(format!("{name} {seed} ({what}): {ja}"));
                    }
                    if let (Some(edited), Some(named)) = (edited, e.line) {
                        one_line += 1;
                        if named.abs_diff(edited) <= 1 {
                            at_the_line += 1;
                        } else if std::env::var_os("HOKATSU_SHOW_MISSES").is_some() {
                            eprintln!("{name} {seed} ({what}): named line {named}: {ja}");
                        }
                    }
                }
                Ok(profile) => {
                    // Rendering is the slow part: one accepted form in ten is written out.
                    if n % 10 != 0 {
                        continue;
                    }
                    let out = std::panic::catch_unwind(|| {
                        let subject = Subject {
                            profile: &profile,
                            center: profile.centers.first(),
                            period: hokatsu::era::Period::parse("2025-11"),
                            lang: Lang::Ja,
                        };
                        let layout = template::layout(&subject);
                        template::render(&subject, &layout).map(|b| b.len())
                    });
                    match out {
                        Ok(Ok(len)) => {
                            assert!(len > 0);
                            rendered += 1;
                        }
                        Ok(Err(e)) => {
                            panic!(
                                "{name}, seed {seed} ({what}): accepted, then the writer refused: {e}"
                            )
                        }
                        Err(p) => panic!(
                            "{name}, seed {seed} ({what}): template panicked: {}",
                            payload(&p)
                        ),
                    }
                }
            }
        }
    }
    eprintln!(
        "{} forms: {refused} refused, {rendered} rendered, {} refused without a line; \
         one-line edits refused at their line (±1): {at_the_line} of {one_line}",
        3 * per_base,
        without_line.len()
    );
    assert!(
        refused > 1000,
        "the mutations mostly break the form: {refused}"
    );
    assert!(rendered > 10, "some still render: {rendered}");
    assert!(without_line.is_empty(), "{without_line:#?}");
    // The line comes from the parser's spans: the key or value at fault, not the first text
    // that looks like it (76% before; 94% with spans; 98% naming a value left open where it
    // began, a stacked table without rows at its layout, a key commented out at its line).
    // The rest name a line the edit broke: a renamed id is missed where it is used, a key
    // given twice is said at its second place. HOKATSU_SHOW_MISSES=1 lists them.
    assert!(
        at_the_line * 100 >= one_line * 98,
        "{at_the_line} of {one_line} one-line edits named at their line"
    );
}
