//! Vehicles and drivers' documents. Every write is one `BEGIN IMMEDIATE` transaction whose
//! checks explain, in words, what the schema would refuse anyway (unique names and number
//! plates, documents only for drivers).

use chrono::{Datelike, NaiveDate};
use super::Conn;

use super::people::conflict_as;
use super::words::name_is_free;
use super::Pool;
use crate::error::AppError;
use crate::fleet::documents::{DriverDocuments, DriverSummary};
use crate::fleet::{Vehicle, VehicleDraft};
use crate::people::PersonId;
use crate::transport::{passenger_seats, VehicleId};

/// Every vehicle, by name.
pub async fn vehicles(db: &Pool) -> Result<Vec<Vehicle>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, name, registration, seats_including_driver, wheelchair_spaces, available_days
         FROM vehicles ORDER BY lower(name)",
    )
    .fetch_all(db)
    .await?)
}

fn vehicle_exists_as(name: &str) -> String {
    format!("There is already a vehicle called {name}.")
}

/// Adds a vehicle, or saves an existing one when `id` is given.
///
/// Runs keep the seats they were planned with, but the people on them must fit the vehicle as
/// it is. Saved with fewer seats or wheelchair spaces, a vehicle's runs from `today` on are
/// held to the new number: a day on which someone sits beyond it (or which is no longer one of
/// the vehicle's days) is planned again in the same transaction, whoever no longer fits waiting
/// on the board with the reason, and no later booking takes a seat the vehicle does not have.
pub async fn save_vehicle(
    db: &Pool,
    id: Option<VehicleId>,
    draft: &VehicleDraft,
    today: NaiveDate,
) -> Result<VehicleId, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let except = id.map(|id| id.0);
    name_is_free(
        &mut tx,
        "vehicles",
        None,
        &draft.name,
        except,
        vehicle_exists_as,
    )
    .await?;
    let plate_taken: Option<String> = sqlx::query_scalar(
        "SELECT name FROM vehicles
         WHERE replace(upper(registration), ' ', '') = replace(upper($1), ' ', '') AND id IS DISTINCT FROM $2",
    )
    .bind(&draft.registration)
    .bind(except)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(other) = plate_taken {
        return Err(AppError::Conflict(format!(
            "{other} already has the registration {}.",
            draft.registration
        )));
    }
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
    let saved: Option<VehicleId> = sqlx::query_scalar(sql)
        .bind(&draft.name)
        .bind(&draft.registration)
        .bind(draft.seats_including_driver)
        .bind(draft.wheelchair_spaces)
        .bind(draft.available_days)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| conflict_as(e, &vehicle_exists_as(&draft.name)))?;
    let saved = saved.ok_or_else(|| AppError::NotFound("that vehicle".into()))?;
    let (seats, wheelchair_spaces) = (
        i64::from(passenger_seats(
            u8::try_from(draft.seats_including_driver).unwrap_or(u8::MAX),
        )),
        draft.wheelchair_spaces,
    );
    for day in days_it_no_longer_fits(&mut tx, saved, draft, seats, today).await? {
        super::runs::plan_in(&mut tx, day).await?;
    }
    sqlx::query(
        "UPDATE runs SET seats = CASE WHEN seats < $1 THEN seats ELSE $1 END,
                wheelchair_spaces = CASE WHEN wheelchair_spaces < $2 THEN wheelchair_spaces ELSE $2 END
         WHERE vehicle_id = $3 AND run_date >= $4",
    )
    .bind(seats)
    .bind(wheelchair_spaces)
    .bind(saved)
    .bind(today)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// The days from `today` on with a run of `vehicle` that the vehicle, as `draft` now describes
/// it with `seats` passenger seats, cannot make: someone in a seat or wheelchair space beyond
/// its number, or a weekday it is no longer on the road.
async fn days_it_no_longer_fits(
    tx: &mut Conn,
    vehicle: VehicleId,
    draft: &VehicleDraft,
    seats: i64,
    today: NaiveDate,
) -> Result<Vec<NaiveDate>, AppError> {
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
    .bind(today)
    .fetch_all(&mut *tx)
    .await?;
    let mut days: Vec<NaiveDate> = runs
        .into_iter()
        .filter(|(date, last_seat, last_space)| {
            *last_seat > seats
                || *last_space > draft.wheelchair_spaces
                || !draft.available_days.contains(date.weekday())
        })
        .map(|(date, _, _)| date)
        .collect();
    days.dedup();
    Ok(days)
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

/// Records a driver's licence expiry and DBS renewal dates, replacing what was there.
pub async fn save_documents(
    db: &Pool,
    person: PersonId,
    documents: &DriverDocuments,
) -> Result<(), AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let is_driver: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM person_roles WHERE person_id = $1 AND role = 'driver')",
    )
    .bind(person)
    .fetch_one(&mut *tx)
    .await?;
    if !is_driver {
        return Err(AppError::Invalid(
            "Only a driver has licence and DBS dates here: give them the driver role first.".into(),
        ));
    }
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
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
