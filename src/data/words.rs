//! How the storage functions name things in sentences, and read counts.

use chrono::NaiveDateTime;

use crate::scheduling::clash::short_day;

/// "Tennis on Tue 5 Jan 10:00–12:00".
pub(crate) fn session_words(
    activity: &str,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
) -> String {
    format!(
        "{activity} on {} {}–{}",
        short_day(starts_at.date()),
        starts_at.format("%H:%M"),
        ends_at.format("%H:%M")
    )
}

/// A count or a number of hours read from the database (PostgreSQL has no unsigned integers,
/// so every integer is read as `i64`) as the `u32` the pages use. The tables' CHECKs keep these
/// small and non-negative.
pub(crate) fn small(number: i64) -> u32 {
    u32::try_from(number).unwrap_or(0)
}
