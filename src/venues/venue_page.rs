//! One venue: its details, its spaces (and which are part of a larger one) and its opening
//! hours. Everyone who plans reads it; coordinators and team leaders also get the forms, each a
//! plain form that works without JavaScript and comes back to this page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::hours::DayHours;
use super::venues_api::{
    load_venue, AddSpace, RemoveSpace, SaveOpeningHours, UpdateSpace, UpdateVenue,
};
use super::venues_page::VenueFields;
use super::{SpaceRecord, VenueId, VenueRecord, PARTS_RULE};
use crate::days_and_times::{day_name, day_number, WEEK};
use crate::error::AppError;
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;
use crate::ui::route::id_param;

/// The page's forms. Each reloads the venue when it succeeds.
#[derive(Clone, Copy)]
struct Actions {
    details: ServerAction<UpdateVenue>,
    add_space: ServerAction<AddSpace>,
    update_space: ServerAction<UpdateSpace>,
    remove_space: ServerAction<RemoveSpace>,
    hours: ServerAction<SaveOpeningHours>,
}

impl Actions {
    fn new() -> Self {
        Self {
            details: ServerAction::new(),
            add_space: ServerAction::new(),
            update_space: ServerAction::new(),
            remove_space: ServerAction::new(),
            hours: ServerAction::new(),
        }
    }

    /// Changes whenever any of the forms has been answered.
    fn version(&self) -> usize {
        self.details.version().get()
            + self.add_space.version().get()
            + self.update_space.version().get()
            + self.remove_space.version().get()
            + self.hours.version().get()
    }
}

#[component]
pub fn VenuePage() -> impl IntoView {
    let actions = Actions::new();
    let record = Resource::new(
        move || (id_param(), actions.version()),
        |(id, _)| async move {
            match id {
                Some(id) => load_venue(VenueId(id)).await,
                None => Err(AppError::NotFound("that venue".into())),
            }
        },
    );
    view! {
        <Title text="Venue" />
        {when_loaded(record, "Loading…", move |venue| view! { <VenueView venue actions /> })}
    }
}

