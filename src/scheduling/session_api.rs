//! One session as its planners see it: the details, who is booked and waiting, the register,
//! and what the person asking may do with it. Participants' names go only to the session's
//! leads and the coordinator; other staff see the counts, as on the week page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::clash::Calendar;
use super::register::{Mark, Outcome};
use super::session::{SessionId, SessionSummary};
use crate::error::AppError;
use crate::people::PersonId;
use crate::venues::SpaceId;

/// A participant on the session's list, as its lead sees them (no referral data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterLine {
    pub participant: PersonId,
    pub name: String,
    /// On the waitlist, `Some(position)` (1 = next to get a place).
    pub waiting: Option<u32>,
    pub needs_lift: bool,
    pub outcome: Option<Outcome>,
    pub absent_reason: Option<String>,
}

/// Everything the session page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionDetail {
    pub summary: SessionSummary,
    pub space: SpaceId,
    pub leads: Vec<PersonId>,
    pub notes: Option<String>,
    /// Part of a repeating series (so "this and following" means something).
    pub in_series: bool,
    pub register_note: Option<String>,
    /// `None` when the person asking neither leads it nor coordinates.
    pub people: Option<Vec<RosterLine>>,
    /// May move, cancel, enrol and take the register.
    pub may_change: bool,
    /// The register can be taken (the session's day has come).
    pub register_open: bool,
    /// Participants who could be added, by name; empty unless `may_change`. For a tutor or
    /// mentor, only the activity's group and their own mentees.
    pub participants: Vec<(PersonId, String)>,
    /// The person asking may add anyone (the coordinator), not only the activity's group and
    /// their own mentees.
    pub adds_anyone: bool,
    /// The calendar around the session's day, for checking a move in the browser.
    pub calendar: Calendar,
}

#[server(prefix = "/api", endpoint = "session_detail")]
pub async fn load_session(id: SessionId) -> Result<SessionDetail, AppError> {
    crate::error::respond(server::session_detail(id).await)
}

/// Saves the register: one mark per booked participant, and the lead's note.
#[server(prefix = "/api", endpoint = "save_register")]
pub async fn save_register(
    session: SessionId,
    #[server(default)] marks: Vec<Mark>,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    crate::error::respond(server::save_register(session, marks, note).await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::SessionDetail;
    use crate::access::Permission;
    use crate::data::audit;
    use crate::data::{register, session_detail, settings};
    use crate::error::AppError;
    use crate::scheduling::enrolment_api::reach;
    use crate::scheduling::register::{check_marks, register_open, Mark};
    use crate::scheduling::series::EditScope;
    use crate::scheduling::session::SessionId;
    use crate::server::auth::{self, Caller};
    use crate::server::clock;

    /// Leads of the session, and coordinators, may change it and see who is on it.
    async fn leads_or_coordinator(caller: &Caller, id: SessionId) -> Result<bool, AppError> {
        if caller.user.may(Permission::PlanAnySession) {
            return Ok(true);
        }
        let person = caller.user.person_id;
        crate::data::series::leads_all(&caller.state.db, id, EditScope::ThisOnly, person).await
    }

    pub async fn session_detail(id: SessionId) -> Result<SessionDetail, AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        let db = &caller.state.db;
        let changes = leads_or_coordinator(&caller, id)
            .await?
            .then(|| reach(&caller));
        let zone = settings::programme_settings(db).await?.time_zone;
        let today = clock::today_in(&zone)?;
        let detail = session_detail::load(db, id, changes, today).await?;
        // Who is on a session is personal data: one audit entry per view that shows anyone.
        let shown = detail.people.as_ref().map_or(0, Vec::len);
        if shown > 0 {
            let actor = caller.actor();
            audit::roster_read(db, &actor, &format!("session {id}: {shown} people")).await?;
        }
        Ok(detail)
    }

    pub async fn save_register(
        session: SessionId,
        marks: Vec<Mark>,
        note: String,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::PlanSessions).await?;
        if !leads_or_coordinator(&caller, session).await? {
            return Err(AppError::NotAllowed(
                "Only the session's leads or the coordinator can take its register.".into(),
            ));
        }
        let marks = check_marks(&marks).map_err(AppError::Invalid)?;
        let note = note.trim();
        if note.chars().count() > 1000 {
            return Err(AppError::Invalid(
                "Keep the note under 1,000 characters.".into(),
            ));
        }
        let db = &caller.state.db;
        let zone = settings::programme_settings(db).await?.time_zone;
        let today = clock::today_in(&zone)?;
        let day = register::session_day(db, session).await?;
        if !register_open(day, today) {
            return Err(AppError::Invalid(format!(
                "The register opens on the day of the session, {}.",
                day.format("%A %-d %B")
            )));
        }
        crate::scheduling::use_cases::register::save(
            db,
            session,
            &marks,
            Some(note).filter(|n| !n.is_empty()),
            caller.user.person_id,
        )
        .await?;
        tracing::info!(session = %session, by = %caller.user.person_id, "register saved");
        Ok(())
    }
}
