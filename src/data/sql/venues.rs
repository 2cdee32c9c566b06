//! Venues, their spaces and opening hours. Every write is one `BEGIN IMMEDIATE` transaction
//! whose checks explain, in words, what the schema would refuse anyway (unique names, one level
//! of parts, foreign keys from sessions), and what it cannot see by itself: a space becoming part
//! of a hall that is booked at the same time, or new hours that leave a planned session outside.

use crate::data::values::{Clock};
use crate::data::venues::{SpaceTarget};
use chrono::{NaiveDateTime, NaiveTime};
use super::Conn;

use super::people::conflict_as;
use super::words::{name_is_free, session_words};
use super::Pool;
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

fn venue_exists_as(name: &str) -> String {
    format!("There is already a venue called {name}.")
}

/// Adds a venue, or saves an existing one's details when `id` is given.
pub async fn save(db: &Pool, id: Option<VenueId>, draft: &VenueDraft) -> Result<VenueId, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let except = id.map(|id| id.0);
    name_is_free(
        &mut tx,
        "venues",
        None,
        &draft.name,
        except,
        venue_exists_as,
    )
    .await?;
    let sql = if id.is_some() {
        "UPDATE venues SET name = $1, address = $2, latitude = $3, longitude = $4, access_notes = $5
         WHERE id = $6 RETURNING id"
    } else {
        "INSERT INTO venues (name, address, latitude, longitude, access_notes)
         SELECT $1, $2, $3, $4, $5 WHERE $6 IS NULL RETURNING id"
    };
    // A new venue binds a NULL id, and the database numbers it.
    let saved: Option<VenueId> = sqlx::query_scalar(sql)
        .bind(&draft.name)
        .bind(&draft.address)
        .bind(draft.location.latitude())
        .bind(draft.location.longitude())
        .bind(&draft.access_notes)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| conflict_as(e, &venue_exists_as(&draft.name)))?;
    let saved = saved.ok_or_else(|| AppError::NotFound("that venue".into()))?;
    tx.commit().await?;
    Ok(saved)
}

async fn venue_exists(conn: &mut Conn, venue: VenueId) -> Result<(), AppError> {
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM venues WHERE id = $1)")
        .bind(venue)
        .fetch_one(&mut *conn)
        .await?;
    if exists {
        Ok(())
    } else {
        Err(AppError::NotFound("that venue".into()))
    }
}

#[derive(sqlx::FromRow)]
struct SpaceRow {
    venue_id: VenueId,
    name: String,
    part_of_space_id: Option<SpaceId>,
}

async fn space(conn: &mut Conn, id: SpaceId) -> Result<SpaceRow, AppError> {
    space_at(conn, id)
        .await?
        .ok_or_else(|| AppError::NotFound("that space".into()))
}

/// The names of the spaces that are part of `id`, or `None` when it has no parts.
async fn parts_of(conn: &mut Conn, id: SpaceId) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT string_agg(name, ', ' ORDER BY name) FROM venue_spaces WHERE part_of_space_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

fn space_exists_as(name: &str) -> String {
    format!("There is already a space called {name} at this venue.")
}

const ONE_LEVEL: &str = "spaces nest one level only, like a hall and its halves";

/// Explains why `changing` (the space being changed; `None` for a new one called `name`) cannot
/// be part of `whole`, in the terms of the schema's triggers: the same venue, a whole space, and
/// a space with parts of its own cannot become a part.
async fn may_be_part_of(
    conn: &mut Conn,
    venue: VenueId,
    changing: Option<SpaceId>,
    name: &str,
    whole: SpaceId,
) -> Result<(), AppError> {
    if changing == Some(whole) {
        return Err(AppError::Invalid(
            "A space cannot be part of itself.".into(),
        ));
    }
    let larger = match space_at(conn, whole).await? {
        Some(larger) if larger.venue_id == venue => larger,
        _ => {
            return Err(AppError::Invalid(
                "Choose the larger space from this venue's spaces.".into(),
            ))
        }
    };
    if let Some(outer) = larger.part_of_space_id {
        let outer = space(conn, outer).await?.name;
        return Err(AppError::Conflict(format!(
            "{} is itself part of {outer}, so nothing can be part of it: {ONE_LEVEL}.",
            larger.name
        )));
    }
    if let Some(changing) = changing {
        if let Some(parts) = parts_of(conn, changing).await? {
            return Err(AppError::Conflict(format!(
                "{name} has parts of its own ({parts}), so it cannot be part of {}: {ONE_LEVEL}.",
                larger.name
            )));
        }
    }
    Ok(())
}

