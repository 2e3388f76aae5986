//! Reading submissions: files and folders in, values with their origin (file, sheet, cell) out.
//!
//! Every problem with an input becomes a finding; nothing here stops a run. Items are found by the
//! template's defined names (`hk_<item>`), so a center that inserts rows or moves a block is read
//! correctly; a file without names falls back to the template's addresses and says so. The
//! reader never writes, and opens files read-only.

mod locate;
pub mod number;
pub mod sniff;
pub mod sources;
pub mod tidy;
mod workbook;

pub use self::tidy::{HEADER as CSV_HEADER, unescape as csv_unescape};

use crate::address::Addresses;
use crate::findings::{Finding, Location, rule};
use crate::i18n::Text;
use crate::profile::Profile;
use sniff::{FileKind, Limits, Refusal};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::model::{ListRow, NAME_COLUMN, Origin, Submission, Texts};

/// What reading one file gave.
#[derive(Debug, Default, Clone)]
pub struct FileResult {
    pub submissions: Vec<Submission>,
    pub findings: Vec<Finding>,
    /// A file refused as a whole, with the center it is from when that is known (its cell or
    /// its name): that center is then not also reported as missing.
    pub rejected: Option<usize>,
    /// The file is a council workbook hokatsu compiled (its 出典 sheet was read): history,
    /// not a submission.
    pub compiled: bool,
}

/// What every file of a run is read against.
pub struct ReadContext<'a> {
    pub profile: &'a Profile,
    /// The blank template's addresses: the fallback cells of a file without names.
    pub addresses: Addresses,
    pub limits: Limits,
}

impl<'a> ReadContext<'a> {
    /// `addresses` are a blank template's (`template::read_context` makes the whole context).
    pub fn new(profile: &'a Profile, limits: Limits, addresses: Addresses) -> ReadContext<'a> {
        ReadContext {
            profile,
            addresses,
            limits,
        }
    }
}

/// The formats we read, by file extension.
const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];
// (.xlsb is listed so that such a file gets its own finding: save it as .xlsx.)

/// A file to read, or a folder entry that is not one (with the finding saying so).
pub enum InputPath {
    File(PathBuf),
    /// A submission that cannot be read as it is (a lock file, a FIFO, a folder not readable).
    Skipped(Finding),
    /// Not a submission at all: a folder inside the folder, a file of another format.
    Other(Finding),
}

/// Expand the paths of the command line into files, folders' entries in name order. A file
/// named twice (`DIR DIR/西部.xlsx`) is read once. A path that does not exist is the caller's
/// exit-2 error, checked before.
pub fn expand(paths: &[PathBuf]) -> Vec<InputPath> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut file = |out: &mut Vec<InputPath>, path: PathBuf| {
        let Some(skip) = not_regular(&path) else {
            if seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())) {
                out.push(InputPath::File(path));
            }
            return;
        };
        out.push(skip);
    };
    for path in paths {
        if !path.is_dir() {
            file(&mut out, path.clone());
            continue;
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                out.push(InputPath::Skipped(Finding::error(
                    rule::INPUT,
                    Location::file(&path.display().to_string()),
                    Text::new(
                        "フォルダを読めません。アクセス権を確かめてください。".to_string(),
                        format!("The folder cannot be read ({e}). Check its permissions."),
                    ),
                )));
                continue;
            }
        };
        entries.sort();
        for entry in entries {
            let name = entry
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let shown = entry.display().to_string();
            if name.starts_with("~$") || name.starts_with(".~lock.") {
                out.push(InputPath::Skipped(Finding::info(
                    rule::INPUT,
                    Location::file(&shown),
                    Text::new(
                        "Excel/LibreOffice が開いている間だけできる一時ファイルなので読みませんでした。",
                        "Skipped: a lock file Excel or LibreOffice keeps while a workbook is open.",
                    ),
                )));
            } else if name.starts_with('.') {
                continue;
            } else if entry.is_dir() {
                out.push(InputPath::Other(Finding::info(
                    rule::INPUT,
                    Location::file(&shown),
                    Text::new(
                        "フォルダの中のフォルダは読みません。読む場合はそのフォルダを指定してください。",
                        "Skipped: folders inside the folder are not read; name that folder to read it.",
                    ),
                )));
            } else if has_extension(&entry, EXTENSIONS) {
                file(&mut out, entry);
            } else {
                out.push(InputPath::Other(Finding::info(
                    rule::INPUT,
                    Location::file(&shown),
                    Text::new(
                        "提出ファイルの形式(.xlsx .xlsm .xls .ods .csv)ではないので読みませんでした。",
                        "Skipped: not a submission format (.xlsx .xlsm .xls .ods .csv).",
                    ),
                )));
            }
        }
    }
    out
}

