//! What the driver and the participants read from published runs, and the driver's writes:
//! a tick per passenger and the odometer readings. A driver reads and writes only runs that are
//! published and theirs; the queries say so in their WHERE clauses, not just the caller.

use crate::data::values::{Clock, StampMillis};
use std::collections::BTreeMap;

use chrono::{NaiveDate, DateTime, Utc};

use super::{Conn, Pool};
use crate::error::AppError;
use crate::people::PersonId;
use crate::transport::allocate::BookingId;
use crate::transport::board::seat_label;
use crate::transport::pickup_list::{DriverDay, DriverRun, DriverStop, Mark, Passenger, Ride};
use crate::transport::solver::Direction;
use crate::transport::{PickupPointId, RunId};

#[derive(sqlx::FromRow)]
struct RunRow {
    id: RunId,
    direction: Direction,
    venue: String,
    venue_address: String,
    venue_id: i64,
    vehicle: String,
    registration: String,
    departs_at: Clock,
    arrives_at: Clock,
    odometer_start: Option<i64>,
    odometer_end: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct StopRow {
    run_id: RunId,
    pickup_point_id: i64,
    name: String,
    landmark: String,
    at: Clock,
    latitude: f64,
    longitude: f64,
}

#[derive(sqlx::FromRow)]
struct PassengerRow {
    run_id: RunId,
    pickup_point_id: i64,
    booking_id: BookingId,
    given_name: String,
    family_name: String,
    phone: Option<String>,
    mobility_needs: Option<String>,
    seat_kind: String,
    seat_number: i64,
    boarding: Option<Mark>,
    corrected: bool,
    came_out: Option<Mark>,
}

/// "Daniel H.": the most of a name a driver needs.
fn first_name_and_initial(given: &str, family: &str) -> String {
    match family.chars().next() {
        Some(initial) => format!("{given} {initial}."),
        None => given.to_string(),
    }
}

/// The published runs `driver` drives on `date`, stops in order, passengers at each stop.
pub async fn driver_day(db: &Pool, driver: PersonId, date: NaiveDate) -> Result<DriverDay, AppError> {
    let runs: Vec<RunRow> = sqlx::query_as(
        "SELECT r.id, r.direction, v.name AS venue, v.address AS venue_address, v.id AS venue_id,
                ve.name AS vehicle, ve.registration, r.departs_at, r.arrives_at,
                r.odometer_start, r.odometer_end
         FROM runs r JOIN venues v ON v.id = r.venue_id JOIN vehicles ve ON ve.id = r.vehicle_id
         WHERE r.driver_id = $1 AND r.run_date = $2 AND r.published_at IS NOT NULL
         ORDER BY r.departs_at, r.id",
    )
    .bind(driver)
    .bind(date)
    .fetch_all(db)
    .await?;
    let stops: Vec<StopRow> = sqlx::query_as(
        "SELECT st.run_id, st.pickup_point_id, p.name, p.landmark, st.at, p.latitude, p.longitude
         FROM run_stops st JOIN runs r ON r.id = st.run_id
         JOIN pickup_points p ON p.id = st.pickup_point_id
         WHERE r.driver_id = $1 AND r.run_date = $2 AND r.published_at IS NOT NULL
         ORDER BY st.run_id, st.stop_order",
    )
    .bind(driver)
    .bind(date)
    .fetch_all(db)
    .await?;
    // On a return run, the passenger's tick on the way out (none if not ticked, or no seat out).
    let passengers: Vec<PassengerRow> = sqlx::query_as(
        "SELECT rs.run_id, rs.pickup_point_id, rs.booking_id, coalesce(p.preferred_name, p.given_name)
                AS given_name, p.family_name, p.phone, pa.mobility_needs, rs.seat_kind,
                rs.seat_number, rs.boarding,
                coalesce(rs.marked_by <> r.driver_id, FALSE) AS corrected,
                CASE rs.direction WHEN 'return' THEN
                    (SELECT o.boarding FROM run_seats o
                     WHERE o.booking_id = rs.booking_id AND o.direction = 'outbound')
                END AS came_out
         FROM run_seats rs JOIN runs r ON r.id = rs.run_id
         JOIN bookings b ON b.id = rs.booking_id
         JOIN people p ON p.id = b.participant_id
         JOIN participants pa ON pa.person_id = b.participant_id
         WHERE r.driver_id = $1 AND r.run_date = $2 AND r.published_at IS NOT NULL
         ORDER BY rs.run_id, p.given_name",
    )
    .bind(driver)
    .bind(date)
    .fetch_all(db)
    .await?;
    // Per venue, how many boarded on the way out, once anyone was ticked there.
    let boarded_out: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT r.venue_id, count(*) FILTER (WHERE rs.boarding = 'boarded')
         FROM run_seats rs JOIN runs r ON r.id = rs.run_id
         WHERE r.run_date = $1 AND r.direction = 'outbound' AND rs.boarding IS NOT NULL
         GROUP BY r.venue_id",
    )
    .bind(date)
    .fetch_all(db)
    .await?;
    let mut changes = changes(db, driver, date).await?;
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        let mut run_stops = Vec::new();
        for stop in stops.iter().filter(|s| s.run_id == run.id) {
            let here = passengers
                .iter()
                .filter(|p| p.run_id == run.id && p.pickup_point_id == stop.pickup_point_id)
                .map(|p| Passenger {
                    booking: p.booking_id,
                    name: first_name_and_initial(&p.given_name, &p.family_name),
                    phone: p.phone.clone(),
                    mobility_needs: p.mobility_needs.clone(),
                    wheelchair: p.seat_kind == "wheelchair",
                    seat: seat_label(p.seat_kind == "wheelchair", p.seat_number as u32),
                    mark: p.boarding,
                    corrected: p.corrected,
                    came_out: p.came_out.map(|m| m == Mark::Boarded),
                })
                .collect();
            run_stops.push(DriverStop {
                name: stop.name.clone(),
                landmark: stop.landmark.clone(),
                at: stop.at.into(),
                latitude: stop.latitude,
                longitude: stop.longitude,
                passengers: here,
            });
        }
        let boarded_out = match run.direction {
            Direction::Return => boarded_out
                .iter()
                .find(|(venue, _)| *venue == run.venue_id)
                .map(|(_, n)| *n as u32),
            Direction::Outbound => None,
        };
        out.push(DriverRun {
            id: run.id,
            direction: run.direction,
            venue: run.venue,
            venue_address: run.venue_address,
            vehicle: run.vehicle,
            registration: run.registration,
            departs: run.departs_at.into(),
            arrives: run.arrives_at.into(),
            stops: run_stops,
            changes: changes.remove(&run.id).unwrap_or_default(),
            odometer_start: run.odometer_start.map(|m| m as u32),
            odometer_end: run.odometer_end.map(|m| m as u32),
            boarded_out,
        });
    }
    Ok(DriverDay { date, runs: out })
}

