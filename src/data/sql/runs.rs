//! Runs in the database: the day's inputs for the planner and its plan written back, the
//! coordinator's board, and the rows a move, a lock, a driver or a publication changes. The
//! decisions and their sentences are `transport::use_cases`'; the schema's own rules (one row
//! per seat, seat numbers within the vehicle, keep-apart, only booked places) are the last word
//! under simultaneous requests.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::{Conn, Pool};
use crate::data::runs::UnplacedRow;
use crate::data::values::{Clock, Stamp, StampMillis};
use crate::error::AppError;
use crate::fleet::documents::{may_drive, DriverDocuments};
use crate::fleet::places::Place;
use crate::fleet::WeekdaySet;
use crate::geo::GeoPoint;
use crate::people::PersonId;
use crate::transport::allocate::{BookingId, DayInputs, DayRider, DayVehicle, Lock, PlannedRun};
use crate::transport::board::{BoardRun, BoardSeat, BoardStop, TransportBoard, Waiting};
use crate::transport::pickup_list::Mark;
use crate::transport::solver::clock::ClockTime;
use crate::transport::solver::Direction;
use crate::transport::travel::TravelModel;
use crate::transport::{passenger_seats, PickupPointId, RunId, VehicleId};
use crate::venues::VenueId;

fn point(latitude: f64, longitude: f64) -> Result<GeoPoint, AppError> {
    GeoPoint::new(latitude, longitude).map_err(|e| {
        tracing::error!(error = %e, "a place holds coordinates the schema should refuse");
        AppError::Internal
    })
}

/// What the planner needs to plan `date`: the programme's settings, the places, the vehicles
/// on the road that weekday, the booked riders who need a lift, the seats locked by hand and
/// the keep-apart pairs.
pub async fn day_inputs(tx: &mut Conn, date: NaiveDate) -> Result<DayInputs, AppError> {
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
                s.starts_at AS starts, s.ends_at AS ends
         FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN venue_spaces vs ON vs.id = s.space_id
         JOIN participants p ON p.person_id = b.participant_id
         WHERE b.status = 'booked' AND b.needs_lift AND s.status = 'scheduled'
           AND s.starts_at >= $1 AND s.starts_at < $2
         ORDER BY s.starts_at, b.id",
    )
    .bind(date.and_time(NaiveTime::MIN))
    .bind(date.and_time(NaiveTime::MIN) + Duration::days(1))
    .fetch_all(&mut *tx)
    .await?;
    let locks: Vec<(BookingId, Direction, VehicleId, i64)> = sqlx::query_as(
        "SELECT rs.booking_id, rs.direction, r.vehicle_id, rs.seat_number
         FROM run_seats rs JOIN runs r ON r.id = rs.run_id
         WHERE r.run_date = $1 AND rs.locked",
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
    starts: NaiveDateTime,
    ends: NaiveDateTime,
}

impl RiderRow {
    fn into_rider(self) -> Result<DayRider, AppError> {
        Ok(DayRider {
            booking: self.booking,
            participant: self.participant,
            venue: self.venue,
            pickup: self.pickup,
            wheelchair: self.wheelchair,
            starts: ClockTime::from(self.starts.time()),
            ends: ClockTime::from(self.ends.time()),
        })
    }
}

