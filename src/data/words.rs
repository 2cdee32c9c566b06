//! Pieces the data functions share: the unique-name check that names the clash, how a session is
//! named in a refusal, and reading a stored "HH:MM" time.

use chrono::{NaiveDateTime, NaiveTime};
use sqlx::SqliteConnection;

use crate::error::AppError;
use crate::scheduling::clash::short_day;

/// Refuses `name` when another row of `table` already has it, compared without regard to
/// capitals ("tennis" is Tennis), leaving out the row `except` (the one being renamed), and only
/// among the rows whose column equals the value `within` names (the spaces of one venue). The
/// refusal is `sentence` applied to the name as it is written there. `table` and the column
/// are ours, never user input.
pub(super) async fn name_is_free(
    conn: &mut SqliteConnection,
    table: &'static str,
    within: Option<(&'static str, i64)>,
    name: &str,
    except: Option<i64>,
    sentence: fn(&str) -> String,
) -> Result<(), AppError> {
    let scope = within.map_or_else(String::new, |(column, _)| format!("{column} = ? AND "));
    let sql = format!(
        "SELECT name FROM {table} WHERE {scope}lower(name) = lower(?) AND id IS NOT ? LIMIT 1"
    );
    let mut query = sqlx::query_scalar(&sql);
    if let Some((_, value)) = within {
        query = query.bind(value);
    }
    let taken: Option<String> = query
        .bind(name)
        .bind(except)
        .fetch_optional(&mut *conn)
        .await?;
    match taken {
        Some(taken) => Err(AppError::Conflict(sentence(&taken))),
        None => Ok(()),
    }
}

/// "Tennis on Tue 5 Jan 10:00–12:00".
pub(super) fn session_words(
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

/// Reads an "HH:MM" column. The tables' CHECKs guarantee the form, so a failure means the file
/// was edited by hand: logged with what held it, and an internal error for the person asking.
pub(super) fn stored_time(text: &str, what: &'static str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|e| {
        tracing::error!(value = text, error = %e, what, "a stored time is malformed");
        AppError::Internal
    })
}
