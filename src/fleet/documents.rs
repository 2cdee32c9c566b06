//! A driver's licence and DBS check: whether each is still good on a date, the sentence the
//! coordinator reads about it, and the one rule the run assignment relies on — nobody drives on
//! an expired document. Plain Rust, shared by server and browser.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How many days ahead a coming expiry is flagged.
pub const WARN_DAYS_AHEAD: i64 = 30;

/// Where one document stands on a given day. A document is good up to and including its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentStatus {
    Valid,
    /// Still good, but runs out within [`WARN_DAYS_AHEAD`] days (0: today is the last day).
    ExpiresSoon {
        days: i64,
    },
    Expired,
}

impl DocumentStatus {
    /// The status on `on` of a document good until `until` (inclusive).
    pub fn of(until: NaiveDate, on: NaiveDate) -> Self {
        match (until - on).num_days() {
            days if days < 0 => Self::Expired,
            days if days <= WARN_DAYS_AHEAD => Self::ExpiresSoon { days },
            _ => Self::Valid,
        }
    }

    /// A CSS-friendly word for the status: "valid", "soon", "expired".
    pub fn slug(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::ExpiresSoon { .. } => "soon",
            Self::Expired => "expired",
        }
    }
}

/// The two documents a driver needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Document {
    Licence,
    Dbs,
}

impl Document {
    fn name(self) -> &'static str {
        match self {
            Self::Licence => "Licence",
            Self::Dbs => "DBS check",
        }
    }

    fn runs_out(self) -> &'static str {
        match self {
            Self::Licence => "expires",
            Self::Dbs => "renews",
        }
    }
}

/// "5 Dec 2026".
pub fn day_words(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// The sentence about one document on `on`: "DBS check renews in 12 days (on 5 Dec 2026)",
/// "Licence expired on 1 Nov 2026: cannot be given a run".
pub fn document_sentence(document: Document, until: NaiveDate, on: NaiveDate) -> String {
    let (name, runs_out, date) = (document.name(), document.runs_out(), day_words(until));
    match DocumentStatus::of(until, on) {
        DocumentStatus::Valid => format!("{name} valid until {date}"),
        DocumentStatus::ExpiresSoon { days: 0 } => {
            format!("{name} {runs_out} today ({date}): the last day it is valid")
        }
        DocumentStatus::ExpiresSoon { days: 1 } => format!("{name} {runs_out} tomorrow ({date})"),
        DocumentStatus::ExpiresSoon { days } => {
            format!("{name} {runs_out} in {days} days (on {date})")
        }
        DocumentStatus::Expired => format!("{name} expired on {date}: cannot be given a run"),
    }
}

/// A driver's licence expiry and DBS renewal dates, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriverDocuments {
    pub licence_expires_on: NaiveDate,
    pub dbs_renews_on: NaiveDate,
}

impl DriverDocuments {
    fn each(self) -> [(Document, NaiveDate); 2] {
        [
            (Document::Licence, self.licence_expires_on),
            (Document::Dbs, self.dbs_renews_on),
        ]
    }

    /// The worse of the two statuses on `on` (expired before soon before valid).
    pub fn status(self, on: NaiveDate) -> DocumentStatus {
        let rank = |status: &DocumentStatus| match status {
            DocumentStatus::Expired => (0, 0),
            DocumentStatus::ExpiresSoon { days } => (1, *days),
            DocumentStatus::Valid => (2, 0),
        };
        self.each()
            .into_iter()
            .map(|(_, until)| DocumentStatus::of(until, on))
            .min_by_key(rank)
            .unwrap_or(DocumentStatus::Valid)
    }

    /// The sentence for each document, licence first.
    pub fn sentences(self, on: NaiveDate) -> Vec<(DocumentStatus, String)> {
        self.each()
            .into_iter()
            .map(|(document, until)| {
                (
                    DocumentStatus::of(until, on),
                    document_sentence(document, until, on),
                )
            })
            .collect()
    }

    /// May this driver be given a run on `on`? Refused, with the sentence(s) why, when the
    /// licence or the DBS check has run out by then.
    pub fn may_drive(self, on: NaiveDate) -> Result<(), String> {
        let refusals: Vec<String> = self
            .each()
            .into_iter()
            .filter(|(_, until)| DocumentStatus::of(*until, on) == DocumentStatus::Expired)
            .map(|(document, until)| document_sentence(document, until, on))
            .collect();
        if refusals.is_empty() {
            Ok(())
        } else {
            Err(format!("{}.", refusals.join(". ")))
        }
    }
}

/// May a driver with `documents` (`None`: none recorded) be given a run on `on`?
pub fn may_drive(documents: Option<DriverDocuments>, on: NaiveDate) -> Result<(), String> {
    documents.map_or_else(
        || Err(NO_DOCUMENTS.to_owned()),
        |documents| documents.may_drive(on),
    )
}

/// What is said of a driver whose dates are not recorded yet.
pub const NO_DOCUMENTS: &str =
    "No licence or DBS dates recorded: cannot be given a run until they are.";

