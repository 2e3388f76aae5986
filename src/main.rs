//! `hokatsu`: parse the command line, run one command, map the outcome to an exit code.
//!
//! Exit codes (PRODUCT.md §2): 0 no error findings, 1 at least one error finding, 2 the run
//! could not proceed. They are decided here and nowhere else.

use clap::{Parser, Subcommand};
use hokatsu::cmd::{self, Common};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hokatsu",
    version,
    about = "地域包括支援センターの業務実績報告を、各センターの提出ファイルからまとめます。",
    long_about = None
)]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 各センター用の提出様式(Excel)を書き出す / write one blank submission workbook per center
    Template {
        /// Folder to write the templates into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Only this center (name, short name or id).
        #[arg(long, value_name = "NAME")]
        center: Option<String>,
    },
    /// 提出ファイルを検証する / check submissions and print findings
    Check {
        #[arg(long, value_enum, default_value_t = cmd::check::Format::Text)]
        format: cmd::check::Format,
        /// Submission files or folders (.xlsx .xlsm .xls .ods .csv).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// 検証して運営協議会資料(Excel)を作成する / check, then write the council workbook
    Compile {
        /// The workbook to write (.xlsx).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Also write every value as tidy CSV (center,section,row,column,value).
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Write the workbook even when there are error findings.
        #[arg(long)]
        force: bool,
        /// Rows of the report's tables: centers, or wards/areas (auto: areas above 300 centers).
        #[arg(long, value_enum, default_value_t = hokatsu::report::summary::Rows::Auto)]
        rows: hokatsu::report::summary::Rows,
        /// Submission files or folders.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// 市のプロファイルのひな形を書き出す / write a starter city profile
    Init {
        /// The profile file to write (it must not exist yet).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 項目定義(データ辞書)を表示する / print the data dictionary
    Form {
        #[arg(long, value_enum, default_value_t = cmd::form::Format::Csv)]
        format: cmd::form::Format,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.common.lang;
    hokatsu::read::quiet_panics();
    let run = std::panic::AssertUnwindSafe(|| run(&cli));
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => {
            let why = hokatsu::read::last_panic().unwrap_or_default();
            eprintln!(
                "hokatsu: {}",
                match lang {
                    hokatsu::i18n::Lang::Ja => format!(
                        "内部エラーで処理を中断しました({why})。入力ファイルは変更されていません。このメッセージを添えて開発者に連絡してください。"
                    ),
                    hokatsu::i18n::Lang::En => format!(
                        "Stopped by an internal error ({why}). No input was changed. Please report this message to the developers."
                    ),
                }
            );
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> ExitCode {
    let lang = cli.common.lang;
    let result = match &cli.command {
        Command::Template { out, center } => {
            cmd::template::run(&cli.common, out, center.as_deref()).map(|written| {
                for p in written {
                    println!("{}", p.display());
                }
                0
            })
        }
        Command::Form { format } => cmd::form::run(&cli.common, *format).map(|()| 0),
        Command::Init { out } => cmd::init::run(out).map(|()| {
            println!("{}", out.display());
            0
        }),
        Command::Compile {
            out,
            csv,
            force,
            rows,
            paths,
        } => {
            let args = cmd::compile::Args {
                out,
                rows: *rows,
                csv: csv.as_deref(),
                force: *force,
                paths,
            };
            cmd::compile::run(&cli.common, &args)
                .map(|(outcome, written)| u8::from(outcome.has_errors() && !written))
        }
        Command::Check { format, paths } => cmd::check::run(&cli.common, *format, paths)
            .map(|outcome| u8::from(outcome.has_errors())),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("hokatsu: {}", e.message(lang));
            ExitCode::from(2)
        }
    }
}
