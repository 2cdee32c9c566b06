//! Adding, changing and deactivating a person, written once for both databases. Each is one
//! write transaction: all of it or none. A role something still depends on is refused here in
//! words the coordinator can act on (the database's triggers refuse it too).

use chrono::NaiveDate;

use crate::data::people_edits::{Changes, Contact};
use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::people::records::{NewPerson, ProgrammeDetails};
use crate::people::{PersonId, Role};

const EMAIL_TAKEN: &str = "Someone already has that email address.";
const USERNAME_TAKEN: &str = "That sign-in name is taken.";

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The names and contact details as the coordinator typed them, trimmed.
fn contact_of(person: &NewPerson) -> Contact {
    Contact {
        given_name: person.given_name.trim().to_owned(),
        family_name: person.family_name.trim().to_owned(),
        preferred_name: trimmed(&person.preferred_name),
        phone: trimmed(&person.phone),
        email: trimmed(&person.email),
    }
}

/// Adds a person with their roles, participant details and an account (no password yet: they
/// choose it from their invite). Staff sign in with their email; anyone without one gets
/// "given.family" (or "given.family2", …).
pub async fn create(db: &Db, person: &NewPerson) -> Result<PersonId, AppError> {
    let mut tx = db.write().await?;
    let id = create_in(&mut tx, person).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`create`] inside a use case's own transaction (accepting a referral, say).
pub async fn create_in(tx: &mut Tx, person: &NewPerson) -> Result<PersonId, AppError> {
    let contact = contact_of(person);
    let id = data::people::insert_person(tx, &contact)
        .await
        .map_err(|e| e.conflict_in_words(|| EMAIL_TAKEN.into()))?;
    for role in &person.roles {
        data::people_edits::add_role(tx, id, *role).await?;
    }
    if person.roles.contains(&Role::Participant) {
        let (source, date) = (person.referral_source, person.referral_date);
        data::people::insert_participant(tx, id, source, date).await?;
    }
    let username = match contact.email {
        Some(email) => email,
        None => free_username(tx, &contact.given_name, &contact.family_name).await?,
    };
    data::people::insert_account(tx, id, &username)
        .await
        .map_err(|e| e.conflict_in_words(|| USERNAME_TAKEN.into()))?;
    Ok(id)
}

/// The sign-in name someone without an email starts from: "given.family", letters, digits and
/// dots only, lower case ("given.family.user" when that is too short to be a name).
fn username_base(given: &str, family: &str) -> String {
    let base: String = format!("{}.{}", given.trim(), family.trim())
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '.')
        .collect();
    if base.len() < 3 {
        format!("{base}.user")
    } else {
        base
    }
}

/// "given.family", or "given.family2", … when taken.
async fn free_username(tx: &mut Tx, given: &str, family: &str) -> Result<String, AppError> {
    let base = username_base(given, family);
    for n in 1..1000 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}{n}")
        };
        if !data::people::username_taken(tx, &candidate).await? {
            return Ok(candidate);
        }
    }
    Err(AppError::Conflict(
        "No free sign-in name for that name.".into(),
    ))
}

/// Deactivates or reactivates a person. Deactivating ends their sessions at once (they are
/// re-read on every request) and their unused invites stop working.
pub async fn set_active(db: &Db, id: PersonId, active: bool) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    crate::retention::use_cases::refuse_if_anonymised(&mut tx, id).await?;
    if !data::people::set_active(&mut tx, id, active).await? {
        return Err(AppError::NotFound("that person".into()));
    }
    if !active {
        data::people::end_sessions_and_invites(&mut tx, id).await?;
    }
    tx.commit().await
}

