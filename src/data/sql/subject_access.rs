//! Subject access: the requests, and the reads that gather everything held about one person.
//! Staff who took a step are named (the person may know who decided what about them); other
//! participants never are — the reads join only staff names, and the audit entries' detail is
//! left out where it names another participant (keep-apart entries).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::Conn;
use crate::data::subject_access::{PersonRow, ReferralRow, RequestRow};
use crate::error::AppError;
use crate::people::PersonId;
use crate::subject_access::{HowReceived, RequestId};

pub async fn insert_request(
    conn: &mut Conn,
    participant: PersonId,
    received_on: NaiveDate,
    due_on: NaiveDate,
    how: HowReceived,
    by: PersonId,
) -> Result<RequestId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO subject_access_requests (participant_id, received_on, due_on, how, registered_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(participant)
    .bind(received_on)
    .bind(due_on)
    .bind(how)
    .bind(by)
    .fetch_one(&mut *conn)
    .await?)
}

/// Open requests first, soonest due first; then answered ones, latest first.
pub async fn requests(conn: &mut Conn) -> Result<Vec<RequestRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.participant_id AS participant, p.given_name || ' ' || p.family_name AS name,
                r.received_on, r.due_on, r.how, r.answered_on
         FROM subject_access_requests r JOIN people p ON p.id = r.participant_id
         ORDER BY (r.answered_on IS NOT NULL), r.due_on, r.id",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Participants whose records are still whole, by name.
pub async fn participants(conn: &mut Conn) -> Result<Vec<(PersonId, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT pa.person_id, p.given_name || ' ' || p.family_name
         FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE pa.anonymised_on IS NULL
         ORDER BY p.family_name, p.given_name, pa.person_id",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// The request's person and the day it arrived.
pub async fn request(
    conn: &mut Conn,
    id: RequestId,
) -> Result<Option<(PersonId, NaiveDate)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT participant_id, received_on FROM subject_access_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn mark_answered(conn: &mut Conn, id: RequestId, on: NaiveDate) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE subject_access_requests SET answered_on = $2
         WHERE id = $1 AND answered_on IS NULL AND received_on <= $2",
    )
    .bind(id)
    .bind(on)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn person(conn: &mut Conn, participant: PersonId) -> Result<Option<PersonRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT p.given_name, p.family_name, p.preferred_name, p.phone, p.email,
                a.username, pa.referral_source, pa.referral_date, pa.status, pa.closed_on,
                m.given_name || ' ' || m.family_name AS mentor, pp.name AS pickup_point, pa.needs_lift,
                pa.uses_wheelchair, pa.mobility_needs, pa.notes
         FROM participants pa
         JOIN people p ON p.id = pa.person_id
         LEFT JOIN accounts a ON a.person_id = pa.person_id
         LEFT JOIN people m ON m.id = pa.mentor_id
         LEFT JOIN pickup_points pp ON pp.id = pa.default_pickup_point_id
         WHERE pa.person_id = $1",
    )
    .bind(participant)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn referrals(conn: &mut Conn, participant: PersonId) -> Result<Vec<ReferralRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, source, referrer_organisation, referrer_name, referrer_contact, received_on,
                given_name, family_name, born_on, phone, email, town, in_area, reason,
                consent_how, consent_on, share_back, status, close_reason
         FROM referrals WHERE participant_id = $1 ORDER BY received_on, id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub type HistoryRow = (NaiveDate, String, Option<String>, Option<String>, Option<String>);

pub async fn referral_history(conn: &mut Conn, participant: PersonId) -> Result<Vec<HistoryRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT e.on_date, e.status, e.close_reason, e.note, b.given_name || ' ' || b.family_name
         FROM referral_events e
         JOIN referrals r ON r.id = e.referral_id
         LEFT JOIN people b ON b.id = e.by_id
         WHERE r.participant_id = $1 ORDER BY e.id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn bookings(
    conn: &mut Conn,
    participant: PersonId,
) -> Result<Vec<(NaiveDateTime, String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.starts_at, a.name, b.status
         FROM bookings b JOIN sessions s ON s.id = b.session_id JOIN activities a ON a.id = s.activity_id
         WHERE b.participant_id = $1 ORDER BY s.starts_at, b.id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn attendance(
    conn: &mut Conn,
    participant: PersonId,
) -> Result<Vec<(NaiveDateTime, String, String, Option<String>)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.starts_at, a.name, t.outcome, t.absent_reason
         FROM attendance t JOIN sessions s ON s.id = t.session_id JOIN activities a ON a.id = s.activity_id
         WHERE t.participant_id = $1 ORDER BY s.starts_at",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn rides(
    conn: &mut Conn,
    participant: PersonId,
) -> Result<Vec<(NaiveDate, String, String, Option<String>)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT r.run_date, rs.direction, pp.name, rs.boarding
         FROM run_seats rs
         JOIN bookings b ON b.id = rs.booking_id
         JOIN runs r ON r.id = rs.run_id
         JOIN pickup_points pp ON pp.id = rs.pickup_point_id
         WHERE b.participant_id = $1 ORDER BY r.run_date, rs.direction",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn groups(conn: &mut Conn, participant: PersonId) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT a.name FROM activity_group_members g JOIN activities a ON a.id = g.activity_id
         WHERE g.participant_id = $1 ORDER BY a.name",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn needs(
    conn: &mut Conn,
    participant: PersonId,
) -> Result<Vec<(String, String, Option<String>, NaiveDate)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT a.name, n.level, n.note, n.assessed_on
         FROM assessed_needs n JOIN need_areas a ON a.id = n.area_id
         WHERE n.participant_id = $1 ORDER BY a.position, a.id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub type GoalRow = (i64, String, String, NaiveDate, Option<String>, Option<String>);

