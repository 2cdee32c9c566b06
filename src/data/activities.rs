//! `activities`: the same functions on either database; see `sql/activities.rs` for the SQL.

use crate::activities::{Activity, ActivityDraft};
use crate::error::AppError;
use crate::scheduling::session::ActivityId;

use super::{Db, Tx};

/// Every activity, by name.
pub async fn list(db: &Db) -> Result<Vec<Activity>, AppError> {
    dispatch!(db, activities::list())
}

pub async fn get(db: &Db, id: ActivityId) -> Result<Activity, AppError> {
    dispatch!(db, activities::get(id))
}

/// A new activity; a name taken meanwhile is the schema's refusal (a conflict).
pub async fn insert(tx: &mut Tx, draft: &ActivityDraft) -> Result<ActivityId, AppError> {
    in_tx!(tx, activities::insert(draft))
}

/// Saves the activity's name, kind and defaults; false when there is no such activity.
pub async fn update(tx: &mut Tx, id: ActivityId, draft: &ActivityDraft) -> Result<bool, AppError> {
    in_tx!(tx, activities::update(id, draft))
}
