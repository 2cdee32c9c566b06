//! Pieces the data functions share: the unique-name check that names the clash, how a session is
//! named in a refusal, and reading a stored "HH:MM" time.

use super::Conn;

use crate::error::AppError;

/// Refuses `name` when another row of `table` already has it, compared without regard to
/// capitals ("tennis" is Tennis), leaving out the row `except` (the one being renamed), and only
/// among the rows whose column equals the value `within` names (the spaces of one venue). The
/// refusal is `sentence` applied to the name as it is written there. `table` and the column
/// are ours, never user input.
pub(super) async fn name_is_free(
    conn: &mut Conn,
    table: &'static str,
    within: Option<(&'static str, i64)>,
    name: &str,
    except: Option<i64>,
    sentence: fn(&str) -> String,
) -> Result<(), AppError> {
    let scope = within.map_or_else(String::new, |(column, _)| format!("{column} = $3 AND "));
    let sql = format!(
        "SELECT name FROM {table}
         WHERE {scope}lower(name) = lower($1) AND id IS DISTINCT FROM $2 LIMIT 1"
    );
    let mut query = sqlx::query_scalar(&sql).bind(name).bind(except);
    if let Some((_, value)) = within {
        query = query.bind(value);
    }
    let taken: Option<String> = query.fetch_optional(&mut *conn).await?;
    match taken {
        Some(taken) => Err(AppError::Conflict(sentence(&taken))),
        None => Ok(()),
    }
}

pub(super) use crate::data::words::session_words;
