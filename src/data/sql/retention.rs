//! Retention: the periods, legal holds, and the statements that take an expired case's personal
//! details out while keeping what the figures count (dates, source, coded outcomes, scores).

use chrono::{DateTime, NaiveDate, Utc};

use super::Conn;
use crate::data::retention::{ClosedRow, HoldRow, ReferralDue};
use crate::error::AppError;
use crate::people::PersonId;
use crate::referrals::ReferralId;
use crate::retention::RecordKind;

/// What stands where a goal's, a step's or a note's wording was.
const GOAL_REMOVED: &str = "Goal (wording removed under the retention schedule)";
const STEP_REMOVED: &str = "Step (wording removed)";
const NOTE_REMOVED: &str = "Note removed under the retention schedule.";

pub async fn periods(conn: &mut Conn) -> Result<Vec<(RecordKind, i32)>, AppError> {
    Ok(sqlx::query_as("SELECT kind, months FROM retention_periods")
        .fetch_all(&mut *conn)
        .await?)
}

pub async fn set_period(
    conn: &mut Conn,
    kind: RecordKind,
    months: i32,
    by: PersonId,
) -> Result<(), AppError> {
    sqlx::query("UPDATE retention_periods SET months = $2, changed_by = $3 WHERE kind = $1")
        .bind(kind)
        .bind(months)
        .bind(by)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn holds(conn: &mut Conn) -> Result<Vec<HoldRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT h.participant_id AS participant, p.given_name || ' ' || p.family_name AS name,
                h.reason, h.placed_on, b.given_name || ' ' || b.family_name AS placed_by
         FROM legal_holds h
         JOIN people p ON p.id = h.participant_id
         JOIN people b ON b.id = h.placed_by
         ORDER BY h.placed_on, h.participant_id",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Closed cases not yet anonymised and not on hold, most recently closed first.
pub async fn closed_cases(conn: &mut Conn) -> Result<Vec<ClosedRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT pa.person_id AS participant, p.given_name || ' ' || p.family_name AS name,
                pa.closed_on
         FROM participants pa
         JOIN people p ON p.id = pa.person_id
         WHERE pa.closed_on IS NOT NULL AND pa.anonymised_on IS NULL
           AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.participant_id = pa.person_id)
         ORDER BY pa.closed_on DESC, p.family_name, p.given_name",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Whether the participant exists and has not been anonymised (so a hold on them, or a subject
/// access request from them, makes sense).
pub async fn record_is_whole(conn: &mut Conn, participant: PersonId) -> Result<bool, AppError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT person_id FROM participants WHERE person_id = $1 AND anonymised_on IS NULL",
    )
    .bind(participant)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}

/// Whether the person's record was anonymised (and so may not be written to again).
pub async fn is_anonymised(conn: &mut Conn, person: PersonId) -> Result<bool, AppError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT person_id FROM participants WHERE person_id = $1 AND anonymised_on IS NOT NULL",
    )
    .bind(person)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}

/// Places a hold; `false` when one is already in place.
pub async fn place_hold(
    conn: &mut Conn,
    participant: PersonId,
    reason: &str,
    by: PersonId,
    on: NaiveDate,
) -> Result<bool, AppError> {
    let placed = sqlx::query(
        "INSERT INTO legal_holds (participant_id, reason, placed_by, placed_on)
         VALUES ($1, $2, $3, $4) ON CONFLICT (participant_id) DO NOTHING",
    )
    .bind(participant)
    .bind(reason)
    .bind(by)
    .bind(on)
    .execute(&mut *conn)
    .await?;
    Ok(placed.rows_affected() == 1)
}

/// Lifts a hold; `false` when there was none.
pub async fn lift_hold(conn: &mut Conn, participant: PersonId) -> Result<bool, AppError> {
    let lifted = sqlx::query("DELETE FROM legal_holds WHERE participant_id = $1")
        .bind(participant)
        .execute(&mut *conn)
        .await?;
    Ok(lifted.rows_affected() == 1)
}

