//! Runs in the database: planning a day from its bookings, the coordinator's board, moving a
//! rider by hand, locking, choosing the driver and publishing. Every write is one `BEGIN
//! IMMEDIATE` transaction; the schema's own rules (one row per seat, seat numbers within the
//! vehicle, keep-apart, only booked places) are the last word under simultaneous requests.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use sqlx::SqliteConnection;

use super::Db;
use crate::error::AppError;
use crate::fleet::documents::{may_drive, DriverDocuments};
use crate::fleet::places::Place;
use crate::fleet::WeekdaySet;
use crate::geo::GeoPoint;
use crate::people::PersonId;
use crate::transport::allocate::{
    plan_day, BookingId, DayInputs, DayPlan, DayRider, DayVehicle, Lock,
};
use crate::transport::board::{BoardRun, BoardSeat, BoardStop, TransportBoard, Waiting};
use crate::transport::solver::clock::ClockTime;
use crate::transport::solver::Direction;
use crate::transport::travel::TravelModel;
use crate::transport::{passenger_seats, PickupPointId, RunId, VehicleId};
use crate::venues::VenueId;

/// The schema keeps times as 'HH:MM'; anything else means the file was edited by hand.
pub(super) fn clock(text: &str) -> Result<ClockTime, AppError> {
    ClockTime::parse(text).map_err(|e| {
        tracing::error!(value = text, error = %e, "a run holds a malformed time");
        AppError::Internal
    })
}

fn point(latitude: f64, longitude: f64) -> Result<GeoPoint, AppError> {
    GeoPoint::new(latitude, longitude).map_err(|e| {
        tracing::error!(error = %e, "a place holds coordinates the schema should refuse");
        AppError::Internal
    })
}

/// What a day's plan made: runs, seats given, and how many are still without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanSummary {
    pub runs: usize,
    pub seats: usize,
    pub unplaced: usize,
}

/// Plans (or re-plans) every run on `date` from its bookings. Seats locked by hand stay where
/// they are; drivers, publication, odometer readings and the driver's ticks are kept for any
/// run that still goes.
pub async fn plan(db: &Db, date: NaiveDate) -> Result<PlanSummary, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let inputs = day_inputs(&mut tx, date).await?;
    let plan = plan_day(&inputs);
    write_plan(&mut tx, date, &plan).await?;
    tx.commit().await?;
    Ok(PlanSummary {
        runs: plan.runs.len(),
        seats: plan.runs.iter().map(|r| r.seats.len()).sum(),
        unplaced: plan.unplaced.len(),
    })
}

