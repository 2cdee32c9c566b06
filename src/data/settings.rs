//! `settings`: the same functions on either database; see `sql/settings.rs` for the SQL.

use crate::error::AppError;
use crate::programme::ProgrammeSettings;

use super::Db;

pub async fn programme_settings(db: &Db) -> Result<ProgrammeSettings, AppError> {
    dispatch!(db, settings::programme_settings())
}
