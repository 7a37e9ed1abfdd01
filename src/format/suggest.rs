//! "Did you mean" suggestions for misspelt ids, fields and principle names.

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count().div_ceil(3)).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= limit && *c != word)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A help sentence with a suggestion, or `fallback` when nothing is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    fallback: &str,
) -> String {
    match closest(word, candidates) {
        Some(s) => format!("did you mean \"{s}\"?"),
        None => fallback.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["confidentiality", "boundaries", "respect"];
        assert_eq!(closest("confidentialty", ids), Some("confidentiality"));
        assert_eq!(closest("boundary", ids), Some("boundaries"));
        assert_eq!(closest("security", ids), None);
    }
}
