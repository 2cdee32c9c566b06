//! The keep-apart list. Only the coordinator's server functions call this module: it is the one
//! place besides the coordinator's enrolment refusal that reads a reason. Adding and removing a
//! pair commit together with their audit entry.

use chrono::{NaiveDate, NaiveDateTime};
use super::Conn;

use super::audit::record_in;
use crate::data::audit::{AuditAction, AuditEvent};
use super::words::session_words;
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

pub use crate::data::audit::Actor;

/// One entry about each of the two, so each person's own audit log shows it.
async fn audit(
    conn: &mut Conn,
    actor: &Actor<'_>,
    action: AuditAction,
    person_a: PersonId,
    person_b: PersonId,
) -> Result<(), AppError> {
    for (subject, other) in [(person_a, person_b), (person_b, person_a)] {
        // By ids only: the reason stays in the keep-apart list.
        let detail = format!("kept apart from person {other}");
        let event = AuditEvent {
            actor: Some(actor.person),
            action,
            subject: Some(subject),
            detail: &detail,
            ip: actor.ip,
        };
        record_in(&mut *conn, event).await?;
    }
    Ok(())
}

/// The display names of the pair, refusing anyone who is not a participant.
async fn pair_names(
    conn: &mut Conn,
    pair: &PairDraft,
) -> Result<(String, String), AppError> {
    let names: Vec<(PersonId, String)> = sqlx::query_as(&format!(
        "SELECT p.id, {NAME} FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE p.id IN ($1, $2)"
    ))
    .bind(pair.person_a)
    .bind(pair.person_b)
    .fetch_all(&mut *conn)
    .await?;
    let name = |id| {
        names
            .iter()
            .find(|(person, _)| *person == id)
            .map(|(_, n)| n.clone())
    };
    match (name(pair.person_a), name(pair.person_b)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(AppError::Invalid(
            "Choose both people from the list of participants.".into(),
        )),
    }
}

/// Keeps a pair apart. Refused while they are both on a session still to come (from `now`):
/// the list promises they are never on one session, so they must be separated first.
///
/// Nor do they share a vehicle: any day from `now` on when the two ride one run (to two
/// sessions at the same venue) is planned again in the same transaction, with the pair kept
/// apart. Seats locked by hand stay; whoever cannot be given a seat now waits on the board with
/// the reason. Transport is worked out, not promised, so it follows rather than refuses.
pub async fn add(
    db: &Pool,
    pair: &PairDraft,
    now: NaiveDateTime,
    actor: &Actor<'_>,
) -> Result<(), AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let (a, b) = pair_names(&mut tx, pair).await?;
    let exists: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM keep_apart WHERE person_a = $1 AND person_b = $2)",
    )
    .bind(pair.person_a)
    .bind(pair.person_b)
    .fetch_one(&mut *tx)
    .await?;
    if exists {
        return Err(AppError::Conflict(format!(
            "{a} and {b} are already kept apart."
        )));
    }
    let together: Option<(String, NaiveDateTime, NaiveDateTime)> = sqlx::query_as(
        "SELECT act.name, s.starts_at, s.ends_at
         FROM bookings x JOIN bookings y ON y.session_id = x.session_id
              JOIN sessions s ON s.id = x.session_id JOIN activities act ON act.id = s.activity_id
         WHERE x.participant_id = $1 AND y.participant_id = $2
           AND x.status <> 'cancelled' AND y.status <> 'cancelled'
           AND s.status = 'scheduled' AND s.ends_at > $3
         ORDER BY s.starts_at LIMIT 1",
    )
    .bind(pair.person_a)
    .bind(pair.person_b)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((activity, starts_at, ends_at)) = together {
        return Err(AppError::Conflict(format!(
            "{a} and {b} are both on {}: take one of them off that session first, then keep them apart.",
            session_words(&activity, starts_at, ends_at)
        )));
    }
    sqlx::query("INSERT INTO keep_apart (person_a, person_b, reason) VALUES ($1, $2, $3)")
        .bind(pair.person_a)
        .bind(pair.person_b)
        .bind(&pair.reason)
        .execute(&mut *tx)
        .await?;
    let riding_together: Vec<NaiveDate> = sqlx::query_scalar(
        "SELECT DISTINCT r.run_date
         FROM run_seats x JOIN bookings bx ON bx.id = x.booking_id
              JOIN run_seats y ON y.run_id = x.run_id JOIN bookings yb ON yb.id = y.booking_id
              JOIN runs r ON r.id = x.run_id
         WHERE bx.participant_id = $1 AND yb.participant_id = $2 AND r.run_date >= $3
         ORDER BY r.run_date",
    )
    .bind(pair.person_a)
    .bind(pair.person_b)
    .bind(now.date())
    .fetch_all(&mut *tx)
    .await?;
    for day in riding_together {
        super::runs::plan_in(&mut tx, day).await?;
    }
    audit(
        &mut tx,
        actor,
        AuditAction::KeepApartAdded,
        pair.person_a,
        pair.person_b,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a pair off the list (in either order).
pub async fn remove(
    db: &Pool,
    first: PersonId,
    second: PersonId,
    actor: &Actor<'_>,
) -> Result<(), AppError> {
    let (person_a, person_b) = (first.min(second), first.max(second));
    let mut tx = super::dialect::begin_write(db).await?;
    let removed = sqlx::query("DELETE FROM keep_apart WHERE person_a = $1 AND person_b = $2")
        .bind(person_a)
        .bind(person_b)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(AppError::NotFound(
            "that pair on the keep-apart list".into(),
        ));
    }
    audit(
        &mut tx,
        actor,
        AuditAction::KeepApartRemoved,
        person_a,
        person_b,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
