//! The coordinator's transport board for one day, as the server sends it: each run with its
//! stops and seats, who is still waiting for a seat and why, and the drivers to choose from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::allocate::BookingId;
use super::pickup_list::Mark;
use super::solver::clock::ClockTime;
use super::solver::Direction;
use super::{PickupPointId, RunId};
use crate::people::PersonId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransportBoard {
    pub date: NaiveDate,
    pub runs: Vec<BoardRun>,
    pub waiting: Vec<Waiting>,
    /// Drivers whose licence and DBS are in date on this day.
    pub drivers: Vec<(PersonId, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardRun {
    pub id: RunId,
    pub direction: Direction,
    pub venue: String,
    pub vehicle: String,
    pub driver: Option<(PersonId, String)>,
    pub seats: u32,
    pub wheelchair_spaces: u32,
    pub departs: ClockTime,
    pub arrives: ClockTime,
    pub driving_minutes: u32,
    pub stops: Vec<BoardStop>,
    pub passengers: Vec<BoardSeat>,
    /// When the pick-up list went to the driver; `None` while it is a draft.
    pub published: bool,
    /// Something changed since it was published: the driver sees the changes flagged.
    pub changed_since_published: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardStop {
    pub point: PickupPointId,
    pub name: String,
    pub at: ClockTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardSeat {
    pub booking: BookingId,
    pub name: String,
    pub point: PickupPointId,
    pub wheelchair: bool,
    pub number: u32,
    pub locked: bool,
    /// The driver's tick, or the coordinator's correction of it.
    pub mark: Option<Mark>,
    /// The mark was last set (or cleared) from the board rather than by the run's driver.
    pub corrected: bool,
}

impl BoardSeat {
    /// "Seat 3", "Wheelchair space 1".
    pub fn label(&self) -> String {
        seat_label(self.wheelchair, self.number)
    }
}

pub fn seat_label(wheelchair: bool, number: u32) -> String {
    if wheelchair {
        format!("Wheelchair space {number}")
    } else {
        format!("Seat {number}")
    }
}

/// A booked participant who needs a lift and has no seat that way yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Waiting {
    pub booking: BookingId,
    pub name: String,
    pub direction: Direction,
    pub venue: String,
    /// Why the last plan left them off; `None` when they were booked since.
    pub reason: Option<String>,
}

impl BoardRun {
    /// Seats of each kind in seat order, with whoever sits there.
    pub fn seat_map(&self) -> Vec<(bool, u32, Option<&BoardSeat>)> {
        let kinds = [(false, self.seats), (true, self.wheelchair_spaces)];
        kinds
            .into_iter()
            .flat_map(|(wheelchair, count)| (1..=count).map(move |n| (wheelchair, n)))
            .map(|(wheelchair, number)| {
                let taken = self
                    .passengers
                    .iter()
                    .find(|p| p.wheelchair == wheelchair && p.number == number);
                (wheelchair, number, taken)
            })
            .collect()
    }

    /// "Outbound to Lakeside" / "Return from Lakeside".
    pub fn title(&self) -> String {
        match self.direction {
            Direction::Outbound => format!("To {}", self.venue),
            Direction::Return => format!("Back from {}", self.venue),
        }
    }
}

/// "pickup list": the words for a direction in forms and addresses.
pub fn direction_slug(direction: Direction) -> &'static str {
    match direction {
        Direction::Outbound => "outbound",
        Direction::Return => "return",
    }
}
