//! Escaping text for XML, so a scenario title with `&` or `<` makes a well-formed file.

/// `text` with the five XML special characters escaped (fit for elements and attributes);
/// control characters XML 1.0 cannot carry are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(
            super::escape("A & B <\"x'\u{1}>"),
            "A &amp; B &lt;&quot;x&apos;&gt;"
        );
    }
}