/// What changed on each of the driver's runs since it was published, in words.
async fn changes(
    db: &Pool,
    driver: PersonId,
    date: NaiveDate,
) -> Result<BTreeMap<RunId, Vec<String>>, AppError> {
    // Now and then, per passenger: (run, given, family, stop now, time now, stop then, time then).
    type Row = (
        RunId,
        String,
        String,
        Option<String>,
        Option<Clock>,
        Option<String>,
        Option<Clock>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "WITH mine AS (SELECT id FROM runs WHERE driver_id = $1 AND run_date = $2
                                             AND published_at IS NOT NULL),
              now AS (SELECT rs.run_id, rs.booking_id, p.name AS stop, st.at
                      FROM run_seats rs
                      JOIN run_stops st ON st.run_id = rs.run_id
                                       AND st.pickup_point_id = rs.pickup_point_id
                      JOIN pickup_points p ON p.id = rs.pickup_point_id
                      WHERE rs.run_id IN (SELECT id FROM mine)),
              then_ AS (SELECT ps.run_id, ps.booking_id, p.name AS stop, ps.at
                        FROM published_seats ps JOIN pickup_points p ON p.id = ps.pickup_point_id
                        WHERE ps.run_id IN (SELECT id FROM mine)),
              both_ AS (SELECT run_id, booking_id FROM now UNION SELECT run_id, booking_id FROM then_)
         SELECT b.run_id, coalesce(pe.preferred_name, pe.given_name), pe.family_name,
                n.stop, n.at, t.stop, t.at
         FROM both_ b
         JOIN bookings bk ON bk.id = b.booking_id JOIN people pe ON pe.id = bk.participant_id
         LEFT JOIN now n ON n.run_id = b.run_id AND n.booking_id = b.booking_id
         LEFT JOIN then_ t ON t.run_id = b.run_id AND t.booking_id = b.booking_id
         WHERE n.stop IS DISTINCT FROM t.stop OR n.at IS DISTINCT FROM t.at
         ORDER BY b.run_id, pe.given_name",
    )
    .bind(driver)
    .bind(date)
    .fetch_all(db)
    .await?;
    let mut changes: BTreeMap<RunId, Vec<String>> = BTreeMap::new();
    for (run, given, family, stop_now, at_now, stop_then, at_then) in rows {
        let who = first_name_and_initial(&given, &family);
        let line = match (stop_now.zip(at_now), stop_then.zip(at_then)) {
            (Some((stop, at)), None) => format!("Added: {who} at {stop}, {at}."),
            (None, Some((stop, _))) => format!("No longer riding: {who} (was at {stop})."),
            (Some((stop, at)), Some((old_stop, old_at))) if stop == old_stop => {
                format!("New time: {who} at {stop}, now {at} (was {old_at}).")
            }
            (Some((stop, at)), Some((old_stop, _))) => {
                format!("New stop: {who} now at {stop}, {at} (was {old_stop}).")
            }
            (None, None) => continue,
        };
        changes.entry(run).or_default().push(line);
    }
    Ok(changes)
}