/// Participants whose case closed on or before `closed_by`, not anonymised, not held.
pub async fn cases_due(conn: &mut Conn, closed_by: NaiveDate) -> Result<Vec<PersonId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT pa.person_id FROM participants pa
         WHERE pa.closed_on <= $1 AND pa.anonymised_on IS NULL
           AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.participant_id = pa.person_id)
         ORDER BY pa.person_id",
    )
    .bind(closed_by)
    .fetch_all(&mut *conn)
    .await?)
}

/// Takes a participant's personal details out. `false` when it was done already (another app
/// server's run got there first: writers take turns, so the check holds until the end). The
/// participant row is marked last: from then on the database refuses any change to it or to
/// their name.
pub async fn anonymise_participant(
    conn: &mut Conn,
    participant: PersonId,
    today: NaiveDate,
) -> Result<bool, AppError> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT person_id FROM participants WHERE person_id = $1 AND anonymised_on IS NULL",
    )
    .bind(participant)
    .fetch_optional(&mut *conn)
    .await?;
    if open.is_none() {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE people SET given_name = 'Former', family_name = 'participant',
                preferred_name = NULL, phone = NULL, email = NULL, is_active = $2
         WHERE id = $1",
    )
    .bind(participant)
    .bind(false)
    .execute(&mut *conn)
    .await?;
    for statement in [
        "DELETE FROM accounts WHERE person_id = $1",
        "DELETE FROM invites WHERE person_id = $1",
        "DELETE FROM calendar_feeds WHERE person_id = $1",
        // Date of birth, gender and the Data Lab consent go whole (issue 18).
        "DELETE FROM participant_identity WHERE participant_id = $1",
        // What case meetings minuted and decided about them is free text about them: it goes
        // whole (the meeting, its day and who came stay).
        "DELETE FROM case_minutes WHERE participant_id = $1",
        "DELETE FROM case_actions WHERE participant_id = $1",
        // A pair with someone on legal hold stays: it is part of the held person's records.
        "DELETE FROM keep_apart
         WHERE (person_a = $1 AND person_b NOT IN (SELECT participant_id FROM legal_holds))
            OR (person_b = $1 AND person_a NOT IN (SELECT participant_id FROM legal_holds))",
        "UPDATE assessed_needs SET note = NULL WHERE participant_id = $1",
        "UPDATE attendance SET absent_reason = NULL WHERE participant_id = $1",
        // The score stays for the figures; the answer to each question goes.
        "UPDATE wellbeing_responses SET answers = '' WHERE participant_id = $1",
    ] {
        sqlx::query(statement)
            .bind(participant)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("UPDATE goals SET title = $2, review_comment = NULL WHERE participant_id = $1")
        .bind(participant)
        .bind(GOAL_REMOVED)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE goal_steps SET step = $2
         WHERE goal_id IN (SELECT id FROM goals WHERE participant_id = $1)",
    )
    .bind(participant)
    .bind(STEP_REMOVED)
    .execute(&mut *conn)
    .await?;
    remove_notes(conn, participant, today).await?;
    sqlx::query(
        "UPDATE participants
         SET anonymised_on = $2, mobility_needs = NULL, notes = NULL,
             default_pickup_point_id = NULL
         WHERE person_id = $1",
    )
    .bind(participant)
    .bind(today)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Closed referrals to anonymise: those of anonymised participants, and those that never
/// became a participant and closed on or before `closed_by`.
pub async fn referrals_due(
    conn: &mut Conn,
    closed_by: NaiveDate,
) -> Result<Vec<ReferralDue>, AppError> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.born_on FROM referrals r
         LEFT JOIN participants pa ON pa.person_id = r.participant_id
         WHERE r.anonymised_on IS NULL AND (
             pa.anonymised_on IS NOT NULL
             OR (r.participant_id IS NULL AND r.status = 'closed'
                 AND (SELECT max(e.on_date) FROM referral_events e
                      WHERE e.referral_id = r.id AND e.status = 'closed') <= $1))
         ORDER BY r.id",
    )
    .bind(closed_by)
    .fetch_all(&mut *conn)
    .await?)
}

