//! The command line in the clerk's language: each command with only the options it takes, help
//! and argument errors in Japanese (or English with `--lang en`).
//!
//! clap parses; the words are ours. Every description, value name and usage line is in
//! [`HELP`] (one table, both languages) and is set on clap's `Command` before parsing, and
//! clap's own errors are rewritten from their kind and context. The language is read from the
//! arguments before they are parsed (`--lang en` anywhere); `LANG` is not consulted, because a
//! CI machine's `LANG=C` would switch a Japanese clerk's tool to English.

use crate::cmd::Common;
use crate::i18n::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "hokatsu",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[arg(long, global = true, default_value = "ja", value_parser = lang_parser())]
    pub lang: Lang,
    #[arg(short = 'h', long, global = true, action = ArgAction::Help)]
    help: Option<bool>,
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    pub command: Command,
}

/// `--lang ja|en`: its values listed in errors as clap lists an enum's.
fn lang_parser() -> impl clap::builder::TypedValueParser<Value = Lang> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["ja", "en"])
        .map(|code| Lang::from_code(&code).unwrap_or_default())
}

/// The city profile and its form, for every command that reads one.
#[derive(Args, Clone)]
pub struct ProfileArg {
    #[arg(long)]
    pub profile: Option<PathBuf>,
    #[arg(long)]
    pub form: Option<PathBuf>,
}