/// Saves a person's details and roles as the coordinator typed them. Returns what changed, by
/// name (never by value), for the audit log.
pub async fn update(db: &Db, id: PersonId, person: &NewPerson) -> Result<Changes, AppError> {
    let mut tx = db.write().await?;
    crate::retention::use_cases::refuse_if_anonymised(&mut tx, id).await?;
    let old = data::people_edits::contact(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::NotFound("that person".into()))?;
    let new = contact_of(person);
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
    data::people_edits::write_contact(&mut tx, id, &new)
        .await
        .map_err(|e| e.conflict_in_words(|| EMAIL_TAKEN.into()))?;
    // Staff sign in with their email: when it changes, so does their sign-in name.
    if let (Some(before), Some(after)) = (&old.email, &new.email) {
        data::people_edits::rename_account(&mut tx, id, before, after)
            .await
            .map_err(|e| e.conflict_in_words(|| USERNAME_TAKEN.into()))?;
    }
    let old_roles = data::people_edits::roles(&mut tx, id).await?;
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
        data::people_edits::add_role(&mut tx, id, *role).await?;
    }
    for role in &changes.removed {
        may_remove(&mut tx, id, *role).await?;
        data::people_edits::remove_role(&mut tx, id, *role).await?;
    }
    if person.roles.contains(&Role::Participant) {
        let (Some(source), Some(date)) = (person.referral_source, person.referral_date) else {
            return Err(AppError::Invalid(
                "Choose who referred them and the referral date.".into(),
            ));
        };
        changes.referral_changed =
            data::people_edits::save_referral(&mut tx, id, source, date).await?;
    }
    tx.commit().await?;
    Ok(changes)
}

/// Refuses, in words the coordinator can act on, to take away a role something depends on.
async fn may_remove(tx: &mut Tx, id: PersonId, role: Role) -> Result<(), AppError> {
    if role == Role::Participant {
        return Err(AppError::Conflict(
            "A participant keeps that role, so their history stays. To end their time on the programme, set their status to Completed or Withdrawn.".into(),
        ));
    }
    if role == Role::Mentor {
        let mentees = data::people_edits::mentees(tx, id).await?;
        if mentees > 0 {
            return Err(AppError::Conflict(format!(
                "They still mentor {mentees} participant{}: give {} another mentor first.",
                if mentees == 1 { "" } else { "s" },
                if mentees == 1 { "them" } else { "each" },
            )));
        }
    }
    if role.may_lead_sessions() {
        let (leads_planned, other_lead_role) =
            data::people_edits::leads_planned_sessions(tx, id, role).await?;
        if leads_planned && !other_lead_role {
            return Err(AppError::Conflict(
                "They lead planned sessions: give those sessions another lead first.".into(),
            ));
        }
    }
    Ok(())
}

/// Saves a participant's programme details: status, mentor, pick-up, needs and notes. Returns
/// the names of the fields that changed, compared in the same transaction as the write.
///
/// A wheelchair user travels in a wheelchair space and everyone else in a seat, so when their
/// wheelchair use changes, the seats they hold on runs from `today` (the programme's date) on
/// are freed in the same transaction: the board shows them waiting until the day is planned
/// again. Earlier runs keep their seats, as the record of how they travelled then.
pub async fn update_programme(
    db: &Db,
    id: PersonId,
    details: &ProgrammeDetails,
    today: NaiveDate,
) -> Result<Vec<&'static str>, AppError> {
    let mut tx = db.write().await?;
    crate::retention::use_cases::refuse_if_anonymised(&mut tx, id).await?;
    let before = data::people_edits::programme(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::NotFound("that participant".into()))?;
    if let Some(mentor) = details.mentor_id {
        if mentor == id {
            return Err(AppError::Invalid("Nobody can mentor themselves.".into()));
        }
        if !data::people_edits::is_active_mentor(&mut tx, mentor).await? {
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
    let (mobility_needs, notes) = (mobility_needs.as_deref(), notes.as_deref());
    data::people_edits::write_programme(&mut tx, id, details, mobility_needs, notes, today)
        .await
        .map_err(|e| e.conflict_in_words(|| "That pick-up point no longer exists.".into()))?;
    if before.uses_wheelchair != details.uses_wheelchair {
        data::people_edits::free_seats_from(&mut tx, id, today).await?;
    }
    tx.commit().await?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::username_base;

    #[test]
    fn a_sign_in_name_is_the_name_in_lower_case_letters_and_dots() {
        assert_eq!(username_base(" Dan ", "O'Neil-Hughes"), "dan.oneilhughes");
        assert_eq!(username_base("Jo", ""), "jo.");
        assert_eq!(username_base("", ""), "..user");
    }
}
