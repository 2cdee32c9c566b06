//! The case meeting, written once for both databases (`data::case_meetings` holds the SQL).
//! Every read of the agenda, a pack or the print view is written to the audit log, and so is
//! every change; a closed meeting refuses changes here with a sentence and again in the
//! database.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::agenda::{self, Facts, Review};
use super::pack::{
    MinuteLine, Pack, PackGoal, PackNote, PackRide, PackSession, Reach, Reader, Restricted,
    WellbeingChange,
};
use super::{ActionId, ActionLine, MeetingId, Meetings, MinuteId};
use crate::data::audit::{record_by, Actor, AuditAction};
use crate::data::case_meetings::{ActiveRow, MeetingRow, ReferralLine, StaffRow};
use crate::data::{self, Db, Tx};
use crate::days_and_times::day_month;
use crate::error::AppError;
use crate::people::PersonId;
use crate::scheduling::register::Outcome;
use crate::wellbeing::instrument::{Instrument, Score};

/// A lead reaches the packs of those booked on the sessions they lead from this many days
/// before the meeting ...
const LEAD_DAYS_BEFORE: u64 = 90;
/// ... to this many after it.
const LEAD_DAYS_AFTER: u64 = 30;

/// Who is reading or changing a meeting.
pub struct Viewer<'a> {
    pub actor: Actor<'a>,
    pub reader: Reader,
    /// Runs the meeting (opens, minutes, records actions, closes).
    pub runs: bool,
}

/// The agenda the app drafts for a meeting, cut to the reader.
pub struct Agenda {
    pub meeting: MeetingRow,
    pub review: Review,
    pub attendees: Vec<(PersonId, String)>,
    /// Who may be marked as here and own actions (for those who run the meeting).
    pub staff: Vec<StaffRow>,
    /// Actions not done, and those done during the review period.
    pub actions: Vec<ActionLine>,
    /// Referrals received during the review period: only for those who run the meeting.
    pub referrals: Option<Vec<ReferralLine>>,
    /// The people to talk about, with each reason.
    pub to_talk_about: Vec<(PersonId, String, Vec<String>)>,
    /// Everyone active the reader reaches.
    pub everyone: Vec<(PersonId, String)>,
    pub runs: bool,
    pub today: NaiveDate,
    /// The wellbeing instrument's meaningful change.
    pub meaningful: Score,
}

impl Agenda {
    pub fn closed(&self) -> bool {
        self.meeting.closed_at.is_some()
    }

    pub fn title(&self) -> String {
        format!("Case meeting, {}", self.meeting.held_on.format("%-d %B %Y"))
    }
}

fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

fn day_after(day: NaiveDate) -> NaiveDate {
    day.succ_opt().unwrap_or(day)
}

fn no_meeting() -> AppError {
    AppError::NotFound("that meeting".into())
}

fn no_participant() -> AppError {
    AppError::NotFound("that participant".into())
}

fn closed_refusal(what: &str) -> AppError {
    AppError::Conflict(format!("This meeting is closed: {what}"))
}

async fn meeting_row(tx: &mut Tx, id: MeetingId) -> Result<MeetingRow, AppError> {
    data::case_meetings::meeting(tx, id)
        .await?
        .ok_or_else(no_meeting)
}

/// The period a meeting reviews: kept when it closed, so a meeting opened later on an earlier
/// day changes nothing a closed meeting reviewed; while open, since the meeting before it.
async fn review_of(tx: &mut Tx, meeting: &MeetingRow) -> Result<Review, AppError> {
    if let (Some(_), Some(since)) = (meeting.closed_at, meeting.reviewed_since) {
        return Ok(Review {
            since,
            day: meeting.held_on,
        });
    }
    let last = data::case_meetings::meeting_before(tx, meeting.held_on).await?;
    Ok(Review::new(meeting.held_on, last))
}

/// The participants the reader may read a pack of, with how much of it.
struct Reachable {
    leads: BTreeSet<PersonId>,
}

impl Reachable {
    async fn load(tx: &mut Tx, reader: &Reader, day: NaiveDate) -> Result<Reachable, AppError> {
        let leads = if reader.sees_everyone {
            BTreeSet::new()
        } else {
            let from = day
                .checked_sub_days(Days::new(LEAD_DAYS_BEFORE))
                .unwrap_or(day);
            // Up to the end of the last day after (the window's end is exclusive).
            let until = day
                .checked_add_days(Days::new(LEAD_DAYS_AFTER + 1))
                .unwrap_or(day);
            data::case_meetings::led_participants(
                tx,
                reader.person,
                midnight(from),
                midnight(until),
            )
            .await?
            .into_iter()
            .collect()
        };
        Ok(Reachable { leads })
    }

