//! Changing a person: their name, contact details and roles, and a participant's programme
//! details. Each change is one transaction; a role that something still depends on is refused
//! here in plain words (and by the database's triggers if this code were ever bypassed).

use crate::data::people_edits::{Changes};
use chrono::NaiveDate;
use super::Conn;

use super::people::conflict_as;
use super::Pool;
use crate::error::AppError;
use crate::people::records::{EditChoices, NewPerson, ProgrammeDetails};
use crate::people::{ParticipantStatus, PersonId, Role};
use crate::transport::PickupPointId;

#[derive(sqlx::FromRow)]
struct Current {
    given_name: String,
    family_name: String,
    preferred_name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
}

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Saves a person's details and roles as the coordinator typed them.
pub async fn update(db: &Pool, id: PersonId, person: &NewPerson) -> Result<Changes, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let old: Current = sqlx::query_as(
        "SELECT given_name, family_name, preferred_name, phone, email FROM people WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::NotFound("that person".into()))?;
    let new = Current {
        given_name: person.given_name.trim().to_owned(),
        family_name: person.family_name.trim().to_owned(),
        preferred_name: trimmed(&person.preferred_name),
        phone: trimmed(&person.phone),
        email: trimmed(&person.email),
    };
    let mut changes = Changes::default();
    for (field, before, after) in [
        ("first name", Some(&old.given_name), Some(&new.given_name)),
        ("last name", Some(&old.family_name), Some(&new.family_name)),
        (
            "preferred name",
            old.preferred_name.as_ref(),
            new.preferred_name.as_ref(),
        ),
        ("phone", old.phone.as_ref(), new.phone.as_ref()),
        ("email", old.email.as_ref(), new.email.as_ref()),
    ] {
        if before != after {
            changes.fields.push(field);
        }
    }
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
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_as(e, "Someone already has that email address."))?;

    // Staff sign in with their email: when it changes, so does their sign-in name.
    if let (Some(before), Some(after)) = (&old.email, &new.email) {
        sqlx::query("UPDATE accounts SET username = $1 WHERE person_id = $2 AND username = $3")
            .bind(after)
            .bind(id)
            .bind(before)
            .execute(&mut *tx)
            .await
            .map_err(|e| conflict_as(e, "That sign-in name is taken."))?;
    }

    let old_roles: Vec<Role> =
        sqlx::query_scalar("SELECT role FROM person_roles WHERE person_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    changes.removed = old_roles
        .iter()
        .filter(|role| !person.roles.contains(role))
        .copied()
        .collect();
    changes.added = person
        .roles
        .iter()
        .filter(|role| !old_roles.contains(role))
        .copied()
        .collect();
    for role in &changes.added {
        sqlx::query("INSERT INTO person_roles (person_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
    }
    for role in &changes.removed {
        may_remove(&mut tx, id, *role).await?;
        sqlx::query("DELETE FROM person_roles WHERE person_id = $1 AND role = $2")
            .bind(id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
    }
    if person.roles.contains(&Role::Participant) {
        changes.referral_changed = save_referral(&mut tx, id, person).await?;
    }
    tx.commit().await?;
    Ok(changes)
}

/// Refuses, in words the coordinator can act on, to take away a role something depends on.
async fn may_remove(tx: &mut Conn, id: PersonId, role: Role) -> Result<(), AppError> {
    if role == Role::Participant {
        return Err(AppError::Conflict(
            "A participant keeps that role, so their history stays. To end their time on the programme, set their status to Completed or Withdrawn.".into(),
        ));
    }
    if role == Role::Mentor {
        let mentees: i64 =
            sqlx::query_scalar("SELECT count(*) FROM participants WHERE mentor_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if mentees > 0 {
            return Err(AppError::Conflict(format!(
                "They still mentor {mentees} participant{}: give {} another mentor first.",
                if mentees == 1 { "" } else { "s" },
                if mentees == 1 { "them" } else { "each" },
            )));
        }
    }
    if role.may_lead_sessions() {
        let leads_planned: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM session_leads l JOIN sessions s ON s.id = l.session_id
                            WHERE l.person_id = $1 AND s.status = 'scheduled')",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let other_lead_role: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM person_roles WHERE person_id = $1 AND role <> $2
                            AND role IN ('tutor', 'mentor', 'coordinator', 'team_leader'))",
        )
        .bind(id)
        .bind(role)
        .fetch_one(&mut *tx)
        .await?;
        if leads_planned && !other_lead_role {
            return Err(AppError::Conflict(
                "They lead planned sessions: give those sessions another lead first.".into(),
            ));
        }
    }
    Ok(())
}