/// A path that is not a regular file (a FIFO, socket or device, or a link to one) is skipped
/// with an info, never opened: opening a FIFO for reading blocks until someone writes to it.
fn not_regular(path: &Path) -> Option<InputPath> {
    let meta = std::fs::metadata(path).ok()?;
    (!meta.is_file()).then(|| InputPath::Skipped(not_regular_finding(&path.display().to_string())))
}

fn not_regular_finding(shown: &str) -> Finding {
    Finding::info(
        rule::INPUT,
        Location::file(shown),
        Text::new(
            "通常のファイルではない(名前付きパイプ・ソケット・デバイスなど)ので読みませんでした。",
            "Skipped: not a regular file (a named pipe, socket or device).",
        ),
    )
}

fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Read one file and its SHA-256 (hex; empty when the file could not be read).
pub fn read_file_hashed(path: &Path, ctx: &ReadContext) -> (FileResult, String) {
    let mut sha = String::new();
    let result = read_file_with(path, ctx, |bytes| {
        use sha2::Digest;
        sha = sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
    });
    (result.compacted(), sha)
}

/// Read one file (read-only, at most `max_file_bytes` of it) into submissions and findings.
pub fn read_file(path: &Path, ctx: &ReadContext) -> FileResult {
    read_file_with(path, ctx, |_| {}).compacted()
}

impl FileResult {
    /// The same result in fresh allocations, made once the file's parse is freed. What a file
    /// keeps is allocated while its sheets are being parsed, scattered among what the parse
    /// frees, and those holes are too small for the next file's parse: kept as read, 5,400
    /// centers' results held 190 MB of memory for 92 MB of data; copied, 105 MB (the bench).
    fn compacted(self) -> FileResult {
        self.clone()
    }
}

fn read_file_with(path: &Path, ctx: &ReadContext, mut seen: impl FnMut(&[u8])) -> FileResult {
    let shown = path.display().to_string();
    let bytes = match read_limited(path, ctx.limits.max_file_bytes) {
        Ok(b) => b,
        Err(ReadFail::TooLarge(n)) => {
            let why = Refusal::TooLarge {
                bytes: n,
                limit: ctx.limits.max_file_bytes,
            };
            return refused(&shown, &why, ctx);
        }
        Err(ReadFail::NotRegular) => {
            return FileResult {
                findings: vec![not_regular_finding(&shown)],
                ..FileResult::default()
            };
        }
        Err(ReadFail::Io(e)) => {
            let why_ja = match e.kind() {
                std::io::ErrorKind::PermissionDenied => "読む権限がありません",
                std::io::ErrorKind::NotFound => "見つかりません",
                _ => "読み込みに失敗しました",
            };
            let f = Finding::error(
                rule::INPUT,
                Location::file(&shown),
                Text::new(
                    format!(
                        "ファイルを開けません({why_ja})。ほかのアプリで開いていないか、アクセス権を確かめてください。"
                    ),
                    format!(
                        "The file cannot be opened ({e}). Check it is not open elsewhere and that you may read it."
                    ),
                ),
            );
            return rejected_file(&shown, f, ctx);
        }
    };
    seen(&bytes);
    read_bytes(bytes, &shown, ctx)
}