async fn day_inputs(tx: &mut SqliteConnection, date: NaiveDate) -> Result<DayInputs, AppError> {
    let (margin, max_ride): (i64, i64) = sqlx::query_as(
        "SELECT arrival_margin_minutes, max_ride_minutes FROM programme_settings WHERE id = 1",
    )
    .fetch_one(&mut *tx)
    .await?;
    let venues: Vec<(VenueId, f64, f64)> =
        sqlx::query_as("SELECT id, latitude, longitude FROM venues ORDER BY id")
            .fetch_all(&mut *tx)
            .await?;
    let points: Vec<(PickupPointId, f64, f64)> =
        sqlx::query_as("SELECT id, latitude, longitude FROM pickup_points ORDER BY id")
            .fetch_all(&mut *tx)
            .await?;
    // From (pick-up point or venue), to (pick-up point or venue), minutes.
    type OverrideRow = (Option<i64>, Option<i64>, Option<i64>, Option<i64>, i64);
    let overrides: Vec<OverrideRow> = sqlx::query_as(
        "SELECT from_pickup_point_id, from_venue_id, to_pickup_point_id, to_venue_id, minutes
             FROM travel_time_overrides",
    )
    .fetch_all(&mut *tx)
    .await?;
    let place = |pickup: Option<i64>, venue: Option<i64>| match (pickup, venue) {
        (Some(id), _) => Place::Pickup(PickupPointId(id)),
        (None, id) => Place::Venue(VenueId(id.unwrap_or_default())),
    };
    let vehicles: Vec<(VehicleId, i64, i64, WeekdaySet)> = sqlx::query_as(
        "SELECT id, seats_including_driver, wheelchair_spaces, available_days
         FROM vehicles ORDER BY seats_including_driver DESC, id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let weekday = date.weekday();
    let riders: Vec<RiderRow> = sqlx::query_as(
        "SELECT b.id AS booking, b.participant_id AS participant, vs.venue_id AS venue,
                p.default_pickup_point_id AS pickup, p.uses_wheelchair AS wheelchair,
                strftime('%H:%M', s.starts_at) AS starts, strftime('%H:%M', s.ends_at) AS ends
         FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN venue_spaces vs ON vs.id = s.space_id
         JOIN participants p ON p.person_id = b.participant_id
         WHERE b.status = 'booked' AND b.needs_lift = 1 AND s.status = 'scheduled'
           AND date(s.starts_at) = ?
         ORDER BY s.starts_at, b.id",
    )
    .bind(date)
    .fetch_all(&mut *tx)
    .await?;
    let locks: Vec<(BookingId, Direction, VehicleId, i64)> = sqlx::query_as(
        "SELECT rs.booking_id, rs.direction, r.vehicle_id, rs.seat_number
         FROM run_seats rs JOIN runs r ON r.id = rs.run_id
         WHERE r.run_date = ? AND rs.locked = 1",
    )
    .bind(date)
    .fetch_all(&mut *tx)
    .await?;
    let keep_apart: Vec<(PersonId, PersonId)> =
        sqlx::query_as("SELECT person_a, person_b FROM keep_apart")
            .fetch_all(&mut *tx)
            .await?;
    Ok(DayInputs {
        margin_minutes: margin as u32,
        max_ride_minutes: max_ride as u32,
        travel: TravelModel::default(),
        venues: venues
            .into_iter()
            .map(|(id, lat, lon)| Ok((id, point(lat, lon)?)))
            .collect::<Result<_, AppError>>()?,
        points: points
            .into_iter()
            .map(|(id, lat, lon)| Ok((id, point(lat, lon)?)))
            .collect::<Result<_, AppError>>()?,
        overrides: overrides
            .into_iter()
            .map(|(fp, fv, tp, tv, minutes)| (place(fp, fv), place(tp, tv), minutes as u32))
            .collect(),
        vehicles: vehicles
            .into_iter()
            .filter(|(_, _, _, days)| days.contains(weekday))
            .map(|(id, seats, wheelchair_spaces, _)| DayVehicle {
                id,
                seats: u32::from(passenger_seats(seats.clamp(0, 255) as u8)),
                wheelchair_spaces: wheelchair_spaces as u32,
            })
            .collect(),
        riders: riders
            .into_iter()
            .map(RiderRow::into_rider)
            .collect::<Result<_, _>>()?,
        locks: locks
            .into_iter()
            .map(|(booking, direction, vehicle, seat)| Lock {
                booking,
                direction,
                vehicle,
                seat_number: seat as u32,
            })
            .collect(),
        keep_apart,
    })
}

#[derive(sqlx::FromRow)]
struct RiderRow {
    booking: BookingId,
    participant: PersonId,
    venue: VenueId,
    pickup: Option<PickupPointId>,
    wheelchair: bool,
    starts: String,
    ends: String,
}

impl RiderRow {
    fn into_rider(self) -> Result<DayRider, AppError> {
        Ok(DayRider {
            booking: self.booking,
            participant: self.participant,
            venue: self.venue,
            pickup: self.pickup,
            wheelchair: self.wheelchair,
            starts: clock(&self.starts)?,
            ends: clock(&self.ends)?,
        })
    }
}

/// Replaces the day's stops and seats with the plan's, keeping what people did with the runs.
async fn write_plan(
    tx: &mut SqliteConnection,
    date: NaiveDate,
    plan: &DayPlan,
) -> Result<(), AppError> {
    let marks: Vec<(BookingId, Direction, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT rs.booking_id, rs.direction, rs.boarding, rs.marked_at
         FROM run_seats rs JOIN runs r ON r.id = rs.run_id
         WHERE r.run_date = ? AND rs.boarding IS NOT NULL",
    )
    .bind(date)
    .fetch_all(&mut *tx)
    .await?;
    for table in ["run_seats", "run_stops"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE run_id IN (SELECT id FROM runs WHERE run_date = ?)"
        ))
        .bind(date)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM transport_unplaced WHERE run_date = ?")
        .bind(date)
        .execute(&mut *tx)
        .await?;
    let mut kept = Vec::new();
    for run in &plan.runs {
        let id: RunId = sqlx::query_scalar(
            "INSERT INTO runs (run_date, direction, venue_id, vehicle_id, seats, wheelchair_spaces,
                               departs_at, arrives_at, driving_minutes)
             SELECT ?, ?, ?, id, seats_including_driver - 1, wheelchair_spaces, ?, ?, ?
             FROM vehicles WHERE id = ?
             ON CONFLICT (run_date, direction, vehicle_id) DO UPDATE SET
                 venue_id = excluded.venue_id, seats = excluded.seats,
                 wheelchair_spaces = excluded.wheelchair_spaces,
                 departs_at = excluded.departs_at, arrives_at = excluded.arrives_at,
                 driving_minutes = excluded.driving_minutes
             RETURNING id",
        )
        .bind(date)
        .bind(run.direction)
        .bind(run.venue)
        .bind(run.departs.to_string())
        .bind(run.arrives.to_string())
        .bind(run.driving_minutes)
        .bind(run.vehicle)
        .fetch_one(&mut *tx)
        .await?;
        kept.push(id.0);
        for (order, (point, at)) in run.stops.iter().enumerate() {
            sqlx::query(
                "INSERT INTO run_stops (run_id, pickup_point_id, stop_order, at) VALUES (?, ?, ?, ?)",
            )
            .bind(id)
            .bind(point)
            .bind(order as i64 + 1)
            .bind(at.to_string())
            .execute(&mut *tx)
            .await?;
        }
        for seat in &run.seats {
            let mark = marks
                .iter()
                .find(|(b, d, _, _)| *b == seat.booking && *d == run.direction);
            sqlx::query(
                "INSERT INTO run_seats (run_id, booking_id, direction, pickup_point_id, seat_kind,
                                        seat_number, locked, boarding, marked_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(seat.booking)
            .bind(run.direction)
            .bind(seat.point)
            .bind(if seat.wheelchair {
                "wheelchair"
            } else {
                "seat"
            })
            .bind(seat.number)
            .bind(seat.locked)
            .bind(mark.and_then(|m| m.2.clone()))
            .bind(mark.and_then(|m| m.3.clone()))
            .execute(&mut *tx)
            .await?;
        }
    }
    // Runs nobody rides in any more go, unless the driver has already started them.
    let all: Vec<(RunId, Option<i64>)> =
        sqlx::query_as("SELECT id, odometer_start FROM runs WHERE run_date = ?")
            .bind(date)
            .fetch_all(&mut *tx)
            .await?;
    for (id, started) in all {
        if !kept.contains(&id.0) && started.is_none() {
            sqlx::query("DELETE FROM runs WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    // The solver names places by slug ("pickup-3"); people read names.
    let mut names: Vec<(String, String)> = sqlx::query_as(
        "SELECT 'pickup-' || id, name FROM pickup_points UNION ALL SELECT 'venue-' || id, name FROM venues",
    )
    .fetch_all(&mut *tx)
    .await?;
    names.sort_by_key(|(slug, _)| std::cmp::Reverse(slug.len()));
    for unplaced in &plan.unplaced {
        let reason = names
            .iter()
            .fold(unplaced.reason.clone(), |text, (slug, name)| {
                text.replace(slug, name)
            });
        sqlx::query(
            "INSERT OR REPLACE INTO transport_unplaced (booking_id, direction, run_date, reason)
             VALUES (?, ?, ?, ?)",
        )
        .bind(unplaced.booking)
        .bind(unplaced.direction)
        .bind(date)
        .bind(&reason)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The day on the coordinator's board.
pub async fn board(db: &Db, date: NaiveDate) -> Result<TransportBoard, AppError> {
    let runs: Vec<RunRow> = sqlx::query_as(
        "SELECT r.id, r.direction, v.name AS venue, ve.name || ' (' || ve.registration || ')' AS vehicle,
                r.driver_id, coalesce(d.preferred_name, d.given_name) || ' ' || d.family_name AS driver_name,
                r.seats, r.wheelchair_spaces, r.departs_at, r.arrives_at, r.driving_minutes,
                r.published_at IS NOT NULL AS published
         FROM runs r
         JOIN venues v ON v.id = r.venue_id
         JOIN vehicles ve ON ve.id = r.vehicle_id
         LEFT JOIN people d ON d.id = r.driver_id
         WHERE r.run_date = ?
         ORDER BY r.direction, r.departs_at, r.id",
    )
    .bind(date)
    .fetch_all(db)
    .await?;
    let stops: Vec<(RunId, PickupPointId, String, String)> = sqlx::query_as(
        "SELECT st.run_id, st.pickup_point_id, p.name, st.at
         FROM run_stops st JOIN runs r ON r.id = st.run_id
         JOIN pickup_points p ON p.id = st.pickup_point_id
         WHERE r.run_date = ? ORDER BY st.run_id, st.stop_order",
    )
    .bind(date)
    .fetch_all(db)
    .await?;
    type SeatRow = (RunId, BookingId, String, PickupPointId, String, i64, bool);
    let seats: Vec<SeatRow> = sqlx::query_as(
        "SELECT rs.run_id, rs.booking_id,
                    coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name,
                    rs.pickup_point_id, rs.seat_kind, rs.seat_number, rs.locked
             FROM run_seats rs JOIN runs r ON r.id = rs.run_id
             JOIN bookings b ON b.id = rs.booking_id JOIN people p ON p.id = b.participant_id
             WHERE r.run_date = ? ORDER BY rs.run_id, rs.seat_kind DESC, rs.seat_number",
    )
    .bind(date)
    .fetch_all(db)
    .await?;
    let changed = changed_runs(db, date).await?;
    let mut stops_of: BTreeMap<RunId, Vec<BoardStop>> = BTreeMap::new();
    for (run, point, name, at) in stops {
        stops_of.entry(run).or_default().push(BoardStop {
            point,
            name,
            at: clock(&at)?,
        });
    }
    let mut seats_of: BTreeMap<RunId, Vec<BoardSeat>> = BTreeMap::new();
    for (run, booking, name, point, kind, number, locked) in seats {
        seats_of.entry(run).or_default().push(BoardSeat {
            booking,
            name,
            point,
            wheelchair: kind == "wheelchair",
            number: number as u32,
            locked,
        });
    }
    let runs = runs
        .into_iter()
        .map(|row| {
            Ok(BoardRun {
                id: row.id,
                direction: row.direction,
                venue: row.venue,
                vehicle: row.vehicle,
                driver: row.driver_id.zip(row.driver_name),
                seats: row.seats as u32,
                wheelchair_spaces: row.wheelchair_spaces as u32,
                departs: clock(&row.departs_at)?,
                arrives: clock(&row.arrives_at)?,
                driving_minutes: row.driving_minutes as u32,
                stops: stops_of.remove(&row.id).unwrap_or_default(),
                passengers: seats_of.remove(&row.id).unwrap_or_default(),
                published: row.published,
                changed_since_published: row.published && changed.contains(&row.id),
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(TransportBoard {
        date,
        runs,
        waiting: waiting(db, date).await?,
        drivers: drivers_who_may_drive(db, date).await?,
    })
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: RunId,
    direction: Direction,
    venue: String,
    vehicle: String,
    driver_id: Option<PersonId>,
    driver_name: Option<String>,
    seats: i64,
    wheelchair_spaces: i64,
    departs_at: String,
    arrives_at: String,
    driving_minutes: i64,
    published: bool,
}

/// Published runs whose seats or stop times differ from what the driver was given.
pub(super) async fn changed_runs(db: &Db, date: NaiveDate) -> Result<Vec<RunId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT r.id FROM runs r WHERE r.run_date = ? AND r.published_at IS NOT NULL AND (
             EXISTS (SELECT booking_id, pickup_point_id, at FROM published_seats WHERE run_id = r.id
                     EXCEPT
                     SELECT rs.booking_id, rs.pickup_point_id, st.at FROM run_seats rs
                     JOIN run_stops st ON st.run_id = rs.run_id AND st.pickup_point_id = rs.pickup_point_id
                     WHERE rs.run_id = r.id)
          OR EXISTS (SELECT rs.booking_id, rs.pickup_point_id, st.at FROM run_seats rs
                     JOIN run_stops st ON st.run_id = rs.run_id AND st.pickup_point_id = rs.pickup_point_id
                     WHERE rs.run_id = r.id
                     EXCEPT
                     SELECT booking_id, pickup_point_id, at FROM published_seats WHERE run_id = r.id))",
    )
    .bind(date)
    .fetch_all(db)
    .await?)
}

/// Booked riders with no seat that way, with the reason the last plan gave.
async fn waiting(db: &Db, date: NaiveDate) -> Result<Vec<Waiting>, AppError> {
    let rows: Vec<(BookingId, String, Direction, String, Option<String>)> = sqlx::query_as(
        "SELECT b.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name,
                d.direction, v.name, u.reason
         FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN venue_spaces vs ON vs.id = s.space_id JOIN venues v ON v.id = vs.venue_id
         JOIN people p ON p.id = b.participant_id
         CROSS JOIN (SELECT 'outbound' AS direction UNION ALL SELECT 'return') d
         LEFT JOIN transport_unplaced u ON u.booking_id = b.id AND u.direction = d.direction
         WHERE b.status = 'booked' AND b.needs_lift = 1 AND s.status = 'scheduled'
           AND date(s.starts_at) = ?
           AND NOT EXISTS (SELECT 1 FROM run_seats rs
                           WHERE rs.booking_id = b.id AND rs.direction = d.direction)
         ORDER BY d.direction, p.given_name, p.family_name",
    )
    .bind(date)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(booking, name, direction, venue, reason)| Waiting {
            booking,
            name,
            direction,
            venue,
            reason,
        })
        .collect())
}

/// Drivers whose documents are in date on `date`: the only ones a run can be given to.
async fn drivers_who_may_drive(
    db: &Db,
    date: NaiveDate,
) -> Result<Vec<(PersonId, String)>, AppError> {
    // Drivers with their dates in one query (no dates recorded: NULLs, refused below).
    type DriverRow = (PersonId, String, Option<NaiveDate>, Option<NaiveDate>);
    let rows: Vec<DriverRow> = sqlx::query_as(
        "SELECT p.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name,
                d.licence_expires_on, d.dbs_renews_on
         FROM person_roles r JOIN people p ON p.id = r.person_id
         LEFT JOIN driver_documents d ON d.person_id = p.id
         WHERE r.role = 'driver' AND p.is_active = 1
         ORDER BY p.given_name, p.family_name",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, licence, dbs)| {
            let documents = licence
                .zip(*dbs)
                .map(|(licence_expires_on, dbs_renews_on)| DriverDocuments {
                    licence_expires_on,
                    dbs_renews_on,
                });
            may_drive(documents, date).is_ok()
        })
        .map(|(id, name, _, _)| (id, name))
        .collect())
}

/// The run's date and direction, or "not found".
async fn run_day(
    tx: &mut SqliteConnection,
    run: RunId,
) -> Result<(NaiveDate, Direction), AppError> {
    sqlx::query_as("SELECT run_date, direction FROM runs WHERE id = ?")
        .bind(run)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::NotFound("that run".into()))
}

/// The day a run is on.
pub async fn date_of(db: &Db, run: RunId) -> Result<NaiveDate, AppError> {
    sqlx::query_scalar("SELECT run_date FROM runs WHERE id = ?")
        .bind(run)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| AppError::NotFound("that run".into()))
}

