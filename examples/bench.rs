//! Benchmark: `check` and `compile` on generated cities of 7, 540 and 5,400 centers, against the
//! floor of merely parsing the same files with calamine.
//!
//!     cargo run --release --example bench                    # sizes 7,540,5400
//!     cargo run --release --example bench -- --sizes 540 --repeat 5
//!
//! Data is generated once under --dir (default /tmp/hokatsu-bench/<N>) by the same generator as
//! `examples/gen.rs`. Times are the best of --repeat runs, in this process, with rayon's default
//! pool (one thread per core); peak memory is the process's resident high-water mark, reset
//! before each measurement (Linux /proc/self/clear_refs). Prints a Markdown table.

#[path = "support/generate.rs"]
mod generate;

use calamine::Reader;
use clap::Parser;
use hokatsu::profile::Profile;
use hokatsu::report::{self, Report};
use hokatsu::run::{self, Options};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Cli {
    #[arg(long, value_delimiter = ',', default_values_t = [7usize, 540, 5400])]
    sizes: Vec<usize>,
    #[arg(long, default_value = "/tmp/hokatsu-bench")]
    dir: PathBuf,
    #[arg(long, default_value_t = 3)]
    repeat: usize,
}

/// Reset the resident-memory high-water mark (Linux); false where unsupported.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The resident-memory high-water mark in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Best time and peak memory over `repeat` runs of `f`.
fn measure<T>(repeat: usize, mut f: impl FnMut() -> T) -> (Duration, f64, T) {
    let mut best = Duration::MAX;
    let mut peak = 0.0f64;
    let mut last = None;
    for _ in 0..repeat.max(1) {
        reset_peak();
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        peak = peak.max(peak_mb());
        last = Some(out);
    }
    (best, peak, last.expect("at least one run"))
}

/// The floor: open every file with calamine and parse each sheet, nothing else.
fn parse_floor(files: &[PathBuf]) -> usize {
    files
        .par_iter()
        .map(|f| {
            let Ok(mut wb) = calamine::open_workbook_auto(f) else {
                return 0;
            };
            wb.sheet_names()
                .into_iter()
                .filter_map(|s| wb.worksheet_range(&s).ok())
                .map(|r| r.used_cells().count())
                .sum::<usize>()
        })
        .sum()
}

fn ensure(dir: &Path, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let subs = dir.join("submissions");
    let have = std::fs::read_dir(&subs).map(|d| d.count()).unwrap_or(0);
    if have == n && dir.join("profile.toml").exists() {
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(dir);
    eprintln!("generating {n} submissions in {} ...", dir.display());
    generate::generate(&generate::Args {
        centers: n,
        seed: 1,
        out: dir.to_path_buf(),
        errors: 0.0,
        city: None,
        period: None,
        threads: std::thread::available_parallelism().map_or(2, |p| p.get()),
    })?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cli = Cli::parse();
    hokatsu::read::quiet_panics();
    let cores = std::thread::available_parallelism().map_or(1, |p| p.get());
    println!(
        "| centers | parse floor (calamine) | check | compile | check files/s | peak RSS check | peak RSS compile |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let mut checks = Vec::new();
    for &n in &cli.sizes {
        let dir = cli.dir.join(n.to_string());
        ensure(&dir, n)?;
        let profile = Profile::load(&dir.join("profile.toml")).map_err(|e| e.to_string())?;
        let subs = dir.join("submissions");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&subs)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        let options = Options::default();
        let (floor, _, cells) = measure(cli.repeat, || parse_floor(&files));
        let (check, check_mb, outcome) = measure(cli.repeat, || {
            run::check(&profile, std::slice::from_ref(&subs), &options)
        });
        let outcome = outcome.map_err(|e| e.to_string())?;
        assert!(!outcome.has_errors(), "generated data checks clean");
        let (compile, compile_mb, bytes) = measure(cli.repeat, || -> Result<usize, String> {
            let outcome = run::check(&profile, std::slice::from_ref(&subs), &options)
                .map_err(|e| e.to_string())?;
            let period = outcome.period.ok_or("no period")?;
            let by_area = report::summary::Rows::Auto.areas(&profile);
            let (vp, vo);
            let mut report = if by_area {
                vp = report::summary::profile_by_area(&profile);
                vo = report::summary::outcome_by_area(&profile, &outcome);
                Report::new(&vp, &vo, period, hokatsu::i18n::Lang::Ja)
            } else {
                Report::new(&profile, &outcome, period, hokatsu::i18n::Lang::Ja)
            };
            report.by_area = by_area;
            report::render(&report)
                .map(|b| b.len())
                .map_err(|e| e.to_string())
        });
        let bytes = bytes?;
        checks.push((n, check));
        println!(
            "| {n} | {:.2} s | {:.2} s | {:.2} s | {:.0} | {:.0} MB | {:.0} MB |",
            floor.as_secs_f64(),
            check.as_secs_f64(),
            compile.as_secs_f64(),
            n as f64 / check.as_secs_f64(),
            check_mb,
            compile_mb,
        );
        eprintln!(
            "  ({n}: {cells} cells parsed by the floor, workbook {} KB)",
            bytes / 1024
        );
    }
    if let (Some(&(n1, t1)), Some(&(n2, t2))) = (
        checks.iter().find(|c| c.0 == 540),
        checks.iter().find(|c| c.0 == 5400),
    ) {
        println!(
            "\ncheck time ratio {n2}/{n1} centers: {:.1} (linear would be {:.1}); {cores} cores",
            t2.as_secs_f64() / t1.as_secs_f64(),
            n2 as f64 / n1 as f64
        );
    }
    Ok(())
}
