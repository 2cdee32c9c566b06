//! A programme day's transport, worked out from who is booked: which vehicle goes to which
//! venue, who sits where, the stops in order and their times. Pure: the data layer gathers a
//! [`DayInputs`] and writes back the [`DayPlan`]; the solver does the routing.
//!
//! Each venue is one solver instance per direction. Venues with the most riders choose their
//! vehicles first; the return run to a venue uses the vehicles that went out to it (the driver
//! stays and helps), plus any vehicle nobody took. Riders pinned by hand on the board keep their
//! vehicle and their seat number.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::solver::clock::ClockTime;
use super::solver::instance::{Instance, Place, Request, TravelOverride, VehicleSpec};
use super::solver::{self, Direction};
use super::travel::TravelModel;
use super::{PickupPointId, VehicleId};
use crate::error::AppError;
use crate::fleet::places::Place as PlaceRef;
use crate::geo::GeoPoint;
use crate::ids::id_type;
use crate::people::PersonId;
use crate::venues::VenueId;

id_type!(
    /// A participant's place on a session (a booking), which holds their seats.
    BookingId
);

/// Everything the day's allocation depends on, read in one go.
#[derive(Debug, Clone, PartialEq)]
pub struct DayInputs {
    /// How early to reach the venue before a session starts.
    pub margin_minutes: u32,
    pub max_ride_minutes: u32,
    pub travel: TravelModel,
    pub venues: Vec<(VenueId, GeoPoint)>,
    pub points: Vec<(PickupPointId, GeoPoint)>,
    /// The coordinator's typed-in travel times.
    pub overrides: Vec<(PlaceRef, PlaceRef, u32)>,
    /// Vehicles on the road that weekday, with passenger seats (the driver's not counted).
    pub vehicles: Vec<DayVehicle>,
    pub riders: Vec<DayRider>,
    /// Seats set by hand: the rider keeps this vehicle and seat when re-optimising.
    pub locks: Vec<Lock>,
    /// Participants who must not share a vehicle.
    pub keep_apart: Vec<(PersonId, PersonId)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayVehicle {
    pub id: VehicleId,
    pub seats: u32,
    pub wheelchair_spaces: u32,
}

/// A booked participant who needs a lift that day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayRider {
    pub booking: BookingId,
    pub participant: PersonId,
    pub venue: VenueId,
    /// Their usual pick-up point; `None` when none is on file.
    pub pickup: Option<PickupPointId>,
    pub wheelchair: bool,
    pub starts: ClockTime,
    pub ends: ClockTime,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lock {
    pub booking: BookingId,
    pub direction: Direction,
    pub vehicle: VehicleId,
    pub seat_number: u32,
}

/// The day's runs and whoever could not be given a seat, with the reason.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DayPlan {
    pub runs: Vec<PlannedRun>,
    pub unplaced: Vec<Unplaced>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRun {
    pub direction: Direction,
    pub venue: VenueId,
    pub vehicle: VehicleId,
    pub departs: ClockTime,
    pub arrives: ClockTime,
    pub driving_minutes: u32,
    /// Pick-up points in driving order with the time there.
    pub stops: Vec<(PickupPointId, ClockTime)>,
    pub seats: Vec<PlannedSeat>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannedSeat {
    pub booking: BookingId,
    pub point: PickupPointId,
    pub wheelchair: bool,
    pub number: u32,
    pub locked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unplaced {
    pub booking: BookingId,
    pub direction: Direction,
    pub reason: String,
}

fn rider_name(booking: BookingId) -> String {
    format!("booking-{booking}")
}

fn vehicle_name(vehicle: VehicleId) -> String {
    format!("vehicle-{vehicle}")
}

/// Plans both directions of the day.
pub fn plan_day(inputs: &DayInputs) -> DayPlan {
    let mut plan = DayPlan::default();
    let mut by_venue: BTreeMap<VenueId, Vec<&DayRider>> = BTreeMap::new();
    for rider in &inputs.riders {
        if rider.pickup.is_none() {
            for direction in [Direction::Outbound, Direction::Return] {
                plan.unplaced.push(Unplaced {
                    booking: rider.booking,
                    direction,
                    reason: "no pick-up point on file — add one to their record".into(),
                });
            }
        } else {
            by_venue.entry(rider.venue).or_default().push(rider);
        }
    }
    // Busiest venue first, so the big group gets the big vehicle.
    let mut venues: Vec<(VenueId, Vec<&DayRider>)> = by_venue.into_iter().collect();
    venues.sort_by_key(|(venue, riders)| (std::cmp::Reverse(riders.len()), *venue));

    let mut free: Vec<DayVehicle> = inputs.vehicles.clone();
    let mut went_out: BTreeMap<VenueId, Vec<DayVehicle>> = BTreeMap::new();
    for (venue, riders) in &venues {
        let pool = pool_for(&free, riders, &inputs.locks, Direction::Outbound);
        let runs = plan_venue(
            inputs,
            *venue,
            riders,
            &pool,
            Direction::Outbound,
            &mut plan,
        );
        let used: BTreeSet<VehicleId> = runs.iter().map(|run| run.vehicle).collect();
        free.retain(|v| !used.contains(&v.id));
        went_out.insert(
            *venue,
            pool.into_iter().filter(|v| used.contains(&v.id)).collect(),
        );
        plan.runs.extend(runs);
    }
    for (venue, riders) in &venues {
        // The vehicles that brought this venue's riders, then anything still free.
        let mut pool = went_out.remove(venue).unwrap_or_default();
        pool.extend(pool_for(&free, riders, &inputs.locks, Direction::Return));
        let runs = plan_venue(inputs, *venue, riders, &pool, Direction::Return, &mut plan);
        let used: BTreeSet<VehicleId> = runs.iter().map(|run| run.vehicle).collect();
        free.retain(|v| !used.contains(&v.id));
        plan.runs.extend(runs);
    }
    plan
}

/// The free vehicles for a venue, those its riders are pinned to first.
fn pool_for(
    free: &[DayVehicle],
    riders: &[&DayRider],
    locks: &[Lock],
    direction: Direction,
) -> Vec<DayVehicle> {
    let pinned: BTreeSet<VehicleId> = locks
        .iter()
        .filter(|lock| lock.direction == direction)
        .filter(|lock| riders.iter().any(|r| r.booking == lock.booking))
        .map(|lock| lock.vehicle)
        .collect();
    let mut pool: Vec<DayVehicle> = free
        .iter()
        .filter(|v| pinned.contains(&v.id))
        .copied()
        .collect();
    pool.extend(free.iter().filter(|v| !pinned.contains(&v.id)).copied());
    pool
}

fn plan_venue(
    inputs: &DayInputs,
    venue: VenueId,
    riders: &[&DayRider],
    pool: &[DayVehicle],
    direction: Direction,
    plan: &mut DayPlan,
) -> Vec<PlannedRun> {
    if pool.is_empty() {
        for rider in riders {
            plan.unplaced.push(Unplaced {
                booking: rider.booking,
                direction,
                reason: "no vehicle free: every vehicle that day is on another run".into(),
            });
        }
        return Vec::new();
    }
    let instance = instance(inputs, venue, riders, pool, direction);
    let solved = match solver::solve(&instance) {
        Ok(solved) => solved,
        Err(error) => {
            // Only a bug in building the instance gets here; say so rather than guess.
            for rider in riders {
                plan.unplaced.push(Unplaced {
                    booking: rider.booking,
                    direction,
                    reason: format!("the transport plan could not be made ({error})"),
                });
            }
            return Vec::new();
        }
    };
    let by_name: BTreeMap<String, &DayRider> = riders
        .iter()
        .map(|rider| (rider_name(rider.booking), *rider))
        .collect();
    for unserved in &solved.unserved {
        if let Some(rider) = by_name.get(&unserved.rider) {
            plan.unplaced.push(Unplaced {
                booking: rider.booking,
                direction,
                reason: unserved.reason.clone(),
            });
        }
    }
    solved
        .runs
        .iter()
        .filter_map(|run| planned_run(inputs, venue, pool, &by_name, direction, run))
        .collect()
}

fn instance(
    inputs: &DayInputs,
    venue: VenueId,
    riders: &[&DayRider],
    pool: &[DayVehicle],
    direction: Direction,
) -> Instance {
    let place = |slug: String, location: Option<GeoPoint>| Place {
        name: slug,
        location,
    };
    let venue_place = PlaceRef::Venue(venue);
    let venue_location = inputs
        .venues
        .iter()
        .find(|(id, _)| *id == venue)
        .map(|(_, at)| *at);
    let used: BTreeSet<PickupPointId> = riders.iter().filter_map(|r| r.pickup).collect();
    let stops: Vec<Place> = inputs
        .points
        .iter()
        .filter(|(id, _)| used.contains(id))
        .map(|(id, at)| place(PlaceRef::Pickup(*id).slug(), Some(*at)))
        .collect();
    let names: BTreeSet<String> = stops
        .iter()
        .map(|s| s.name.clone())
        .chain([venue_place.slug()])
        .collect();
    let overrides = inputs
        .overrides
        .iter()
        .map(|(from, to, minutes)| TravelOverride {
            from: from.slug(),
            to: to.slug(),
            minutes: *minutes,
        })
        .filter(|o| names.contains(&o.from) && names.contains(&o.to))
        .collect();
    let pins: BTreeMap<BookingId, VehicleId> = inputs
        .locks
        .iter()
        .filter(|lock| lock.direction == direction)
        .filter(|lock| pool.iter().any(|v| v.id == lock.vehicle))
        .map(|lock| (lock.booking, lock.vehicle))
        .collect();
    let requests = riders
        .iter()
        .filter_map(|rider| {
            let stop = PlaceRef::Pickup(rider.pickup?).slug();
            let (pickup, dropoff, earliest, latest) = match direction {
                Direction::Outbound => {
                    let by = rider.starts.minutes() - inputs.margin_minutes as i32;
                    let by = ClockTime::from_minutes(by.max(0)).unwrap_or(ClockTime::MIDNIGHT);
                    (Some(stop), None, None, Some(by))
                }
                Direction::Return => (None, Some(stop), Some(rider.ends), None),
            };
            Some(Request {
                rider: rider_name(rider.booking),
                pickup,
                dropoff,
                load: 1,
                wheelchair: rider.wheelchair,
                earliest,
                latest,
                max_ride_minutes: inputs.max_ride_minutes,
                vehicle: pins.get(&rider.booking).map(|v| vehicle_name(*v)),
            })
        })
        .collect();
    let on_board: BTreeSet<PersonId> = riders.iter().map(|r| r.participant).collect();
    let keep_apart = inputs
        .keep_apart
        .iter()
        .filter(|(a, b)| on_board.contains(a) && on_board.contains(b))
        .flat_map(|(a, b)| {
            // Everyone's bookings for the two people (usually one each).
            let of = |person: PersonId| {
                riders
                    .iter()
                    .filter(move |r| r.participant == person)
                    .map(|r| rider_name(r.booking))
            };
            of(*a).flat_map(move |x| of(*b).map(move |y| [x.clone(), y]))
        })
        .collect();
    Instance {
        direction,
        venue: place(venue_place.slug(), venue_location),
        stops,
        depots: Vec::new(),
        travel: inputs.travel,
        time_matrix: None,
        overrides,
        requests,
        vehicles: pool
            .iter()
            .map(|v| VehicleSpec {
                id: vehicle_name(v.id),
                seats: v.seats,
                wheelchair_spaces: v.wheelchair_spaces,
                start: None,
            })
            .collect(),
        keep_apart,
    }
}

fn planned_run(
    inputs: &DayInputs,
    venue: VenueId,
    pool: &[DayVehicle],
    by_name: &BTreeMap<String, &DayRider>,
    direction: Direction,
    run: &solver::plan::Run,
) -> Option<PlannedRun> {
    let vehicle = pool.iter().find(|v| vehicle_name(v.id) == run.vehicle)?;
    let stops: Vec<(PickupPointId, ClockTime)> = run
        .visits
        .iter()
        .filter_map(|visit| match PlaceRef::parse(&visit.place)? {
            PlaceRef::Pickup(point) => Some((point, visit.time)),
            PlaceRef::Venue(_) => None,
        })
        .collect();
    // Riders in boarding order: the order they are collected (outbound) or named (return).
    let riders: Vec<&DayRider> = run
        .visits
        .iter()
        .flat_map(|visit| &visit.board)
        .filter_map(|boarding| by_name.get(&boarding.rider).copied())
        .collect();
    let seats = number_seats(inputs, vehicle, direction, &riders);
    Some(PlannedRun {
        direction,
        venue,
        vehicle: vehicle.id,
        departs: run.visits.first()?.time,
        arrives: run.visits.last()?.time,
        driving_minutes: run.driving_minutes,
        stops,
        seats,
    })
}

/// The lowest seat number from 1 to `room` that is not `taken`: how every rider without a locked
/// seat is numbered, by the planner, a move on the board and a place booked after publishing.
pub fn lowest_free_seat(room: u32, taken: impl Fn(u32) -> bool) -> Option<u32> {
    (1..=room).find(|number| !taken(*number))
}

/// The seat a rider moved by hand gets: the one the coordinator chose (`requested`) if the
/// vehicle has it and nobody else sits there, else the lowest free one. `room` is the seats (or
/// wheelchair spaces) of the rider's kind; `taken` those someone else holds. The refusals are
/// the sentences the board shows.
pub fn choose_seat(requested: Option<u32>, room: u32, taken: &[u32]) -> Result<u32, AppError> {
    match requested {
        Some(n) if n == 0 || n > room => {
            Err(AppError::Invalid(format!("This vehicle has no seat {n}.")))
        }
        Some(n) if taken.contains(&n) => Err(AppError::Conflict(format!(
            "Seat {n} is taken. Choose a free seat."
        ))),
        Some(n) => Ok(n),
        None => lowest_free_seat(room, |n| taken.contains(&n)).ok_or_else(|| {
            AppError::Conflict("No seat left on this run: move someone off it first.".into())
        }),
    }
}

/// A planner's reason with place names instead of slugs: the solver names places "pickup-3"
/// and "venue-2", people read names. `names` pairs each slug with its place's name.
pub fn in_words(names: &[(String, String)], reason: &str) -> String {
    let mut longest_first: Vec<&(String, String)> = names.iter().collect();
    // "pickup-12" is replaced before "pickup-1" could match inside it.
    longest_first.sort_by_key(|(slug, _)| std::cmp::Reverse(slug.len()));
    longest_first
        .into_iter()
        .fold(reason.to_owned(), |text, (slug, name)| {
            text.replace(slug, name)
        })
}

/// Locked riders keep their seat number; everyone else gets the lowest free one of their kind.
fn number_seats(
    inputs: &DayInputs,
    vehicle: &DayVehicle,
    direction: Direction,
    riders: &[&DayRider],
) -> Vec<PlannedSeat> {
    let lock_of = |rider: &DayRider| {
        inputs.locks.iter().find(|lock| {
            lock.booking == rider.booking
                && lock.direction == direction
                && lock.vehicle == vehicle.id
        })
    };
    let mut taken: BTreeSet<(bool, u32)> = BTreeSet::new();
    let mut seats: Vec<PlannedSeat> = Vec::with_capacity(riders.len());
    let room = |wheelchair: bool| {
        if wheelchair {
            vehicle.wheelchair_spaces
        } else {
            vehicle.seats
        }
    };
    for rider in riders {
        if let Some(lock) = lock_of(rider) {
            let kind = rider.wheelchair;
            if lock.seat_number <= room(kind) && taken.insert((kind, lock.seat_number)) {
                seats.extend(seat(rider, lock.seat_number, true));
            }
        }
    }
    for rider in riders {
        if seats.iter().any(|s| s.booking == rider.booking) {
            continue;
        }
        let kind = rider.wheelchair;
        // The solver never puts more riders in a vehicle than it has seats of their kind.
        if let Some(number) = lowest_free_seat(room(kind), |n| taken.contains(&(kind, n))) {
            taken.insert((kind, number));
            seats.extend(seat(rider, number, lock_of(rider).is_some()));
        }
    }
    seats
}

/// The rider's seat; `None` only for a rider with no pick-up point, who never reaches the solver.
fn seat(rider: &DayRider, number: u32, locked: bool) -> Option<PlannedSeat> {
    Some(PlannedSeat {
        booking: rider.booking,
        point: rider.pickup?,
        wheelchair: rider.wheelchair,
        number,
        locked,
    })
}

#[cfg(test)]
mod tests;
