//! Hand-made runs with known answers, and property tests: every plan passes the independent
//! checker, the exact solver matches a naive brute force, and solving is deterministic.

use super::check::check;
use super::clock::ClockTime;
use super::instance::{Direction, Instance, Place, Request, TravelOverride, VehicleSpec};
use super::solve;
use crate::geo::GeoPoint;
use proptest::prelude::*;

fn at(text: &str) -> ClockTime {
    ClockTime::parse(text).unwrap()
}

fn place(name: &str) -> Place {
    Place {
        name: name.into(),
        location: None,
    }
}

fn request(rider: &str, stop: &str) -> Request {
    Request {
        rider: rider.into(),
        pickup: Some(stop.into()),
        dropoff: None,
        load: 1,
        wheelchair: false,
        earliest: None,
        latest: Some(at("10:00")),
        max_ride_minutes: 90,
        vehicle: None,
    }
}

fn carrier(id: &str) -> VehicleSpec {
    VehicleSpec {
        id: id.into(),
        seats: 7,
        wheelchair_spaces: 1,
        start: None,
    }
}

/// Lakeside (the venue) and three stops on a line: A 10 min out, B 20, C 30; stops 10 apart.
fn line(requests: Vec<Request>, vehicles: Vec<VehicleSpec>) -> Instance {
    let along = [0, 10, 20, 30];
    let matrix = along
        .iter()
        .map(|a: &i32| along.iter().map(|b| a.abs_diff(*b)).collect())
        .collect();
    Instance {
        direction: Direction::Outbound,
        venue: place("Lakeside"),
        stops: vec![place("A"), place("B"), place("C")],
        depots: vec![],
        travel: Default::default(),
        time_matrix: Some(matrix),
        overrides: vec![],
        requests,
        vehicles,
        keep_apart: vec![],
    }
}

fn checked(instance: &Instance) -> super::Plan {
    let plan = solve(instance).unwrap();
    let total = check(instance, &plan)
        .unwrap()
        .unwrap_or_else(|v| panic!("{v:?}\n{plan:#?}"));
    assert_eq!(total, plan.total_driving_minutes);
    plan
}

fn reasons(plan: &super::Plan) -> Vec<(&str, &str)> {
    plan.unserved
        .iter()
        .map(|u| (u.rider.as_str(), u.reason.as_str()))
        .collect()
}

#[test]
fn everyday_run_goes_out_to_the_far_stop_and_collects_on_the_way_back() {
    let requests = vec![
        request("amy", "B"),
        request("ben", "C"),
        request("cal", "A"),
    ];
    let plan = checked(&line(requests, vec![carrier("carrier")]));
    assert!(plan.proven_optimal);
    // Lakeside → C (30) → B (10) → A (10) → Lakeside (10).
    assert_eq!(plan.total_driving_minutes, 60);
    let visits = &plan.runs[0].visits;
    let stops: Vec<(&str, String)> = visits
        .iter()
        .map(|v| (v.place.as_str(), v.time.to_string()))
        .collect();
    assert_eq!(
        stops,
        [
            ("Lakeside", "09:00"),
            ("C", "09:30"),
            ("B", "09:40"),
            ("A", "09:50"),
            ("Lakeside", "10:00")
        ]
        .map(|(p, t)| (p, t.to_string()))
    );
    assert_eq!(visits[1].board[0].rider, "ben");
    assert_eq!(visits[1].board[0].seats, ["seat 1"]);
    assert_eq!(visits[4].alight.len(), 3);
}

#[test]
fn the_eighth_rider_has_no_seat() {
    let requests = (0..8).map(|i| request(&format!("r{i}"), "A")).collect();
    let plan = checked(&line(requests, vec![carrier("carrier")]));
    assert_eq!(reasons(&plan), [("r7", "no seat left on this run")]);
}

#[test]
fn wheelchair_users_only_in_wheelchair_spaces() {
    let mut ann = request("ann", "A");
    ann.wheelchair = true;
    let mut bob = request("bob", "B");
    bob.wheelchair = true;
    let plan = checked(&line(vec![ann.clone(), bob], vec![carrier("carrier")]));
    assert_eq!(
        reasons(&plan),
        [("bob", "no wheelchair space left on this run")]
    );
    assert_eq!(
        plan.runs[0].visits[1].board[0].seats,
        ["wheelchair space 1"]
    );
    let no_space = VehicleSpec {
        wheelchair_spaces: 0,
        ..carrier("car")
    };
    let plan = checked(&line(vec![ann], vec![no_space]));
    assert_eq!(
        reasons(&plan),
        [("ann", "no vehicle on this run has a wheelchair space")]
    );
}

