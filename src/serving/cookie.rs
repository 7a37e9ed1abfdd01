//! Reading a shell's own token cookie: the workshop's device token and the web trainer's
//! session token are both random hex of a fixed length, and anything else is no token.

use axum::http::{HeaderMap, header};

/// The value of cookie `name` when it is `digits` hex digits long, else `None`.
pub fn hex_token(headers: &HeaderMap, name: &str, digits: usize) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == digits && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_a_token_of_the_right_length_and_digits_is_read() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("other=1; t=abcd1234"),
        );
        assert_eq!(hex_token(&h, "t", 8).as_deref(), Some("abcd1234"));
        assert_eq!(hex_token(&h, "t", 9), None);
        h.insert(header::COOKIE, HeaderValue::from_static("t=abcd123z"));
        assert_eq!(hex_token(&h, "t", 8), None);
        assert_eq!(hex_token(&HeaderMap::new(), "t", 8), None);
    }
}
