//! `hokatsu`: parse the command line, run one command, map the outcome to an exit code.
//!
//! Exit codes (PRODUCT.md §2): 0 no error findings, 1 at least one error finding, 2 the run
//! could not proceed. They are decided here and nowhere else; an output closed under us (a
//! pipe into `head`) ends quietly with the status a shell gives a process stopped by SIGPIPE.

use hokatsu::cli::{self, Command, Parsed};
use hokatsu::cmd;
use hokatsu::error::RunError;
use hokatsu::i18n::Lang;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let lang = cli::lang_of(&args);
    let code = start(args);
    // A console Windows opened for this run alone (a drop, a double-click) closes when it ends:
    // it stays until the clerk has read it.
    hokatsu::console::hold(lang);
    code
}

fn start(args: Vec<String>) -> ExitCode {
    let cli = match cli::parse(args) {
        Parsed::Run(cli) => cli,
        Parsed::Exit {
            stdout,
            stderr,
            code,
        } => {
            let _ = std::io::stdout().write_all(stdout.as_bytes());
            let _ = std::io::stderr().write_all(stderr.as_bytes());
            return ExitCode::from(code);
        }
    };
    let lang = cli.lang;
    hokatsu::read::quiet_panics();
    let run = std::panic::AssertUnwindSafe(|| run(&cli));
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => {
            let why = hokatsu::read::last_panic().unwrap_or_default();
            let text = match lang {
                Lang::Ja => format!(
                    "内部エラーで処理を中断しました({why})。入力ファイルは変更されていません。このメッセージを添えて開発者に連絡してください。"
                ),
                Lang::En => format!(
                    "Stopped by an internal error ({why}). No input was changed. Please report this message to the developers."
                ),
            };
            let _ = writeln!(std::io::stderr(), "hokatsu: {text}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &cli::Cli) -> ExitCode {
    let lang = cli.lang;
    let common = cli.common();
    let say = |lines: Vec<String>| hokatsu::output::emit(&(lines.join("\n") + "\n"));
    let result = match &cli.command {
        Command::Template { out, center, .. } => {
            cmd::template::run(&common, out, center.as_deref())
                .and_then(|written| say(written.iter().map(|p| p.display().to_string()).collect()))
                .map(|()| 0)
        }
        Command::Form {
            from: Some(from),
            sheet,
            ..
        } => cmd::form::run_from(&common, from, sheet).map(|()| 0),
        Command::Form {
            format, definition, ..
        } => cmd::form::run(&common, *format, *definition).map(|()| 0),
        Command::Init { out } => cmd::init::run(out, lang)
            .and_then(|()| say(vec![out.display().to_string()]))
            .map(|()| 0),
        Command::Compile {
            out,
            csv,
            force,
            quiet,
            rows,
            paths,
            ..
        } => {
            let args = cmd::compile::Args {
                out,
                rows: *rows,
                csv: csv.as_deref(),
                force: *force,
                quiet: *quiet,
                paths,
            };
            cmd::compile::run(&common, &args)
                .map(|(outcome, written)| u8::from(outcome.has_errors() && !written))
        }
        Command::Check {
            format,
            quiet,
            paths,
            ..
        } => cmd::check::run(&common, *format, *quiet, paths)
            .map(|outcome| u8::from(outcome.has_errors())),
        Command::Month { quiet, folder, .. } => {
            let args = cmd::month::Args {
                folder,
                quiet: *quiet,
            };
            cmd::month::run(&common, &args)
                .map(|(outcome, written)| u8::from(outcome.has_errors() && !written))
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(RunError::ClosedOutput) => ExitCode::from(CLOSED_OUTPUT),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "hokatsu: {}", e.message(lang));
            ExitCode::from(2)
        }
    }
}

/// The status of a process whose output was closed: 128 + SIGPIPE where there are signals.
#[cfg(unix)]
const CLOSED_OUTPUT: u8 = 141;
#[cfg(not(unix))]
const CLOSED_OUTPUT: u8 = 0;
