//! How phones join a workshop: a join code drawn from the system's randomness, and the join
//! link as a QR code.

use std::net::{IpAddr, SocketAddr, UdpSocket};

use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;

use super::app::JoinInfo;

/// Letters and digits that cannot be mistaken for one another when read off a projector.
const ALPHABET: &[u8] = b"ACDEFHJKMNPRTUVWXY34679";

/// Characters in a join code: 23^6, about 148 million codes, which a guesser held to the
/// server's per-address rate would take years to search.
pub const CODE_LENGTH: usize = 6;

/// A join code of [`CODE_LENGTH`] characters from the operating system's randomness, never
/// from `--seed` (a seed fixes the story's order, and must not make the room's code guessable).
pub fn code() -> String {
    code_from(uuid::Uuid::new_v4().as_u128())
}

/// The join code for 128 random bits: base-23 digits (the bias from 2^128 mod 23^6 is
/// below one in 10^30).
fn code_from(mut bits: u128) -> String {
    let base = ALPHABET.len() as u128;
    (0..CODE_LENGTH)
        .map(|_| {
            let digit = (bits % base) as usize;
            bits /= base;
            char::from(ALPHABET[digit])
        })
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
/// socket pointed at a documentation address (RFC 5737, RFC 3849), if phones could open it.
/// Pointing a UDP socket sends nothing; it only asks the system which interface it would use.
pub fn network_ip(v6: bool) -> Option<IpAddr> {
    let (any, elsewhere) = if v6 {
        ("[::]:0", "[2001:db8::1]:9")
    } else {
        ("0.0.0.0:0", "192.0.2.1:9")
    };
    let socket = UdpSocket::bind(any).ok()?;
    socket.connect(elsewhere).ok()?;
    room_address([socket.local_addr().ok()?.ip()], v6)
}

/// Of this computer's addresses, the one to show phones: the first of the server's family (IPv6
/// or not) that another machine could open, preferring one that is not link-local (a phone
/// cannot open `fe80::` without naming an interface, and `169.254.x.x` means no network was
/// configured). Loopback and unspecified addresses are never shown; none left gives `None`.
pub fn room_address(candidates: impl IntoIterator<Item = IpAddr>, v6: bool) -> Option<IpAddr> {
    let usable: Vec<IpAddr> = candidates
        .into_iter()
        .filter(|ip| ip.is_ipv6() == v6 && !ip.is_loopback() && !ip.is_unspecified())
        .collect();
    let link_local = |ip: &IpAddr| match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_unicast_link_local(),
    };
    usable
        .iter()
        .find(|ip| !link_local(ip))
        .or(usable.first())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_unambiguous_characters_and_links_encode() {
        let c = code();
        assert_eq!(c.len(), CODE_LENGTH);
        assert_ne!(c, code(), "a fresh code each time");
        assert_eq!(code_from(0), "AAAAAA");
        assert_eq!(code_from(u128::MAX).len(), CODE_LENGTH);
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

    fn ips(list: &[&str]) -> Vec<IpAddr> {
        list.iter().map(|ip| ip.parse().unwrap()).collect()
    }

    #[test]
    fn the_room_address_is_one_another_machine_can_open() {
        let v4 = |list: &[&str]| room_address(ips(list), false).map(|ip| ip.to_string());
        let v6 = |list: &[&str]| room_address(ips(list), true).map(|ip| ip.to_string());
        // Loopback and unspecified addresses are passed over; the first usable one is shown.
        assert_eq!(
            v4(&["127.0.0.1", "0.0.0.0", "10.1.2.3", "192.168.0.9"]).as_deref(),
            Some("10.1.2.3")
        );
        // A link-local address only when there is nothing better.
        assert_eq!(
            v4(&["169.254.10.1", "192.168.0.9"]).as_deref(),
            Some("192.168.0.9")
        );
        assert_eq!(v4(&["169.254.10.1"]).as_deref(), Some("169.254.10.1"));
        // Only the server's family: an IPv4 server is never shown an IPv6 address, or back.
        assert_eq!(v4(&["fd00::7", "10.0.0.5"]).as_deref(), Some("10.0.0.5"));
        assert_eq!(
            v6(&["10.0.0.5", "fe80::1", "fd00::7"]).as_deref(),
            Some("fd00::7")
        );
        assert_eq!(v6(&["::1", "::", "fe80::1"]).as_deref(), Some("fe80::1"));
        // No route out (only loopback, or nothing at all): none, so the bound address stays.
        assert_eq!(v4(&["127.0.0.1", "0.0.0.0"]), None);
        assert_eq!(v6(&["::1", "10.0.0.5"]), None);
        assert_eq!(v4(&[]), None);
    }
}
