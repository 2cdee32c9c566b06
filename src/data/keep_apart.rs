//! The keep-apart list. Only the coordinator's server functions call this module: it is the one
//! place besides the coordinator's enrolment refusal that reads a reason. Adding and removing a
//! pair commit together with their audit entry.

use chrono::NaiveDateTime;
use sqlx::SqliteConnection;

use super::audit::{record_in, AuditAction, AuditEvent};
use super::words::session_words;
use super::Db;
use crate::error::AppError;
use crate::keep_apart::{KeepApartList, KeptApart, PairDraft};
use crate::people::PersonId;

const NAME: &str = "coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name";

/// Every pair with its reason, and the active participants to choose a new pair from.
pub async fn list(db: &Db) -> Result<KeepApartList, AppError> {
    let pairs: Vec<KeptApart> = sqlx::query_as(
        "SELECT k.person_a, coalesce(a.preferred_name, a.given_name) || ' ' || a.family_name AS name_a,
                k.person_b, coalesce(b.preferred_name, b.given_name) || ' ' || b.family_name AS name_b,
                k.reason, k.created_at AS since
         FROM keep_apart k JOIN people a ON a.id = k.person_a JOIN people b ON b.id = k.person_b
         ORDER BY a.family_name, a.given_name, b.family_name, b.given_name",
    )
    .fetch_all(db)
    .await?;
    let participants = sqlx::query_as(&format!(
        "SELECT p.id, {NAME} FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE p.is_active = 1 ORDER BY p.family_name, p.given_name, p.id"
    ))
    .fetch_all(db)
    .await?;
    Ok(KeepApartList {
        pairs,
        participants,
    })
}

pub use super::audit::Actor;

/// One entry about each of the two, so each person's own audit log shows it.
async fn audit(
    conn: &mut SqliteConnection,
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
    conn: &mut SqliteConnection,
    pair: &PairDraft,
) -> Result<(String, String), AppError> {
    let names: Vec<(PersonId, String)> = sqlx::query_as(&format!(
        "SELECT p.id, {NAME} FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE p.id IN (?, ?)"
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
pub async fn add(
    db: &Db,
    pair: &PairDraft,
    now: NaiveDateTime,
    actor: &Actor<'_>,
) -> Result<(), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let (a, b) = pair_names(&mut tx, pair).await?;
    let exists: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM keep_apart WHERE person_a = ? AND person_b = ?)",
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
         WHERE x.participant_id = ? AND y.participant_id = ?
           AND x.status <> 'cancelled' AND y.status <> 'cancelled'
           AND s.status = 'scheduled' AND s.ends_at > ?
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
    sqlx::query("INSERT INTO keep_apart (person_a, person_b, reason) VALUES (?, ?, ?)")
        .bind(pair.person_a)
        .bind(pair.person_b)
        .bind(&pair.reason)
        .execute(&mut *tx)
        .await?;
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
    db: &Db,
    first: PersonId,
    second: PersonId,
    actor: &Actor<'_>,
) -> Result<(), AppError> {
    let (person_a, person_b) = (first.min(second), first.max(second));
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let removed = sqlx::query("DELETE FROM keep_apart WHERE person_a = ? AND person_b = ?")
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
