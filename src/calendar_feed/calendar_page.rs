//! "Add to your phone's calendar" (`/calendar`): the person's own feed link as a button for
//! phones, a Google Calendar button, a QR code and a box to copy from, and making a new link.
//! Everything works without JavaScript: the buttons are links and the reset is a plain form. It is
//! served without the app's WebAssembly (`ui::plain_pages`); `public/plain-page.js` sends the
//! reset in the background.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::calendar_api::{calendar_link, ResetCalendarLink};
use super::FeedLink;
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

#[component]
pub fn CalendarPage() -> impl IntoView {
    let reset = ServerAction::<ResetCalendarLink>::new();
    let link = Resource::new(move || reset.version().get(), |_| calendar_link());
    let query = use_query_map();
    let confirming = move || query.read().get("new").is_some();
    let made = move || query.read().get("made").is_some();
    view! {
        <Title text="Add to your phone's calendar" />
        <section class="calendar-page" data-answers-here="">
            <h1>"Add to your phone's calendar"</h1>
            <p class="calendar-intro">
                "Your activities can show in your phone's calendar. When something changes, your calendar changes too."
            </p>
            {move || {
                made()
                    .then(|| {
                        view! {
                            <p class="notice" role="status">
                                "Done. This is your new link. Add it to your calendar again."
                            </p>
                        }
                    })
            }}
            {action_error(reset)}
            {when_loaded(link, "Loading your link…", |link| view! { <LinkView link /> })}
            <section class="calendar-reset" aria-labelledby="calendar-reset-heading">
                <h2 id="calendar-reset-heading">"Gave your link to someone by mistake?"</h2>
                <p>"Anyone with your link can see your calendar. You can make a new link."</p>
                {move || {
                    if confirming() {
                        view! {
                            <div class="notice calendar-confirm">
                                <p>
                                    <strong>"Your old link will stop working."</strong>
                                </p>
                                <p>"You will need to add the new link to your calendar again."</p>
                                <div class="calendar-buttons">
                                    <ActionForm action=reset>
                                        <button type="submit" class="button danger">
                                            "Yes, make a new link"
                                        </button>
                                    </ActionForm>
                                    <a class="button" href="/calendar">
                                        "Keep my link"
                                    </a>
                                </div>
                            </div>
                        }
                            .into_any()
                    } else {
                        view! {
                            <a class="button" href="/calendar?new=1">
                                "Make a new link"
                            </a>
                        }
                            .into_any()
                    }
                }}
            </section>
        </section>
    }
}

#[component]
fn LinkView(link: FeedLink) -> impl IntoView {
    let holds = link
        .holds
        .into_iter()
        .map(|part| view! { <li>{part}</li> })
        .collect_view();
    view! {
        <div class="calendar-buttons">
            <a class="button primary calendar-button" href=link.webcal_url>
                "Add to my calendar"
            </a>
            <a
                class="button calendar-button"
                href=link.google_url
                target="_blank"
                rel="noopener noreferrer"
            >
                "Add to Google Calendar"
            </a>
        </div>
        <p class="hint-text">
            "“Add to my calendar” works on iPhones and most Android phones. Use the Google button if you use Google Calendar."
        </p>
        <h2>"What is in it"</h2>
        <ul class="calendar-holds">{holds}</ul>
        <p>
            "The last month and the months ahead. Titles only say the activity, like “Tennis”. Your phone reminds you the evening before and an hour before you leave."
        </p>
        <h2>"On a computer?"</h2>
        <p>"Scan this code with your phone's camera."</p>
        <div class="qr" inner_html=link.qr_svg></div>
        <label class="calendar-link-label" for="calendar-link">
            "Or copy your link"
        </label>
        <input id="calendar-link" class="calendar-link" type="text" readonly value=link.url />
    }
}
