//! Activities and their groups, written once for both databases: adding and changing an
//! activity (the name is unique whatever its capitals: "tennis" is Tennis), and putting a
//! participant in or out of its group with the audit entry, each in one write transaction.

use super::groups::GroupRefusal;
use super::ActivityDraft;
use crate::data::audit::{self, Actor, AuditAction, AuditEvent};
use crate::data::words::NameScope::Activities;
use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::session::ActivityId;

fn duplicate(name: &str) -> String {
    format!("There is already an activity called {name}.")
}

/// Adds an activity.
pub async fn create(db: &Db, draft: &ActivityDraft) -> Result<ActivityId, AppError> {
    let mut tx = db.write().await?;
    if let Some(taken) = data::words::name_taken(&mut tx, Activities, &draft.name, None).await? {
        return Err(AppError::Conflict(duplicate(&taken)));
    }
    let id = data::activities::insert(&mut tx, draft)
        .await
        .map_err(|e| e.conflict_in_words(|| duplicate(&draft.name)))?;
    tx.commit().await?;
    Ok(id)
}

/// Saves the activity's name, kind and defaults. Sessions already planned keep their own
/// length and places: the defaults apply to sessions planned from now on.
pub async fn update(db: &Db, id: ActivityId, draft: &ActivityDraft) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let except = Some(id.0);
    if let Some(taken) = data::words::name_taken(&mut tx, Activities, &draft.name, except).await? {
        return Err(AppError::Conflict(duplicate(&taken)));
    }
    let changed = data::activities::update(&mut tx, id, draft)
        .await
        .map_err(|e| e.conflict_in_words(|| duplicate(&draft.name)))?;
    if !changed {
        return Err(AppError::NotFound("that activity".into()));
    }
    tx.commit().await
}

/// Puts `participant` in the activity's group, with its audit entry.
pub async fn add_to_group(
    db: &Db,
    activity: ActivityId,
    participant: PersonId,
    actor: &Actor<'_>,
) -> Result<Result<(), GroupRefusal>, AppError> {
    let mut tx = db.write().await?;
    let activity_name = name_of(&mut tx, activity).await?;
    let refusal = match data::activity_groups::membership(&mut tx, activity, participant).await? {
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
    data::activity_groups::insert_member(&mut tx, activity, participant, actor.person).await?;
    let action = AuditAction::AddedToActivityGroup;
    record(
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
pub async fn remove_from_group(
    db: &Db,
    activity: ActivityId,
    participant: PersonId,
    actor: &Actor<'_>,
) -> Result<Result<(), GroupRefusal>, AppError> {
    let mut tx = db.write().await?;
    let activity_name = name_of(&mut tx, activity).await?;
    if !data::activity_groups::delete_member(&mut tx, activity, participant).await? {
        return Ok(Err(GroupRefusal::NotIn {
            activity: activity_name,
        }));
    }
    let action = AuditAction::RemovedFromActivityGroup;
    record(
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

async fn name_of(tx: &mut Tx, activity: ActivityId) -> Result<String, AppError> {
    data::activity_groups::activity_name(tx, activity)
        .await?
        .ok_or_else(|| AppError::NotFound("that activity".into()))
}

/// The entry in the participant's audit log, naming the activity by id and name.
async fn record(
    tx: &mut Tx,
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
    audit::record_in(tx, event).await
}
