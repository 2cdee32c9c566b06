//! Adding and changing an activity, written once for both databases: the name is unique
//! whatever its capitals ("tennis" is Tennis), checked and written in one write transaction.

use super::ActivityDraft;
use crate::data::words::NameScope::Activities;
use crate::data::{self, Db};
use crate::error::AppError;
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
        .map_err(|e| named_conflict(e, &draft.name))?;
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
        .map_err(|e| named_conflict(e, &draft.name))?;
    if !changed {
        return Err(AppError::NotFound("that activity".into()));
    }
    tx.commit().await
}

/// The schema's unique index refusing a name taken between the check and the write.
fn named_conflict(error: AppError, name: &str) -> AppError {
    match error {
        AppError::Conflict(_) => AppError::Conflict(duplicate(name)),
        other => other,
    }
}
