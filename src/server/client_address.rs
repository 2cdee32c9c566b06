//! Who is on the other end of a request: the TCP peer, or — when the peer is one of our own
//! reverse proxies — the address that proxy says it forwarded for.
//!
//! The sign-in back-off, the anonymous-request limit and the audit log all key on this address.
//! Behind Caddy or nginx every request arrives from the proxy, so without this one person's 30
//! wrong passwords would lock everybody out. `X-Forwarded-For` is believed only from the proxies
//! listed in `TURNAROUND_TRUSTED_PROXIES`: anyone else could write anything in it.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// The address a request is treated as coming from; put on every request by [`identify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// An address or a CIDR range (`10.0.0.0/8`, `::1`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressRange {
    network: IpAddr,
    prefix: u8,
}

impl AddressRange {
    /// Reads `203.0.113.7`, `10.0.0.0/8` or `fd00::/8`. The error is the sentence for the
    /// operator.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = address
            .parse()
            .map_err(|_| format!("“{text}” is not an IP address or a range like 10.0.0.0/8"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|bits| *bits <= max)
                .ok_or_else(|| format!("“{text}” has a prefix length outside 0–{max}"))?,
        };
        Ok(Self { network, prefix })
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.network, canonical(address)) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                same_prefix(&network.octets(), &address.octets(), self.prefix)
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                same_prefix(&network.octets(), &address.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

/// An IPv4 peer on a dual-stack socket shows up as `::ffff:a.b.c.d`: compare it as IPv4.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn same_prefix(a: &[u8], b: &[u8], bits: u8) -> bool {
    let bits = usize::from(bits);
    let (whole, rest) = (bits / 8, bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    (a[whole] & mask) == (b[whole] & mask)
}

/// `TURNAROUND_TRUSTED_PROXIES`: addresses and ranges separated by commas or spaces.
pub fn parse_trusted(text: &str) -> Result<Vec<AddressRange>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(AddressRange::parse)
        .collect()
}

/// The client's address. The forwarded list is read from the right (the hop nearest us) and
/// every trusted proxy is skipped: the first address not ours is the client. A header from an
/// untrusted peer is ignored, and so is one that cannot be read.
pub fn client_of(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[AddressRange]) -> IpAddr {
    let is_trusted = |address: IpAddr| trusted.iter().any(|range| range.contains(address));
    if !is_trusted(peer) {
        return canonical(peer);
    }
    let Some(header) = forwarded_for else {
        return canonical(peer);
    };
    let mut hops = Vec::new();
    for part in header.split(',') {
        match part.trim().parse::<IpAddr>() {
            Ok(address) => hops.push(address),
            // A garbled list cannot be trusted in part.
            Err(_) => return canonical(peer),
        }
    }
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        client = hop;
        if !is_trusted(hop) {
            break;
        }
    }
    canonical(client)
}

/// Middleware: works out [`ClientAddress`] once and puts it on the request for everything after.
pub async fn identify(
    State(trusted): State<Arc<Vec<AddressRange>>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    let forwarded = (!forwarded.is_empty()).then_some(forwarded.as_str());
    let client = client_of(peer, forwarded, &trusted);
    request.extensions_mut().insert(ClientAddress(client));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn ranges_read_and_match() {
        let range = AddressRange::parse("10.0.0.0/8").unwrap();
        assert!(range.contains(ip("10.200.3.4")));
        assert!(!range.contains(ip("11.0.0.1")));
        assert!(
            range.contains(ip("::ffff:10.1.2.3")),
            "IPv4 on a dual-stack socket"
        );
        let single = AddressRange::parse("127.0.0.1").unwrap();
        assert!(single.contains(ip("127.0.0.1")) && !single.contains(ip("127.0.0.2")));
        let v6 = AddressRange::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        let odd = AddressRange::parse("192.168.0.0/23").unwrap();
        assert!(odd.contains(ip("192.168.1.255")) && !odd.contains(ip("192.168.2.0")));
        assert!(AddressRange::parse("0.0.0.0/0")
            .unwrap()
            .contains(ip("8.8.8.8")));
        for bad in ["", "proxy", "10.0.0.0/33", "::/129", "10.0.0.0/x"] {
            assert!(AddressRange::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_trusted("127.0.0.1, 10.0.0.0/8 ::1").unwrap().len(), 3);
        assert!(parse_trusted("127.0.0.1,nonsense").is_err());
    }

    #[test]
    fn the_forwarded_address_is_believed_only_from_a_trusted_proxy() {
        let trusted = parse_trusted("10.0.0.2").unwrap();
        // Through our proxy: the address it saw.
        assert_eq!(
            client_of(ip("10.0.0.2"), Some("203.0.113.9"), &trusted),
            ip("203.0.113.9")
        );
        // Straight to us, with a made-up header: the header is ignored.
        assert_eq!(
            client_of(ip("198.51.100.1"), Some("203.0.113.9"), &trusted),
            ip("198.51.100.1")
        );
        // A client that sends its own header through our proxy cannot choose its address:
        // the proxy appends the real one, and that is the one read.
        assert_eq!(
            client_of(ip("10.0.0.2"), Some("1.2.3.4, 203.0.113.9"), &trusted),
            ip("203.0.113.9")
        );
        // No header, or a garbled one: the peer.
        assert_eq!(client_of(ip("10.0.0.2"), None, &trusted), ip("10.0.0.2"));
        assert_eq!(
            client_of(ip("10.0.0.2"), Some("not an address"), &trusted),
            ip("10.0.0.2")
        );
        // Nobody trusted (the default): always the peer.
        assert_eq!(
            client_of(ip("10.0.0.2"), Some("203.0.113.9"), &[]),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn chained_proxies_are_skipped_from_the_right() {
        let trusted = parse_trusted("10.0.0.0/8").unwrap();
        assert_eq!(
            client_of(ip("10.0.0.2"), Some("203.0.113.9, 10.0.0.7"), &trusted),
            ip("203.0.113.9")
        );
        // Every hop is ours: the furthest one.
        assert_eq!(
            client_of(ip("10.0.0.2"), Some("10.0.0.9, 10.0.0.7"), &trusted),
            ip("10.0.0.9")
        );
    }
}
