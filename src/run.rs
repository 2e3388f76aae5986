//! A run: read every input, accept one submission per center, apply the rules. `check` prints
//! the outcome, `compile` turns it into the council workbook.

use crate::era::Period;
use crate::error::RunError;
use crate::findings::{self, Finding};
use crate::profile::Profile;
use crate::read::{self, Entry, ReadContext, Submission, sniff::Limits};
use crate::rules;
use std::path::PathBuf;

/// What a run found.
#[derive(Debug)]
pub struct Outcome {
    /// The month reported, when known (given, the profile's, or the submissions').
    pub period: Option<Period>,
    /// One submission per center that sent one, in profile order.
    pub submissions: Vec<Submission>,
    /// Every finding, sorted (file, sheet, cell, rule).
    pub findings: Vec<Finding>,
    /// The files read, in the order read.
    pub files: Vec<PathBuf>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == findings::Severity::Error)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub period: Option<Period>,
    pub limits: Limits,
}

/// Read and check the submissions at `paths`.
pub fn check(profile: &Profile, paths: &[PathBuf], options: &Options) -> Result<Outcome, RunError> {
    for p in paths {
        if !p.exists() {
            return Err(RunError::NoInput { path: p.clone() });
        }
    }
    let ctx = ReadContext::new(profile, options.limits);
    let mut all = Vec::new();
    let mut found = Vec::new();
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    for entry in read::expand(paths) {
        match entry {
            Entry::Skipped(f) => found.push(f),
            Entry::File(path) => {
                let result = read::read_file(&path, &ctx);
                all.extend(result.submissions);
                found.extend(result.findings);
                rejected.extend(result.rejected);
                files.push(path);
            }
        }
    }
    let period = rules::run_period(options.period, profile, &all);
    if let Some(p) = period {
        found.extend(rules::check_period(profile, p, &all));
    }
    let (submissions, coverage) = rules::accept(profile, all, &rejected);
    found.extend(coverage);
    found.extend(rules::check(profile, period, &submissions));
    findings::sort(&mut found);
    Ok(Outcome {
        period,
        submissions,
        findings: found,
        files,
    })
}
