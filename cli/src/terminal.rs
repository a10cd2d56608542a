//! Text from servers and files on its way to a terminal: control characters
//! are shown, never obeyed.
//!
//! A dialog title or a webhook body may hold `ESC ] 0 ; … BEL` (which retitles
//! the terminal), `ESC [ 2 J` (which clears it), a carriage return that
//! overwrites what was printed, or a bidirectional override that reorders it.
//! Human-facing output passes through here; JSON, JSON lines and TSV stay
//! byte-exact for programs.

use std::borrow::Cow;

/// Whether `c` could move the cursor, change the terminal or reorder text.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `c` written so it can be seen: `^[` for ESC, `^?` for DEL, `\u{9b}` for the rest.
fn shown(c: char, out: &mut String) {
    match c {
        '\0'..='\u{1f}' => {
            out.push('^');
            out.push(char::from(b'@' + c as u8));
        }
        '\u{7f}' => out.push_str("^?"),
        other => out.push_str(&format!("\\u{{{:x}}}", u32::from(other))),
    }
}

fn replace(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) && !keep(c) {
            shown(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text of several lines (a detail view, an error): newlines and tabs stay, every other control character is shown.
pub fn printable(text: &str) -> Cow<'_, str> {
    replace(text, |c| c == '\n' || c == '\t')
}

/// One table cell or one line: every control character is shown, newlines and tabs too.
pub fn cell(text: &str) -> Cow<'_, str> {
    replace(text, |_| false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_obeyed() {
        assert_eq!(cell("a\x1b]0;pwned\x07b"), "a^[]0;pwned^Gb");
        assert_eq!(cell("x\r\ny\tz\x7f"), "x^M^Jy^Iz^?");
        assert_eq!(printable("line 1\nline\t2\r"), "line 1\nline\t2^M");
        assert_eq!(cell("\u{9b}2J \u{202e}txt"), "\\u{9b}2J \\u{202e}txt");
        assert!(matches!(cell("Søknad mottatt"), Cow::Borrowed(_)));
    }
}