/// Takes a referral's personal details and free text out, keeping the year of birth.
pub async fn anonymise_referral(
    conn: &mut Conn,
    referral: ReferralId,
    born_year: Option<i32>,
    today: NaiveDate,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE referrals
         SET given_name = 'Former', family_name = 'referral', born_on = NULL, born_year = $2,
             phone = NULL, email = NULL, town = NULL, reason = NULL, referrer_name = NULL,
             referrer_contact = NULL, form_key = NULL, anonymised_on = $3
         WHERE id = $1 AND anonymised_on IS NULL",
    )
    .bind(referral)
    .bind(born_year)
    .bind(today)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE referral_events SET note = NULL WHERE referral_id = $1 AND note IS NOT NULL")
        .bind(referral)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// Participants with one-to-one notes still worded whose case closed on or before
/// `closed_by` (not on hold), and how many notes each.
pub async fn notes_due(
    conn: &mut Conn,
    closed_by: NaiveDate,
) -> Result<Vec<(PersonId, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT o.participant_id, count(*) FROM one_to_ones o
         JOIN participants pa ON pa.person_id = o.participant_id
         WHERE o.note_removed_on IS NULL AND pa.closed_on <= $1
           AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.participant_id = pa.person_id)
         GROUP BY o.participant_id
         ORDER BY o.participant_id",
    )
    .bind(closed_by)
    .fetch_all(&mut *conn)
    .await?)
}

/// Takes the wording out of a participant's one-to-one notes; how many went.
pub async fn remove_notes(
    conn: &mut Conn,
    participant: PersonId,
    today: NaiveDate,
) -> Result<u64, AppError> {
    let done = sqlx::query(
        "UPDATE one_to_ones SET note = $2, note_removed_on = $3
         WHERE participant_id = $1 AND note_removed_on IS NULL",
    )
    .bind(participant)
    .bind(NOTE_REMOVED)
    .bind(today)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

const RECEIPTS_DUE: &str = "FROM receipts WHERE line_id IN (
        SELECT l.id FROM claim_lines l JOIN claims c ON c.id = l.claim_id
        WHERE c.state = 'paid' AND c.paid_on <= $1)";

/// Receipt photos of claims paid on or before `paid_by`.
pub async fn receipts_due(conn: &mut Conn, paid_by: NaiveDate) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(&format!("SELECT count(*) {RECEIPTS_DUE}"))
        .bind(paid_by)
        .fetch_one(&mut *conn)
        .await?)
}

pub async fn delete_receipts(conn: &mut Conn, paid_by: NaiveDate) -> Result<u64, AppError> {
    let done = sqlx::query(&format!("DELETE {RECEIPTS_DUE}"))
        .bind(paid_by)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// The tombstones stay: they are the record of what was anonymised; so does everything about
/// someone on legal hold.
const AUDIT_DUE: &str = "FROM audit_events WHERE at < $1 AND action <> 'record_anonymised'
    AND (subject_id IS NULL OR subject_id NOT IN (SELECT participant_id FROM legal_holds))";

/// Audit entries written before `before`.
pub async fn audit_due(conn: &mut Conn, before: NaiveDate) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(&format!("SELECT count(*) {AUDIT_DUE}"))
        .bind(before)
        .fetch_one(&mut *conn)
        .await?)
}

/// Moves the audit log's horizon up to `before` (the database refuses a delete of anything
/// newer) and deletes what lies behind it.
pub async fn purge_audit(conn: &mut Conn, before: NaiveDate) -> Result<u64, AppError> {
    sqlx::query("UPDATE audit_horizon SET purge_before = $1 WHERE purge_before < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query(&format!("DELETE {AUDIT_DUE}"))
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// When the job last ran, and what it said.
pub async fn last_run(conn: &mut Conn) -> Result<Option<(DateTime<Utc>, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT at, detail FROM audit_events WHERE action = 'retention_run'
         ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?)
}
