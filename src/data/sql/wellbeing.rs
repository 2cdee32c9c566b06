//! Wellbeing questionnaires as answered: one row a sitting, its answers kept as they come in
//! (so a phone that loses signal between questions loses nothing), its score once complete.

use chrono::NaiveDate;

use super::Conn;
use crate::data::wellbeing::{CompletedRow, LastRow, OpenRow};
use crate::error::AppError;
use crate::people::PersonId;
use crate::wellbeing::{ResponseId, TimePoint};

/// The participant's open (unfinished) questionnaire, if any.
pub async fn open_response(conn: &mut Conn, participant: PersonId) -> Result<Option<OpenRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, instrument, time_point, answers FROM wellbeing_responses
         WHERE participant_id = $1 AND completed_on IS NULL",
    )
    .bind(participant)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Starts a questionnaire (answers all blank).
pub async fn insert_response(
    conn: &mut Conn,
    participant: PersonId,
    instrument: &str,
    time_point: TimePoint,
    on: NaiveDate,
    assisted_by: Option<PersonId>,
) -> Result<ResponseId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO wellbeing_responses (participant_id, instrument, time_point, started_on, assisted_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(participant)
    .bind(instrument)
    .bind(time_point)
    .bind(on)
    .bind(assisted_by)
    .fetch_one(&mut *conn)
    .await?)
}

/// Keeps the answers so far ("4,3,,5": blank for a question not answered yet).
pub async fn save_answers(conn: &mut Conn, id: ResponseId, answers: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE wellbeing_responses SET answers = $2 WHERE id = $1 AND completed_on IS NULL")
        .bind(id)
        .bind(answers)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Completes a questionnaire with its score (in hundredths).
pub async fn complete(conn: &mut Conn, id: ResponseId, score: i64, on: NaiveDate) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE wellbeing_responses SET score = $2, completed_on = $3 WHERE id = $1 AND completed_on IS NULL",
    )
    .bind(id)
    .bind(score)
    .bind(on)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The participant's completed questionnaires on `instrument`, oldest first.
pub async fn completed(
    conn: &mut Conn,
    participant: PersonId,
    instrument: &str,
) -> Result<Vec<CompletedRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT completed_on, score, time_point, assisted_by IS NOT NULL AS assisted
         FROM wellbeing_responses
         WHERE participant_id = $1 AND instrument = $2 AND completed_on IS NOT NULL
         ORDER BY completed_on, id",
    )
    .bind(participant)
    .bind(instrument)
    .fetch_all(&mut *conn)
    .await?)
}

/// Each active participant with their last completed check-in (if any) and whether they have
/// finished the programme: one query for the coordinator's list.
pub async fn last_check_ins(conn: &mut Conn) -> Result<Vec<LastRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT p.id AS participant, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS name,
                pa.status IN ('completed', 'withdrawn') AS finished,
                (SELECT w.completed_on FROM wellbeing_responses w WHERE w.participant_id = p.id
                   AND w.completed_on IS NOT NULL ORDER BY w.completed_on DESC, w.id DESC LIMIT 1) AS last_on,
                (SELECT w.time_point FROM wellbeing_responses w WHERE w.participant_id = p.id
                   AND w.completed_on IS NOT NULL ORDER BY w.completed_on DESC, w.id DESC LIMIT 1) AS last_point
         FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE p.is_active AND pa.status <> 'referred'
         ORDER BY p.family_name, p.given_name, p.id",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// One participant's last completed check-in and whether they have finished.
pub async fn last_check_in(conn: &mut Conn, participant: PersonId) -> Result<Option<LastRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT p.id AS participant, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS name,
                pa.status IN ('completed', 'withdrawn') AS finished,
                (SELECT w.completed_on FROM wellbeing_responses w WHERE w.participant_id = p.id
                   AND w.completed_on IS NOT NULL ORDER BY w.completed_on DESC, w.id DESC LIMIT 1) AS last_on,
                (SELECT w.time_point FROM wellbeing_responses w WHERE w.participant_id = p.id
                   AND w.completed_on IS NOT NULL ORDER BY w.completed_on DESC, w.id DESC LIMIT 1) AS last_point
         FROM participants pa JOIN people p ON p.id = pa.person_id WHERE p.id = $1",
    )
    .bind(participant)
    .fetch_optional(&mut *conn)
    .await?)
}