/// Records the driver's tick for one passenger on one of their published runs, unless a newer
/// tick already stands (`marked_at` is when they tapped). False when nothing changed.
pub async fn set_mark(
    conn: &mut Conn,
    driver: PersonId,
    run: RunId,
    booking: BookingId,
    mark: Mark,
    marked_at: DateTime<Utc>,
) -> Result<bool, AppError> {
    let found: Option<bool> = sqlx::query_scalar(
        "UPDATE run_seats SET boarding = $1, marked_at = $2, marked_by = $5
         WHERE run_id = $3 AND booking_id = $4
           AND run_id IN (SELECT id FROM runs WHERE driver_id = $5 AND published_at IS NOT NULL)
           AND (marked_at IS NULL OR marked_at <= $2)
         RETURNING TRUE",
    )
    .bind(mark)
    .bind(StampMillis(marked_at))
    .bind(run)
    .bind(booking)
    .bind(driver)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}

/// Whether `booking` rides `run`, a published run `driver` drives.
pub async fn is_passenger_of(
    conn: &mut Conn,
    driver: PersonId,
    run: RunId,
    booking: BookingId,
) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM run_seats rs JOIN runs r ON r.id = rs.run_id
                        WHERE rs.run_id = $1 AND rs.booking_id = $2 AND r.driver_id = $3
                          AND r.published_at IS NOT NULL)",
    )
    .bind(run)
    .bind(booking)
    .bind(driver)
    .fetch_one(&mut *conn)
    .await?)
}

/// Sets (or clears) a passenger's mark on a published run, by `by` at `marked_at`, whatever
/// stood before. False when there is no such passenger on a published run.
pub async fn overwrite_mark(
    conn: &mut Conn,
    by: PersonId,
    run: RunId,
    booking: BookingId,
    mark: Option<Mark>,
    marked_at: DateTime<Utc>,
) -> Result<bool, AppError> {
    let changed: Option<bool> = sqlx::query_scalar(
        "UPDATE run_seats SET boarding = $1, marked_at = $2, marked_by = $3
         WHERE run_id = $4 AND booking_id = $5
           AND run_id IN (SELECT id FROM runs WHERE published_at IS NOT NULL)
         RETURNING TRUE",
    )
    .bind(mark)
    .bind(StampMillis(marked_at))
    .bind(by)
    .bind(run)
    .bind(booking)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(changed.is_some())
}

/// Whether `booking` has a seat on `run`, published or not.
pub async fn has_seat(conn: &mut Conn, run: RunId, booking: BookingId) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM run_seats WHERE run_id = $1 AND booking_id = $2)",
    )
    .bind(run)
    .bind(booking)
    .fetch_one(&mut *conn)
    .await?)
}

/// Records the odometer at the start and/or end of `driver`'s published run; false when it is
/// not theirs. The schema refuses an end below the start (a refused value: `Invalid`).
pub async fn set_odometer(
    conn: &mut Conn,
    driver: PersonId,
    run: RunId,
    start: Option<u32>,
    end: Option<u32>,
) -> Result<bool, AppError> {
    let changed = sqlx::query(
        "UPDATE runs SET odometer_start = coalesce($1, odometer_start),
                         odometer_end = coalesce($2, odometer_end)
         WHERE id = $3 AND driver_id = $4 AND published_at IS NOT NULL",
    )
    .bind(start.map(i64::from))
    .bind(end.map(i64::from))
    .bind(run)
    .bind(driver)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// `participant`'s published rides, by session id.
pub async fn rides_of(db: &Pool, participant: PersonId) -> Result<BTreeMap<i64, Ride>, AppError> {
    let rows: Vec<(i64, PickupPointId, String, String, Clock, Option<Clock>)> =
        sqlx::query_as(
        "SELECT b.session_id, p.id, p.name, p.landmark, st.at,
                (SELECT rst.at FROM run_seats rr
                 JOIN runs rt ON rt.id = rr.run_id AND rt.published_at IS NOT NULL
                 JOIN run_stops rst ON rst.run_id = rr.run_id AND rst.pickup_point_id = rr.pickup_point_id
                 WHERE rr.booking_id = b.id AND rr.direction = 'return')
         FROM bookings b
         JOIN run_seats rs ON rs.booking_id = b.id AND rs.direction = 'outbound'
         JOIN runs r ON r.id = rs.run_id AND r.published_at IS NOT NULL
         JOIN run_stops st ON st.run_id = rs.run_id AND st.pickup_point_id = rs.pickup_point_id
         JOIN pickup_points p ON p.id = rs.pickup_point_id
         WHERE b.participant_id = $1 AND b.status = 'booked'",
    )
    .bind(participant)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(session, point_id, point, landmark, at, back)| {
            (
                session,
                Ride {
                    pickup_point_id: point_id,
                    pickup_point: point,
                    landmark,
                    pickup_at: at.to_string(),
                    dropoff_at: back.map(|back| back.to_string()),
                },
            )
        })
        .collect())
}
