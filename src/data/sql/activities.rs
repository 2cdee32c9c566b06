//! Activities: the list, one activity, adding and changing one. A name is unique whatever its
//! capitals ("tennis" is Tennis); the check and the write share one `BEGIN IMMEDIATE`
//! transaction, and the table's UNIQUE is the last word.

use super::people::conflict_as;
use super::words::name_is_free;
use super::Pool;
use crate::activities::{Activity, ActivityDraft};
use crate::error::AppError;
use crate::scheduling::session::ActivityId;

const COLUMNS: &str =
    "id, name, kind, default_duration_minutes, default_capacity, what_to_bring FROM activities";

/// Every activity, by name.
pub async fn list(db: &Pool) -> Result<Vec<Activity>, AppError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} ORDER BY lower(name)"))
            .fetch_all(db)
            .await?,
    )
}

pub async fn get(db: &Pool, id: ActivityId) -> Result<Activity, AppError> {
    sqlx::query_as(&format!("SELECT {COLUMNS} WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| AppError::NotFound("that activity".into()))
}

fn duplicate(name: &str) -> String {
    format!("There is already an activity called {name}.")
}

pub async fn create(db: &Pool, draft: &ActivityDraft) -> Result<ActivityId, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    name_is_free(&mut tx, "activities", None, &draft.name, None, duplicate).await?;
    let id = sqlx::query_scalar(
        "INSERT INTO activities (name, kind, default_duration_minutes, default_capacity, what_to_bring)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&draft.name)
    .bind(draft.kind)
    .bind(draft.default_duration_minutes)
    .bind(draft.default_capacity)
    .bind(&draft.what_to_bring)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| conflict_as(e, &duplicate(&draft.name)))?;
    tx.commit().await?;
    Ok(id)
}

/// Saves the activity's name, kind and defaults. Sessions already planned keep their own
/// length and places: the defaults apply to sessions planned from now on.
pub async fn update(db: &Pool, id: ActivityId, draft: &ActivityDraft) -> Result<(), AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    name_is_free(
        &mut tx,
        "activities",
        None,
        &draft.name,
        Some(id.0),
        duplicate,
    )
    .await?;
    let changed = sqlx::query(
        "UPDATE activities SET name = $1, kind = $2, default_duration_minutes = $3,
                default_capacity = $4, what_to_bring = $5
         WHERE id = $6",
    )
    .bind(&draft.name)
    .bind(draft.kind)
    .bind(draft.default_duration_minutes)
    .bind(draft.default_capacity)
    .bind(&draft.what_to_bring)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_as(e, &duplicate(&draft.name)))?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::NotFound("that activity".into()));
    }
    tx.commit().await?;
    Ok(())
}