/// Gives `run` to `driver`, refused when their licence or DBS has run out by the run's day.
pub async fn assign_driver(db: &Db, run: RunId, driver: PersonId) -> Result<(), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let (date, _) = run_day(&mut tx, run).await?;
    let documents: Option<DriverDocuments> = super::fleet::documents_of(db, driver).await?;
    may_drive(documents, date).map_err(AppError::Conflict)?;
    // One driver cannot be in two vehicles at once.
    let busy: Option<(String, String, String)> = sqlx::query_as(
        "SELECT v.name, o.departs_at, o.arrives_at FROM runs o
         JOIN runs r ON r.id = ?1 JOIN venues v ON v.id = o.venue_id
         WHERE o.driver_id = ?2 AND o.id <> r.id AND o.run_date = r.run_date
           AND o.departs_at < r.arrives_at AND r.departs_at < o.arrives_at",
    )
    .bind(run)
    .bind(driver)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((venue, from, to)) = busy {
        return Err(AppError::Conflict(format!(
            "That driver is already driving to or from {venue} from {from} to {to}."
        )));
    }
    sqlx::query("UPDATE runs SET driver_id = ? WHERE id = ?")
        .bind(driver)
        .bind(run)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends the run's pick-up list to its driver: what they were given is kept, so later changes