/// Replaces the day's stops and seats with `runs`, keeping what people did with the runs
/// (drivers, publication, odometer readings, the driver's ticks), and records who is left
/// without a seat and why. Runs nobody rides in any more go, unless the driver has started them.
pub async fn write_plan(
    tx: &mut Conn,
    date: NaiveDate,
    runs: &[PlannedRun],
    unplaced: &[UnplacedRow],
) -> Result<(), AppError> {
    // A mark cleared by the coordinator is kept too: its moment stands against older ticks.
    type KeptMark = (
        BookingId,
        Direction,
        Option<String>,
        StampMillis,
        Option<PersonId>,
    );
    let marks: Vec<KeptMark> = sqlx::query_as(
        "SELECT rs.booking_id, rs.direction, rs.boarding, rs.marked_at, rs.marked_by
         FROM run_seats rs JOIN runs r ON r.id = rs.run_id
         WHERE r.run_date = $1 AND rs.marked_at IS NOT NULL",
    )
    .bind(date)
    .fetch_all(&mut *tx)
    .await?;
    for table in ["run_seats", "run_stops"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE run_id IN (SELECT id FROM runs WHERE run_date = $1)"
        ))
        .bind(date)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM transport_unplaced WHERE run_date = $1")
        .bind(date)
        .execute(&mut *tx)
        .await?;
    let mut kept = Vec::new();
    for run in runs {
        let id: RunId = sqlx::query_scalar(
            "INSERT INTO runs (run_date, direction, venue_id, vehicle_id, seats, wheelchair_spaces,
                               departs_at, arrives_at, driving_minutes)
             SELECT $1, $2, $3, id, seats_including_driver - 1, wheelchair_spaces, $4, $5, $6
             FROM vehicles WHERE id = $7
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
        .bind(Clock(run.departs.into()))
        .bind(Clock(run.arrives.into()))
        .bind(i64::from(run.driving_minutes))
        .bind(run.vehicle)
        .fetch_one(&mut *tx)
        .await?;
        kept.push(id.0);
        for (order, (point, at)) in run.stops.iter().enumerate() {
            sqlx::query(
                "INSERT INTO run_stops (run_id, pickup_point_id, stop_order, at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(point)
            .bind(order as i64 + 1)
            .bind(Clock((*at).into()))
            .execute(&mut *tx)
            .await?;
        }
        for seat in &run.seats {
            let mark = marks
                .iter()
                .find(|(b, d, ..)| *b == seat.booking && *d == run.direction);
            sqlx::query(
                "INSERT INTO run_seats (run_id, booking_id, direction, pickup_point_id, seat_kind,
                                        seat_number, locked, boarding, marked_at, marked_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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
            .bind(i64::from(seat.number))
            .bind(seat.locked)
            .bind(mark.and_then(|m| m.2.clone()))
            .bind(mark.map(|m| m.3))
            .bind(mark.and_then(|m| m.4))
            .execute(&mut *tx)
            .await?;
        }
    }
    // Runs nobody rides in any more go, unless the driver has already started them.
    let all: Vec<(RunId, Option<i64>)> =
        sqlx::query_as("SELECT id, odometer_start FROM runs WHERE run_date = $1")
            .bind(date)
            .fetch_all(&mut *tx)
            .await?;
    for (id, started) in all {
        if !kept.contains(&id.0) && started.is_none() {
            sqlx::query("DELETE FROM runs WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    for (booking, direction, reason) in unplaced {
        sqlx::query(
            "INSERT INTO transport_unplaced (booking_id, direction, run_date, reason)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (booking_id, direction) DO UPDATE SET
                 run_date = excluded.run_date, reason = excluded.reason",
        )
        .bind(booking)
        .bind(direction)
        .bind(date)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The day's runs that have a driver: (run, driver, departs, arrives), each driver's in the
/// order they leave.
pub async fn driven_runs(
    tx: &mut Conn,
    date: NaiveDate,
) -> Result<Vec<(RunId, PersonId, ClockTime, ClockTime)>, AppError> {
    let rows: Vec<(RunId, PersonId, Clock, Clock)> = sqlx::query_as(
        "SELECT id, driver_id, departs_at, arrives_at FROM runs
         WHERE run_date = $1 AND driver_id IS NOT NULL
         ORDER BY driver_id, departs_at, id",
    )
    .bind(date)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(run, driver, departs, arrives)| (run, driver, departs.into(), arrives.into()))
        .collect())
}

/// Takes the driver off `run`, and with them its publication: the driver's list no longer
/// shows it.
pub async fn release_driver(tx: &mut Conn, run: RunId) -> Result<(), AppError> {
    sqlx::query("UPDATE runs SET driver_id = NULL, published_at = NULL WHERE id = $1")
        .bind(run)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Each solver slug ("pickup-3", "venue-2") with its place's name.
pub async fn place_names(tx: &mut Conn) -> Result<Vec<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT 'pickup-' || id, name FROM pickup_points UNION ALL SELECT 'venue-' || id, name FROM venues",
    )
    .fetch_all(&mut *tx)
    .await?)
}

/// The day on the coordinator's board.
pub async fn board(db: &Pool, date: NaiveDate) -> Result<TransportBoard, AppError> {
    let runs: Vec<RunRow> = sqlx::query_as(
        "SELECT r.id, r.direction, v.name AS venue, ve.name || ' (' || ve.registration || ')' AS vehicle,
                r.driver_id, coalesce(d.preferred_name, d.given_name) || ' ' || d.family_name AS driver_name,
                r.seats, r.wheelchair_spaces, r.departs_at, r.arrives_at, r.driving_minutes,
                r.published_at IS NOT NULL AS published
         FROM runs r
         JOIN venues v ON v.id = r.venue_id
         JOIN vehicles ve ON ve.id = r.vehicle_id
         LEFT JOIN people d ON d.id = r.driver_id
         WHERE r.run_date = $1
         ORDER BY r.direction, r.departs_at, r.id",
    )
    .bind(date)
    .fetch_all(db)
    .await?;
    let stops: Vec<(RunId, PickupPointId, String, Clock)> = sqlx::query_as(
        "SELECT st.run_id, st.pickup_point_id, p.name, st.at
         FROM run_stops st JOIN runs r ON r.id = st.run_id
         JOIN pickup_points p ON p.id = st.pickup_point_id
         WHERE r.run_date = $1 ORDER BY st.run_id, st.stop_order",
    )
    .bind(date)
    .fetch_all(db)
    .await?;
    type SeatRow = (
        RunId,
        BookingId,
        String,
        PickupPointId,
        String,
        i64,
        bool,
        Option<Mark>,
        bool,
    );
    let seats: Vec<SeatRow> = sqlx::query_as(
        "SELECT rs.run_id, rs.booking_id,
                    coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name,
                    rs.pickup_point_id, rs.seat_kind, rs.seat_number, rs.locked, rs.boarding,
                    coalesce(rs.marked_by <> r.driver_id, FALSE)
             FROM run_seats rs JOIN runs r ON r.id = rs.run_id
             JOIN bookings b ON b.id = rs.booking_id JOIN people p ON p.id = b.participant_id
             WHERE r.run_date = $1 ORDER BY rs.run_id, rs.seat_kind DESC, rs.seat_number",
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
            at: at.into(),
        });
    }
    let mut seats_of: BTreeMap<RunId, Vec<BoardSeat>> = BTreeMap::new();
    for (run, booking, name, point, kind, number, locked, mark, corrected) in seats {
        seats_of.entry(run).or_default().push(BoardSeat {
            booking,
            name,
            point,
            wheelchair: kind == "wheelchair",
            number: number as u32,
            locked,
            mark,
            corrected,
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
                departs: row.departs_at.into(),
                arrives: row.arrives_at.into(),
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
    departs_at: Clock,
    arrives_at: Clock,
    driving_minutes: i64,
    published: bool,
}

/// Published runs whose seats or stop times differ from what the driver was given.
pub(super) async fn changed_runs(db: &Pool, date: NaiveDate) -> Result<Vec<RunId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT r.id FROM runs r WHERE r.run_date = $1 AND r.published_at IS NOT NULL AND (
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
async fn waiting(db: &Pool, date: NaiveDate) -> Result<Vec<Waiting>, AppError> {
    let rows: Vec<(BookingId, String, Direction, String, Option<String>)> = sqlx::query_as(
        "SELECT b.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name,
                d.direction, v.name, u.reason
         FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN venue_spaces vs ON vs.id = s.space_id JOIN venues v ON v.id = vs.venue_id
         JOIN people p ON p.id = b.participant_id
         CROSS JOIN (SELECT 'outbound' AS direction UNION ALL SELECT 'return') d
         LEFT JOIN transport_unplaced u ON u.booking_id = b.id AND u.direction = d.direction
         WHERE b.status = 'booked' AND b.needs_lift AND s.status = 'scheduled'
           AND s.starts_at >= $1 AND s.starts_at < $2
           AND NOT EXISTS (SELECT 1 FROM run_seats rs
                           WHERE rs.booking_id = b.id AND rs.direction = d.direction)
         ORDER BY d.direction, p.given_name, p.family_name",
    )
    .bind(date.and_time(NaiveTime::MIN))
    .bind(date.and_time(NaiveTime::MIN) + Duration::days(1))
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
    db: &Pool,
    date: NaiveDate,
) -> Result<Vec<(PersonId, String)>, AppError> {
    // Drivers with their dates in one query (no dates recorded: NULLs, refused below).
    type DriverRow = (PersonId, String, Option<NaiveDate>, Option<NaiveDate>);
    let rows: Vec<DriverRow> = sqlx::query_as(
        "SELECT p.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name,
                d.licence_expires_on, d.dbs_renews_on
         FROM person_roles r JOIN people p ON p.id = r.person_id
         LEFT JOIN driver_documents d ON d.person_id = p.id
         WHERE r.role = 'driver' AND p.is_active
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
pub async fn run_day(tx: &mut Conn, run: RunId) -> Result<(NaiveDate, Direction), AppError> {
    sqlx::query_as("SELECT run_date, direction FROM runs WHERE id = $1")
        .bind(run)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::NotFound("that run".into()))
}

/// The runs on `date`, in the order they were made.
pub async fn runs_on(db: &Pool, date: NaiveDate) -> Result<Vec<RunId>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM runs WHERE run_date = $1 ORDER BY id")
        .bind(date)
        .fetch_all(db)
        .await?)
}

/// The day a run is on.
pub async fn date_of(db: &Pool, run: RunId) -> Result<NaiveDate, AppError> {
    sqlx::query_scalar("SELECT run_date FROM runs WHERE id = $1")
        .bind(run)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| AppError::NotFound("that run".into()))
}

/// Another run `driver` drives that overlaps `run` in time: its venue's name, departure and
/// arrival.
pub async fn overlapping_run_of(
    tx: &mut Conn,
    run: RunId,
    driver: PersonId,
) -> Result<Option<(String, ClockTime, ClockTime)>, AppError> {
    let busy: Option<(String, Clock, Clock)> = sqlx::query_as(
        "SELECT v.name, o.departs_at, o.arrives_at FROM runs o
         JOIN runs r ON r.id = $1 JOIN venues v ON v.id = o.venue_id
         WHERE o.driver_id = $2 AND o.id <> r.id AND o.run_date = r.run_date
           AND o.departs_at < r.arrives_at AND r.departs_at < o.arrives_at
         ORDER BY o.departs_at LIMIT 1",
    )
    .bind(run)
    .bind(driver)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(busy.map(|(venue, from, to)| (venue, from.into(), to.into())))
}

/// Gives `run` to `driver`.
pub async fn set_driver(tx: &mut Conn, run: RunId, driver: PersonId) -> Result<(), AppError> {
    sqlx::query("UPDATE runs SET driver_id = $1 WHERE id = $2")
        .bind(driver)
        .bind(run)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The run's driver: `None` when there is no such run, `Some(None)` when it has no driver yet.
pub async fn driver_of(tx: &mut Conn, run: RunId) -> Result<Option<Option<PersonId>>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT driver_id FROM runs WHERE id = $1")
            .bind(run)
            .fetch_optional(&mut *tx)
            .await?,
    )
}

