//! Venues, their spaces and opening hours in the database, and the rows a change reads and
//! writes. The checks that explain in words what the schema would refuse anyway, and what it
//! cannot see by itself (a space becoming part of a hall booked at the same time, new hours that
//! leave a planned session outside), are `venues::use_cases`'.

use chrono::{NaiveDateTime, NaiveTime};

use super::{Conn, Pool};
use crate::data::values::Clock;
use crate::data::venues::{Overlap, SpaceRow};
use crate::error::AppError;
use crate::days_and_times::{day_from_number, day_number};
use crate::venues::hours::DayHours;
use crate::venues::{SpaceId, SpaceRecord, VenueDraft, VenueId, VenueRecord, VenueSummary};

/// Every venue with its space names and how many days it has hours for, by name.
pub async fn list(db: &Pool) -> Result<Vec<VenueSummary>, AppError> {
    Ok(sqlx::query_as(
        "SELECT v.id, v.name, v.address,
                (SELECT string_agg(sp.name, ', ' ORDER BY sp.name) FROM venue_spaces sp
                 WHERE sp.venue_id = v.id) AS spaces,
                (SELECT count(*) FROM venue_opening_hours h WHERE h.venue_id = v.id) AS open_days
         FROM venues v ORDER BY lower(v.name)",
    )
    .fetch_all(db)
    .await?)
}

#[derive(sqlx::FromRow)]
struct VenueRow {
    name: String,
    address: String,
    latitude: f64,
    longitude: f64,
    access_notes: Option<String>,
}

/// One venue with its spaces (each whole space followed by its parts) and its hours.
pub async fn record(db: &Pool, id: VenueId, may_manage: bool) -> Result<VenueRecord, AppError> {
    let venue: VenueRow = sqlx::query_as(
        "SELECT name, address, latitude, longitude, access_notes FROM venues WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::NotFound("that venue".into()))?;
    let spaces: Vec<SpaceRecord> = sqlx::query_as(
        "SELECT sp.id, sp.name, sp.part_of_space_id AS part_of,
                (SELECT count(*) FROM sessions s WHERE s.space_id = sp.id) AS sessions
         FROM venue_spaces sp LEFT JOIN venue_spaces whole ON whole.id = sp.part_of_space_id
         WHERE sp.venue_id = $1
         ORDER BY coalesce(whole.name, sp.name), sp.part_of_space_id IS NOT NULL, sp.name",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let hours: Vec<(i64, NaiveTime, NaiveTime)> =
        sqlx::query_as("SELECT weekday, opens, closes FROM venue_opening_hours WHERE venue_id = $1")
            .bind(id)
            .fetch_all(db)
            .await?;
    let mut hours: Vec<DayHours> = hours
        .into_iter()
        .filter_map(|(day, opens, closes)| {
            Some(DayHours {
                weekday: day_from_number(day)?,
                opens,
                closes,
            })
        })
        .collect();
    hours.sort_by_key(|day| day.weekday.num_days_from_monday());
    Ok(VenueRecord {
        id,
        name: venue.name,
        address: venue.address,
        latitude: venue.latitude,
        longitude: venue.longitude,
        access_notes: venue.access_notes,
        spaces,
        hours,
        may_manage,
    })
}

/// Adds a venue, or saves an existing one's details when `id` is given; `None` when there is
/// no such venue. A name taken meanwhile is the schema's refusal (a conflict).
pub async fn write_venue(
    conn: &mut Conn,
    id: Option<VenueId>,
    draft: &VenueDraft,
) -> Result<Option<VenueId>, AppError> {
    let sql = if id.is_some() {
        "UPDATE venues SET name = $1, address = $2, latitude = $3, longitude = $4, access_notes = $5
         WHERE id = $6 RETURNING id"
    } else {
        "INSERT INTO venues (name, address, latitude, longitude, access_notes)
         SELECT $1, $2, $3, $4, $5 WHERE $6 IS NULL RETURNING id"
    };
    // A new venue binds a NULL id, and the database numbers it.
    Ok(sqlx::query_scalar(sql)
        .bind(&draft.name)
        .bind(&draft.address)
        .bind(draft.location.latitude())
        .bind(draft.location.longitude())
        .bind(&draft.access_notes)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Whether there is such a venue.
pub async fn venue_exists(conn: &mut Conn, venue: VenueId) -> Result<bool, AppError> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM venues WHERE id = $1)")
            .bind(venue)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// One space's venue, name and the larger space it is part of; `None` when there is no such
/// space.
pub async fn space_at(conn: &mut Conn, id: SpaceId) -> Result<Option<SpaceRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT venue_id AS venue, name, part_of_space_id AS part_of FROM venue_spaces WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The names of the spaces that are part of `id`, or `None` when it has no parts.
pub async fn parts_of(conn: &mut Conn, id: SpaceId) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT string_agg(name, ', ' ORDER BY name) FROM venue_spaces WHERE part_of_space_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

/// The first pair of sessions still to come (ending after `now`) that would clash if space `id`
/// became part of `whole`: one in each, overlapping once the changeover buffer is kept free. The
/// same test as the schema's `sessions_space_free_*` triggers.
pub async fn overlap_with_whole(
    conn: &mut Conn,
    id: SpaceId,
    whole: SpaceId,
    now: NaiveDateTime,
) -> Result<Option<Overlap>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT a.name AS activity, s.starts_at, s.ends_at, oa.name AS other_activity,
                w.name AS other_space, o.starts_at AS other_starts_at, o.ends_at AS other_ends_at
         FROM sessions s JOIN activities a ON a.id = s.activity_id,
              sessions o JOIN activities oa ON oa.id = o.activity_id
                         JOIN venue_spaces w ON w.id = o.space_id,
              programme_settings ps
         WHERE ps.id = 1 AND s.space_id = $1 AND o.space_id = $2
           AND s.status = 'scheduled' AND o.status = 'scheduled'
           AND s.ends_at > $3 AND o.ends_at > $3
           AND s.starts_at < {other_ends_and_buffer}
           AND o.starts_at < {ends_and_buffer}
         ORDER BY s.starts_at LIMIT 1",
        other_ends_and_buffer =
            super::dialect::plus_minutes("o.ends_at", "ps.changeover_buffer_minutes"),
        ends_and_buffer = super::dialect::plus_minutes("s.ends_at", "ps.changeover_buffer_minutes"),
    ))
    .bind(id)
    .bind(whole)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Adds a space to `venue` (`existing` none) or renames and re-parents one. A name taken
/// meanwhile is the schema's refusal (a conflict).
pub async fn write_space(
    conn: &mut Conn,
    venue: VenueId,
    existing: Option<SpaceId>,
    name: &str,
    part_of: Option<SpaceId>,
) -> Result<SpaceId, AppError> {
    let sql = if existing.is_some() {
        "UPDATE venue_spaces SET venue_id = $1, name = $2, part_of_space_id = $3 WHERE id = $4
         RETURNING id"
    } else {
        "INSERT INTO venue_spaces (venue_id, name, part_of_space_id)
         SELECT $1, $2, $3 WHERE $4 IS NULL RETURNING id"
    };
    // A new space binds a NULL id, and the database numbers it.
    Ok(sqlx::query_scalar(sql)
        .bind(venue)
        .bind(name)
        .bind(part_of)
        .bind(existing)
        .fetch_one(&mut *conn)
        .await?)
}

/// How many sessions were ever planned in space `id`, and how many of them are still planned.
pub async fn sessions_in(conn: &mut Conn, id: SpaceId) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE status = 'scheduled')
         FROM sessions WHERE space_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

