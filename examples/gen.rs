//! Generate a city's profile and one filled submission per center, through the real template.
//!
//!     cargo run --release --example gen -- --centers 540 --seed 1 --out /tmp/gen540
//!     cargo run --release --example gen -- --city sapporo --seed 5 --out examples/sapporo-like
//!
//! Writes `OUT/profile.toml` and `OUT/submissions/<center>.xlsx`. The numbers are realistic for
//! each center's first-insured population and satisfy every rule (sums, breakdowns, staffing,
//! provider lists, occupancy), so a clean run checks without errors; `--errors P` plants one
//! error in about P% of the files (a wrong total, text in a count, an FTE above its headcount).
//! Everything is deterministic from `--seed`. `--city sapporo` gives 27 centers in Sapporo's 10
//! wards with the evaluation scores of the 2023 report (002 §4); populations, operators and
//! counts are illustrative, not Sapporo's.

#[path = "support/generate.rs"]
mod generate;

use clap::Parser;
use std::path::PathBuf;

#[derive(Parser)]
struct Cli {
    /// Number of centers (ignored with --city sapporo).
    #[arg(long, default_value_t = 7)]
    centers: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long)]
    out: PathBuf,
    /// Percentage of files with one planted error.
    #[arg(long, default_value_t = 0.0)]
    errors: f64,
    /// `sapporo`: the 27 centers of Sapporo's 10 wards, with evaluation scores.
    #[arg(long)]
    city: Option<String>,
    /// Reporting month (default 2025-11; Sapporo 2024-03, the end of FY R5).
    #[arg(long)]
    period: Option<String>,
    /// Worker threads writing files.
    #[arg(long, default_value_t = 2)]
    threads: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let c = Cli::parse();
    let summary = generate::generate(&generate::Args {
        centers: c.centers,
        seed: c.seed,
        out: c.out,
        errors: c.errors,
        city: c.city,
        period: c.period,
        threads: c.threads,
    })?;
    println!("{summary}");
    Ok(())
}
