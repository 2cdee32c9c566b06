//! People for the coordinator: the list, one record (with referral data), and the rows adding
//! and deactivating someone write (the use cases are `people_admin::use_cases`).

use crate::data::values::{Stamp};
use chrono::{DateTime, NaiveDate, Utc};

use super::accounts::roles_of;
use super::{Conn, Pool};
use crate::error::AppError;
use crate::data::people_edits::Contact;
use crate::people::records::{AuditEntry, ParticipantDetails, PersonRecord, PersonSummary};
use crate::people::{display_first_name, ParticipantStatus, PersonId, ReferralSource, Role};

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: PersonId,
    given_name: String,
    preferred_name: Option<String>,
    family_name: String,
    is_active: bool,
    can_sign_in: bool,
    roles: String,
}

/// Everyone, active first, by family name.
pub async fn list(db: &Pool) -> Result<Vec<PersonSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT p.id, p.given_name, p.preferred_name, p.family_name, p.is_active,
                a.password_hash IS NOT NULL AS can_sign_in,
                coalesce((SELECT string_agg(role, ',') FROM person_roles r WHERE r.person_id = p.id), '')
                    AS roles
         FROM people p LEFT JOIN accounts a ON a.person_id = p.id
         ORDER BY p.is_active DESC, p.family_name, p.given_name, p.id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut roles: Vec<Role> = row.roles.split(',').filter_map(parse_role).collect();
            roles.sort();
            PersonSummary {
                id: row.id,
                name: format!(
                    "{} {}",
                    display_first_name(&row.given_name, row.preferred_name.as_deref()),
                    row.family_name
                ),
                roles,
                is_active: row.is_active,
                can_sign_in: row.can_sign_in,
            }
        })
        .collect())
}

fn parse_role(text: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|role| role.slug() == text)
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: PersonId,
    given_name: String,
    family_name: String,
    preferred_name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    is_active: bool,
    username: Option<String>,
    can_sign_in: bool,
    two_step_enabled: bool,
}

/// One person's whole record, referral included. Coordinator views only.
pub async fn record(db: &Pool, id: PersonId) -> Result<PersonRecord, AppError> {
    let row: RecordRow = sqlx::query_as(
        "SELECT p.id, p.given_name, p.family_name, p.preferred_name, p.phone, p.email,
                p.is_active, a.username,
                a.password_hash IS NOT NULL AS can_sign_in,
                a.totp_enabled_at IS NOT NULL AS two_step_enabled
         FROM people p LEFT JOIN accounts a ON a.person_id = p.id
         WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::NotFound("that person".into()))?;
    let participant: Option<ParticipantDetails> = sqlx::query_as(
        "SELECT pa.default_pickup_point_id AS pickup_point_id, pp.name AS pickup_point,
                pa.needs_lift, pa.mobility_needs, pa.uses_wheelchair, pa.referral_source,
                pa.referral_date, pa.status, pa.mentor_id,
                CASE WHEN m.id IS NULL THEN NULL
                     ELSE coalesce(m.preferred_name, m.given_name) || ' ' || m.family_name END
                    AS mentor,
                pa.notes
         FROM participants pa
         LEFT JOIN pickup_points pp ON pp.id = pa.default_pickup_point_id
         LEFT JOIN people m ON m.id = pa.mentor_id
         WHERE pa.person_id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let attendance = sqlx::query_as(
        "SELECT a.name AS activity, s.starts_at, at.outcome, at.absent_reason
         FROM attendance at
         JOIN sessions s ON s.id = at.session_id
         JOIN activities a ON a.id = s.activity_id
         WHERE at.participant_id = $1
         ORDER BY s.starts_at DESC LIMIT 100",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(PersonRecord {
        id: row.id,
        given_name: row.given_name,
        family_name: row.family_name,
        preferred_name: row.preferred_name,
        phone: row.phone,
        email: row.email,
        roles: roles_of(db, id).await?,
        is_active: row.is_active,
        username: row.username,
        can_sign_in: row.can_sign_in,
        two_step_enabled: row.two_step_enabled,
        participant,
        attendance,
    })
}

/// A new person with their names and contact details (blank parts already `None`). An email
/// someone else has is the schema's refusal (a conflict).
pub async fn insert_person(conn: &mut Conn, new: &Contact) -> Result<PersonId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO people (given_name, family_name, preferred_name, phone, email)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&new.given_name)
    .bind(&new.family_name)
    .bind(&new.preferred_name)
    .bind(&new.phone)
    .bind(&new.email)
    .fetch_one(&mut *conn)
    .await?)
}

/// A participant row for a person just referred.
pub async fn insert_participant(
    conn: &mut Conn,
    id: PersonId,
    source: Option<ReferralSource>,
    date: Option<NaiveDate>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO participants (person_id, referral_source, referral_date, status)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(source)
    .bind(date)
    .bind(ParticipantStatus::Referred)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether an account already signs in as `username` (compared without regard to capitals).
pub async fn username_taken(conn: &mut Conn, username: &str) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE lower(username) = lower($1))",
    )
    .bind(username)
    .fetch_one(&mut *conn)
    .await?)
}

