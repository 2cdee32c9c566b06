//! Automatic seat allocation and routing for one run: who rides in which vehicle and seat,
//! in what order the stops are visited, and when each rider is collected.
//!
//! Plain Rust with no IO, built for the server and the browser alike, so the coordinator's
//! board can show the same plan the server will trust. Everything is deterministic: the same
//! instance always gives the same plan.
//!
//! - [`instance`]: what is asked (JSON-friendly); [`problem`] checks it and names bad fields.
//! - [`route`]: the best stop order for one vehicle and a set of riders.
//! - [`exact`]: one vehicle, up to 12 riders: provably optimal (most riders, then least driving).
//! - [`heuristic`]: everything else: greedy insertion and local search.
//! - [`plan`]: the answer with clock times, seats and reasons; [`check`] verifies any plan.

pub mod check;
pub mod clock;
pub mod exact;
pub mod heuristic;
pub mod instance;
pub mod plan;
pub mod problem;
mod reasons;
pub mod route;
pub mod solution;

#[cfg(test)]
mod tests;

pub use instance::{Direction, Instance};
pub use plan::Plan;
pub use problem::InstanceError;

/// Plans one run: exactly when [`exact::applies`], heuristically otherwise.
pub fn solve(instance: &Instance) -> Result<Plan, InstanceError> {
    let problem = problem::Problem::parse(instance)?;
    let solution = if exact::applies(&problem) {
        exact::solve(&problem)
    } else {
        heuristic::solve(&problem)
    };
    Ok(plan::build(&problem, &solution))
}
