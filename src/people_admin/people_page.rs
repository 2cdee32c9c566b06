//! The coordinator's people pages: the list, adding someone, one person's record, invites.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::edit_page::PersonFields;
use super::people_api::{
    audit_log, list_people, load_person, AcceptInvite, AddPerson, IssueInvite, SetPersonActive,
};
use crate::error::AppError;
use crate::people::records::{AttendanceLine, AuditEntry, PersonRecord, PersonSummary};
use crate::people::{PersonId, Role};
use crate::scheduling::register::Outcome;
use crate::ui::error_notice::{ErrorNotice, PageError};

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let people = Resource::new(|| (), |_| list_people());
    view! {
        <Title text="People" />
        <div class="page-header">
            <h1>"People"</h1>
            <A href="/people/new" attr:class="button primary">"Add a person"</A>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading people…"</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(people) => view! { <PeopleTable people /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PeopleTable(people: Vec<PersonSummary>) -> impl IntoView {
    let rows = people
        .into_iter()
        .map(|person| {
            let status = match (person.is_active, person.can_sign_in) {
                (false, _) => "Deactivated",
                (true, true) => "Can sign in",
                (true, false) => "Not signed up yet",
            };
            view! {
                <tr class:inactive=!person.is_active>
                    <td><A href=format!("/people/{}", person.id)>{person.name}</A></td>
                    <td>{roles_text(&person.roles)}</td>
                    <td>{status}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="people">
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Roles"</th><th scope="col">"Account"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn NewPersonPage() -> impl IntoView {
    let action = ServerAction::<AddPerson>::new();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            let _ = window().location().assign(&format!("/people/{id}"));
        }
    });
    view! {
        <Title text="Add a person" />
        <section class="narrow">
            <h1>"Add a person"</h1>
            {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action attr:class="form">
                <PersonFields />
                <button class="button primary" type="submit" disabled=move || action.pending().get()>
                    "Add this person"
                </button>
            </ActionForm>
        </section>
    }
}

pub(super) fn person_id_from_route() -> Option<PersonId> {
    use_params_map()
        .with(|params| params.get("id"))
        .and_then(|id| id.parse().ok())
        .map(PersonId)
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let id = Memo::new(move |_| person_id_from_route());
    let set_active = ServerAction::<SetPersonActive>::new();
    let record = Resource::new(
        move || (id.get(), set_active.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_person(id).await,
                None => Err(AppError::NotFound("that person".into())),
            }
        },
    );
    view! {
        <Title text="Person" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(person) => view! { <PersonView person set_active /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>

    }
}

#[component]
fn PersonView(person: PersonRecord, set_active: ServerAction<SetPersonActive>) -> impl IntoView {
    let name = format!("{} {}", person.given_name, person.family_name);
    let id = person.id.to_string();
    let active = person.is_active;
    let detail = |label: &'static str, value: Option<String>| {
        value.map(|value| view! { <dt>{label}</dt><dd>{value}</dd> })
    };
    let participant = person.participant.clone().map(|p| {
        view! {
            <h2>"Programme"</h2>
            <dl class="details">
                <dt>"Status"</dt><dd>{p.status.label()}</dd>
                <dt>"Referred by"</dt><dd>{format!("{} on {}", p.referral_source.label(), p.referral_date.format("%-d %B %Y"))}</dd>
                {detail("Mentor", p.mentor)}
                {detail("Pick-up point", p.pickup_point)}
                <dt>"Needs a lift"</dt><dd>{if p.needs_lift { "Yes" } else { "No" }}</dd>
                {detail("Mobility needs", p.mobility_needs)}
                {detail("Notes", p.notes)}
            </dl>
        }
    });
    let account = match (person.is_active, person.can_sign_in) {
        (false, _) => "Deactivated: cannot sign in.",
        (true, true) => "Can sign in.",
        (true, false) => "Has not chosen a password yet.",
    };
    view! {
        <div class="page-header">
            <h1>{name}</h1>
            <div class="actions">
                <A href=format!("/people/{id}/edit") attr:class="button primary">"Edit"</A>
                {person.participant.is_some().then(|| view! {
                    <A href=format!("/people/{id}/plan") attr:class="button">"Plan and one-to-ones"</A>
                })}
                <A href="/people" attr:class="button">"All people"</A>
            </div>
        </div>
        <dl class="details">
            <dt>"Roles"</dt><dd>{roles_text(&person.roles)}</dd>
            {detail("Likes to be called", person.preferred_name.clone())}
            {detail("Phone", person.phone.clone())}
            {detail("Email", person.email.clone())}
            {detail("Sign-in name", person.username.clone())}
            <dt>"Account"</dt><dd>{account}{person.two_step_enabled.then_some(" Two-step sign-in is on.")}</dd>
        </dl>
        {participant}
        {(!person.attendance.is_empty()).then(|| view! { <AttendanceTable lines=person.attendance.clone() /> })}
        <h2>"Account actions"</h2>
        {active.then(|| view! { <InviteButton id=person.id can_sign_in=person.can_sign_in /> })}
        <ActionForm action=set_active attr:class="inline-form">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="active" value=(!active).to_string() />
            <button type="submit" class="button">
                {if active { "Deactivate (ends their sign-in)" } else { "Reactivate" }}
            </button>
        </ActionForm>
        {move || set_active.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
        <PersonAudit id=person.id />
    }
}

/// What the registers say about a participant: a count, then each session, newest first.
#[component]
fn AttendanceTable(lines: Vec<AttendanceLine>) -> impl IntoView {
    let came = lines
        .iter()
        .filter(|l| l.outcome == Outcome::Attended)
        .count();
    let summary = format!("Came to {came} of the {} sessions recorded.", lines.len());
    let rows = lines
        .into_iter()
        .map(|line| {
            let outcome = match line.absent_reason {
                Some(reason) => format!("{}: {reason}", line.outcome.label()),
                None => line.outcome.label().to_owned(),
            };
            view! {
                <tr>
                    <td>{line.starts_at.format("%a %-d %b %Y").to_string()}</td>
                    <td>{line.activity}</td>
                    <td>{outcome}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Attendance"</h2>
        <p>{summary}</p>
        <div class="table-scroll">
            <table class="attendance">
                <thead><tr><th scope="col">"Date"</th><th scope="col">"Session"</th><th scope="col">"What happened"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The audit log about this person. Loaded after the record, so the reading of the record just
/// made is already in it.
#[component]
fn PersonAudit(id: PersonId) -> impl IntoView {
    let log = Resource::new(|| (), move |_| audit_log(Some(id)));
    view! {
        <h2>"Audit log"</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(entries) => view! { <AuditTable entries /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InviteButton(id: PersonId, can_sign_in: bool) -> impl IntoView {
    let invite = ServerAction::<IssueInvite>::new();
    let label = if can_sign_in {
        "Make a password-reset link"
    } else {
        "Make an invite link"
    };
    view! {
        <ActionForm action=invite attr:class="inline-form">
            <input type="hidden" name="id" value=id.to_string() />
            <button type="submit" class="button primary">{label}</button>
        </ActionForm>
        {move || invite.value().get().map(|result| match result {
            Ok(link) => view! {
                <div class="invite" role="status">
                    <p>"Show this code to the person to scan with their phone's camera, or send them the link. It works once, for 7 days."</p>
                    <div class="qr" inner_html=link.qr_svg></div>
                    <p class="invite-link"><code>{link.url}</code></p>
                    <p>{format!("Their sign-in name: {}", link.username)}</p>
                </div>
            }.into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })}
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p>"Nothing recorded yet."</p> }.into_any();
    }
    let rows = entries
        .into_iter()
        .map(|entry| {
            view! {
                <tr>
                    <td>{entry.at.replace('T', " ")}</td>
                    <td>{entry.actor.unwrap_or_else(|| "—".into())}</td>
                    <td>{entry.action.replace('_', " ")}</td>
                    <td>{entry.subject.unwrap_or_default()}</td>
                    <td>{entry.detail}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="audit">
                <thead><tr><th scope="col">"When (UTC)"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"About"</th><th scope="col">"Detail"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The page an invite link opens: choose a password.
#[component]
pub fn InvitePage() -> impl IntoView {
    let token = move || {
        use_params_map()
            .with(|p| p.get("token"))
            .unwrap_or_default()
    };
    let details = Resource::new(token, super::people_api::invite_details);
    let accept = ServerAction::<AcceptInvite>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = accept.value().get() {
            let _ = window().location().assign("/sign-in?welcome=1");
        }
    });
    view! {
        <Title text="Choose your password" />
        <section class="narrow">
            <Transition fallback=|| view! { <p class="loading">"Checking your link…"</p> }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok((first_name, username)) => view! {
                            <h1>{format!("Welcome, {first_name}")}</h1>
                            <p>"Choose a password to sign in to TurnAround."</p>
                            <p>"Your sign-in name is "<strong class="username">{username}</strong>"."</p>
                            {move || accept.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
                            <ActionForm action=accept attr:class="form">
                                <input type="hidden" name="token" value=token() />
                                <label for="password">"Your new password"</label>
                                <p class="hint" id="password-hint">"At least 8 characters. A few words you will remember works well."</p>
                                <input id="password" name="password" type="password" autocomplete="new-password" minlength="8" maxlength="128" required aria-describedby="password-hint" />
                                <button class="button primary" type="submit">"Save my password"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! { <h1>"This link does not work"</h1><ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
