//! `activity_groups`: the same functions on either database; see `sql/activity_groups.rs` for the SQL.

use crate::activities::groups::{ActivityGroup, GroupRefusal};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::enrolment::Reach;
use crate::scheduling::session::{ActivityId, SessionId};

pub use super::audit::Actor;
use super::{Db, Tx};

/// Whether `participant`, a participant within `reach` on `session`, needs a lift by default;
/// `None` when they are not within reach (or are nobody): the caller answers both alike.
pub async fn needs_lift_if_within_reach(
    tx: &mut Tx,
    session: SessionId,
    participant: PersonId,
    reach: Reach,
) -> Result<Option<bool>, AppError> {
    in_tx!(tx, activity_groups::needs_lift_if_within_reach(session, participant, reach))
}

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
