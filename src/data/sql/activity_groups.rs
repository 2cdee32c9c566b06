//! Activity groups: who the coordinator has put on each activity's list, and the one place that
//! says which participants a lead may reach on a session (the group of the session's activity,
//! and their own mentees). Adding and removing a member (`activities::use_cases`) commit together
//! with their audit entry.

use super::{Conn, Pool};
use crate::activities::groups::{ActivityGroup, GroupMember};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::enrolment::Reach;
use crate::scheduling::session::{ActivityId, SessionId};

const NAME: &str = "coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name";

/// The condition "participant `pa` is within reach on session ?1 of lead ?2" (?2 NULL: of
/// someone who may enrol anyone). Used by the enrolment check and the "add someone" list alike,
/// so the list shows exactly the people the check lets through.
pub(super) const IN_REACH: &str = "($2 IS NULL OR pa.mentor_id = $2 OR EXISTS (
        SELECT 1 FROM activity_group_members g JOIN sessions s ON s.activity_id = g.activity_id
        WHERE s.id = $1 AND g.participant_id = pa.person_id))";

/// Is `participant` a participant within `reach` on `session`? `None` when they are not (or
/// are nobody): the caller answers both alike.
pub async fn needs_lift_if_within_reach(
    conn: &mut Conn,
    session: SessionId,
    participant: PersonId,
    reach: Reach,
) -> Result<Option<bool>, AppError> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT pa.needs_lift FROM participants pa WHERE pa.person_id = $3 AND {IN_REACH}"
    ))
    .bind(session)
    .bind(reach.limited_to())
    .bind(participant)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The activity's group with the participants who could join it.
pub async fn group(db: &Pool, activity: ActivityId) -> Result<ActivityGroup, AppError> {
    let activity_name = activity_name(&mut *db.acquire().await?, activity)
        .await?
        .ok_or_else(|| AppError::NotFound("that activity".into()))?;
    let members: Vec<GroupMember> = sqlx::query_as(&format!(
        "SELECT g.participant_id AS participant, {NAME} AS name, CAST(g.added_at AS text) AS since
         FROM activity_group_members g JOIN people p ON p.id = g.participant_id
         WHERE g.activity_id = $1
         ORDER BY p.family_name, p.given_name, p.id"
    ))
    .bind(activity)
    .fetch_all(db)
    .await?;
    let candidates = sqlx::query_as(&format!(
        "SELECT p.id, {NAME} FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE p.is_active AND NOT EXISTS (
             SELECT 1 FROM activity_group_members g
             WHERE g.activity_id = $1 AND g.participant_id = p.id)
         ORDER BY p.family_name, p.given_name, p.id"
    ))
    .bind(activity)
    .fetch_all(db)
    .await?;
    Ok(ActivityGroup {
        activity,
        activity_name,
        members,
        candidates,
    })
}

/// The activity's name; `None` when there is no such activity.
pub async fn activity_name(
    conn: &mut Conn,
    activity: ActivityId,
) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar("SELECT name FROM activities WHERE id = $1")
        .bind(activity)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Whether `participant` is a participant, by name, and whether they are in the activity's
/// group; `None` when they are not a participant.
pub async fn membership(
    conn: &mut Conn,
    activity: ActivityId,
    participant: PersonId,
) -> Result<Option<(String, bool)>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {NAME}, EXISTS (SELECT 1 FROM activity_group_members g
                               WHERE g.activity_id = $1 AND g.participant_id = p.id)
         FROM participants pa JOIN people p ON p.id = pa.person_id WHERE p.id = $2"
    ))
    .bind(activity)
    .bind(participant)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Puts `participant` in the activity's group, added by `by`.
pub async fn insert_member(
    conn: &mut Conn,
    activity: ActivityId,
    participant: PersonId,
    by: PersonId,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO activity_group_members (activity_id, participant_id, added_by)
         VALUES ($1, $2, $3)",
    )
    .bind(activity)
    .bind(participant)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes `participant` off the activity's group; false when they were not in it.
pub async fn delete_member(
    conn: &mut Conn,
    activity: ActivityId,
    participant: PersonId,
) -> Result<bool, AppError> {
    let removed = sqlx::query(
        "DELETE FROM activity_group_members WHERE activity_id = $1 AND participant_id = $2",
    )
    .bind(activity)
    .bind(participant)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(removed > 0)
}
