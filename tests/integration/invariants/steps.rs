//! What people do, as random steps: each is one call of the data function the matching server
//! function makes, with the arguments it would pass. Steps name people, sessions, runs and seats
//! by index into what exists, so a shrunk failure reads as a short story.

use proptest::prelude::*;
use turnaround::data::audit::Actor;
use turnaround::data::Db;
use turnaround::error::AppError;
use turnaround::fleet::use_cases as vehicle_changes;
use turnaround::fleet::{VehicleDraft, WeekdaySet};
use turnaround::keep_apart::use_cases as keep_apart_changes;
use turnaround::keep_apart::PairDraft;
use turnaround::my_activities::use_cases as participant_changes;
use turnaround::people_admin::use_cases as people_changes;
use turnaround::scheduling::enrolment::{EnrolRefusal, Reach};
use turnaround::scheduling::series::EditScope;
use turnaround::scheduling::use_cases::enrolment as enrolment_changes;
use turnaround::scheduling::use_cases::planning as session_changes;
use turnaround::transport::allocate::BookingId;
use turnaround::transport::use_cases as run_changes;
use turnaround::transport::RunId;

use super::world::{now, programme, World};

/// "I can't come" within this many hours of the start is late (the schema's default).
const LATE_CANCEL_HOURS: u32 = 24;

#[derive(Debug, Clone)]
pub enum Step {
    /// The coordinator adds a participant to a session (booked, or on its waitlist).
    Enrol {
        session: usize,
        participant: usize,
    },
    /// ... to a session and every later one of its series.
    EnrolCourse {
        session: usize,
        participant: usize,
    },
    /// The coordinator's "Cancel place" (the first person waiting moves up).
    CancelPlace {
        session: usize,
        participant: usize,
    },
    /// The participant's "I can't come".
    CantCome {
        session: usize,
        participant: usize,
    },
    /// "I need a lift" / "I'll get there myself".
    Lift {
        session: usize,
        participant: usize,
        needs: bool,
    },
    /// Move a session: to a space, some days and hours on; this only or this and following.
    MoveSession {
        session: usize,
        space: usize,
        days: i64,
        hours: i64,
        following: bool,
    },
    CancelSession {
        session: usize,
        following: bool,
    },
    /// The session's lead changes how many places it has (more go to the people waiting).
    ChangePlaces {
        session: usize,
        capacity: u32,
    },
    /// "Plan the day" on the transport board.
    PlanDay {
        day: usize,
    },
    /// Drag a passenger onto a run (a seat number, or the lowest free one).
    MoveRider {
        booking: usize,
        run: usize,
        seat: Option<u32>,
    },
    LockSeat {
        seat: usize,
        locked: bool,
    },
    ChooseDriver {
        run: usize,
        driver: usize,
    },
    Publish {
        run: usize,
    },
    KeepApart {
        first: usize,
        second: usize,
    },
    StopKeepingApart {
        first: usize,
        second: usize,
    },
    /// The coordinator changes a participant's pick-up point or wheelchair use.
    EditRider {
        participant: usize,
        pickup: Option<usize>,
        wheelchair: bool,
    },
    /// The coordinator changes a vehicle's seats (the driver's included) or wheelchair spaces.
    EditVehicle {
        vehicle: usize,
        seats: i64,
        wheelchair_spaces: i64,
    },
}

