//! Pick-up points and the coordinator's travel times between places, in the database. The
//! checks that explain in words what the schema would refuse anyway (unique names, one travel
//! time per ordered pair, places that exist) are `fleet::use_cases`'.

use super::{Conn, Pool};
use crate::error::AppError;
use crate::fleet::places::{
    OverrideDraft, PickupPoint, PickupPointDraft, Place, TravelOverride, TravelOverrideId,
};
use crate::transport::PickupPointId;
use crate::venues::VenueId;

/// Every pick-up point, by name.
pub async fn pickup_points(db: &Pool) -> Result<Vec<PickupPoint>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, name, landmark, latitude, longitude FROM pickup_points
         ORDER BY lower(name)",
    )
    .fetch_all(db)
    .await?)
}

/// Every venue's id and name, by name: the other kind of place a journey starts or ends at.
pub async fn venue_names(db: &Pool) -> Result<Vec<(VenueId, String)>, AppError> {
    Ok(
        sqlx::query_as("SELECT id, name FROM venues ORDER BY lower(name)")
            .fetch_all(db)
            .await?,
    )
}

/// Adds a pick-up point, or saves an existing one when `id` is given; `None` when there is no
/// such point. A name taken meanwhile is the schema's refusal (a conflict).
pub async fn write_pickup_point(
    conn: &mut Conn,
    id: Option<PickupPointId>,
    draft: &PickupPointDraft,
) -> Result<Option<PickupPointId>, AppError> {
    let sql = if id.is_some() {
        "UPDATE pickup_points SET name = $1, landmark = $2, latitude = $3, longitude = $4
         WHERE id = $5 RETURNING id"
    } else {
        "INSERT INTO pickup_points (name, landmark, latitude, longitude)
         SELECT $1, $2, $3, $4 WHERE $5 IS NULL RETURNING id"
    };
    // A new point binds a NULL id, and the database numbers it.
    Ok(sqlx::query_scalar(sql)
        .bind(&draft.name)
        .bind(&draft.landmark)
        .bind(draft.location.latitude())
        .bind(draft.location.longitude())
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// The two columns naming a place: (pick-up point id, venue id), one of them NULL.
fn columns(place: Place) -> (Option<PickupPointId>, Option<VenueId>) {
    match place {
        Place::Pickup(id) => (Some(id), None),
        Place::Venue(id) => (None, Some(id)),
    }
}

const PLACE_NAME: &str = "coalesce((SELECT name FROM pickup_points WHERE id = $1),
                                   (SELECT name FROM venues WHERE id = $2))";

/// The name of `place`; `None` when there is no such place.
pub async fn place_name(conn: &mut Conn, place: Place) -> Result<Option<String>, AppError> {
    let (point, venue) = columns(place);
    Ok(sqlx::query_scalar(&format!("SELECT {PLACE_NAME}"))
        .bind(point)
        .bind(venue)
        .fetch_one(&mut *conn)
        .await?)
}

#[derive(sqlx::FromRow)]
struct OverrideRow {
    id: TravelOverrideId,
    from_pickup_point_id: Option<PickupPointId>,
    from_venue_id: Option<VenueId>,
    to_pickup_point_id: Option<PickupPointId>,
    to_venue_id: Option<VenueId>,
    from_name: String,
    to_name: String,
    minutes: i64,
}

fn place_of(point: Option<PickupPointId>, venue: Option<VenueId>) -> Option<Place> {
    point.map(Place::Pickup).or(venue.map(Place::Venue))
}

/// Every travel time the coordinator typed in, with the places' names, in name order.
pub async fn travel_overrides(db: &Pool) -> Result<Vec<TravelOverride>, AppError> {
    let rows: Vec<OverrideRow> = sqlx::query_as(
        "SELECT o.id, o.from_pickup_point_id, o.from_venue_id, o.to_pickup_point_id,
                o.to_venue_id, coalesce(fp.name, fv.name) AS from_name,
                coalesce(tp.name, tv.name) AS to_name, o.minutes
         FROM travel_time_overrides o
         LEFT JOIN pickup_points fp ON fp.id = o.from_pickup_point_id
         LEFT JOIN venues fv ON fv.id = o.from_venue_id
         LEFT JOIN pickup_points tp ON tp.id = o.to_pickup_point_id
         LEFT JOIN venues tv ON tv.id = o.to_venue_id
         ORDER BY lower(coalesce(fp.name, fv.name)), lower(coalesce(tp.name, tv.name))",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(TravelOverride {
                id: row.id,
                from: place_of(row.from_pickup_point_id, row.from_venue_id)?,
                to: place_of(row.to_pickup_point_id, row.to_venue_id)?,
                from_name: row.from_name,
                to_name: row.to_name,
                minutes: row.minutes,
            })
        })
        .collect())
}

/// The minutes already recorded from `from` to `to`, if any.
pub async fn travel_minutes(conn: &mut Conn, from: Place, to: Place) -> Result<Option<i64>, AppError> {
    let ((from_point, from_venue), (to_point, to_venue)) = (columns(from), columns(to));
    Ok(sqlx::query_scalar(
        "SELECT minutes FROM travel_time_overrides
         WHERE from_pickup_point_id IS NOT DISTINCT FROM $1 AND from_venue_id IS NOT DISTINCT FROM $2
           AND to_pickup_point_id IS NOT DISTINCT FROM $3 AND to_venue_id IS NOT DISTINCT FROM $4",
    )
    .bind(from_point)
    .bind(from_venue)
    .bind(to_point)
    .bind(to_venue)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Records a travel time; a second for the same ordered pair is the schema's refusal.
pub async fn insert_travel_override(
    conn: &mut Conn,
    draft: &OverrideDraft,
) -> Result<TravelOverrideId, AppError> {
    let ((from_point, from_venue), (to_point, to_venue)) = (columns(draft.from), columns(draft.to));
    Ok(sqlx::query_scalar(
        "INSERT INTO travel_time_overrides
             (from_pickup_point_id, from_venue_id, to_pickup_point_id, to_venue_id, minutes)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(from_point)
    .bind(from_venue)
    .bind(to_point)
    .bind(to_venue)
    .bind(draft.minutes)
    .fetch_one(&mut *conn)
    .await?)
}

/// Removes one travel time; the model's estimate applies to that pair again.
pub async fn remove_travel_override(db: &Pool, id: TravelOverrideId) -> Result<(), AppError> {
    let removed = sqlx::query("DELETE FROM travel_time_overrides WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(AppError::NotFound("that travel time".into()));
    }
    Ok(())
}
