//! Server functions for the fleet and places: coordinators and team leaders only
//! (`Permission::ManageFleet`). Each reads its form with a pure parse that names every problem,
//! then makes one `data::` call; a plain form (no JavaScript) is sent back to its page.

use leptos::prelude::*;

use super::documents::DriverList;
use super::places::{Places, TravelOverrideId};
use super::Fleet;
use crate::error::AppError;
use crate::people::PersonId;
use crate::transport::{PickupPointId, VehicleId};

/// Every vehicle.
#[server(prefix = "/api", endpoint = "fleet")]
pub async fn load_fleet() -> Result<Fleet, AppError> {
    crate::error::respond(server::fleet().await)
}

/// Adds a vehicle. `days` are the ticked weekdays ("mon" … "sun").
#[server(prefix = "/api", endpoint = "add_vehicle")]
pub async fn add_vehicle(
    #[server(default)] name: String,
    #[server(default)] registration: String,
    #[server(default)] seats: String,
    #[server(default)] wheelchair_spaces: String,
    #[server(default)] days: Vec<String>,
) -> Result<VehicleId, AppError> {
    crate::error::respond(
        server::save_vehicle(
            None,
            [&name, &registration, &seats, &wheelchair_spaces],
            &days,
        )
        .await,
    )
}

/// Saves a vehicle's name, registration, seats, wheelchair spaces and available days.
#[server(prefix = "/api", endpoint = "update_vehicle")]
pub async fn update_vehicle(
    id: VehicleId,
    #[server(default)] name: String,
    #[server(default)] registration: String,
    #[server(default)] seats: String,
    #[server(default)] wheelchair_spaces: String,
    #[server(default)] days: Vec<String>,
) -> Result<VehicleId, AppError> {
    crate::error::respond(
        server::save_vehicle(
            Some(id),
            [&name, &registration, &seats, &wheelchair_spaces],
            &days,
        )
        .await,
    )
}

/// Every driver with their licence and DBS dates and what those mean today.
#[server(prefix = "/api", endpoint = "drivers")]
pub async fn load_drivers() -> Result<DriverList, AppError> {
    crate::error::respond(server::drivers().await)
}

/// Records a driver's licence expiry and DBS renewal dates ("2027-03-31").
#[server(prefix = "/api", endpoint = "save_driver_documents")]
pub async fn save_driver_documents(
    person: PersonId,
    #[server(default)] licence_expires_on: String,
    #[server(default)] dbs_renews_on: String,
) -> Result<(), AppError> {
    crate::error::respond(server::save_documents(person, &licence_expires_on, &dbs_renews_on).await)
}

/// The pick-up points, the coordinator's travel times, and the venues to pick them from.
#[server(prefix = "/api", endpoint = "places")]
pub async fn load_places() -> Result<Places, AppError> {
    crate::error::respond(server::places().await)
}

/// Adds a pick-up point.
#[server(prefix = "/api", endpoint = "add_pickup_point")]
pub async fn add_pickup_point(
    #[server(default)] name: String,
    #[server(default)] landmark: String,
    #[server(default)] latitude: String,
    #[server(default)] longitude: String,
) -> Result<PickupPointId, AppError> {
    crate::error::respond(server::save_point(None, [&name, &landmark, &latitude, &longitude]).await)
}

/// Saves a pick-up point's name, landmark and position.
#[server(prefix = "/api", endpoint = "update_pickup_point")]
pub async fn update_pickup_point(
    id: PickupPointId,
    #[server(default)] name: String,
    #[server(default)] landmark: String,
    #[server(default)] latitude: String,
    #[server(default)] longitude: String,
) -> Result<PickupPointId, AppError> {
    crate::error::respond(
        server::save_point(Some(id), [&name, &landmark, &latitude, &longitude]).await,
    )
}

/// Records the travel time from one place to another (`from`, `to`: "pickup-3", "venue-2").
#[server(prefix = "/api", endpoint = "add_travel_time")]
pub async fn add_travel_time(
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] minutes: String,
) -> Result<TravelOverrideId, AppError> {
    crate::error::respond(server::add_override(&from, &to, &minutes).await)
}

