//! Private calendar feeds: each person's sessions (and, for staff, what they lead and drive) as
//! an iCalendar link their phone's calendar subscribes to, and the page that hands it out.
//!
//! The feed (`GET /calendar/{token}.ics`) is read by calendar apps, which send no cookies: it
//! is served before the sign-in layer and the secret in the link is the only key. Titles are
//! neutral ("Tennis"), and nobody else's name is ever in a feed, because the feed is copied to
//! Google's or Apple's servers.

use serde::{Deserialize, Serialize};

pub mod calendar_api;
pub mod calendar_page;
pub mod ics;
pub mod token;

#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod serve;

/// A person's calendar link in every form the page offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedLink {
    /// `https://…/calendar/{token}.ics`: to copy, or paste into any calendar app.
    pub url: String,
    /// The same as `webcal://…`: phones open it in their calendar app and subscribe.
    pub webcal_url: String,
    /// Google Calendar's "add by URL" page for it.
    pub google_url: String,
    /// The `webcal://` address as a QR code (SVG), to scan with a phone from a bigger screen.
    pub qr_svg: String,
    /// What this person's feed holds, one short sentence per part.
    pub holds: Vec<String>,
}

/// The feed's address for `token` under the site's public address (no trailing slash).
pub fn feed_url(public_url: &str, token: &str) -> String {
    format!("{}/calendar/{token}.ics", public_url.trim_end_matches('/'))
}

/// The same address for calendar apps: `webcal://` instead of `http(s)://`.
pub fn webcal_url(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    format!("webcal://{rest}")
}

/// Google Calendar's page for subscribing to `webcal`.
pub fn google_url(webcal: &str) -> String {
    format!(
        "https://calendar.google.com/calendar/render?cid={}",
        percent_encode(webcal)
    )
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The token in a feed path (`/calendar/{token}.ics`), when the path is one.
pub fn token_in_path(path: &str) -> Option<token::FeedToken> {
    let file = path.strip_prefix("/calendar/")?;
    token::FeedToken::parse(file.strip_suffix(".ics")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_6";

    #[test]
    fn links_are_built_on_the_public_address() {
        let url = feed_url("https://turnaround.example.org/", TOKEN);
        assert_eq!(
            url,
            format!("https://turnaround.example.org/calendar/{TOKEN}.ics")
        );
        let webcal = webcal_url(&url);
        assert_eq!(
            webcal,
            format!("webcal://turnaround.example.org/calendar/{TOKEN}.ics")
        );
        assert_eq!(
            google_url(&webcal),
            format!(
                "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fturnaround.example.org%2Fcalendar%2F{TOKEN}.ics"
            )
        );
        assert_eq!(
            webcal_url("http://127.0.0.1:3000/calendar/x.ics"),
            "webcal://127.0.0.1:3000/calendar/x.ics"
        );
    }

    #[test]
    fn only_well_formed_feed_paths_carry_a_token() {
        let path = format!("/calendar/{TOKEN}.ics");
        assert_eq!(
            token_in_path(&path).map(|t| t.as_str().to_owned()),
            Some(TOKEN.to_owned())
        );
        assert!(token_in_path("/calendar").is_none());
        assert!(token_in_path(&format!("/calendar/{TOKEN}")).is_none());
        assert!(token_in_path(&format!("/calendar/{TOKEN}.ics/x")).is_none());
        assert!(token_in_path("/calendar/short.ics").is_none());
        assert!(token_in_path(&format!("/other/{TOKEN}.ics")).is_none());
    }
}
