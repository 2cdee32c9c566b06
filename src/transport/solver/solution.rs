//! The solver's answer in its own terms (indices, outbound form), before it becomes a [`Plan`].
//!
//! [`Plan`]: super::plan::Plan

use super::problem::Problem;
use super::route::Route;

/// Riders per vehicle with each vehicle's route, and who could not be carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// `members[v]`: the riders in vehicle `v`, ascending.
    pub members: Vec<Vec<usize>>,
    pub routes: Vec<Route>,
    pub unserved: Vec<usize>,
    /// True when no plan carries more riders, or as many with less driving.
    pub proven_optimal: bool,
}

impl Solution {
    pub fn served(&self) -> usize {
        self.members.iter().map(Vec::len).sum()
    }

    pub fn cost(&self) -> i32 {
        self.routes.iter().map(|r| r.cost).sum()
    }
}

/// Can these riders share this vehicle: enough seats and wheelchair spaces, nobody kept apart,
/// nobody pinned to another vehicle?
/// (Whether a route gets them there in time is `route::best_route`'s question.)
pub fn fits(problem: &Problem, vehicle: usize, riders: &[usize]) -> bool {
    let v = &problem.vehicles[vehicle];
    let load = |wheelchair: bool| -> u32 {
        riders
            .iter()
            .map(|&r| &problem.riders[r])
            .filter(|r| r.wheelchair == wheelchair)
            .map(|r| r.load)
            .sum()
    };
    load(false) <= v.seats
        && load(true) <= v.wheelchair_spaces
        && riders.iter().all(|&r| {
            problem.riders[r]
                .vehicle
                .is_none_or(|pinned| pinned == vehicle)
        })
        && riders
            .iter()
            .enumerate()
            .all(|(i, &a)| riders[i + 1..].iter().all(|&b| !problem.apart[a][b]))
}
