//! The retention schedule, legal holds and the job that anonymises what has expired, written once
//! for both databases (`data::retention` holds the SQL). Every change to the schedule or a hold
//! is audited; every record anonymised leaves a tombstone in the audit log, which the audit
//! log's own period never deletes.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::{
    expired_on_or_before, ClosedCase, Hold, Period, RecordKind, RetentionOverview, RunSummary,
};
use crate::data::audit::{self, Actor, AuditAction};
use crate::data::{retention, Db, Tx};
use crate::error::AppError;
use crate::people::PersonId;

type Months = HashMap<RecordKind, u16>;

async fn months(tx: &mut Tx) -> Result<Months, AppError> {
    Ok(retention::periods(tx)
        .await?
        .into_iter()
        .map(|(kind, months)| (kind, u16::try_from(months).unwrap_or(super::MAX_MONTHS)))
        .collect())
}

/// The last day whose `kind` records have expired on `today` (`None`: nothing can have).
fn cutoff(months: &Months, kind: RecordKind, today: NaiveDate) -> Option<NaiveDate> {
    months
        .get(&kind)
        .and_then(|&months| expired_on_or_before(today, months))
}

/// Refuses any change to a record the schedule has anonymised: a name or note written back
/// into it would never be removed. (The database refuses it too; this says it in words first.)
pub async fn refuse_if_anonymised(tx: &mut Tx, person: PersonId) -> Result<(), AppError> {
    if retention::is_anonymised(tx, person).await? {
        return Err(AppError::Conflict(
            "This record was anonymised under the retention schedule: it cannot be changed.".into(),
        ));
    }
    Ok(())
}

/// The schedule with what would go today, the holds, the closed cases, and the last run that
/// changed anything.
pub async fn overview(db: &Db, today: NaiveDate) -> Result<RetentionOverview, AppError> {
    let mut tx = db.read().await?;
    let months = months(&mut tx).await?;
    let mut periods = Vec::new();
    for kind in RecordKind::ALL {
        let due_now = match cutoff(&months, kind, today) {
            None => 0,
            Some(by) => due(&mut tx, kind, by).await?,
        };
        periods.push(Period {
            kind,
            months: months.get(&kind).copied().unwrap_or(super::MAX_MONTHS),
            due_now,
        });
    }
    let holds = retention::holds(&mut tx)
        .await?
        .into_iter()
        .map(|row| Hold {
            participant: row.participant,
            name: row.name,
            reason: row.reason,
            placed_on: row.placed_on,
            placed_by: row.placed_by,
        })
        .collect();
    let closed = retention::closed_cases(&mut tx)
        .await?
        .into_iter()
        .map(|row| ClosedCase {
            participant: row.participant,
            name: row.name,
            closed_on: row.closed_on,
        })
        .collect();
    let last_run = retention::last_run(&mut tx)
        .await?
        .map(|(at, detail)| (at.format("%Y-%m-%d %H:%M UTC").to_string(), detail));
    Ok(RetentionOverview {
        periods,
        holds,
        closed,
        last_run,
    })
}

async fn due(tx: &mut Tx, kind: RecordKind, by: NaiveDate) -> Result<i64, AppError> {
    Ok(match kind {
        RecordKind::CaseRecords => {
            let cases = retention::cases_due(tx, by).await?.len();
            let referrals = retention::referrals_due(tx, by).await?.len();
            i64::try_from(cases + referrals).unwrap_or(i64::MAX)
        }
        RecordKind::OneToOneNotes => retention::notes_due(tx, by)
            .await?
            .iter()
            .map(|(_, notes)| notes)
            .sum(),
        RecordKind::Receipts => retention::receipts_due(tx, by).await?,
        // The day after the cutoff: entries written on the cutoff day itself have expired.
        RecordKind::AuditEntries => retention::audit_due(tx, by.succ_opt().unwrap_or(by)).await?,
    })
}

/// Sets how long one kind of record is kept.
pub async fn set_period(
    db: &Db,
    actor: &Actor<'_>,
    kind: RecordKind,
    months: u16,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    retention::set_period(&mut tx, kind, i32::from(months), actor.person).await?;
    let detail = format!("{}: {months} months", kind.slug());
    audit::record_by(
        &mut tx,
        Some(actor),
        AuditAction::RetentionChanged,
        None,
        &detail,
    )
    .await?;
    tx.commit().await
}

