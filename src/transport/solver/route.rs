//! The best order of stops for one vehicle and a fixed set of riders (outbound form).
//!
//! Everyone reaches the venue together, so the arrival time is the earliest deadline among the
//! riders, and each stop's pick-up time is worked backwards from it: nobody is collected earlier
//! than the route needs. Each stop then allows at most `limit` minutes from there to the venue
//! (the shortest ride limit there, and no pick-up before anyone there is ready).
//!
//! Up to [`EXACT_STOPS`] stops the order is provably best: dynamic programming over subsets of
//! stops, built backwards from the venue. Keeping only the shortest time-to-venue for each
//! (set of stops, first stop) is safe because every constraint is an upper bound on that time
//! and the cost only grows with it. Beyond that: cheapest insertion, then moving single stops.

use super::problem::{Problem, VENUE};
use std::collections::BTreeMap;

/// Stop counts up to this are ordered exactly (2^10 × 10 × 10 steps at most).
pub const EXACT_STOPS: usize = 10;

/// One vehicle's route in outbound form: stops in driving order, then the venue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub stops: Vec<usize>,
    /// Driving minutes from the vehicle's start to the venue; 0 for a vehicle that stays put.
    pub cost: i32,
    /// When the vehicle reaches the venue.
    pub arrival: i32,
}

impl Route {
    /// The route of a vehicle nobody rides in: it does not go out.
    pub fn empty() -> Self {
        Self {
            stops: Vec::new(),
            cost: 0,
            arrival: 0,
        }
    }
}

/// What each stop on the route allows, for a set of riders.
struct Limits {
    arrival: i32,
    start: usize,
    stops: Vec<usize>,
    limits: Vec<i32>,
}

fn limits(problem: &Problem, vehicle: usize, riders: &[usize]) -> Option<Limits> {
    let arrival = riders.iter().map(|&r| problem.riders[r].deadline).min()?;
    let mut by_stop: BTreeMap<usize, i32> = BTreeMap::new();
    for &r in riders {
        let rider = &problem.riders[r];
        let limit = rider.max_ride.min(arrival - rider.ready);
        let entry = by_stop.entry(rider.stop).or_insert(limit);
        *entry = (*entry).min(limit);
    }
    Some(Limits {
        arrival,
        start: problem.vehicles[vehicle].start,
        stops: by_stop.keys().copied().collect(),
        limits: by_stop.values().copied().collect(),
    })
}

/// The cheapest feasible route carrying exactly `riders` in `vehicle`, or `None` if no order
/// gets them all there in time. Seats and keep-apart are the caller's business.
pub fn best_route(problem: &Problem, vehicle: usize, riders: &[usize]) -> Option<Route> {
    let Some(limits) = limits(problem, vehicle, riders) else {
        return Some(Route::empty());
    };
    if limits.stops.len() <= EXACT_STOPS {
        subset_dp(problem, &limits)
    } else {
        insertion(problem, &limits)
    }
}

fn subset_dp(problem: &Problem, l: &Limits) -> Option<Route> {
    const NONE: i32 = i32::MAX;
    let k = l.stops.len();
    let t = |from: usize, to: usize| problem.out[from][to];
    let full = (1usize << k) - 1;
    let mut best = vec![NONE; (full + 1) * k];
    let mut next = vec![usize::MAX; (full + 1) * k];
    for j in 0..k {
        let d = t(l.stops[j], VENUE);
        if d <= l.limits[j] {
            best[(1 << j) * k + j] = d;
        }
    }
    for mask in 1..=full {
        for j in (0..k).filter(|j| mask & (1 << j) != 0) {
            let d = best[mask * k + j];
            if d == NONE {
                continue;
            }
            for i in (0..k).filter(|i| mask & (1 << i) == 0) {
                let nd = d + t(l.stops[i], l.stops[j]);
                let slot = (mask | (1 << i)) * k + i;
                if nd <= l.limits[i] && nd < best[slot] {
                    best[slot] = nd;
                    next[slot] = j;
                }
            }
        }
    }
    // Among equally short drives, prefer the one whose first pick-up is latest: riders then
    // spend less time in the vehicle ("collect on the way back").
    let (mut first, mut cost, mut ride) = (usize::MAX, NONE, NONE);
    for j in 0..k {
        let d = best[full * k + j];
        if d == NONE {
            continue;
        }
        let total = d + t(l.start, l.stops[j]);
        if l.arrival - total >= 0 && (total < cost || (total == cost && d < ride)) {
            (first, cost, ride) = (j, total, d);
        }
    }
    if cost == NONE {
        return None;
    }
    let (mut stops, mut mask, mut j) = (Vec::with_capacity(k), full, first);
    while j != usize::MAX {
        stops.push(l.stops[j]);
        let after = next[mask * k + j];
        mask &= !(1 << j);
        j = after;
    }
    Some(Route {
        stops,
        cost,
        arrival: l.arrival,
    })
}

/// Cost of visiting the stops (indices into `l.stops`) in this order, if it keeps every limit.
fn order_cost(problem: &Problem, l: &Limits, order: &[usize]) -> Option<i32> {
    let mut to_venue = 0;
    let mut after = VENUE;
    for &j in order.iter().rev() {
        to_venue += problem.out[l.stops[j]][after];
        if to_venue > l.limits[j] {
            return None;
        }
        after = l.stops[j];
    }
    let cost = to_venue + problem.out[l.start][after];
    (l.arrival - cost >= 0).then_some(cost)
}

fn insertion(problem: &Problem, l: &Limits) -> Option<Route> {
    let mut pending: Vec<usize> = (0..l.stops.len()).collect();
    // Far stops first: they shape the route; ties by index keep it deterministic.
    pending.sort_by_key(|&j| (std::cmp::Reverse(problem.out[l.stops[j]][VENUE]), j));
    let mut order: Vec<usize> = Vec::new();
    for j in pending {
        let mut best: Option<(i32, usize)> = None;
        for at in 0..=order.len() {
            let mut trial = order.clone();
            trial.insert(at, j);
            if let Some(cost) = order_cost(problem, l, &trial) {
                if best.is_none_or(|(c, _)| cost < c) {
                    best = Some((cost, at));
                }
            }
        }
        order.insert(best?.1, j);
    }
    let mut cost = order_cost(problem, l, &order)?;
    // Move single stops while that shortens the route.
    let mut improved = true;
    while improved {
        improved = false;
        for from in 0..order.len() {
            for to in 0..order.len() {
                let mut trial = order.clone();
                let j = trial.remove(from);
                trial.insert(to, j);
                if let Some(c) = order_cost(problem, l, &trial).filter(|&c| c < cost) {
                    (order, cost, improved) = (trial, c, true);
                }
            }
        }
    }
    Some(Route {
        stops: order.iter().map(|&j| l.stops[j]).collect(),
        cost,
        arrival: l.arrival,
    })
}
