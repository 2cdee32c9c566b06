//! The keep-apart list in the database. Only the coordinator's use cases call this module
//! (`keep_apart::use_cases`): it is the one place besides the coordinator's enrolment refusal
//! that reads a reason.

use chrono::{NaiveDate, NaiveDateTime};
use super::Conn;

use super::Pool;
use crate::error::AppError;
use crate::keep_apart::{KeepApartList, KeptApart, PairDraft};
use crate::people::PersonId;

const NAME: &str = "coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name";

/// Every pair with its reason, and the active participants to choose a new pair from.
pub async fn list(db: &Pool) -> Result<KeepApartList, AppError> {
    let pairs: Vec<KeptApart> = sqlx::query_as(
        "SELECT k.person_a, coalesce(a.preferred_name, a.given_name) || ' ' || a.family_name AS name_a,
                k.person_b, coalesce(b.preferred_name, b.given_name) || ' ' || b.family_name AS name_b,
                k.reason, CAST(k.created_at AS text) AS since
         FROM keep_apart k JOIN people a ON a.id = k.person_a JOIN people b ON b.id = k.person_b
         ORDER BY a.family_name, a.given_name, b.family_name, b.given_name",
    )
    .fetch_all(db)
    .await?;
    let participants = sqlx::query_as(&format!(
        "SELECT p.id, {NAME} FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE p.is_active ORDER BY p.family_name, p.given_name, p.id"
    ))
    .fetch_all(db)
    .await?;
    Ok(KeepApartList {
        pairs,
        participants,
    })
}

/// The display names of those of `a` and `b` who are participants.
pub async fn participant_names(
    conn: &mut Conn,
    a: PersonId,
    b: PersonId,
) -> Result<Vec<(PersonId, String)>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, {NAME} FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE p.id IN ($1, $2)"
    ))
    .bind(a)
    .bind(b)
    .fetch_all(&mut *conn)
    .await?)
}

/// Whether the pair (`a` < `b`) is on the list.
pub async fn is_listed(conn: &mut Conn, a: PersonId, b: PersonId) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM keep_apart WHERE person_a = $1 AND person_b = $2)",
    )
    .bind(a)
    .bind(b)
    .fetch_one(&mut *conn)
    .await?)
}

/// The first scheduled session, ending after `now`, that both `a` and `b` hold a place on (or
/// wait for): its activity's name, start and end.
pub async fn next_session_together(
    conn: &mut Conn,
    a: PersonId,
    b: PersonId,
    now: NaiveDateTime,
) -> Result<Option<(String, NaiveDateTime, NaiveDateTime)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT act.name, s.starts_at, s.ends_at
         FROM bookings x JOIN bookings y ON y.session_id = x.session_id
              JOIN sessions s ON s.id = x.session_id JOIN activities act ON act.id = s.activity_id
         WHERE x.participant_id = $1 AND y.participant_id = $2
           AND x.status <> 'cancelled' AND y.status <> 'cancelled'
           AND s.status = 'scheduled' AND s.ends_at > $3
         ORDER BY s.starts_at LIMIT 1",
    )
    .bind(a)
    .bind(b)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Puts the pair on the list.
pub async fn insert(conn: &mut Conn, pair: &PairDraft) -> Result<(), AppError> {
    sqlx::query("INSERT INTO keep_apart (person_a, person_b, reason) VALUES ($1, $2, $3)")
        .bind(pair.person_a)
        .bind(pair.person_b)
        .bind(&pair.reason)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Takes the pair (`a` < `b`) off the list; false when it was not on it.
pub async fn delete(conn: &mut Conn, a: PersonId, b: PersonId) -> Result<bool, AppError> {
    let removed = sqlx::query("DELETE FROM keep_apart WHERE person_a = $1 AND person_b = $2")
        .bind(a)
        .bind(b)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok(removed > 0)
}

/// The days from `from` on when `a` and `b` ride one run.
pub async fn days_riding_together(
    conn: &mut Conn,
    a: PersonId,
    b: PersonId,
    from: NaiveDate,
) -> Result<Vec<NaiveDate>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT r.run_date
         FROM run_seats x JOIN bookings bx ON bx.id = x.booking_id
              JOIN run_seats y ON y.run_id = x.run_id JOIN bookings yb ON yb.id = y.booking_id
              JOIN runs r ON r.id = x.run_id
         WHERE bx.participant_id = $1 AND yb.participant_id = $2 AND r.run_date >= $3
         ORDER BY r.run_date",
    )
    .bind(a)
    .bind(b)
    .bind(from)
    .fetch_all(&mut *conn)
    .await?)
}
