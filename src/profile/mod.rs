//! The city profile: who the centers are, what the city requires of them, and how its form differs.
//!
//! A profile is a TOML file a clerk edits and diffs (`examples/kushiro-r7.toml` is the embedded
//! default, shipped as a file too). Section 1 of the report (運営形態, 運営主体, 受託開始年度),
//! first-insured populations and required staffing come from here, never from the centers.
//! A profile that cannot be used is an exit-2 error naming the line and the field.

use crate::era::Period;
use crate::form::{Form, FormCustomization};
use crate::i18n::Text;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;

/// The embedded Kushiro FY R7 profile.
pub const KUSHIRO_PROFILE: &str = include_str!("../../examples/kushiro-r7.toml");

/// The starter profile `hokatsu init` writes.
pub const STARTER_PROFILE: &str = include_str!("starter.toml");

/// A profile (or the form it uses) that cannot be used: the one diagnostic of definitions.
pub use crate::diagnostic::Diagnostic as ProfileError;

/// 直営 (run by the city) or 委託 (contracted to a corporation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Direct,
    Contracted,
}

impl Operation {
    pub fn label(self) -> &'static str {
        match self {
            Operation::Direct => "直営",
            Operation::Contracted => "委託",
        }
    }
}

/// One center of the city.
#[derive(Debug, Clone)]
pub struct Center {
    pub id: String,
    pub name: String,
    pub short: String,
    /// The ward or area the center belongs to (for subtotals in larger cities).
    pub area: Option<String>,
    pub operation: Operation,
    pub operator: String,
    /// 受託開始年度 (fiscal year), for contracted centers.
    pub since: Option<i32>,
    /// 第1号被保険者数 at the profile's reference date.
    pub population: u32,
    /// The city's required professional staff, when it departs from the brackets.
    pub required_override: Option<u32>,
    /// The note explaining that departure (※ in the report).
    pub required_note: Option<String>,
    /// More of the center for section 1 (`[center.fields]`: 所在地 = "…").
    pub fields: std::collections::BTreeMap<String, String>,
}

/// The fields every center has, for section 1 (besides the profile's own `fields`).
pub const CENTER_FIELDS: [&str; 7] = [
    "name",
    "short",
    "area",
    "operation",
    "operator",
    "since",
    "population",
];

impl Center {
    /// A field of section 1 as shown: one of [`CENTER_FIELDS`] (`since` as 2006(平成18)年度)
    /// or a key of the center's `fields`; `None` when this center has no such field.
    pub fn field(&self, field: &str) -> Option<String> {
        Some(match field {
            "name" => self.name.clone(),
            "short" => self.short.clone(),
            "area" => self.area.clone().unwrap_or_default(),
            "operation" => self.operation.label().to_string(),
            "operator" => self.operator.clone(),
            "since" => self.since.map(crate::era::since_label).unwrap_or_default(),
            "population" => crate::findings::fmt_count(f64::from(self.population)),
            other => return self.fields.get(other).cloned(),
        })
    }
}

/// A population bracket: from this many first-insured, this many professional staff.
#[derive(Debug, Clone, Copy)]
pub struct Bracket {
    pub from: u32,
    pub staff: u32,
}

/// The national standard for each profession (介護保険法施行規則 第140条の66), as the city
/// applies it: `staffing.each-profession`.
#[derive(Debug, Clone)]
pub struct Professions {
    /// One full-time person of each profession per this many first-insured (rounded up);
    /// 0: at least one of each, whatever the population.
    pub per: u32,
    /// Below these populations the standard asks for fewer (first matching bracket applies).
    pub relaxed: Vec<Relaxed>,
}

/// A relaxed requirement for a small population.
#[derive(Debug, Clone)]
pub struct Relaxed {
    pub below: u32,
    /// How many of the three professions must be present (full- or part-time).
    pub of_three: u32,
    /// How many of those must have a full-time person.
    pub full_time: u32,
    /// Professions that must be among them, full-time (e.g. the 保健師等).
    pub need: Vec<String>,
}

/// A yearly target paced by month (`pacing`, info).
#[derive(Debug, Clone)]
pub struct Pacing {
    pub item: usize,
    pub per_year: f64,
    /// A center below this share of the year's pace so far gets an info finding.
    pub behind: f64,
}

/// The council's evaluation of the centers (seed 002 §4): self-evaluations from the
/// submissions, the ward's from the profile.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub title: String,
    /// Column headings of the report's table (002: 自己評価, 各項目の平均, 区保健福祉課による
    /// 総合評価, 全センター平均).
    pub self_label: String,
    pub average_label: String,
    pub ward_label: String,
    pub overall_label: String,
    /// The scale, best first (`5 活動目標を全て達成し…`), shown under the tables.
    pub legend: Vec<String>,
    /// Per profile center: the ward's overall score, if given.
    pub ward: Vec<Option<f64>>,
}

