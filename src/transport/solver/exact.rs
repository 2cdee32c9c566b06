//! Provably best plans for the everyday case: one vehicle and a handful of riders.
//!
//! The objective is lexicographic: carry as many riders as possible, then drive as little as
//! possible. Every subset of riders is tried, largest first; each subset that fits the vehicle
//! gets its exactly best route from `route::best_route`, so the first size with a feasible
//! subset, at its cheapest, is optimal.

use super::problem::Problem;
use super::route::{best_route, Route, EXACT_STOPS};
use super::solution::{fits, Solution};

/// One vehicle and at most this many riders is solved exactly (4096 subsets at most).
pub const EXACT_RIDERS: usize = 12;

/// Whether [`solve`] applies: one vehicle, few riders, few distinct stops.
pub fn applies(problem: &Problem) -> bool {
    let mut stops: Vec<usize> = problem.riders.iter().map(|r| r.stop).collect();
    stops.sort_unstable();
    stops.dedup();
    problem.vehicles.len() == 1
        && problem.riders.len() <= EXACT_RIDERS
        && stops.len() <= EXACT_STOPS
}

/// The optimal plan for a one-vehicle problem where [`applies`] holds.
pub fn solve(problem: &Problem) -> Solution {
    const VEHICLE: usize = 0;
    // Riders with no seat of their kind even alone are never part of a feasible subset. (The
    // same cannot be said of lateness: with a matrix that breaks the triangle inequality, a
    // stop can be quicker to leave via another stop than directly.)
    let candidates: Vec<usize> = (0..problem.riders.len())
        .filter(|&r| fits(problem, VEHICLE, &[r]))
        .collect();
    let n = candidates.len();
    let mut best: Option<(Vec<usize>, Route)> = None;
    for size in (1..=n).rev() {
        for mask in 0u32..(1 << n) {
            if mask.count_ones() as usize != size {
                continue;
            }
            let riders: Vec<usize> = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| candidates[i])
                .collect();
            if !fits(problem, VEHICLE, &riders) {
                continue;
            }
            if let Some(route) = best_route(problem, VEHICLE, &riders) {
                if best.as_ref().is_none_or(|(_, r)| route.cost < r.cost) {
                    best = Some((riders, route));
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    let (members, route) = best.unwrap_or_else(|| (Vec::new(), Route::empty()));
    let unserved = (0..problem.riders.len())
        .filter(|r| !members.contains(r))
        .collect();
    Solution {
        members: vec![members],
        routes: vec![route],
        unserved,
        proven_optimal: true,
    }
}
