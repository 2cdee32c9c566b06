//! An activity's group page (`/activities/:id/group`, coordinators and team leaders): who is on
//! the activity's list, adding and removing people. Plain forms that also work without
//! JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::group_api::{load_activity_group, AddToActivityGroup, RemoveFromActivityGroup};
use super::groups::{ActivityGroup, GroupMember};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::session::ActivityId;
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;
use crate::ui::route::id_param;

#[component]
pub fn ActivityGroupPage() -> impl IntoView {
    let add = ServerAction::<AddToActivityGroup>::new();
    let remove = ServerAction::<RemoveFromActivityGroup>::new();
    let group = Resource::new(
        move || (id_param(), add.version().get(), remove.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => load_activity_group(ActivityId(id)).await,
                None => Err(AppError::NotFound("that activity".into())),
            }
        },
    );
    view! {
        <Title text="Activity group" />
        {when_loaded(group, "Loading…", move |group| view! { <GroupView group add remove /> })}
    }
}

#[component]
fn GroupView(
    group: ActivityGroup,
    add: ServerAction<AddToActivityGroup>,
    remove: ServerAction<RemoveFromActivityGroup>,
) -> impl IntoView {
    let activity = group.activity;
    let empty = group.members.is_empty();
    let members = group
        .members
        .into_iter()
        .map(|member| view! { <MemberCard activity member remove /> })
        .collect_view();
    view! {
        <div class="page-header">
            <h1>{format!("{} group", group.activity_name)}</h1>
            <div class="actions">
                <A href=format!("/activities/{activity}") attr:class="button">"Back to the activity"</A>
            </div>
        </div>
        <p class="hint-text">
            "The tutors and mentors who lead this activity's sessions can add only the people in its group, and their own mentees. Coordinators and team leaders can add anyone."
        </p>
        <h2>"In the group"</h2>
        {action_error(remove)}
        {empty.then(|| view! { <p>"Nobody is in this group yet."</p> })}
        <ul class="admin-list">{members}</ul>
        <AddMemberForm activity candidates=group.candidates add />
    }
}

#[component]
fn MemberCard(
    activity: ActivityId,
    member: GroupMember,
    remove: ServerAction<RemoveFromActivityGroup>,
) -> impl IntoView {
    let since = member.since.get(..10).unwrap_or_default().to_owned();
    let label = format!("Take {} off the group", member.name);
    view! {
        <li class="admin-card">
            <h3 class="admin-card-title">{member.name.clone()}</h3>
            <p class="admin-card-meta">{format!("In the group since {since}")}</p>
            <ActionForm action=remove attr:class="inline-form">
                <input type="hidden" name="activity" value=activity.to_string() />
                <input type="hidden" name="participant" value=member.participant.to_string() />
                <button class="button danger" type="submit" aria-label=label>"Take off the group"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn AddMemberForm(
    activity: ActivityId,
    candidates: Vec<(PersonId, String)>,
    add: ServerAction<AddToActivityGroup>,
) -> impl IntoView {
    if candidates.is_empty() {
        return view! { <p>"Every participant is in this group."</p> }.into_any();
    }
    let options = candidates
        .into_iter()
        .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
        .collect_view();
    view! {
        <section class="admin-panel">
            <h2>"Add someone to the group"</h2>
            {action_error(add)}
            <ActionForm action=add attr:class="form">
                <input type="hidden" name="activity" value=activity.to_string() />
                <label for="group-participant">"Participant"</label>
                <select id="group-participant" name="participant" required>
                    <option value="">"Choose…"</option>
                    {options}
                </select>
                <button class="button primary" type="submit" disabled=move || add.pending().get()>
                    "Add to the group"
                </button>
            </ActionForm>
        </section>
    }
    .into_any()
}