#[test]
fn people_kept_apart_travel_separately_or_not_at_all() {
    let requests = vec![
        request("amy", "A"),
        request("ben", "A"),
        request("cal", "B"),
    ];
    let mut one = line(requests, vec![carrier("carrier")]);
    one.keep_apart = vec![["amy".into(), "ben".into()]];
    let plan = checked(&one);
    assert_eq!(
        reasons(&plan),
        [("ben", "kept apart from someone in the only vehicle")]
    );

    let mut two = one.clone();
    two.vehicles.push(carrier("car"));
    let plan = checked(&two);
    assert!(plan.unserved.is_empty());
    assert_eq!(plan.runs.len(), 2);
}

#[test]
fn riders_who_cannot_make_it_are_told_why() {
    let mut late = request("amy", "C");
    late.earliest = Some(at("09:45"));
    let mut short = request("ben", "C");
    short.max_ride_minutes = 20;
    let plan = checked(&line(
        vec![late, short, request("cal", "A")],
        vec![carrier("carrier")],
    ));
    assert_eq!(
        reasons(&plan),
        [
            ("amy", "cannot reach Lakeside by 10:00 from C"),
            ("ben", "the drive between C and Lakeside takes 30 minutes, more than the 20-minute ride limit"),
        ]
    );
}

#[test]
fn return_run_is_the_mirror_of_the_outbound_run() {
    let back = |rider: &str, stop: &str| Request {
        pickup: None,
        dropoff: Some(stop.into()),
        earliest: Some(at("15:30")),
        latest: None,
        ..request(rider, stop)
    };
    let mut instance = line(
        vec![back("amy", "B"), back("ben", "C"), back("cal", "A")],
        vec![carrier("carrier")],
    );
    instance.direction = Direction::Return;
    let plan = checked(&instance);
    let visits: Vec<(&str, String)> = plan.runs[0]
        .visits
        .iter()
        .map(|v| (v.place.as_str(), v.time.to_string()))
        .collect();
    assert_eq!(
        visits,
        [
            ("Lakeside", "15:30"),
            ("A", "15:40"),
            ("B", "15:50"),
            ("C", "16:00"),
            ("Lakeside", "16:30")
        ]
        .map(|(p, t)| (p, t.to_string()))
    );
    assert_eq!(plan.runs[0].visits[0].board.len(), 3);
    assert_eq!(plan.runs[0].visits[1].alight, ["cal"]);
}

#[test]
fn coordinates_and_overrides_give_the_times() {
    let at_place = |name: &str, lat: f64, lon: f64| Place {
        name: name.into(),
        location: Some(GeoPoint::new(lat, lon).unwrap()),
    };
    let mut instance = line(vec![request("amy", "Watford")], vec![carrier("carrier")]);
    instance.time_matrix = None;
    instance.venue = at_place("St Albans", 51.7504, -0.3275);
    instance.stops = vec![at_place("Watford", 51.6636, -0.3962)];
    // 21 minutes each way by the straight-line model.
    assert_eq!(checked(&instance).total_driving_minutes, 42);
    instance.overrides = vec![TravelOverride {
        from: "Watford".into(),
        to: "St Albans".into(),
        minutes: 30,
    }];
    assert_eq!(checked(&instance).total_driving_minutes, 51);
}

#[test]
fn bad_instances_name_the_field() {
    let mut instance = line(
        vec![request("amy", "A"), request("ben", "Hatfeld")],
        vec![carrier("c")],
    );
    let message = |i: &Instance| solve(i).unwrap_err().to_string();
    assert_eq!(
        message(&instance),
        "requests[1].pickup: no stop called \"Hatfeld\""
    );
    instance.requests[1] = Request {
        latest: None,
        ..request("ben", "A")
    };
    assert_eq!(
        message(&instance),
        "requests[1].latest: needed on an outbound run: at the venue by"
    );
    instance.requests[1] = request("amy", "B");
    assert_eq!(
        message(&instance),
        "requests[1].rider: \"amy\" is asked for twice"
    );
    instance.requests.pop();
    instance.time_matrix.as_mut().unwrap().pop();
    assert_eq!(
        message(&instance),
        "time_matrix: 3 rows for 4 places (the venue, the stops, the depots)"
    );
    instance.time_matrix = None;
    assert_eq!(
        message(&instance),
        "venue.location: needed when there is no time_matrix"
    );
}

