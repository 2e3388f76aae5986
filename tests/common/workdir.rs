//! After xsv's `tests/workdir.rs`: a fresh directory per test, input workbooks written from
//! literal cells (sheet → A1 → value) by rust_xlsxwriter or typed into a copy of a center's file
//! by openpyxl — never through hokatsu's own template writer — the real binary, and its JSON
//! read back. What a test expects is written in the test, so the program cannot agree with itself.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

pub struct Workdir {
    pub dir: PathBuf,
}

impl Workdir {
    pub fn new(name: &str) -> Workdir {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir()
            .join("hokatsu-tests")
            .join(format!("{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create workdir");
        Workdir { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("a folder")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
        p
    }

    /// Copy a folder of fixtures into the workdir.
    pub fn copy_dir(&self, from: &Path, rel: &str) -> PathBuf {
        let to = self.path(rel);
        std::fs::create_dir_all(&to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read fixture dir") {
            let e = e.expect("entry");
            if e.path().is_file() {
                std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
            }
        }
        to
    }

    /// A new workbook of literal cells, `{"sheet": {"A1": value}}` (numbers and texts), its
    /// sheets in the order given.
    pub fn xlsx(&self, rel: &str, cells: &Value) -> PathBuf {
        let mut book = rust_xlsxwriter::Workbook::new();
        for (name, sheet_cells) in cells.as_object().expect("{sheet: {A1: value}}") {
            let sheet = book.add_worksheet();
            sheet.set_name(name).expect("a sheet name");
            for (a1, v) in sheet_cells.as_object().expect("{A1: value}") {
                let (r, c) = super::row_col(a1);
                match v {
                    Value::Number(n) => sheet.write_number(r, c, n.as_f64().unwrap_or(0.0)),
                    Value::String(s) => sheet.write_string(r, c, s),
                    other => panic!("{name}!{a1}: a number or a text, not {other}"),
                }
                .expect("a cell");
            }
        }
        let path = self.write(rel, []);
        book.save(&path).expect("save the workbook");
        path
    }

    /// A copy of a workbook (a center's file) with literal cells typed over it by openpyxl, as
    /// the center would in Excel: `{"sheet": {"A1": value}}`, null clears a cell.
    pub fn typed(&self, from: &Path, rel: &str, cells: &Value) -> PathBuf {
        let to = self.path(rel);
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("mkdir");
        let run = Command::new("python3")
            .arg(super::root().join("tests/scripts/type_cells.py"))
            .arg(from)
            .arg(&to)
            .arg(cells.to_string())
            .output()
            .expect("python3 (with openpyxl: pip install openpyxl)");
        let why = String::from_utf8_lossy(&run.stderr);
        assert!(
            run.status.success(),
            "type_cells.py {from:?} (openpyxl?): {why}"
        );
        to
    }

    /// A fixture month (a folder of the centers' files) copied to `rel`, with cells typed into
    /// one center's file (`<center>.xlsx`).
    pub fn month(&self, fixture: &str, rel: &str, center: &str, cells: &Value) -> PathBuf {
        let dir = self.copy_dir(&super::fixture(fixture), rel);
        let file = format!("{center}.xlsx");
        if !center.is_empty() {
            self.typed(&dir.join(&file), &format!("{rel}/{file}"), cells);
        }
        dir
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hokatsu"));
        cmd.args(args).current_dir(&self.dir);
        cmd
    }

    /// Run and return the output, whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run hokatsu")
    }

    /// Run, expect this exit code, and return stdout (or say all about the run that was not).
    pub fn expect(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        let said = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let (stdout, stderr) = (said(&out.stdout), said(&out.stderr));
        let (dir, got) = (self.dir.display(), out.status.code());
        assert_eq!(
            got,
            Some(code),
            "hokatsu {args:?} (in {dir})\n{stdout}\n{stderr}"
        );
        stdout
    }

    /// Run `check --format json` and return the parsed document and the exit code.
    pub fn check_json(&self, args: &[&str]) -> (Value, i32) {
        let full = [&["check", "--format", "json"], args].concat();
        let out = self.run(&full);
        let said = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            let (stdout, stderr) = (said(&out.stdout), said(&out.stderr));
            panic!("hokatsu {full:?}: not JSON ({e}): {stdout}\n{stderr}")
        });
        (doc, out.status.code().unwrap_or(-1))
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
