//! Checking an instance and turning it into the solver's working form ("parse, don't
//! validate"): places by index, a complete time matrix, and every run seen as an outbound run.
//!
//! A return run (venue → stops, leave after the end) is the exact mirror of an outbound run:
//! reverse every arc and every clock (minute `t` becomes `LAST_MINUTE - t`). "Leave the venue
//! no earlier than 15:30" becomes "arrive by 08:29", "home by 17:00" becomes "ready from 06:59",
//! ride times and driving times stay the same. So one solver serves both, and pick-up times
//! computed backwards from the deadline become drop-off times computed forwards from the end.

use super::clock::LAST_MINUTE;
use super::instance::{Direction, Instance, Place, Request};
use std::collections::BTreeMap;
use std::fmt;

/// What is wrong with an instance, naming the field as a path into the JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceError {
    pub field: String,
    pub message: String,
}

impl fmt::Display for InstanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for InstanceError {}

fn error(field: impl Into<String>, message: impl Into<String>) -> InstanceError {
    InstanceError {
        field: field.into(),
        message: message.into(),
    }
}

/// Minutes between places in the real direction of travel, by place index
/// (0 is the venue, then the stops, then the depots).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeTable {
    pub names: Vec<String>,
    pub minutes: Vec<Vec<i32>>,
    index: BTreeMap<String, usize>,
}

impl TimeTable {
    pub fn index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Minutes from one named place to another, if both exist.
    pub fn between(&self, from: &str, to: &str) -> Option<i32> {
        Some(self.minutes[self.index(from)?][self.index(to)?])
    }
}

/// A rider in outbound form: reach the venue by `deadline`, picked up no earlier than `ready`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rider {
    pub id: String,
    pub stop: usize,
    pub load: u32,
    pub wheelchair: bool,
    pub deadline: i32,
    pub ready: i32,
    pub max_ride: i32,
    /// The one vehicle allowed to carry this rider, when pinned by hand.
    pub vehicle: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Vehicle {
    pub id: String,
    pub seats: u32,
    pub wheelchair_spaces: u32,
    pub start: usize,
}

/// A checked instance in outbound form.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub direction: Direction,
    /// Real-direction times, for plans and the checker.
    pub table: TimeTable,
    /// Outbound-form times: `out[i][j]` is the table's `i → j` outbound, `j → i` on return.
    pub out: Vec<Vec<i32>>,
    pub riders: Vec<Rider>,
    pub vehicles: Vec<Vehicle>,
    /// `apart[a][b]`: riders `a` and `b` must not share a vehicle.
    pub apart: Vec<Vec<bool>>,
}

/// The venue's place index.
pub const VENUE: usize = 0;

impl Problem {
    pub fn parse(instance: &Instance) -> Result<Self, InstanceError> {
        let table = time_table(instance)?;
        let stops: BTreeMap<&str, usize> = instance
            .stops
            .iter()
            .enumerate()
            .map(|(i, stop)| (stop.name.as_str(), i + 1))
            .collect();
        let mut riders = Vec::with_capacity(instance.requests.len());
        let mut rider_index = BTreeMap::new();
        for (i, request) in instance.requests.iter().enumerate() {
            let rider = rider(instance, &stops, i, request)?;
            if rider_index.insert(rider.id.clone(), i).is_some() {
                let message = format!("\"{}\" is asked for twice", rider.id);
                return Err(error(format!("requests[{i}].rider"), message));
            }
            riders.push(rider);
        }
        let vehicles = vehicles(instance, &table)?;
        for (i, (rider, request)) in riders.iter_mut().zip(&instance.requests).enumerate() {
            rider.vehicle = match &request.vehicle {
                None => None,
                Some(name) => {
                    Some(vehicles.iter().position(|v| v.id == *name).ok_or_else(|| {
                        let message = format!("no vehicle called \"{name}\"");
                        error(format!("requests[{i}].vehicle"), message)
                    })?)
                }
            };
        }
        let mut apart = vec![vec![false; riders.len()]; riders.len()];
        for (i, pair) in instance.keep_apart.iter().enumerate() {
            let find = |side: usize| {
                rider_index.get(&pair[side]).copied().ok_or_else(|| {
                    let message = format!("no request for rider \"{}\"", pair[side]);
                    error(format!("keep_apart[{i}][{side}]"), message)
                })
            };
            let (a, b) = (find(0)?, find(1)?);
            if a == b {
                return Err(error(
                    format!("keep_apart[{i}]"),
                    "names the same rider twice",
                ));
            }
            apart[a][b] = true;
            apart[b][a] = true;
        }
        let out = match instance.direction {
            Direction::Outbound => table.minutes.clone(),
            Direction::Return => transpose(&table.minutes),
        };
        Ok(Self {
            direction: instance.direction,
            table,
            out,
            riders,
            vehicles,
            apart,
        })
    }
}

