//! "My activities": a participant's home page on a cheap phone. What they are doing, where, when,
//! who to ask for, and their pick-up, in plain words; "I can't come" and "I need a lift" as plain
//! forms; changes since they last looked marked on the card; past sessions with what the
//! register says.

pub mod changes;
mod icons;
pub mod my_activities_api;
pub mod my_activities_page;
#[cfg(feature = "ssr")]
pub mod use_cases;
pub mod words;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::geo::GeoPoint;
use crate::scheduling::register::Outcome;
use crate::scheduling::session::{ActivityKind, SessionId, SessionStatus};
use crate::transport::pickup_list::Ride;

pub use my_activities_page::MyActivitiesPage;

/// How many days ahead (after today) sessions get a full card.
pub const CARD_DAYS: i64 = 14;

/// Where a participant stands on a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum BookingStatus {
    Booked,
    Waitlisted,
    Cancelled,
}

/// Everything the participant's page shows, as of `loaded_at` (programme time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyCalendar {
    pub today: NaiveDate,
    pub loaded_at: NaiveDateTime,
    /// "I can't come" this close to the start counts as a late cancellation.
    pub late_cancel_hours: u32,
    /// Sessions still to come, in time order. The page shows today and the coming two weeks
    /// as cards ([`CARD_DAYS`]) and the rest as a short list.
    pub upcoming: Vec<MySession>,
    /// The last few weeks, newest first.
    pub past: Vec<PastSession>,
}

/// One of the participant's own sessions still to come, as they may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MySession {
    pub session_id: SessionId,
    pub activity: String,
    pub kind: ActivityKind,
    pub venue: String,
    pub address: String,
    pub place: Option<GeoPoint>,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub booking_status: BookingStatus,
    /// Their place in the queue when waitlisted (1 = next).
    pub waitlist_position: Option<u32>,
    pub session_status: SessionStatus,
    pub cancel_reason: Option<String>,
    pub what_to_bring: Option<String>,
    /// The lead's first name: who to ask for on the day.
    pub lead: Option<String>,
    pub needs_lift: bool,
    /// Their pick-up and drop-off, once the coordinator has published the runs.
    pub ride: Option<Ride>,
    /// What changed since they last looked, one sentence each.
    pub changes: Vec<String>,
    /// Pressing "I can't come" now would be a late cancellation.
    pub cancel_is_late: bool,
}

impl MySession {
    /// They can still say they cannot come, or change how they get there.
    pub fn can_change(&self) -> bool {
        self.session_status == SessionStatus::Scheduled
            && self.booking_status != BookingStatus::Cancelled
    }
}

/// A session that has happened (or would have), with what the register says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PastSession {
    pub session_id: SessionId,
    pub activity: String,
    pub kind: ActivityKind,
    pub venue: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub booking_status: BookingStatus,
    pub session_status: SessionStatus,
    pub outcome: Option<Outcome>,
}

impl PastSession {
    /// What happened, in words for the person it happened to.
    pub fn said(&self) -> &'static str {
        match (self.session_status, self.booking_status, self.outcome) {
            (SessionStatus::Cancelled, _, _) => "Cancelled",
            (_, _, Some(Outcome::Attended)) => "You came",
            (_, _, Some(Outcome::Absent)) => "Absent",
            (_, _, Some(Outcome::LateCancellation)) => "You told us late that you could not come",
            (_, _, Some(Outcome::NoShow)) => "You did not come",
            (_, BookingStatus::Cancelled, None) => "You said you could not come",
            (_, _, None) => "Not filled in yet",
        }
    }
}
