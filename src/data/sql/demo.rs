//! What only the demo writes or reads: the emptiness check it loads behind, the demo mark, the
//! demo accounts' sign-in secrets and the names the start-up message shows. Every other demo row
//! goes in through the storage functions the use cases call (`crate::demo::programme`).

use super::Conn;
use super::Pool;
use crate::data::values::Stamp;
use crate::error::AppError;
use crate::people::{PersonId, Role};

/// Whether the database holds no programme data at all: no people, venues, activities,
/// pick-up points, vehicles or sessions.
pub async fn holds_no_programme(conn: &mut Conn) -> Result<bool, AppError> {
    let rows_present: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM venues)
              + (SELECT count(*) FROM activities) + (SELECT count(*) FROM pickup_points)
              + (SELECT count(*) FROM vehicles) + (SELECT count(*) FROM sessions)",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(rows_present == 0)
}

/// Marks the database as demo, so every page says so.
pub async fn mark_as_demo(conn: &mut Conn) -> Result<(), AppError> {
    sqlx::query("UPDATE programme_settings SET is_demo = TRUE, programme_name = 'TurnAround (demo)'")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Gives a demo account its password hash and, when `totp_secret` is given, two-step sign-in
/// already on. Real accounts never get these from anyone but their holder (an invite sets the
/// password, the holder turns two-step sign-in on), so no use case writes them this way.
pub async fn give_sign_in(
    conn: &mut Conn,
    person: PersonId,
    password_hash: &str,
    totp_secret: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE accounts SET password_hash = $2, totp_secret = $3, totp_enabled_at = $4
         WHERE person_id = $1",
    )
    .bind(person)
    .bind(password_hash)
    .bind(totp_secret)
    .bind(totp_secret.map(|_| Stamp::now()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The demo drivers, first added first.
pub async fn driver_ids(db: &Pool) -> Result<Vec<PersonId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT person_id FROM person_roles WHERE role = 'driver' ORDER BY person_id",
    )
    .fetch_all(db)
    .await?)
}

/// One demo sign-in name for each role, for the start-up message: (role, sign-in name).
pub async fn sign_in_names(db: &Pool) -> Result<Vec<(Role, String)>, AppError> {
    let mut names = Vec::new();
    for role in Role::ALL {
        let name: Option<String> = sqlx::query_scalar(
            "SELECT a.username FROM accounts a
             JOIN person_roles r ON r.person_id = a.person_id AND r.role = $1
             ORDER BY (SELECT count(*) FROM person_roles o WHERE o.person_id = a.person_id),
                      a.person_id
             LIMIT 1",
        )
        .bind(role)
        .fetch_optional(db)
        .await?;
        if let Some(name) = name {
            names.push((role, name));
        }
    }
    Ok(names)
}