/// Keeps what the driver is given now (each rider's stop and time), so later changes can be
/// flagged on their list, and marks the run published at `at`.
pub async fn record_publication(tx: &mut Conn, run: RunId, at: Stamp) -> Result<(), AppError> {
    sqlx::query("DELETE FROM published_seats WHERE run_id = $1")
        .bind(run)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO published_seats (run_id, booking_id, pickup_point_id, at)
         SELECT rs.run_id, rs.booking_id, rs.pickup_point_id, st.at FROM run_seats rs
         JOIN run_stops st ON st.run_id = rs.run_id AND st.pickup_point_id = rs.pickup_point_id
         WHERE rs.run_id = $1",
    )
    .bind(run)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE runs SET published_at = $2 WHERE id = $1")
        .bind(run)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Locks (or unlocks) a rider's seat on `run`; false when they have no seat there.
pub async fn set_locked(
    tx: &mut Conn,
    run: RunId,
    booking: BookingId,
    locked: bool,
) -> Result<bool, AppError> {
    let changed =
        sqlx::query("UPDATE run_seats SET locked = $1 WHERE run_id = $2 AND booking_id = $3")
            .bind(locked)
            .bind(run)
            .bind(booking)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    Ok(changed > 0)
}

/// A run's vehicle and its room: passenger seats and wheelchair spaces.
pub async fn room_on(tx: &mut Conn, run: RunId) -> Result<(VehicleId, u32, u32), AppError> {
    let (vehicle, seats, wheelchair_spaces): (VehicleId, i64, i64) =
        sqlx::query_as("SELECT vehicle_id, seats, wheelchair_spaces FROM runs WHERE id = $1")
            .bind(run)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AppError::NotFound("that run".into()))?;
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok((vehicle, count(seats), count(wheelchair_spaces)))
}

