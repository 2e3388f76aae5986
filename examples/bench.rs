//! Benchmark: `check` and `compile` on generated cities of 7, 540 and 5,400 centers, against the
//! floor of merely parsing the same files with calamine.
//!
//!     cargo run --release --example bench                    # sizes 7,540,5400
//!     cargo run --release --example bench -- --sizes 540 --repeat 5
//!
//! Data is generated once under --dir (default /tmp/hokatsu-bench/<N>) by the same generator as
//! `examples/gen.rs`. Each measurement runs in a fresh child process (this program with
//! --phase), so its peak resident memory (VmHWM) is its own; times are the best of --repeat
//! runs, with rayon's default pool (one thread per core) and the profile load included.
//! Prints a Markdown table.
//!
//! Then, for the sizes up to --own-layout-up-to (default 540; 0 skips it), the same number of
//! centers' files read in both layouts of one form (issue 28): hokatsu's template, and the
//! city's own workbook that `form --from` drafted the form from (--own-form, default
//! tests/forms/existing/katsudo.xlsx: an .xlsx whose title holds the month, as katsudo's and
//! gyomu's do; see examples/support/own_layout.rs). Both folders (--dir/own-<N>/template and
//! own) hold the same numbers; before timing, both are checked once here and must read clean
//! and alike, item by item. The second table gives `check` and the calamine floor on each, and
//! the ratio of the checks, own layout over template.
//!
//!     cargo run --release --example bench -- --sizes 7,540              # both tables
//!     cargo run --release --example bench -- --sizes 540 --repeat 5
//!     cargo run --release --example bench -- --sizes 5400 --own-layout-up-to 5400  # long

#[path = "support/generate.rs"]
mod generate;
#[path = "support/own_layout.rs"]
mod own_layout;

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
    /// Also time reading the city's own layout against the template, for sizes up to this.
    #[arg(long, default_value_t = 540)]
    own_layout_up_to: usize,
    /// The city's blank workbook the form is drafted from, for the own-layout comparison.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/forms/existing/katsudo.xlsx"))]
    own_form: PathBuf,
    /// Internal: run one phase (floor, check, compile) on --dir and print "seconds peak_mb".
    #[arg(long, hide = true)]
    phase: Option<String>,
}

/// The resident-memory high-water mark of this process, in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Run each phase in a fresh process, the phases in turn, `repeat` rounds: per phase the best
/// time and the largest peak. Taking the phases in turn, rather than each `repeat` times in a
/// row, lets a slower minute of a shared machine weigh on all of them alike, so their ratios
/// (check over the floor) hold.
fn measure<const N: usize>(
    dir: &Path,
    phases: [&str; N],
    repeat: usize,
) -> Result<[(Duration, f64); N], Box<dyn std::error::Error>> {
    let mut out = [(Duration::MAX, 0.0f64); N];
    for _ in 0..repeat.max(1) {
        for (phase, (best, peak)) in phases.iter().zip(&mut out) {
            let run = std::process::Command::new(std::env::current_exe()?)
                .args(["--phase", phase, "--dir"])
                .arg(dir)
                .output()?;
            let text = String::from_utf8_lossy(&run.stdout);
            let mut f = text.split_whitespace();
            let (Some(secs), Some(mb)) = (f.next(), f.next()) else {
                return Err(format!("{phase}: {}", String::from_utf8_lossy(&run.stderr)).into());
            };
            *best = (*best).min(Duration::from_secs_f64(secs.parse()?));
            *peak = peak.max(mb.parse()?);
        }
    }
    Ok(out)
}

