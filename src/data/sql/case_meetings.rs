//! Case meetings, their attendees, minutes and actions, and what a meeting's agenda and packs
//! read from the records. The rules (who to talk about, who reads which part of a pack, what a
//! closed meeting refuses) are in `case_meetings`; the database also refuses any change to a
//! closed meeting's minutes.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::Conn;
use crate::case_meetings::{ActionId, ActionLine, MeetingId, MeetingSummary, MinuteId};
use crate::data::case_meetings::{
    ActiveRow, MeetingRow, MinuteRow, ReferralLine, RegisterRow, RideRow, StaffRow,
};
use crate::error::AppError;
use crate::people::PersonId;

const NAME: &str = "coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name";

pub async fn meetings(conn: &mut Conn) -> Result<Vec<MeetingSummary>, AppError> {
    Ok(sqlx::query_as(
        "SELECT m.id, m.held_on, m.closed_at IS NOT NULL AS closed,
            (SELECT count(*) FROM case_meeting_attendees a WHERE a.meeting_id = m.id) AS attendees,
            (SELECT count(*) FROM case_actions c WHERE c.meeting_id = m.id) AS actions
         FROM case_meetings m ORDER BY m.held_on DESC",
    )
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn meeting(conn: &mut Conn, id: MeetingId) -> Result<Option<MeetingRow>, AppError> {
    Ok(
        sqlx::query_as(
            "SELECT id, held_on, closed_at, reviewed_since FROM case_meetings WHERE id = $1",
        )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn meeting_before(
    conn: &mut Conn,
    day: NaiveDate,
) -> Result<Option<NaiveDate>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT max(held_on) FROM case_meetings WHERE held_on < $1")
            .bind(day)
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn meeting_on(conn: &mut Conn, day: NaiveDate) -> Result<Option<MeetingId>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM case_meetings WHERE held_on = $1")
            .bind(day)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn insert_meeting(
    conn: &mut Conn,
    day: NaiveDate,
    by: PersonId,
) -> Result<MeetingId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO case_meetings (held_on, opened_by) VALUES ($1, $2) RETURNING id",
    )
    .bind(day)
    .bind(by)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn close_meeting(
    conn: &mut Conn,
    id: MeetingId,
    by: PersonId,
    at: DateTime<Utc>,
    reviewed_since: NaiveDate,
) -> Result<bool, AppError> {
    let closed = sqlx::query(
        "UPDATE case_meetings SET closed_at = $3, closed_by = $2, reviewed_since = $4
         WHERE id = $1 AND closed_at IS NULL",
    )
    .bind(id)
    .bind(by)
    .bind(at)
    .bind(reviewed_since)
    .execute(&mut *conn)
    .await?;
    Ok(closed.rows_affected() == 1)
}

pub async fn attendees(
    conn: &mut Conn,
    id: MeetingId,
) -> Result<Vec<(PersonId, String)>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, {NAME} FROM case_meeting_attendees a JOIN people p ON p.id = a.person_id
         WHERE a.meeting_id = $1 ORDER BY p.given_name, p.family_name"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn set_attendee(
    conn: &mut Conn,
    id: MeetingId,
    person: PersonId,
    here: bool,
) -> Result<(), AppError> {
    let statement = if here {
        "INSERT INTO case_meeting_attendees (meeting_id, person_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM case_meeting_attendees WHERE meeting_id = $1 AND person_id = $2"
    };
    sqlx::query(statement)
        .bind(id)
        .bind(person)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn staff(conn: &mut Conn) -> Result<Vec<StaffRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, {NAME} AS name,
            EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = p.id
                    AND r.role IN ('tutor', 'mentor', 'coordinator', 'team_leader')) AS owns_actions
         FROM people p
         WHERE p.is_active AND EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = p.id
               AND r.role IN ('tutor', 'mentor', 'driver', 'coordinator', 'team_leader'))
         ORDER BY p.given_name, p.family_name, p.id"
    ))
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn active_participants(conn: &mut Conn) -> Result<Vec<ActiveRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, {NAME} AS name, pa.mentor_id, pa.referral_date AS since
         FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE pa.status = 'active' AND pa.anonymised_on IS NULL
         ORDER BY p.given_name, p.family_name, p.id"
    ))
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn led_participants(
    conn: &mut Conn,
    lead: PersonId,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<PersonId>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT b.participant_id FROM bookings b
         JOIN sessions s ON s.id = b.session_id
         JOIN session_leads l ON l.session_id = s.id
         WHERE l.person_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
           AND b.status = 'booked' AND s.status = 'scheduled'
         ORDER BY b.participant_id",
    )
    .bind(lead)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn registers(
    conn: &mut Conn,
    participant: Option<PersonId>,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<RegisterRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT a.participant_id, s.starts_at, ac.name AS activity, a.outcome, a.absent_reason
         FROM attendance a JOIN sessions s ON s.id = a.session_id
         JOIN activities ac ON ac.id = s.activity_id
         WHERE ($1 IS NULL OR a.participant_id = $1) AND s.starts_at >= $2 AND s.starts_at < $3
         ORDER BY a.participant_id, s.starts_at",
    )
    .bind(participant)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn last_attended(
    conn: &mut Conn,
    participant: Option<PersonId>,
    until: NaiveDateTime,
) -> Result<Vec<(PersonId, NaiveDateTime)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT a.participant_id, max(s.starts_at) FROM attendance a
         JOIN sessions s ON s.id = a.session_id
         WHERE ($1 IS NULL OR a.participant_id = $1) AND a.outcome = 'attended'
           AND s.starts_at < $2
         GROUP BY a.participant_id",
    )
    .bind(participant)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn scores(
    conn: &mut Conn,
    participant: Option<PersonId>,
    instrument: &str,
    last: NaiveDate,
) -> Result<Vec<(PersonId, NaiveDate, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT participant_id, completed_on, score FROM wellbeing_responses
         WHERE ($1 IS NULL OR participant_id = $1) AND instrument = $2
           AND completed_on IS NOT NULL AND score IS NOT NULL AND completed_on <= $3
         ORDER BY participant_id, completed_on, id",
    )
    .bind(participant)
    .bind(instrument)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn open_goals(
    conn: &mut Conn,
    participant: Option<PersonId>,
) -> Result<Vec<(PersonId, String, NaiveDate)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT participant_id, title, target_on FROM goals
         WHERE ($1 IS NULL OR participant_id = $1) AND (review IS NULL OR review <> 'achieved')
         ORDER BY participant_id, target_on, id",
    )
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn rides(
    conn: &mut Conn,
    participant: Option<PersonId>,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<RideRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT b.participant_id, r.run_date, r.direction, rs.boarding
         FROM run_seats rs JOIN runs r ON r.id = rs.run_id JOIN bookings b ON b.id = rs.booking_id
         WHERE ($1 IS NULL OR b.participant_id = $1) AND r.run_date >= $2 AND r.run_date <= $3
         ORDER BY b.participant_id, r.run_date, r.direction DESC",
    )
    .bind(participant)
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn referrals(
    conn: &mut Conn,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<ReferralLine>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, received_on, source, given_name || ' ' || family_name AS name, status
         FROM referrals WHERE received_on >= $1 AND received_on <= $2 AND anonymised_on IS NULL
         ORDER BY received_on, id",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn kept_apart_from(
    conn: &mut Conn,
    participant: PersonId,
) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT {NAME} FROM keep_apart k
         JOIN people p ON p.id = CASE WHEN k.person_a = $1 THEN k.person_b ELSE k.person_a END
         WHERE k.person_a = $1 OR k.person_b = $1
         ORDER BY p.given_name, p.family_name"
    ))
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn record_notes(
    conn: &mut Conn,
    participant: PersonId,
) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT notes FROM participants WHERE person_id = $1")
            .bind(participant)
            .fetch_optional(&mut *conn)
            .await?
            .flatten(),
    )
}

