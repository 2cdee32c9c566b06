//! Venues, their spaces and opening hours, written once for both databases. Each change is one
//! write transaction whose checks explain, in words, what the schema would refuse anyway
//! (unique names, one level of parts, foreign keys from sessions), and what it cannot see by
//! itself: a space becoming part of a hall that is booked at the same time, or new hours that
//! leave a planned session outside.

use chrono::NaiveDateTime;

use super::hours::DayHours;
use super::{SpaceId, VenueDraft, VenueId};
use crate::data::venues::{SpaceRow, SpaceTarget};
use crate::data::words::NameScope;
use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::scheduling::clash::session_words;

fn venue_exists_as(name: &str) -> String {
    format!("There is already a venue called {name}.")
}

fn space_exists_as(name: &str) -> String {
    format!("There is already a space called {name} at this venue.")
}

const ONE_LEVEL: &str = "spaces nest one level only, like a hall and its halves";

/// Adds a venue, or saves an existing one's details when `id` is given.
pub async fn save(db: &Db, id: Option<VenueId>, draft: &VenueDraft) -> Result<VenueId, AppError> {
    let mut tx = db.write().await?;
    let except = id.map(|id| id.0);
    let taken = data::words::name_taken(&mut tx, NameScope::Venues, &draft.name, except).await?;
    if let Some(taken) = taken {
        return Err(AppError::Conflict(venue_exists_as(&taken)));
    }
    let saved = data::venues::write_venue(&mut tx, id, draft)
        .await
        .map_err(|e| e.conflict_in_words(|| venue_exists_as(&draft.name)))?
        .ok_or_else(|| AppError::NotFound("that venue".into()))?;
    tx.commit().await?;
    Ok(saved)
}

/// Adds a space or renames one, and sets (or clears) the larger space it is part of. Returns
/// the venue and the space.
///
/// An existing space becoming part of a hall means the two now clash: refused while a session
/// still to come (from `now`) in one overlaps one in the other, as the clash rules would refuse
/// to plan it.
pub async fn save_space(
    db: &Db,
    target: SpaceTarget,
    name: &str,
    part_of: Option<SpaceId>,
    now: NaiveDateTime,
) -> Result<(VenueId, SpaceId), AppError> {
    let mut tx = db.write().await?;
    let (venue, existing, was_part_of) = match target {
        SpaceTarget::New(venue) => {
            if !data::venues::venue_exists(&mut tx, venue).await? {
                return Err(AppError::NotFound("that venue".into()));
            }
            (venue, None, None)
        }
        SpaceTarget::Existing(id) => {
            let current = space(&mut tx, id).await?;
            (current.venue, Some(id), current.part_of)
        }
    };
    let scope = NameScope::SpacesOf(venue);
    let except = existing.map(|id| id.0);
    if let Some(taken) = data::words::name_taken(&mut tx, scope, name, except).await? {
        return Err(AppError::Conflict(space_exists_as(&taken)));
    }
    if let Some(whole) = part_of {
        may_be_part_of(&mut tx, venue, existing, name, whole).await?;
        if let Some(id) = existing.filter(|_| was_part_of != Some(whole)) {
            no_overlap_with_whole(&mut tx, id, name, whole, now).await?;
        }
    }
    let id = data::venues::write_space(&mut tx, venue, existing, name, part_of)
        .await
        .map_err(|e| e.conflict_in_words(|| space_exists_as(name)))?;
    tx.commit().await?;
    Ok((venue, id))
}

async fn space(tx: &mut Tx, id: SpaceId) -> Result<SpaceRow, AppError> {
    data::venues::space_at(tx, id)
        .await?
        .ok_or_else(|| AppError::NotFound("that space".into()))
}

/// Explains why `changing` (the space being changed; `None` for a new one called `name`) cannot
/// be part of `whole`, in the terms of the schema's triggers: the same venue, a whole space, and
/// a space with parts of its own cannot become a part.
async fn may_be_part_of(
    tx: &mut Tx,
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
    let larger = match data::venues::space_at(tx, whole).await? {
        Some(larger) if larger.venue == venue => larger,
        _ => {
            return Err(AppError::Invalid(
                "Choose the larger space from this venue's spaces.".into(),
            ))
        }
    };
    if let Some(outer) = larger.part_of {
        let outer = space(tx, outer).await?.name;
        return Err(AppError::Conflict(format!(
            "{} is itself part of {outer}, so nothing can be part of it: {ONE_LEVEL}.",
            larger.name
        )));
    }
    if let Some(changing) = changing {
        if let Some(parts) = data::venues::parts_of(tx, changing).await? {
            return Err(AppError::Conflict(format!(
                "{name} has parts of its own ({parts}), so it cannot be part of {}: {ONE_LEVEL}.",
                larger.name
            )));
        }
    }
    Ok(())
}

async fn no_overlap_with_whole(
    tx: &mut Tx,
    id: SpaceId,
    name: &str,
    whole: SpaceId,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    match data::venues::overlap_with_whole(tx, id, whole, now).await? {
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
pub async fn remove_space(db: &Db, id: SpaceId) -> Result<VenueId, AppError> {
    let mut tx = db.write().await?;
    let current = space(&mut tx, id).await?;
    if let Some(parts) = data::venues::parts_of(&mut tx, id).await? {
        return Err(AppError::Conflict(format!(
            "{} has parts ({parts}): remove them, or make them spaces of their own, first.",
            current.name
        )));
    }
    let (sessions, planned) = data::venues::sessions_in(&mut tx, id).await?;
    let in_use = in_use_sentence(&current.name, sessions, planned);
    if sessions > 0 {
        return Err(AppError::Conflict(in_use));
    }
    data::venues::delete_space(&mut tx, id)
        .await
        .map_err(|e| e.conflict_in_words(|| in_use))?;
    tx.commit().await?;
    Ok(current.venue)
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
    db: &Db,
    venue: VenueId,
    week: &[DayHours],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    if !data::venues::venue_exists(&mut tx, venue).await? {
        return Err(AppError::NotFound("that venue".into()));
    }
    data::venues::replace_hours(&mut tx, venue, week).await?;
    let outside = data::venues::sessions_outside_hours(&mut tx, venue, now).await?;
    if !outside.is_empty() {
        // Dropping the transaction puts the old hours back.
        return Err(AppError::Conflict(outside_hours_sentence(&outside)));
    }
    tx.commit().await
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
