//! How phones join a workshop: a short join code, and the join link as a QR code.

use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;
use rand::Rng;

use super::app::JoinInfo;

/// Letters and digits that cannot be mistaken for one another when read off a projector.
const ALPHABET: &[u8] = b"ACDEFHJKMNPRTUVWXY34679";

/// A join code of four characters.
pub fn code(rng: &mut impl Rng) -> String {
    (0..4)
        .map(|_| char::from(ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()]))
        .collect()
}

/// The join link as QR code rows of half-block characters (two modules per row).
pub fn qr_rows(link: &str) -> Vec<String> {
    match QrCode::new(link.as_bytes()) {
        Ok(qr) => qr
            .render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build()
            .lines()
            .map(str::to_string)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The join details for a room served at `url` with `code`.
pub fn join_info(url: &str, code: &str) -> JoinInfo {
    let link = format!("{}/?code={code}", url.trim_end_matches('/'));
    JoinInfo {
        url: url.trim_end_matches('/').to_string(),
        code: code.to_string(),
        qr: qr_rows(&link),
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn codes_use_unambiguous_characters_and_links_encode() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let c = code(&mut rng);
        assert_eq!(c.len(), 4);
        assert!(c.bytes().all(|b| ALPHABET.contains(&b)));
        let info = join_info("http://127.0.0.1:8123/", &c);
        assert_eq!(info.url, "http://127.0.0.1:8123");
        assert!(info.qr.len() > 10);
        assert!(
            info.qr
                .iter()
                .all(|r| r.chars().count() == info.qr[0].chars().count())
        );
    }
}
