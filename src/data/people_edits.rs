//! `people_edits`: the same functions on either database; see `sql/people_edits.rs` for the SQL.

use crate::error::AppError;
use crate::people::records::{EditChoices, NewPerson, ProgrammeDetails};
use crate::people::{PersonId, Role};
use chrono::NaiveDate;

use super::Db;

/// Saves a person's details and roles as the coordinator typed them.
pub async fn update(db: &Db, id: PersonId, person: &NewPerson) -> Result<Changes, AppError> {
    dispatch!(db, people_edits::update(id, person))
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
    dispatch!(db, people_edits::update_programme(id, details, today))
}

/// The lists the edit form chooses from.
pub async fn edit_choices(db: &Db) -> Result<EditChoices, AppError> {
    dispatch!(db, people_edits::edit_choices())
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