/// What reading submissions takes: the month, earlier months, limits.
#[derive(Args, Clone)]
pub struct ReadArgs {
    #[arg(long)]
    pub period: Option<String>,
    #[arg(long)]
    pub previous: Option<PathBuf>,
    #[arg(long)]
    pub history: Option<PathBuf>,
    #[arg(long, default_value_t = 50.0)]
    pub max_file_mb: f64,
    #[arg(long, default_value_t = 100.0)]
    pub max_part_mb: f64,
    #[arg(long)]
    pub fiscal_year: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    Template {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        period: Option<String>,
        #[arg(long)]
        center: Option<String>,
        #[command(flatten)]
        profile: ProfileArg,
    },
    Check {
        #[arg(long, value_enum, default_value_t = crate::cmd::check::FindingsFormat::Text)]
        format: crate::cmd::check::FindingsFormat,
        #[arg(long)]
        quiet: bool,
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        profile: ProfileArg,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    Compile {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        csv: Option<PathBuf>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        quiet: bool,
        #[arg(long, value_enum, default_value_t = crate::report::summary::Rows::Auto)]
        rows: crate::report::summary::Rows,
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        profile: ProfileArg,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    Init {
        #[arg(long)]
        out: PathBuf,
    },
    /// The clerk's month in one step: `hokatsu FOLDER` (what dropping the folder on the program
    /// gives) is run as `hokatsu month FOLDER`.
    #[command(hide = true)]
    Month {
        #[arg(long)]
        quiet: bool,
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        profile: ProfileArg,
        folder: PathBuf,
    },
    Form {
        #[arg(long, value_enum, default_value_t = crate::cmd::form::DictionaryFormat::Csv)]
        format: crate::cmd::form::DictionaryFormat,
        #[arg(long, conflicts_with = "from")]
        definition: bool,
        /// The city's existing workbook to draft a definition from.
        #[arg(long)]
        from: Option<PathBuf>,
        /// The sheets of it to draft from (all without it).
        #[arg(long, requires = "from")]
        sheet: Vec<String>,
        #[arg(long)]
        period: Option<String>,
        #[command(flatten)]
        profile: ProfileArg,
    },
}

impl Cli {
    /// The options every command's `run` takes, from what this command was given.
    pub fn common(&self) -> Common {
        let mut c = Common {
            lang: self.lang,
            ..Common::default()
        };
        let read = |c: &mut Common, r: &ReadArgs| {
            c.period = r.period.clone();
            c.previous = r.previous.clone();
            c.history = r.history.clone();
            c.max_file_mb = r.max_file_mb;
            c.max_part_mb = r.max_part_mb;
            c.fiscal_year = r.fiscal_year.clone();
        };
        match &self.command {
            Command::Template {
                period, profile, ..
            }
            | Command::Form {
                period, profile, ..
            } => {
                c.period = period.clone();
                c.profile = profile.profile.clone();
                c.form = profile.form.clone();
            }
            Command::Check {
                read: r, profile, ..
            }
            | Command::Compile {
                read: r, profile, ..
            }
            | Command::Month {
                read: r, profile, ..
            } => {
                read(&mut c, r);
                c.profile = profile.profile.clone();
                c.form = profile.form.clone();
            }
            Command::Init { .. } => {}
        }
        c
    }
}

/// One line of help: the command (`*` for the top level), the argument id, its value name and
/// its description, in Japanese and English. A command's own line has the id `about`; its
/// usage line the id `usage`.
struct Help {
    cmd: &'static str,
    id: &'static str,
    value: (&'static str, &'static str),
    ja: &'static str,
    en: &'static str,
}

const fn h(
    cmd: &'static str,
    id: &'static str,
    value: (&'static str, &'static str),
    ja: &'static str,
    en: &'static str,
) -> Help {
    Help {
        cmd,
        id,
        value,
        ja,
        en,
    }
}

const NONE: (&str, &str) = ("", "");
const FILE: (&str, &str) = ("ファイル", "FILE");
const DIR: (&str, &str) = ("フォルダ", "DIR");
const MONTH: (&str, &str) = ("対象月", "MONTH");
const MB: (&str, &str) = ("MB", "MB");

const PROFILE_JA: &str =
    "市のプロファイル(TOML)。省略すると釧路市 令和7年度のプロファイル(組み込み)を使います。";
const PROFILE_EN: &str =
    "City profile (TOML). Without it the embedded Kushiro FY R7 profile is used.";
const PERIOD_JA: &str = "対象月。2025-11、2025/11、R7.11、令和7年11月、令和7年度11月 のどれでも(四半期・半期・年度で報告する様式では 2025-Q2、2025-H1、2023 や 令和5年度)。省略するとプロファイルの月、なければ提出ファイルに書かれた月。";
const PERIOD_EN: &str = "Reporting month: 2025-11, 2025/11, R7.11, 令和7年11月 or 令和7年度11月 (for a form reported by quarter, half-year or fiscal year: 2025-Q2, 2025-H1, 2023 or 令和5年度). Default: the profile's month, else the one the submissions state.";
const PREVIOUS_JA: &str = "前月分: 提出ファイルのフォルダ、集計用CSV、または hokatsu で作成した運営協議会資料。年度累計の減少チェックと前月比に使います。";
const PREVIOUS_EN: &str = "Last month: its submissions folder, tidy CSV or compiled workbook (for the cumulative check and month-over-month changes).";
const HISTORY_JA: &str = "過去の月を集めたフォルダ: 運営協議会資料、2024-11.csv のような月名の集計用CSV、2024-11 のような月名の提出フォルダ。推移シートに使います。";
const HISTORY_EN: &str = "A folder of earlier months: compiled workbooks, tidy CSVs named by month (2024-11.csv) or submission folders named by month (for the trend sheet).";
const MAX_FILE_JA: &str =
    "読み込む提出ファイルの上限(MB、既定 50)。記入済みの様式は約 0.03 MB です。";
const MAX_FILE_EN: &str =
    "Largest submission file read, in MB (default 50; a filled template is about 0.03 MB).";
const MAX_PART_JA: &str = "ブック内の一つの部品(シート)を展開したときの上限(MB、既定 100)。";
const MAX_PART_EN: &str = "Largest decompressed part (sheet) of a workbook, in MB (default 100).";

const HELP: &[Help] = &[
    h(
        "*",
        "about",
        NONE,
        "地域包括支援センターの業務実績報告を、各センターの提出ファイルからまとめます。",
        "Compiles the performance report of a city's community comprehensive support centers from the centers' spreadsheets.",
    ),
    h(
        "*",
        "usage",
        NONE,
        "hokatsu <月のフォルダ>  または  hokatsu <コマンド> [オプション]",
        "hokatsu <MONTH FOLDER>  or  hokatsu <COMMAND> [OPTIONS]",
    ),
    // Options several commands share (a command's own line, as --period of template, wins).
    h("*", "profile", FILE, PROFILE_JA, PROFILE_EN),
    h(
        "*",
        "form",
        FILE,
        "市の様式の定義(TOML、docs/form.md、英語は docs/form.en.md)。省略するとプロファイルの [form] file、なければ釧路市の様式(組み込み)。",
        "The city's form definition (TOML, docs/form.en.md). Default: the profile's [form] file, else the embedded Kushiro form.",
    ),
    h("*", "period", MONTH, PERIOD_JA, PERIOD_EN),
    h(
        "*",
        "previous",
        ("前月分", "PATH"),
        PREVIOUS_JA,
        PREVIOUS_EN,
    ),
    h("*", "history", DIR, HISTORY_JA, HISTORY_EN),
    h(
        "*",
        "fiscal_year",
        ("年度", "YEAR"),
        "年度の報告を、その年度の各期の提出から作ります(2023、R5、令和5年度)。パスには期ごとのフォルダか集計用CSV(2023-07、2023-Q2.csv のような名前)を置いたフォルダを指定します。",
        "Report a fiscal year from its periods' submissions (2023, R5, 令和5年度). The paths hold one folder or tidy CSV per period, named like 2023-07 or 2023-Q2.csv.",
    ),
    h("*", "max_file_mb", MB, MAX_FILE_JA, MAX_FILE_EN),
    h("*", "max_part_mb", MB, MAX_PART_JA, MAX_PART_EN),
    h(
        "*",
        "lang",
        ("ja|en", "ja|en"),
        "メッセージの言語: ja(日本語、既定)または en(英語)。",
        "Language of messages and help: ja (Japanese, default) or en.",
    ),
    h(
        "*",
        "help",
        NONE,
        "この説明を表示します。",
        "Print this help.",
    ),
    h(
        "*",
        "version",
        NONE,
        "バージョンを表示します。",
        "Print the version.",
    ),
    h(
        "template",
        "about",
        NONE,
        "各センター用の提出様式(Excel)を書き出す",
        "write one blank submission workbook per center",
    ),
    h(
        "template",
        "usage",
        NONE,
        "hokatsu template --out <フォルダ> --period <対象月> [オプション]",
        "hokatsu template --out <DIR> --period <MONTH> [OPTIONS]",
    ),
    h(
        "template",
        "out",
        DIR,
        "(必須)様式を書き出すフォルダ。なければ作ります。同じ名前のファイルがあるときは何も書かずに止まります。",
        "(required) Folder to write the templates into (created if missing). Stops without writing if a file of the same name is there.",
    ),
    h(
        "template",
        "period",
        MONTH,
        "(プロファイルに対象月がないときは必須)様式の対象月。2025-11、R7.11、令和7年11月 など。",
        "(required unless the profile has a month) The month of the templates: 2025-11, R7.11, 令和7年11月 …",
    ),
    h(
        "template",
        "center",
        ("センター名", "NAME"),
        "このセンターの様式だけを書き出します(名前、略称または ID)。",
        "Only this center (name, short name or id).",
    ),
    h(
        "check",
        "about",
        NONE,
        "提出ファイルを検証する",
        "check submissions and print findings",
    ),
    h(
        "check",
        "usage",
        NONE,
        "hokatsu check [オプション] <提出ファイルまたはフォルダ>...",
        "hokatsu check [OPTIONS] <PATH>...",
    ),
    h(
        "check",
        "format",
        ("text|json|github", "text|json|github"),
        "出力の形式: text(画面で読む、既定)、json(スクリプト用)または github(GitHub Actions の注釈: どのファイルのどのセルかが CI の画面に出ます)。",
        "Output: text (to read, default), json (for scripts) or github (GitHub Actions annotations: file and cell shown in the CI's own view).",
    ),
    h(
        "check",
        "quiet",
        NONE,
        "情報を表示しません(エラーと警告だけ)。",
        "Hide 情報 (notes): errors and warnings only.",
    ),
    h(
        "check",
        "paths",
        ("提出ファイルまたはフォルダ", "PATH"),
        "(必須)提出ファイル(.xlsx .xlsm .xls .ods .csv)またはそれを入れたフォルダ。",
        "(required) Submission files (.xlsx .xlsm .xls .ods .csv) or folders of them.",
    ),
    h(
        "compile",
        "about",
        NONE,
        "検証して運営協議会資料(Excel)を作成する",
        "check, then write the council workbook",
    ),
    h(
        "compile",
        "usage",
        NONE,
        "hokatsu compile --out <ファイル.xlsx> [オプション] <提出ファイルまたはフォルダ>...",
        "hokatsu compile --out <FILE.xlsx> [OPTIONS] <PATH>...",
    ),
    h(
        "compile",
        "out",
        ("ファイル.xlsx", "FILE.xlsx"),
        "(必須)書き出す運営協議会資料。名前は .xlsx で終わること。",
        "(required) The council workbook to write; its name ends in .xlsx.",
    ),
    h(
        "compile",
        "csv",
        ("ファイル.csv", "FILE.csv"),
        "すべての値を集計用CSV(center,section,row,column,value)にも書き出します。",
        "Also write every value as tidy CSV (center,section,row,column,value).",
    ),
    h(
        "compile",
        "force",
        NONE,
        "エラーがあっても資料を作成します(誤りのあるセルに色を付け、検証結果シートに載せます)。",
        "Write the workbook even with error findings (marked, and listed on the findings sheet).",
    ),
    h(
        "compile",
        "quiet",
        NONE,
        "情報を表示しません(エラーと警告だけ。検証結果シートにはすべて載ります)。",
        "Hide 情報 (notes) on screen (the findings sheet still lists them all).",
    ),
    h(
        "compile",
        "rows",
        ("auto|centers|areas", "auto|centers|areas"),
        "表の行: centers(センターごと)、areas(区・地域ごと)、auto(既定: 300センターまではセンターごと)。",
        "Rows of the tables: centers, areas (wards), or auto (default: centers up to 300).",
    ),
    h(
        "compile",
        "paths",
        ("提出ファイルまたはフォルダ", "PATH"),
        "(必須)提出ファイルまたはそれを入れたフォルダ。",
        "(required) Submission files or folders.",
    ),
    h(
        "init",
        "about",
        NONE,
        "市のプロファイルのひな形を書き出す",
        "write a starter city profile",
    ),
    h(
        "init",
        "usage",
        NONE,
        "hokatsu init --out <ファイル.toml>",
        "hokatsu init --out <FILE.toml>",
    ),
    h(
        "init",
        "out",
        ("ファイル.toml", "FILE.toml"),
        "(必須)書き出すプロファイル。すでにあるファイルは上書きしません。",
        "(required) The profile to write; an existing file is never replaced.",
    ),
    h(
        "month",
        "about",
        NONE,
        "月のフォルダを検証し、検証結果・センターごとの要修正ファイル・(エラーがなければ)運営協議会資料をフォルダの隣に書き出す",
        "check a month's folder, then write the findings, one file per center to fix and (with no error) the council workbook beside it",
    ),
    h(
        "month",
        "usage",
        NONE,
        "hokatsu <月のフォルダ> [オプション]",
        "hokatsu <MONTH FOLDER> [OPTIONS]",
    ),
    h(
        "month",
        "quiet",
        NONE,
        "情報を表示しません(エラーと警告だけ。検証結果のブックにはすべて載ります)。",
        "Hide 情報 (notes) on screen (the findings workbook still lists them all).",
    ),
    h(
        "month",
        "folder",
        ("月のフォルダ", "FOLDER"),
        "(必須)その月の提出ファイルを入れたフォルダ(例: 提出\\2025-11)。",
        "(required) The folder of the month's submissions (e.g. 提出/2025-11).",
    ),
    h(
        "form",
        "about",
        NONE,
        "項目定義(データ辞書)を表示する。市の様式のブックから様式の定義を下書きする",
        "print the data dictionary; draft a form definition from the city's workbook",
    ),
    h(
        "form",
        "usage",
        NONE,
        "hokatsu form [--definition | --from 様式.xlsx [--sheet シート名]...] [オプション]",
        "hokatsu form [--definition | --from WORKBOOK [--sheet NAME]...] [OPTIONS]",
    ),
    h(
        "form",
        "format",
        ("csv|json", "csv|json"),
        "出力の形式: csv(既定)または json。",
        "Output: csv (default) or json.",
    ),
    h(
        "form",
        "definition",
        NONE,
        "項目定義の代わりに、使っている様式の定義(TOML、説明付き)をそのまま表示します。市の様式を作る出発点になります。",
        "Print the form definition in use (TOML, with its comments) instead of the dictionary: the file to start a city's own form from.",
    ),
    h(
        "form",
        "from",
        ("様式のブック", "WORKBOOK"),
        "市がセンターに配っている様式のブック(.xlsx .xlsm .xls .ods、空欄でも記入済みでも)から様式の定義の下書きを作り、表示します。推し量った行には「# 推定:」が付きます。置けなかったものは標準エラーに一覧します。",
        "Draft a form definition from the workbook the city sends its centers (.xlsx .xlsm .xls .ods, blank or filled) and print it. Guessed lines carry a '# guess:' comment; what could not be placed is listed on standard error.",
    ),
    h(
        "form",
        "sheet",
        ("シート名", "NAME"),
        "--from のブックのうち、下書きに使うシート(繰り返し指定できます)。省略するとすべてのシート。",
        "The sheet of the --from workbook to draft from (may be repeated). Default: every sheet.",
    ),
    h(
        "form",
        "period",
        MONTH,
        "様式の対象月(見出しの年度表記に使います)。",
        "The month (for the fiscal-year labels).",
    ),
];

fn text(lang: Lang, help: &Help) -> &'static str {
    match lang {
        Lang::Ja => help.ja,
        Lang::En => help.en,
    }
}

fn lookup(cmd: &str, id: &str) -> Option<&'static Help> {
    HELP.iter().find(|h| h.cmd == cmd && h.id == id)
}

