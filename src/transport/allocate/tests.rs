use super::*;

fn point(lat: f64, lon: f64) -> GeoPoint {
    GeoPoint::new(lat, lon).unwrap()
}

fn at(text: &str) -> ClockTime {
    ClockTime::parse(text).unwrap()
}

/// Two venues and four pick-up points around St Albans, one or two 7-seat carriers.
fn day(riders: Vec<DayRider>, vehicles: u32) -> DayInputs {
    DayInputs {
        margin_minutes: 10,
        max_ride_minutes: 60,
        travel: TravelModel::default(),
        venues: vec![
            (VenueId(1), point(51.7504, -0.3275)),
            (VenueId(2), point(51.7633, -0.2236)),
        ],
        points: vec![
            (PickupPointId(1), point(51.6636, -0.3962)),
            (PickupPointId(2), point(51.7520, -0.3360)),
            (PickupPointId(3), point(51.7640, -0.2280)),
            (PickupPointId(4), point(51.7000, -0.3000)),
        ],
        overrides: vec![],
        vehicles: (1..=vehicles)
            .map(|id| DayVehicle {
                id: VehicleId(i64::from(id)),
                seats: 7,
                wheelchair_spaces: 1,
            })
            .collect(),
        riders,
        locks: vec![],
        keep_apart: vec![],
    }
}

fn rider(booking: i64, venue: i64, pickup: i64) -> DayRider {
    DayRider {
        booking: BookingId(booking),
        participant: PersonId(100 + booking),
        venue: VenueId(venue),
        pickup: Some(PickupPointId(pickup)),
        wheelchair: false,
        starts: at("10:00"),
        ends: at("15:30"),
    }
}

fn runs(plan: &DayPlan, direction: Direction) -> Vec<&PlannedRun> {
    plan.runs
        .iter()
        .filter(|r| r.direction == direction)
        .collect()
}

fn run_of(plan: &DayPlan, booking: i64, direction: Direction) -> Option<&PlannedRun> {
    runs(plan, direction)
        .into_iter()
        .find(|run| run.seats.iter().any(|s| s.booking == BookingId(booking)))
}

#[test]
fn eight_riders_for_seven_seats_leaves_one_with_the_reason() {
    let riders = (1..=8).map(|b| rider(b, 1, 1 + b % 4)).collect();
    let plan = plan_day(&day(riders, 1));
    for direction in [Direction::Outbound, Direction::Return] {
        let runs = runs(&plan, direction);
        assert_eq!(runs.len(), 1);
        let mut numbers: Vec<u32> = runs[0].seats.iter().map(|s| s.number).collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=7).collect::<Vec<_>>(), "{direction:?}");
        let left: Vec<&Unplaced> = plan
            .unplaced
            .iter()
            .filter(|u| u.direction == direction)
            .collect();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].reason, "no seat left on this run");
    }
}

#[test]
fn outbound_reaches_the_venue_before_the_start_and_return_leaves_after_the_end() {
    let plan = plan_day(&day(vec![rider(1, 1, 1), rider(2, 1, 4)], 1));
    let out = run_of(&plan, 1, Direction::Outbound).unwrap();
    assert!(out.arrives <= at("09:50"), "arrives {}", out.arrives);
    assert!(out.stops.iter().all(|(_, time)| *time < out.arrives));
    // Stop times go forward along the route.
    assert!(out.stops.windows(2).all(|w| w[0].1 <= w[1].1));
    let back = run_of(&plan, 1, Direction::Return).unwrap();
    assert!(back.departs >= at("15:30"));
    assert!(back.stops.iter().all(|(_, time)| *time > back.departs));
}

#[test]
fn two_venues_get_a_vehicle_each_and_it_brings_them_back() {
    let riders = vec![rider(1, 1, 1), rider(2, 1, 2), rider(3, 2, 3)];
    let plan = plan_day(&day(riders, 2));
    let out_1 = run_of(&plan, 1, Direction::Outbound).unwrap().vehicle;
    let out_3 = run_of(&plan, 3, Direction::Outbound).unwrap().vehicle;
    assert_ne!(out_1, out_3);
    assert_eq!(run_of(&plan, 1, Direction::Return).unwrap().vehicle, out_1);
    assert_eq!(run_of(&plan, 3, Direction::Return).unwrap().vehicle, out_3);
    assert!(plan.unplaced.is_empty());
}

#[test]
fn a_locked_rider_keeps_their_vehicle_and_seat() {
    let riders = vec![rider(1, 1, 1), rider(2, 1, 1)];
    let mut inputs = day(riders, 2);
    inputs.locks.push(Lock {
        booking: BookingId(2),
        direction: Direction::Outbound,
        vehicle: VehicleId(2),
        seat_number: 5,
    });
    let plan = plan_day(&inputs);
    let run = run_of(&plan, 2, Direction::Outbound).unwrap();
    assert_eq!(run.vehicle, VehicleId(2));
    let seat = run
        .seats
        .iter()
        .find(|s| s.booking == BookingId(2))
        .unwrap();
    assert_eq!((seat.number, seat.locked), (5, true));
}

#[test]
fn people_kept_apart_never_share_a_vehicle() {
    let riders = vec![rider(1, 1, 1), rider(2, 1, 1), rider(3, 1, 2)];
    let mut inputs = day(riders, 2);
    inputs.keep_apart.push((PersonId(101), PersonId(102)));
    let plan = plan_day(&inputs);
    for direction in [Direction::Outbound, Direction::Return] {
        let one = run_of(&plan, 1, direction).unwrap().vehicle;
        let two = run_of(&plan, 2, direction).unwrap().vehicle;
        assert_ne!(one, two, "{direction:?}");
    }
}

#[test]
fn someone_without_a_pick_up_point_is_listed_with_what_to_do() {
    let mut lost = rider(1, 1, 1);
    lost.pickup = None;
    let plan = plan_day(&day(vec![lost], 1));
    assert!(plan.runs.is_empty());
    assert_eq!(plan.unplaced.len(), 2);
    assert!(plan.unplaced[0].reason.contains("no pick-up point"));
}

#[test]
fn a_wheelchair_user_gets_the_wheelchair_space() {
    let mut chair = rider(1, 1, 1);
    chair.wheelchair = true;
    let plan = plan_day(&day(vec![chair, rider(2, 1, 1)], 1));
    let run = run_of(&plan, 1, Direction::Outbound).unwrap();
    let seat = run
        .seats
        .iter()
        .find(|s| s.booking == BookingId(1))
        .unwrap();
    assert!(seat.wheelchair);
    assert_eq!(seat.number, 1);
}

#[test]
fn with_no_vehicle_left_the_quieter_venue_is_told_why() {
    let riders = vec![rider(1, 1, 1), rider(2, 1, 2), rider(3, 2, 3)];
    let plan = plan_day(&day(riders, 1));
    let left: Vec<&Unplaced> = plan
        .unplaced
        .iter()
        .filter(|u| u.booking == BookingId(3))
        .collect();
    assert_eq!(left.len(), 2);
    assert!(left[0].reason.starts_with("no vehicle free"));
}