#[test]
fn several_vehicles_carry_more_than_one_holds() {
    let stops = ["A", "B", "C"];
    let requests = (0..12)
        .map(|i| request(&format!("r{i:02}"), stops[i % 3]))
        .collect();
    let plan = checked(&line(requests, vec![carrier("one"), carrier("two")]));
    assert!(plan.unserved.is_empty());
    assert!(!plan.proven_optimal);
}

// ---- Property tests ----

/// A random instance: up to `stops` stops with a random (not even symmetric) time matrix,
/// riders with random deadlines, readiness, ride limits, wheelchairs and keep-apart pairs.
fn instances(
    max_stops: usize,
    max_riders: usize,
    max_vehicles: usize,
    outbound_only: bool,
) -> impl Strategy<Value = Instance> {
    (
        1..=max_stops,
        1..=max_riders,
        1..=max_vehicles,
        any::<bool>(),
    )
        .prop_flat_map(move |(stops, riders, vehicles, outbound)| {
            let outbound = outbound || outbound_only;
            let places = stops + 2; // venue, stops, one depot
            let matrix =
                proptest::collection::vec(proptest::collection::vec(1u32..40, places), places);
            let rider = (
                0..stops,
                any::<bool>(),
                1u32..=2,
                8 * 60..11 * 60i32,
                proptest::option::of(0..90i32),
                10u32..120,
                0..5u8,
            );
            let vehicle = (1u32..=7, 0u32..=2, any::<bool>());
            let apart = proptest::collection::vec((0..riders, 0..riders), 0..3);
            (
                matrix,
                proptest::collection::vec(rider, riders),
                proptest::collection::vec(vehicle, vehicles),
                apart,
            )
                .prop_map(move |(matrix, riders, vehicles, apart)| {
                    build(stops, outbound, matrix, &riders, &vehicles, &apart)
                })
        })
}

type RiderSpec = (usize, bool, u32, i32, Option<i32>, u32, u8);

fn build(
    stops: usize,
    outbound: bool,
    matrix: Vec<Vec<u32>>,
    riders: &[RiderSpec],
    vehicles: &[(u32, u32, bool)],
    apart: &[(usize, usize)],
) -> Instance {
    let stop_name = |s: usize| format!("stop{s}");
    let clock = |m: i32| ClockTime::from_minutes(m).unwrap();
    let requests = riders
        .iter()
        .enumerate()
        .map(|(i, &(stop, wheelchair, load, time, window, ride, _))| {
            let (pickup, dropoff) = if outbound {
                (Some(stop_name(stop)), None)
            } else {
                (None, Some(stop_name(stop)))
            };
            let (earliest, latest) = if outbound {
                (window.map(|w| clock(time - w)), Some(clock(time)))
            } else {
                (
                    Some(clock(time + 5 * 60)),
                    window.map(|w| clock(time + 5 * 60 + w)),
                )
            };
            Request {
                rider: format!("rider{i}"),
                pickup,
                dropoff,
                load: if wheelchair { 1 } else { load },
                wheelchair,
                earliest,
                latest,
                max_ride_minutes: ride,
                vehicle: None,
            }
        })
        .collect();
    let vehicles = vehicles
        .iter()
        .enumerate()
        .map(|(i, &(seats, wheelchair_spaces, from_depot))| VehicleSpec {
            id: format!("vehicle{i}"),
            seats,
            wheelchair_spaces,
            start: from_depot.then(|| "depot".to_string()),
        })
        .collect();
    let keep_apart = apart
        .iter()
        .filter(|(a, b)| a != b)
        .map(|&(a, b)| [format!("rider{a}"), format!("rider{b}")])
        .collect();
    Instance {
        direction: if outbound {
            Direction::Outbound
        } else {
            Direction::Return
        },
        venue: place("venue"),
        stops: (0..stops).map(|s| place(&stop_name(s))).collect(),
        depots: vec![place("depot")],
        travel: Default::default(),
        time_matrix: Some(matrix),
        overrides: vec![],
        requests,
        vehicles,
        keep_apart,
    }
}

