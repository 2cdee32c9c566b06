//! `audit`: the same functions on either database; see `sql/audit.rs` for the SQL.

use crate::error::AppError;
use crate::people::PersonId;
use serde::{Deserialize, Serialize};

use super::{Db, Tx};

/// Appends an event. A failure to audit is a failure of the request: access that cannot be
/// recorded is not given.
pub async fn record(db: &Db, event: AuditEvent<'_>) -> Result<(), AppError> {
    dispatch!(db, audit::record(event))
}

/// Appends an event inside the use case's transaction, so that a change and its record commit
/// together (or not at all).
pub async fn record_in(tx: &mut Tx, event: AuditEvent<'_>) -> Result<(), AppError> {
    in_tx!(tx, audit::record_in(event))
}

/// Appends an event by `actor` (`None`: nobody signed in — a referral form, the daily job) about
/// `subject`, inside the use case's transaction.
pub async fn record_by(
    tx: &mut Tx,
    actor: Option<&Actor<'_>>,
    action: AuditAction,
    subject: Option<PersonId>,
    detail: &str,
) -> Result<(), AppError> {
    record_in(
        tx,
        AuditEvent {
            actor: actor.map(|a| a.person),
            action,
            subject,
            detail,
            ip: actor.and_then(|a| a.ip),
        },
    )
    .await
}

/// Records that `actor` read a list of people with their contact details: one entry per view,
/// about nobody in particular (`detail` says which list and how many people).
pub async fn roster_read(db: &Db, actor: &Actor<'_>, detail: &str) -> Result<(), AppError> {
    dispatch!(db, audit::roster_read(actor, detail))
}

/// The kinds of event the log records (the database lists the same words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignInThrottled,
    SignOut,
    AccessRefused,
    ReferralRead,
    PersonCreated,
    PersonChanged,
    PersonDeactivated,
    PersonReactivated,
    RolesChanged,
    InviteIssued,
    InviteUsed,
    PasswordChanged,
    TotpEnabled,
    RecoveryCodeUsed,
    /// A pair of participants put on the keep-apart list: one entry about each of the two,
    /// naming the other by id, never the reason.
    KeepApartAdded,
    KeepApartRemoved,
    /// A session's list of people, with their contact details, was read: one entry per view,
    /// about nobody in particular (the detail names the session and how many people).
    RosterRead,
    /// A participant put on an activity's group, or taken off it: one entry about them, naming
    /// the activity by id.
    AddedToActivityGroup,
    RemovedFromActivityGroup,
    /// A run's odometer readings corrected by the coordinator: the detail gives the readings
    /// before and after.
    OdometerCorrected,
    /// A receipt photo was looked at: one entry about the claimant, naming the claim line.
    ReceiptRead,
    /// The month's claims were downloaded for the finance software.
    ClaimsExported,
    /// A referral arrived (through a partner's link, the self-referral form, or typed in by
    /// staff): the detail names the referral by id and how it came, never the person.
    ReferralReceived,
    /// A referral moved on, was closed, reopened or accepted: the detail names the referral and
    /// its new status; about the participant once it has one.
    ReferralChanged,
    /// A partner agency was given a referral link (the detail names the link by id).
    PartnerLinkIssued,
    PartnerLinkRevoked,
    /// A participant's plan was opened, with its one-to-one notes: one entry about them per view.
    OneToOnesRead,
    /// A one-to-one contact was recorded about the participant (the detail says how, never what).
    OneToOneRecorded,
    /// A participant's wellbeing scores were read by their mentor or a coordinator.
    WellbeingRead,
    /// A retention period was changed (the detail names the kind and the months).
    RetentionChanged,
    /// A participant's records were put on legal hold, or taken off it (never the reason).
    LegalHoldPlaced,
    LegalHoldLifted,
    /// The tombstone of a record anonymised (or its notes' wording removed) under the
    /// retention schedule; the log's own period never deletes these.
    RecordAnonymised,
    /// The retention job found something expired: the detail counts what went.
    RetentionRun,
    /// A subject access request was registered, its pack downloaded, or it was answered: about
    /// the person, naming the request by id.
    SubjectAccessRegistered,
    SubjectAccessCompiled,
    SubjectAccessAnswered,
    /// A participant's date of birth, gender or Justice Data Lab consent was changed (the
    /// detail names the fields, never the values).
    IdentityChanged,
    /// The funders' report was downloaded as CSV or opened to print (the detail says the period).
    FundersReportDownloaded,
    /// The Justice Data Lab extract was downloaded (the detail counts the rows).
    DataLabExtracted,
    /// A case meeting was opened or closed (the detail names the meeting by id and day).
    CaseMeetingOpened,
    CaseMeetingClosed,
    /// Someone was marked as at a case meeting, or not (the detail names the meeting and the
    /// member of staff by id).
    CaseAttendeesChanged,
    /// A case meeting's agenda was read: one entry per view, about nobody in particular (the
    /// detail names the meeting and how many people it lists).
    CaseAgendaRead,
    /// A participant's case-meeting pack was read (the detail says which parts).
    CasePackRead,
    /// A case meeting was opened to print (the detail says how many packs, and which parts).
    CaseMeetingPrinted,
    /// Minutes were written about the participant (the detail says whether after closing, never
    /// what).
    CaseMinutesWritten,
    /// An action was recorded about the participant, or marked done.
    CaseActionRecorded,
    CaseActionDone,
}

/// Who did it, for an audit entry written alongside a change.
pub struct Actor<'a> {
    pub person: PersonId,
    pub ip: Option<&'a str>,
}

/// One event to record.
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    pub actor: Option<PersonId>,
    pub action: AuditAction,
    pub subject: Option<PersonId>,
    pub detail: &'a str,
    pub ip: Option<&'a str>,
}