/// Removes space `id`; the schema refuses one that anything still refers to (a conflict).
pub async fn delete_space(conn: &mut Conn, id: SpaceId) -> Result<(), AppError> {
    sqlx::query("DELETE FROM venue_spaces WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Replaces a venue's opening hours with `week` (empty: always open).
pub async fn replace_hours(conn: &mut Conn, venue: VenueId, week: &[DayHours]) -> Result<(), AppError> {
    sqlx::query("DELETE FROM venue_opening_hours WHERE venue_id = $1")
        .bind(venue)
        .execute(&mut *conn)
        .await?;
    for day in week {
        sqlx::query(
            "INSERT INTO venue_opening_hours (venue_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)",
        )
        .bind(venue)
        .bind(i64::from(day_number(day.weekday)))
        .bind(Clock(day.opens))
        .bind(Clock(day.closes))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The planned sessions at `venue` still to come (ending after `now`) that fall outside its
/// opening hours as they now stand: the schema's `sessions_within_opening_hours_*` test.
/// Activity name, start and end, in time order.
pub async fn sessions_outside_hours(
    conn: &mut Conn,
    venue: VenueId,
    now: NaiveDateTime,
) -> Result<Vec<(String, NaiveDateTime, NaiveDateTime)>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT a.name, s.starts_at, s.ends_at
         FROM sessions s JOIN activities a ON a.id = s.activity_id
                         JOIN venue_spaces sp ON sp.id = s.space_id
         WHERE sp.venue_id = $1 AND s.status = 'scheduled' AND s.ends_at > $2
           AND EXISTS (SELECT 1 FROM venue_opening_hours h WHERE h.venue_id = $1)
           AND NOT EXISTS (
               SELECT 1 FROM venue_opening_hours h
               WHERE h.venue_id = $1
                 AND h.weekday = {weekday}
                 AND h.opens <= {starts}
                 AND h.closes >= {ends})
         ORDER BY s.starts_at",
        weekday = super::dialect::weekday_of("s.starts_at"),
        starts = super::dialect::time_of("s.starts_at", 0),
        ends = super::dialect::time_of("s.ends_at", 0),
    ))
    .bind(venue)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?)
}
