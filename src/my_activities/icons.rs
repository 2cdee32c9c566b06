//! A simple picture beside each activity's name, for people who find words hard. Drawn as a few
//! strokes of inline SVG: no image requests, sharp on any screen, and in the text's colour.

use leptos::prelude::*;

use crate::scheduling::session::ActivityKind;

/// The outline paths of each picture (24×24, stroked).
fn paths(activity: &str, kind: ActivityKind) -> &'static str {
    let name = activity.to_lowercase();
    if name.contains("tennis") {
        // A ball with its seam.
        "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M5.6 5.6c3.5 3.5 3.5 9.3 0 12.8M18.4 5.6c-3.5 3.5-3.5 9.3 0 12.8"
    } else if name.contains("fish") {
        // A fish.
        "M3 12c3-5 10-6 14-2l4-3v10l-4-3c-4 4-11 3-14-2zM14 11h.01"
    } else {
        match kind {
            // A running track's whistle would be abstract; a simple ball reads as "sport".
            ActivityKind::Sport => {
                "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18"
            }
            // An open book.
            ActivityKind::Course => {
                "M3 5c3-1 6-1 9 1c3-2 6-2 9-1v14c-3-1-6-1-9 1c-3-2-6-2-9-1zM12 6v14"
            }
            // A seedling.
            ActivityKind::CommunityProject => {
                "M12 21v-9M12 12c0-4 3-7 8-7c0 5-3 7-8 7M12 14c0-3-2-5-7-5c0 4 2 5 7 5M6 21h12"
            }
            // Two speech bubbles.
            ActivityKind::Mentoring => "M3 5h11v7H8l-3 3v-3H3zM10 15h3l3 3v-3h5V8h-4",
        }
    }
}

#[component]
pub fn ActivityIcon(activity: String, kind: ActivityKind) -> impl IntoView {
    view! {
        <svg
            class="activity-icon"
            viewBox="0 0 24 24"
            width="32"
            height="32"
            aria-hidden="true"
            focusable="false"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
        >
            <path d=paths(&activity, kind) />
        </svg>
    }
}
