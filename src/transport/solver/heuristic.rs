//! Plans beyond the exact case (several vehicles, many riders): greedy insertion, then local
//! search, in a fixed order with no randomness, so the same instance always gets the same plan.
//!
//! Every candidate assignment is priced with `route::best_route`, so each vehicle's stop order
//! is itself optimal (up to `route::EXACT_STOPS` stops) and the search only decides who rides
//! in which vehicle. Moves: insert someone not yet carried; move everyone a vehicle collects at
//! one stop to another vehicle; move one rider; swap two riders between vehicles. A move is taken only if it carries more people or drives less, so the
//! search always ends. It starts from three fixed insertion orders and keeps the best.

use super::problem::{Problem, VENUE};
use super::route::{best_route, Route};
use super::solution::{fits, Solution};
use std::cmp::Reverse;

/// Rounds of local search at most; each round that changes nothing ends the search earlier.
const MAX_ROUNDS: usize = 50;

struct State<'a> {
    problem: &'a Problem,
    members: Vec<Vec<usize>>,
    routes: Vec<Route>,
}

/// A vehicle's riders and route if the change were made.
type Candidate = (Vec<usize>, Route);

impl State<'_> {
    /// Vehicle `v` with `add` on board and `remove` off, if that is allowed and on time.
    fn with(&self, v: usize, add: &[usize], remove: &[usize]) -> Option<Candidate> {
        let mut riders: Vec<usize> = self.members[v]
            .iter()
            .copied()
            .filter(|r| !remove.contains(r))
            .chain(add.iter().copied())
            .collect();
        riders.sort_unstable();
        if !fits(self.problem, v, &riders) {
            return None;
        }
        let route = best_route(self.problem, v, &riders)?;
        Some((riders, route))
    }

    fn set(&mut self, v: usize, (riders, route): Candidate) {
        self.members[v] = riders;
        self.routes[v] = route;
    }

    /// Puts the rider in the vehicle where it adds the least driving, if any can take them.
    fn insert(&mut self, rider: usize) -> bool {
        let mut best: Option<(i32, usize, Candidate)> = None;
        for v in 0..self.members.len() {
            if let Some(candidate) = self.with(v, &[rider], &[]) {
                let extra = candidate.1.cost - self.routes[v].cost;
                if best.as_ref().is_none_or(|(e, _, _)| extra < *e) {
                    best = Some((extra, v, candidate));
                }
            }
        }
        let Some((_, v, candidate)) = best else {
            return false;
        };
        self.set(v, candidate);
        true
    }

    /// Moves `group` from vehicle `from` to `to` if that shortens the total drive.
    fn relocate(&mut self, group: &[usize], from: usize, to: usize) -> bool {
        let before = self.routes[from].cost + self.routes[to].cost;
        let (Some(left), Some(joined)) = (self.with(from, &[], group), self.with(to, group, &[]))
        else {
            return false;
        };
        if left.1.cost + joined.1.cost >= before {
            return false;
        }
        self.set(from, left);
        self.set(to, joined);
        true
    }

    fn swap(&mut self, a: usize, v: usize, b: usize, w: usize) -> bool {
        let before = self.routes[v].cost + self.routes[w].cost;
        let (Some(one), Some(other)) = (self.with(v, &[b], &[a]), self.with(w, &[a], &[b])) else {
            return false;
        };
        if one.1.cost + other.1.cost >= before {
            return false;
        }
        self.set(v, one);
        self.set(w, other);
        true
    }

    fn is_served(&self, rider: usize) -> bool {
        self.members.iter().any(|m| m.contains(&rider))
    }

    /// One pass over every move; true if anything improved.
    fn improve(&mut self, order: &[usize]) -> bool {
        let mut improved = false;
        for &rider in order {
            if !self.is_served(rider) {
                improved |= self.insert(rider);
            }
        }
        let vehicles = self.members.len();
        for from in 0..vehicles {
            let mut stops: Vec<usize> = self.routes[from].stops.clone();
            stops.sort_unstable();
            for stop in stops {
                let group: Vec<usize> = self.members[from]
                    .iter()
                    .copied()
                    .filter(|&r| self.problem.riders[r].stop == stop)
                    .collect();
                for to in (0..vehicles).filter(|&to| to != from) {
                    if !group.is_empty() && self.relocate(&group, from, to) {
                        improved = true;
                        break;
                    }
                }
            }
        }
        for from in 0..vehicles {
            for rider in self.members[from].clone() {
                for to in (0..vehicles).filter(|&to| to != from) {
                    if self.members[from].contains(&rider) && self.relocate(&[rider], from, to) {
                        improved = true;
                    }
                }
            }
        }
        for v in 0..vehicles {
            for w in v + 1..vehicles {
                for a in self.members[v].clone() {
                    for b in self.members[w].clone() {
                        let still = self.members[v].contains(&a) && self.members[w].contains(&b);
                        if still && self.swap(a, v, b, w) {
                            improved = true;
                        }
                    }
                }
            }
        }
        improved
    }
}

/// A good plan for any problem, deterministic for a given instance: the search is started from
/// three fixed orders of insertion and the best result kept (most riders, then least driving).
pub fn solve(problem: &Problem) -> Solution {
    // Minutes from the rider's stop to the venue; negated, the farthest sorts first.
    let near = |r: usize| problem.out[problem.riders[r].stop][VENUE];
    let far = |r: usize| -near(r);
    let orders: [&dyn Fn(usize) -> (i32, bool, i32, usize); 3] = [
        // Tightest deadlines first, wheelchair users (fewest places to go) next, far stops
        // before near ones (they shape routes), then the order asked in.
        &|r| {
            let rider = &problem.riders[r];
            (rider.deadline, !rider.wheelchair, far(r), r)
        },
        // Stop by stop, the farthest first: each vehicle sweeps a side of the map.
        &|r| {
            (
                far(r),
                !problem.riders[r].wheelchair,
                problem.riders[r].stop as i32,
                r,
            )
        },
        // Stop by stop, the nearest first.
        &|r| {
            (
                near(r),
                !problem.riders[r].wheelchair,
                problem.riders[r].stop as i32,
                r,
            )
        },
    ];
    let mut best: Option<Solution> = None;
    for key in orders {
        let mut order: Vec<usize> = (0..problem.riders.len()).collect();
        order.sort_by_key(|&r| key(r));
        let solution = search(problem, &order);
        let better = best.as_ref().is_none_or(|b| {
            (solution.served(), Reverse(solution.cost())) > (b.served(), Reverse(b.cost()))
        });
        if better {
            best = Some(solution);
        }
    }
    best.unwrap_or_else(|| search(problem, &[]))
}

/// Greedy insertion in `order`, then local search until nothing improves.
fn search(problem: &Problem, order: &[usize]) -> Solution {
    let vehicles = problem.vehicles.len();
    let mut state = State {
        problem,
        members: vec![Vec::new(); vehicles],
        routes: vec![Route::empty(); vehicles],
    };
    for &rider in order {
        state.insert(rider);
    }
    for _ in 0..MAX_ROUNDS {
        if !state.improve(order) {
            break;
        }
    }
    let unserved = (0..problem.riders.len())
        .filter(|&r| !state.is_served(r))
        .collect();
    Solution {
        members: state.members,
        routes: state.routes,
        unserved,
        proven_optimal: false,
    }
}