/// The best (riders carried, driving minutes) for one outbound vehicle, by trying every subset
/// of riders and every order of their stops: slow and obviously right.
fn brute_force(instance: &Instance) -> (usize, u32) {
    let names: Vec<&str> = std::iter::once(&instance.venue)
        .chain(&instance.stops)
        .chain(&instance.depots)
        .map(|p| p.name.as_str())
        .collect();
    let index = |name: &str| names.iter().position(|n| *n == name).unwrap();
    let matrix = instance.time_matrix.as_ref().unwrap();
    let t = |a: usize, b: usize| matrix[a][b] as i32;
    let vehicle = &instance.vehicles[0];
    let start = vehicle.start.as_deref().map_or(0, index);
    let requests = &instance.requests;
    let mut best = (0, 0u32);
    for mask in 0u32..(1 << requests.len()) {
        let chosen: Vec<&Request> = (0..requests.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| &requests[i])
            .collect();
        let seats: u32 = chosen
            .iter()
            .filter(|r| !r.wheelchair)
            .map(|r| r.load)
            .sum();
        let spaces: u32 = chosen.iter().filter(|r| r.wheelchair).map(|r| r.load).sum();
        let apart = instance.keep_apart.iter().any(|[a, b]| {
            chosen.iter().any(|r| &r.rider == a) && chosen.iter().any(|r| &r.rider == b)
        });
        if seats > vehicle.seats || spaces > vehicle.wheelchair_spaces || apart {
            continue;
        }
        let mut stops: Vec<usize> = chosen
            .iter()
            .map(|r| index(r.pickup.as_deref().unwrap()))
            .collect();
        stops.sort_unstable();
        stops.dedup();
        let arrive = chosen
            .iter()
            .map(|r| r.latest.unwrap().minutes())
            .min()
            .unwrap_or(0);
        for order in permutations(&stops) {
            let mut route = vec![start];
            route.extend(&order);
            route.push(0);
            let legs: Vec<i32> = route.windows(2).map(|w| t(w[0], w[1])).collect();
            let cost: i32 = legs.iter().sum();
            // Time at route[i] is the arrival minus the legs still to drive.
            let time_at = |i: usize| arrive - legs[i..].iter().sum::<i32>();
            let ok = time_at(0) >= 0
                && chosen.iter().all(|r| {
                    let i = route[..route.len() - 1]
                        .iter()
                        .rposition(|&p| p == index(r.pickup.as_deref().unwrap()))
                        .unwrap();
                    arrive - time_at(i) <= r.max_ride_minutes as i32
                        && r.earliest.is_none_or(|e| time_at(i) >= e.minutes())
                });
            let better =
                chosen.len() > best.0 || (chosen.len() == best.0 && (cost as u32) < best.1);
            if ok && (better || (chosen.len() == best.0 && best.0 == 0)) {
                best = (chosen.len(), cost as u32);
            }
        }
    }
    best
}

fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.is_empty() {
        return vec![vec![]];
    }
    let mut all = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first);
            all.push(tail);
        }
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_plan_passes_the_independent_checker(instance in instances(8, 14, 3, false)) {
        let plan = solve(&instance).unwrap();
        let checked = check(&instance, &plan).unwrap();
        prop_assert!(checked.is_ok(), "{:?}\n{:#?}", checked, plan);
    }

    #[test]
    fn the_exact_solver_matches_brute_force(instance in instances(5, 5, 1, true)) {
        let plan = solve(&instance).unwrap();
        prop_assert!(plan.proven_optimal);
        let carried = instance.requests.len() - plan.unserved.len();
        prop_assert_eq!((carried, plan.total_driving_minutes), brute_force(&instance));
    }

    #[test]
    fn solving_twice_gives_the_same_plan(instance in instances(10, 20, 4, false)) {
        prop_assert_eq!(solve(&instance).unwrap(), solve(&instance).unwrap());
    }
}

#[test]
fn a_rider_pinned_by_hand_stays_in_their_vehicle() {
    // Unpinned, one vehicle carries both riders from A (the cheapest plan).
    let pinned = Request {
        vehicle: Some("second".into()),
        ..request("amy", "A")
    };
    let instance = line(
        vec![pinned, request("ben", "A")],
        vec![carrier("first"), carrier("second")],
    );
    let plan = solve(&instance).unwrap();
    let vehicle_of = |rider: &str| {
        plan.runs
            .iter()
            .find(|run| {
                run.visits
                    .iter()
                    .any(|v| v.board.iter().any(|b| b.rider == rider))
            })
            .map(|run| run.vehicle.clone())
    };
    assert_eq!(vehicle_of("amy").as_deref(), Some("second"));
    assert!(check(&instance, &plan).unwrap().is_ok());

    let mut wrong = instance.clone();
    wrong.requests[0].vehicle = Some("third".into());
    assert_eq!(
        solve(&wrong).unwrap_err().to_string(),
        "requests[0].vehicle: no vehicle called \"third\""
    );
}
