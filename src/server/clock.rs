//! The programme's "today", which depends on its time zone rather than the server's.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::transport::tick_time::RunDay;

use crate::error::AppError;

/// Today's date in the programme's time zone (an IANA name such as "Europe/London").
pub fn today_in(time_zone: &str) -> Result<NaiveDate, AppError> {
    Ok(now_in(time_zone)?.date())
}

/// The programme's local time now, to the minute: what "a session still to come" is measured
/// against (sessions are stored in local programme time).
pub fn now_in(time_zone: &str) -> Result<NaiveDateTime, AppError> {
    let zone = zone(time_zone)?;
    let now = chrono::Utc::now().with_timezone(&zone).naive_local();
    Ok(now
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now))
}

fn zone(time_zone: &str) -> Result<Tz, AppError> {
    time_zone.parse().map_err(|_| {
        tracing::error!(
            time_zone,
            "programme_settings.time_zone is not an IANA zone name"
        );
        AppError::Internal
    })
}

/// The programme's local time now, reading its time zone from the settings.
pub async fn programme_now(db: &crate::data::Db) -> Result<NaiveDateTime, AppError> {
    now_in(
        &crate::data::settings::programme_settings(db)
            .await?
            .time_zone,
    )
}

/// `date` in the programme's time zone, as the UTC instants it starts and ends at (23 or 25
/// hours long on the days the clocks change).
pub fn day_in(time_zone: &str, date: NaiveDate) -> Result<RunDay, AppError> {
    let zone = zone(time_zone)?;
    let midnight = |day: NaiveDate| -> DateTime<Utc> {
        let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        // Midnight never falls in a gap in the zones this serves; if it did, the hour after.
        zone.from_local_datetime(&local)
            .earliest()
            .map(|at| at.to_utc())
            .unwrap_or_else(|| Utc.from_utc_datetime(&local))
    };
    let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
    Ok(RunDay {
        starts: midnight(date),
        ends: midnight(next),
    })
}

/// `date` in the programme's time zone, reading it from the settings.
pub async fn programme_day(db: &crate::data::Db, date: NaiveDate) -> Result<RunDay, AppError> {
    day_in(
        &crate::data::settings::programme_settings(db)
            .await?
            .time_zone,
        date,
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

    #[test]
    fn a_london_day_in_summer_starts_an_hour_before_utc_midnight() {
        let day = day_in(
            "Europe/London",
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
        )
        .unwrap();
        assert_eq!(day.starts.to_rfc3339(), "2026-06-30T23:00:00+00:00");
        assert_eq!(day.ends.to_rfc3339(), "2026-07-01T23:00:00+00:00");
        // The day the clocks go forward is 23 hours long.
        let short = day_in(
            "Europe/London",
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
        )
        .unwrap();
        assert_eq!((short.ends - short.starts).num_hours(), 23);
    }
}
