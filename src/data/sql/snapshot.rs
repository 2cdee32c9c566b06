//! The database as the invariant checks read it: every row they look at, read inside the one
//! read transaction [`super::check`] opens, so a server writing at the same moment cannot make a
//! change half-seen look like a broken promise. Plain rows only; the rules are in the sibling
//! modules.


use chrono::{NaiveDate, NaiveDateTime};
use super::Conn;

use crate::data::values::Clock;
use crate::error::AppError;
use crate::fleet::documents::DriverDocuments;
use crate::people::PersonId;
use crate::transport::solver::Direction;
use crate::transport::{passenger_seats, RunId};
use crate::venues::VenueId;

use crate::data::invariants::snapshot::{Booking, Driver, Run, Session, Snapshot};

#[derive(Debug, sqlx::FromRow)]
struct RunRow {
    id: RunId,
    run_date: NaiveDate,
    direction: Direction,
    venue_id: VenueId,
    vehicle: String,
    seats: i64,
    wheelchair_spaces: i64,
    seats_including_driver: i64,
    vehicle_wheelchair_spaces: i64,
    departs_at: Clock,
    arrives_at: Clock,
    driver_id: Option<PersonId>,
}

impl RunRow {
    fn into_run(self) -> Result<Run, AppError> {
        Ok(Run {
            departs: self.departs_at.0,
            arrives: self.arrives_at.0,
            id: self.id,
            date: self.run_date,
            direction: self.direction,
            venue: self.venue_id,
            vehicle: self.vehicle,
            seats: self.seats,
            wheelchair_spaces: self.wheelchair_spaces,
            vehicle_seats: i64::from(passenger_seats(
                u8::try_from(self.seats_including_driver).unwrap_or(u8::MAX),
            )),
            vehicle_wheelchair_spaces: self.vehicle_wheelchair_spaces,
            driver: self.driver_id,
        })
    }
}

/// Reads every row the checks need through `conn` (inside the caller's transaction).
pub async fn read(conn: &mut Conn) -> Result<Snapshot, AppError> {
    let sessions: Vec<Session> = sqlx::query_as(
        "SELECT s.id, a.name AS activity, sp.venue_id AS venue, s.starts_at, s.ends_at,
                s.capacity, s.status
         FROM sessions s JOIN activities a ON a.id = s.activity_id
         JOIN venue_spaces sp ON sp.id = s.space_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let bookings: Vec<Booking> = sqlx::query_as(
        "SELECT id, session_id AS session, participant_id AS participant, status, needs_lift,
                created_at
         FROM bookings",
    )
    .fetch_all(&mut *conn)
    .await?;
    let events =
        sqlx::query_as("SELECT booking_id AS booking, event FROM booking_events ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
    let runs: Vec<RunRow> = sqlx::query_as(
        "SELECT r.id, r.run_date, r.direction, r.venue_id, v.name AS vehicle, r.seats,
                r.wheelchair_spaces, v.seats_including_driver,
                v.wheelchair_spaces AS vehicle_wheelchair_spaces, r.departs_at, r.arrives_at,
                r.driver_id
         FROM runs r JOIN vehicles v ON v.id = r.vehicle_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let seats = sqlx::query_as(
        "SELECT run_id AS run, booking_id AS booking, direction, seat_kind AS kind,
                seat_number AS number
         FROM run_seats ORDER BY run_id, seat_kind, seat_number",
    )
    .fetch_all(&mut *conn)
    .await?;
    let wheelchair_users =
        sqlx::query_scalar("SELECT person_id FROM participants WHERE uses_wheelchair")
            .fetch_all(&mut *conn)
            .await?;
    let kept_apart = sqlx::query_as("SELECT person_a, person_b FROM keep_apart")
        .fetch_all(&mut *conn)
        .await?;
    type DriverRow = (PersonId, bool, Option<NaiveDate>, Option<NaiveDate>);
    let drivers: Vec<DriverRow> = sqlx::query_as(
        "SELECT r.driver_id,
                EXISTS (SELECT 1 FROM person_roles pr
                        WHERE pr.person_id = r.driver_id AND pr.role = 'driver'),
                d.licence_expires_on, d.dbs_renews_on
         FROM (SELECT DISTINCT driver_id FROM runs WHERE driver_id IS NOT NULL) r
         LEFT JOIN driver_documents d ON d.person_id = r.driver_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Snapshot {
        sessions: sessions.into_iter().map(|s| (s.id, s)).collect(),
        bookings: bookings.into_iter().map(|b| (b.id, b)).collect(),
        events,
        runs: runs
            .into_iter()
            .map(|row| Ok((row.id, row.into_run()?)))
            .collect::<Result<_, AppError>>()?,
        seats,
        wheelchair_users,
        kept_apart,
        drivers: drivers
            .into_iter()
            .map(|(id, is_driver, licence, dbs)| {
                let documents =
                    licence
                        .zip(dbs)
                        .map(|(licence_expires_on, dbs_renews_on)| DriverDocuments {
                            licence_expires_on,
                            dbs_renews_on,
                        });
                (
                    id,
                    Driver {
                        is_driver,
                        documents,
                    },
                )
            })
            .collect(),
    })
}

/// Every row the checks read and the planner's calendar from `now` to `until`, in one read
/// transaction: one consistent snapshot that never writes, so it takes no write lock and cannot
/// meet the "locked" refusal a write transaction waits out.
pub async fn read_world(
    db: &super::Pool,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<(Snapshot, crate::scheduling::clash::Calendar), AppError> {
    let mut tx = super::dialect::begin_read(db).await?;
    let world = read(&mut tx).await?;
    let calendar = super::planning::calendar(&mut tx, now, until).await?;
    tx.rollback().await?;
    Ok((world, calendar))
}