/// One phase, in this (child) process.
fn phase(name: &str, dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let subs = dir.join("submissions");
    match name {
        "floor" => {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&subs)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            files.sort();
            parse_floor(&files);
        }
        _ => {
            let profile = Profile::load(&dir.join("profile.toml")).map_err(|e| e.to_string())?;
            let outcome = run::check(&profile, std::slice::from_ref(&subs), &Options::default())
                .map_err(|e| e.to_string())?;
            if outcome.has_errors() {
                return Err("generated data should check clean".into());
            }
            if name == "compile" {
                let period = outcome.period.ok_or("no period")?;
                let by_area = report::summary::Rows::Auto.areas(&profile);
                let (vp, vo);
                let mut r = if by_area {
                    vp = report::summary::profile_by_area(&profile);
                    vo = report::summary::outcome_by_area(&profile, &outcome);
                    Report::new(&vp, &vo, period, hokatsu::i18n::Lang::Ja)
                } else {
                    Report::new(&profile, &outcome, period, hokatsu::i18n::Lang::Ja)
                };
                r.by_area = by_area;
                let bytes = report::render(&r).map_err(|e| e.to_string())?;
                std::fs::write(dir.join("report.xlsx"), bytes)?;
            }
        }
    }
    println!("{} {}", start.elapsed().as_secs_f64(), peak_mb());
    Ok(())
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

/// The two rows of the layouts' table for `n` centers.
fn own_layout_rows(cli: &Cli, n: usize) -> Result<String, Box<dyn std::error::Error>> {
    let pair = own_layout::ensure(&cli.dir.join(format!("own-{n}")), &cli.own_form, n)?;
    let values = own_layout::verify(&pair)?;
    eprintln!("own layout, {n} centers: {values} values read alike in both layouts");
    let mut rows = Vec::new();
    let mut template = None;
    for (name, dir) in [
        ("hokatsu template", &pair.template),
        ("city's own (by labels)", &pair.own),
    ] {
        let [(floor, _), (check, mb)] = measure(dir, ["floor", "check"], cli.repeat)?;
        let base = *template.get_or_insert(check);
        rows.push(format!(
            "| {n} | {name} | {:.3} s | {:.3} s | {:.0} | {:.0} MB | {:.2} |",
            floor.as_secs_f64(),
            check.as_secs_f64(),
            n as f64 / check.as_secs_f64(),
            mb,
            check.as_secs_f64() / base.as_secs_f64(),
        ));
    }
    Ok(rows.join("\n"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cli = Cli::parse();
    hokatsu::read::quiet_panics();
    if let Some(name) = &cli.phase {
        return phase(name, &cli.dir);
    }
    let cores = std::thread::available_parallelism().map_or(1, |p| p.get());
    println!(
        "| centers | parse floor (calamine) | check (× floor) | compile (× floor) | check files/s | peak RSS check | peak RSS compile |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let mut checks = Vec::new();
    let mut own_rows = Vec::new();
    for &n in &cli.sizes {
        let dir = cli.dir.join(n.to_string());
        ensure(&dir, n)?;
        let [(floor, _), (check, check_mb), (compile, compile_mb)] =
            measure(&dir, ["floor", "check", "compile"], cli.repeat)?;
        checks.push((n, check));
        let over = |t: Duration| t.as_secs_f64() / floor.as_secs_f64();
        println!(
            "| {n} | {:.2} s | {:.2} s (×{:.2}) | {:.2} s (×{:.2}) | {:.0} | {:.0} MB | {:.0} MB |",
            floor.as_secs_f64(),
            check.as_secs_f64(),
            over(check),
            compile.as_secs_f64(),
            over(compile),
            n as f64 / check.as_secs_f64(),
            check_mb,
            compile_mb,
        );
        if n <= cli.own_layout_up_to {
            own_rows.push(own_layout_rows(&cli, n)?);
        }
    }
    if !own_rows.is_empty() {
        let form = cli
            .own_form
            .file_name()
            .unwrap_or_default()
            .to_string_lossy();
        println!(
            "\nReading one form's files in both layouts (form drafted from {form}; the same numbers in each):\n"
        );
        println!(
            "| centers | layout | parse floor (calamine) | check | check files/s | peak RSS check | check vs template |"
        );
        println!("|---:|---|---:|---:|---:|---:|---:|");
        for rows in own_rows {
            println!("{rows}");
        }
    }
    if let (Some(&(n1, t1)), Some(&(n2, t2))) = (
        checks.iter().find(|c| c.0 == 540),
        checks.iter().find(|c| c.0 == 5400),
    ) {
        println!(
            "\ncheck time ratio {n2}/{n1} centers: {:.1} (linear: {:.1}); {cores} cores",
            t2.as_secs_f64() / t1.as_secs_f64(),
            n2 as f64 / n1 as f64
        );
    }
    Ok(())
}