/// Creates or updates the participant row's referral. True when the referral changed.
async fn save_referral(
    tx: &mut Conn,
    id: PersonId,
    person: &NewPerson,
) -> Result<bool, AppError> {
    let (Some(source), Some(date)) = (person.referral_source, person.referral_date) else {
        return Err(AppError::Invalid(
            "Choose who referred them and the referral date.".into(),
        ));
    };
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
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

#[derive(sqlx::FromRow)]
struct SavedProgramme {
    status: ParticipantStatus,
    mentor_id: Option<PersonId>,
    default_pickup_point_id: Option<PickupPointId>,
    needs_lift: bool,
    uses_wheelchair: bool,
    mobility_needs: Option<String>,
    notes: Option<String>,
}

/// Saves a participant's programme details: status, mentor, pick-up, needs and notes. Returns
/// the names of the fields that changed, compared in the same transaction as the write.
///
/// A wheelchair user travels in a wheelchair space and everyone else in a seat, so when their
/// wheelchair use changes, the seats they hold on runs from `today` (the programme's date) on
/// are freed in the same transaction: the board shows them waiting until the day is planned
/// again. Earlier runs keep their seats, as the record of how they travelled then.
pub async fn update_programme(
    db: &Pool,
    id: PersonId,
    details: &ProgrammeDetails,
    today: NaiveDate,
) -> Result<Vec<&'static str>, AppError> {
    let mut tx = super::dialect::begin_write(db).await?;
    let before: SavedProgramme = sqlx::query_as(
        "SELECT status, mentor_id, default_pickup_point_id, needs_lift, uses_wheelchair,
                mobility_needs, notes
         FROM participants WHERE person_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::NotFound("that participant".into()))?;
    if let Some(mentor) = details.mentor_id {
        if mentor == id {
            return Err(AppError::Invalid("Nobody can mentor themselves.".into()));
        }
        let is_mentor: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM person_roles r JOIN people p ON p.id = r.person_id
                            WHERE r.person_id = $1 AND r.role = 'mentor' AND p.is_active)",
        )
        .bind(mentor)
        .fetch_one(&mut *tx)
        .await?;
        if !is_mentor {
            return Err(AppError::Invalid("Choose a mentor from the list.".into()));
        }
    }
    let mobility_needs = trimmed(&details.mobility_needs);
    let notes = trimmed(&details.notes);
    let changed: Vec<&'static str> = [
        ("status", before.status != details.status),
        ("mentor", before.mentor_id != details.mentor_id),
        (
            "pick-up point",
            before.default_pickup_point_id != details.pickup_point_id,
        ),
        ("needs a lift", before.needs_lift != details.needs_lift),
        (
            "wheelchair",
            before.uses_wheelchair != details.uses_wheelchair,
        ),
        ("mobility needs", before.mobility_needs != mobility_needs),
        ("notes", before.notes != notes),
    ]
    .into_iter()
    .filter_map(|(field, changed)| changed.then_some(field))
    .collect();
    sqlx::query(
        "UPDATE participants
         SET status = $1, mentor_id = $2, default_pickup_point_id = $3, needs_lift = $4,
             uses_wheelchair = $5, mobility_needs = $6, notes = $7
         WHERE person_id = $8",
    )
    .bind(details.status)
    .bind(details.mentor_id)
    .bind(details.pickup_point_id)
    .bind(details.needs_lift)
    .bind(details.uses_wheelchair)
    .bind(&mobility_needs)
    .bind(&notes)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_as(e, "That pick-up point no longer exists."))?;
    if before.uses_wheelchair != details.uses_wheelchair {
        sqlx::query(
            "DELETE FROM run_seats
             WHERE booking_id IN (SELECT id FROM bookings WHERE participant_id = $1)
               AND run_id IN (SELECT id FROM runs WHERE run_date >= $2)",
        )
        .bind(id)
        .bind(today)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
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
