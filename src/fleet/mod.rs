//! Fleet and places: the programme's vehicles and the days each is available, its drivers'
//! licence and DBS dates, the pick-up points, and the coordinator's own travel times between
//! places. Coordinators and team leaders keep these lists; runs are built from them.

pub mod documents;
pub mod drivers_page;
pub mod fleet_api;
pub mod places;
pub mod places_page;
#[cfg(feature = "ssr")]
pub mod use_cases;
pub mod vehicles_page;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::days_and_times::{day_from_slug, WEEK};
use crate::forms;
use crate::transport::VehicleId;

/// A set of weekdays, stored as bits: Monday = 1, Tuesday = 2, … Sunday = 64.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct WeekdaySet(pub i64);

impl WeekdaySet {
    /// Monday to Friday.
    pub const WEEKDAYS: Self = Self(31);

    fn bit(day: Weekday) -> i64 {
        1 << day.num_days_from_monday()
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & Self::bit(day) != 0
    }

    /// Reads the ticked boxes ("mon", "thu"); `None` for a name that is not a weekday.
    pub fn parse(names: &[String]) -> Option<Self> {
        names.iter().try_fold(Self(0), |set, name| {
            let day = day_from_slug(name)?;
            Some(Self(set.0 | Self::bit(day)))
        })
    }

    /// "Mon–Fri", "Mon, Wed, Sat", "Every day", "No days (off the road)".
    pub fn words(self) -> String {
        let days: Vec<Weekday> = WEEK.into_iter().filter(|day| self.contains(*day)).collect();
        match days.len() {
            0 => "No days (off the road)".to_owned(),
            7 => "Every day".to_owned(),
            _ if self == Self::WEEKDAYS => "Mon–Fri".to_owned(),
            _ => days
                .iter()
                .map(|day| format!("{day}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// One of the programme's vehicles, as the fleet page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Vehicle {
    pub id: VehicleId,
    pub name: String,
    pub registration: String,
    pub seats_including_driver: i64,
    pub wheelchair_spaces: i64,
    pub available_days: WeekdaySet,
}

impl Vehicle {
    /// Can this vehicle be given runs on `date`?
    pub fn available_on(&self, date: NaiveDate) -> bool {
        self.available_days.contains(date.weekday())
    }

    /// "8 seats (7 passengers), 1 wheelchair space".
    pub fn capacity_words(&self) -> String {
        let passengers = crate::transport::passenger_seats(
            u8::try_from(self.seats_including_driver).unwrap_or(0),
        );
        let wheelchairs = match self.wheelchair_spaces {
            0 => "no wheelchair space".to_owned(),
            1 => "1 wheelchair space".to_owned(),
            n => format!("{n} wheelchair spaces"),
        };
        format!(
            "{} seats ({passengers} passengers), {wheelchairs}",
            self.seats_including_driver
        )
    }
}

/// Seats including the driver's: what the schema allows (a car to a minibus).
pub const SEATS: std::ops::RangeInclusive<i64> = 2..=17;
/// Wheelchair spaces, a kind of place of their own.
pub const WHEELCHAIR_SPACES: std::ops::RangeInclusive<i64> = 0..=4;

/// A vehicle's details that passed every check a person can fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VehicleDraft {
    pub name: String,
    pub registration: String,
    pub seats_including_driver: i64,
    pub wheelchair_spaces: i64,
    pub available_days: WeekdaySet,
}

/// The vehicle form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VehicleForm<'a> {
    pub name: &'a str,
    pub registration: &'a str,
    pub seats: &'a str,
    pub wheelchair_spaces: &'a str,
    pub days: &'a [String],
}

/// A number plate as it is written on the plate: capitals, single spaces ("YX21 TRN").
pub fn registration(text: &str) -> Option<String> {
    let plate = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let letters = plate.chars().filter(|c| !c.is_whitespace()).count();
    (plate.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
        && (2..=10).contains(&plate.len())
        && letters >= 2)
        .then(|| plate.to_ascii_uppercase())
}

impl VehicleDraft {
    /// Reads the form, or lists every problem with it in plain words.
    pub fn parse(form: &VehicleForm) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let name = forms::required_text(form.name, 100);
        if name.is_none() {
            problems.push("Enter the vehicle's name (up to 100 characters).".to_owned());
        }
        let plate = registration(form.registration);
        if plate.is_none() {
            problems.push(
                "Enter the registration as on the number plate, like YX21 TRN (letters, numbers and spaces, up to 10).".to_owned(),
            );
        }
        let seats = forms::whole_number(form.seats, SEATS.clone());
        if seats.is_none() {
            problems.push(format!(
                "Seats including the driver must be a whole number from {} to {}.",
                SEATS.start(),
                SEATS.end()
            ));
        }
        let wheelchair_spaces = forms::whole_number(form.wheelchair_spaces, WHEELCHAIR_SPACES);
        if wheelchair_spaces.is_none() {
            problems.push(format!(
                "Wheelchair spaces must be a whole number from {} to {}.",
                WHEELCHAIR_SPACES.start(),
                WHEELCHAIR_SPACES.end()
            ));
        }
        let days = WeekdaySet::parse(form.days);
        if days.is_none() {
            problems.push("Choose the days from the list.".to_owned());
        }
        match (name, plate, seats, wheelchair_spaces, days) {
            (Some(name), Some(registration), Some(seats), Some(wheelchair_spaces), Some(days)) => {
                Ok(Self {
                    name,
                    registration,
                    seats_including_driver: seats,
                    wheelchair_spaces,
                    available_days: days,
                })
            }
            _ => Err(problems),
        }
    }
}

/// The vehicles, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fleet {
    pub vehicles: Vec<Vehicle>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn weekday_sets_read_ticked_boxes_and_say_them_in_words() {
        let set = WeekdaySet::parse(&days(&["mon", "wed", "sat"])).unwrap();
        assert!(set.contains(Weekday::Wed) && !set.contains(Weekday::Tue));
        assert_eq!(set.words(), "Mon, Wed, Sat");
        let weekdays = WeekdaySet::parse(&days(&["mon", "tue", "wed", "thu", "fri"])).unwrap();
        assert_eq!(weekdays, WeekdaySet::WEEKDAYS);
        assert_eq!(weekdays.words(), "Mon–Fri");
        assert_eq!(WeekdaySet(0).words(), "No days (off the road)");
        assert_eq!(WeekdaySet(127).words(), "Every day");
        assert_eq!(WeekdaySet::parse(&days(&["funday"])), None);
    }