    fn reach(
        &self,
        reader: &Reader,
        participant: PersonId,
        mentor: Option<PersonId>,
    ) -> Option<Reach> {
        Reach::of(reader, mentor, self.leads.contains(&participant))
    }
}

/// What the records say about `participants` (everyone's when `None`) for the review.
async fn facts(
    tx: &mut Tx,
    only: Option<PersonId>,
    review: Review,
    instrument: &Instrument,
) -> Result<BTreeMap<PersonId, Facts>, AppError> {
    let quiet_from = review
        .day
        .checked_sub_days(Days::new(agenda::QUIET_DAYS))
        .unwrap_or(review.day);
    let from = review.since.min(quiet_from);
    let until = midnight(day_after(review.day));
    let mut all: BTreeMap<PersonId, Facts> = BTreeMap::new();
    // The last session attended before the window stands in for the whole history before it:
    // it dates "the last was …", and being before the window it never pairs as a miss.
    for (who, at) in data::case_meetings::last_attended(tx, only, midnight(from)).await? {
        let facts = all.entry(who).or_default();
        facts.registers.push((at.date(), Outcome::Attended));
    }
    for row in data::case_meetings::registers(tx, only, midnight(from), until).await? {
        let facts = all.entry(row.participant_id).or_default();
        facts.registers.push((row.starts_at.date(), row.outcome));
    }
    for (who, on, score) in
        data::case_meetings::scores(tx, only, &instrument.slug, review.day).await?
    {
        all.entry(who).or_default().scores.push((on, Score(score)));
    }
    for (who, title, target_on) in data::case_meetings::open_goals(tx, only).await? {
        all.entry(who)
            .or_default()
            .open_goals
            .push((title, target_on));
    }
    for ride in data::case_meetings::rides(tx, only, day_after(review.since), review.day).await? {
        if ride.boarding.as_deref() == Some("not_here") {
            all.entry(ride.participant_id)
                .or_default()
                .not_here
                .push(ride.run_date);
        }
    }
    Ok(all)
}

fn reasons_of(
    facts: Option<&Facts>,
    since: NaiveDate,
    review: Review,
    meaningful: Score,
) -> Vec<String> {
    let mut facts = facts.cloned().unwrap_or_default();
    facts.since = Some(since);
    agenda::reasons(&facts, review, meaningful)
        .iter()
        .map(agenda::Reason::sentence)
        .collect()
}

/// The meetings, newest first.
pub async fn meetings(db: &Db, runs: bool, today: NaiveDate) -> Result<Meetings, AppError> {
    let mut tx = db.read().await?;
    let meetings = data::case_meetings::meetings(&mut tx).await?;
    tx.commit().await?;
    Ok(Meetings {
        meetings,
        runs_meetings: runs,
        today,
        refusal: None,
    })
}

