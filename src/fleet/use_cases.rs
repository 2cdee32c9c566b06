//! Vehicles, pick-up points and travel times, written once for both databases: the checks that
//! explain in words what the schema would refuse anyway (unique names and number plates, one
//! travel time per ordered pair, places that exist), and the transport that must follow a
//! vehicle with fewer seats, each change in one write transaction (`data::fleet` and
//! `data::places` hold the SQL).

use chrono::{Datelike, NaiveDate};

use super::documents::DriverDocuments;
use super::places::{OverrideDraft, PickupPointDraft, Place, TravelOverrideId};
use super::VehicleDraft;
use crate::data::words::NameScope::{PickupPoints, Vehicles};
use crate::data::Tx;
use crate::data::{self, Db};
use crate::error::AppError;
use crate::people::PersonId;
use crate::transport::use_cases::plan_in;
use crate::transport::{passenger_seats, PickupPointId, VehicleId};

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
    db: &Db,
    id: Option<VehicleId>,
    draft: &VehicleDraft,
    today: NaiveDate,
) -> Result<VehicleId, AppError> {
    let mut tx = db.write().await?;
    let except = id.map(|id| id.0);
    if let Some(taken) = data::words::name_taken(&mut tx, Vehicles, &draft.name, except).await? {
        return Err(AppError::Conflict(vehicle_exists_as(&taken)));
    }
    if let Some(other) = data::fleet::plate_taken_by(&mut tx, &draft.registration, id).await? {
        return Err(AppError::Conflict(format!(
            "{other} already has the registration {}.",
            draft.registration
        )));
    }
    let saved = data::fleet::write_vehicle(&mut tx, id, draft)
        .await
        // Taken by someone else between the check and the write: the schema's unique index.
        .map_err(|e| e.conflict_in_words(|| vehicle_exists_as(&draft.name)))?
        .ok_or_else(|| AppError::NotFound("that vehicle".into()))?;
    let seats = u32::from(passenger_seats(
        u8::try_from(draft.seats_including_driver).unwrap_or(u8::MAX),
    ));
    let wheelchair_spaces = u32::try_from(draft.wheelchair_spaces).unwrap_or(0);
    let runs = data::fleet::runs_of(&mut tx, saved, today).await?;
    for day in days_it_no_longer_fits(&runs, draft, seats, wheelchair_spaces) {
        plan_in(&mut tx, day).await?;
    }
    data::fleet::limit_runs_room(&mut tx, saved, seats, wheelchair_spaces, today).await?;
    tx.commit().await?;
    Ok(saved)
}

/// The days of `runs` (date, highest seat and wheelchair space held) that the vehicle, as
/// `draft` now describes it, cannot make: someone in a seat or space beyond its number, or a
/// weekday it is no longer on the road.
fn days_it_no_longer_fits(
    runs: &[(NaiveDate, u32, u32)],
    draft: &VehicleDraft,
    seats: u32,
    wheelchair_spaces: u32,
) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = runs
        .iter()
        .filter(|(date, last_seat, last_space)| {
            *last_seat > seats
                || *last_space > wheelchair_spaces
                || !draft.available_days.contains(date.weekday())
        })
        .map(|(date, _, _)| *date)
        .collect();
    days.dedup();
    days
}

fn point_exists_as(name: &str) -> String {
    format!("There is already a pick-up point called {name}.")
}

/// Adds a pick-up point, or saves an existing one when `id` is given.
pub async fn save_pickup_point(
    db: &Db,
    id: Option<PickupPointId>,
    draft: &PickupPointDraft,
) -> Result<PickupPointId, AppError> {
    let mut tx = db.write().await?;
    let except = id.map(|id| id.0);
    if let Some(taken) = data::words::name_taken(&mut tx, PickupPoints, &draft.name, except).await?
    {
        return Err(AppError::Conflict(point_exists_as(&taken)));
    }
    let saved = data::places::write_pickup_point(&mut tx, id, draft)
        .await
        .map_err(|e| e.conflict_in_words(|| point_exists_as(&draft.name)))?
        .ok_or_else(|| AppError::NotFound("that pick-up point".into()))?;
    tx.commit().await?;
    Ok(saved)
}

/// Records a travel time from one place to another. One per ordered pair: a second for the
/// same pair is refused, naming the one already there.
pub async fn add_travel_override(
    db: &Db,
    draft: &OverrideDraft,
) -> Result<TravelOverrideId, AppError> {
    let mut tx = db.write().await?;
    let from_name = name_of(&mut tx, draft.from).await?;
    let to_name = name_of(&mut tx, draft.to).await?;
    let taken = |minutes: i64| {
        format!("{from_name} → {to_name} already takes {minutes} min: remove that one first.")
    };
    if let Some(minutes) = data::places::travel_minutes(&mut tx, draft.from, draft.to).await? {
        return Err(AppError::Conflict(taken(minutes)));
    }
    let id = data::places::insert_travel_override(&mut tx, draft)
        .await
        .map_err(|e| e.conflict_in_words(|| taken(draft.minutes)))?;
    tx.commit().await?;
    Ok(id)
}

async fn name_of(tx: &mut Tx, place: Place) -> Result<String, AppError> {
    data::places::place_name(tx, place)
        .await?
        .ok_or_else(|| AppError::NotFound("that place".into()))
}

/// Records a driver's licence and DBS dates. Only a driver has them here.
pub async fn save_documents(
    db: &Db,
    person: PersonId,
    documents: &DriverDocuments,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    if !data::fleet::is_driver(&mut tx, person).await? {
        return Err(AppError::Invalid(
            "Only a driver has licence and DBS dates here: give them the driver role first.".into(),
        ));
    }
    data::fleet::write_documents(&mut tx, person, documents).await?;
    tx.commit().await
}
