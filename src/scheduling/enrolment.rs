//! Enrolment outcomes, as both sides see them.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::session::SessionId;
use crate::people::PersonId;

/// Whom the person enrolling may add to a session (see `access::policy`, "Activity groups").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Anyone on the programme: for those who may read everyone's records anyway.
    Everyone,
    /// Only members of the session's activity group and this lead's own mentees. Anyone else
    /// is answered as if they did not exist, so a lead cannot find out who does.
    GroupAndMenteesOf(PersonId),
}

impl Reach {
    /// The reach of `person`, who may enrol anyone when `enrols_anyone` (the policy's
    /// `EnrolAnyParticipant`).
    pub fn of(person: PersonId, enrols_anyone: bool) -> Self {
        if enrols_anyone {
            Reach::Everyone
        } else {
            Reach::GroupAndMenteesOf(person)
        }
    }

    /// The lead whose groups and mentees limit the choice; `None` for everyone.
    pub fn limited_to(self) -> Option<PersonId> {
        match self {
            Reach::Everyone => None,
            Reach::GroupAndMenteesOf(lead) => Some(lead),
        }
    }
}

/// The answer about a participant outside the asker's reach, word for word the answer about an
/// id that belongs to nobody.
pub fn unknown_participant() -> crate::error::AppError {
    crate::error::AppError::NotFound("that participant".into())
}

/// Where an enrolment put the participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Enrolled {
    Booked,
    /// On the waitlist, `position` from the front (1 = next to get a place).
    Waitlisted {
        position: u32,
    },
}

/// Where a new enrolment goes. Nobody jumps the queue: a free place with people waiting goes
/// to them first, so a newcomer joins the back of the queue.
pub fn place_for(capacity: i64, booked: i64, waiting: i64) -> Enrolled {
    if booked < capacity && waiting == 0 {
        Enrolled::Booked
    } else {
        Enrolled::Waitlisted {
            position: u32::try_from(waiting + 1).unwrap_or(u32::MAX),
        }
    }
}

/// One session of a course enrolment ("this and every later session of the series"), and where
/// it put the participant. Sessions they were already on are not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesPlace {
    pub session: SessionId,
    pub starts_at: NaiveDateTime,
    pub outcome: Enrolled,
}

/// Why an enrolment did not happen. `KeptApart` carries the coordinator's reason: it is only
/// ever turned into words for coordinators (see [`EnrolRefusal::describe`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrolRefusal {
    SessionCancelled,
    AlreadyBooked,
    AlreadyWaitlisted,
    KeptApart { other: String, reason: String },
}

impl EnrolRefusal {
    /// The sentence for the person asking. Only a coordinator learns why two people are kept
    /// apart; everyone else is told to ask them.
    pub fn describe(&self, coordinator_view: bool) -> String {
        match self {
            EnrolRefusal::SessionCancelled => "That session is cancelled.".into(),
            EnrolRefusal::AlreadyBooked => "They are already booked on this session.".into(),
            EnrolRefusal::AlreadyWaitlisted => {
                "They are already on this session's waitlist.".into()
            }
            EnrolRefusal::KeptApart { other, reason } if coordinator_view => {
                format!("Not possible: they are kept apart from {other} ({reason}).")
            }
            EnrolRefusal::KeptApart { .. } => "Not possible — ask the coordinator.".into(),
        }
    }
}