/// Headings of the help page.
fn template(lang: Lang, has_positionals: bool, has_subcommands: bool) -> String {
    let (usage, args, options, commands) = match lang {
        Lang::Ja => ("使い方", "引数", "オプション", "コマンド"),
        Lang::En => ("Usage", "Arguments", "Options", "Commands"),
    };
    let mut t = format!("{{about}}\n\n{usage}: {{usage}}\n\n");
    if has_subcommands {
        t.push_str(&format!("{commands}:\n{{subcommands}}\n\n"));
    }
    if has_positionals {
        t.push_str(&format!("{args}:\n{{positionals}}\n\n"));
    }
    t.push_str(&format!("{options}:\n{{options}}\n"));
    t
}

/// Set every description, value name, usage line and heading in the language.
fn localize(mut command: clap::Command, name: &str, lang: Lang) -> clap::Command {
    if let Some(about) = lookup(name, "about") {
        command = command.about(text(lang, about));
    }
    if let Some(usage) = lookup(name, "usage") {
        command = command.override_usage(text(lang, usage));
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let Some(help) = lookup(name, &id).or_else(|| lookup("*", &id)) else {
            continue;
        };
        // Listed in the table's order; the options every command has (--lang, --help) last.
        let order = HELP.iter().position(|x| std::ptr::eq(x, help)).unwrap_or(0)
            + if help.cmd == "*" { HELP.len() } else { 0 };
        command = command.mut_arg(id.as_str(), |a| {
            let a = a.help(text(lang, help)).display_order(order);
            if !a.get_action().takes_values() {
                return a;
            }
            // Possible and default values are said in the description, in the language.
            let a = a.hide_possible_values(true).hide_default_value(true);
            let value = match lang {
                Lang::Ja => help.value.0,
                Lang::En => help.value.1,
            };
            if value.is_empty() {
                a
            } else {
                a.value_name(value)
            }
        });
    }
    let has_positionals = command.get_positionals().next().is_some();
    let has_subcommands = command.has_subcommands();
    command = command.help_template(template(lang, has_positionals, has_subcommands));
    let subs: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        command = command.mut_subcommand(sub.as_str(), |s| localize(s, &sub, lang));
    }
    command
}

