//! Tutors' and mentors' own views: the sessions they lead with who is coming, and their mentees.
//! These types have no referral fields, so a tutor's or mentor's answer cannot carry one.

use crate::days_and_times::clock;
use chrono::NaiveDateTime;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::people::ParticipantStatus;
use crate::scheduling::session::SessionId;
use crate::ui::error_notice::PageError;

/// A session the person leads, with its bookings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedSession {
    pub id: SessionId,
    pub activity: String,
    pub venue: String,
    pub space: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub capacity: i64,
    pub cancelled: bool,
    pub roster: Vec<RosterEntry>,
}

/// A participant booked (or queueing) on a session, as its lead sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub name: String,
    pub phone: Option<String>,
    pub needs_lift: bool,
    pub mobility_needs: Option<String>,
    pub waitlisted: bool,
}

/// A mentor's mentee, without referral data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Mentee {
    pub id: crate::people::PersonId,
    pub name: String,
    pub phone: Option<String>,
    pub pickup_point: Option<String>,
    pub needs_lift: bool,
    pub mobility_needs: Option<String>,
    pub status: ParticipantStatus,
}

/// The sessions the signed-in person leads, from today, with who is booked.
#[server(prefix = "/api", endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<LedSession>, AppError> {
    crate::error::respond(server::my_sessions().await)
}

/// The signed-in mentor's mentees.
#[server(prefix = "/api", endpoint = "my_mentees")]
pub async fn my_mentees() -> Result<Vec<Mentee>, AppError> {
    crate::error::respond(server::my_mentees().await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::{LedSession, Mentee};
    use crate::access::Permission;
    use crate::data;
    use crate::error::AppError;
    use crate::server::{auth, clock};

    pub async fn my_sessions() -> Result<Vec<LedSession>, AppError> {
        let caller = auth::require(Permission::ViewOwnSessionRosters).await?;
        let db = &caller.state.db;
        let settings = data::settings::programme_settings(db).await?;
        let today = clock::today_in(&settings.time_zone)?;
        let sessions = data::rosters::sessions_led_by(
            db,
            caller.user.person_id,
            today.and_time(chrono::NaiveTime::MIN),
        )
        .await?;
        // Phones and mobility needs: one audit entry per view that shows anyone's.
        let shown: usize = sessions.iter().map(|s| s.roster.len()).sum();
        if shown > 0 {
            let actor = caller.actor();
            let detail = format!("my sessions: {} sessions, {shown} places", sessions.len());
            data::audit::roster_read(db, &actor, &detail).await?;
        }
        Ok(sessions)
    }

    pub async fn my_mentees() -> Result<Vec<Mentee>, AppError> {
        let caller = auth::require(Permission::ViewOwnMentees).await?;
        data::rosters::mentees_of(&caller.state.db, caller.user.person_id).await
    }
}

#[component]
pub fn MySessionsPage() -> impl IntoView {
    let sessions = Resource::new(|| (), |_| my_sessions());
    view! {
        <Title text="My sessions" />
        <h1>"My sessions"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading your sessions…"</p> }>
            {move || Suspend::new(async move {
                match sessions.await {
                    Ok(sessions) if sessions.is_empty() => view! { <p>"You are not leading any sessions from today on."</p> }.into_any(),
                    Ok(sessions) => sessions.into_iter().map(led_session).collect_view().into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn led_session(session: LedSession) -> impl IntoView {
    let booked = session.roster.iter().filter(|e| !e.waitlisted).count();
    let heading = format!(
        "{} · {} {}–{}",
        session.activity,
        session.starts_at.format("%a %-d %b"),
        clock(session.starts_at),
        clock(session.ends_at)
    );
    let people = session
        .roster
        .into_iter()
        .map(|entry| {
            let tel = entry
                .phone
                .clone()
                .map(|p| format!("tel:{}", p.replace(' ', "")));
            view! {
                <li class:waitlisted=entry.waitlisted>
                    <strong>{entry.name}</strong>
                    {entry.waitlisted.then_some(" (waiting list)")}
                    {entry.phone.map(|phone| view! { " · " <a href=tel>{phone}</a> })}
                    {entry.needs_lift.then_some(" · needs a lift")}
                    {entry.mobility_needs.map(|needs| format!(" · {needs}"))}
                </li>
            }
        })
        .collect_view();
    let href = format!("/plan/sessions/{}", session.id);
    view! {
        <section class="led-session" class:cancelled=session.cancelled>
            <h2>{heading}</h2>
            <p class="session-place">{format!("{} · {}", session.venue, session.space)}</p>
            <p>{if session.cancelled { "Cancelled".to_owned() } else { format!("{booked} of {} places taken", session.capacity) }}</p>
            <ul class="roster">{people}</ul>
            <p><a href=href>"Open: people, register and changes"</a></p>
        </section>
    }
}

#[component]
pub fn MyMenteesPage() -> impl IntoView {
    let mentees = Resource::new(|| (), |_| my_mentees());
    view! {
        <Title text="My mentees" />
        <h1>"My mentees"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match mentees.await {
                    Ok(mentees) if mentees.is_empty() => view! { <p>"No one is assigned to you yet."</p> }.into_any(),
                    Ok(mentees) => {
                        let rows = mentees.into_iter().map(|m| view! {
                            <tr>
                                <td><a href=format!("/people/{}/plan", m.id)>{m.name}</a></td>
                                <td>{m.status.label()}</td>
                                <td>{m.phone.unwrap_or_default()}</td>
                                <td>{m.pickup_point.unwrap_or_default()}</td>
                                <td>{m.mobility_needs.unwrap_or_default()}</td>
                            </tr>
                        }).collect_view();
                        view! {
                            <div class="table-scroll">
                                <table>
                                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Status"</th><th scope="col">"Phone"</th><th scope="col">"Pick-up point"</th><th scope="col">"Mobility needs"</th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
