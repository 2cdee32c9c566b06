//! Adding and removing a pair, written once for both databases: the order of the checks, the
//! sentences people read, the transport that must follow and the audit entries, each change in
//! one write transaction with its audit (`data::keep_apart` holds the SQL).

use chrono::NaiveDateTime;

use super::PairDraft;
use crate::data::audit::{self, Actor, AuditAction, AuditEvent};
use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::clash::session_words;
use crate::transport::use_cases::plan_in;

/// Keeps a pair apart. Refused while they are both on a session still to come (from `now`):
/// the list promises they are never on one session, so they must be separated first.
///
/// Nor do they share a vehicle: any day from `now` on when the two ride one run (to two
/// sessions at the same venue) is planned again in the same transaction, with the pair kept
/// apart. Seats locked by hand stay; whoever cannot be given a seat now waits on the board with
/// the reason. Transport is worked out, not promised, so it follows rather than refuses.
pub async fn add(
    db: &Db,
    pair: &PairDraft,
    now: NaiveDateTime,
    actor: &Actor<'_>,
) -> Result<(), AppError> {
    let (a, b) = (pair.person_a, pair.person_b);
    let mut tx = db.write().await?;
    let names = data::keep_apart::participant_names(&mut tx, a, b).await?;
    let name = |id| {
        names
            .iter()
            .find(|(person, _)| *person == id)
            .map(|(_, n)| n)
    };
    let (Some(name_a), Some(name_b)) = (name(a), name(b)) else {
        return Err(AppError::Invalid(
            "Choose both people from the list of participants.".into(),
        ));
    };
    if data::keep_apart::is_listed(&mut tx, a, b).await? {
        return Err(AppError::Conflict(format!(
            "{name_a} and {name_b} are already kept apart."
        )));
    }
    let together = data::keep_apart::next_session_together(&mut tx, a, b, now).await?;
    if let Some((activity, starts_at, ends_at)) = together {
        return Err(AppError::Conflict(format!(
            "{name_a} and {name_b} are both on {}: take one of them off that session first, then keep them apart.",
            session_words(&activity, starts_at, ends_at)
        )));
    }
    data::keep_apart::insert(&mut tx, pair).await?;
    for day in data::keep_apart::days_riding_together(&mut tx, a, b, now.date()).await? {
        plan_in(&mut tx, day).await?;
    }
    record(&mut tx, actor, AuditAction::KeepApartAdded, a, b).await?;
    tx.commit().await
}

/// Takes a pair off the list (in either order).
pub async fn remove(
    db: &Db,
    first: PersonId,
    second: PersonId,
    actor: &Actor<'_>,
) -> Result<(), AppError> {
    let (a, b) = (first.min(second), first.max(second));
    let mut tx = db.write().await?;
    if !data::keep_apart::delete(&mut tx, a, b).await? {
        return Err(AppError::NotFound(
            "that pair on the keep-apart list".into(),
        ));
    }
    record(&mut tx, actor, AuditAction::KeepApartRemoved, a, b).await?;
    tx.commit().await
}

/// One entry about each of the two, so each person's own audit log shows it. By ids only: the
/// reason stays in the keep-apart list.
async fn record(
    tx: &mut Tx,
    actor: &Actor<'_>,
    action: AuditAction,
    a: PersonId,
    b: PersonId,
) -> Result<(), AppError> {
    for (subject, other) in [(a, b), (b, a)] {
        let detail = format!("kept apart from person {other}");
        let event = AuditEvent {
            actor: Some(actor.person),
            action,
            subject: Some(subject),
            detail: &detail,
            ip: actor.ip,
        };
        audit::record_in(tx, event).await?;
    }
    Ok(())
}
