//! Arrows run one way (STYLE.md 10): `read` fills the model, `rules` and `report` only read
//! it, and no lower module imports a higher one. A grep over the sources, so CI holds every
//! change to it.

use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if dir.is_file() {
        return vec![dir.to_path_buf()];
    }
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

#[test]
fn modules_import_only_downwards() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    // (module, what it must not use)
    let rules: [(&str, &[&str]); 4] = [
        (
            "read",
            &["crate::report", "crate::rules", "crate::run", "crate::cmd"],
        ),
        (
            "rules",
            &["crate::run", "crate::report", "crate::cmd", "crate::read::"],
        ),
        ("report", &["crate::run", "crate::rules", "crate::cmd"]),
        (
            "model.rs",
            &[
                "crate::read",
                "crate::rules",
                "crate::report",
                "crate::run",
                "crate::cmd",
            ],
        ),
    ];
    let mut wrong = Vec::new();
    for (module, banned) in rules {
        let files = sources(&src.join(module));
        assert!(!files.is_empty(), "{module} has sources");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("source");
            for (n, line) in text.lines().enumerate() {
                for b in banned {
                    if line.contains(b) && !line.trim_start().starts_with("//") {
                        wrong.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the data flow:\n{}",
        wrong.join("\n")
    );
}
