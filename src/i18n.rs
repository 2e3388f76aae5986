//! The two languages every message a clerk reads is written in.
//!
//! Japanese is the default: the clerk reads Japanese. `--lang en` switches every message, finding
//! and workbook label that is not part of the form itself (the form's labels stay as the city
//! wrote them).

/// The language of messages. The command line's words for it (`ja`, `en`) are the CLI's
/// business ([`crate::cli`]): nothing below it knows clap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// `ja` or `en` (as `--lang` takes them), any case.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A message in both languages, chosen when it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

/// Pick the literal for the language.
pub fn tr(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// A TOML or serde message (the `toml` crate writes them in English) in Japanese, for the
/// profile and form files a city's staff edit: the common cases word by word, anything else
/// as a plain "the syntax is wrong" (the English message stays for `--lang en`).
pub fn toml_message_ja(msg: &str) -> String {
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let kind = |s: &str| -> String {
        let s = s.trim();
        let words = [
            ("u32", "0以上の整数"),
            ("u64", "0以上の整数"),
            ("u16", "0以上の整数"),
            ("u8", "0以上の整数"),
            ("usize", "0以上の整数"),
            ("i32", "整数"),
            ("i64", "整数"),
            ("f64", "数"),
            ("f32", "数"),
            ("a string", "文字列(\"…\")"),
            ("a boolean", "true または false"),
            ("a sequence", "配列([…])"),
            ("a map", "表({…} または [見出し])"),
        ];
        if let Some((_, ja)) = words.iter().find(|(en, _)| s == *en) {
            return (*ja).to_string();
        }
        if let Some(v) = s.strip_prefix("string ") {
            return format!("文字列 {v}");
        }
        if let Some(v) = s.strip_prefix("integer ") {
            return format!("整数 {}", v.trim_matches('`'));
        }
        if let Some(v) = s.strip_prefix("floating point ") {
            return format!("数 {}", v.trim_matches('`'));
        }
        if s.starts_with("boolean") {
            return "true/false".to_string();
        }
        if s == "sequence" {
            return "配列".to_string();
        }
        "別の種類の値".to_string()
    };
    let msg = msg.trim();
    if let Some(rest) = msg.strip_prefix("unknown field") {
        let q = quoted(rest);
        let field = q.first().cloned().unwrap_or_default();
        let known = q.get(1..).map(|k| k.join("、")).unwrap_or_default();
        return if known.is_empty() {
            format!("「{field}」という項目はありません。")
        } else {
            format!("「{field}」という項目はありません。使える項目: {known}")
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown variant") {
        let q = quoted(rest);
        let value = q.first().cloned().unwrap_or_default();
        let known = q.get(1..).map(|k| k.join("、")).unwrap_or_default();
        return format!("「{value}」は使えない値です。使える値: {known}");
    }
    if let Some(rest) = msg.strip_prefix("missing field") {
        let field = quoted(rest).first().cloned().unwrap_or_default();
        return format!("必要な項目「{field}」がありません。");
    }
    for prefix in ["invalid type:", "invalid value:"] {
        if let Some(rest) = msg.strip_prefix(prefix)
            && let Some((got, want)) = rest.split_once(", expected ")
        {
            return format!(
                "値の種類が違います({}ではなく{}を書いてください)。",
                kind(got),
                kind(want)
            );
        }
    }
    if msg.starts_with("duplicate key") {
        return "同じ項目が二度書かれています。".to_string();
    }
    "書き方が正しくありません(引用符 \"…\"、括弧 [ ]、= の位置を確かめてください)。".to_string()
}

/// Format a count for messages: `1,606`.
pub fn fmt_count(n: f64) -> String {
    if n.fract() != 0.0 {
        return format!("{n}");
    }
    let s = format!("{}", n.abs() as i64);
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0.0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_messages_read_in_japanese() {
        assert_eq!(
            toml_message_ja("invalid type: string \"many\", expected u32"),
            "値の種類が違います(文字列 \"many\"ではなく0以上の整数を書いてください)。"
        );
        assert_eq!(
            toml_message_ja("unknown field `fiscal_yaer`, expected one of `city`, `fiscal_year`"),
            "「fiscal_yaer」という項目はありません。使える項目: city、fiscal_year"
        );
        assert_eq!(
            toml_message_ja("missing field `city`"),
            "必要な項目「city」がありません。"
        );
        assert!(!toml_message_ja("unquoted keys cannot be empty").contains("keys"));
    }
}

/// The English of the comments of the embedded form and starter profile (see the file's head).
const COMMENTS_EN: &str = include_str!("comments.en.txt");

/// A TOML text's comments, each a unit translated whole: a run of whole-line comments (its lines
/// without their indentation, joined by newlines), or one comment at the end of a line.
/// Returned with the byte range each takes in `text` (for a run: from its first `#` to the end
/// of its last line).
fn comment_units(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut units = Vec::new();
    let mut run: Option<(usize, usize, Vec<&str>)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.starts_with('#') {
            let start = at + (body.len() - trimmed.len());
            let r = run.get_or_insert((start, start, Vec::new()));
            r.1 = at + body.len();
            r.2.push(trimmed);
        } else {
            if let Some((s, e, lines)) = run.take() {
                units.push((s..e, lines.join("\n")));
            }
            let mut quoted = false;
            let mut prev = ' ';
            for (i, c) in body.char_indices() {
                match c {
                    '"' => quoted = !quoted,
                    '#' if !quoted && i > 0 && prev.is_whitespace() => {
                        units.push((at + i..at + body.len(), body[i..].to_string()));
                        break;
                    }
                    _ => {}
                }
                prev = c;
            }
        }
        at += line.len();
    }
    if let Some((s, e, lines)) = run {
        units.push((s..e, lines.join("\n")));
    }
    units
}

/// The English of a comment unit, when [`COMMENTS_EN`] has it.
fn comment_en(unit: &str) -> Option<&'static str> {
    COMMENTS_EN.split("\n%%\n").find_map(|pair| {
        let (ja, en) = pair.split_once("\n=>\n")?;
        (ja == unit).then(|| en.trim_end_matches('\n'))
    })
}

/// An embedded TOML file (the Kushiro form, the starter profile) with its comments in the
/// language asked for: they are written in Japanese, and `--lang en` gives their English. A
/// city's own file is printed as it is; comments without an English stay as written.
pub fn comments(text: &str, lang: Lang) -> String {
    if lang == Lang::Ja {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, unit) in comment_units(text) {
        let Some(en) = comment_en(&unit) else {
            continue;
        };
        let indent = &text[..range.start];
        let indent = &indent[indent.rfind('\n').map_or(0, |i| i + 1)..];
        let indent = if indent.trim().is_empty() { indent } else { "" };
        out.push_str(&text[last..range.start]);
        out.push_str(&en.replace('\n', &format!("\n{indent}")));
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// The comments of a text that have no English (a dashed rule line needs none): the embedded
/// files' tests ask for none.
pub fn comments_without_english(text: &str) -> Vec<String> {
    comment_units(text)
        .into_iter()
        .map(|(_, unit)| unit)
        .filter(|unit| !unit.starts_with("# ----") && comment_en(unit).is_none())
        .collect()
}

#[cfg(test)]
mod comment_tests {
    use super::*;

    #[test]
    fn trailing_comments_and_runs_are_units() {
        let text = "a = 1\n  # one\n  # two\nb = \"#x\"  # end\n";
        let units: Vec<String> = comment_units(text).into_iter().map(|u| u.1).collect();
        assert_eq!(units, ["# one\n# two", "# end"]);
    }
}
