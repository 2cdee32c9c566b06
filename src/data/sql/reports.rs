//! What the funders' report counts and what the Justice Data Lab extract lists, read straight
//! from the records (sessions, registers, rides, referrals, goals, scores); the counting rules
//! and the withholding of small numbers are in `reports::funders`.

use chrono::{NaiveDate, NaiveDateTime};

use super::Conn;
use crate::data::reports::{AreaGoalsRow, DataLabRow, IdentityRow, ReferralRow, RunsRow};
use crate::error::AppError;
use crate::people::PersonId;

/// Referrals received from `first` to `last`, with the day of each step of their journey.
pub async fn referrals(
    conn: &mut Conn,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<ReferralRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT r.source, r.received_on,
            (SELECT min(e.on_date) FROM referral_events e
             WHERE e.referral_id = r.id AND e.status IN ('contacted', 'assessed', 'active'))
                AS first_contact_on,
            (SELECT min(s.starts_at) FROM attendance a JOIN sessions s ON s.id = a.session_id
             WHERE a.participant_id = r.participant_id AND a.outcome = 'attended'
               AND s.starts_at >= r.received_on) AS first_session_at,
            (SELECT min(e.on_date) FROM referral_events e
             WHERE e.referral_id = r.id AND e.close_reason = 'completed') AS completed_on
         FROM referrals r WHERE r.received_on >= $1 AND r.received_on <= $2
         ORDER BY r.received_on, r.id",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?)
}

/// Register entries of sessions that started in `[from, until)`, counted by outcome.
pub async fn register_outcomes(
    conn: &mut Conn,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<(String, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT a.outcome, count(*) FROM attendance a JOIN sessions s ON s.id = a.session_id
         WHERE s.starts_at >= $1 AND s.starts_at < $2
         GROUP BY a.outcome ORDER BY a.outcome",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?)
}

/// Places booked on sessions held in `[from, until)` for which no register entry was made.
pub async fn places_without_register(
    conn: &mut Conn,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM bookings b JOIN sessions s ON s.id = b.session_id
         WHERE b.status = 'booked' AND s.status = 'scheduled'
           AND s.starts_at >= $1 AND s.starts_at < $2
           AND NOT EXISTS (SELECT 1 FROM attendance a
                           WHERE a.session_id = b.session_id AND a.participant_id = b.participant_id)",
    )
    .bind(from)
    .bind(until)
    .fetch_one(&mut *conn)
    .await?)
}

/// Participants on the programme now (active, not anonymised), and how many of them attended a
/// session that started in `[from, until)`.
pub async fn engagement(
    conn: &mut Conn,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<(i64, i64), AppError> {
    Ok(sqlx::query_as(
        "SELECT
            (SELECT count(*) FROM participants WHERE status = 'active' AND anonymised_on IS NULL),
            (SELECT count(DISTINCT a.participant_id)
             FROM attendance a
             JOIN sessions s ON s.id = a.session_id
             JOIN participants p ON p.person_id = a.participant_id
             WHERE p.status = 'active' AND p.anonymised_on IS NULL AND a.outcome = 'attended'
               AND s.starts_at >= $1 AND s.starts_at < $2)",
    )
    .bind(from)
    .bind(until)
    .fetch_one(&mut *conn)
    .await?)
}

/// Per area of need (in the programme's order): goals set in the period, and goals reviewed in
/// it by outcome.
pub async fn goals_by_area(
    conn: &mut Conn,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<AreaGoalsRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT na.name AS area,
            sum(CASE WHEN g.created_on >= $1 AND g.created_on <= $2 THEN 1 ELSE 0 END) AS set_in_period,
            sum(CASE WHEN g.reviewed_on >= $1 AND g.reviewed_on <= $2 AND g.review = 'achieved'
                THEN 1 ELSE 0 END) AS achieved,
            sum(CASE WHEN g.reviewed_on >= $1 AND g.reviewed_on <= $2 AND g.review = 'partly'
                THEN 1 ELSE 0 END) AS partly,
            sum(CASE WHEN g.reviewed_on >= $1 AND g.reviewed_on <= $2 AND g.review = 'not_yet'
                THEN 1 ELSE 0 END) AS not_yet
         FROM need_areas na LEFT JOIN goals g ON g.area_id = na.id
         WHERE NOT na.retired OR g.id IS NOT NULL
         GROUP BY na.id, na.name, na.position
         ORDER BY na.position, na.name",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?)
}

/// Every completed score on `instrument` up to `last`, each participant's oldest first.
pub async fn scores(
    conn: &mut Conn,
    instrument: &str,
    last: NaiveDate,
) -> Result<Vec<(PersonId, NaiveDate, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT participant_id, completed_on, score FROM wellbeing_responses
         WHERE instrument = $1 AND completed_on IS NOT NULL AND score IS NOT NULL
           AND completed_on <= $2
         ORDER BY participant_id, completed_on, id",
    )
    .bind(instrument)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?)
}

