//! The pages served without the app's WebAssembly (`ui::plain_pages`), through the real server: a
//! participant's pages and the driver's list name their plain scripts and no bundle; a staff page
//! names the bundle; a refusal carries its sentence in a header for those scripts to show.

use crate::access::{cookie_for, demo_server};
use turnaround::people::Role;

/// The addresses of the page's `<script src=…>` elements.
fn scripts(page: &str) -> Vec<String> {
    page.split("<script src=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(str::to_owned))
        .collect()
}

fn names_bundle(page: &str) -> bool {
    page.contains(".wasm") || page.contains("modulepreload")
}

#[tokio::test]
async fn participants_and_the_driver_get_plain_scripts_and_staff_the_bundle() {
    let (server, db, _dir) = demo_server().await;
    let participant = cookie_for(&server, &db, Role::Participant).await;
    let driver = cookie_for(&server, &db, Role::Driver).await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;

    for (path, cookie) in [
        ("/sign-in", None),
        ("/my", Some(&participant)),
        ("/calendar", Some(&participant)),
    ] {
        let page = server.get(path, cookie.map(String::as_str));
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert!(
            !names_bundle(&page.body),
            "{path} names the bundle: {}",
            page.body
        );
        let scripts = scripts(&page.body);
        assert!(
            scripts.iter().any(|src| src.starts_with("/plain-page.js")),
            "{path}: {scripts:?}"
        );
        assert!(
            !scripts.iter().any(|src| src.starts_with("/pickup-list.js")),
            "{path}"
        );
    }

    let list = server.get("/driver", Some(&driver));
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(!names_bundle(&list.body), "{}", list.body);
    let list_scripts = scripts(&list.body);
    for script in ["/plain-page.js", "/pickup-list.js"] {
        assert!(
            list_scripts.iter().any(|src| src.starts_with(script)),
            "{script}: {list_scripts:?}"
        );
    }
    // The queue finds each passenger by run and booking.
    assert!(list.body.contains("data-run=\""), "{}", list.body);
    assert!(list.body.contains("data-booking=\""), "{}", list.body);

    let week = server.get("/", Some(&tutor));
    assert_eq!(week.status, 200);
    assert!(names_bundle(&week.body), "{}", week.body);
    assert!(!scripts(&week.body)
        .iter()
        .any(|src| src.starts_with("/plain-page.js")));

    // Where the release build's site is there (CI builds it after these tests), each plain
    // script is linked by its content's version and kept by browsers for a year.
    for src in list_scripts.iter().filter(|src| src.contains("?v=")) {
        let script = server.get(src, None);
        assert_eq!(script.status, 200, "{src}");
        assert_eq!(
            script.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{src}"
        );
    }
    let bare = server.get("/plain-page.js", None);
    assert_ne!(
        bare.header("cache-control"),
        Some("public, max-age=31536000, immutable"),
        "without a version the script is not kept for good"
    );
}

#[tokio::test]
async fn a_refusal_carries_its_sentence_for_the_plain_scripts() {
    let (server, db, _dir) = demo_server().await;
    let driver = cookie_for(&server, &db, Role::Driver).await;
    let refused = server.post(
        "/api/mark_passenger",
        "run=999999&booking=999999&mark=boarded&marked_at=",
        Some(&driver),
    );
    assert_eq!(refused.status, 404, "{}", refused.body);
    let said = refused
        .header("x-turnaround-said")
        .expect("the sentence header");
    assert!(said.is_ascii() && !said.contains(' '), "{said}");
    assert!(said.starts_with("We%20could%20not%20find%20"), "{said}");
    // Signed out, the answer says so in the same way.
    let signed_out = server.post(
        "/api/mark_passenger",
        "run=1&booking=1&mark=boarded&marked_at=",
        None,
    );
    assert_eq!(signed_out.status, 401);
    assert_eq!(
        signed_out.header("x-turnaround-said"),
        Some("Please%20sign%20in%20first.")
    );
}

/// Without JavaScript a form's refusal comes back to its page in the address. The page shows it
/// to the person whose form was refused, once; the same address opened by anyone else (a link
/// sent to them), or opened again, is sent on without it.
#[tokio::test]
async fn a_refusal_in_the_address_shows_only_to_whoever_it_was_sent_to_and_once() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let driver = cookie_for(&server, &db, Role::Driver).await;
    let page = format!("{}/claims", server.origin());
    let refused = server.request_with(
        "POST",
        "/api/send_claim",
        "month=the+eleventh",
        Some(&tutor),
        &[
            ("Origin", server.origin().as_str()),
            ("Accept", "text/html"),
            ("Referer", page.as_str()),
        ],
    );
    assert!(
        (300..400).contains(&refused.status),
        "{}: {}",
        refused.status,
        refused.body
    );
    let back = refused.header("location").expect("back to the page");
    assert!(back.contains("__err="), "{back}");
    let back = back.trim_start_matches(&server.origin()).to_owned();

    // Someone else given the link: sent on to the page without the sentence.
    let elsewhere = server.get(&back, Some(&driver));
    assert_eq!(elsewhere.status, 303, "{}", elsewhere.body);
    assert_eq!(elsewhere.header("location"), Some("/claims"));

    let shown = server.get(&back, Some(&tutor));
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert!(
        shown.body.contains("Choose a month like 2026-11."),
        "the refusal on its page"
    );
    let again = server.get(&back, Some(&tutor));
    assert_eq!(again.status, 303, "shown once");
    assert_eq!(again.header("location"), Some("/claims"));

    // Other parts of the address stay.
    let kept = server.get("/claims?month=2026-03&__path=x&__err=eyJ9", Some(&tutor));
    assert_eq!(kept.status, 303);
    assert_eq!(kept.header("location"), Some("/claims?month=2026-03"));
}
