//! What the invariant checks read: every session, booking, run and seat, as plain values.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use crate::fleet::documents::DriverDocuments;
use crate::my_activities::BookingStatus;
use crate::people::PersonId;
use crate::scheduling::clash::session_words;
use crate::scheduling::clash::short_day;
use crate::scheduling::session::{SessionId, SessionStatus};
use crate::transport::allocate::BookingId;
use crate::transport::solver::Direction;
use crate::transport::RunId;
use crate::venues::VenueId;

#[derive(Debug, sqlx::FromRow)]
pub struct Session {
    pub id: SessionId,
    pub activity: String,
    pub venue: VenueId,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub capacity: i64,
    pub status: SessionStatus,
}

impl Session {
    /// "Tennis on Tue 5 Jan 10:00–12:00 (session 12)": enough for an operator to find it.
    pub fn words(&self) -> String {
        format!(
            "{} (session {})",
            session_words(&self.activity, self.starts_at, self.ends_at),
            self.id
        )
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct Booking {
    pub id: BookingId,
    pub session: SessionId,
    pub participant: PersonId,
    pub status: BookingStatus,
    pub needs_lift: bool,
    /// When they last joined (UTC, to the millisecond): the waitlist's order, ties by id.
    pub created_at: DateTime<Utc>,
}

/// One line of `booking_events`, in the order written.
#[derive(Debug, sqlx::FromRow)]
pub struct BookingEvent {
    pub booking: BookingId,
    pub event: String,
}

#[derive(Debug)]
pub struct Run {
    pub id: RunId,
    pub date: NaiveDate,
    pub direction: Direction,
    pub venue: VenueId,
    pub vehicle: String,
    /// The bounds of the run's seat numbers, kept from when it was planned.
    pub seats: i64,
    pub wheelchair_spaces: i64,
    /// What the vehicle holds today: passengers (the driver's seat not counted) and wheelchairs.
    pub vehicle_seats: i64,
    pub vehicle_wheelchair_spaces: i64,
    /// Outbound: leaves the first stop. Return: leaves the venue.
    pub departs: NaiveTime,
    /// Outbound: reaches the venue. Return: reaches the last stop.
    pub arrives: NaiveTime,
    pub driver: Option<PersonId>,
}

impl Run {
    /// "the outbound run of Minibus on Tue 5 Jan (run 7)".
    pub fn words(&self) -> String {
        let direction = match self.direction {
            Direction::Outbound => "outbound",
            Direction::Return => "return",
        };
        format!(
            "the {direction} run of {} on {} (run {})",
            self.vehicle,
            short_day(self.date),
            self.id
        )
    }

    /// How many seats of `kind` ("seat" or "wheelchair") the run was planned with.
    pub fn room(&self, kind: &str) -> i64 {
        if kind == "wheelchair" {
            self.wheelchair_spaces
        } else {
            self.seats
        }
    }

    /// How many people of `kind` the vehicle can carry as it is now.
    pub fn vehicle_room(&self, kind: &str) -> i64 {
        if kind == "wheelchair" {
            self.vehicle_wheelchair_spaces
        } else {
            self.vehicle_seats
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct Seat {
    pub run: RunId,
    pub booking: BookingId,
    pub direction: Direction,
    /// "seat" or "wheelchair".
    pub kind: String,
    pub number: i64,
}

/// Someone a run is given to: do they hold the driver role, and their documents if recorded.
#[derive(Debug)]
pub struct Driver {
    pub is_driver: bool,
    pub documents: Option<DriverDocuments>,
}

/// Everything the checks read.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub sessions: BTreeMap<SessionId, Session>,
    pub bookings: BTreeMap<BookingId, Booking>,
    /// Oldest first.
    pub events: Vec<BookingEvent>,
    pub runs: BTreeMap<RunId, Run>,
    pub seats: Vec<Seat>,
    /// Participants who travel in a wheelchair space.
    pub wheelchair_users: Vec<PersonId>,
    /// Pairs kept apart, each once.
    pub kept_apart: Vec<(PersonId, PersonId)>,
    pub drivers: BTreeMap<PersonId, Driver>,
}

impl Snapshot {
    pub fn session_of(&self, booking: &Booking) -> Option<&Session> {
        self.sessions.get(&booking.session)
    }
}
