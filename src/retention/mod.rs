//! Records kept no longer than needed (issue 17). The coordinator sets how long each kind of
//! record is kept; a daily job (`use_cases::run`) anonymises what has expired — names, contacts,
//! notes and free text go; the year of birth, dates, source, coded outcomes and scores stay for
//! the figures — and writes a tombstone to the audit log. A legal hold stops it for one person.
//! The rules here (which kinds, their limits, when something expires) are shared with the page.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::people::PersonId;

#[cfg(feature = "ssr")]
pub mod daily;
pub mod retention_api;
pub mod retention_page;
#[cfg(feature = "ssr")]
pub mod use_cases;

/// The kinds of record with a retention period of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "text", rename_all = "snake_case")
)]
pub enum RecordKind {
    CaseRecords,
    OneToOneNotes,
    Receipts,
    AuditEntries,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] = [
        RecordKind::CaseRecords,
        RecordKind::OneToOneNotes,
        RecordKind::Receipts,
        RecordKind::AuditEntries,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            RecordKind::CaseRecords => "case_records",
            RecordKind::OneToOneNotes => "one_to_one_notes",
            RecordKind::Receipts => "receipts",
            RecordKind::AuditEntries => "audit_entries",
        }
    }

    pub fn from_slug(slug: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|kind| kind.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            RecordKind::CaseRecords => "Closed referrals and participant records",
            RecordKind::OneToOneNotes => "One-to-one notes",
            RecordKind::Receipts => "Receipt photos",
            RecordKind::AuditEntries => "Audit log entries",
        }
    }

    /// What happens when the period ends, counted from when.
    pub fn explains(self) -> &'static str {
        match self {
            RecordKind::CaseRecords => "Counted from the day the participant completed or withdrew (or the referral closed). Then their name, contact details and sign-in go, and the notes and free text in their own records; the year of birth, dates, source, coded outcomes and wellbeing scores stay for the figures. Session notes and expense claims are not theirs alone and stay: never write a participant's name there.",
            RecordKind::OneToOneNotes => "Counted from the day the case closed. Then the wording of each one-to-one note is removed; the date, kind and areas stay.",
            RecordKind::Receipts => "Counted from the day the claim was paid. Then the receipt photos are deleted; the claim's lines and amounts stay.",
            RecordKind::AuditEntries => "Counted from the day the entry was written. Then the entry is deleted, except the tombstones that say what was anonymised.",
        }
    }

    /// The shortest period the app accepts: records the law or an auditor asks for are not
    /// thrown away by a slip of the finger.
    pub fn min_months(self) -> u16 {
        match self {
            RecordKind::CaseRecords | RecordKind::Receipts => 12,
            RecordKind::OneToOneNotes => 1,
            RecordKind::AuditEntries => 6,
        }
    }
}

/// The longest period anyone may set: 100 years.
pub const MAX_MONTHS: u16 = 1200;

/// Reads a period typed on the form, or says what is wrong with it.
pub fn parse_months(kind: RecordKind, typed: &str) -> Result<u16, String> {
    let min = kind.min_months();
    match typed.trim().parse::<u16>() {
        Ok(months) if (min..=MAX_MONTHS).contains(&months) => Ok(months),
        _ => Err(format!(
            "{} are kept for {min} to {MAX_MONTHS} months: type a whole number of months.",
            kind.label()
        )),
    }
}

/// The last day whose records have expired on `today` after `months`: anything dated on or
/// before it is due. (`None` when the period reaches back before the calendar starts.)
pub fn expired_on_or_before(today: NaiveDate, months: u16) -> Option<NaiveDate> {
    today.checked_sub_months(Months::new(u32::from(months)))
}

/// "6 years", "18 months", "1 month".
pub fn period_words(months: u16) -> String {
    match (months / 12, months % 12) {
        (1, 0) => "1 year".into(),
        (years, 0) => format!("{years} years"),
        (_, _) if months == 1 => "1 month".into(),
        _ => format!("{months} months"),
    }
}

/// One kind's period, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub kind: RecordKind,
    pub months: u16,
    /// How many records would go if the job ran today.
    pub due_now: i64,
}

/// A legal hold on one participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    pub participant: PersonId,
    pub name: String,
    pub reason: String,
    pub placed_on: NaiveDate,
    pub placed_by: String,
}