    #[test]
    fn a_vehicle_is_available_on_its_days_only() {
        let vehicle = Vehicle {
            id: VehicleId(1),
            name: "People carrier".into(),
            registration: "YX21 TRN".into(),
            seats_including_driver: 8,
            wheelchair_spaces: 1,
            available_days: WeekdaySet::WEEKDAYS,
        };
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(vehicle.available_on(monday));
        assert!(!vehicle.available_on(monday + chrono::Days::new(5)));
        assert_eq!(
            vehicle.capacity_words(),
            "8 seats (7 passengers), 1 wheelchair space"
        );
    }

    fn form<'a>(seats: &'a str, days: &'a [String]) -> VehicleForm<'a> {
        VehicleForm {
            name: " Minibus ",
            registration: " yx21   trn ",
            seats,
            wheelchair_spaces: "1",
            days,
        }
    }

    #[test]
    fn a_vehicle_form_is_read_or_every_problem_named() {
        let ticked = days(&["tue"]);
        let draft = VehicleDraft::parse(&form("8", &ticked)).unwrap();
        assert_eq!(draft.name, "Minibus");
        assert_eq!(draft.registration, "YX21 TRN");
        assert_eq!(draft.available_days.words(), "Tue");
        let problems = VehicleDraft::parse(&form("40", &ticked)).unwrap_err();
        assert_eq!(
            problems,
            vec!["Seats including the driver must be a whole number from 2 to 17."]
        );
        let bad = VehicleForm {
            registration: "YX21-TRN",
            ..form("eight", &ticked)
        };
        assert_eq!(VehicleDraft::parse(&bad).unwrap_err().len(), 2);
        assert_eq!(registration("a"), None);
        assert_eq!(registration("AB12 CDE FGH"), None);
    }
}
