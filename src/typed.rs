//! What a person typed, pasted or gave on the command line, made fit to be read as a
//! question: escape sequences (a colour code, a title change, a clipboard write copied
//! with the text) are taken out whole, as a terminal reads them, and every other control
//! character becomes a space. Before, only the control bytes went, and a question copied
//! in colour was read as `[31mclonus`.

/// `text` without its escape sequences, every other control character a space: CSI
/// (`ESC [ … final byte`), OSC (`ESC ] … BEL` or `ESC \`), DCS, SOS, PM and APC strings,
/// two-byte `ESC x` sequences, and their 8-bit C1 forms. An escape sequence left
/// unfinished at the end is dropped.
pub fn question_text(text: &str) -> String {
    let mut words = Words(String::with_capacity(text.len()));
    let mut parser = vte::Parser::new();
    parser.advance(&mut words, seven_bit(text).as_bytes());
    words.0
}

/// `text` with each C1 control that opens or closes a sequence written as its 7-bit
/// `ESC x` form, which the parser reads as a terminal does. (It reads the C1 controls
/// only as bytes, and a question is text, where U+009B is two bytes.)
fn seven_bit(text: &str) -> std::borrow::Cow<'_, str> {
    let escape = |c: char| match c {
        '\u{90}' => Some('P'),
        '\u{98}' => Some('X'),
        '\u{9b}' => Some('['),
        '\u{9c}' => Some('\\'),
        '\u{9d}' => Some(']'),
        '\u{9e}' => Some('^'),
        '\u{9f}' => Some('_'),
        _ => None,
    };
    if !text.chars().any(|c| escape(c).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match escape(c) {
            Some(x) => {
                out.push('\u{1b}');
                out.push(x);
            }
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// What the parser hands on: the characters printed, and a space for each control
/// character executed (a newline, a tab, a bell) so the words on either side stay apart.
struct Words(String);

impl vte::Perform for Words {
    fn print(&mut self, c: char) {
        // DEL and the C1 controls that open nothing are printed by the parser.
        self.0.push(if c.is_control() { ' ' } else { c });
    }

    fn execute(&mut self, _byte: u8) {
        self.0.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csi_sequences_go_whole() {
        assert_eq!(question_text("\u{1b}[31mclonus\u{1b}[0m"), "clonus");
        assert_eq!(
            question_text("\u{1b}[1;38;5;196mwhat\u{1b}[m causes"),
            "what causes"
        );
        assert_eq!(question_text("a\u{1b}[?2004hb"), "ab");
        assert_eq!(question_text("clonus\u{9b}31m treatment"), "clonus treatment");
    }

    #[test]
    fn osc_and_other_strings_go_whole_however_they_end() {
        assert_eq!(question_text("a\u{1b}]0;title\u{7}b"), "ab");
        assert_eq!(question_text("a\u{1b}]52;c;aGVsbG8=\u{1b}\\b"), "ab");
        assert_eq!(question_text("a\u{9d}0;title\u{9c}b"), "ab");
        assert_eq!(question_text("a\u{1b}Pq#0;2;0;0;0\u{1b}\\b"), "ab");
        assert_eq!(question_text("a\u{1b}_apc\u{1b}\\b"), "ab");
    }

    #[test]
    fn two_byte_escapes_go_and_an_unfinished_one_at_the_end_is_dropped() {
        assert_eq!(question_text("a\u{1b}(Bb"), "ab");
        assert_eq!(question_text("a\u{1b}7b\u{1b}8"), "ab");
        assert_eq!(question_text("clonus\u{1b}"), "clonus");
        assert_eq!(question_text("clonus \u{1b}[31"), "clonus ");
    }

    #[test]
    fn other_control_characters_become_spaces_and_text_stays_as_it_was() {
        assert_eq!(question_text("\u{1b}[31mclonus\u{7}"), "clonus ");
        assert_eq!(question_text("what\ncauses\tclonus\r"), "what causes clonus ");
        assert_eq!(question_text("a\u{7f}b\u{85}c"), "a b c");
        let plain = "What causes clonus? «Hoffmann» é 🧠 -stroke topic:clonus \"a b\" [1]";
        assert_eq!(question_text(plain), plain);
        assert_eq!(question_text(""), "");
    }
}