fn transpose(minutes: &[Vec<i32>]) -> Vec<Vec<i32>> {
    (0..minutes.len())
        .map(|i| minutes.iter().map(|row| row[i]).collect())
        .collect()
}

/// Every place with its field path, in matrix order.
fn places(instance: &Instance) -> Vec<(String, &Place)> {
    let mut all = vec![("venue".to_string(), &instance.venue)];
    all.extend(
        instance
            .stops
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("stops[{i}]"), p)),
    );
    all.extend(
        instance
            .depots
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("depots[{i}]"), p)),
    );
    all
}

fn time_table(instance: &Instance) -> Result<TimeTable, InstanceError> {
    let places = places(instance);
    let mut index = BTreeMap::new();
    for (i, (field, place)) in places.iter().enumerate() {
        if place.name.trim().is_empty() {
            return Err(error(format!("{field}.name"), "must not be empty"));
        }
        if index.insert(place.name.clone(), i).is_some() {
            let message = format!("\"{}\" names two places", place.name);
            return Err(error(format!("{field}.name"), message));
        }
    }
    let mut minutes = match &instance.time_matrix {
        Some(matrix) => given_matrix(matrix, places.len())?,
        None => estimated_matrix(instance, &places)?,
    };
    for (i, over) in instance.overrides.iter().enumerate() {
        let find = |name: &str, side: &str| {
            index.get(name).copied().ok_or_else(|| {
                let message = format!("no place called \"{name}\"");
                error(format!("overrides[{i}].{side}"), message)
            })
        };
        let (from, to) = (find(&over.from, "from")?, find(&over.to, "to")?);
        minutes[from][to] = minutes_field(over.minutes, || format!("overrides[{i}].minutes"))?;
    }
    let names = places.iter().map(|(_, p)| p.name.clone()).collect();
    Ok(TimeTable {
        names,
        minutes,
        index,
    })
}

/// Caps minutes at a week, so sums of a few hundred legs never overflow an `i32`.
fn minutes_field(minutes: u32, field: impl Fn() -> String) -> Result<i32, InstanceError> {
    const A_WEEK: u32 = 7 * 24 * 60;
    if minutes > A_WEEK {
        return Err(error(field(), "more than a week of driving"));
    }
    Ok(minutes as i32)
}

fn given_matrix(matrix: &[Vec<u32>], places: usize) -> Result<Vec<Vec<i32>>, InstanceError> {
    if matrix.len() != places {
        let message = format!(
            "{} rows for {places} places (the venue, the stops, the depots)",
            matrix.len()
        );
        return Err(error("time_matrix", message));
    }
    matrix
        .iter()
        .enumerate()
        .map(|(i, row)| {
            if row.len() != places {
                let message = format!("{} entries for {places} places", row.len());
                return Err(error(format!("time_matrix[{i}]"), message));
            }
            row.iter()
                .enumerate()
                .map(|(j, &m)| minutes_field(m, || format!("time_matrix[{i}][{j}]")))
                .collect()
        })
        .collect()
}