/// One step, weighted roughly by how often it happens.
pub fn step() -> impl Strategy<Value = Step> {
    let session = 0..7usize;
    let participant = 0..6usize;
    prop_oneof![
        5 => (session.clone(), participant.clone())
            .prop_map(|(session, participant)| Step::Enrol { session, participant }),
        1 => (session.clone(), participant.clone())
            .prop_map(|(session, participant)| Step::EnrolCourse { session, participant }),
        2 => (session.clone(), participant.clone())
            .prop_map(|(session, participant)| Step::CancelPlace { session, participant }),
        2 => (session.clone(), participant.clone())
            .prop_map(|(session, participant)| Step::CantCome { session, participant }),
        2 => (session.clone(), participant.clone(), any::<bool>())
            .prop_map(|(session, participant, needs)| Step::Lift { session, participant, needs }),
        2 => (session.clone(), 0..4usize, -1..=1i64, -2..=2i64, any::<bool>()).prop_map(
            |(session, space, days, hours, following)| Step::MoveSession {
                session, space, days, hours, following,
            }
        ),
        1 => (session.clone(), any::<bool>())
            .prop_map(|(session, following)| Step::CancelSession { session, following }),
        2 => (session.clone(), 1..=5u32)
            .prop_map(|(session, capacity)| Step::ChangePlaces { session, capacity }),
        // Mostly the four days the sessions start on; sometimes a day one may have moved to.
        4 => prop_oneof![4 => 0..4usize, 1 => 4..8usize].prop_map(|day| Step::PlanDay { day }),
        2 => (0..40usize, 0..8usize, proptest::option::of(0..6u32))
            .prop_map(|(booking, run, seat)| Step::MoveRider { booking, run, seat }),
        1 => (0..30usize, any::<bool>()).prop_map(|(seat, locked)| Step::LockSeat { seat, locked }),
        2 => (0..8usize, 0..2usize).prop_map(|(run, driver)| Step::ChooseDriver { run, driver }),
        1 => (0..8usize).prop_map(|run| Step::Publish { run }),
        3 => (participant.clone(), participant.clone())
            .prop_map(|(first, second)| Step::KeepApart { first, second }),
        1 => (participant.clone(), participant.clone())
            .prop_map(|(first, second)| Step::StopKeepingApart { first, second }),
        1 => (participant, proptest::option::of(0..2usize), any::<bool>()).prop_map(
            |(participant, pickup, wheelchair)| Step::EditRider { participant, pickup, wheelchair }
        ),
        1 => (0..2usize, 2..=5i64, 0..=1i64).prop_map(|(vehicle, seats, wheelchair_spaces)| {
            Step::EditVehicle { vehicle, seats, wheelchair_spaces }
        }),
    ]
}

/// The `index`-th of the ids `sql` lists (wrapping round), or `None` when it lists none.
async fn nth(db: &Db, sql: &str, index: usize) -> Option<i64> {
    let ids: Vec<i64> = on!(db, query_scalar(sql).fetch_all).expect("list ids");
    (!ids.is_empty()).then(|| ids[index % ids.len()])
}

fn scope(following: bool) -> EditScope {
    if following {
        EditScope::ThisAndFollowing
    } else {
        EditScope::ThisOnly
    }
}

