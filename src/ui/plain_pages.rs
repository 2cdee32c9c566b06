//! Which pages a phone gets without the app's WebAssembly.
//!
//! A participant's pages (sign-in, My activities, the calendar link, the invite that creates
//! their account) and the driver's pick-up list are complete as server-rendered HTML with plain
//! forms. The app's WebAssembly holds the planner, the transport board and every admin page, and
//! a participant on pay-as-you-go data, or a driver in a car park, would pay for all of it; so
//! these pages come with a few kilobytes of plain script instead: `public/plain-page.js` (forms
//! answered in place, a refresh while open and when the phone is back online) and, on the
//! driver's list, `public/pickup-list.js` (ticks kept on the phone until the server has them);
//! on the claimant's expenses, `public/claim-form.js` (a receipt photo sent, and sent again).
//! Links to them from the running app are full page loads (`rel="external"`), so the app never
//! draws one of them itself.

/// The pages served without WebAssembly, by path.
const PLAIN_PAGES: [&str; 7] = [
    "/sign-in",
    "/my",
    "/my/goals",
    "/my/wellbeing",
    "/calendar",
    "/driver",
    "/claims",
];

/// Pages under these paths are plain too: `/invite/{token}` (a participant's first visit) and
/// the referral forms `/refer/{token}` and `/refer/self` (anyone, on any device).
const PLAIN_PREFIXES: [&str; 2] = ["/invite/", "/refer/"];

/// Whether the page at `path` (no query) is served without WebAssembly.
pub fn is_plain(path: &str) -> bool {
    let path = without_trailing_slash(path);
    PLAIN_PAGES.contains(&path) || PLAIN_PREFIXES.iter().any(|prefix| path.starts_with(prefix))
}

/// The scripts (in `public/`) a page at `path` loads instead of the app's WebAssembly; none for
/// the pages the app draws.
pub fn scripts(path: &str) -> &'static [&'static str] {
    if without_trailing_slash(path) == "/driver" {
        &["/plain-page.js", "/pickup-list.js"]
    } else if without_trailing_slash(path) == "/claims" {
        &["/plain-page.js", "/claim-form.js"]
    } else if is_plain(path) {
        &["/plain-page.js"]
    } else {
        &[]
    }
}

fn without_trailing_slash(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed,
        _ => path,
    }
}

/// `rel` for a link to `href`: "external" makes the running app load a plain page from the
/// server (Leptos's router leaves such links to the browser) rather than draw it itself.
pub fn link_rel(href: &str) -> Option<&'static str> {
    is_plain(href).then_some("external")
}

#[cfg(test)]
mod tests {
    use super::{is_plain, link_rel, scripts};

    #[test]
    fn a_participants_pages_are_plain_and_staff_pages_are_not() {
        for path in [
            "/sign-in",
            "/my",
            "/my/",
            "/calendar",
            "/driver",
            "/invite/abc123",
            "/refer/self",
            "/refer/abc123",
        ] {
            assert!(
                is_plain(path),
                "{path} should be served without WebAssembly"
            );
        }
        for path in [
            "/",
            "/transport",
            "/plan",
            "/people",
            "/mycalendar",
            "/invite",
            "/referrals",
            "/referrals/partners",
        ] {
            assert!(!is_plain(path), "{path} needs the app's WebAssembly");
        }
    }

    #[test]
    fn the_drivers_list_also_loads_its_tick_queue() {
        assert_eq!(scripts("/driver"), ["/plain-page.js", "/pickup-list.js"]);
        assert_eq!(scripts("/my"), ["/plain-page.js"]);
        assert!(scripts("/transport").is_empty());
    }

    #[test]
    fn links_to_plain_pages_leave_the_running_app() {
        assert_eq!(link_rel("/my"), Some("external"));
        assert_eq!(link_rel("/plan"), None);
    }
}