fn estimated_matrix(
    instance: &Instance,
    places: &[(String, &Place)],
) -> Result<Vec<Vec<i32>>, InstanceError> {
    let model = instance
        .travel
        .checked()
        .map_err(|e| error("travel", e.to_string()))?;
    let points = places
        .iter()
        .map(|(field, place)| {
            place.location.ok_or_else(|| {
                error(
                    format!("{field}.location"),
                    "needed when there is no time_matrix",
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(points
        .iter()
        .map(|&from| {
            points
                .iter()
                .map(|&to| model.minutes(from, to).min(i32::MAX as u32 / 1024) as i32)
                .collect()
        })
        .collect())
}

fn rider(
    instance: &Instance,
    stops: &BTreeMap<&str, usize>,
    i: usize,
    request: &Request,
) -> Result<Rider, InstanceError> {
    let field = |name: &str| format!("requests[{i}].{name}");
    if request.rider.trim().is_empty() {
        return Err(error(field("rider"), "must not be empty"));
    }
    let venue = instance.venue.name.as_str();
    // The venue end may be left out; the stop end is required and must be a stop.
    let (stop_side, venue_side) = match instance.direction {
        Direction::Outbound => (("pickup", &request.pickup), ("dropoff", &request.dropoff)),
        Direction::Return => (("dropoff", &request.dropoff), ("pickup", &request.pickup)),
    };
    if let Some(name) = venue_side.1.as_deref().filter(|name| *name != venue) {
        let message = format!("\"{name}\" is not the venue (\"{venue}\"); plan one venue per run");
        return Err(error(field(venue_side.0), message));
    }
    let stop_name = stop_side
        .1
        .as_deref()
        .ok_or_else(|| error(field(stop_side.0), "needed: the rider's stop"))?;
    let stop = *stops.get(stop_name).ok_or_else(|| {
        error(
            field(stop_side.0),
            format!("no stop called \"{stop_name}\""),
        )
    })?;
    if request.load == 0 {
        return Err(error(field("load"), "must be at least 1"));
    }
    if request.max_ride_minutes == 0 {
        return Err(error(field("max_ride_minutes"), "must be more than 0"));
    }
    let max_ride = minutes_field(request.max_ride_minutes, || field("max_ride_minutes"))?;
    let earliest = request.earliest.map(|t| t.minutes());
    let latest = request.latest.map(|t| t.minutes());
    if let (Some(from), Some(to)) = (request.earliest, request.latest) {
        if from > to {
            return Err(error(
                field("earliest"),
                format!("{from} is after latest ({to})"),
            ));
        }
    }
    let (deadline, ready) = match instance.direction {
        Direction::Outbound => {
            let latest = latest.ok_or_else(|| {
                error(
                    field("latest"),
                    "needed on an outbound run: at the venue by",
                )
            })?;
            (latest, earliest.unwrap_or(0))
        }
        Direction::Return => {
            let earliest = earliest.ok_or_else(|| {
                error(
                    field("earliest"),
                    "needed on a return run: leave the venue no earlier",
                )
            })?;
            (
                LAST_MINUTE - earliest,
                LAST_MINUTE - latest.unwrap_or(LAST_MINUTE),
            )
        }
    };
    Ok(Rider {
        id: request.rider.clone(),
        stop,
        load: request.load,
        wheelchair: request.wheelchair,
        deadline,
        ready,
        max_ride,
        vehicle: None,
    })
}

fn vehicles(instance: &Instance, table: &TimeTable) -> Result<Vec<Vehicle>, InstanceError> {
    let mut seen = BTreeMap::new();
    instance
        .vehicles
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            if spec.id.trim().is_empty() {
                return Err(error(format!("vehicles[{i}].id"), "must not be empty"));
            }
            if seen.insert(spec.id.as_str(), i).is_some() {
                let message = format!("\"{}\" names two vehicles", spec.id);
                return Err(error(format!("vehicles[{i}].id"), message));
            }
            let start = match &spec.start {
                None => VENUE,
                Some(name) => table.index(name).ok_or_else(|| {
                    error(
                        format!("vehicles[{i}].start"),
                        format!("no place called \"{name}\""),
                    )
                })?,
            };
            Ok(Vehicle {
                id: spec.id.clone(),
                seats: spec.seats,
                wheelchair_spaces: spec.wheelchair_spaces,
                start,
            })
        })
        .collect()
}
