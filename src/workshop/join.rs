//! How phones join a workshop: a short join code, and the join link as a QR code.

use std::net::{IpAddr, SocketAddr, UdpSocket};

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

/// The address phones should open for a server bound to `bound`: as bound, except that an
/// address meaning every interface (`0.0.0.0` or `::`) becomes this computer's address on the
/// room's network, as `network_ip` finds it (when it finds none, the bound address stays).
pub fn join_url(bound: SocketAddr, network_ip: impl FnOnce() -> Option<IpAddr>) -> String {
    let ip = if bound.ip().is_unspecified() {
        network_ip().unwrap_or(bound.ip())
    } else {
        bound.ip()
    };
    format!("http://{}", SocketAddr::new(ip, bound.port()))
}

/// This computer's address on the network that leads to other machines: the local end of a UDP
/// socket pointed at a documentation address (RFC 5737, RFC 3849). Pointing a UDP socket sends
/// nothing; it only asks the system which interface it would use.
pub fn network_ip(v6: bool) -> Option<IpAddr> {
    let (any, elsewhere) = if v6 {
        ("[::]:0", "[2001:db8::1]:9")
    } else {
        ("0.0.0.0:0", "192.0.2.1:9")
    };
    let socket = UdpSocket::bind(any).ok()?;
    socket.connect(elsewhere).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
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

    #[test]
    fn a_server_on_every_interface_is_joined_at_the_network_address() {
        let room = || Some("10.1.2.3".parse().unwrap());
        let any: SocketAddr = "0.0.0.0:8123".parse().unwrap();
        assert_eq!(join_url(any, room), "http://10.1.2.3:8123");
        // With no network found, the bound address is all there is to show.
        assert_eq!(join_url(any, || None), "http://0.0.0.0:8123");
        let v6: SocketAddr = "[::]:8123".parse().unwrap();
        let room6 = || Some("fd00::7".parse().unwrap());
        assert_eq!(join_url(v6, room6), "http://[fd00::7]:8123");
        // A particular address is shown as it is, without looking for another.
        let loopback: SocketAddr = "127.0.0.1:8123".parse().unwrap();
        let unused = || -> Option<IpAddr> { panic!("not asked") };
        assert_eq!(join_url(loopback, unused), "http://127.0.0.1:8123");
    }

    #[test]
    fn the_network_address_is_never_loopback_or_unspecified() {
        for v6 in [false, true] {
            if let Some(ip) = network_ip(v6) {
                assert!(!ip.is_loopback() && !ip.is_unspecified(), "{ip}");
                assert_eq!(ip.is_ipv6(), v6);
            }
        }
    }
}
