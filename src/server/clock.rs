//! The programme's "today", which depends on its time zone rather than the server's.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::error::AppError;

/// Today's date in the programme's time zone (an IANA name such as "Europe/London").
pub fn today_in(time_zone: &str) -> Result<NaiveDate, AppError> {
    let zone: Tz = time_zone.parse().map_err(|_| {
        tracing::error!(
            time_zone,
            "programme_settings.time_zone is not an IANA zone name"
        );
        AppError::Internal
    })?;
    Ok(chrono::Utc::now().with_timezone(&zone).date_naive())
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