/// The published runs from `first` to `last` (none after `last`), their miles from the
/// odometer readings, and the passengers the driver ticked as boarded.
pub async fn runs(conn: &mut Conn, first: NaiveDate, last: NaiveDate) -> Result<RunsRow, AppError> {
    Ok(sqlx::query_as(
        "SELECT count(*) AS runs,
            CAST(coalesce(sum(CASE WHEN odometer_start IS NOT NULL AND odometer_end IS NOT NULL
                         THEN odometer_end - odometer_start ELSE 0 END), 0) AS bigint) AS miles,
            CAST(coalesce(sum(CASE WHEN odometer_start IS NULL OR odometer_end IS NULL
                         THEN 1 ELSE 0 END), 0) AS bigint) AS without_readings,
            (SELECT count(*) FROM run_seats rs JOIN runs rr ON rr.id = rs.run_id
             WHERE rr.run_date >= $1 AND rr.run_date <= $2 AND rr.published_at IS NOT NULL
               AND rs.boarding = 'boarded') AS boarded
         FROM runs WHERE run_date >= $1 AND run_date <= $2 AND published_at IS NOT NULL",
    )
    .bind(first)
    .bind(last)
    .fetch_one(&mut *conn)
    .await?)
}

/// A participant's date of birth, gender and Data Lab consent, if any was given.
pub async fn identity(conn: &mut Conn, participant: PersonId) -> Result<Option<IdentityRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT born_on, gender, data_lab_consent_on FROM participant_identity
         WHERE participant_id = $1",
    )
    .bind(participant)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Keeps a participant's date of birth, gender and Data Lab consent (all may be blank).
pub async fn save_identity(
    conn: &mut Conn,
    participant: PersonId,
    row: &IdentityRow,
    by: PersonId,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO participant_identity
            (participant_id, born_on, gender, data_lab_consent_on, changed_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (participant_id) DO UPDATE SET born_on = excluded.born_on,
            gender = excluded.gender, data_lab_consent_on = excluded.data_lab_consent_on,
            changed_by = excluded.changed_by",
    )
    .bind(participant)
    .bind(row.born_on)
    .bind(row.gender.as_deref())
    .bind(row.data_lab_consent_on)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Everyone who agreed to the Data Lab study and whose record is whole, with the day of their
/// first session (their programme start; `None` if they have not come to one yet).
pub async fn data_lab_rows(conn: &mut Conn) -> Result<Vec<DataLabRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT p.family_name, p.given_name, i.born_on, i.gender,
            (SELECT min(s.starts_at) FROM attendance a JOIN sessions s ON s.id = a.session_id
             WHERE a.participant_id = i.participant_id AND a.outcome = 'attended') AS started_at
         FROM participant_identity i
         JOIN participants pa ON pa.person_id = i.participant_id
         JOIN people p ON p.id = i.participant_id
         WHERE i.data_lab_consent_on IS NOT NULL AND pa.anonymised_on IS NULL
         ORDER BY p.family_name, p.given_name, p.id",
    )
    .fetch_all(&mut *conn)
    .await?)
}
