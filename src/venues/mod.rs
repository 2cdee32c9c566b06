//! Venues the programme uses, the bookable spaces inside them and their opening hours.
//! Coordinators and team leaders manage them; tutors and mentors read them to plan with.

pub mod hours;
#[cfg(feature = "ssr")]
pub mod use_cases;
pub mod venue_page;
pub mod venues_api;
pub mod venues_page;

use serde::{Deserialize, Serialize};

use crate::forms;
use crate::geo::GeoPoint;
use crate::ids::id_type;

id_type!(
    /// A place the programme meets: a tennis club, a lake, a community centre.
    VenueId
);
id_type!(
    /// A bookable part of a venue: Court 1, the pegs area, a training room.
    SpaceId
);

/// One line of the venues list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct VenueSummary {
    pub id: VenueId,
    pub name: String,
    pub address: String,
    /// The space names, in order ("Court 1, Court 2").
    pub spaces: Option<String>,
    /// Days with hours recorded; 0 means always open.
    pub open_days: i64,
}

/// The venues, and whether the person asking may change them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueList {
    pub venues: Vec<VenueSummary>,
    pub may_manage: bool,
}

/// A venue with its spaces and opening hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VenueRecord {
    pub id: VenueId,
    pub name: String,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    pub access_notes: Option<String>,
    pub spaces: Vec<SpaceRecord>,
    /// The days it opens; empty when no hours are recorded (always open).
    pub hours: Vec<hours::DayHours>,
    pub may_manage: bool,
}

impl VenueRecord {
    /// Whole spaces at this venue (not part of another): what a space may be part of.
    pub fn wholes(&self) -> impl Iterator<Item = &SpaceRecord> {
        self.spaces.iter().filter(|space| space.part_of.is_none())
    }

    pub fn space_name(&self, id: SpaceId) -> Option<&str> {
        self.spaces
            .iter()
            .find(|space| space.id == id)
            .map(|space| space.name.as_str())
    }

    /// A link that opens the phone's maps app at the venue.
    pub fn maps_link(&self) -> Option<String> {
        GeoPoint::new(self.latitude, self.longitude)
            .ok()
            .map(GeoPoint::maps_link)
    }
}

/// A space, how it relates to the others, and how many sessions use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SpaceRecord {
    pub id: SpaceId,
    pub name: String,
    pub part_of: Option<SpaceId>,
    /// Sessions ever planned here, cancelled and past ones included.
    pub sessions: i64,
}

/// The venue form as typed: text until [`VenueDraft::parse`] reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueForm {
    pub name: String,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
    #[serde(default)]
    pub access_notes: String,
}

/// A venue's details that passed every check a person can fix.
#[derive(Debug, Clone, PartialEq)]
pub struct VenueDraft {
    pub name: String,
    pub address: String,
    pub location: GeoPoint,
    pub access_notes: Option<String>,
}

impl VenueDraft {
    /// Reads the form, or lists every problem with it in plain words.
    pub fn parse(form: &VenueForm) -> Result<Self, Vec<String>> {
        let mut problems: Vec<String> = Vec::new();
        let name = forms::required_text(&form.name, 100);
        if name.is_none() {
            problems.push("Enter the venue's name (up to 100 characters).".into());
        }
        let address = forms::required_text(&form.address, 300);
        if address.is_none() {
            problems.push("Enter the address (up to 300 characters).".into());
        }
        let location = GeoPoint::parse_form(&form.latitude, &form.longitude)
            .map_err(|problem| problems.push(problem))
            .ok();
        let access_notes = forms::optional_text(&form.access_notes, 1000)
            .map_err(|_| problems.push("Keep the access notes under 1,000 characters.".into()))
            .ok();
        match (name, address, location, access_notes) {
            (Some(name), Some(address), Some(location), Some(access_notes)) => Ok(Self {
                name,
                address,
                location,
                access_notes,
            }),
            _ => Err(problems),
        }
    }
}

/// A space's name: 1 to 100 characters.
pub fn space_name(text: &str) -> Result<String, &'static str> {
    forms::required_text(text, 100).ok_or("Enter the space's name (up to 100 characters).")
}

/// How one space may relate to another, in the words the venue page uses: the database's
/// triggers allow one level only (a hall and its halves).
pub const PARTS_RULE: &str = "A space can be part of one larger space at the same venue, like the two halves of a hall: booking the whole hall takes both halves, while the two halves can be booked at the same time as each other. One level only: a half cannot have parts of its own, and a space that has parts cannot itself be part of another.";

#[cfg(test)]
mod tests {
    use super::*;

    fn park() -> VenueForm {
        VenueForm {
            name: " Clarence Park ".into(),
            address: "Hatfield Road, St Albans AL1 4PL".into(),
            latitude: "51.7504".into(),
            longitude: "-0.3275".into(),
            access_notes: "".into(),
        }
    }

    #[test]
    fn a_complete_form_reads_as_a_venue() {
        let draft = VenueDraft::parse(&park()).unwrap();
        assert_eq!(draft.name, "Clarence Park");
        assert_eq!(draft.location, GeoPoint::new(51.7504, -0.3275).unwrap());
        assert_eq!(draft.access_notes, None);
    }

    #[test]
    fn every_problem_is_named() {
        let form = VenueForm {
            name: " ".into(),
            latitude: "north".into(),
            ..park()
        };
        let problems = VenueDraft::parse(&form).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[1].contains("latitude and longitude as numbers"));
        let off_the_globe = VenueForm {
            latitude: "95".into(),
            access_notes: "x".repeat(1001),
            ..park()
        };
        assert_eq!(
            VenueDraft::parse(&off_the_globe).unwrap_err(),
            vec![
                "Latitude must be between -90 and 90 degrees.",
                "Keep the access notes under 1,000 characters."
            ]
        );
    }

    #[test]
    fn space_names_are_trimmed_and_required() {
        assert_eq!(space_name(" Court 1 "), Ok("Court 1".into()));
        assert!(space_name("").is_err());
    }
}
