//! Arrows run one way (STYLE.md 10): the data flows profile & form definition → read →
//! validate → report / template / data dictionary, and no module imports one of its own layer
//! or above. Every module of `src` has its layer in [`LAYERS`]; an import of a module at the
//! same layer or higher (a circle among them) fails, whether written `crate::x::…` or inside a
//! grouped `use crate::{x, y::z}`. A read of the sources, so CI holds every change to them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules from the bottom up: each may use only those of the layers before its own.
const LAYERS: &[&[&str]] = &[
    // Words, names and cells: nothing of the product below them.
    &["i18n", "names", "grid", "address"],
    &["diagnostic"],
    &["rule", "era", "console"],
    // The form definition, then what speaks of it.
    &["form"],
    &["findings", "layout"],
    &["profile", "model"],
    // Drafting a form definition from a city's workbook: below the error that carries its own.
    &["draft"],
    &["error"],
    // Reading the files; checking what was read; a year from its periods.
    &["fsio", "read", "rules", "annual"],
    // What is written from it.
    &["template"],
    &["report", "dictionary", "output", "feedback"],
    &["run"],
    &["cmd"],
    &["cli", "cli_values"],
];

/// Imports the layers allow that the data flow still forbids: the report renders findings,
/// it never checks anything itself.
const ALSO_BANNED: &[(&str, &str)] = &[("report", "rules")];

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("src").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(sources(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// The top-level module a source file belongs to (`read/workbook.rs` → `read`); `None` for
/// the crate roots.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let name = first.trim_end_matches(".rs").to_string();
    (!["lib", "main"].contains(&name.as_str())).then_some(name)
}

/// The code of a file without its comments (line comments and doc comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names through `crate::`, with a grouped
/// `crate::{a, b::{c, d}}` read to its matching brace.
fn uses(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut end = group.len();
            for (k, ch) in group.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = k;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            // The segments at the group's own level: their first name.
            let inner = &group[..end];
            let mut level = 0;
            let mut start = 0;
            for (k, ch) in inner.char_indices().chain([(inner.len(), ',')]) {
                match ch {
                    '{' => level += 1,
                    '}' => level -= 1,
                    ',' if level == 0 => {
                        let seg = inner[start..k].trim();
                        let name: String = seg
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !name.is_empty() && name != "self" {
                            out.insert(name);
                        }
                        start = k + 1;
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// Every module's imports of other modules, from the sources.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in sources(&src) {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("source");
        let used = uses(&code(&text));
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(used.into_iter().filter(|m| *m != module));
    }
    graph
}

#[test]
fn grouped_imports_are_read_to_their_names() {
    let found =
        uses("use crate::{form::{Form, Kind}, grid::{self, a1}, i18n};\nx = crate::era::y;");
    let want: BTreeSet<String> = ["form", "grid", "i18n", "era"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(found, want);
    assert!(uses(&code("// crate::report in a comment\nlet a = 1;")).is_empty());
}

#[test]
fn every_module_imports_only_layers_below_its_own() {
    let layer_of: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, ms)| ms.iter().map(move |m| (*m, i)))
        .collect();
    let graph = imports();
    let mut wrong = Vec::new();
    for (module, used) in &graph {
        let Some(&mine) = layer_of.get(module.as_str()) else {
            wrong.push(format!("{module} has no layer in LAYERS: place it"));
            continue;
        };
        for other in used {
            let Some(&theirs) = layer_of.get(other.as_str()) else {
                continue; // not a module of ours (a macro path, a re-export's name)
            };
            if theirs >= mine {
                wrong.push(format!(
                    "{module} (layer {mine}) imports {other} (layer {theirs})"
                ));
            }
            if ALSO_BANNED.contains(&(module.as_str(), other.as_str())) {
                wrong.push(format!("{module} must not import {other}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the data flow:\n{}",
        wrong.join("\n")
    );
    // Every module of the crate is in the table, and the table names no module that is gone.
    let lib = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let placed: BTreeSet<&str> = layer_of.keys().copied().collect();
    assert_eq!(declared, placed, "LAYERS and lib.rs name the same modules");
}

#[test]
fn the_module_graph_has_no_circle() {
    // Independent of the table: a depth-first walk finds any circle of imports.
    let graph = imports();
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| *p == m) {
            return Some(
                path[i..]
                    .iter()
                    .map(|s| s.to_string())
                    .chain([m.to_string()])
                    .collect(),
            );
        }
        if !done.insert(m) {
            return None;
        }
        path.push(m);
        for next in graph.get(m).into_iter().flatten() {
            if graph.contains_key(next)
                && let Some(circle) = visit(next, graph, path, done)
            {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        let mut path = Vec::new();
        if let Some(circle) = visit(m, &graph, &mut path, &mut done) {
            panic!("a circle of imports: {}", circle.join(" → "));
        }
    }
}