/// The parsed, checked profile.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Where it came from (a path, or "embedded").
    pub source_name: String,
    pub city: String,
    pub fiscal_year: i32,
    pub period: Option<Period>,
    pub population_as_of: String,
    pub brackets: Vec<Bracket>,
    pub step: Option<u32>,
    pub occupancy_cap: f64,
    pub providers_note: Option<String>,
    /// Known providers in the order the city lists them, in the city's spelling.
    pub provider_order: Vec<String>,
    /// The comparison key ([`crate::names::key`]) of each known provider → its index.
    provider_keys: HashMap<String, usize>,
    /// Centers delegating fewer plans than this are not checked for occupancy (a small center
    /// with one provider in town is not a fairness problem).
    pub occupancy_min_plans: f64,
    pub professions: Professions,
    pub pacing: Vec<Pacing>,
    pub evaluation: Option<Evaluation>,
    pub centers: Vec<Center>,
    /// Normalised id, name and short name of each center → its index.
    keys: HashMap<String, usize>,
    pub form: Form,
    /// The text of the form definition in use (`hokatsu form --definition` prints it).
    pub form_source: crate::form::FormSource,
    /// A fingerprint of the profile's text: the report names the profile by it, so the same
    /// profile gives the same workbook wherever its file is.
    pub fingerprint: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileSpec {
    city: Spanned<String>,
    fiscal_year: Spanned<i32>,
    #[serde(default)]
    period: Option<Spanned<String>>,
    population_as_of: String,
    /// The city's staffing requirement; needed only by a form with a staffing table.
    #[serde(default)]
    staffing: Option<StaffingSpec>,
    #[serde(default)]
    providers: ProvidersSpec,
    center: Vec<Spanned<CenterSpec>>,
    #[serde(default)]
    pacing: Vec<Spanned<PacingSpec>>,
    #[serde(default)]
    evaluation: Option<EvaluationSpec>,
    #[serde(default)]
    form: FormCustomization,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PacingSpec {
    item: Spanned<String>,
    per_year: f64,
    #[serde(default = "default_behind")]
    behind: f64,
}

fn default_behind() -> f64 {
    0.5
}

fn default_self_label() -> String {
    "自己評価".into()
}
fn default_average_label() -> String {
    "各項目の平均".into()
}
fn default_ward_label() -> String {
    "総合評価".into()
}
fn default_overall_label() -> String {
    "全センター平均".into()
}
fn default_scale() -> Spanned<[u32; 2]> {
    Spanned::new(0..0, [1, 5])
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvaluationSpec {
    title: String,
    label: String,
    #[serde(default = "default_self_label")]
    self_label: String,
    #[serde(default = "default_average_label")]
    average_label: String,
    #[serde(default = "default_ward_label")]
    ward_label: String,
    #[serde(default = "default_overall_label")]
    overall_label: String,
    items: Vec<String>,
    /// The lowest and highest score (002: 1 to 5).
    #[serde(default = "default_scale")]
    scale: Spanned<[u32; 2]>,
    #[serde(default)]
    legend: Vec<String>,
    #[serde(default)]
    ward: Vec<Spanned<WardScore>>,
    /// The ward's scores in a CSV file (`center,score`), beside the profile.
    #[serde(default)]
    ward_file: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WardScore {
    center: String,
    score: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfessionsSpec {
    #[serde(default)]
    per: u32,
    #[serde(default)]
    relaxed: Vec<RelaxedSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelaxedSpec {
    below: u32,
    of_three: u32,
    #[serde(default)]
    full_time: u32,
    #[serde(default)]
    need: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffingSpec {
    brackets: Spanned<Vec<BracketSpec>>,
    #[serde(default)]
    step: Option<Spanned<u32>>,
    #[serde(default)]
    professions: Option<ProfessionsSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BracketSpec {
    from: u32,
    staff: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvidersSpec {
    #[serde(default = "default_cap")]
    occupancy_cap: Spanned<f64>,
    #[serde(default = "default_min_plans")]
    occupancy_min_plans: f64,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    order: Vec<String>,
}

impl Default for ProvidersSpec {
    fn default() -> Self {
        ProvidersSpec {
            occupancy_cap: default_cap(),
            occupancy_min_plans: default_min_plans(),
            note: None,
            order: Vec::new(),
        }
    }
}

fn default_min_plans() -> f64 {
    20.0
}

fn default_cap() -> Spanned<f64> {
    Spanned::new(0..0, 0.5)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CenterSpec {
    id: Spanned<String>,
    name: Spanned<String>,
    short: Spanned<String>,
    #[serde(default)]
    area: Option<String>,
    /// 直営 or 委託 (the default: a city's overview may not show it).
    #[serde(default)]
    operation: Option<Spanned<String>>,
    #[serde(default)]
    operator: String,
    #[serde(default)]
    since: Option<Spanned<i32>>,
    population: Spanned<u32>,
    #[serde(default)]
    required: Option<u32>,
    #[serde(default)]
    required_note: Option<String>,
    /// More of the center for section 1 (所在地, 電話番号), as the form's overview names them.
    #[serde(default)]
    fields: std::collections::BTreeMap<String, String>,
}

impl Profile {
    /// The embedded Kushiro FY R7 profile.
    pub fn kushiro() -> Result<Profile, ProfileError> {
        Profile::parse(KUSHIRO_PROFILE, "kushiro-r7 (embedded)")
    }

    /// The embedded profile with a city's form (`--form FILE`).
    pub fn kushiro_with(form: Option<&Path>) -> Result<Profile, ProfileError> {
        let form = form.map(read_form).transpose()?;
        Profile::parse_with(KUSHIRO_PROFILE, "kushiro-r7 (embedded)", None, form)
    }

    /// Read a profile file, with a form file that overrides the profile's (`--form FILE`).
    pub fn load_with(path: &Path, form: Option<&Path>) -> Result<Profile, ProfileError> {
        let form = form.map(read_form).transpose()?;
        let text = read_profile(path)?;
        Profile::parse_with(&text, &path.display().to_string(), path.parent(), form)
    }

    /// Read a profile file.
    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
        Profile::load_with(path, None)
    }

    /// Parse and check a profile's text (files it names are looked for from the current folder).
    pub fn parse(text: &str, source_name: &str) -> Result<Profile, ProfileError> {
        Profile::parse_in(text, source_name, None)
    }

    /// Parse and check a profile's text; files it names are relative to `base`.
    fn parse_in(
        text: &str,
        source_name: &str,
        base: Option<&Path>,
    ) -> Result<Profile, ProfileError> {
        Profile::parse_with(text, source_name, base, None)
    }

    /// Parse a profile; `form` (from `--form`) replaces the form the profile names. Files the
    /// profile names are relative to `base` (the fuzz target and the form generator test give
    /// forms as text here). Three steps: the typed spec, the files it names read, then the
    /// profile checked and built from them (no file is read there).
    pub fn parse_with(
        text: &str,
        source_name: &str,
        base: Option<&Path>,
        form: Option<crate::form::FormSource>,
    ) -> Result<Profile, ProfileError> {
        let here = Here {
            text,
            name: source_name,
        };
        let spec: ProfileSpec = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            let ja = crate::i18n::toml_message_ja(&msg);
            // A value left open is said where it began, not where the reader gave up.
            let line = e
                .span()
                .map(|s| crate::diagnostic::toml_error_line(text, s.start));
            ProfileError {
                line,
                ..ProfileError::at(source_name, text, None, Text::new(ja, msg))
            }
        })?;
        let files = NamedFiles::read(&spec, base, form);
        Profile::build(&here, spec, files)
    }

    /// The profile from its spec and the files it names.
    fn build(
        here: &Here,
        mut spec: ProfileSpec,
        files: NamedFiles,
    ) -> Result<Profile, ProfileError> {
        // The profile's own keys are checked together; the first error is said.
        let mut errors = Vec::new();
        let fy = fiscal_year(here, &spec).map_err(|e| errors.push(e)).ok();
        let brackets = staffing_rules(here, &spec).map_err(|e| errors.push(e)).ok();
        let cap = occupancy_cap(here, &spec).map_err(|e| errors.push(e)).ok();
        let centers = centers(here, &spec.center).map_err(|e| errors.push(e)).ok();
        let (Some(fy), Some(brackets), Some(cap), Some((centers, keys))) =
            (fy, brackets, cap, centers)
        else {
            return Err(errors.remove(0));
        };
        let source = files.form?;
        let form = form(here, &source, &spec)?;
        overview_fields(&source, &form, &centers)?;
        // A form with a staffing table is checked against the city's requirement: the profile
        // must state it (a form without one needs none, and one given is not refused).
        if form.staffing.is_some() && spec.staffing.is_none() {
            return Err(here.fail(
                spec.city.span(),
                "様式に職員配置の表があるので、プロファイルに [staffing] (必要な職員数の区分 brackets)を書いてください。".into(),
                "the form has a staffing table, so the profile needs [staffing] with its brackets.".into(),
            ));
        }
        let period = period(here, &spec, &form, fy)?;
        let pacing = pacing(here, &spec.pacing, &form)?;
        let evaluation = match spec.evaluation.take() {
            None => None,
            Some(ev) => Some(evaluation(here, ev, &keys, centers.len(), files.ward)?),
        };
        let professions = professions(
            spec.staffing.as_mut().and_then(|st| st.professions.take()),
            &form,
        );
        Ok(Profile {
            source_name: here.name.to_string(),
            city: spec.city.get_ref().clone(),
            fiscal_year: fy,
            period,
            population_as_of: spec.population_as_of,
            brackets,
            step: (spec.staffing.as_ref())
                .and_then(|st| st.step.as_ref())
                .map(|s| *s.get_ref()),
            occupancy_cap: cap,
            providers_note: spec.providers.note,
            provider_keys: provider_keys(&spec.providers.order),
            provider_order: spec.providers.order,
            occupancy_min_plans: spec.providers.occupancy_min_plans,
            professions,
            pacing,
            evaluation,
            centers,
            keys,
            form,
            form_source: source,
            fingerprint: crate::form::fingerprint(here.text),
        })
    }

    /// The professional staff the city requires of a contracted center; `None` for 直営.
    pub fn required_staff(&self, center: &Center) -> Option<u32> {
        if center.operation == Operation::Direct {
            return None;
        }
        if let Some(n) = center.required_override {
            return Some(n);
        }
        let last = self
            .brackets
            .iter()
            .rev()
            .find(|b| center.population >= b.from)?;
        let beyond = match (self.step, self.brackets.last()) {
            (Some(step), Some(top)) if center.population >= top.from && top.from == last.from => {
                (center.population - top.from) / step
            }
            _ => 0,
        };
        Some(last.staff + beyond)
    }

    /// The center a label (the template's center cell, or a file name) names, if exactly one.
    pub fn find_center(&self, label: &str) -> Option<usize> {
        let key = crate::names::key(label);
        if key.is_empty() {
            return None;
        }
        self.keys.get(&key).copied()
    }

    /// The known provider a name means (its index in [`Profile::provider_order`]), however it
    /// is spelled.
    pub fn provider(&self, name: &str) -> Option<usize> {
        self.provider_keys.get(&crate::names::key(name)).copied()
    }

    /// The same profile with other centers (the report's view by area).
    pub fn with_centers(mut self, centers: Vec<Center>) -> Profile {
        self.keys = centers
            .iter()
            .enumerate()
            .flat_map(|(i, c)| [&c.id, &c.name, &c.short].map(|k| (crate::names::key(k), i)))
            .collect();
        self.centers = centers;
        self
    }

    /// The center a file name points to: the longest center name or short name it contains,
    /// when no other center's name of that length is also in it.
    pub fn center_in_file_name(&self, stem: &str) -> Option<usize> {
        if let Some(i) = self.find_center(stem) {
            return Some(i);
        }
        let key = crate::names::key(stem);
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for (i, c) in self.centers.iter().enumerate() {
            for k in [&c.name, &c.short] {
                let k = crate::names::key(k);
                if k.is_empty() || !key.contains(&k) {
                    continue;
                }
                let len = k.chars().count();
                match best {
                    Some((_, l)) if l > len => {}
                    Some((b, l)) if l == len => tie |= b != i,
                    _ => {
                        best = Some((i, len));
                        tie = false;
                    }
                }
            }
        }
        if tie { None } else { best.map(|(i, _)| i) }
    }
}

/// The profile's text and name, for diagnostics at its lines.
struct Here<'a> {
    text: &'a str,
    name: &'a str,
}

impl Here<'_> {
    /// An error at a span of the profile.
    fn fail(&self, span: std::ops::Range<usize>, ja: String, en: String) -> ProfileError {
        ProfileError::at(self.name, self.text, Some(span.start), Text::new(ja, en))
    }
}

/// The files a profile names, read before it is checked: its form (`--form`, else its
/// `[form] file`, else the embedded form) and the ward's scores (`evaluation.ward_file`).
/// A file that cannot be read is said where the profile needs it.
struct NamedFiles {
    form: Result<crate::form::FormSource, ProfileError>,
    /// The ward file's path and its text.
    ward: Option<(std::path::PathBuf, std::io::Result<String>)>,
}

impl NamedFiles {
    fn read(
        spec: &ProfileSpec,
        base: Option<&Path>,
        form: Option<crate::form::FormSource>,
    ) -> NamedFiles {
        let beside =
            |file: &str| base.map_or_else(|| Path::new(file).to_path_buf(), |b| b.join(file));
        let form = match (form, &spec.form.file) {
            (Some(source), _) => Ok(source),
            (None, Some(file)) => read_form(&beside(file)),
            (None, None) => Ok(crate::form::FormSource::embedded()),
        };
        let ward = (spec.evaluation.as_ref())
            .and_then(|ev| ev.ward_file.as_ref())
            .map(|file| {
                let path = beside(file.get_ref());
                let text = std::fs::read_to_string(&path);
                (path, text)
            });
        NamedFiles { form, ward }
    }
}

/// `fiscal_year`, in the Gregorian calendar.
fn fiscal_year(here: &Here, spec: &ProfileSpec) -> Result<i32, ProfileError> {
    let fy = *spec.fiscal_year.get_ref();
    if !(1989..=2200).contains(&fy) {
        return Err(here.fail(
            spec.fiscal_year.span(),
            format!("fiscal_year (年度) は西暦で書きます(例: 2025)。{fy} は使えません。"),
            format!("fiscal_year must be a Gregorian year such as 2025, not {fy}."),
        ));
    }
    Ok(fy)
}

/// `[staffing]`: brackets from 0 upwards, a step of at least 1.
fn staffing_rules(here: &Here, spec: &ProfileSpec) -> Result<Vec<Bracket>, ProfileError> {
    let brackets: Vec<Bracket> = (spec.staffing.iter())
        .flat_map(|st| st.brackets.get_ref())
        .map(|b| Bracket {
            from: b.from,
            staff: b.staff,
        })
        .collect();
    let ordered = brackets.windows(2).all(|w| w[0].from < w[1].from);
    if let Some(st) = &spec.staffing
        && (brackets.first().map(|b| b.from) != Some(0) || !ordered)
    {
        return Err(here.fail(
            st.brackets.span(),
            "staffing.brackets は from = 0 から始め、from の小さい順に並べてください。".into(),
            "staffing.brackets must start at from = 0 and go up in from.".into(),
        ));
    }
    if let Some(step) = spec.staffing.as_ref().and_then(|st| st.step.as_ref())
        && *step.get_ref() == 0
    {
        return Err(here.fail(
            step.span(),
            "staffing.step は 1 以上にしてください。".into(),
            "staffing.step must be at least 1.".into(),
        ));
    }
    Ok(brackets)
}

/// `providers.occupancy_cap`: a share above 0, at most 1.
fn occupancy_cap(here: &Here, spec: &ProfileSpec) -> Result<f64, ProfileError> {
    let cap = *spec.providers.occupancy_cap.get_ref();
    if !(cap > 0.0 && cap <= 1.0) {
        return Err(here.fail(
            spec.providers.occupancy_cap.span(),
            format!(
                "occupancy_cap は 0 より大きく 1 以下の割合です(例: 0.5)。{cap} は使えません。"
            ),
            format!("occupancy_cap is a share above 0 and at most 1 (e.g. 0.5), not {cap}."),
        ));
    }
    Ok(cap)
}

/// The centers, and every id, name and short name, normalised, to its center: duplicates are
/// found and centers looked up without comparing each pair (a national profile has 5,400).
fn centers(
    here: &Here,
    specs: &[Spanned<CenterSpec>],
) -> Result<(Vec<Center>, HashMap<String, usize>), ProfileError> {
    let mut centers: Vec<Center> = Vec::with_capacity(specs.len());
    let mut keys: HashMap<String, usize> = HashMap::new();
    for c in specs {
        let s = c.get_ref();
        let center = center(here, s, &keys, centers.len())?;
        for k in [&s.id, &s.name, &s.short] {
            keys.insert(crate::names::key(k.get_ref()), centers.len());
        }
        centers.push(center);
    }
    if centers.is_empty() {
        return Err(ProfileError::at(
            here.name,
            here.text,
            None,
            Text::new(
                "[[center]] が一つもありません。",
                "the profile lists no [[center]].",
            ),
        ));
    }
    Ok((centers, keys))
}

/// One `[[center]]`, the `index`-th: its id, names not another's, operation, population, since.
fn center(
    here: &Here,
    s: &CenterSpec,
    keys: &HashMap<String, usize>,
    index: usize,
) -> Result<Center, ProfileError> {
    let id = s.id.get_ref().trim();
    if id.is_empty() || !id.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
        return Err(here.fail(
            s.id.span(),
            format!("center の id '{id}' は半角英数字と _ だけで書いてください。"),
            format!("center id '{id}' must be ASCII letters, digits or '_'."),
        ));
    }
    for (field, value) in [("id", &s.id), ("name", &s.name), ("short", &s.short)] {
        let key = crate::names::key(value.get_ref());
        if key.is_empty() {
            return Err(here.fail(
                value.span(),
                format!("center の {field} が空です。"),
                format!("center {field} is empty."),
            ));
        }
        if keys.get(&key).is_some_and(|&other| other != index) {
            return Err(here.fail(
                value.span(),
                format!(
                    "center の {field} '{}' が他のセンターと重なっています。",
                    value.get_ref()
                ),
                format!(
                    "center {field} '{}' is also used by another center.",
                    value.get_ref()
                ),
            ));
        }
    }
    let operation = match s.operation.as_ref().map(|o| (o.get_ref().trim(), o.span())) {
        Some(("直営", _)) => Operation::Direct,
        None | Some(("委託", _)) => Operation::Contracted,
        Some((other, span)) => {
            return Err(here.fail(
                span,
                format!("operation は「直営」か「委託」です。'{other}' は使えません。"),
                format!("operation is \"直営\" or \"委託\", not '{other}'."),
            ));
        }
    };
    if *s.population.get_ref() == 0 {
        return Err(here.fail(
            s.population.span(),
            "population (第1号被保険者数) が 0 です。".into(),
            "population (第1号被保険者数) is 0.".into(),
        ));
    }
    let since = match &s.since {
        Some(y) if !(1950..=2200).contains(y.get_ref()) => {
            return Err(here.fail(
                y.span(),
                format!(
                    "since (受託開始年度) は西暦で書きます(例: 2006)。{} は使えません。",
                    y.get_ref()
                ),
                format!(
                    "since is a Gregorian fiscal year such as 2006, not {}.",
                    y.get_ref()
                ),
            ));
        }
        Some(y) => Some(*y.get_ref()),
        None => None,
    };
    Ok(Center {
        id: id.to_string(),
        name: s.name.get_ref().trim().to_string(),
        short: s.short.get_ref().trim().to_string(),
        area: s.area.clone(),
        operation,
        operator: s.operator.clone(),
        since,
        population: *s.population.get_ref(),
        required_override: s.required,
        required_note: s.required_note.clone(),
        fields: s.fields.clone(),
    })
}

/// The form, with the profile's changes (`[form]`, the evaluation it enables): an error of
/// those changes is said at its line in the profile, any other in the form's file.
fn form(
    here: &Here,
    source: &crate::form::FormSource,
    spec: &ProfileSpec,
) -> Result<Form, ProfileError> {
    let mut custom = spec.form.clone();
    if let Some(ev) = &spec.evaluation {
        let [lo, hi] = *ev.scale.get_ref();
        custom.evaluation = Some(crate::form::EvaluationForm {
            label: ev.label.clone(),
            items: ev.items.clone(),
            row: ev.self_label.clone(),
            scale: (f64::from(lo), f64::from(hi)),
        });
    }
    Form::from_toml(&source.text, &custom).map_err(|e| {
        if e.is_customization() {
            // At its key in the profile's [[form.add]] or [[form.rename]].
            let profile = crate::form::FormSource {
                name: here.name.to_string(),
                text: here.text.to_string(),
            };
            ProfileError {
                in_form: false,
                source_name: here.name.to_string(),
                line: profile.line_of(&e),
                text: Text::new(
                    format!(
                        "[form] の変更が使えません: {}",
                        e.message(crate::i18n::Lang::Ja)
                    ),
                    e.to_string(),
                ),
            }
        } else {
            source.diagnose(&e)
        }
    })
}

/// Section 1 shows fields the centers have: a built-in one, or one some [center.fields]
/// gives (a field nobody gives is a typing mistake in the form or the profile; the form's line
/// names the field).
fn overview_fields(
    source: &crate::form::FormSource,
    form: &Form,
    centers: &[Center],
) -> Result<(), ProfileError> {
    use crate::form::Seg::{Index, Key};
    for (i, column) in form.overview.iter().flat_map(|o| &o.columns).enumerate() {
        if centers.iter().any(|c| c.field(&column.field).is_some()) {
            continue;
        }
        let line = source.line_at(&[Key("overview"), Key("columns"), Index(i), Key("field")]);
        return Err(ProfileError {
            in_form: true,
            source_name: source.name.clone(),
            line,
            text: Text::new(
                format!(
                    "概要の列「{}」の field「{}」を持つセンターがありません。プロファイルの [[center]] の fields に書くか、{} のどれかにしてください。",
                    column.label,
                    column.field,
                    CENTER_FIELDS.join("、")
                ),
                format!(
                    "no center has the field '{}' of the overview column '{}': give it in the profile's [[center]] fields, or use one of {}.",
                    column.field,
                    column.label,
                    CENTER_FIELDS.join(", ")
                ),
            ),
        });
    }
    Ok(())
}

/// The profile's period, in the form's cadence (2025-11, 2025-Q2, FY2023 …), in its year.
fn period(
    here: &Here,
    spec: &ProfileSpec,
    form: &Form,
    fy: i32,
) -> Result<Option<Period>, ProfileError> {
    let Some(p) = &spec.period else {
        return Ok(None);
    };
    let period = Period::parse_as(p.get_ref(), form.cadence).ok_or_else(|| {
        here.fail(
            p.span(),
            format!(
                "period「{}」は様式の報告期間として読めません(2025-11、2025-Q2、令和7年度上半期、令和5年度 のように書きます)。",
                p.get_ref()
            ),
            format!(
                "period '{}' is not a reporting period of the form (write it like 2025-11, 2025-Q2, 2025-H1 or FY2023).",
                p.get_ref()
            ),
        )
    })?;
    if period.fiscal_year() != fy {
        return Err(here.fail(
            p.span(),
            format!("period {period} は {fy}年度に入りません。"),
            format!("period {period} is not in fiscal year {fy}."),
        ));
    }
    Ok(Some(period))
}

/// `[[pacing]]`: items of the form, with a yearly target and a share behind.
fn pacing(
    here: &Here,
    specs: &[Spanned<PacingSpec>],
    form: &Form,
) -> Result<Vec<Pacing>, ProfileError> {
    let mut pacing = Vec::new();
    for p in specs {
        let ps = p.get_ref();
        let Some(item) = form.item(ps.item.get_ref()) else {
            return Err(here.fail(
                ps.item.span(),
                format!(
                    "pacing の item '{}' は様式にない項目です(`hokatsu form` の item 列を参照)。",
                    ps.item.get_ref()
                ),
                format!(
                    "pacing item '{}' is not an item of the form (see the item column of `hokatsu form`).",
                    ps.item.get_ref()
                ),
            ));
        };
        if ps.per_year <= 0.0 || !(0.0..=1.0).contains(&ps.behind) {
            return Err(here.fail(
                p.span(),
                "pacing の per_year は 0 より大きく、behind は 0〜1 の割合です。".into(),
                "pacing per_year must be above 0 and behind a share from 0 to 1.".into(),
            ));
        }
        pacing.push(Pacing {
            item,
            per_year: ps.per_year,
            behind: ps.behind,
        });
    }
    Ok(pacing)
}

/// `[evaluation]`: its scale, and the ward's scores (from the profile and its ward file).
fn evaluation(
    here: &Here,
    ev: EvaluationSpec,
    keys: &HashMap<String, usize>,
    centers: usize,
    ward_file: Option<(std::path::PathBuf, std::io::Result<String>)>,
) -> Result<Evaluation, ProfileError> {
    let [lo, hi] = *ev.scale.get_ref();
    if lo >= hi {
        return Err(here.fail(
            ev.scale.span(),
            format!("evaluation.scale [{lo}, {hi}] は [最低点, 最高点] の順に書きます。"),
            format!("evaluation.scale [{lo}, {hi}] is [lowest, highest]."),
        ));
    }
    let scale = (f64::from(lo), f64::from(hi));
    let mut ward = vec![None; centers];
    for w in &ev.ward {
        let ws = w.get_ref();
        let Some(&i) = keys.get(&crate::names::key(&ws.center)) else {
            return Err(here.fail(
                w.span(),
                format!(
                    "evaluation.ward のセンター '{}' は [[center]] にありません。",
                    ws.center
                ),
                format!(
                    "evaluation.ward center '{}' is not a [[center]].",
                    ws.center
                ),
            ));
        };
        if !(scale.0..=scale.1).contains(&ws.score) {
            return Err(here.fail(
                w.span(),
                format!("評価 {} は {lo}〜{hi} の範囲外です。", ws.score),
                format!("score {} is outside {lo}–{hi}.", ws.score),
            ));
        }
        ward[i] = Some(ws.score);
    }
    if let (Some(file), Some((path, text))) = (&ev.ward_file, ward_file) {
        let text = text.map_err(|err| {
            here.fail(
                file.span(),
                format!(
                    "ward_file「{}」が読めません。ファイル名と場所を確かめてください。",
                    path.display()
                ),
                format!("ward_file '{}' cannot be read ({err}).", path.display()),
            )
        })?;
        ward_scores(&text, keys, scale, &mut ward).map_err(|(line, ja, en)| ProfileError {
            in_form: false,
            source_name: path.display().to_string(),
            line: Some(line),
            text: Text::new(ja, en),
        })?;
    }
    Ok(Evaluation {
        title: ev.title,
        self_label: ev.self_label,
        average_label: ev.average_label,
        ward_label: ev.ward_label,
        overall_label: ev.overall_label,
        legend: ev.legend,
        ward,
    })
}

/// The standard for each profession: the profile's, else the national one.
fn professions(spec: Option<ProfessionsSpec>, form: &Form) -> Professions {
    match spec {
        // The national standard (施行規則 第140条の66 第1号): from about 3,000 first-insured
        // one full-time person of each profession; fewer below. How many in all a larger
        // center needs is the city's count of the three together (staffing.required), so
        // no per-profession multiple is asked for by default.
        None => Professions {
            per: 0,
            relaxed: vec![
                Relaxed {
                    below: 1000,
                    of_three: 1,
                    full_time: 0,
                    need: vec![],
                },
                Relaxed {
                    below: 2000,
                    of_three: 2,
                    full_time: 1,
                    need: vec![],
                },
                // 2,000–3,000: a full-time 保健師等 — the form's first profession.
                Relaxed {
                    below: 3000,
                    of_three: 2,
                    full_time: 2,
                    need: (form.professions().first())
                        .map(|(id, _)| vec![id.clone()])
                        .unwrap_or_default(),
                },
            ],
        },
        Some(p) => Professions {
            per: p.per,
            relaxed: (p.relaxed.into_iter())
                .map(|r| Relaxed {
                    below: r.below,
                    of_three: r.of_three,
                    full_time: r.full_time,
                    need: r.need,
                })
                .collect(),
        },
    }
}

/// A profile file's text, or the error naming it.
fn read_profile(path: &Path) -> Result<String, ProfileError> {
    read_text(path, false)
}

/// A form definition file, or the error naming it.
fn read_form(path: &Path) -> Result<crate::form::FormSource, ProfileError> {
    Ok(crate::form::FormSource {
        name: path.display().to_string(),
        text: read_text(path, true)?,
    })
}

/// A profile's or form's text; a byte that is not UTF-8 (a damaged file, or one saved as
/// Shift_JIS) is reported at its line.
fn read_text(path: &Path, in_form: bool) -> Result<String, ProfileError> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e, in_form))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = crate::diagnostic::line_of(&String::from_utf8_lossy(&e.as_bytes()[..at]), at);
        ProfileError {
            in_form,
            source_name: path.display().to_string(),
            line: Some(line),
            text: Text::new(
                "UTF-8 として読めない文字があります(壊れたバイトか、Shift_JIS などほかの文字コードで保存されています)。UTF-8 で保存し直してください。",
                "holds a byte that is not UTF-8 (damaged, or saved in another encoding such as Shift_JIS); save it again as UTF-8.",
            ),
        }
    })
}

