//! The instance: what the solver is asked, as it arrives (JSON from the command line, or built
//! by the app from the database). Nothing here is trusted yet; see `problem` for the checks.

use super::clock::ClockTime;
use crate::geo::GeoPoint;
use crate::transport::travel::TravelModel;
use serde::{Deserialize, Serialize};

/// One run to plan: one venue, the pick-up points, who needs a lift and the vehicles available.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// Outbound (pick-up points → venue) or return (venue → pick-up points).
    #[serde(default)]
    pub direction: Direction,
    /// Where the session is: every rider is taken there (outbound) or from there (return).
    pub venue: Place,
    /// The central pick-up points riders are collected from or brought back to.
    pub stops: Vec<Place>,
    /// Places vehicles are kept, if not the venue or a stop (a vehicle's `start` names one).
    #[serde(default)]
    pub depots: Vec<Place>,
    /// The straight-line travel model, used when places have coordinates.
    #[serde(default)]
    pub travel: TravelModel,
    /// Minutes between every pair of places, rows and columns in the order venue, stops,
    /// depots; instead of coordinates. `time_matrix[i][j]` is from place i to place j.
    #[serde(default)]
    pub time_matrix: Option<Vec<Vec<u32>>>,
    /// Known travel times that replace the estimate or the matrix entry for one direction.
    #[serde(default)]
    pub overrides: Vec<TravelOverride>,
    pub requests: Vec<Request>,
    pub vehicles: Vec<VehicleSpec>,
    /// Pairs of riders who must never share a vehicle (no reason is given here, on purpose).
    #[serde(default)]
    pub keep_apart: Vec<[String; 2]>,
}

/// Which way the run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "lowercase")
)]
pub enum Direction {
    /// Pick-up points → venue, arriving before the session starts.
    #[default]
    Outbound,
    /// Venue → pick-up points after the session ends; solved as the mirror of an outbound run.
    Return,
}

/// A named place; `location` may be left out when the instance gives a time matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub name: String,
    #[serde(default)]
    pub location: Option<GeoPoint>,
}

/// "From Hatfield station to Lakeside it takes 25 minutes", whatever the map says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TravelOverride {
    pub from: String,
    pub to: String,
    pub minutes: u32,
}

/// One rider who needs a lift on this run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Who: an id the caller understands; the plan names riders by it.
    pub rider: String,
    /// Where they get in: a stop (outbound) or the venue (return; may be left out).
    #[serde(default)]
    pub pickup: Option<String>,
    /// Where they get out: the venue (outbound; may be left out) or a stop (return).
    #[serde(default)]
    pub dropoff: Option<String>,
    /// Seats taken (1 unless someone travels with a carer).
    #[serde(default = "one")]
    pub load: u32,
    /// A wheelchair user travels only in a wheelchair space.
    #[serde(default)]
    pub wheelchair: bool,
    /// Outbound: the earliest pick-up ("ready from"). Return: leave the venue no earlier
    /// (the session's end). Required for return runs.
    #[serde(default)]
    pub earliest: Option<ClockTime>,
    /// Outbound: at the venue by (required). Return: home by.
    #[serde(default)]
    pub latest: Option<ClockTime>,
    /// The longest this rider may spend in the vehicle.
    pub max_ride_minutes: u32,
    /// Only this vehicle may carry the rider: the coordinator put them there by hand and
    /// re-optimising must not move them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<String>,
}

fn one() -> u32 {
    1
}

/// A vehicle available for this run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VehicleSpec {
    pub id: String,
    /// Passenger seats, not counting the driver's (the people carrier has 7).
    pub seats: u32,
    /// Spaces for wheelchairs, on top of the seats.
    #[serde(default)]
    pub wheelchair_spaces: u32,
    /// Where the run starts (outbound) and ends (return): a depot, a stop or the venue.
    /// Left out: the venue.
    #[serde(default)]
    pub start: Option<String>,
}
