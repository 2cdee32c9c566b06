//! The odometer readings of the runs, as the mileage log reads them, and the coordinator's
//! notes and corrections. The use cases (`mileage::use_cases`) decide; this reads and writes.

use chrono::NaiveDate;

use super::Conn;
use super::Pool;
use crate::error::AppError;
use crate::mileage::RunReadings;
use crate::people::PersonId;
use crate::transport::{RunId, VehicleId};

/// Each vehicle that made a published run from `from` to `to`, by name.
pub async fn vehicles_driven(
    db: &Pool,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(VehicleId, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT v.id, v.name FROM vehicles v
         WHERE EXISTS (SELECT 1 FROM runs r WHERE r.vehicle_id = v.id AND r.published_at IS NOT NULL
                         AND r.run_date BETWEEN $1 AND $2)
         ORDER BY lower(v.name)",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

const READINGS: &str = "SELECT r.id AS run, r.run_date AS date, r.direction,
            r.odometer_start AS start, r.odometer_end AS \"end\",
            (SELECT count(*) FROM run_seats s
             WHERE s.run_id = r.id AND s.boarding IS DISTINCT FROM 'not_here') AS passengers
     FROM runs r";

/// A vehicle's published runs from `from` to `to`, in the order driven.
pub async fn readings(
    db: &Pool,
    vehicle: VehicleId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RunReadings>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{READINGS} WHERE r.vehicle_id = $1 AND r.published_at IS NOT NULL
           AND r.run_date BETWEEN $2 AND $3
         ORDER BY r.run_date, r.direction"
    ))
    .bind(vehicle)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

/// The published runs from `from` to before `before` with a reading missing, driven by
/// `driver` (or by anyone), in the order driven.
pub async fn missing_readings(
    db: &Pool,
    driver: Option<PersonId>,
    from: NaiveDate,
    before: NaiveDate,
) -> Result<Vec<RunReadings>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{READINGS} WHERE r.published_at IS NOT NULL AND r.run_date >= $1 AND r.run_date < $2
           AND (r.odometer_start IS NULL OR r.odometer_end IS NULL)
           AND ($3 IS NULL OR r.driver_id = $3)
           AND NOT EXISTS (SELECT 1 FROM odometer_checks c WHERE c.run_id = r.id)
         ORDER BY r.run_date, r.direction"
    ))
    .bind(from)
    .bind(before)
    .bind(driver)
    .fetch_all(db)
    .await?)
}

/// The coordinator's notes on runs from `from` to `to`: (run, note).
pub async fn notes(db: &Pool, from: NaiveDate, to: NaiveDate) -> Result<Vec<(RunId, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT c.run_id, c.note FROM odometer_checks c JOIN runs r ON r.id = c.run_id
         WHERE r.run_date BETWEEN $1 AND $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

/// A run's readings now; `None` when there is no such published run.
pub async fn run_readings(conn: &mut Conn, run: RunId) -> Result<Option<RunReadings>, AppError> {
    Ok(sqlx::query_as(&format!("{READINGS} WHERE r.id = $1 AND r.published_at IS NOT NULL"))
        .bind(run)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Replaces both readings of a run (the coordinator's correction).
pub async fn write_readings(
    conn: &mut Conn,
    run: RunId,
    start: Option<i64>,
    end: Option<i64>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE runs SET odometer_start = $1, odometer_end = $2 WHERE id = $3")
        .bind(start)
        .bind(end)
        .bind(run)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records (or replaces) the coordinator's note on a run's readings.
pub async fn write_note(conn: &mut Conn, run: RunId, note: &str, by: PersonId) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO odometer_checks (run_id, note, checked_by) VALUES ($1, $2, $3)
         ON CONFLICT (run_id) DO UPDATE SET note = excluded.note, checked_by = excluded.checked_by",
    )
    .bind(run)
    .bind(note)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
