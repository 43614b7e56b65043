//! Saying where in a file something is wrong: the line of a byte offset, and serde_json's
//! message without the position it appends (each problem carries line and column itself).

/// The line (from 1) holding byte `offset` of `bytes`.
pub fn line_at(bytes: &[u8], offset: usize) -> usize {
    let end = offset.min(bytes.len());
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// serde_json's message without its own " at line L column C".
pub fn json_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_counted_from_one_and_an_offset_past_the_end_is_the_last_line() {
        assert_eq!(line_at(b"a\nb\nc", 0), 1);
        assert_eq!(line_at(b"a\nb\nc", 2), 2);
        assert_eq!(line_at(b"a\nb\nc", 99), 3);
    }

    #[test]
    fn the_position_serde_json_appends_is_left_out() {
        let e = serde_json::from_str::<serde_json::Value>("{\n  nope").unwrap_err();
        assert_eq!(json_message(&e), "key must be a string");
        assert_eq!(e.line(), 2);
    }
}