/// Opens the meeting on `day`.
pub async fn open(
    db: &Db,
    actor: &Actor<'_>,
    day: NaiveDate,
    today: NaiveDate,
) -> Result<MeetingId, AppError> {
    let year = chrono::Months::new(12);
    if day < today.checked_sub_months(year).unwrap_or(today)
        || day > today.checked_add_months(year).unwrap_or(today)
    {
        return Err(AppError::Invalid(
            "A meeting's day must be within a year of today.".into(),
        ));
    }
    let mut tx = db.write().await?;
    if data::case_meetings::meeting_on(&mut tx, day)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "There is already a meeting on {}: open it from the list.",
            day_month(day)
        )));
    }
    let id = data::case_meetings::insert_meeting(&mut tx, day, actor.person).await?;
    let detail = format!("meeting {id} on {day}");
    record_by(
        &mut tx,
        Some(actor),
        AuditAction::CaseMeetingOpened,
        None,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The agenda of `meeting` as `viewer` may read it (the read audited).
pub async fn agenda(
    db: &Db,
    viewer: &Viewer<'_>,
    instrument: &Instrument,
    meeting: MeetingId,
    today: NaiveDate,
) -> Result<Agenda, AppError> {
    let mut tx = db.write().await?;
    let agenda = draft(&mut tx, viewer, instrument, meeting, today, Draft::Whole).await?;
    let detail = format!(
        "meeting {meeting}: {} to talk about, {} listed",
        agenda.to_talk_about.len(),
        agenda.everyone.len()
    );
    record_by(
        &mut tx,
        Some(&viewer.actor),
        AuditAction::CaseAgendaRead,
        None,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(agenda)
}

/// How much of the agenda to draft: all of it, or only its frame (the meeting, its period and
/// who may be chosen), which is all one pack needs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Draft {
    Whole,
    Frame,
}

async fn draft(
    tx: &mut Tx,
    viewer: &Viewer<'_>,
    instrument: &Instrument,
    meeting: MeetingId,
    today: NaiveDate,
    how: Draft,
) -> Result<Agenda, AppError> {
    let row = meeting_row(tx, meeting).await?;
    let review = review_of(tx, &row).await?;
    let reachable = Reachable::load(tx, &viewer.reader, row.held_on).await?;
    let active: Vec<ActiveRow> = if how == Draft::Whole {
        data::case_meetings::active_participants(tx)
            .await?
            .into_iter()
            .filter(|p| reachable.reach(&viewer.reader, p.id, p.mentor_id).is_some())
            .collect()
    } else {
        Vec::new()
    };
    let only = match active.as_slice() {
        [one] => Some(one.id),
        _ => None,
    };
    let facts = if how == Draft::Whole {
        facts(tx, only, review, instrument).await?
    } else {
        BTreeMap::new()
    };
    let meaningful = instrument.meaningful();
    let to_talk_about = active
        .iter()
        .filter_map(|p| {
            let reasons = reasons_of(facts.get(&p.id), p.since, review, meaningful);
            (!reasons.is_empty()).then(|| (p.id, p.name.clone(), reasons))
        })
        .collect();
    let everyone: Vec<_> = active.iter().map(|p| (p.id, p.name.clone())).collect();
    let reached: BTreeSet<PersonId> = everyone.iter().map(|(id, _)| *id).collect();
    let actions = if how == Draft::Whole {
        data::case_meetings::actions(tx, None, review.since).await?
    } else {
        Vec::new()
    };
    let actions = actions
        .into_iter()
        // Decided at an earlier meeting: this meeting's own are in the packs.
        .filter(|a| a.raised_on < row.held_on)
        .filter(|a| {
            viewer.reader.sees_everyone
                || reached.contains(&a.participant_id)
                || a.owner_id == viewer.reader.person
        })
        .collect();
    let referrals = if viewer.runs && how == Draft::Whole {
        Some(data::case_meetings::referrals(tx, day_after(review.since), review.day).await?)
    } else {
        None
    };
    let staff = if viewer.runs {
        data::case_meetings::staff(tx).await?
    } else {
        Vec::new()
    };
    Ok(Agenda {
        attendees: data::case_meetings::attendees(tx, meeting).await?,
        meeting: row,
        review,
        staff,
        actions,
        referrals,
        to_talk_about,
        everyone,
        runs: viewer.runs,
        today,
        meaningful,
    })
}

/// One participant's pack for `meeting`, as `viewer` may read it (the read audited).
pub async fn pack(
    db: &Db,
    viewer: &Viewer<'_>,
    instrument: &Instrument,
    meeting: MeetingId,
    participant: PersonId,
    today: NaiveDate,
) -> Result<(Agenda, Pack), AppError> {
    let mut tx = db.write().await?;
    let agenda = draft(&mut tx, viewer, instrument, meeting, today, Draft::Frame).await?;
    let around = Around::load(&mut tx, viewer, &agenda).await?;
    let pack = pack_in(&mut tx, viewer, instrument, &agenda, &around, participant).await?;
    tx.commit().await?;
    Ok((agenda, pack))
}

/// Every pack of the meeting the viewer may read, with the agenda, to print (audited: one
/// entry for the print and one about each participant whose pack it holds).
pub async fn print(
    db: &Db,
    viewer: &Viewer<'_>,
    instrument: &Instrument,
    meeting: MeetingId,
    today: NaiveDate,
) -> Result<(Agenda, Vec<Pack>), AppError> {
    let mut tx = db.write().await?;
    let agenda = draft(&mut tx, viewer, instrument, meeting, today, Draft::Whole).await?;
    let around = Around::load(&mut tx, viewer, &agenda).await?;
    let mut packs = Vec::with_capacity(agenda.everyone.len());
    for (participant, _) in agenda.everyone.clone() {
        packs.push(pack_in(&mut tx, viewer, instrument, &agenda, &around, participant).await?);
    }
    // Packs that hold one-to-one notes, not those that merely may (a reader allowed notes sees
    // an empty section for someone with none).
    let with_notes = packs
        .iter()
        .filter(|p| p.notes.as_ref().is_some_and(|notes| !notes.is_empty()))
        .count();
    let detail = format!(
        "meeting {meeting}: {} packs, {with_notes} with one-to-one notes",
        packs.len()
    );
    record_by(
        &mut tx,
        Some(&viewer.actor),
        AuditAction::CaseMeetingPrinted,
        None,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok((agenda, packs))
}

/// What every pack of a meeting reads the same: whom the reader reaches, when each active
/// participant joined, and the actions (read once, so printing every pack stays one pass).
struct Around {
    reachable: Reachable,
    joined: BTreeMap<PersonId, NaiveDate>,
    actions: Vec<ActionLine>,
}

impl Around {
    async fn load(tx: &mut Tx, viewer: &Viewer<'_>, agenda: &Agenda) -> Result<Around, AppError> {
        Ok(Around {
            reachable: Reachable::load(tx, &viewer.reader, agenda.meeting.held_on).await?,
            joined: data::case_meetings::active_participants(tx)
                .await?
                .into_iter()
                .map(|p| (p.id, p.since))
                .collect(),
            actions: data::case_meetings::actions(tx, None, agenda.review.since).await?,
        })
    }
}

async fn pack_in(
    tx: &mut Tx,
    viewer: &Viewer<'_>,
    instrument: &Instrument,
    agenda: &Agenda,
    around: &Around,
    participant: PersonId,
) -> Result<Pack, AppError> {
    let (name, mentor) = data::plans::participant(tx, participant)
        .await?
        .ok_or_else(no_participant)?;
    // Someone the reader may not read is answered exactly as someone who does not exist.
    let reach = around
        .reachable
        .reach(&viewer.reader, participant, mentor)
        .ok_or_else(no_participant)?;
    let review = agenda.review;
    let since = around.joined.get(&participant).copied();
    let facts = facts(tx, Some(participant), review, instrument).await?;
    let reasons = match since {
        Some(since) => reasons_of(
            facts.get(&participant),
            since,
            review,
            instrument.meaningful(),
        ),
        None => Vec::new(),
    };
    let (from, until) = (
        midnight(day_after(review.since)),
        midnight(day_after(review.day)),
    );
    let sessions = data::case_meetings::registers(tx, Some(participant), from, until)
        .await?
        .into_iter()
        .map(|row| PackSession {
            starts_at: row.starts_at,
            activity: row.activity,
            outcome: row.outcome,
            absent_reason: row.absent_reason,
        })
        .collect();
    let rides =
        data::case_meetings::rides(tx, Some(participant), day_after(review.since), review.day)
            .await?
            .into_iter()
            .map(|ride| PackRide {
                on: ride.run_date,
                outbound: ride.direction == "outbound",
                boarded: ride.boarding.map(|b| b == "boarded"),
            })
            .collect();
    let goals = data::plans::goals(tx, participant)
        .await?
        .into_iter()
        .filter(|goal| {
            goal.review != Some(crate::plans::Review::Achieved)
                || goal.reviewed_on.is_some_and(|on| review.covers(on))
        })
        .map(|goal| PackGoal {
            state: match (goal.review, goal.reviewed_on) {
                (Some(done), Some(on)) => format!("{} ({})", done.label(), day_month(on)),
                _ if goal.target_on < review.day => "Past its date".into(),
                _ => "Open".into(),
            },
            area: goal.area,
            title: goal.title,
            target_on: goal.target_on,
        })
        .collect();
    let scores =
        data::case_meetings::scores(tx, Some(participant), &instrument.slug, review.day).await?;
    let wellbeing = match (scores.first(), scores.last()) {
        (Some(first), Some(latest)) => Some(WellbeingChange {
            first: (first.1, Score(first.2)),
            latest: (latest.1, Score(latest.2)),
        }),
        _ => None,
    };
    let notes = if reach.notes() {
        Some(
            data::plans::one_to_ones(tx, participant)
                .await?
                .into_iter()
                .filter(|row| review.covers(row.met_on))
                .map(|row| PackNote {
                    met_on: row.met_on,
                    how: row.kind.label().to_owned(),
                    areas: row
                        .areas
                        .map(|areas| areas.split("; ").map(str::to_owned).collect())
                        .unwrap_or_default(),
                    note: row.note,
                    by: row.by_name,
                })
                .collect(),
        )
    } else {
        None
    };
    let restricted = if reach.restricted() {
        Some(Restricted {
            kept_apart_from: data::case_meetings::kept_apart_from(tx, participant).await?,
            record_notes: data::case_meetings::record_notes(tx, participant).await?,
        })
    } else {
        None
    };
    let actions = around
        .actions
        .iter()
        .filter(|a| a.participant_id == participant && a.raised_on <= review.day)
        .cloned()
        .collect();
    let minutes = data::case_meetings::minutes(tx, agenda.meeting.id, Some(participant))
        .await?
        .into_iter()
        .map(|row| MinuteLine {
            id: row.id,
            note: row.note,
            by: row.by_name,
            after_closing: row.after_closing,
        })
        .collect();
    let parts = match reach {
        Reach::Whole => "whole, with notes and the restricted section",
        Reach::WithNotes => "with one-to-one notes",
        Reach::Sessions => "without notes",
    };
    let detail = format!("meeting {}: pack {parts}", agenda.meeting.id);
    record_by(
        tx,
        Some(&viewer.actor),
        AuditAction::CasePackRead,
        Some(participant),
        &detail,
    )
    .await?;
    Ok(Pack {
        participant,
        name,
        review,
        reasons,
        sessions,
        rides,
        goals,
        wellbeing,
        notes,
        restricted,
        actions,
        minutes,
    })
}

/// An open meeting, for a change to it; a closed one is refused with `closed`.
async fn open_meeting(
    tx: &mut Tx,
    meeting: MeetingId,
    closed: &str,
) -> Result<MeetingRow, AppError> {
    let row = meeting_row(tx, meeting).await?;
    if row.closed_at.is_some() {
        return Err(closed_refusal(closed));
    }
    Ok(row)
}

async fn staff_member(tx: &mut Tx, person: PersonId) -> Result<StaffRow, AppError> {
    data::case_meetings::staff(tx)
        .await?
        .into_iter()
        .find(|staff| staff.id == person)
        .ok_or_else(|| AppError::Invalid("Choose someone from the programme's staff.".into()))
}

/// Marks `person` as at the meeting, or not.
pub async fn set_attendee(
    db: &Db,
    actor: &Actor<'_>,
    meeting: MeetingId,
    person: PersonId,
    here: bool,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    open_meeting(&mut tx, meeting, "who came can no longer be changed.").await?;
    staff_member(&mut tx, person).await?;
    data::case_meetings::set_attendee(&mut tx, meeting, person, here).await?;
    let detail = format!(
        "meeting {meeting}: person {person} {}",
        if here { "came" } else { "did not come" }
    );
    record_by(
        &mut tx,
        Some(actor),
        AuditAction::CaseAttendeesChanged,
        None,
        &detail,
    )
    .await?;
    tx.commit().await
}

/// An action decided at the meeting about `participant`.
pub struct ActionDraft {
    pub participant: PersonId,
    pub what: String,
    pub owner: PersonId,
    pub due_on: NaiveDate,
}

pub async fn record_action(
    db: &Db,
    actor: &Actor<'_>,
    meeting: MeetingId,
    draft: &ActionDraft,
) -> Result<ActionId, AppError> {
    let mut tx = db.write().await?;
    let row = open_meeting(&mut tx, meeting, "record the action at the next meeting.").await?;
    data::plans::participant(&mut tx, draft.participant)
        .await?
        .ok_or_else(no_participant)?;
    crate::retention::use_cases::refuse_if_anonymised(&mut tx, draft.participant).await?;
    if !staff_member(&mut tx, draft.owner).await?.owns_actions {
        return Err(AppError::Invalid(
            "An action goes to a tutor, mentor, coordinator or team leader.".into(),
        ));
    }
    if draft.due_on < row.held_on {
        return Err(AppError::Invalid(
            "The day it is due cannot be before the meeting.".into(),
        ));
    }
    let id = data::case_meetings::insert_action(
        &mut tx,
        meeting,
        draft.participant,
        &draft.what,
        draft.owner,
        draft.due_on,
        actor.person,
    )
    .await?;
    let detail = format!(
        "action {id} at meeting {meeting}, for person {}",
        draft.owner
    );
    record_by(
        &mut tx,
        Some(actor),
        AuditAction::CaseActionRecorded,
        Some(draft.participant),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Marks an action done: by its owner, or by whoever runs the meetings. Anyone else is answered
/// as if it did not exist.
pub async fn action_done(
    db: &Db,
    actor: &Actor<'_>,
    runs: bool,
    action: ActionId,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let line = data::case_meetings::action(&mut tx, action)
        .await?
        .filter(|line| runs || line.owner_id == actor.person)
        .ok_or_else(|| AppError::NotFound("that action".into()))?;
    if !data::case_meetings::action_done(&mut tx, action, today, actor.person).await? {
        return Err(AppError::Conflict("That action is already done.".into()));
    }
    let detail = format!("action {action}");
    record_by(
        &mut tx,
        Some(actor),
        AuditAction::CaseActionDone,
        Some(line.participant_id),
        &detail,
    )
    .await?;
    tx.commit().await
}

/// Writes an entry in the minutes about `participant`: after the meeting closed, a later entry
/// marked as such.
pub async fn write_minutes(
    db: &Db,
    actor: &Actor<'_>,
    meeting: MeetingId,
    participant: PersonId,
    note: &str,
) -> Result<MinuteId, AppError> {
    let mut tx = db.write().await?;
    let row = meeting_row(&mut tx, meeting).await?;
    data::plans::participant(&mut tx, participant)
        .await?
        .ok_or_else(no_participant)?;
    crate::retention::use_cases::refuse_if_anonymised(&mut tx, participant).await?;
    let after_closing = row.closed_at.is_some();
    let id = data::case_meetings::insert_minute(
        &mut tx,
        meeting,
        participant,
        note,
        actor.person,
        after_closing,
    )
    .await?;
    let detail = if after_closing {
        format!("meeting {meeting}, after it closed")
    } else {
        format!("meeting {meeting}")
    };
    record_by(
        &mut tx,
        Some(actor),
        AuditAction::CaseMinutesWritten,
        Some(participant),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Corrects an entry while the meeting is open; a closed meeting's minutes stay as they are.
pub async fn correct_minutes(
    db: &Db,
    actor: &Actor<'_>,
    minute: MinuteId,
    note: &str,
) -> Result<(MeetingId, PersonId), AppError> {
    let mut tx = db.write().await?;
    let (meeting, participant) = data::case_meetings::minute(&mut tx, minute)
        .await?
        .ok_or_else(|| AppError::NotFound("that entry in the minutes".into()))?;
    open_meeting(
        &mut tx,
        meeting,
        "its minutes cannot be changed. Add a new entry instead.",
    )
    .await?;
    data::case_meetings::correct_minute(&mut tx, minute, note).await?;
    let detail = format!("meeting {meeting}, entry {minute} corrected");
    record_by(
        &mut tx,
        Some(actor),
        AuditAction::CaseMinutesWritten,
        Some(participant),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok((meeting, participant))
}

/// Closes the meeting: its minutes, who came and its actions' wording lock.
pub async fn close(
    db: &Db,
    actor: &Actor<'_>,
    meeting: MeetingId,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let row = open_meeting(&mut tx, meeting, "it was closed already.").await?;
    let review = review_of(&mut tx, &row).await?;
    data::case_meetings::close_meeting(&mut tx, meeting, actor.person, at, review.since).await?;
    let detail = format!("meeting {meeting}");
    record_by(
        &mut tx,
        Some(actor),
        AuditAction::CaseMeetingClosed,
        None,
        &detail,
    )
    .await?;
    tx.commit().await
}

/// The actions on someone's home page: their own not yet done, and (for whoever runs the
/// meetings) everyone's overdue ones.
pub async fn my_actions(
    db: &Db,
    person: PersonId,
    runs: bool,
    today: NaiveDate,
) -> Result<Vec<ActionLine>, AppError> {
    let mut tx = db.read().await?;
    let open = data::case_meetings::actions(&mut tx, None, today).await?;
    tx.commit().await?;
    Ok(open
        .into_iter()
        .filter(|a| a.done_on.is_none())
        .filter(|a| a.owner_id == person || (runs && a.overdue(today)))
        .collect())
}
