//! Vehicles and drivers' documents. Every write is one `BEGIN IMMEDIATE` transaction whose
//! checks explain, in words, what the schema would refuse anyway (unique names and number
//! plates, documents only for drivers).

use chrono::NaiveDate;

use super::people::conflict_as;
use super::words::name_is_free;
use super::Db;
use crate::error::AppError;
use crate::fleet::documents::{DriverDocuments, DriverSummary};
use crate::fleet::{Vehicle, VehicleDraft};
use crate::people::PersonId;
use crate::transport::VehicleId;

/// Every vehicle, by name.
pub async fn vehicles(db: &Db) -> Result<Vec<Vehicle>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, name, registration, seats_including_driver, wheelchair_spaces, available_days
         FROM vehicles ORDER BY name COLLATE NOCASE",
    )
    .fetch_all(db)
    .await?)
}

fn vehicle_exists_as(name: &str) -> String {
    format!("There is already a vehicle called {name}.")
}

/// Adds a vehicle, or saves an existing one when `id` is given.
pub async fn save_vehicle(
    db: &Db,
    id: Option<VehicleId>,
    draft: &VehicleDraft,
) -> Result<VehicleId, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
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
         WHERE replace(upper(registration), ' ', '') = replace(upper(?), ' ', '') AND id IS NOT ?",
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
        "UPDATE vehicles SET name = ?, registration = ?, seats_including_driver = ?,
                wheelchair_spaces = ?, available_days = ?
         WHERE id = ? RETURNING id"
    } else {
        "INSERT INTO vehicles (name, registration, seats_including_driver, wheelchair_spaces,
                               available_days, id)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id"
    };
    // A new vehicle binds a NULL id: SQLite then picks the next one.
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
    tx.commit().await?;
    Ok(saved)
}

#[derive(sqlx::FromRow)]
struct DriverRow {
    id: PersonId,
    name: String,
    licence_expires_on: Option<NaiveDate>,
    dbs_renews_on: Option<NaiveDate>,
}

/// Every active driver with their dates (if recorded), read as of `today`, by name.
pub async fn drivers(db: &Db, today: NaiveDate) -> Result<Vec<DriverSummary>, AppError> {
    let rows: Vec<DriverRow> = sqlx::query_as(
        "SELECT p.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS name,
                d.licence_expires_on, d.dbs_renews_on
         FROM people p
         JOIN person_roles r ON r.person_id = p.id AND r.role = 'driver'
         LEFT JOIN driver_documents d ON d.person_id = p.id
         WHERE p.is_active = 1
         ORDER BY name COLLATE NOCASE, p.id",
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
pub async fn documents_of(db: &Db, person: PersonId) -> Result<Option<DriverDocuments>, AppError> {
    let row: Option<(NaiveDate, NaiveDate)> = sqlx::query_as(
        "SELECT licence_expires_on, dbs_renews_on FROM driver_documents WHERE person_id = ?",
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
    db: &Db,
    person: PersonId,
    documents: &DriverDocuments,
) -> Result<(), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let is_driver: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM person_roles WHERE person_id = ? AND role = 'driver')",
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
         VALUES (?, ?, ?)
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