/// Removes one of the coordinator's travel times.
#[server(prefix = "/api", endpoint = "remove_travel_time")]
pub async fn remove_travel_time(id: TravelOverrideId) -> Result<(), AppError> {
    crate::error::respond(server::remove_override(id).await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::data::{fleet, places};
    use crate::error::AppError;
    use crate::fleet::documents::{DriverDocuments, DriverList};
    use crate::fleet::places::{OverrideDraft, PickupPointDraft, Places, TravelOverrideId};
    use crate::fleet::{Fleet, VehicleDraft, VehicleForm};
    use crate::people::PersonId;
    use crate::server::auth::{self, Caller};
    use crate::server::{clock, redirect_plain_form};
    use crate::transport::{PickupPointId, VehicleId};

    fn invalid(problems: Vec<String>) -> AppError {
        AppError::Invalid(problems.join(" "))
    }

    /// After a change: a line in the log, and a plain form goes back to `page`.
    fn done(caller: &Caller, what: &str, id: i64, page: &str) {
        tracing::info!(id, by = %caller.user.person_id, what, "fleet changed");
        redirect_plain_form(page);
    }

    pub async fn fleet() -> Result<Fleet, AppError> {
        let caller = auth::require(Permission::ManageFleet).await?;
        Ok(Fleet {
            vehicles: fleet::vehicles(&caller.state.db).await?,
        })
    }

    pub async fn save_vehicle(
        id: Option<VehicleId>,
        [name, registration, seats, wheelchair_spaces]: [&str; 4],
        days: &[String],
    ) -> Result<VehicleId, AppError> {
        let caller = auth::require(Permission::ManageFleet).await?;
        let form = VehicleForm {
            name,
            registration,
            seats,
            wheelchair_spaces,
            days,
        };
        let draft = VehicleDraft::parse(&form).map_err(invalid)?;
        let today = clock::programme_now(&caller.state.db).await?.date();
        let id = crate::fleet::use_cases::save_vehicle(&caller.state.db, id, &draft, today).await?;
        done(&caller, "vehicle saved", id.0, "/fleet");
        Ok(id)
    }

    pub async fn drivers() -> Result<DriverList, AppError> {
        let caller = auth::require(Permission::ManageFleet).await?;
        let db = &caller.state.db;
        let today = clock::programme_now(db).await?.date();
        Ok(DriverList {
            today,
            drivers: fleet::drivers(db, today).await?,
        })
    }

    pub async fn save_documents(
        person: PersonId,
        licence_expires_on: &str,
        dbs_renews_on: &str,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageFleet).await?;
        let documents =
            DriverDocuments::parse(licence_expires_on, dbs_renews_on).map_err(invalid)?;
        crate::fleet::use_cases::save_documents(&caller.state.db, person, &documents).await?;
        done(&caller, "driver documents saved", person.0, "/drivers");
        Ok(())
    }

    pub async fn places() -> Result<Places, AppError> {
        let caller = auth::require(Permission::ManageFleet).await?;
        let db = &caller.state.db;
        Ok(Places {
            points: places::pickup_points(db).await?,
            venues: places::venue_names(db).await?,
            overrides: places::travel_overrides(db).await?,
        })
    }

    pub async fn save_point(
        id: Option<PickupPointId>,
        [name, landmark, latitude, longitude]: [&str; 4],
    ) -> Result<PickupPointId, AppError> {
        let caller = auth::require(Permission::ManageFleet).await?;
        let draft =
            PickupPointDraft::parse(name, landmark, latitude, longitude).map_err(invalid)?;
        let id = crate::fleet::use_cases::save_pickup_point(&caller.state.db, id, &draft).await?;
        done(&caller, "pick-up point saved", id.0, "/pickup-points");
        Ok(id)
    }

    pub async fn add_override(
        from: &str,
        to: &str,
        minutes: &str,
    ) -> Result<TravelOverrideId, AppError> {
        let caller = auth::require(Permission::ManageFleet).await?;
        let draft = OverrideDraft::parse(from, to, minutes).map_err(invalid)?;
        let id = crate::fleet::use_cases::add_travel_override(&caller.state.db, &draft).await?;
        done(&caller, "travel time added", id.0, "/pickup-points");
        Ok(id)
    }

    pub async fn remove_override(id: TravelOverrideId) -> Result<(), AppError> {
        let caller = auth::require(Permission::ManageFleet).await?;
        places::remove_travel_override(&caller.state.db, id).await?;
        done(&caller, "travel time removed", id.0, "/pickup-points");
        Ok(())
    }
}