/// One driver on the drivers page: who, their dates, and what those dates mean today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriverSummary {
    pub person_id: crate::people::PersonId,
    pub name: String,
    pub documents: Option<DriverDocuments>,
    /// The worse of the two statuses today; `None` when no dates are recorded.
    pub status: Option<DocumentStatus>,
    /// A sentence per document (or one saying none are recorded), licence first.
    pub notes: Vec<(DocumentStatus, String)>,
}

impl DriverSummary {
    /// Reads `documents` as of `today`.
    pub fn new(
        person_id: crate::people::PersonId,
        name: String,
        documents: Option<DriverDocuments>,
        today: NaiveDate,
    ) -> Self {
        let notes = documents.map_or_else(
            || vec![(DocumentStatus::Expired, NO_DOCUMENTS.to_owned())],
            |documents| documents.sentences(today),
        );
        Self {
            person_id,
            name,
            documents,
            status: documents.map(|documents| documents.status(today)),
            notes,
        }
    }
}

/// The drivers, by name, read on the programme's `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriverList {
    pub today: NaiveDate,
    pub drivers: Vec<DriverSummary>,
}

/// A date as a browser's date field sends it ("2026-12-05"), within the programme's years.
fn form_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|date| (2000..=2100).contains(&chrono::Datelike::year(date)))
}

impl DriverDocuments {
    /// Reads the two dates typed into the drivers page, or says what is wrong with each.
    pub fn parse(licence_expires_on: &str, dbs_renews_on: &str) -> Result<Self, Vec<String>> {
        let licence = form_date(licence_expires_on);
        let dbs = form_date(dbs_renews_on);
        match (licence, dbs) {
            (Some(licence_expires_on), Some(dbs_renews_on)) => Ok(Self {
                licence_expires_on,
                dbs_renews_on,
            }),
            _ => Err([
                (
                    licence,
                    "Enter the date the driving licence expires, like 2027-03-31.",
                ),
                (
                    dbs,
                    "Enter the date the DBS check is due for renewal, like 2027-03-31.",
                ),
            ]
            .into_iter()
            .filter(|(date, _)| date.is_none())
            .map(|(_, problem)| problem.to_owned())
            .collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_document_is_good_through_its_date_and_flagged_thirty_days_ahead() {
        let until = day(2026, 12, 5);
        assert_eq!(
            DocumentStatus::of(until, day(2026, 11, 4)),
            DocumentStatus::Valid
        );
        assert_eq!(
            DocumentStatus::of(until, day(2026, 11, 5)),
            DocumentStatus::ExpiresSoon { days: 30 }
        );
        assert_eq!(
            DocumentStatus::of(until, until),
            DocumentStatus::ExpiresSoon { days: 0 }
        );
        assert_eq!(
            DocumentStatus::of(until, day(2026, 12, 6)),
            DocumentStatus::Expired
        );
    }

    #[test]
    fn sentences_say_when_in_plain_words() {
        let today = day(2026, 11, 23);
        assert_eq!(
            document_sentence(Document::Dbs, day(2026, 12, 5), today),
            "DBS check renews in 12 days (on 5 Dec 2026)"
        );
        assert_eq!(
            document_sentence(Document::Licence, day(2026, 11, 1), today),
            "Licence expired on 1 Nov 2026: cannot be given a run"
        );
        assert_eq!(
            document_sentence(Document::Licence, day(2030, 1, 31), today),
            "Licence valid until 31 Jan 2030"
        );
        assert_eq!(
            document_sentence(Document::Licence, day(2026, 11, 24), today),
            "Licence expires tomorrow (24 Nov 2026)"
        );
    }

    #[test]
    fn an_expired_driver_is_refused_a_run_and_a_soon_expiring_one_is_not() {
        let today = day(2026, 11, 23);
        let documents = DriverDocuments {
            licence_expires_on: day(2029, 6, 1),
            dbs_renews_on: day(2026, 12, 5),
        };
        assert_eq!(documents.may_drive(today), Ok(()));
        assert_eq!(
            documents.status(today),
            DocumentStatus::ExpiresSoon { days: 12 }
        );
        assert_eq!(
            documents.may_drive(day(2026, 12, 6)),
            Err("DBS check expired on 5 Dec 2026: cannot be given a run.".into())
        );
        let both = DriverDocuments {
            licence_expires_on: day(2026, 11, 1),
            dbs_renews_on: day(2026, 11, 2),
        };
        assert_eq!(both.status(today), DocumentStatus::Expired);
        let refusal = both.may_drive(today).unwrap_err();
        assert!(refusal.starts_with("Licence expired on 1 Nov 2026") && refusal.contains("DBS"));
        assert_eq!(may_drive(None, today), Err(NO_DOCUMENTS.into()));
    }

    #[test]
    fn dates_are_read_from_the_form_and_each_problem_named() {
        let documents = DriverDocuments::parse("2027-03-31", " 2026-12-05 ").unwrap();
        assert_eq!(documents.dbs_renews_on, day(2026, 12, 5));
        assert_eq!(
            DriverDocuments::parse("31/03/2027", "1900-01-01")
                .unwrap_err()
                .len(),
            2
        );
        assert!(DriverDocuments::parse("2027-03-31", "").unwrap_err()[0].contains("DBS"));
    }
}