/// Read a file's bytes (already in memory) into submissions and findings.
///
/// Parsing runs inside `catch_unwind`: a parser that panics on a damaged file (calamine did, on
/// a corrupt .xls name record, under fuzzing) gives a finding for that file, and the run goes on.
pub fn read_bytes(bytes: Vec<u8>, shown: &str, ctx: &ReadContext) -> FileResult {
    let csv_name = has_extension(Path::new(shown), &["csv", "txt"]);
    let kind = sniff::sniff(&bytes, csv_name, &ctx.limits);
    let parse = std::panic::AssertUnwindSafe(move || match kind {
        FileKind::Refused(why) => refused(shown, &why, ctx),
        FileKind::Csv => tidy::read(&bytes, shown, ctx),
        kind => workbook::read(bytes, kind, shown, ctx),
    });
    match std::panic::catch_unwind(parse) {
        Ok(result) => result,
        Err(_) => {
            let why = last_panic().unwrap_or_default();
            let f = Finding::error(
                rule::INPUT,
                Location::file(shown),
                Text::new(
                    "ファイルが壊れていて読み取れません。Excelで開いて .xlsx で保存し直したものを送ってもらってください。".to_string(),
                    format!(
                        "The file is damaged and cannot be read ({why}). Ask the center to open it in Excel, save it as .xlsx and send it again."
                    ),
                ),
            );
            rejected_file(shown, f, ctx)
        }
    }
}

thread_local! {
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Replace the default panic hook (which prints a trace) with one that only remembers the
/// message, for the finding of the file being read. Called once by `main` (and the fuzz
/// targets); a panic that escapes reading is reported by `main` as an internal error.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let msg = match (
            info.payload().downcast_ref::<&str>(),
            info.payload().downcast_ref::<String>(),
        ) {
            (Some(s), _) => s.to_string(),
            (_, Some(s)) => s.clone(),
            _ => "panic".to_string(),
        };
        let at = info.location().map(|l| {
            format!(
                " ({}:{})",
                l.file().rsplit('/').next().unwrap_or(""),
                l.line()
            )
        });
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{msg}{}", at.unwrap_or_default())));
    }));
}

/// The message of the last panic on this thread, taken.
pub fn last_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.borrow_mut().take())
}

enum ReadFail {
    TooLarge(u64),
    NotRegular,
    Io(std::io::Error),
}

fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, ReadFail> {
    // Never open what is not a regular file (a FIFO would block the run).
    if !std::fs::metadata(path).map_err(ReadFail::Io)?.is_file() {
        return Err(ReadFail::NotRegular);
    }
    let file = std::fs::File::open(path).map_err(ReadFail::Io)?;
    let len = file.metadata().map_err(ReadFail::Io)?.len();
    if len > max {
        return Err(ReadFail::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadFail::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadFail::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The finding for a file we will not open.
fn refused(shown: &str, why: &Refusal, ctx: &ReadContext) -> FileResult {
    let text = match why {
        Refusal::Empty => Text::new(
            "ファイルが空(0バイト)です。保存し直したファイルをもう一度送ってもらってください。",
            "The file is empty (0 bytes). Ask the center to save and send it again.",
        ),
        Refusal::TooLarge { bytes, limit } => Text::new(
            format!(
                "ファイルが大きすぎます({} MB、上限 {} MB)。提出様式のファイルか確かめてください。",
                bytes / 1_048_576,
                limit / 1_048_576
            ),
            format!(
                "The file is too large ({} MB; the limit is {} MB). Check that it is the submission form.",
                bytes / 1_048_576,
                limit / 1_048_576
            ),
        ),
        Refusal::Encrypted => Text::new(
            "パスワードで保護(暗号化)されているため読めません。パスワードを解除して保存し直したファイルを送ってもらってください。",
            "The workbook is password-protected (encrypted). Ask the center to remove the password, save and send it again.",
        ),
        Refusal::Other(what) => Text::new(
            format!(
                "中身が表計算ファイルではなく {what} です。提出様式(Excel)のファイルを送ってもらってください。"
            ),
            format!(
                "This is a {what} file, not a spreadsheet. Ask the center for the submission workbook."
            ),
        ),
        Refusal::Bomb { declared, limit } => Text::new(
            format!(
                "展開すると {} MB を超える異常なファイルです(上限 {} MB)。読み込みを中止しました。提出様式で作り直してもらってください。",
                declared / 1_048_576,
                limit / 1_048_576
            ),
            format!(
                "The file would expand to over {} MB (limit {} MB); it was not opened. Ask the center to fill in the template again.",
                declared / 1_048_576,
                limit / 1_048_576
            ),
        ),
        Refusal::BrokenZip(reason) => Text::new(
            "ファイルが壊れているか途中で切れています。Excelで開いて保存し直したものを送ってもらってください。",
            format!(
                "The file is damaged or truncated ({reason}). Ask the center to open it in Excel, save it and send it again."
            ),
        ),
        Refusal::XmlEntities => Text::new(
            "Excel や LibreOffice では作られない不正な内容(XMLの実体宣言)を含むため、安全のため読みませんでした。配布した様式に入力し直してもらってください。",
            "The file contains XML entity declarations, which Excel and LibreOffice never write; it was not read, for safety. Ask the center to fill in the distributed template again.",
        ),
        Refusal::BrokenCfb(reason) => Text::new(
            "Excel 97-2003 形式(.xls)のファイルの構造が壊れています。Excelで開いて .xlsx で保存し直したものを送ってもらってください。",
            format!(
                "The .xls file's structure is damaged ({reason}). Ask the center to open it in Excel, save it as .xlsx and send it again."
            ),
        ),
        Refusal::HugeSheet { cells, limit } => Text::new(
            format!(
                "シートの範囲が {cells} セル分に及んでいて、提出様式としては異常です(上限 {limit})。Excelで開いて .xlsx で保存し直したものを送ってもらってください。"
            ),
            format!(
                "A sheet spans {cells} cells, far beyond a submission (limit {limit}). Ask the center to open the file in Excel, save it as .xlsx and send it again."
            ),
        ),
        Refusal::Unsupported(what) => Text::new(
            format!(
                "{what} 形式は提出に使えません。Excelで開いて .xlsx 形式で保存し直してください。"
            ),
            format!(
                "The {what} format is not accepted for submissions. Open it in Excel and save it as .xlsx."
            ),
        ),
        Refusal::Unknown => Text::new(
            "表計算ファイルとして読めない形式です。Excelで開いて .xlsx で保存し直してください。",
            "This is not a spreadsheet format we can read. Open it in Excel and save it as .xlsx.",
        ),
    };
    rejected_file(
        shown,
        Finding::error(rule::INPUT, Location::file(shown), text),
        ctx,
    )
}

/// A center the profile does not know (a file's center cell or name, a CSV line). `meant`: the
/// center the file's name points to, asked about (「東部北ではありませんか」).
pub(crate) fn unknown_center(
    place: Location,
    label: &str,
    meant: Option<usize>,
    profile: &Profile,
) -> Finding {
    let known: Vec<&str> = profile.centers.iter().map(|c| c.short.as_str()).collect();
    let (ask_ja, ask_en) = match meant.map(|c| &profile.centers[c]) {
        Some(c) => (
            format!("ファイル名からは「{}」ではありませんか。", c.short),
            format!(" The file's name says \"{}\": is it that one?", c.short),
        ),
        None => (String::new(), String::new()),
    };
    Finding::error(
        rule::COVERAGE,
        place,
        Text::new(
            format!("センター「{label}」はプロファイルにありません。{ask_ja}センター名を確かめてください(登録: {})。", known.join("、")),
            format!("Center \"{label}\" is not in the profile (known: {}).{ask_en} Check the center name.", known.join(", ")),
        ),
    )
    .values(known.join("|"), label)
}

/// A file refused as a whole: its finding, attributed to the center its name points to.
pub(crate) fn rejected_file(shown: &str, finding: Finding, ctx: &ReadContext) -> FileResult {
    let stem = Path::new(shown)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let center = ctx.profile.center_in_file_name(&stem);
    FileResult {
        submissions: vec![],
        findings: vec![finding.center(center.map(|c| ctx.profile.centers[c].short.as_str()))],
        rejected: center,
        compiled: false,
    }
}