/// The language asked for on the command line (`--lang en`, `--lang=en`), before parsing.
pub fn lang_of(args: &[String]) -> Lang {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(v) = value {
            return Lang::from_code(v).unwrap_or_default();
        }
    }
    Lang::Ja
}

/// The clap command, in the language.
pub fn command(lang: Lang) -> clap::Command {
    localize(Cli::command(), "*", lang)
}

/// What parsing gave: the arguments, or what to print and the exit code (help, version, an
/// argument error).
pub enum Parsed {
    Run(Box<Cli>),
    Exit {
        stdout: String,
        stderr: String,
        code: u8,
    },
}

/// Options that take a value (`--profile FILE`), so a value is not taken for the folder.
const VALUED: &[&str] = &[
    "--lang",
    "--profile",
    "--form",
    "--period",
    "--previous",
    "--history",
    "--max-file-mb",
    "--max-part-mb",
    "--fiscal-year",
];

/// The arguments with `month` put in where they name a folder (or any existing path) instead of
/// a command: dropping a folder on the program runs `hokatsu FOLDER`. A word that is neither a
/// command nor a path stays a mistyped command, answered as one.
fn with_month(mut args: Vec<String>) -> Vec<String> {
    let mut i = 1;
    while i < args.len() {
        let a = &args[i];
        if VALUED.contains(&a.as_str()) {
            i += 2;
            continue;
        }
        if a.starts_with('-') && a.len() > 1 {
            i += 1;
            continue;
        }
        let command = HELP.iter().any(|h| h.cmd == a.as_str() && h.id == "about");
        if !command && std::path::Path::new(a).exists() {
            args.insert(1, "month".into());
        }
        break;
    }
    args
}