/// Whether the rider of `booking` uses a wheelchair; `None` when there is no such booking.
pub async fn rides_in_wheelchair(
    tx: &mut Conn,
    booking: BookingId,
) -> Result<Option<bool>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT p.uses_wheelchair FROM bookings b JOIN participants p ON p.person_id = b.participant_id
         WHERE b.id = $1",
    )
    .bind(booking)
    .fetch_optional(&mut *tx)
    .await?)
}

/// The seat numbers of one kind taken on `run` (by anyone but `except`).
pub async fn seats_taken(
    tx: &mut Conn,
    run: RunId,
    wheelchair: bool,
    except: Option<BookingId>,
) -> Result<Vec<u32>, AppError> {
    let taken: Vec<i64> = sqlx::query_scalar(
        "SELECT seat_number FROM run_seats
         WHERE run_id = $1 AND seat_kind = $2 AND booking_id IS DISTINCT FROM $3
         ORDER BY seat_number",
    )
    .bind(run)
    .bind(if wheelchair { "wheelchair" } else { "seat" })
    .bind(except)
    .fetch_all(&mut *tx)
    .await?;
    Ok(taken.into_iter().filter_map(|n| u32::try_from(n).ok()).collect())
}

/// The runs on the day of `booking`'s session to its venue that call at the rider's pick-up
/// point and fit the session, outbound first: the runs a place booked after planning may take a
/// seat on. Nothing when the booking is not a booked place needing a lift on a scheduled session.
pub async fn runs_that_fit(tx: &mut Conn, booking: BookingId) -> Result<Vec<RunId>, AppError> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT r.id FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN venue_spaces vs ON vs.id = s.space_id
         JOIN participants p ON p.person_id = b.participant_id
         JOIN runs r ON r.run_date = {day} AND r.venue_id = vs.venue_id
         JOIN run_stops st ON st.run_id = r.id AND st.pickup_point_id = p.default_pickup_point_id
         WHERE b.id = $1 AND b.status = 'booked' AND b.needs_lift AND s.status = 'scheduled'
           -- Only a run that fits the session: there by its start and leaving after its end,
           -- with at most two hours' wait either way (a 16:00 session cannot use the run that
           -- arrives at 10:00; the coordinator can still seat someone by hand).
           AND CASE r.direction
                   WHEN 'outbound' THEN r.arrives_at BETWEEN {two_hours_before_start}
                                                         AND {start}
                   ELSE r.departs_at BETWEEN {end} AND {two_hours_after_end}
               END
         ORDER BY r.direction, r.id",
        day = super::dialect::day_of("s.starts_at"),
        two_hours_before_start = super::dialect::time_of("s.starts_at", -2),
        start = super::dialect::time_of("s.starts_at", 0),
        end = super::dialect::time_of("s.ends_at", 0),
        two_hours_after_end = super::dialect::time_of("s.ends_at", 2),
    ))
    .bind(booking)
    .fetch_all(&mut *tx)
    .await?)
}