fn action_select() -> String {
    format!(
        "SELECT c.id, c.meeting_id, m.held_on AS raised_on, c.participant_id,
            (SELECT {NAME} FROM people p WHERE p.id = c.participant_id) AS participant,
            c.what, c.owner_id, (SELECT {NAME} FROM people p WHERE p.id = c.owner_id) AS owner,
            c.due_on, c.done_on
         FROM case_actions c JOIN case_meetings m ON m.id = c.meeting_id"
    )
}

pub async fn actions(
    conn: &mut Conn,
    owner: Option<PersonId>,
    done_after: NaiveDate,
) -> Result<Vec<ActionLine>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{} WHERE ($1 IS NULL OR c.owner_id = $1) AND (c.done_on IS NULL OR c.done_on > $2)
         ORDER BY c.done_on IS NOT NULL, c.due_on, c.id",
        action_select()
    ))
    .bind(owner)
    .bind(done_after)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn action(conn: &mut Conn, id: ActionId) -> Result<Option<ActionLine>, AppError> {
    Ok(
        sqlx::query_as(&format!("{} WHERE c.id = $1", action_select()))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn insert_action(
    conn: &mut Conn,
    meeting: MeetingId,
    participant: PersonId,
    what: &str,
    owner: PersonId,
    due_on: NaiveDate,
    by: PersonId,
) -> Result<ActionId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO case_actions (meeting_id, participant_id, what, owner_id, due_on, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(meeting)
    .bind(participant)
    .bind(what)
    .bind(owner)
    .bind(due_on)
    .bind(by)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn action_done(
    conn: &mut Conn,
    id: ActionId,
    on: NaiveDate,
    by: PersonId,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE case_actions SET done_on = $2, done_by = $3 WHERE id = $1 AND done_on IS NULL",
    )
    .bind(id)
    .bind(on)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn minutes(
    conn: &mut Conn,
    meeting: MeetingId,
    participant: Option<PersonId>,
) -> Result<Vec<MinuteRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT c.id, c.participant_id, c.note, {NAME} AS by_name, c.after_closing
         FROM case_minutes c JOIN people p ON p.id = c.written_by
         WHERE c.meeting_id = $1 AND ($2 IS NULL OR c.participant_id = $2)
         ORDER BY c.participant_id, c.id"
    ))
    .bind(meeting)
    .bind(participant)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn insert_minute(
    conn: &mut Conn,
    meeting: MeetingId,
    participant: PersonId,
    note: &str,
    by: PersonId,
    after_closing: bool,
) -> Result<MinuteId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO case_minutes (meeting_id, participant_id, note, written_by, after_closing)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(meeting)
    .bind(participant)
    .bind(note)
    .bind(by)
    .bind(after_closing)
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn minute(
    conn: &mut Conn,
    id: MinuteId,
) -> Result<Option<(MeetingId, PersonId)>, AppError> {
    Ok(
        sqlx::query_as("SELECT meeting_id, participant_id FROM case_minutes WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn correct_minute(conn: &mut Conn, id: MinuteId, note: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE case_minutes SET note = $2 WHERE id = $1")
        .bind(id)
        .bind(note)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
