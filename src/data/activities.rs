//! `activities`: the same functions on either database; see `sql/activities.rs` for the SQL.

use crate::activities::{Activity, ActivityDraft};
use crate::error::AppError;
use crate::scheduling::session::ActivityId;

use super::Db;

/// Every activity, by name.
pub async fn list(db: &Db) -> Result<Vec<Activity>, AppError> {
    dispatch!(db, activities::list())
}

pub async fn get(db: &Db, id: ActivityId) -> Result<Activity, AppError> {
    dispatch!(db, activities::get(id))
}

pub async fn create(db: &Db, draft: &ActivityDraft) -> Result<ActivityId, AppError> {
    dispatch!(db, activities::create(draft))
}

/// Saves the activity's name, kind and defaults. Sessions already planned keep their own
/// length and places: the defaults apply to sessions planned from now on.
pub async fn update(db: &Db, id: ActivityId, draft: &ActivityDraft) -> Result<(), AppError> {
    dispatch!(db, activities::update(id, draft))
}