fn unreadable(path: &Path, e: &std::io::Error, in_form: bool) -> ProfileError {
    ProfileError {
        in_form,
        source_name: path.display().to_string(),
        line: None,
        text: Text::new(
            format!(
                "読めません({})。ファイル名と場所を確かめてください。",
                match e.kind() {
                    std::io::ErrorKind::NotFound => "見つかりません",
                    std::io::ErrorKind::PermissionDenied => "読む権限がありません",
                    std::io::ErrorKind::InvalidData => "文字コードが UTF-8 ではありません",
                    _ => "読み込みに失敗しました",
                }
            ),
            format!("cannot be read ({e}); check the file name and folder."),
        ),
    }
}

/// Each known provider's key; the first of two names with one key wins.
fn provider_keys(order: &[String]) -> HashMap<String, usize> {
    let mut keys = HashMap::new();
    for (i, name) in order.iter().enumerate() {
        keys.entry(crate::names::key(name)).or_insert(i);
    }
    keys
}

/// The ward's scores from a CSV file's text: a header, then `center,score` per line. An
/// error is (line, ja, en).
fn ward_scores(
    text: &str,
    keys: &HashMap<String, usize>,
    scale: (f64, f64),
    ward: &mut [Option<f64>],
) -> Result<(), (usize, String, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let (center, score) = line.split_once(',').unwrap_or((line, ""));
        let Some(&c) = keys.get(&crate::names::key(center)) else {
            return Err((
                i + 1,
                format!("センター '{}' は [[center]] にありません。", center.trim()),
                format!("center '{}' is not a [[center]].", center.trim()),
            ));
        };
        match crate::form::nfkc(score).trim().parse::<f64>() {
            Ok(s) if (scale.0..=scale.1).contains(&s) => ward[c] = Some(s),
            _ => {
                let (lo, hi) = scale;
                return Err((
                    i + 1,
                    format!("評価 '{}' は {lo}〜{hi} の数ではありません。", score.trim()),
                    format!(
                        "score '{}' is not a number from {lo} to {hi}.",
                        score.trim()
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every comment of the embedded files (the form and the starter profile) has its English:
    /// a Japanese comment that changes without its English fails here, and the English text is
    /// the same TOML.
    #[test]
    fn every_embedded_comment_has_its_english() -> Result<(), Box<dyn std::error::Error>> {
        use crate::i18n::{Lang, comments, comments_without_english};
        for text in [crate::form::KUSHIRO_FORM, STARTER_PROFILE] {
            assert_eq!(comments_without_english(text), Vec::<String>::new());
            let en = comments(text, Lang::En);
            assert_ne!(en, text);
            assert_eq!(en.parse::<toml::Table>()?, text.parse::<toml::Table>()?);
            assert_eq!(comments(text, Lang::Ja), text);
        }
        Ok(())
    }

    #[test]
    fn kushiro_required_staffing_follows_000() -> Result<(), Box<dyn std::error::Error>> {
        let p = Profile::kushiro()?;
        let required: Vec<Option<u32>> = p.centers.iter().map(|c| p.required_staff(c)).collect();
        assert_eq!(
            required,
            [None, None, Some(9), Some(8), Some(7), Some(8), Some(7)]
        );
        let minami = &p.centers[4];
        assert_eq!(minami.short, "中部南");
        assert!(
            minami
                .required_note
                .as_deref()
                .unwrap_or("")
                .starts_with("中部南:")
        );
        Ok(())
    }

    #[test]
    fn every_center_field_is_shown() -> Result<(), Box<dyn std::error::Error>> {
        let p = Profile::kushiro()?;
        for field in CENTER_FIELDS {
            assert!(p.centers[0].field(field).is_some(), "{field}");
        }
        assert_eq!(p.centers[0].field("address"), None);
        Ok(())
    }

    #[test]
    fn brackets_extend_by_step() -> Result<(), Box<dyn std::error::Error>> {
        let mut p = Profile::kushiro()?;
        let mut c = p.centers[2].clone();
        for (pop, staff) in [
            (7_999, 6),
            (8_000, 7),
            (13_999, 9),
            (14_000, 10),
            (17_999, 11),
        ] {
            c.population = pop;
            assert_eq!(p.required_staff(&c), Some(staff), "population {pop}");
        }
        p.step = None;
        c.population = 30_000;
        assert_eq!(p.required_staff(&c), Some(9));
        Ok(())
    }

    #[test]
    fn centers_are_found_by_any_name() -> Result<(), Box<dyn std::error::Error>> {
        let p = Profile::kushiro()?;
        assert_eq!(p.find_center("西部地域支援センター"), Some(2));
        assert_eq!(p.find_center(" 西部 "), Some(2));
        assert_eq!(
            p.center_in_file_name("中部北地域支援センター_11月分"),
            Some(3)
        );
        assert_eq!(p.center_in_file_name("R7_11_東部南"), Some(6));
        assert_eq!(p.center_in_file_name("集計表"), None);
        Ok(())
    }

    #[test]
    fn a_bad_profile_names_its_line() {
        let text = KUSHIRO_PROFILE.replacen("operation = \"委託\"", "operation = \"民間\"", 1);
        let err = Profile::parse(&text, "city.toml").expect_err("must fail");
        let line = text.lines().position(|l| l.contains("民間")).map(|i| i + 1);
        assert_eq!(err.line, line);
        assert!(err.message(crate::i18n::Lang::Ja).contains("直営"));
        let text = KUSHIRO_PROFILE.replacen("population = 13846", "population = \"many\"", 1);
        let err = Profile::parse(&text, "city.toml").expect_err("must fail");
        let line = text.lines().position(|l| l.contains("many")).map(|i| i + 1);
        assert_eq!(err.line, line);
    }
}
