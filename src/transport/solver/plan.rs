//! The plan as the caller sees it: per vehicle, the places in driving order with clock times,
//! who gets in and out where and in which seat; who was left off and why.

use super::clock::{ClockTime, LAST_MINUTE};
use super::instance::Direction;
use super::problem::{Problem, VENUE};
use super::reasons::why_unserved;
use super::route::Route;
use super::solution::Solution;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub direction: Direction,
    /// Driving minutes of all runs together: what the solver minimises.
    pub total_driving_minutes: u32,
    /// True when no other plan carries more riders, or as many with less driving.
    pub proven_optimal: bool,
    /// One run per vehicle that goes out; vehicles nobody rides in are left out.
    pub runs: Vec<Run>,
    pub unserved: Vec<Unserved>,
}

/// One vehicle's trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub vehicle: String,
    pub driving_minutes: u32,
    /// Outbound: the start, each stop, the venue. Return: the venue, each stop, the start.
    pub visits: Vec<Visit>,
}

/// The vehicle at a place: it arrives and leaves at `time` (nobody waits for it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub place: String,
    pub time: ClockTime,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub board: Vec<Boarding>,
    /// Riders who get out here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alight: Vec<String>,
}

/// A rider getting in, with the seats they take ("seat 3", "wheelchair space 1").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boarding {
    pub rider: String,
    pub seats: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unserved {
    pub rider: String,
    pub reason: String,
}

/// Times are on the day by construction (deadlines are clock times and departures are kept
/// at or after midnight); the clamp only keeps this function total.
fn at_minute(minutes: i32) -> ClockTime {
    ClockTime::from_minutes(minutes.clamp(0, LAST_MINUTE)).unwrap_or(ClockTime::MIDNIGHT)
}

/// Turns the solver's answer into the caller's plan, undoing the return-run mirror.
pub fn build(problem: &Problem, solution: &Solution) -> Plan {
    let runs: Vec<Run> = solution
        .routes
        .iter()
        .enumerate()
        .filter(|(_, route)| !route.stops.is_empty())
        .map(|(v, route)| run(problem, v, &solution.members[v], route))
        .collect();
    let unserved = solution
        .unserved
        .iter()
        .map(|&r| Unserved {
            rider: problem.riders[r].id.clone(),
            reason: why_unserved(problem, solution, r),
        })
        .collect();
    Plan {
        direction: problem.direction,
        total_driving_minutes: solution.cost().max(0) as u32,
        proven_optimal: solution.proven_optimal,
        runs,
        unserved,
    }
}

fn run(problem: &Problem, v: usize, members: &[usize], route: &Route) -> Run {
    let name = |place: usize| problem.table.names[place].clone();
    // Outbound form: start, stops, venue, with times counted back from the arrival.
    let mut places = vec![problem.vehicles[v].start];
    places.extend(&route.stops);
    places.push(VENUE);
    let mut times = vec![0; places.len()];
    let mut time = route.arrival;
    for i in (0..places.len()).rev() {
        if i + 1 < places.len() {
            time -= problem.out[places[i]][places[i + 1]];
        }
        times[i] = time;
    }
    let mut seats = SeatCounter::default();
    let mut visits: Vec<Visit> = places
        .iter()
        .zip(&times)
        .map(|(&place, &time)| Visit {
            place: name(place),
            time: at_minute(time),
            board: Vec::new(),
            alight: Vec::new(),
        })
        .collect();
    // Riders board at their stop's visit (the first visit is the start, not a pick-up).
    let last = visits.len() - 1;
    for (i, &stop) in route.stops.iter().enumerate() {
        for &r in members.iter().filter(|&&r| problem.riders[r].stop == stop) {
            let rider = &problem.riders[r];
            let boarding = Boarding {
                rider: rider.id.clone(),
                seats: seats.take(rider.wheelchair, rider.load),
            };
            match problem.direction {
                Direction::Outbound => {
                    visits[i + 1].board.push(boarding);
                    visits[last].alight.push(rider.id.clone());
                }
                Direction::Return => {
                    visits[i + 1].alight.push(rider.id.clone());
                    visits[last].board.push(boarding);
                }
            }
        }
    }
    if problem.direction == Direction::Return {
        // Mirror back: reverse the order and the clock.
        visits.reverse();
        for visit in &mut visits {
            visit.time = at_minute(LAST_MINUTE - visit.time.minutes());
        }
    }
    Run {
        vehicle: problem.vehicles[v].id.clone(),
        driving_minutes: route.cost.max(0) as u32,
        visits,
    }
}

/// Hands out seats in boarding order: "seat 1", "seat 2"…, "wheelchair space 1"….
#[derive(Default)]
struct SeatCounter {
    seats: u32,
    wheelchair_spaces: u32,
}

impl SeatCounter {
    fn take(&mut self, wheelchair: bool, load: u32) -> Vec<String> {
        let (counter, label) = if wheelchair {
            (&mut self.wheelchair_spaces, "wheelchair space")
        } else {
            (&mut self.seats, "seat")
        };
        (0..load)
            .map(|_| {
                *counter += 1;
                format!("{label} {counter}")
            })
            .collect()
    }
}
