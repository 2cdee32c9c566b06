//! Activity groups: who the coordinator has put on each activity's list, and the one place that
//! says which participants a lead may reach on a session (the group of the session's activity,
//! and their own mentees). Adding and removing a member commit together with their audit entry.

use super::Conn;

use super::audit::record_in;
use crate::data::audit::{Actor, AuditAction, AuditEvent};
use super::Pool;
use crate::activities::groups::{ActivityGroup, GroupMember, GroupRefusal};
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
    let activity_name = activity_name(&mut *db.acquire().await?, activity).await?;
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

/// The activity's name, or not found.
async fn activity_name(
    conn: &mut Conn,
    activity: ActivityId,
) -> Result<String, AppError> {
    sqlx::query_scalar("SELECT name FROM activities WHERE id = $1")
        .bind(activity)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| AppError::NotFound("that activity".into()))
}

async fn audit(
    conn: &mut Conn,
    actor: &Actor<'_>,
    action: AuditAction,
    activity: ActivityId,
    participant: PersonId,
    name: &str,
) -> Result<(), AppError> {
    let detail = format!("activity {activity} ({name})");
    let event = AuditEvent {
        actor: Some(actor.person),
        action,
        subject: Some(participant),
        detail: &detail,
        ip: actor.ip,
    };
    record_in(conn, event).await
}

/// Puts `participant` in the activity's group.
pub async fn add(
    db: &Pool,
    activity: ActivityId,
    participant: PersonId,
    actor: &Actor<'_>,
) -> Result<Result<(), GroupRefusal>, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let activity_name = activity_name(&mut tx, activity).await?;
    let found: Option<(String, bool)> = sqlx::query_as(&format!(
        "SELECT {NAME}, EXISTS (SELECT 1 FROM activity_group_members g
                               WHERE g.activity_id = $1 AND g.participant_id = p.id)
         FROM participants pa JOIN people p ON p.id = pa.person_id WHERE p.id = $2"
    ))
    .bind(activity)
    .bind(participant)
    .fetch_optional(&mut *tx)
    .await?;
    let refusal = match found {
        None => Some(GroupRefusal::NotAParticipant),
        Some((name, true)) => Some(GroupRefusal::AlreadyIn {
            name,
            activity: activity_name.clone(),
        }),
        Some((_, false)) => None,
    };
    if let Some(refusal) = refusal {
        return Ok(Err(refusal));
    }
    sqlx::query(
        "INSERT INTO activity_group_members (activity_id, participant_id, added_by)
         VALUES ($1, $2, $3)",
    )
    .bind(activity)
    .bind(participant)
    .bind(actor.person)
    .execute(&mut *tx)
    .await?;
    let action = AuditAction::AddedToActivityGroup;
    audit(
        &mut tx,
        actor,
        action,
        activity,
        participant,
        &activity_name,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Takes `participant` off the activity's group. Sessions they are already booked on keep them.
pub async fn remove(
    db: &Pool,
    activity: ActivityId,
    participant: PersonId,
    actor: &Actor<'_>,
) -> Result<Result<(), GroupRefusal>, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let activity_name = activity_name(&mut tx, activity).await?;
    let removed = sqlx::query(
        "DELETE FROM activity_group_members WHERE activity_id = $1 AND participant_id = $2",
    )
    .bind(activity)
    .bind(participant)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        return Ok(Err(GroupRefusal::NotIn {
            activity: activity_name,
        }));
    }
    let action = AuditAction::RemovedFromActivityGroup;
    audit(
        &mut tx,
        actor,
        action,
        activity,
        participant,
        &activity_name,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
