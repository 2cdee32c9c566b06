//! Why someone was left off a run, in words a coordinator can act on.

use super::clock::{ClockTime, LAST_MINUTE};
use super::instance::Direction;
use super::problem::{Problem, VENUE};
use super::route::best_route;
use super::solution::Solution;

/// The main reason `rider` is not carried in `solution`.
pub fn why_unserved(problem: &Problem, solution: &Solution, rider: usize) -> String {
    let r = &problem.riders[rider];
    let vehicles = problem.vehicles.len();
    if vehicles == 0 {
        return "no vehicle on this run".into();
    }
    let space = if r.wheelchair {
        "wheelchair space"
    } else {
        "seat"
    };
    let room = |v: usize| {
        let spec = &problem.vehicles[v];
        if r.wheelchair {
            spec.wheelchair_spaces
        } else {
            spec.seats
        }
    };
    if (0..vehicles).all(|v| room(v) < r.load) {
        return match r.load {
            1 => format!("no vehicle on this run has a {space}"),
            n => format!("no vehicle on this run has {n} {space}s"),
        };
    }
    let alone: Vec<usize> = (0..vehicles)
        .filter(|&v| r.vehicle.is_none_or(|pinned| pinned == v))
        .filter(|&v| room(v) >= r.load && best_route(problem, v, &[rider]).is_some())
        .collect();
    if alone.is_empty() && r.vehicle.is_some() {
        return "the vehicle they were put in by hand cannot get them there in time".into();
    }
    if alone.is_empty() {
        return too_far(problem, rider);
    }
    let with = |v: usize| -> Vec<usize> {
        let mut riders = solution.members[v].clone();
        riders.push(rider);
        riders
    };
    let full = |v: usize| {
        let mut others = with(v);
        others.retain(|&o| problem.riders[o].wheelchair == r.wheelchair);
        others.iter().map(|&o| problem.riders[o].load).sum::<u32>() > room(v)
    };
    let kept_apart = |v: usize| solution.members[v].iter().any(|&o| problem.apart[rider][o]);
    if alone.iter().all(|&v| full(v)) {
        return format!("no {space} left on this run");
    }
    if alone.iter().all(|&v| full(v) || kept_apart(v)) {
        return if vehicles == 1 {
            "kept apart from someone in the only vehicle".into()
        } else {
            "kept apart from someone in every vehicle with room".into()
        };
    }
    let stop = &problem.table.names[r.stop];
    format!("no vehicle can stop at {stop} without making someone late")
}

/// The rider cannot make it even alone: say which limit stops them.
fn too_far(problem: &Problem, rider: usize) -> String {
    let r = &problem.riders[rider];
    let stop = &problem.table.names[r.stop];
    let venue = &problem.table.names[VENUE];
    let direct = problem.out[r.stop][VENUE];
    if direct > r.max_ride {
        return format!(
            "the drive between {stop} and {venue} takes {direct} minutes, more than the {}-minute ride limit",
            r.max_ride
        );
    }
    let clock = |minutes: i32| {
        ClockTime::from_minutes(minutes).map_or_else(|| "midnight".to_string(), |t| t.to_string())
    };
    match problem.direction {
        Direction::Outbound => format!("cannot reach {venue} by {} from {stop}", clock(r.deadline)),
        Direction::Return => format!(
            "cannot reach {stop} by {} after leaving {venue} at {}",
            clock(LAST_MINUTE - r.ready),
            clock(LAST_MINUTE - r.deadline)
        ),
    }
}
