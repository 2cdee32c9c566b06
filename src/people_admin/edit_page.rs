//! Editing a person: the details-and-roles form (shared with "Add a person") and, for a
//! participant, their programme details. Both are plain forms that also work without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::edit_api::{load_edit_choices, UpdatePerson, UpdateProgramme};
use super::people_api::load_person;
use super::people_page::person_id_from_route;
use crate::error::AppError;
use crate::people::records::{EditChoices, ParticipantDetails, PersonRecord};
use crate::people::{ParticipantStatus, PersonId, ReferralSource, Role};
use crate::ui::error_notice::{ErrorNotice, PageError};

/// Name, contact details, roles and referral: the fields "Add a person" and "Edit" share,
/// filled in from `person` when editing.
#[component]
pub fn PersonFields(#[prop(optional)] person: Option<PersonRecord>) -> impl IntoView {
    let has = |role: Role| person.as_ref().is_some_and(|p| p.roles.contains(&role));
    let text = |get: fn(&PersonRecord) -> Option<&str>| {
        person.as_ref().and_then(get).unwrap_or_default().to_owned()
    };
    let referral = person
        .as_ref()
        .and_then(|p| p.participant.as_ref())
        .map(|p| (p.referral_source, p.referral_date));
    let role_boxes = Role::ALL
        .into_iter()
        .enumerate()
        .map(|(i, role)| {
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("roles[{i}]") value=role.slug() checked=has(role) />
                    {role.label()}
                </label>
            }
        })
        .collect_view();
    let sources = ReferralSource::ALL
        .into_iter()
        .map(|source| {
            let selected = referral.is_some_and(|(chosen, _)| chosen == source);
            view! { <option value=source.slug() selected=selected>{source.label()}</option> }
        })
        .collect_view();
    view! {
        <label for="given_name">"First name"</label>
        <input id="given_name" name="given_name" required maxlength="100" autocomplete="off"
            value=text(|p| Some(p.given_name.as_str())) />
        <label for="family_name">"Last name"</label>
        <input id="family_name" name="family_name" required maxlength="100" autocomplete="off"
            value=text(|p| Some(p.family_name.as_str())) />
        <label for="preferred_name">"Likes to be called (optional)"</label>
        <input id="preferred_name" name="preferred_name" maxlength="100" autocomplete="off"
            value=text(|p| p.preferred_name.as_deref()) />
        <label for="phone">"Mobile phone (optional)"</label>
        <input id="phone" name="phone" type="tel" maxlength="25" autocomplete="off"
            value=text(|p| p.phone.as_deref()) />
        <label for="email">"Email (staff sign in with it)"</label>
        <input id="email" name="email" type="email" maxlength="254" autocomplete="off"
            value=text(|p| p.email.as_deref()) />
        <fieldset>
            <legend>"Roles"</legend>
            {role_boxes}
        </fieldset>
        <label for="referral_source">"Referred by (participants)"</label>
        <select id="referral_source" name="referral_source">
            <option value="">"—"</option>
            {sources}
        </select>
        <label for="referral_date">"Referral date (participants)"</label>
        <input id="referral_date" name="referral_date" type="date"
            value=referral.map(|(_, date)| date.to_string()).unwrap_or_default() />
    }
}

/// After a save with JavaScript on, back to the person's record.
fn back_to_record_on_success(saved: impl Fn() -> bool + 'static, id: PersonId) {
    Effect::new(move |_| {
        if saved() {
            let _ = window().location().assign(&format!("/people/{id}"));
        }
    });
}

#[component]
pub fn EditPersonPage() -> impl IntoView {
    let page = Resource::new(person_id_from_route, |id| async move {
        let id = id.ok_or_else(|| AppError::NotFound("that person".into()))?;
        let person = load_person(id).await?;
        let choices = load_edit_choices().await?;
        Ok::<_, AppError>((person, choices))
    });
    view! {
        <Title text="Edit person" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok((person, choices)) => view! { <EditForms person choices /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EditForms(person: PersonRecord, choices: EditChoices) -> impl IntoView {
    let id = person.id;
    let is_participant = person.participant.is_some();
    let details = ServerAction::<UpdatePerson>::new();
    back_to_record_on_success(move || matches!(details.value().get(), Some(Ok(()))), id);
    let programme = person
        .participant
        .clone()
        .map(|participant| view! { <ProgrammeForm id participant choices /> });
    view! {
        <div class="page-header">
            <h1>{format!("Edit {} {}", person.given_name, person.family_name)}</h1>
            <A href=format!("/people/{id}") attr:class="button">"Back to their record"</A>
        </div>
        <section class="narrow">
            <h2>"Details and roles"</h2>
            {move || details.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action=details attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <PersonFields person />
                <button class="button primary" type="submit" disabled=move || details.pending().get()>
                    "Save details"
                </button>
            </ActionForm>
            {programme}
            {is_participant.then(|| view! { <crate::reports::data_lab_section::IdentityForm id /> })}
        </section>
    }
}

#[component]
fn ProgrammeForm(
    id: PersonId,
    participant: ParticipantDetails,
    choices: EditChoices,
) -> impl IntoView {
    let action = ServerAction::<UpdateProgramme>::new();
    back_to_record_on_success(move || matches!(action.value().get(), Some(Ok(()))), id);
    let statuses = ParticipantStatus::ALL
        .into_iter()
        .map(|status| {
            view! { <option value=status.slug() selected=participant.status == status>{status.label()}</option> }
        })
    .collect_view();
    let mentors = choices
        .mentors
        .into_iter()
        .filter(|(mentor, _)| *mentor != id)
        .map(|(mentor, name)| {
            view! { <option value=mentor.to_string() selected=participant.mentor_id == Some(mentor)>{name}</option> }
        })
        .collect_view();
    let points = choices
        .pickup_points
        .into_iter()
        .map(|(point, name)| {
            view! { <option value=point.to_string() selected=participant.pickup_point_id == Some(point)>{name}</option> }
        })
        .collect_view();
    view! {
        <h2>"Programme"</h2>
        {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
        <ActionForm action attr:class="form">
            <input type="hidden" name="id" value=id.to_string() />
            <label for="status">"Status"</label>
            <select id="status" name="status">{statuses}</select>
            <label for="mentor">"Mentor"</label>
            <select id="mentor" name="mentor"><option value="">"None yet"</option>{mentors}</select>
            <label for="pickup_point">"Pick-up point"</label>
            <select id="pickup_point" name="pickup_point"><option value="">"None"</option>{points}</select>
            <label class="check">
                <input type="checkbox" name="needs_lift" value="yes" checked=participant.needs_lift />
                "Needs a lift in the people carrier"
            </label>
            <label class="check">
                <input type="checkbox" name="uses_wheelchair" value="yes" checked=participant.uses_wheelchair />
                "Travels in a wheelchair (needs a wheelchair space)"
            </label>
            <label for="mobility_needs">"Mobility needs the driver should know (optional)"</label>
            <textarea id="mobility_needs" name="mobility_needs" maxlength="500" rows="2">
                {participant.mobility_needs.clone().unwrap_or_default()}
            </textarea>
            <label for="notes">"Coordinator's notes (only coordinators and team leaders see these)"</label>
            <textarea id="notes" name="notes" maxlength="5000" rows="5">
                {participant.notes.clone().unwrap_or_default()}
            </textarea>
            <button class="button primary" type="submit" disabled=move || action.pending().get()>
                "Save programme details"
            </button>
        </ActionForm>
    }
}