/// What a double-click (no argument at all) shows: how to use the program without a prompt.
pub fn guide(lang: Lang) -> String {
    let help = {
        let mut c = command(lang);
        c.render_help()
    }
    .to_string();
    match lang {
        Lang::Ja => format!(
            "hokatsu — 地域包括支援センター 業務実績の集計\n\n\
             使い方: 各センターから届いたファイルを月のフォルダ(例: 提出\\2025-11)に入れ、\n\
             そのフォルダをこの hokatsu.exe のアイコンの上にドラッグ&ドロップしてください。\n\
             フォルダの隣に 検証結果_令和7年11月.xlsx と、直すところのあるセンターごとのファイル\n\
             (要修正_令和7年11月\\西部.xlsx など)ができ、エラーがなければ 運営協議会資料_令和7年11月.xlsx もできます。\n\
             市の設定は、hokatsu.exe と同じフォルダの hokatsu.toml を使います。\n\n\
             コマンドで使う場合(情報担当者・CI 向け):\n\n{help}"
        ),
        Lang::En => format!(
            "hokatsu — community support centers' performance report\n\n\
             To use it: put the files the centers sent into the month's folder (e.g. 提出/2025-11)\n\
             and drop that folder on this program's icon. Beside the folder you get the findings\n\
             (検証結果_令和7年11月.xlsx), one file per center with something to fix (要修正_令和7年11月/),\n\
             and, with no error, the council workbook (運営協議会資料_令和7年11月.xlsx).\n\
             The city's settings are read from hokatsu.toml in the program's folder.\n\n\
             From a command line (IT staff, CI):\n\n{help}"
        ),
    }
}