/// are flagged on their list.
pub async fn publish(db: &Db, run: RunId) -> Result<(), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let driver: Option<Option<PersonId>> =
        sqlx::query_scalar("SELECT driver_id FROM runs WHERE id = ?")
            .bind(run)
            .fetch_optional(&mut *tx)
            .await?;
    match driver {
        None => return Err(AppError::NotFound("that run".into())),
        Some(None) => {
            return Err(AppError::Conflict(
                "Choose the driver first: the pick-up list goes to them.".into(),
            ))
        }
        Some(Some(_)) => {}
    }
    sqlx::query("DELETE FROM published_seats WHERE run_id = ?")
        .bind(run)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO published_seats (run_id, booking_id, pickup_point_id, at)
         SELECT rs.run_id, rs.booking_id, rs.pickup_point_id, st.at FROM run_seats rs
         JOIN run_stops st ON st.run_id = rs.run_id AND st.pickup_point_id = rs.pickup_point_id
         WHERE rs.run_id = ?",
    )
    .bind(run)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE runs SET published_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
    )
    .bind(run)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Keeps (or frees) a rider's seat through re-optimising.
pub async fn set_locked(
    db: &Db,
    run: RunId,
    booking: BookingId,
    locked: bool,
) -> Result<(), AppError> {
    let changed =
        sqlx::query("UPDATE run_seats SET locked = ? WHERE run_id = ? AND booking_id = ?")
            .bind(locked)
            .bind(run)
            .bind(booking)
            .execute(db)
            .await?
            .rows_affected();
    if changed == 0 {
        return Err(AppError::NotFound("that seat".into()));
    }
    Ok(())
}

