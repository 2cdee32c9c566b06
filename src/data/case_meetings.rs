//! `case_meetings`: the same functions on either database; see `sql/case_meetings.rs` for the
//! SQL. The use cases (`case_meetings::use_cases`) decide who reads and changes what.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::case_meetings::{ActionId, ActionLine, MeetingId, MeetingSummary, MinuteId};
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::register::Outcome;

use super::Tx;

/// A meeting as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MeetingRow {
    pub id: MeetingId,
    pub held_on: NaiveDate,
    pub closed_at: Option<DateTime<Utc>>,
    /// The day before the first day it reviewed, kept when it closed.
    pub reviewed_since: Option<NaiveDate>,
}

/// A participant on the programme now, with the day they joined it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ActiveRow {
    pub id: PersonId,
    pub name: String,
    pub mentor_id: Option<PersonId>,
    pub since: NaiveDate,
}

/// A register entry.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RegisterRow {
    pub participant_id: PersonId,
    pub starts_at: NaiveDateTime,
    pub activity: String,
    pub outcome: Outcome,
    pub absent_reason: Option<String>,
}

/// A seat on a run, and the driver's tick.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RideRow {
    pub participant_id: PersonId,
    pub run_date: NaiveDate,
    pub direction: String,
    pub boarding: Option<String>,
}

/// A referral received since the last meeting.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReferralLine {
    pub id: i64,
    pub received_on: NaiveDate,
    pub source: crate::referrals::Source,
    pub name: String,
    pub status: crate::referrals::status::ReferralStatus,
}

/// A member of staff who may attend a meeting, and whether they may own its actions.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffRow {
    pub id: PersonId,
    pub name: String,
    pub owns_actions: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MinuteRow {
    pub id: MinuteId,
    pub participant_id: PersonId,
    pub note: String,
    pub by_name: String,
    pub after_closing: bool,
}

pub async fn meetings(tx: &mut Tx) -> Result<Vec<MeetingSummary>, AppError> {
    in_tx!(tx, case_meetings::meetings())
}

pub async fn meeting(tx: &mut Tx, id: MeetingId) -> Result<Option<MeetingRow>, AppError> {
    in_tx!(tx, case_meetings::meeting(id))
}

/// The day of the last meeting before `day`.
pub async fn meeting_before(tx: &mut Tx, day: NaiveDate) -> Result<Option<NaiveDate>, AppError> {
    in_tx!(tx, case_meetings::meeting_before(day))
}

pub async fn meeting_on(tx: &mut Tx, day: NaiveDate) -> Result<Option<MeetingId>, AppError> {
    in_tx!(tx, case_meetings::meeting_on(day))
}

pub async fn insert_meeting(
    tx: &mut Tx,
    day: NaiveDate,
    by: PersonId,
) -> Result<MeetingId, AppError> {
    in_tx!(tx, case_meetings::insert_meeting(day, by))
}

/// Closes the meeting, keeping the period it reviewed; false when it was already closed.
pub async fn close_meeting(
    tx: &mut Tx,
    id: MeetingId,
    by: PersonId,
    at: DateTime<Utc>,
    reviewed_since: NaiveDate,
) -> Result<bool, AppError> {
    in_tx!(tx, case_meetings::close_meeting(id, by, at, reviewed_since))
}

pub async fn attendees(tx: &mut Tx, id: MeetingId) -> Result<Vec<(PersonId, String)>, AppError> {
    in_tx!(tx, case_meetings::attendees(id))
}

pub async fn set_attendee(
    tx: &mut Tx,
    id: MeetingId,
    person: PersonId,
    here: bool,
) -> Result<(), AppError> {
    in_tx!(tx, case_meetings::set_attendee(id, person, here))
}

/// Active staff who may attend (tutors, mentors, drivers, coordinators, team leaders).
pub async fn staff(tx: &mut Tx) -> Result<Vec<StaffRow>, AppError> {
    in_tx!(tx, case_meetings::staff())
}

pub async fn active_participants(tx: &mut Tx) -> Result<Vec<ActiveRow>, AppError> {
    in_tx!(tx, case_meetings::active_participants())
}

