//! How a scenario's prose reads: a blank line starts a new paragraph, and a single line break
//! inside one is only a space, so authors wrap their lines however their editor does. Every
//! shell lays text out by this one rule.

/// The paragraphs of a text, each on one line with its whitespace collapsed; a run of blank
/// lines gives an empty paragraph, which shells may skip.
pub fn paragraphs(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_join_and_blank_lines_separate() {
        let text = "Monday, 8.40 am.\nA review has\n  appeared.\n\nKerry has not seen it.";
        let got: Vec<String> = paragraphs(text).collect();
        assert_eq!(
            got,
            [
                "Monday, 8.40 am. A review has appeared.",
                "Kerry has not seen it."
            ]
        );
    }
}