/// The rider of `booking`: their pick-up point (if they have one) and whether they use a
/// wheelchair; `None` when there is no such booking.
pub async fn rider_of(
    tx: &mut Conn,
    booking: BookingId,
) -> Result<Option<(Option<PickupPointId>, bool)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT p.default_pickup_point_id, p.uses_wheelchair
         FROM bookings b JOIN participants p ON p.person_id = b.participant_id WHERE b.id = $1",
    )
    .bind(booking)
    .fetch_optional(&mut *tx)
    .await?)
}

/// Whether `run` stops at `point`.
pub async fn calls_at(tx: &mut Conn, run: RunId, point: PickupPointId) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM run_stops WHERE run_id = $1 AND pickup_point_id = $2)",
    )
    .bind(run)
    .bind(point)
    .fetch_one(&mut *tx)
    .await?)
}

/// Seats `booking` on `run`, seat (or wheelchair space) `number`, collected at `point`. The
/// schema refuses a seat already held, a second seat the same way, a seat beyond the vehicle's
/// and someone kept apart from a rider already on it: those come back as the database's refusal.
pub async fn insert_seat(
    tx: &mut Conn,
    run: RunId,
    booking: BookingId,
    direction: Direction,
    point: PickupPointId,
    wheelchair: bool,
    number: u32,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO run_seats (run_id, booking_id, direction, pickup_point_id, seat_kind, seat_number)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(run)
    .bind(booking)
    .bind(direction)
    .bind(point)
    .bind(if wheelchair { "wheelchair" } else { "seat" })
    .bind(i64::from(number))
    .execute(&mut *tx)
    .await?;
    Ok(())
}