pub async fn goals(conn: &mut Conn, participant: PersonId) -> Result<Vec<GoalRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT g.id, a.name, g.title, g.target_on, g.review, g.review_comment
         FROM goals g JOIN need_areas a ON a.id = g.area_id
         WHERE g.participant_id = $1 ORDER BY g.id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn steps(
    conn: &mut Conn,
    participant: PersonId,
) -> Result<Vec<(i64, String, Option<NaiveDate>)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.goal_id, s.step, s.done_on
         FROM goal_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.participant_id = $1 ORDER BY s.goal_id, s.position",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn one_to_ones(
    conn: &mut Conn,
    participant: PersonId,
) -> Result<Vec<(NaiveDate, String, String, Option<String>)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT o.met_on, o.kind, o.note, b.given_name || ' ' || b.family_name
         FROM one_to_ones o LEFT JOIN people b ON b.id = o.recorded_by
         WHERE o.participant_id = $1 ORDER BY o.met_on, o.id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

/// What case meetings minuted about the participant: (meeting day, the minute, written after
/// the meeting closed, written by).
pub async fn case_minutes(
    conn: &mut Conn,
    participant: PersonId,
) -> Result<Vec<(NaiveDate, String, bool, Option<String>)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT m.held_on, n.note, n.after_closing, w.given_name || ' ' || w.family_name
         FROM case_minutes n JOIN case_meetings m ON m.id = n.meeting_id
         LEFT JOIN people w ON w.id = n.written_by
         WHERE n.participant_id = $1 ORDER BY m.held_on, n.id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

/// The actions case meetings decided about the participant: (meeting day, what, who, due,
/// done).
pub async fn case_actions(
    conn: &mut Conn,
    participant: PersonId,
) -> Result<Vec<CaseActionRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT m.held_on, a.what, o.given_name || ' ' || o.family_name, a.due_on, a.done_on
         FROM case_actions a JOIN case_meetings m ON m.id = a.meeting_id
         LEFT JOIN people o ON o.id = a.owner_id
         WHERE a.participant_id = $1 ORDER BY m.held_on, a.id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub type CaseActionRow = (
    NaiveDate,
    String,
    Option<String>,
    NaiveDate,
    Option<NaiveDate>,
);

pub type ScoreRow = (
    NaiveDate,
    Option<NaiveDate>,
    String,
    Option<i64>,
    bool,
    String,
    String,
);

pub async fn wellbeing(conn: &mut Conn, participant: PersonId) -> Result<Vec<ScoreRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT started_on, completed_on, time_point, score, assisted_by IS NOT NULL, instrument,
                answers
         FROM wellbeing_responses WHERE participant_id = $1 ORDER BY started_on, id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn kept_apart_from(conn: &mut Conn, participant: PersonId) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM keep_apart WHERE person_a = $1 OR person_b = $1",
    )
    .bind(participant)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn hold_since(conn: &mut Conn, participant: PersonId) -> Result<Option<NaiveDate>, AppError> {
    Ok(sqlx::query_scalar("SELECT placed_on FROM legal_holds WHERE participant_id = $1")
        .bind(participant)
        .fetch_optional(&mut *conn)
        .await?)
}

pub type AuditRow = (DateTime<Utc>, String, String, String);

/// The audit entries about the person. Who did it: "You", "Nobody signed in" (a referral form,
/// the daily job), "Another participant", or a member of staff by name (former staff too); the
/// detail of keep-apart entries (which names the other person by number) is left out.
pub async fn audit(conn: &mut Conn, participant: PersonId) -> Result<Vec<AuditRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT e.at, e.action,
                CASE WHEN e.actor_id = $1 THEN 'You'
                     WHEN e.actor_id IS NULL THEN 'Nobody signed in'
                     WHEN EXISTS (SELECT 1 FROM person_roles r
                                  WHERE r.person_id = e.actor_id AND r.role = 'participant')
                          AND NOT EXISTS (SELECT 1 FROM person_roles r
                                  WHERE r.person_id = e.actor_id AND r.role <> 'participant')
                         THEN 'Another participant'
                     ELSE a.given_name || ' ' || a.family_name END,
                CASE WHEN e.action IN ('keep_apart_added', 'keep_apart_removed') THEN ''
                     ELSE e.detail END
         FROM audit_events e LEFT JOIN people a ON a.id = e.actor_id
         WHERE e.subject_id = $1 ORDER BY e.id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}