/// Stops the clock for one participant: nothing of theirs is anonymised while the hold stands.
pub async fn place_hold(
    db: &Db,
    actor: &Actor<'_>,
    participant: PersonId,
    reason: &str,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    if !retention::record_is_whole(&mut tx, participant).await? {
        return Err(AppError::NotFound(
            "that participant (or their record has already been anonymised)".into(),
        ));
    }
    if !retention::place_hold(&mut tx, participant, reason, actor.person, today).await? {
        return Err(AppError::Conflict(
            "Their records are already on hold: lift that hold first to change its reason.".into(),
        ));
    }
    // The reason can name a court case: it stays on the hold, not in the log.
    audit::record_by(
        &mut tx,
        Some(actor),
        AuditAction::LegalHoldPlaced,
        Some(participant),
        "legal hold placed",
    )
    .await?;
    tx.commit().await
}

/// Lifts a hold: the participant's records follow the schedule again from the next run.
pub async fn lift_hold(db: &Db, actor: &Actor<'_>, participant: PersonId) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    if !retention::lift_hold(&mut tx, participant).await? {
        return Err(AppError::NotFound(
            "a legal hold on that participant".into(),
        ));
    }
    audit::record_by(
        &mut tx,
        Some(actor),
        AuditAction::LegalHoldLifted,
        Some(participant),
        "legal hold lifted",
    )
    .await?;
    tx.commit().await
}

/// Anonymises and deletes whatever has expired on `today`, in one transaction: a failure half
/// way leaves everything as it was. `actor` is `None` for the daily job. A run that finds
/// nothing writes nothing (so app servers starting up leave no trace).
pub async fn run(
    db: &Db,
    actor: Option<&Actor<'_>>,
    today: NaiveDate,
) -> Result<RunSummary, AppError> {
    let mut tx = db.write().await?;
    let months = months(&mut tx).await?;
    let mut summary = RunSummary::default();

    if let Some(by) = cutoff(&months, RecordKind::OneToOneNotes, today) {
        for (participant, _) in retention::notes_due(&mut tx, by).await? {
            let removed = retention::remove_notes(&mut tx, participant, today).await?;
            if removed == 0 {
                continue;
            }
            summary.notes_removed += removed;
            let detail = format!("the wording of {removed} one-to-one notes removed (retention)");
            tombstone(&mut tx, actor, Some(participant), &detail).await?;
        }
    }
    if let Some(by) = cutoff(&months, RecordKind::CaseRecords, today) {
        for participant in retention::cases_due(&mut tx, by).await? {
            if retention::anonymise_participant(&mut tx, participant, today).await? {
                summary.participants_anonymised += 1;
                let detail = "participant record anonymised (retention): names, contacts, notes and free text removed";
                tombstone(&mut tx, actor, Some(participant), detail).await?;
            }
        }
        // After the participants: their referrals go with them.
        for referral in retention::referrals_due(&mut tx, by).await? {
            let born_year = referral.born_on.map(|born| born.year());
            if retention::anonymise_referral(&mut tx, referral.id, born_year, today).await? {
                summary.referrals_anonymised += 1;
                let detail = format!("referral {} anonymised (retention)", referral.id);
                tombstone(&mut tx, actor, None, &detail).await?;
            }
        }
    }
    if let Some(by) = cutoff(&months, RecordKind::Receipts, today) {
        summary.receipts_deleted = retention::delete_receipts(&mut tx, by).await?;
    }
    if let Some(by) = cutoff(&months, RecordKind::AuditEntries, today) {
        let before = by.succ_opt().unwrap_or(by);
        summary.audit_entries_deleted = retention::purge_audit(&mut tx, before).await?;
    }

    if summary != RunSummary::default() {
        audit::record_by(
            &mut tx,
            actor,
            AuditAction::RetentionRun,
            None,
            &summary.words(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(summary)
}

/// The record of what was anonymised: kept for as long as the log itself is kept.
async fn tombstone(
    tx: &mut Tx,
    actor: Option<&Actor<'_>>,
    subject: Option<PersonId>,
    detail: &str,
) -> Result<(), AppError> {
    audit::record_by(tx, actor, AuditAction::RecordAnonymised, subject, detail).await
}

/// The daily job's run: today in the programme's time zone, nobody signed in.
pub async fn run_today(db: &Db) -> Result<RunSummary, AppError> {
    let today = crate::server::clock::programme_now(db).await?.date();
    run(db, None, today).await
}
