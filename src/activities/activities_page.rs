//! The activities pages: the list (everyone who plans), adding and editing one (coordinators and
//! team leaders). Plain forms that also work without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::activities_api::{list_activities, load_activity, AddActivity, UpdateActivity};
use super::{duration_text, Activity, ActivityList, CAPACITY, DURATION_MINUTES};
use crate::error::AppError;
use crate::scheduling::session::{ActivityId, ActivityKind};
use crate::ui::actions::{action_error, go_on_success};
use crate::ui::loaded::when_loaded;
use crate::ui::route::id_param;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_activities());
    view! {
        <Title text="Activities" />
        {when_loaded(list, "Loading activities…", |list| view! { <ActivityCards list /> })}
    }
}

#[component]
fn ActivityCards(list: ActivityList) -> impl IntoView {
    let may_manage = list.may_manage;
    let empty = list.activities.is_empty();
    let cards = list
        .activities
        .into_iter()
        .map(|activity| {
            let name = if may_manage {
                view! { <A href=format!("/activities/{}", activity.id)>{activity.name}</A> }
                    .into_any()
            } else {
                view! { <span>{activity.name}</span> }.into_any()
            };
            let defaults = format!(
                "{} · {} places",
                duration_text(activity.default_duration_minutes),
                activity.default_capacity
            );
            view! {
                <li class=format!("admin-card kind-{}", activity.kind.slug())>
                    <h2 class="admin-card-title">{name}</h2>
                    <p class="admin-card-meta">
                        <span class="tag">{activity.kind.label()}</span>
                        " "
                        {defaults}
                    </p>
                    {activity.what_to_bring.map(|bring| view! { <p>"Bring: " {bring}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="page-header">
            <h1>"Activities"</h1>
            {may_manage.then(|| view! { <A href="/activities/new" attr:class="button primary">"Add an activity"</A> })}
        </div>
        <p class="hint-text">
            "A new session starts with its activity's length and places; a session already planned keeps its own."
        </p>
        {empty.then(|| view! { <p>"No activities yet."</p> })}
        <ul class="admin-list">{cards}</ul>
    }
}

/// The fields "Add an activity" and "Edit" share, filled in from `activity` when editing.
#[component]
fn ActivityFields(#[prop(optional)] activity: Option<Activity>) -> impl IntoView {
    let kinds = ActivityKind::ALL
        .into_iter()
        .map(|kind| {
            let selected = activity.as_ref().is_some_and(|a| a.kind == kind);
            view! { <option value=kind.slug() selected=selected>{kind.label()}</option> }
        })
        .collect_view();
    let number = |get: fn(&Activity) -> i64, default: i64| {
        activity.as_ref().map_or(default, get).to_string()
    };
    view! {
        <label for="name">"Name"</label>
        <input id="name" name="name" required maxlength="100" autocomplete="off"
            value=activity.as_ref().map(|a| a.name.clone()).unwrap_or_default() />
        <label for="kind">"Kind"</label>
        <select id="kind" name="kind" required>{kinds}</select>
        <label for="duration">"Usual length (minutes)"</label>
        <input id="duration" name="duration" type="number" inputmode="numeric" required
            min=DURATION_MINUTES.start().to_string() max=DURATION_MINUTES.end().to_string() step="5"
            value=number(|a| a.default_duration_minutes, 120) />
        <label for="capacity">"Usual number of places"</label>
        <input id="capacity" name="capacity" type="number" inputmode="numeric" required
            min=CAPACITY.start().to_string() max=CAPACITY.end().to_string()
            value=number(|a| a.default_capacity, 8) />
        <label for="what_to_bring">"What to bring (optional)"</label>
        <textarea id="what_to_bring" name="what_to_bring" maxlength="500" rows="3">
            {activity.as_ref().and_then(|a| a.what_to_bring.clone()).unwrap_or_default()}
        </textarea>
    }
}

#[component]
pub fn NewActivityPage() -> impl IntoView {
    let action = ServerAction::<AddActivity>::new();
    go_on_success(action, |_| "/activities".to_owned());
    view! {
        <Title text="Add an activity" />
        <section class="narrow">
            <h1>"Add an activity"</h1>
            {action_error(action)}
            <ActionForm action attr:class="form">
                <ActivityFields />
                <button class="button primary" type="submit" disabled=move || action.pending().get()>
                    "Add this activity"
                </button>
            </ActionForm>
            <p class="form-footer"><A href="/activities">"Back to the activities"</A></p>
        </section>
    }
}

#[component]
pub fn EditActivityPage() -> impl IntoView {
    let activity = Resource::new(id_param, |id| async move {
        match id {
            Some(id) => load_activity(ActivityId(id)).await,
            None => Err(AppError::NotFound("that activity".into())),
        }
    });
    view! {
        <Title text="Edit activity" />
        {when_loaded(activity, "Loading…", |activity| view! { <EditActivityForm activity /> })}
    }
}

#[component]
fn EditActivityForm(activity: Activity) -> impl IntoView {
    let action = ServerAction::<UpdateActivity>::new();
    go_on_success(action, |_| "/activities".to_owned());
    let id = activity.id.to_string();
    let group = format!("/activities/{id}/group");
    let group_label = format!("Who is in the {} group", activity.name);
    view! {
        <section class="narrow">
            <h1>{format!("Edit {}", activity.name)}</h1>
            <p>
                <A href=group>{group_label}</A>
                " — the people this activity's tutors and mentors may add to its sessions."
            </p>
            {action_error(action)}
            <ActionForm action attr:class="form">
                <input type="hidden" name="id" value=id />
                <ActivityFields activity />
                <button class="button primary" type="submit" disabled=move || action.pending().get()>
                    "Save"
                </button>
            </ActionForm>
            <p class="form-footer"><A href="/activities">"Back to the activities"</A></p>
        </section>
    }
}
