//! Times as each database keeps them. PostgreSQL has types for them (`time`, `timestamptz`);
//! SQLite keeps text in fixed forms its CHECKs insist on ("10:00", "2026-03-04T09:15:00Z").
//! sqlx writes chrono's types into SQLite in other forms ("10:00:00", "…+00:00"), so the
//! queries bind these instead, and each backend gets the form it keeps. Reading needs nothing
//! special: chrono's types read both forms from SQLite, and PostgreSQL's own types.
//!
//! Dates (`NaiveDate`, "2026-03-04") and programme date-times (`NaiveDateTime`,
//! "2026-03-04 10:00:00") are bound as chrono's types: sqlx's SQLite forms are the stored ones.

use chrono::{DateTime, NaiveTime, SubsecRound, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

/// A time of day to the minute: "HH:MM" in SQLite, `time` in PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Clock(pub NaiveTime);

/// An instant to the second: "YYYY-MM-DDTHH:MM:SSZ" in SQLite, `timestamptz` in PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(pub DateTime<Utc>);

/// An instant to the millisecond ("…:SS.sssZ"), where the order of two in one second matters:
/// the waitlist is first come, first served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StampMillis(pub DateTime<Utc>);

impl Clock {
    /// Reads "HH:MM", the form the pages carry a time of day in.
    pub fn parse(text: &str) -> Option<Self> {
        NaiveTime::parse_from_str(text, "%H:%M").ok().map(Clock)
    }
}

/// The minute of the day the planner, the board and the driver's list work in.
impl From<Clock> for crate::transport::solver::clock::ClockTime {
    fn from(time: Clock) -> Self {
        time.0.into()
    }
}

impl Stamp {
    pub fn now() -> Self {
        Stamp(Utc::now())
    }
}

impl StampMillis {
    pub fn now() -> Self {
        StampMillis(Utc::now())
    }
}

/// The three types share their plumbing; only the text form and the PostgreSQL type differ.
macro_rules! stored_as {
    ($name:ident, $inner:ty, $sqlite_text:expr, $postgres_value:expr) => {
        impl Type<Sqlite> for $name {
            fn type_info() -> SqliteTypeInfo {
                <String as Type<Sqlite>>::type_info()
            }
            fn compatible(ty: &SqliteTypeInfo) -> bool {
                <String as Type<Sqlite>>::compatible(ty)
            }
        }

        impl<'q> Encode<'q, Sqlite> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut Vec<SqliteArgumentValue<'q>>,
            ) -> Result<IsNull, BoxDynError> {
                let text: fn(&$inner) -> String = $sqlite_text;
                Encode::<Sqlite>::encode(text(&self.0), buf)
            }
        }

        impl<'r> Decode<'r, Sqlite> for $name {
            fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
                Ok($name(<$inner as Decode<Sqlite>>::decode(value)?))
            }
        }

        impl Type<Postgres> for $name {
            fn type_info() -> PgTypeInfo {
                <$inner as Type<Postgres>>::type_info()
            }
        }

        impl Encode<'_, Postgres> for $name {
            fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
                let value: fn(&$inner) -> $inner = $postgres_value;
                Encode::<Postgres>::encode(value(&self.0), buf)
            }
        }

        impl<'r> Decode<'r, Postgres> for $name {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                Ok($name(<$inner as Decode<Postgres>>::decode(value)?))
            }
        }
    };
}

stored_as!(
    Clock,
    NaiveTime,
    |time| time.format("%H:%M").to_string(),
    |time| time.trunc_subsecs(0)
);
stored_as!(
    Stamp,
    DateTime<Utc>,
    |at| at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    |at| at.trunc_subsecs(0)
);
stored_as!(
    StampMillis,
    DateTime<Utc>,
    |at| at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
    |at| at.trunc_subsecs(3)
);

impl std::fmt::Display for Clock {
    /// "09:40", as people read a time on a list.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::days_and_times::clock(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sqlite_gets_the_forms_its_checks_insist_on() {
        let at = Utc.with_ymd_and_hms(2026, 3, 4, 9, 15, 7).unwrap()
            + chrono::Duration::milliseconds(250);
        let text = |encoded: Vec<SqliteArgumentValue<'_>>| match &encoded[..] {
            [SqliteArgumentValue::Text(text)] => text.to_string(),
            other => panic!("not one text: {other:?}"),
        };
        let mut buf = Vec::new();
        let _ = Encode::<Sqlite>::encode(Stamp(at), &mut buf).unwrap();
        assert_eq!(text(buf), "2026-03-04T09:15:07Z");
        let mut buf = Vec::new();
        let _ = Encode::<Sqlite>::encode(StampMillis(at), &mut buf).unwrap();
        assert_eq!(text(buf), "2026-03-04T09:15:07.250Z");
        let mut buf = Vec::new();
        let ten = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
        let _ = Encode::<Sqlite>::encode(Clock(ten), &mut buf).unwrap();
        assert_eq!(text(buf), "10:00");
    }
}
