//! The programme's "today", which depends on its time zone rather than the server's.

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use chrono_tz::Tz;

use crate::error::AppError;

/// Today's date in the programme's time zone (an IANA name such as "Europe/London").
pub fn today_in(time_zone: &str) -> Result<NaiveDate, AppError> {
    Ok(now_in(time_zone)?.date())
}

/// The programme's local time now, to the minute: what "a session still to come" is measured
/// against (sessions are stored in local programme time).
pub fn now_in(time_zone: &str) -> Result<NaiveDateTime, AppError> {
    let zone: Tz = time_zone.parse().map_err(|_| {
        tracing::error!(
            time_zone,
            "programme_settings.time_zone is not an IANA zone name"
        );
        AppError::Internal
    })?;
    let now = chrono::Utc::now().with_timezone(&zone).naive_local();
    Ok(now
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now))
}

/// The programme's local time now, reading its time zone from the settings.
pub async fn programme_now(db: &crate::data::Db) -> Result<NaiveDateTime, AppError> {
    now_in(
        &crate::data::settings::programme_settings(db)
            .await?
            .time_zone,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_london_and_refuses_nonsense() {
        assert!(today_in("Europe/London").is_ok());
        assert_eq!(today_in("Middle/Earth"), Err(AppError::Internal));
    }
}