/// Parse the command line.
pub fn parse(args: Vec<String>) -> Parsed {
    let lang = lang_of(&args);
    if args.len() <= 1 {
        return Parsed::Exit {
            stdout: String::new(),
            stderr: guide(lang),
            code: 2,
        };
    }
    let args = with_month(args);
    let sub = args
        .iter()
        .skip(1)
        .find(|a| HELP.iter().any(|h| h.cmd == a.as_str() && h.id == "about"))
        .cloned();
    let matches = command(lang).try_get_matches_from(&args);
    let error = match matches.map(|m| Cli::from_arg_matches(&m)) {
        Ok(Ok(cli)) => return Parsed::Run(Box::new(cli)),
        Ok(Err(e)) | Err(e) => e,
    };
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Parsed::Exit {
            stdout: error.render().to_string(),
            stderr: String::new(),
            code: 0,
        },
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Parsed::Exit {
            stdout: String::new(),
            stderr: error.render().to_string(),
            code: 2,
        },
        _ => Parsed::Exit {
            stdout: String::new(),
            stderr: format!("hokatsu: {}\n", message(&error, lang, sub.as_deref())),
            code: 2,
        },
    }
}

/// An argument error in the clerk's words: what is wrong, and where to read how.
fn message(e: &clap::Error, lang: Lang, sub: Option<&str>) -> String {
    let get = |k: ContextKind| -> Vec<String> {
        match e.get(k) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            _ => vec![],
        }
    };
    let args = get(ContextKind::InvalidArg);
    let arg = args.join(match lang {
        Lang::Ja => "、",
        Lang::En => ", ",
    });
    let value = get(ContextKind::InvalidValue).join(" ");
    let valid = get(ContextKind::ValidValue);
    let suggested: Vec<String> = get(ContextKind::SuggestedArg)
        .into_iter()
        .chain(get(ContextKind::SuggestedSubcommand))
        .collect();
    let how = match (lang, sub) {
        (Lang::Ja, Some(s)) => format!("使い方は hokatsu {s} --help で確かめてください。"),
        (Lang::Ja, None) => "使い方は hokatsu --help で確かめてください。".into(),
        (Lang::En, Some(s)) => format!("See hokatsu {s} --help."),
        (Lang::En, None) => "See hokatsu --help.".into(),
    };
    let (ja, en) = match e.kind() {
        ErrorKind::MissingRequiredArgument => (
            format!("必要な指定がありません: {arg}"),
            format!("Required but not given: {arg}"),
        ),
        ErrorKind::MissingSubcommand => (
            "月のフォルダか、コマンド(template、check、compile、init、form)を指定してください。"
                .into(),
            "Give a month's folder, or a command: template, check, compile, init or form.".into(),
        ),
        ErrorKind::InvalidSubcommand => {
            let value = get(ContextKind::InvalidSubcommand).join(" ");
            (
                format!(
                    "「{value}」というコマンドも、フォルダもありません。月のフォルダ(例: 提出\\2025-11)か、template、check、compile、init、form のどれかを指定してください。"
                ),
                format!(
                    "There is no command or folder \"{value}\". Give a month's folder (e.g. 提出/2025-11) or one of template, check, compile, init, form."
                ),
            )
        }
        ErrorKind::UnknownArgument => (
            format!("「{arg}」はこのコマンドでは使えません。"),
            format!("\"{arg}\" is not an option of this command."),
        ),
        ErrorKind::InvalidValue if !valid.is_empty() => (
            format!(
                "{arg} の値「{value}」は使えません。{} のどれかを指定してください。",
                valid.join("、")
            ),
            format!(
                "{arg} does not take \"{value}\". Use one of: {}.",
                valid.join(", ")
            ),
        ),
        // (`--from` with nothing after it: clap says the value "" is invalid.)
        ErrorKind::InvalidValue if value.is_empty() => (
            format!("{arg} の後に値がありません。"),
            format!("{arg} needs a value after it."),
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => (
            format!("{arg} の値「{value}」が正しくありません。"),
            format!("{arg}: \"{value}\" is not a valid value."),
        ),
        ErrorKind::ArgumentConflict => (
            format!("{arg} は一緒に指定できない組み合わせです。"),
            format!("{arg} cannot be used together with another option given."),
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => (
            format!("{arg} に与える値の数が正しくありません。"),
            format!("{arg} was given the wrong number of values."),
        ),
        _ => (
            "コマンドラインの指定が正しくありません。".into(),
            "The command line is not valid.".into(),
        ),
    };
    let hint = match (lang, suggested.first()) {
        (Lang::Ja, Some(s)) => format!("「{s}」のことですか。"),
        (Lang::En, Some(s)) => format!(" Did you mean \"{s}\"?"),
        _ => String::new(),
    };
    match lang {
        Lang::Ja => format!("{}{hint}{how}", end(ja, '。')),
        Lang::En => format!("{}{hint} {how}", end(en, '.')),
    }
}

/// A sentence ends once (`…<PATH>...` gets no second period in English).
fn end(s: String, mark: char) -> String {
    if s.ends_with(mark) {
        s
    } else {
        format!("{s}{mark}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_argument_has_help_in_both_languages() {
        fn walk(c: &clap::Command, name: &str, missing: &mut Vec<String>) {
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                if lookup(name, id).or_else(|| lookup("*", id)).is_none() {
                    missing.push(format!("{name} {id}"));
                }
            }
            for sub in c.get_subcommands() {
                if lookup(sub.get_name(), "about").is_none()
                    || lookup(sub.get_name(), "usage").is_none()
                {
                    missing.push(format!("{} about/usage", sub.get_name()));
                }
                walk(sub, sub.get_name(), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "*", &mut missing);
        assert!(missing.is_empty(), "no help for: {missing:?}");
        clap::Command::debug_assert(command(Lang::Ja));
        clap::Command::debug_assert(command(Lang::En));
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let args = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&args("hokatsu check --lang en x")), Lang::En);
        assert_eq!(lang_of(&args("hokatsu --lang=en")), Lang::En);
        assert_eq!(lang_of(&args("hokatsu check x")), Lang::Ja);
    }
}
