//! Reading the programme's settings row.

use super::words::stored_time;
use super::Db;
use crate::error::AppError;
use crate::programme::ProgrammeSettings;

#[derive(sqlx::FromRow)]
struct SettingsRow {
    programme_name: String,
    time_zone: String,
    default_arrival_time: String,
    default_end_time: String,
    is_demo: bool,
    late_cancel_hours: u32,
}

pub async fn programme_settings(db: &Db) -> Result<ProgrammeSettings, AppError> {
    let row: SettingsRow = sqlx::query_as(
        "SELECT programme_name, time_zone, default_arrival_time, default_end_time, is_demo,
                late_cancel_hours
         FROM programme_settings WHERE id = 1",
    )
    .fetch_one(db)
    .await?;
    Ok(ProgrammeSettings {
        programme_name: row.programme_name,
        time_zone: row.time_zone,
        default_arrival: stored_time(&row.default_arrival_time, "programme_settings")?,
        default_end: stored_time(&row.default_end_time, "programme_settings")?,
        is_demo: row.is_demo,
        late_cancel_hours: row.late_cancel_hours,
    })
}
