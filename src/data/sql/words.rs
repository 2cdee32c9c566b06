//! The unique-name check several use cases make before a write (the tables' unique indexes are
//! the last word).

use super::Conn;
use crate::data::words::NameScope;
use crate::error::AppError;

/// The name as written of another row in `scope`, not `except`, with `name` (compared without
/// regard to capitals).
pub async fn name_taken(
    conn: &mut Conn,
    scope: NameScope,
    name: &str,
    except: Option<i64>,
) -> Result<Option<String>, AppError> {
    let (table, within) = scope.table();
    let narrowed = within.map_or_else(String::new, |(column, _)| format!("{column} = $3 AND "));
    let sql = format!(
        "SELECT name FROM {table}
         WHERE {narrowed}lower(name) = lower($1) AND id IS DISTINCT FROM $2 LIMIT 1"
    );
    let mut query = sqlx::query_scalar(&sql).bind(name).bind(except);
    if let Some((_, value)) = within {
        query = query.bind(value);
    }
    Ok(query.fetch_optional(&mut *conn).await?)
}
