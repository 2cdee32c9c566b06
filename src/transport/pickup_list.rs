//! The driver's pick-up list: the runs they drive on a day, published by the coordinator, with
//! only what a driver needs about each passenger (first name and initial, phone, mobility
//! needs), and the rules for the ticks they make in the car park.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::allocate::BookingId;
use super::solver::clock::ClockTime;
use super::solver::Direction;
use super::RunId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverDay {
    pub date: NaiveDate,
    pub runs: Vec<DriverRun>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverRun {
    pub id: RunId,
    pub direction: Direction,
    pub venue: String,
    pub venue_address: String,
    pub vehicle: String,
    pub registration: String,
    pub departs: ClockTime,
    pub arrives: ClockTime,
    pub stops: Vec<DriverStop>,
    /// Changes since the coordinator published the list ("Added: Dan H. at Station").
    pub changes: Vec<String>,
    pub odometer_start: Option<u32>,
    pub odometer_end: Option<u32>,
    /// Return runs: how many boarded on the way out to this venue, once the way out was
    /// ticked; `None` on outbound runs and before any tick.
    pub boarded_out: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverStop {
    pub name: String,
    pub landmark: String,
    pub at: ClockTime,
    pub latitude: f64,
    pub longitude: f64,
    pub passengers: Vec<Passenger>,
}

impl DriverStop {
    /// Opens the phone's maps app at the stop (geo: URIs are not understood everywhere; a
    /// maps address is).
    pub fn maps_link(&self) -> String {
        format!(
            "https://www.google.com/maps/search/?api=1&query={:.5},{:.5}",
            self.latitude, self.longitude
        )
    }
}

/// What a driver may know about a passenger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passenger {
    pub booking: BookingId,
    /// First name and initial: "Daniel H."
    pub name: String,
    pub phone: Option<String>,
    pub mobility_needs: Option<String>,
    pub wheelchair: bool,
    pub seat: String,
    pub mark: Option<Mark>,
    /// The mark was set (or cleared) by the coordinator from the board, not by this driver.
    pub corrected: bool,
    /// Return runs: did they board on the way out? `None` on outbound runs, and when nobody
    /// ticked them that morning (or they made their own way there).
    pub came_out: Option<bool>,
}

/// The driver's tick at a stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum Mark {
    Boarded,
    NotHere,
}

impl Mark {
    pub fn slug(self) -> &'static str {
        match self {
            Mark::Boarded => "boarded",
            Mark::NotHere => "not_here",
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        match slug {
            "boarded" => Some(Mark::Boarded),
            "not_here" => Some(Mark::NotHere),
            _ => None,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Mark::Boarded => "Boarded",
            Mark::NotHere => "Not here",
        }
    }
}

/// A participant's ride to and from a session, from published runs only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ride {
    pub pickup_point_id: crate::transport::PickupPointId,
    pub pickup_point: String,
    pub landmark: String,
    pub pickup_at: String,
    /// Back at the same point; `None` until the return run is published.
    pub dropoff_at: Option<String>,
}

impl DriverRun {
    pub fn boarded(&self) -> u32 {
        self.passengers()
            .filter(|p| p.mark == Some(Mark::Boarded))
            .count() as u32
    }

    pub fn passengers(&self) -> impl Iterator<Item = &Passenger> {
        self.stops.iter().flat_map(|stop| &stop.passengers)
    }

    /// On the way back, a clear warning when the headcount differs from the way out, once
    /// everyone on the list has been ticked.
    pub fn headcount_warning(&self) -> Option<String> {
        let out = self.boarded_out?;
        let all_marked = self.passengers().all(|p| p.mark.is_some());
        let back = self.boarded();
        (all_marked && back != out).then(|| {
            format!(
                "Check the headcount: {out} came out this morning, {back} on board now. \
                 Ring the coordinator before you leave."
            )
        })
    }
}

/// An odometer reading as typed: whole miles, 0 to 9,999,999.
pub fn parse_odometer(text: &str) -> Result<Option<u32>, String> {
    let typed = text.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let refused =
        || format!("“{typed}” is not a mileage. Type the number on the dial, like 48213.");
    crate::forms::without_thousands(typed)
        .ok_or_else(refused)?
        .parse::<u32>()
        .ok()
        .filter(|miles| *miles <= 9_999_999)
        .map(Some)
        .ok_or_else(refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passenger(mark: Option<Mark>) -> Passenger {
        Passenger {
            booking: BookingId(1),
            name: "Dan H.".into(),
            phone: None,
            mobility_needs: None,
            wheelchair: false,
            seat: "Seat 1".into(),
            mark,
            corrected: false,
            came_out: Some(true),
        }
    }

    fn run(marks: Vec<Option<Mark>>, boarded_out: Option<u32>) -> DriverRun {
        DriverRun {
            id: RunId(1),
            direction: Direction::Return,
            venue: "Lakeside".into(),
            venue_address: "Lake Road".into(),
            vehicle: "Carrier".into(),
            registration: "AB12 CDE".into(),
            departs: ClockTime::parse("15:30").unwrap(),
            arrives: ClockTime::parse("16:10").unwrap(),
            stops: vec![DriverStop {
                name: "Station".into(),
                landmark: "bus shelter".into(),
                at: ClockTime::parse("16:00").unwrap(),
                latitude: 51.75,
                longitude: -0.33,
                passengers: marks.into_iter().map(passenger).collect(),
            }],
            changes: vec![],
            odometer_start: None,
            odometer_end: None,
            boarded_out,
        }
    }

    #[test]
    fn warns_when_fewer_come_back_than_went_out_once_everyone_is_ticked() {
        let two_back = run(vec![Some(Mark::Boarded), Some(Mark::Boarded)], Some(3));
        assert!(two_back.headcount_warning().unwrap().contains("3 came out"));
        let still_ticking = run(vec![Some(Mark::Boarded), None], Some(3));
        assert_eq!(still_ticking.headcount_warning(), None);
        let all_back = run(vec![Some(Mark::Boarded), Some(Mark::NotHere)], Some(1));
        assert_eq!(all_back.headcount_warning(), None);
        let outbound = run(vec![Some(Mark::Boarded)], None);
        assert_eq!(outbound.headcount_warning(), None);
    }

    #[test]
    fn odometer_readings_are_whole_miles() {
        assert_eq!(parse_odometer(" 48,213 "), Ok(Some(48213)));
        assert_eq!(parse_odometer(""), Ok(None));
        assert!(parse_odometer("48.2").is_err());
        assert!(parse_odometer("1,0,0").is_err());
        assert!(parse_odometer("-5").is_err());
        assert!(parse_odometer("99999999").is_err());
    }
}
