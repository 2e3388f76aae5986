//! The console window a clerk sees. Windows gives a program started from Explorer (a folder
//! dropped on `hokatsu.exe`, a double-click) a console of its own and closes it the moment the
//! program ends, before anything in it can be read. [`hold`] keeps such a console open until
//! Enter is pressed — and only such a one: never in a prompt the clerk opened, never with
//! standard input redirected, never in CI, never on Linux or macOS.

use crate::i18n::Lang;
use std::io::{BufRead, IsTerminal, Write};

/// Whether to wait before the window closes: the console is this process's alone, a person can
/// answer (standard input is a terminal), and no CI runs us.
pub fn should_wait(own_console: bool, stdin_is_terminal: bool, ci: bool) -> bool {
    own_console && stdin_is_terminal && !ci
}

/// At the end of a run: wait for Enter when the console was opened for this run alone.
pub fn hold(lang: Lang) {
    let ci = std::env::var_os("CI").is_some();
    if !should_wait(own_console(), std::io::stdin().is_terminal(), ci) {
        return;
    }
    let prompt = match lang {
        Lang::Ja => "\nEnter キーを押すと閉じます",
        Lang::En => "\nPress Enter to close",
    };
    let mut out = std::io::stdout();
    let _ = out.write_all(prompt.as_bytes()).and_then(|()| out.flush());
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}

/// Whether the console holds no process but this one: Windows opened it for us (a drop or a
/// double-click), rather than a prompt the clerk typed in.
#[cfg(windows)]
fn own_console() -> bool {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut list = [0u32; 4];
    // SAFETY: the buffer holds `list.len()` process ids; the call writes at most that many and
    // returns how many processes share the console (0 when there is no console).
    let n = unsafe { GetConsoleProcessList(list.as_mut_ptr(), list.len() as u32) };
    n == 1
}

/// Elsewhere a terminal belongs to the shell that started us: nothing to hold.
#[cfg(not(windows))]
fn own_console() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_console_of_our_own_with_a_person_at_it_waits() {
        assert!(should_wait(true, true, false));
        assert!(
            !should_wait(false, true, false),
            "a prompt the clerk opened"
        );
        assert!(
            !should_wait(true, false, false),
            "standard input redirected"
        );
        assert!(!should_wait(true, true, true), "CI");
    }

    #[cfg(not(windows))]
    #[test]
    fn a_terminal_here_is_never_our_own() {
        assert!(!own_console());
    }
}
