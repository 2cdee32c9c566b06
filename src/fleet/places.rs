//! Pick-up points, and the coordinator's own travel times between two places ("Hatfield →
//! Stanborough Lakes: 25 min"), which the travel-time model uses instead of its estimate.

use serde::{Deserialize, Serialize};

use crate::forms;
use crate::geo::GeoPoint;
use crate::ids::id_type;
use crate::transport::PickupPointId;
use crate::venues::VenueId;

id_type!(
    /// One of the coordinator's travel times from one place to another.
    TravelOverrideId
);

/// A pick-up point as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PickupPoint {
    pub id: PickupPointId,
    pub name: String,
    /// What a participant looks for when they get there.
    pub landmark: String,
    pub latitude: f64,
    pub longitude: f64,
}

impl PickupPoint {
    /// A link that opens the phone's maps app at the point.
    pub fn maps_link(&self) -> Option<String> {
        GeoPoint::new(self.latitude, self.longitude)
            .ok()
            .map(GeoPoint::maps_link)
    }
}

/// A pick-up point's details that passed every check a person can fix.
#[derive(Debug, Clone, PartialEq)]
pub struct PickupPointDraft {
    pub name: String,
    pub landmark: String,
    pub location: GeoPoint,
}

impl PickupPointDraft {
    /// Reads the form, or lists every problem with it in plain words.
    pub fn parse(
        name: &str,
        landmark: &str,
        latitude: &str,
        longitude: &str,
    ) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let name = forms::required_text(name, 100);
        if name.is_none() {
            problems.push("Enter the pick-up point's name (up to 100 characters).".to_owned());
        }
        let landmark = forms::required_text(landmark, 300);
        if landmark.is_none() {
            problems.push(
                "Say what to look for there, like “bus shelter outside the station” (up to 300 characters).".to_owned(),
            );
        }
        let location = GeoPoint::parse_form(latitude, longitude)
            .map_err(|problem| problems.push(problem))
            .ok();
        match (name, landmark, location) {
            (Some(name), Some(landmark), Some(location)) => Ok(Self {
                name,
                landmark,
                location,
            }),
            _ => Err(problems),
        }
    }
}

/// One end of a journey: a pick-up point or a venue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Place {
    Pickup(PickupPointId),
    Venue(VenueId),
}

impl Place {
    /// The value a form's `<select>` sends: "pickup-3", "venue-2".
    pub fn slug(self) -> String {
        match self {
            Self::Pickup(id) => format!("pickup-{id}"),
            Self::Venue(id) => format!("venue-{id}"),
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        let (kind, id) = slug.trim().split_once('-')?;
        let id = id.parse().ok()?;
        match kind {
            "pickup" => Some(Self::Pickup(PickupPointId(id))),
            "venue" => Some(Self::Venue(VenueId(id))),
            _ => None,
        }
    }
}

/// Minutes a typed travel time may take: up to four hours.
pub const MINUTES: std::ops::RangeInclusive<i64> = 1..=240;

/// A travel time that passed every check a person can fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverrideDraft {
    pub from: Place,
    pub to: Place,
    pub minutes: i64,
}

impl OverrideDraft {
    pub fn parse(from: &str, to: &str, minutes: &str) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let (from, to) = (Place::parse(from), Place::parse(to));
        if from.is_none() || to.is_none() {
            problems.push("Choose both places from the lists.".to_owned());
        } else if from == to {
            problems.push("Choose two different places.".to_owned());
        }
        let minutes = forms::whole_number(minutes, MINUTES);
        if minutes.is_none() {
            problems.push(format!(
                "Enter the travel time in whole minutes, from {} to {}.",
                MINUTES.start(),
                MINUTES.end()
            ));
        }
        match (from, to, minutes) {
            (Some(from), Some(to), Some(minutes)) if problems.is_empty() => {
                Ok(Self { from, to, minutes })
            }
            _ => Err(problems),
        }
    }
}

/// One of the coordinator's travel times, with the places' names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TravelOverride {
    pub id: TravelOverrideId,
    pub from: Place,
    pub to: Place,
    pub from_name: String,
    pub to_name: String,
    pub minutes: i64,
}

impl TravelOverride {
    /// "Hatfield → Stanborough Lakes: 25 min".
    pub fn words(&self) -> String {
        format!(
            "{} → {}: {} min",
            self.from_name, self.to_name, self.minutes
        )
    }
}

/// What the pick-up points page shows: the points, the travel times, and the venues (a travel
/// time may start or end at one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Places {
    pub points: Vec<PickupPoint>,
    pub venues: Vec<(VenueId, String)>,
    pub overrides: Vec<TravelOverride>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pick_up_point_needs_a_name_a_landmark_and_a_position() {
        let draft =
            PickupPointDraft::parse(" Hatfield ", "By the statue", "51.7638", "-0.2155").unwrap();
        assert_eq!(draft.name, "Hatfield");
        let problems = PickupPointDraft::parse("", " ", "north", "-0.2").unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(
            PickupPointDraft::parse("A", "B", "95", "0").unwrap_err(),
            vec!["Latitude must be between -90 and 90 degrees."]
        );
    }

    #[test]
    fn places_travel_as_slugs() {
        for place in [Place::Pickup(PickupPointId(3)), Place::Venue(VenueId(12))] {
            assert_eq!(Place::parse(&place.slug()), Some(place));
        }
        assert_eq!(Place::parse("bus-3"), None);
        assert_eq!(Place::parse("venue-x"), None);
    }

    #[test]
    fn a_travel_time_is_between_two_different_places_and_within_four_hours() {
        let draft = OverrideDraft::parse("pickup-3", "venue-2", " 25 ").unwrap();
        assert_eq!(draft.minutes, 25);
        assert_eq!(
            OverrideDraft::parse("pickup-3", "pickup-3", "25").unwrap_err(),
            vec!["Choose two different places."]
        );
        assert_eq!(
            OverrideDraft::parse("pickup-3", "venue-3", "0").unwrap_err(),
            vec!["Enter the travel time in whole minutes, from 1 to 240."]
        );
        assert!(
            OverrideDraft::parse("", "venue-3", "241")
                .unwrap_err()
                .len()
                == 2
        );
    }
}
