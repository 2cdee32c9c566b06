//! `activity_groups`: the same functions on either database; see `sql/activity_groups.rs` for the SQL.

use crate::activities::groups::{ActivityGroup, GroupRefusal};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::session::ActivityId;

pub use super::audit::Actor;
use super::Db;

/// The activity's group with the participants who could join it.
pub async fn group(db: &Db, activity: ActivityId) -> Result<ActivityGroup, AppError> {
    dispatch!(db, activity_groups::group(activity))
}

/// Puts `participant` in the activity's group.
pub async fn add(
    db: &Db,
    activity: ActivityId,
    participant: PersonId,
    actor: &Actor<'_>,
) -> Result<Result<(), GroupRefusal>, AppError> {
    dispatch!(db, activity_groups::add(activity, participant, actor))
}

/// Takes `participant` off the activity's group. Sessions they are already booked on keep them.
pub async fn remove(
    db: &Db,
    activity: ActivityId,
    participant: PersonId,
    actor: &Actor<'_>,
) -> Result<Result<(), GroupRefusal>, AppError> {
    dispatch!(db, activity_groups::remove(activity, participant, actor))
}
