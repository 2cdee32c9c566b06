//! Reading the programme's settings row.

use chrono::NaiveTime;

use super::Pool;
use crate::error::AppError;
use crate::programme::ProgrammeSettings;

#[derive(sqlx::FromRow)]
struct SettingsRow {
    programme_name: String,
    time_zone: String,
    default_arrival_time: NaiveTime,
    default_end_time: NaiveTime,
    is_demo: bool,
    late_cancel_hours: i64,
}

pub async fn programme_settings(db: &Pool) -> Result<ProgrammeSettings, AppError> {
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
        default_arrival: row.default_arrival_time,
        default_end: row.default_end_time,
        is_demo: row.is_demo,
        late_cancel_hours: crate::data::words::small(row.late_cancel_hours),
    })
}

/// For `/healthz`: can we read the database right now?
pub async fn ping(db: &Pool) -> Result<(), AppError> {
    sqlx::query_scalar::<_, i64>("SELECT count(*) FROM programme_settings")
        .fetch_one(db)
        .await?;
    Ok(())
}