async fn space_at(conn: &mut Conn, id: SpaceId) -> Result<Option<SpaceRow>, AppError> {
    Ok(
        sqlx::query_as("SELECT venue_id, name, part_of_space_id FROM venue_spaces WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Adds a space or renames one, and sets (or clears) the larger space it is part of. Returns
/// the venue and the space.
///
/// An existing space becoming part of a hall means the two now clash: refused while a session
/// still to come (from `now`) in one overlaps one in the other, as the clash rules would refuse
/// to plan it.
pub async fn save_space(
    db: &Pool,
    target: SpaceTarget,
    name: &str,
    part_of: Option<SpaceId>,
    now: NaiveDateTime,
) -> Result<(VenueId, SpaceId), AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let (venue, existing, was_part_of) = match target {
        SpaceTarget::New(venue) => {
            venue_exists(&mut tx, venue).await?;
            (venue, None, None)
        }
        SpaceTarget::Existing(id) => {
            let current = space(&mut tx, id).await?;
            (current.venue_id, Some(id), current.part_of_space_id)
        }
    };
    let within = Some(("venue_id", venue.0));
    let except = existing.map(|id| id.0);
    name_is_free(
        &mut tx,
        "venue_spaces",
        within,
        name,
        except,
        space_exists_as,
    )
    .await?;
    if let Some(whole) = part_of {
        may_be_part_of(&mut tx, venue, existing, name, whole).await?;
        if let Some(id) = existing.filter(|_| was_part_of != Some(whole)) {
            no_overlap_with_whole(&mut tx, id, name, whole, now).await?;
        }
    }
    let sql = if existing.is_some() {
        "UPDATE venue_spaces SET venue_id = $1, name = $2, part_of_space_id = $3 WHERE id = $4
         RETURNING id"
    } else {
        "INSERT INTO venue_spaces (venue_id, name, part_of_space_id)
         SELECT $1, $2, $3 WHERE $4 IS NULL RETURNING id"
    };
    // A new space binds a NULL id, and the database numbers it.
    let id: SpaceId = sqlx::query_scalar(sql)
        .bind(venue)
        .bind(name)
        .bind(part_of)
        .bind(existing)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict_as(e, &space_exists_as(name)))?;
    tx.commit().await?;
    Ok((venue, id))
}

#[derive(sqlx::FromRow)]
struct Overlap {
    activity: String,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    other_activity: String,
    other_space: String,
    other_starts_at: NaiveDateTime,
    other_ends_at: NaiveDateTime,
}

async fn no_overlap_with_whole(
    conn: &mut Conn,
    id: SpaceId,
    name: &str,
    whole: SpaceId,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    // The same test as the schema's `sessions_space_free_*` triggers, changeover buffer included.
    let overlap: Option<Overlap> = sqlx::query_as(&format!(
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
    .await?;
    match overlap {
        None => Ok(()),
        Some(o) => Err(AppError::Conflict(format!(
            "{name} cannot become part of {} yet: {} there overlaps {} here. Move one of them first.",
            o.other_space,
            session_words(&o.other_activity, o.other_starts_at, o.other_ends_at),
            session_words(&o.activity, o.starts_at, o.ends_at),
        ))),
    }
}

/// Removes a space nothing refers to. A space with parts, or with sessions (past ones keep
/// their history), stays, and the refusal says why. Returns its venue.
pub async fn remove_space(db: &Pool, id: SpaceId) -> Result<VenueId, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let current = space(&mut tx, id).await?;
    if let Some(parts) = parts_of(&mut tx, id).await? {
        return Err(AppError::Conflict(format!(
            "{} has parts ({parts}): remove them, or make them spaces of their own, first.",
            current.name
        )));
    }
    let (sessions, planned): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE status = 'scheduled')
         FROM sessions WHERE space_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let in_use = in_use_sentence(&current.name, sessions, planned);
    if sessions > 0 {
        return Err(AppError::Conflict(in_use));
    }
    sqlx::query("DELETE FROM venue_spaces WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict_as(e, &in_use))?;
    tx.commit().await?;
    Ok(current.venue_id)
}

fn in_use_sentence(name: &str, sessions: i64, planned: i64) -> String {
    let plural = |n: i64| if n == 1 { "session is" } else { "sessions are" };
    let planned = match planned {
        0 => String::new(),
        n => format!(" ({n} still planned: move them to another space or cancel them)"),
    };
    format!(
        "{name} cannot be removed: {sessions} {} recorded there{planned}, and their history needs the space. You can rename it instead.",
        plural(sessions)
    )
}

/// Replaces a venue's opening hours with `week` (empty: always open), all at once. Refused,
/// with nothing changed, when a planned session still to come (from `now`) would fall outside
/// them: the database's triggers check sessions, not hours, so this is the only guard.
pub async fn save_hours(
    db: &Pool,
    venue: VenueId,
    week: &[DayHours],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    venue_exists(&mut tx, venue).await?;
    sqlx::query("DELETE FROM venue_opening_hours WHERE venue_id = $1")
        .bind(venue)
        .execute(&mut *tx)
        .await?;
    for day in week {
        sqlx::query(
            "INSERT INTO venue_opening_hours (venue_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)",
        )
        .bind(venue)
        .bind(i64::from(day_number(day.weekday)))
        .bind(Clock(day.opens))
        .bind(Clock(day.closes))
        .execute(&mut *tx)
        .await?;
    }
    // The schema's `sessions_within_opening_hours_*` test, applied to the planned sessions.
    let outside: Vec<(String, NaiveDateTime, NaiveDateTime)> = sqlx::query_as(&format!(
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
    .fetch_all(&mut *tx)
    .await?;
    if !outside.is_empty() {
        return Err(AppError::Conflict(outside_hours_sentence(&outside)));
    }
    tx.commit().await?;
    Ok(())
}

fn outside_hours_sentence(outside: &[(String, NaiveDateTime, NaiveDateTime)]) -> String {
    const SHOWN: usize = 3;
    let named: Vec<String> = outside
        .iter()
        .take(SHOWN)
        .map(|(activity, starts_at, ends_at)| session_words(activity, *starts_at, *ends_at))
        .collect();
    let more = match outside.len().saturating_sub(SHOWN) {
        0 => String::new(),
        1 => " and 1 more session".into(),
        n => format!(" and {n} more sessions"),
    };
    let (verb, them) = if outside.len() == 1 {
        ("would", "it")
    } else {
        ("would all", "them")
    };
    format!(
        "{}{more} {verb} fall outside the new hours. Move or cancel {them} first, or keep the old hours.",
        named.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn sessions_outside_the_hours_are_named() {
        let tennis = (
            "Tennis".to_owned(),
            at("2027-01-05 10:00"),
            at("2027-01-05 15:30"),
        );
        assert_eq!(
            outside_hours_sentence(std::slice::from_ref(&tennis)),
            "Tennis on Tue 5 Jan 10:00–15:30 would fall outside the new hours. Move or cancel it first, or keep the old hours."
        );
        let five = vec![tennis; 5];
        assert!(outside_hours_sentence(&five).contains("15:30 and 2 more sessions would all fall"));
    }

    #[test]
    fn a_space_in_use_says_how_many_sessions_hold_it() {
        assert_eq!(
            in_use_sentence("Court 1", 1, 0),
            "Court 1 cannot be removed: 1 session is recorded there, and their history needs the space. You can rename it instead."
        );
        assert!(in_use_sentence("Court 1", 12, 3)
            .contains("12 sessions are recorded there (3 still planned: move them"));
    }
}
