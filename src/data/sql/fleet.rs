//! Vehicles and drivers' documents in the database. Saving a vehicle is written once in
//! `fleet::use_cases`, on the functions here; the documents' writes explain, in words, what the
//! schema would refuse anyway (documents only for drivers).

use chrono::NaiveDate;
use super::Conn;

use super::Pool;
use crate::error::AppError;
use crate::fleet::documents::{DriverDocuments, DriverSummary};
use crate::fleet::{Vehicle, VehicleDraft};
use crate::people::PersonId;
use crate::transport::VehicleId;

/// Every vehicle, by name.
pub async fn vehicles(db: &Pool) -> Result<Vec<Vehicle>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, name, registration, seats_including_driver, wheelchair_spaces, available_days
         FROM vehicles ORDER BY lower(name)",
    )
    .fetch_all(db)
    .await?)
}

/// The name of another vehicle (not `except`) with the number plate `registration`, compared
/// without spaces or regard to capitals.
pub async fn plate_taken_by(
    tx: &mut Conn,
    registration: &str,
    except: Option<VehicleId>,
) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM vehicles
         WHERE replace(upper(registration), ' ', '') = replace(upper($1), ' ', '') AND id IS DISTINCT FROM $2
         LIMIT 1",
    )
    .bind(registration)
    .bind(except)
    .fetch_optional(&mut *tx)
    .await?)
}

/// Adds a vehicle, or saves an existing one when `id` is given; `None` when there is no such
/// vehicle. A name or number plate taken meanwhile is refused by the schema (a conflict).
pub async fn write_vehicle(
    tx: &mut Conn,
    id: Option<VehicleId>,
    draft: &VehicleDraft,
) -> Result<Option<VehicleId>, AppError> {
    let sql = if id.is_some() {
        "UPDATE vehicles SET name = $1, registration = $2, seats_including_driver = $3,
                wheelchair_spaces = $4, available_days = $5
         WHERE id = $6 RETURNING id"
    } else {
        "INSERT INTO vehicles (name, registration, seats_including_driver, wheelchair_spaces,
                               available_days)
         SELECT $1, $2, $3, $4, $5 WHERE $6 IS NULL RETURNING id"
    };
    // A new vehicle binds a NULL id, and the database numbers it.
    Ok(sqlx::query_scalar(sql)
        .bind(&draft.name)
        .bind(&draft.registration)
        .bind(draft.seats_including_driver)
        .bind(draft.wheelchair_spaces)
        .bind(draft.available_days)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?)
}

/// Each run of `vehicle` from `from` on: its date and the highest seat number and wheelchair
/// space anyone holds on it (0 for none).
pub async fn runs_of(
    tx: &mut Conn,
    vehicle: VehicleId,
    from: NaiveDate,
) -> Result<Vec<(NaiveDate, u32, u32)>, AppError> {
    let runs: Vec<(NaiveDate, i64, i64)> = sqlx::query_as(
        "SELECT r.run_date,
                coalesce((SELECT max(seat_number) FROM run_seats s
                          WHERE s.run_id = r.id AND s.seat_kind = 'seat'), 0),
                coalesce((SELECT max(seat_number) FROM run_seats s
                          WHERE s.run_id = r.id AND s.seat_kind = 'wheelchair'), 0)
         FROM runs r WHERE r.vehicle_id = $1 AND r.run_date >= $2
         ORDER BY r.run_date",
    )
    .bind(vehicle)
    .bind(from)
    .fetch_all(&mut *tx)
    .await?;
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok(runs
        .into_iter()
        .map(|(date, seat, space)| (date, count(seat), count(space)))
        .collect())
}

/// Holds `vehicle`'s runs from `from` on to at most `seats` passenger seats and
/// `wheelchair_spaces` spaces, so no later booking takes a seat the vehicle does not have.
pub async fn limit_runs_room(
    tx: &mut Conn,
    vehicle: VehicleId,
    seats: u32,
    wheelchair_spaces: u32,
    from: NaiveDate,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE runs SET seats = CASE WHEN seats < $1 THEN seats ELSE $1 END,
                wheelchair_spaces = CASE WHEN wheelchair_spaces < $2 THEN wheelchair_spaces ELSE $2 END
         WHERE vehicle_id = $3 AND run_date >= $4",
    )
    .bind(i64::from(seats))
    .bind(i64::from(wheelchair_spaces))
    .bind(vehicle)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct DriverRow {
    id: PersonId,
    name: String,
    licence_expires_on: Option<NaiveDate>,
    dbs_renews_on: Option<NaiveDate>,
}

/// Every active driver with their dates (if recorded), read as of `today`, by name.
pub async fn drivers(db: &Pool, today: NaiveDate) -> Result<Vec<DriverSummary>, AppError> {
    let rows: Vec<DriverRow> = sqlx::query_as(
        "SELECT p.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS name,
                d.licence_expires_on, d.dbs_renews_on
         FROM people p
         JOIN person_roles r ON r.person_id = p.id AND r.role = 'driver'
         LEFT JOIN driver_documents d ON d.person_id = p.id
         WHERE p.is_active
         ORDER BY lower(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name), p.id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let documents = row.licence_expires_on.zip(row.dbs_renews_on).map(
                |(licence_expires_on, dbs_renews_on)| DriverDocuments {
                    licence_expires_on,
                    dbs_renews_on,
                },
            );
            DriverSummary::new(row.id, row.name, documents, today)
        })
        .collect())
}

/// One driver's documents (`None` when none are recorded, or they are not a driver).
pub async fn documents_of(db: &Pool, person: PersonId) -> Result<Option<DriverDocuments>, AppError> {
    let row: Option<(NaiveDate, NaiveDate)> = sqlx::query_as(
        "SELECT licence_expires_on, dbs_renews_on FROM driver_documents WHERE person_id = $1",
    )
    .bind(person)
    .fetch_optional(db)
    .await?;
    Ok(
        row.map(|(licence_expires_on, dbs_renews_on)| DriverDocuments {
            licence_expires_on,
            dbs_renews_on,
        }),
    )
}

/// Whether the person holds the driver role.
pub async fn is_driver(conn: &mut Conn, person: PersonId) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM person_roles WHERE person_id = $1 AND role = 'driver')",
    )
    .bind(person)
    .fetch_one(&mut *conn)
    .await?)
}

/// Records (or replaces) a driver's licence and DBS dates.
pub async fn write_documents(
    conn: &mut Conn,
    person: PersonId,
    documents: &DriverDocuments,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO driver_documents (person_id, licence_expires_on, dbs_renews_on)
         VALUES ($1, $2, $3)
         ON CONFLICT (person_id) DO UPDATE SET
             licence_expires_on = excluded.licence_expires_on,
             dbs_renews_on = excluded.dbs_renews_on",
    )
    .bind(person)
    .bind(documents.licence_expires_on)
    .bind(documents.dbs_renews_on)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