/// Moves a rider to `run` (seat `number`, or the lowest free one) and locks them there, then
/// re-plans the day around them: stops and times follow, nobody locked moves. Refused with the
/// reason when the run cannot take them (full, kept apart, would make someone late).
pub async fn move_rider(
    db: &Db,
    booking: BookingId,
    run: RunId,
    number: Option<u32>,
) -> Result<(), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let (date, direction) = run_day(&mut tx, run).await?;
    let vehicle: (VehicleId, i64, i64) =
        sqlx::query_as("SELECT vehicle_id, seats, wheelchair_spaces FROM runs WHERE id = ?")
            .bind(run)
            .fetch_one(&mut *tx)
            .await?;
    let wheelchair: Option<bool> = sqlx::query_scalar(
        "SELECT p.uses_wheelchair FROM bookings b JOIN participants p ON p.person_id = b.participant_id
         WHERE b.id = ?",
    )
    .bind(booking)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(wheelchair) = wheelchair else {
        return Err(AppError::NotFound("that booking".into()));
    };
    let room = if wheelchair { vehicle.2 } else { vehicle.1 } as u32;
    let taken: Vec<i64> = sqlx::query_scalar(
        "SELECT seat_number FROM run_seats
         WHERE run_id = ? AND seat_kind = ? AND booking_id <> ? ORDER BY seat_number",
    )
    .bind(run)
    .bind(if wheelchair { "wheelchair" } else { "seat" })
    .bind(booking)
    .fetch_all(&mut *tx)
    .await?;
    let free = |n: u32| !taken.contains(&i64::from(n));
    let number = match number {
        Some(n) if n == 0 || n > room => {
            return Err(AppError::Invalid(format!("This vehicle has no seat {n}.")))
        }
        Some(n) if !free(n) => {
            return Err(AppError::Conflict(format!(
                "Seat {n} is taken. Choose a free seat."
            )))
        }
        Some(n) => n,
        None => (1..=room).find(|n| free(*n)).ok_or_else(|| {
            AppError::Conflict("No seat left on this run: move someone off it first.".into())
        })?,
    };
    let mut inputs = day_inputs(&mut tx, date).await?;
    inputs
        .locks
        .retain(|lock| !(lock.booking == booking && lock.direction == direction));
    inputs.locks.push(Lock {
        booking,
        direction,
        vehicle: vehicle.0,
        seat_number: number,
    });
    let plan = plan_day(&inputs);
    if let Some(refused) = plan
        .unplaced
        .iter()
        .find(|u| u.booking == booking && u.direction == direction)
    {
        return Err(AppError::Conflict(format!(
            "That run cannot take them: {}.",
            refused.reason
        )));
    }
    write_plan(&mut tx, date, &plan).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives `booking` the lowest free seat on `run`, if the run already calls at their pick-up