/// A participant who may be put on hold (closed, not yet anonymised).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedCase {
    pub participant: PersonId,
    pub name: String,
    pub closed_on: NaiveDate,
}

/// What one run of the job did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    pub participants_anonymised: u64,
    pub referrals_anonymised: u64,
    pub notes_removed: u64,
    pub receipts_deleted: u64,
    pub audit_entries_deleted: u64,
}

impl RunSummary {
    /// "2 participants anonymised, 1 referral anonymised, …" or "Nothing had expired."
    pub fn words(&self) -> String {
        let parts: Vec<String> = [
            (
                self.participants_anonymised,
                "participant record",
                "anonymised",
            ),
            (self.referrals_anonymised, "referral", "anonymised"),
            (self.notes_removed, "one-to-one note", "removed"),
            (self.receipts_deleted, "receipt photo", "deleted"),
            (self.audit_entries_deleted, "audit entry", "deleted"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, what, done)| match (n, what) {
            (1, _) => format!("1 {what} {done}"),
            (_, "audit entry") => format!("{n} audit entries {done}"),
            _ => format!("{n} {what}s {done}"),
        })
        .collect();
        if parts.is_empty() {
            "Nothing had expired.".into()
        } else {
            format!("{}.", parts.join(", "))
        }
    }
}

/// The retention page whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionOverview {
    pub periods: Vec<Period>,
    pub holds: Vec<Hold>,
    /// Closed cases not on hold, for the "place a hold" list.
    pub closed: Vec<ClosedCase>,
    /// The last run: when (UTC, "2026-12-03 03:00") and what it did.
    pub last_run: Option<(String, String)>,
}

/// Reads a legal hold's reason, or says what is wrong with it.
pub fn parse_hold_reason(typed: &str) -> Result<String, String> {
    let reason = typed.trim();
    if reason.is_empty() || reason.chars().count() > 300 {
        return Err("Say why the records are held (up to 300 characters): a court case, a complaint, a request from the police.".into());
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_period_counts_whole_calendar_months_back_from_today() {
        assert_eq!(
            expired_on_or_before(day(2026, 12, 3), 72),
            Some(day(2020, 12, 3))
        );
        // The end of a long month falls back to the end of a short one.
        assert_eq!(
            expired_on_or_before(day(2026, 3, 31), 1),
            Some(day(2026, 2, 28))
        );
        assert_eq!(
            expired_on_or_before(day(2028, 2, 29), 12),
            Some(day(2027, 2, 28))
        );
    }

    #[test]
    fn periods_are_whole_months_within_each_kinds_limits() {
        assert_eq!(parse_months(RecordKind::CaseRecords, " 72 "), Ok(72));
        assert_eq!(parse_months(RecordKind::OneToOneNotes, "1"), Ok(1));
        let short = parse_months(RecordKind::CaseRecords, "3").unwrap_err();
        assert!(short.contains("12 to 1200 months"), "{short}");
        for bad in ["", "-1", "2.5", "1201", "seventy", "99999999999"] {
            assert!(
                parse_months(RecordKind::AuditEntries, bad).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn slugs_read_back() {
        for kind in RecordKind::ALL {
            assert_eq!(RecordKind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(RecordKind::from_slug("everything"), None);
    }

    #[test]
    fn periods_and_summaries_in_words() {
        assert_eq!(period_words(72), "6 years");
        assert_eq!(period_words(12), "1 year");
        assert_eq!(period_words(18), "18 months");
        assert_eq!(period_words(1), "1 month");
        assert_eq!(RunSummary::default().words(), "Nothing had expired.");
        let summary = RunSummary {
            participants_anonymised: 1,
            notes_removed: 3,
            audit_entries_deleted: 2,
            ..RunSummary::default()
        };
        assert_eq!(
            summary.words(),
            "1 participant record anonymised, 3 one-to-one notes removed, 2 audit entries deleted."
        );
    }

    #[test]
    fn a_hold_says_why() {
        assert!(parse_hold_reason("   ").is_err());
        assert!(parse_hold_reason(&"x".repeat(301)).is_err());
        assert_eq!(
            parse_hold_reason(" Court case ").as_deref(),
            Ok("Court case")
        );
    }
}
