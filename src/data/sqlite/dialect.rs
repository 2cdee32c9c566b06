//! What SQLite says its own way.

use sqlx::Transaction;

use super::{Backend, Pool};

/// A transaction that writes. `BEGIN IMMEDIATE` takes SQLite's one write lock at once, so every
/// read inside sees what it will write over: two people pressing at once are served one after
/// the other, and a deferred transaction's "database is locked" refusal never happens (see
/// `database::BUSY_TIMEOUT`).
pub async fn begin_write(pool: &Pool) -> Result<Transaction<'static, Backend>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// A transaction that only reads: one consistent snapshot, taking no write lock.
pub async fn begin_read(pool: &Pool) -> Result<Transaction<'static, Backend>, sqlx::Error> {
    pool.begin_with("BEGIN DEFERRED").await
}

/// The column SQLite numbers every row by, for a table without a key of its own.
pub const ROW_ID: &str = "rowid";

/// The calendar day of a programme date-time column, comparable with a bound `NaiveDate`.
pub fn day_of(column: &str) -> String {
    format!("date({column})")
}

/// The time of day of a programme date-time column, `hours` later (or earlier), comparable
/// with a stored time of day.
pub fn time_of(column: &str, hours: i32) -> String {
    match hours {
        0 => format!("strftime('%H:%M', {column})"),
        _ => format!("strftime('%H:%M', {column}, '{hours:+} hours')"),
    }
}

/// A programme date-time column `minutes` (an SQL expression) later.
pub fn plus_minutes(column: &str, minutes: &str) -> String {
    format!("datetime({column}, '+' || ({minutes}) || ' minutes')")
}

/// The day of the week of a programme date-time column: 0 for Sunday to 6 for Saturday.
pub fn weekday_of(column: &str) -> String {
    format!("CAST(strftime('%w', {column}) AS INTEGER)")
}
