//! `people_edits`: the same functions on either database; see `sql/people_edits.rs` for the SQL.
//! The edits themselves are `people_admin::use_cases`.

use crate::error::AppError;
use crate::people::records::{EditChoices, ProgrammeDetails};
use crate::people::{ParticipantStatus, PersonId, ReferralSource, Role};
use crate::transport::PickupPointId;
use chrono::NaiveDate;

use super::{Db, Tx};

/// The lists the edit form chooses from.
pub async fn edit_choices(db: &Db) -> Result<EditChoices, AppError> {
    dispatch!(db, people_edits::edit_choices())
}

/// A person's names and contact details; `None` when there is no such person.
pub async fn contact(tx: &mut Tx, id: PersonId) -> Result<Option<Contact>, AppError> {
    in_tx!(tx, people_edits::contact(id))
}

/// Saves a person's names and contact details; an email someone else has is a conflict.
pub async fn write_contact(tx: &mut Tx, id: PersonId, new: &Contact) -> Result<(), AppError> {
    in_tx!(tx, people_edits::write_contact(id, new))
}

/// Renames the person's sign-in name from `before` to `after`; a taken name is a conflict.
pub async fn rename_account(
    tx: &mut Tx,
    id: PersonId,
    before: &str,
    after: &str,
) -> Result<(), AppError> {
    in_tx!(tx, people_edits::rename_account(id, before, after))
}

/// The person's roles.
pub async fn roles(tx: &mut Tx, id: PersonId) -> Result<Vec<Role>, AppError> {
    in_tx!(tx, people_edits::roles(id))
}

/// Gives the person `role`.
pub async fn add_role(tx: &mut Tx, id: PersonId, role: Role) -> Result<(), AppError> {
    in_tx!(tx, people_edits::add_role(id, role))
}

/// Takes `role` from the person.
pub async fn remove_role(tx: &mut Tx, id: PersonId, role: Role) -> Result<(), AppError> {
    in_tx!(tx, people_edits::remove_role(id, role))
}

/// How many participants the person mentors.
pub async fn mentees(tx: &mut Tx, id: PersonId) -> Result<i64, AppError> {
    in_tx!(tx, people_edits::mentees(id))
}

/// Whether the person leads a planned session, and whether they hold another leading role.
pub async fn leads_planned_sessions(
    tx: &mut Tx,
    id: PersonId,
    role: Role,
) -> Result<(bool, bool), AppError> {
    in_tx!(tx, people_edits::leads_planned_sessions(id, role))
}

/// Creates or updates the participant row's referral; true when it changed.
pub async fn save_referral(
    tx: &mut Tx,
    id: PersonId,
    source: ReferralSource,
    date: NaiveDate,
) -> Result<bool, AppError> {
    in_tx!(tx, people_edits::save_referral(id, source, date))
}

/// A participant's programme details as saved; `None` when they are not a participant.
pub async fn programme(tx: &mut Tx, id: PersonId) -> Result<Option<SavedProgramme>, AppError> {
    in_tx!(tx, people_edits::programme(id))
}

/// Whether `id` is an active mentor.
pub async fn is_active_mentor(tx: &mut Tx, id: PersonId) -> Result<bool, AppError> {
    in_tx!(tx, people_edits::is_active_mentor(id))
}

/// Saves a participant's programme details; a pick-up point removed meanwhile is a conflict.
/// A status of completed or withdrawn closes the case on `today` (the retention schedule counts
/// from then); back to active or paused, it is open again.
pub async fn write_programme(
    tx: &mut Tx,
    id: PersonId,
    details: &ProgrammeDetails,
    mobility_needs: Option<&str>,
    notes: Option<&str>,
    today: NaiveDate,
) -> Result<(), AppError> {
    in_tx!(
        tx,
        people_edits::write_programme(id, details, mobility_needs, notes, today)
    )
}

/// Frees the seats the participant holds on runs from `from` on.
pub async fn free_seats_from(tx: &mut Tx, id: PersonId, from: NaiveDate) -> Result<(), AppError> {
    in_tx!(tx, people_edits::free_seats_from(id, from))
}

/// A person's names and contact details, as stored (blank parts as `None`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Contact {
    pub given_name: String,
    pub family_name: String,
    pub preferred_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A participant's programme details as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedProgramme {
    pub status: ParticipantStatus,
    pub mentor_id: Option<PersonId>,
    pub default_pickup_point_id: Option<PickupPointId>,
    pub needs_lift: bool,
    pub uses_wheelchair: bool,
    pub mobility_needs: Option<String>,
    pub notes: Option<String>,
}

/// What an edit changed, for the audit log.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Names of the fields that changed (never their values: the log is not a second copy).
    pub fields: Vec<&'static str>,
    pub added: Vec<Role>,
    pub removed: Vec<Role>,
    pub referral_changed: bool,
}