/// The participants booked on sessions `lead` leads that start in `[from, until)`.
pub async fn led_participants(
    tx: &mut Tx,
    lead: PersonId,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<PersonId>, AppError> {
    in_tx!(tx, case_meetings::led_participants(lead, from, until))
}

/// Register entries of sessions starting in `[from, until)`: everyone's, or one participant's.
pub async fn registers(
    tx: &mut Tx,
    participant: Option<PersonId>,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<RegisterRow>, AppError> {
    in_tx!(tx, case_meetings::registers(participant, from, until))
}

/// Each participant's (or one's) last attended session that started before `until`.
pub async fn last_attended(
    tx: &mut Tx,
    participant: Option<PersonId>,
    until: NaiveDateTime,
) -> Result<Vec<(PersonId, NaiveDateTime)>, AppError> {
    in_tx!(tx, case_meetings::last_attended(participant, until))
}

/// Completed check-ins on `instrument` up to `last`: everyone's, or one participant's.
pub async fn scores(
    tx: &mut Tx,
    participant: Option<PersonId>,
    instrument: &str,
    last: NaiveDate,
) -> Result<Vec<(PersonId, NaiveDate, i64)>, AppError> {
    in_tx!(tx, case_meetings::scores(participant, instrument, last))
}

/// Goals not achieved (participant, title, target date): everyone's, or one participant's.
pub async fn open_goals(
    tx: &mut Tx,
    participant: Option<PersonId>,
) -> Result<Vec<(PersonId, String, NaiveDate)>, AppError> {
    in_tx!(tx, case_meetings::open_goals(participant))
}

/// Seats on runs from `first` to `last`: everyone's, or one participant's.
pub async fn rides(
    tx: &mut Tx,
    participant: Option<PersonId>,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<RideRow>, AppError> {
    in_tx!(tx, case_meetings::rides(participant, first, last))
}

/// Referrals received from `first` to `last`.
pub async fn referrals(
    tx: &mut Tx,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<ReferralLine>, AppError> {
    in_tx!(tx, case_meetings::referrals(first, last))
}

/// The names of those kept apart from `participant`.
pub async fn kept_apart_from(tx: &mut Tx, participant: PersonId) -> Result<Vec<String>, AppError> {
    in_tx!(tx, case_meetings::kept_apart_from(participant))
}

/// The coordinator's own notes on the participant's record.
pub async fn record_notes(tx: &mut Tx, participant: PersonId) -> Result<Option<String>, AppError> {
    in_tx!(tx, case_meetings::record_notes(participant))
}

/// Actions not done, and those done after `done_after`; `owner`: only theirs.
pub async fn actions(
    tx: &mut Tx,
    owner: Option<PersonId>,
    done_after: NaiveDate,
) -> Result<Vec<ActionLine>, AppError> {
    in_tx!(tx, case_meetings::actions(owner, done_after))
}

pub async fn action(tx: &mut Tx, id: ActionId) -> Result<Option<ActionLine>, AppError> {
    in_tx!(tx, case_meetings::action(id))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_action(
    tx: &mut Tx,
    meeting: MeetingId,
    participant: PersonId,
    what: &str,
    owner: PersonId,
    due_on: NaiveDate,
    by: PersonId,
) -> Result<ActionId, AppError> {
    in_tx!(
        tx,
        case_meetings::insert_action(meeting, participant, what, owner, due_on, by)
    )
}

pub async fn action_done(
    tx: &mut Tx,
    id: ActionId,
    on: NaiveDate,
    by: PersonId,
) -> Result<bool, AppError> {
    in_tx!(tx, case_meetings::action_done(id, on, by))
}

/// A meeting's minutes: about everyone, or one participant.
pub async fn minutes(
    tx: &mut Tx,
    meeting: MeetingId,
    participant: Option<PersonId>,
) -> Result<Vec<MinuteRow>, AppError> {
    in_tx!(tx, case_meetings::minutes(meeting, participant))
}

pub async fn insert_minute(
    tx: &mut Tx,
    meeting: MeetingId,
    participant: PersonId,
    note: &str,
    by: PersonId,
    after_closing: bool,
) -> Result<MinuteId, AppError> {
    in_tx!(
        tx,
        case_meetings::insert_minute(meeting, participant, note, by, after_closing)
    )
}

/// The meeting and participant of a minute entry.
pub async fn minute(tx: &mut Tx, id: MinuteId) -> Result<Option<(MeetingId, PersonId)>, AppError> {
    in_tx!(tx, case_meetings::minute(id))
}

pub async fn correct_minute(tx: &mut Tx, id: MinuteId, note: &str) -> Result<(), AppError> {
    in_tx!(tx, case_meetings::correct_minute(id, note))
}
