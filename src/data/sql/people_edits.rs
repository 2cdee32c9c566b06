//! Changing a person in the database: the rows an edit of their details, roles and programme
//! details reads and writes. Each edit is one use case in `people_admin::use_cases`, in one
//! transaction; a role that something still depends on is refused there in plain words (and by
//! the database's triggers if that code were ever bypassed).

use chrono::NaiveDate;

use super::{Conn, Pool};
use crate::data::people_edits::{Contact, SavedProgramme};
use crate::error::AppError;
use crate::people::records::{EditChoices, ProgrammeDetails};
use crate::people::{ParticipantStatus, PersonId, ReferralSource, Role};

/// A person's names and contact details; `None` when there is no such person.
pub async fn contact(conn: &mut Conn, id: PersonId) -> Result<Option<Contact>, AppError> {
    Ok(sqlx::query_as(
        "SELECT given_name, family_name, preferred_name, phone, email FROM people WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Saves a person's names and contact details. An email someone else has is the schema's
/// refusal (a conflict).
pub async fn write_contact(conn: &mut Conn, id: PersonId, new: &Contact) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE people SET given_name = $1, family_name = $2, preferred_name = $3, phone = $4, email = $5
         WHERE id = $6",
    )
    .bind(&new.given_name)
    .bind(&new.family_name)
    .bind(&new.preferred_name)
    .bind(&new.phone)
    .bind(&new.email)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Renames the person's sign-in name from `before` to `after`, if it is still `before`. A name
/// someone else has is the schema's refusal (a conflict).
pub async fn rename_account(
    conn: &mut Conn,
    id: PersonId,
    before: &str,
    after: &str,
) -> Result<(), AppError> {
    sqlx::query("UPDATE accounts SET username = $1 WHERE person_id = $2 AND username = $3")
        .bind(after)
        .bind(id)
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The person's roles.
pub async fn roles(conn: &mut Conn, id: PersonId) -> Result<Vec<Role>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT role FROM person_roles WHERE person_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// Gives the person `role`.
pub async fn add_role(conn: &mut Conn, id: PersonId, role: Role) -> Result<(), AppError> {
    sqlx::query("INSERT INTO person_roles (person_id, role) VALUES ($1, $2)")
        .bind(id)
        .bind(role)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Takes `role` from the person.
pub async fn remove_role(conn: &mut Conn, id: PersonId, role: Role) -> Result<(), AppError> {
    sqlx::query("DELETE FROM person_roles WHERE person_id = $1 AND role = $2")
        .bind(id)
        .bind(role)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// How many participants the person mentors.
pub async fn mentees(conn: &mut Conn, id: PersonId) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM participants WHERE mentor_id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Whether the person leads a planned session, and whether they hold a role that leads
/// sessions other than `role`.
pub async fn leads_planned_sessions(
    conn: &mut Conn,
    id: PersonId,
    role: Role,
) -> Result<(bool, bool), AppError> {
    let leads_planned: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM session_leads l JOIN sessions s ON s.id = l.session_id
                        WHERE l.person_id = $1 AND s.status = 'scheduled')",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let other_lead_role: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM person_roles WHERE person_id = $1 AND role <> $2
                        AND role IN ('tutor', 'mentor', 'coordinator', 'team_leader'))",
    )
    .bind(id)
    .bind(role)
    .fetch_one(&mut *conn)
    .await?;
    Ok((leads_planned, other_lead_role))
}

/// Creates or updates the participant row's referral. True when the referral changed.
pub async fn save_referral(
    conn: &mut Conn,
    id: PersonId,
    source: ReferralSource,
    date: NaiveDate,
) -> Result<bool, AppError> {
    let changed = sqlx::query(
        "INSERT INTO participants (person_id, referral_source, referral_date, status)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (person_id) DO UPDATE SET referral_source = $2, referral_date = $3
         WHERE participants.referral_source <> $2 OR participants.referral_date <> $3",
    )
    .bind(id)
    .bind(source)
    .bind(date)
    .bind(ParticipantStatus::Referred)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// A participant's programme details as saved; `None` when they are not a participant.
pub async fn programme(conn: &mut Conn, id: PersonId) -> Result<Option<SavedProgramme>, AppError> {
    Ok(sqlx::query_as(
        "SELECT status, mentor_id, default_pickup_point_id, needs_lift, uses_wheelchair,
                mobility_needs, notes
         FROM participants WHERE person_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Whether `id` is an active mentor.
pub async fn is_active_mentor(conn: &mut Conn, id: PersonId) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM person_roles r JOIN people p ON p.id = r.person_id
                        WHERE r.person_id = $1 AND r.role = 'mentor' AND p.is_active)",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

/// Saves a participant's programme details (`mobility_needs` and `notes` already trimmed). A
/// pick-up point removed meanwhile is the schema's refusal (a conflict).
pub async fn write_programme(
    conn: &mut Conn,
    id: PersonId,
    details: &ProgrammeDetails,
    mobility_needs: Option<&str>,
    notes: Option<&str>,
    today: NaiveDate,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE participants
         SET status = $1, mentor_id = $2, default_pickup_point_id = $3, needs_lift = $4,
             uses_wheelchair = $5, mobility_needs = $6, notes = $7,
             closed_on = CASE WHEN $1 IN ('completed', 'withdrawn')
                              THEN COALESCE(closed_on, $9) END
         WHERE person_id = $8",
    )
    .bind(details.status)
    .bind(details.mentor_id)
    .bind(details.pickup_point_id)
    .bind(details.needs_lift)
    .bind(details.uses_wheelchair)
    .bind(mobility_needs)
    .bind(notes)
    .bind(id)
    .bind(today)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Frees the seats the participant holds on runs from `from` on.
pub async fn free_seats_from(conn: &mut Conn, id: PersonId, from: NaiveDate) -> Result<(), AppError> {
    sqlx::query(
        "DELETE FROM run_seats
         WHERE booking_id IN (SELECT id FROM bookings WHERE participant_id = $1)
           AND run_id IN (SELECT id FROM runs WHERE run_date >= $2)",
    )
    .bind(id)
    .bind(from)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The lists the edit form chooses from.
pub async fn edit_choices(db: &Pool) -> Result<EditChoices, AppError> {
    let pickup_points = sqlx::query_as("SELECT id, name FROM pickup_points ORDER BY name")
        .fetch_all(db)
        .await?;
    let mentors = sqlx::query_as(
        "SELECT p.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name
         FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'mentor'
         WHERE p.is_active
         ORDER BY p.family_name, p.given_name",
    )
    .fetch_all(db)
    .await?;
    Ok(EditChoices {
        pickup_points,
        mentors,
    })
}