/// point. The schema refuses a second passenger for the same seat and a seat beyond the
/// vehicle's, so simultaneous requests for the last seat give it to exactly one.
pub async fn take_seat(db: &Db, run: RunId, booking: BookingId) -> Result<u32, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let number = take_seat_in(&mut tx, run, booking).await?;
    tx.commit().await?;
    Ok(number)
}

/// Transport follows the activity: a place just booked (or promoted from the waitlist) that
/// needs a lift takes a free seat each way on a run that day to its venue, if one already calls
/// at their pick-up point. Otherwise they wait on the board for the coordinator to re-plan.
/// Runs inside the caller's transaction, so the place and its seats are written together.
pub(super) async fn hold_seats(tx: &mut SqliteConnection, booking: i64) -> Result<(), AppError> {
    let runs: Vec<RunId> = sqlx::query_scalar(
        "SELECT r.id FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN venue_spaces vs ON vs.id = s.space_id
         JOIN participants p ON p.person_id = b.participant_id
         JOIN runs r ON r.run_date = date(s.starts_at) AND r.venue_id = vs.venue_id
         JOIN run_stops st ON st.run_id = r.id AND st.pickup_point_id = p.default_pickup_point_id
         WHERE b.id = ? AND b.status = 'booked' AND b.needs_lift = 1 AND s.status = 'scheduled'
           -- Only a run that fits the session: there by its start and leaving after its end,
           -- with at most two hours' wait either way (a 16:00 session cannot use the run that
           -- arrives at 10:00; the coordinator can still seat someone by hand).
           AND CASE r.direction
                   WHEN 'outbound' THEN r.arrives_at BETWEEN strftime('%H:%M', s.starts_at, '-2 hours')
                                                         AND strftime('%H:%M', s.starts_at)
                   ELSE r.departs_at BETWEEN strftime('%H:%M', s.ends_at)
                                         AND strftime('%H:%M', s.ends_at, '+2 hours')
               END
         ORDER BY r.direction, r.id",
    )
    .bind(booking)
    .fetch_all(&mut *tx)
    .await?;
    for run in runs {
        // A full run, a second seat the same way, someone kept apart: try the next run.
        match take_seat_in(&mut *tx, run, BookingId(booking)).await {
            Ok(_) | Err(AppError::Conflict(_)) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(())
}

async fn take_seat_in(
    tx: &mut SqliteConnection,
    run: RunId,
    booking: BookingId,
) -> Result<u32, AppError> {
    let (_, direction) = run_day(&mut *tx, run).await?;
    let rider: Option<(Option<PickupPointId>, bool)> = sqlx::query_as(
        "SELECT p.default_pickup_point_id, p.uses_wheelchair
         FROM bookings b JOIN participants p ON p.person_id = b.participant_id WHERE b.id = ?",
    )
    .bind(booking)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((Some(point), wheelchair)) = rider else {
        return Err(AppError::Conflict(
            "They have no pick-up point on file.".into(),
        ));
    };
    let calls_there: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM run_stops WHERE run_id = ? AND pickup_point_id = ?)",
    )
    .bind(run)
    .bind(point)
    .fetch_one(&mut *tx)
    .await?;
    if !calls_there {
        return Err(AppError::Conflict(
            "This run does not call at their pick-up point yet: move them on the board instead."
                .into(),
        ));
    }
    let kind = if wheelchair { "wheelchair" } else { "seat" };
    let number: Option<i64> = sqlx::query_scalar(
        "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n
                                 WHERE k < (SELECT CASE ?2 WHEN 'seat' THEN seats
                                                   ELSE wheelchair_spaces END
                                            FROM runs WHERE id = ?1))
         SELECT min(k) FROM n
         WHERE k <= (SELECT CASE ?2 WHEN 'seat' THEN seats ELSE wheelchair_spaces END
                     FROM runs WHERE id = ?1)
           AND k NOT IN (SELECT seat_number FROM run_seats WHERE run_id = ?1 AND seat_kind = ?2)",
    )
    .bind(run)
    .bind(kind)
    .fetch_one(&mut *tx)
    .await?;
    let Some(number) = number else {
        return Err(AppError::Conflict("No seat left on this run.".into()));
    };
    sqlx::query(
        "INSERT INTO run_seats (run_id, booking_id, direction, pickup_point_id, seat_kind, seat_number)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(run)
    .bind(booking)
    .bind(direction)
    .bind(point)
    .bind(kind)
    .bind(number)
    .execute(&mut *tx)
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => AppError::Conflict("That seat has just been taken.".into()),
        AppError::Internal => AppError::Conflict(
            "That run cannot take them (full, kept apart, or not their day).".into(),
        ),
        other => other,
    })?;
    Ok(number as u32)
}
