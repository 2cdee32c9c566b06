//! What PostgreSQL says its own way.

use sqlx::Transaction;

use super::{Backend, Pool};

/// The advisory lock every write transaction holds until it ends (an arbitrary number: "TA").
const WRITER: i64 = 0x5441;

/// A transaction that writes. It first takes one transaction-scoped advisory lock, shared by
/// every writer of every app server on this database: writers go one at a time, exactly as in
/// SQLite, so each read inside the transaction sees what it is about to write over and the
/// rules checked in Rust ("the last seat goes once", "nobody jumps the queue") hold under
/// PostgreSQL's default isolation too. Readers never wait for it. The constraints and triggers
/// refuse a broken rule whatever the lock does.
pub async fn begin_write(pool: &Pool) -> Result<Transaction<'static, Backend>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(WRITER)
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// A transaction that only reads: one consistent snapshot of the whole database.
pub async fn begin_read(pool: &Pool) -> Result<Transaction<'static, Backend>, sqlx::Error> {
    pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await
}

/// The table's own key (SQLite numbers rows by `rowid`; this table has a key column instead).
pub const ROW_ID: &str = "id";

/// The calendar day of a programme date-time column, comparable with a bound `NaiveDate`.
pub fn day_of(column: &str) -> String {
    format!("CAST({column} AS date)")
}

/// The time of day of a programme date-time column, `hours` later (or earlier), comparable
/// with a stored time of day.
pub fn time_of(column: &str, hours: i32) -> String {
    match hours {
        0 => format!("CAST({column} AS time)"),
        _ => format!("CAST({column} + interval '{hours} hours' AS time)"),
    }
}

/// A programme date-time column `minutes` (an SQL expression) later.
pub fn plus_minutes(column: &str, minutes: &str) -> String {
    format!("({column} + ({minutes}) * interval '1 minute')")
}

/// The day of the week of a programme date-time column: 0 for Sunday to 6 for Saturday.
pub fn weekday_of(column: &str) -> String {
    format!("CAST(EXTRACT(DOW FROM {column}) AS bigint)")
}