/// Carries out `step` as the coordinator (or the participant, for their own two buttons).
/// `Ok` when it was done; a refusal otherwise, as the server function would send it.
pub async fn apply(db: &Db, world: &World, step: &Step) -> Result<(), AppError> {
    let by = world.coordinator;
    let actor = Actor {
        person: by,
        ip: None,
    };
    // An enrolment refusal is a value, not an error; the server sends its sentence as a 409.
    let refused = |refusal: EnrolRefusal| AppError::Conflict(refusal.describe(true));
    match *step {
        Step::Enrol {
            session,
            participant,
        } => enrolment_changes::enrol(
            db,
            world.sessions[session],
            world.participants[participant],
            by,
            Reach::Everyone,
        )
        .await?
        .map(drop)
        .map_err(refused),
        Step::EnrolCourse {
            session,
            participant,
        } => enrolment_changes::enrol_series(
            db,
            world.sessions[session],
            world.participants[participant],
            by,
            Reach::Everyone,
        )
        .await?
        .map(drop)
        .map_err(|(_, refusal)| refused(refusal)),
        Step::CancelPlace {
            session,
            participant,
        } => enrolment_changes::cancel(
            db,
            world.sessions[session],
            world.participants[participant],
            by,
            false,
        )
        .await
        .map(drop),
        Step::CantCome {
            session,
            participant,
        } => participant_changes::cant_come(
            db,
            world.participants[participant],
            world.sessions[session],
            now(),
            LATE_CANCEL_HOURS,
        )
        .await
        .map(drop),
        Step::Lift {
            session,
            participant,
            needs,
        } => {
            participant_changes::set_lift(
                db,
                world.participants[participant],
                world.sessions[session],
                needs,
                now(),
            )
            .await
        }
        Step::MoveSession {
            session,
            space,
            days,
            hours,
            following,
        } => {
            let id = world.sessions[session];
            let (starts_at, ends_at): (chrono::NaiveDateTime, chrono::NaiveDateTime) = on!(
                db,
                query_as("SELECT starts_at, ends_at FROM sessions WHERE id = $1")
                    .bind(id)
                    .fetch_one
            )
            .expect("the session's times");
            let shift = chrono::Duration::days(days) + chrono::Duration::hours(hours);
            session_changes::move_session(
                db,
                id,
                world.spaces[space],
                starts_at + shift,
                ends_at + shift,
                scope(following),
            )
            .await
        }
        Step::CancelSession { session, following } => session_changes::cancel_session(
            db,
            world.sessions[session],
            "The venue is closed.",
            scope(following),
        )
        .await
        .map(drop),
        Step::ChangePlaces { session, capacity } => {
            enrolment_changes::set_capacity(db, world.sessions[session], capacity)
                .await
                .map(drop)
        }
        Step::PlanDay { day } => run_changes::plan(db, world.days[day]).await.map(drop),
        Step::MoveRider { booking, run, seat } => {
            let booking = nth(db, "SELECT id FROM bookings ORDER BY id", booking).await;
            let run = nth(db, "SELECT id FROM runs ORDER BY id", run).await;
            let (Some(booking), Some(run)) = (booking, run) else {
                return Ok(());
            };
            run_changes::move_rider(db, BookingId(booking), RunId(run), seat).await
        }
        Step::LockSeat { seat, locked } => {
            let seats: Vec<(RunId, BookingId)> = on!(
                db,
                query_as("SELECT run_id, booking_id FROM run_seats ORDER BY run_id, booking_id",)
                    .fetch_all
            )
            .expect("list seats");
            let Some(&(run, booking)) = seats.get(seat % seats.len().max(1)) else {
                return Ok(());
            };
            run_changes::set_locked(db, run, booking, locked).await
        }
        Step::ChooseDriver { run, driver } => {
            let Some(run) = nth(db, "SELECT id FROM runs ORDER BY id", run).await else {
                return Ok(());
            };
            run_changes::assign_driver(db, RunId(run), world.drivers[driver]).await
        }
        Step::Publish { run } => {
            let Some(run) = nth(db, "SELECT id FROM runs ORDER BY id", run).await else {
                return Ok(());
            };
            run_changes::publish(db, RunId(run)).await
        }
        Step::KeepApart { first, second } => {
            let (first, second) = (world.participants[first], world.participants[second]);
            // The form's own checks (two different people) come first, as on the page.
            let pair = PairDraft::parse(&first.to_string(), &second.to_string(), "No contact.")
                .map_err(|problems| AppError::Invalid(problems.join(" ")))?;
            keep_apart_changes::add(db, &pair, now(), &actor).await
        }
        Step::StopKeepingApart { first, second } => {
            keep_apart_changes::remove(
                db,
                world.participants[first],
                world.participants[second],
                &actor,
            )
            .await
        }
        Step::EditRider {
            participant,
            pickup,
            wheelchair,
        } => {
            let pickup = pickup.map(|point| world.points[point]);
            let details = programme(pickup, wheelchair);
            // The form's own checks first, as the server function makes them.
            let problems = details.problems();
            if !problems.is_empty() {
                return Err(AppError::Invalid(problems.join(" ")));
            }
            people_changes::update_programme(
                db,
                world.participants[participant],
                &details,
                now().date(),
            )
            .await
            .map(drop)
        }
        Step::EditVehicle {
            vehicle,
            seats,
            wheelchair_spaces,
        } => {
            let (name, registration) = super::world::VEHICLES[vehicle];
            let draft = VehicleDraft {
                name: name.into(),
                registration: registration.into(),
                seats_including_driver: seats,
                wheelchair_spaces,
                available_days: WeekdaySet(127),
            };
            vehicle_changes::save_vehicle(db, Some(world.vehicles[vehicle]), &draft, now().date())
                .await
                .map(drop)
        }
    }
}
