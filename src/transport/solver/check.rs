//! An independent check of a plan against its instance, sharing nothing with the solver but
//! the parsed travel times: it replays each run visit by visit, in real time and real
//! direction, and lists every rule broken. The property tests run every plan through it.

use super::instance::{Direction, Instance, Request};
use super::plan::{Plan, Run};
use super::problem::{InstanceError, Problem, TimeTable};
use std::collections::{BTreeMap, BTreeSet};

/// Everything wrong with a plan, in sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violations(pub Vec<String>);

/// Checks `plan` against `instance`; on success, the total driving minutes recomputed from
/// the travel times (which must equal the plan's own figure).
pub fn check(instance: &Instance, plan: &Plan) -> Result<Result<u32, Violations>, InstanceError> {
    let table = Problem::parse(instance)?.table;
    let mut checker = Checker {
        instance,
        table: &table,
        requests: instance
            .requests
            .iter()
            .map(|r| (r.rider.as_str(), r))
            .collect(),
        carried_in: BTreeMap::new(),
        wrong: Vec::new(),
    };
    if plan.direction != instance.direction {
        checker
            .wrong
            .push("the plan is for the other direction".into());
    }
    let mut total = 0;
    let mut vehicles_used = BTreeSet::new();
    for run in &plan.runs {
        if !vehicles_used.insert(run.vehicle.as_str()) {
            checker
                .wrong
                .push(format!("vehicle {} has two runs", run.vehicle));
        }
        total += checker.run(run);
    }
    checker.everyone_once(plan);
    checker.kept_apart();
    if total != plan.total_driving_minutes {
        checker.wrong.push(format!(
            "total driving is {total} minutes, the plan says {}",
            plan.total_driving_minutes
        ));
    }
    Ok(if checker.wrong.is_empty() {
        Ok(total)
    } else {
        Err(Violations(checker.wrong))
    })
}

struct Checker<'a> {
    instance: &'a Instance,
    table: &'a TimeTable,
    requests: BTreeMap<&'a str, &'a Request>,
    /// rider → vehicle that carried them.
    carried_in: BTreeMap<String, String>,
    wrong: Vec<String>,
}

/// A rider on board: when they got in and which seats they hold.
struct Aboard {
    since: i32,
    seats: Vec<String>,
}