#[component]
fn VenueView(venue: VenueRecord, actions: Actions) -> impl IntoView {
    let manage = venue.may_manage;
    let maps = venue.maps_link();
    let details_form = manage.then(|| {
        let venue = venue.clone();
        view! {
            <details class="edit-details">
                <summary>"Change these details"</summary>
                <ActionForm action=actions.details attr:class="form">
                    <input type="hidden" name="id" value=venue.id.to_string() />
                    <VenueFields venue />
                    <button class="button primary" type="submit">"Save details"</button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <div class="page-header">
            <h1>{venue.name.clone()}</h1>
            <A href="/venues" attr:class="button">"All venues"</A>
        </div>
        {action_error(actions.details)}
        <dl class="details">
            <dt>"Address"</dt>
            <dd>
                {venue.address.clone()}
                {maps.map(|href| view! { " " <a href=href rel="noopener" target="_blank">"Open in maps"</a> })}
            </dd>
            {venue.access_notes.clone().map(|notes| view! { <dt>"Access"</dt><dd>{notes}</dd> })}
        </dl>
        {details_form}
        <Spaces venue=venue.clone() actions />
        <Hours venue actions />
    }
}

#[component]
fn Spaces(venue: VenueRecord, actions: Actions) -> impl IntoView {
    let manage = venue.may_manage;
    let items = venue
        .spaces
        .iter()
        .map(|space| {
            let part_of = space
                .part_of
                .and_then(|whole| venue.space_name(whole))
                .map(|whole| view! { <span class="tag">{format!("Part of {whole}")}</span> });
            let used = match space.sessions {
                0 => "No sessions yet".to_owned(),
                1 => "1 session".to_owned(),
                n => format!("{n} sessions"),
            };
            let form = manage
                .then(|| view! { <SpaceForm venue=venue.clone() space=space.clone() actions /> });
            view! {
                <li class="admin-card" class:space-part=space.part_of.is_some()>
                    <h3 class="admin-card-title">{space.name.clone()}</h3>
                    <p class="admin-card-meta">{part_of}" "{used}</p>
                    {form}
                </li>
            }
        })
        .collect_view();
    let empty = venue.spaces.is_empty();
    view! {
        <h2>"Spaces"</h2>
        <p class="hint-text">{PARTS_RULE}</p>
        {action_error(actions.update_space)}
        {action_error(actions.remove_space)}
        {empty.then(|| view! { <p>"No spaces yet: a session needs one."</p> })}
        <ul class="admin-list">{items}</ul>
        {manage.then(|| view! { <AddSpaceForm venue actions /> })}
    }
}

/// The `<option>`s for "part of": none, or one of the venue's whole spaces other than `except`.
fn whole_options(
    venue: &VenueRecord,
    except: Option<&SpaceRecord>,
    selected: Option<super::SpaceId>,
) -> impl IntoView {
    let options = venue
        .wholes()
        .filter(|whole| except.is_none_or(|space| space.id != whole.id))
        .map(|whole| {
            view! {
                <option value=whole.id.to_string() selected=selected == Some(whole.id)>
                    {whole.name.clone()}
                </option>
            }
        })
        .collect_view();
    view! {
        <option value="">"Nothing: a space of its own"</option>
        {options}
    }
}

#[component]
fn SpaceForm(venue: VenueRecord, space: SpaceRecord, actions: Actions) -> impl IntoView {
    let id = space.id.to_string();
    let name_id = format!("space-{id}-name");
    let part_id = format!("space-{id}-part-of");
    let has_parts = venue.spaces.iter().any(|s| s.part_of == Some(space.id));
    let part_of = if has_parts {
        view! {
            <p class="hint-text">"It has parts, so it cannot be part of another space."</p>
            <input type="hidden" name="part_of" value="" />
        }
        .into_any()
    } else {
        view! {
            <label for=part_id.clone()>"Part of"</label>
            <select id=part_id name="part_of">{whole_options(&venue, Some(&space), space.part_of)}</select>
        }
        .into_any()
    };
    let remove_id = id.clone();
    let save = format!("Save {}", space.name);
    let remove = format!("Remove {}", space.name);
    let summary = format!("Change or remove {}", space.name);
    view! {
        <details class="edit-details space-edit">
        <summary>{summary}</summary>
        <ActionForm action=actions.update_space attr:class="form space-form">
            <input type="hidden" name="id" value=id />
            <label for=name_id.clone()>"Name"</label>
            <input id=name_id name="name" required maxlength="100" autocomplete="off" value=space.name />
            {part_of}
            <button class="button" type="submit">{save}</button>
        </ActionForm>
        <ActionForm action=actions.remove_space attr:class="inline-form">
            <input type="hidden" name="id" value=remove_id />
            <button class="button danger" type="submit">{remove}</button>
        </ActionForm>
        </details>
    }
}

#[component]
fn AddSpaceForm(venue: VenueRecord, actions: Actions) -> impl IntoView {
    view! {
        <section class="admin-panel">
            <h3>"Add a space"</h3>
            {action_error(actions.add_space)}
            <ActionForm action=actions.add_space attr:class="form">
                <input type="hidden" name="venue" value=venue.id.to_string() />
                <label for="new-space-name">"Name"</label>
                <input id="new-space-name" name="name" required maxlength="100" autocomplete="off"
                    placeholder="Court 3, Hall, stage end…" />
                <label for="new-space-part-of">"Part of"</label>
                <select id="new-space-part-of" name="part_of">{whole_options(&venue, None, None)}</select>
                <button class="button primary" type="submit">"Add this space"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Hours(venue: VenueRecord, actions: Actions) -> impl IntoView {
    let rows = WEEK
        .into_iter()
        .map(|day| {
            let hours = venue.hours.iter().find(|h| h.weekday == day);
            let text = hours.map_or_else(|| "Closed".to_owned(), DayHours::times);
            view! { <dt>{day_name(day)}</dt><dd>{text}</dd> }
        })
        .collect_view();
    let shown = if venue.hours.is_empty() {
        view! { <p><strong>"Always open"</strong>": no hours are recorded, so sessions can be planned at any time."</p> }.into_any()
    } else {
        view! { <dl class="details hours-list">{rows}</dl> }.into_any()
    };
    view! {
        <h2>"Opening hours"</h2>
        <p class="hint-text">"A venue with no hours recorded is always open. Once hours are recorded, it is closed on the days without any."</p>
        {shown}
        {venue.may_manage.then(|| view! { <HoursForm venue actions /> })}
    }
}

#[component]
fn HoursForm(venue: VenueRecord, actions: Actions) -> impl IntoView {
    let always_open = venue.hours.is_empty();
    let days = WEEK
        .into_iter()
        .enumerate()
        .map(|(i, day)| {
            let hours = venue.hours.iter().find(|h| h.weekday == day);
            let time = |get: fn(&DayHours) -> chrono::NaiveTime, default: &str| {
                hours.map_or_else(|| default.to_owned(), |h| get(h).format("%H:%M").to_string())
            };
            let name = day_name(day);
            let field = |what: &str| format!("days[{i}][{what}]");
            let id = |what: &str| format!("hours-{i}-{what}");
            view! {
                <fieldset class="hours-day">
                    <legend>{name}</legend>
                    <input type="hidden" name=field("weekday") value=day_number(day).to_string() />
                    <label class="check">
                        <input type="checkbox" name=field("open") value="yes" checked=hours.is_some() />
                        "Open"
                    </label>
                    <label for=id("opens")>"Opens"</label>
                    <input id=id("opens") type="time" name=field("opens") value=time(|h| h.opens, "09:00") />
                    <label for=id("closes")>"Closes"</label>
                    <input id=id("closes") type="time" name=field("closes") value=time(|h| h.closes, "17:00") />
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="admin-panel">
            <h3>"Change the opening hours"</h3>
            <p class="hint-text">
                "The whole week is saved at once. New hours that would leave a planned session outside them are refused, naming the session: move or cancel it first."
            </p>
            {action_error(actions.hours)}
            <ActionForm action=actions.hours attr:class="form hours-form">
                <input type="hidden" name="venue" value=venue.id.to_string() />
                <label class="check">
                    <input type="checkbox" name="always_open" value="yes" checked=always_open />
                    "Always open: no set hours (the days below are then not saved)"
                </label>
                {days}
                <button class="button primary" type="submit">"Save opening hours"</button>
            </ActionForm>
        </section>
    }
}
