//! Activities in the database: the list, one activity, and the rows adding and changing one
//! write (`activities::use_cases` checks the name first; the table's UNIQUE is the last word).

use super::{Conn, Pool};
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

/// A new activity; the schema's unique index refuses a name taken meanwhile (a conflict).
pub async fn insert(conn: &mut Conn, draft: &ActivityDraft) -> Result<ActivityId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO activities (name, kind, default_duration_minutes, default_capacity, what_to_bring)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&draft.name)
    .bind(draft.kind)
    .bind(draft.default_duration_minutes)
    .bind(draft.default_capacity)
    .bind(&draft.what_to_bring)
    .fetch_one(&mut *conn)
    .await?)
}

/// Saves the activity's name, kind and defaults; false when there is no such activity.
pub async fn update(conn: &mut Conn, id: ActivityId, draft: &ActivityDraft) -> Result<bool, AppError> {
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
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(changed > 0)
}
