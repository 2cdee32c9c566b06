//! `activity_groups`: the same functions on either database; see `sql/activity_groups.rs` for the SQL.

use crate::activities::groups::ActivityGroup;
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::enrolment::Reach;
use crate::scheduling::session::{ActivityId, SessionId};

use super::{Db, Tx};

/// Whether `participant`, a participant within `reach` on `session`, needs a lift by default;
/// `None` when they are not within reach (or are nobody): the caller answers both alike.
pub async fn needs_lift_if_within_reach(
    tx: &mut Tx,
    session: SessionId,
    participant: PersonId,
    reach: Reach,
) -> Result<Option<bool>, AppError> {
    in_tx!(
        tx,
        activity_groups::needs_lift_if_within_reach(session, participant, reach)
    )
}

/// The activity's group with the participants who could join it.
pub async fn group(db: &Db, activity: ActivityId) -> Result<ActivityGroup, AppError> {
    dispatch!(db, activity_groups::group(activity))
}

/// The activity's name; `None` when there is no such activity.
pub async fn activity_name(tx: &mut Tx, activity: ActivityId) -> Result<Option<String>, AppError> {
    in_tx!(tx, activity_groups::activity_name(activity))
}

/// A participant's name and whether they are in the activity's group; `None` when they are
/// not a participant.
pub async fn membership(
    tx: &mut Tx,
    activity: ActivityId,
    participant: PersonId,
) -> Result<Option<(String, bool)>, AppError> {
    in_tx!(tx, activity_groups::membership(activity, participant))
}

/// Puts `participant` in the activity's group, added by `by`.
pub async fn insert_member(
    tx: &mut Tx,
    activity: ActivityId,
    participant: PersonId,
    by: PersonId,
) -> Result<(), AppError> {
    in_tx!(
        tx,
        activity_groups::insert_member(activity, participant, by)
    )
}

/// Takes `participant` off the activity's group; false when they were not in it.
pub async fn delete_member(
    tx: &mut Tx,
    activity: ActivityId,
    participant: PersonId,
) -> Result<bool, AppError> {
    in_tx!(tx, activity_groups::delete_member(activity, participant))
}
