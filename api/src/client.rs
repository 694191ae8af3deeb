//! The address of the client behind a request.
//!
//! It is the connection's peer, unless that peer is a reverse proxy the operator listed in
//! `trusted_proxies`: then it is the nearest address in `X-Forwarded-For` that is not itself
//! a trusted proxy, read from the right, since each proxy appends the peer it saw and only
//! the entries added by trusted proxies can be believed. Anyone else's `X-Forwarded-For` (or
//! `Forwarded`) is ignored, so a client cannot choose the address it is counted under.

use crate::state::AppState;
use actix_web::http::header::HeaderName;
use actix_web::{HttpRequest, web};
use std::net::IpAddr;

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// The client's address under the server's configured trusted proxies (none in a request
/// built without the server's state), IPv4-mapped IPv6 addresses as IPv4; `None` without a
/// TCP peer.
pub fn address(request: &HttpRequest) -> Option<IpAddr> {
    let trusted = request
        .app_data::<web::Data<AppState>>()
        .map_or(&[][..], |state| state.config.trusted_proxies.as_slice());
    address_behind(request, trusted)
}

/// The `trusted_proxies` setting: comma-separated IP addresses, blank entries ignored.
pub fn parse_proxies(list: &str) -> Result<Vec<IpAddr>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpAddr>()
                .map(|ip| ip.to_canonical())
                .map_err(|_| format!("{entry:?} is not an IP address"))
        })
        .collect()
}

/// The client's address when `trusted_proxies` are the proxies whose word counts.
fn address_behind(request: &HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = request.peer_addr()?.ip().to_canonical();
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let mut hops: Vec<&str> = Vec::new();
    for value in request.headers().get_all(X_FORWARDED_FOR) {
        // A header that is not text cannot be read hop by hop: keep the peer.
        let Ok(value) = value.to_str() else {
            return Some(peer);
        };
        hops.extend(value.split(','));
    }
    for hop in hops.iter().rev() {
        match hop.trim().parse::<IpAddr>().map(|ip| ip.to_canonical()) {
            Ok(hop) if trusted_proxies.contains(&hop) => continue,
            Ok(hop) => return Some(hop),
            // Garbage (or a port, which proxies do not add here): stop believing the rest.
            Err(_) => break,
        }
    }
    Some(peer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn address_of(peer: &str, forwarded: &[&str], trusted: &[&str]) -> Option<String> {
        let mut request = TestRequest::default().peer_addr(peer.parse().unwrap());
        for value in forwarded {
            request = request.append_header(("x-forwarded-for", *value));
        }
        let trusted: Vec<IpAddr> = trusted.iter().map(|ip| ip.parse().unwrap()).collect();
        address_behind(&request.to_http_request(), &trusted).map(|ip| ip.to_string())
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let got = |peer, forwarded: &[&str], trusted: &[&str]| {
            address_of(peer, forwarded, trusted).unwrap()
        };
        assert_eq!(got("192.0.2.9:1", &["198.51.100.7"], &[]), "192.0.2.9");
        assert_eq!(
            got("10.0.0.5:1", &["198.51.100.7"], &["10.0.0.5"]),
            "198.51.100.7"
        );
        // A client's own claim to the left of what the proxy appended is not believed.
        assert_eq!(
            got("10.0.0.5:1", &["1.2.3.4, 198.51.100.7"], &["10.0.0.5"]),
            "198.51.100.7"
        );
        // Chained trusted proxies are skipped, across repeated headers too.
        assert_eq!(
            got(
                "10.0.0.5:1",
                &["198.51.100.7", "10.0.0.6"],
                &["10.0.0.5", "10.0.0.6"]
            ),
            "198.51.100.7"
        );
        assert_eq!(got("10.0.0.5:1", &["not an ip"], &["10.0.0.5"]), "10.0.0.5");
        assert_eq!(got("10.0.0.5:1", &[], &["10.0.0.5"]), "10.0.0.5");
        assert_eq!(
            got("[::ffff:10.0.0.5]:1", &["198.51.100.7"], &["10.0.0.5"]),
            "198.51.100.7"
        );
    }
}