/// An account for the person, with no password yet. A taken name is a conflict.
pub async fn insert_account(conn: &mut Conn, id: PersonId, username: &str) -> Result<(), AppError> {
    sqlx::query("INSERT INTO accounts (person_id, username) VALUES ($1, $2)")
        .bind(id)
        .bind(username)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks the person active or not; false when there is no such person.
pub async fn set_active(conn: &mut Conn, id: PersonId, active: bool) -> Result<bool, AppError> {
    let changed = sqlx::query("UPDATE people SET is_active = $1 WHERE id = $2")
        .bind(active)
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok(changed > 0)
}

/// Ends every session the person has signed in with (sessions are re-read on each request),
/// and withdraws their unused invites.
pub async fn end_sessions_and_invites(conn: &mut Conn, id: PersonId) -> Result<(), AppError> {
    sqlx::query("UPDATE accounts SET session_epoch = session_epoch + 1 WHERE person_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM invites WHERE person_id = $1 AND used_at IS NULL")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The audit log, newest first, optionally about (or by) one person.
pub async fn audit_log(
    db: &Pool,
    person: Option<PersonId>,
    limit: i64,
) -> Result<Vec<AuditEntry>, AppError> {
        type Row = (DateTime<Utc>, Option<String>, String, Option<String>, String, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.at,
                CASE WHEN ac.id IS NULL THEN NULL ELSE ac.given_name || ' ' || ac.family_name END
                    AS actor,
                e.action,
                CASE WHEN su.id IS NULL THEN NULL ELSE su.given_name || ' ' || su.family_name END
                    AS subject,
                e.detail, e.ip
         FROM audit_events e
         LEFT JOIN people ac ON ac.id = e.actor_id
         LEFT JOIN people su ON su.id = e.subject_id
         WHERE $1 IS NULL OR e.subject_id = $1 OR e.actor_id = $1
         ORDER BY e.id DESC
         LIMIT $2",
    )
    .bind(person)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, actor, action, subject, detail, ip)| AuditEntry {
            at: at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            actor,
            action,
            subject,
            detail,
            ip,
        })
        .collect())
}

/// Stores a new invite (only the hash of its secret) and returns when it expires.
pub async fn create_invite(
    db: &Pool,
    person: PersonId,
    created_by: PersonId,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), AppError> {
    // None: no account; Some(true): has a password already, so this link resets it.
    let has_password: Option<bool> =
        sqlx::query_scalar("SELECT password_hash IS NOT NULL FROM accounts WHERE person_id = $1")
            .bind(person)
            .fetch_optional(db)
            .await?;
    let purpose = match has_password {
        None => return Err(AppError::NotFound("an account for that person".into())),
        Some(true) => "reset",
        Some(false) => "invite",
    };
    sqlx::query(
        "INSERT INTO invites (token_hash, person_id, purpose, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(person)
    .bind(purpose)
    .bind(created_by)
    .bind(Stamp(Utc::now()))
    .bind(Stamp(expires_at))
    .execute(db)
    .await?;
    Ok(())
}

/// Who an unused, unexpired invite is for: (person, first name, sign-in name).
pub async fn open_invite(
    db: &Pool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(PersonId, String, String)>, AppError> {
    let row: Option<(PersonId, String, Option<String>, String)> = sqlx::query_as(
        "SELECT p.id, p.given_name, p.preferred_name, a.username
         FROM invites i JOIN people p ON p.id = i.person_id JOIN accounts a ON a.person_id = p.id
         WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 AND p.is_active",
    )
    .bind(token_hash)
    .bind(Stamp(now))
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, given, preferred, username)| {
        (
            id,
            display_first_name(&given, preferred.as_deref()).to_owned(),
            username,
        )
    }))
}

/// Uses an invite once: marks it used and sets the password, or does nothing at all. Two
/// presses at once cannot both succeed (the first write wins the `used_at IS NULL` test).
pub async fn use_invite(
    db: &Pool,
    token_hash: &str,
    now: DateTime<Utc>,
    password_hash: &str,
) -> Result<Option<PersonId>, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let person: Option<PersonId> = sqlx::query_scalar(
        "UPDATE invites SET used_at = $2
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
           AND person_id IN (SELECT id FROM people WHERE is_active)
         RETURNING person_id",
    )
    .bind(token_hash)
    .bind(Stamp(now))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(person) = person else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE accounts SET password_hash = $1, session_epoch = session_epoch + 1
         WHERE person_id = $2",
    )
    .bind(password_hash)
    .bind(person)
    .execute(&mut *tx)
    .await?;
    // Any other open links for the same person are spent too.
    sqlx::query("UPDATE invites SET used_at = $2 WHERE person_id = $1 AND used_at IS NULL")
        .bind(person)
        .bind(Stamp(now))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(person))
}
