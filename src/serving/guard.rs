//! What every request passes and every response carries: `Host` and `Origin` checked (so a web
//! page elsewhere cannot reach the server by DNS rebinding or a cross-site request), the body
//! read within its time and size, and the security headers on every response, JSON included.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// The security headers, as name and value. The referrer goes only to this server itself:
/// `no-referrer` would make browsers send `Origin: null` with every form, which the origin
/// check must refuse.
const SECURITY: [(&str, &str); 7] = [
    (
        "content-security-policy",
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("cache-control", "no-store"),
];

/// The security headers as raw HTTP lines, for answers written before HTTP is parsed.
pub const RAW: &str = "Content-Security-Policy: default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: same-origin\r\nCross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Resource-Policy: same-origin\r\nCache-Control: no-store\r\n";

/// A refusal in the shell's own form (JSON for the phones' API, a page for the web shell).
pub type Problem = fn(StatusCode, &str) -> Response;

/// What the guard needs to know.
#[derive(Debug, Clone)]
pub struct Guard {
    /// The port the server is bound to, which a `Host` naming an IP address or `localhost`
    /// must carry.
    pub port: u16,
    /// The host name (and port) users reach the server at besides its addresses: the name in
    /// the workshop's `--url` or the web shell's `--public-url`, behind a proxy or not.
    pub public: Option<(String, u16)>,
    pub body_timeout: Duration,
    pub max_body: usize,
    /// How a refused request is answered.
    pub problem: Problem,
    /// What a refused `Host` is told.
    pub wrong_host: &'static str,
    /// The methods and paths (prefixes) another site may reach: where a trust's LMS launches
    /// a course unit. Their handlers check who is asking; everything else still answers only
    /// this server's own pages.
    pub entrances: &'static [(&'static str, &'static str)],
}

/// Adds the security headers to a response.
fn secure(mut r: Response) -> Response {
    let h = r.headers_mut();
    for (name, value) in SECURITY {
        // A handler may set its own opener policy: a page the LMS's window opened keeps its
        // opener, to report the result back to it.
        if name == "cross-origin-opener-policy" && h.contains_key(name) {
            continue;
        }
        h.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    r
}

/// The middleware: checks `Host` and `Origin`, reads the body in time, and secures the answer.
pub async fn guard(State(g): State<Guard>, req: Request, next: Next) -> Response {
    let problem = g.problem;
    if !host_allowed(req.headers(), &g) {
        return secure(problem(StatusCode::MISDIRECTED_REQUEST, g.wrong_host));
    }
    let entrance = g
        .entrances
        .iter()
        .any(|(m, p)| req.method().as_str() == *m && req.uri().path().starts_with(p));
    if !entrance && !origin_allowed(req.headers()) {
        return secure(problem(
            StatusCode::FORBIDDEN,
            "Requests from other web pages are refused. Open the address you were given.",
        ));
    }
    let (parts, body) = req.into_parts();
    let bytes =
        match tokio::time::timeout(g.body_timeout, axum::body::to_bytes(body, g.max_body)).await {
            Ok(Ok(b)) => b,
            Ok(Err(_)) => {
                return secure(closing(problem(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "That request is too large.",
                )));
            }
            Err(_) => {
                return secure(closing(problem(
                    StatusCode::REQUEST_TIMEOUT,
                    "That request took too long to arrive.",
                )));
            }
        };
    let req = Request::from_parts(parts, Body::from(bytes));
    secure(next.run(req).await)
}

/// Marks a response as the last on its connection (the rest of its body was never read).
fn closing(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// `Host` must name this server by an IP address or `localhost` with its port, or by its public
/// name and port. A name that merely resolves here (DNS rebinding) is refused.
fn host_allowed(headers: &HeaderMap, g: &Guard) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Ok(authority) = host.parse::<axum::http::uri::Authority>() else {
        return false;
    };
    let name = authority.host();
    let on = |port: u16| authority.port_u16().unwrap_or(80) == port;
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    let local = bare.parse::<std::net::IpAddr>().is_ok() || name.eq_ignore_ascii_case("localhost");
    let public = g.public.as_ref().is_some_and(|(h, port)| {
        h.eq_ignore_ascii_case(name)
            && (on(*port) || (authority.port_u16().is_none() && *port == 443))
    });
    (local && on(g.port)) || public
}

/// A request that says where it comes from must come from this server's own page.
fn origin_allowed(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin.to_str().ok(), host) {
        (Some(o), Some(h)) => o
            .strip_prefix("http://")
            .or_else(|| o.strip_prefix("https://"))
            .is_some_and(|rest| rest.eq_ignore_ascii_case(h)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_this_servers_names_and_own_page_are_answered() {
        let g = Guard {
            port: 8123,
            public: Some(("canteen.local".into(), 8123)),
            body_timeout: Duration::from_secs(1),
            max_body: 1024,
            problem: |s, _| s.into_response(),
            wrong_host: "",
            entrances: &[],
        };
        for ok in [
            "10.1.2.3:8123",
            "[fd00::7]:8123",
            "localhost:8123",
            "CANTEEN.local:8123",
        ] {
            assert!(host_allowed(&headers(&[("host", ok)]), &g), "{ok}");
        }
        for bad in ["evil.example:8123", "10.1.2.3:80", "10.1.2.3", "", "a b"] {
            assert!(!host_allowed(&headers(&[("host", bad)]), &g), "{bad:?}");
        }
        assert!(!host_allowed(&HeaderMap::new(), &g), "no Host at all");
        let h = "10.1.2.3:8123";
        assert!(origin_allowed(&headers(&[("host", h)])));
        assert!(origin_allowed(&headers(&[
            ("host", h),
            ("origin", "http://10.1.2.3:8123")
        ])));
        assert!(!origin_allowed(&headers(&[
            ("host", h),
            ("origin", "http://evil.example")
        ])));
        assert!(!origin_allowed(&headers(&[
            ("host", h),
            ("origin", "null")
        ])));
        assert!(!origin_allowed(&headers(&[
            ("host", h),
            ("sec-fetch-site", "cross-site")
        ])));
    }
}