impl Checker<'_> {
    /// Replays one run; returns its driving minutes.
    fn run(&mut self, run: &Run) -> u32 {
        let Some(spec) = self.instance.vehicles.iter().find(|v| v.id == run.vehicle) else {
            self.wrong
                .push(format!("no vehicle called {}", run.vehicle));
            return 0;
        };
        let venue = self.instance.venue.name.as_str();
        let start = spec.start.as_deref().unwrap_or(venue);
        let (first, last) = match self.instance.direction {
            Direction::Outbound => (start, venue),
            Direction::Return => (venue, start),
        };
        let places: Vec<&str> = run.visits.iter().map(|v| v.place.as_str()).collect();
        if places.first() != Some(&first) || places.last() != Some(&last) {
            self.wrong
                .push(format!("{}: must go from {first} to {last}", run.vehicle));
        }
        let mut driving = 0;
        for pair in run.visits.windows(2) {
            let Some(leg) = self.table.between(&pair[0].place, &pair[1].place) else {
                self.wrong
                    .push(format!("{}: unknown place on the run", run.vehicle));
                continue;
            };
            driving += leg;
            if pair[1].time.minutes() - pair[0].time.minutes() < leg {
                self.wrong.push(format!(
                    "{}: {} to {} takes {leg} minutes, the plan allows less",
                    run.vehicle, pair[0].place, pair[1].place
                ));
            }
        }
        if driving as u32 != run.driving_minutes {
            self.wrong.push(format!(
                "{}: drives {driving} minutes, says {}",
                run.vehicle, run.driving_minutes
            ));
        }
        let mut aboard: BTreeMap<String, Aboard> = BTreeMap::new();
        for visit in &run.visits {
            let now = visit.time.minutes();
            for rider in &visit.alight {
                match aboard.remove(rider) {
                    Some(trip) => self.alight(rider, &visit.place, trip.since, now),
                    None => self.wrong.push(format!(
                        "{rider} gets out of {} without getting in",
                        run.vehicle
                    )),
                }
            }
            for boarding in &visit.board {
                self.board(&run.vehicle, &boarding.rider, &visit.place, now);
                let taken: BTreeSet<&String> = aboard.values().flat_map(|a| &a.seats).collect();
                if boarding.seats.iter().any(|s| taken.contains(s)) {
                    self.wrong.push(format!(
                        "{}: {} sits in a taken seat",
                        run.vehicle, boarding.rider
                    ));
                }
                self.seats_fit(spec, &boarding.rider, &boarding.seats);
                aboard.insert(
                    boarding.rider.clone(),
                    Aboard {
                        since: now,
                        seats: boarding.seats.clone(),
                    },
                );
            }
        }
        for rider in aboard.keys() {
            self.wrong
                .push(format!("{rider} never gets out of {}", run.vehicle));
        }
        driving.max(0) as u32
    }

    fn board(&mut self, vehicle: &str, rider: &str, place: &str, now: i32) {
        let Some(request) = self.requests.get(rider).copied() else {
            self.wrong.push(format!("{rider} did not ask for a lift"));
            return;
        };
        if self
            .carried_in
            .insert(rider.to_string(), vehicle.to_string())
            .is_some()
        {
            self.wrong.push(format!("{rider} is carried twice"));
        }
        if let Some(pinned) = request
            .vehicle
            .as_deref()
            .filter(|pinned| *pinned != vehicle)
        {
            self.wrong.push(format!(
                "{rider} rides in {vehicle}, not {pinned} as set by hand"
            ));
        }
        let venue = self.instance.venue.name.as_str();
        let expected = match self.instance.direction {
            Direction::Outbound => request.pickup.as_deref().unwrap_or(venue),
            Direction::Return => venue,
        };
        if place != expected {
            self.wrong
                .push(format!("{rider} gets in at {place}, not {expected}"));
        }
        if request.earliest.is_some_and(|t| now < t.minutes()) {
            self.wrong
                .push(format!("{rider} is collected before they are ready"));
        }
    }

    fn alight(&mut self, rider: &str, place: &str, since: i32, now: i32) {
        let Some(request) = self.requests.get(rider).copied() else {
            return;
        };
        let venue = self.instance.venue.name.as_str();
        let expected = match self.instance.direction {
            Direction::Outbound => venue,
            Direction::Return => request.dropoff.as_deref().unwrap_or(venue),
        };
        if place != expected {
            self.wrong
                .push(format!("{rider} gets out at {place}, not {expected}"));
        }
        if request.latest.is_some_and(|t| now > t.minutes()) {
            self.wrong.push(format!("{rider} arrives late"));
        }
        if now - since > request.max_ride_minutes as i32 {
            self.wrong.push(format!(
                "{rider} rides {} minutes, more than allowed",
                now - since
            ));
        }
    }

    /// The seats must be of the rider's kind, exist in the vehicle, and be as many as the load.
    fn seats_fit(&mut self, spec: &super::instance::VehicleSpec, rider: &str, seats: &[String]) {
        let Some(request) = self.requests.get(rider).copied() else {
            return;
        };
        let (kind, count) = if request.wheelchair {
            ("wheelchair space ", spec.wheelchair_spaces)
        } else {
            ("seat ", spec.seats)
        };
        let unique: BTreeSet<&String> = seats.iter().collect();
        let fits = seats.len() == request.load as usize
            && unique.len() == seats.len()
            && seats.iter().all(|s| {
                s.strip_prefix(kind)
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| (1..=count).contains(&n))
            });
        if !fits {
            self.wrong
                .push(format!("{rider} has seats {seats:?} in {}", spec.id));
        }
    }

    fn everyone_once(&mut self, plan: &Plan) {
        let mut unserved = BTreeSet::new();
        for left in &plan.unserved {
            if !unserved.insert(left.rider.as_str()) {
                self.wrong
                    .push(format!("{} is listed as left off twice", left.rider));
            }
            if self.carried_in.contains_key(&left.rider) {
                self.wrong
                    .push(format!("{} is carried and also left off", left.rider));
            }
            if left.reason.trim().is_empty() {
                self.wrong
                    .push(format!("{} is left off without a reason", left.rider));
            }
        }
        for request in &self.instance.requests {
            let rider = request.rider.as_str();
            if !self.carried_in.contains_key(rider) && !unserved.contains(rider) {
                self.wrong
                    .push(format!("{rider} is neither carried nor left off"));
            }
        }
    }

    fn kept_apart(&mut self) {
        for [a, b] in &self.instance.keep_apart {
            if let (Some(x), Some(y)) = (self.carried_in.get(a), self.carried_in.get(b)) {
                if x == y {
                    self.wrong
                        .push(format!("{a} and {b} share {x} but must be kept apart"));
                }
            }
        }
    }
}
