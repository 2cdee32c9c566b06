//! The Justice Data Lab: the Ministry of Justice measures the re-offending of a programme's
//! participants against a matched group, for programmes with 60 or more people. It needs each
//! person's names, date of birth, gender and the day they started (its "index date"). The app
//! keeps date of birth and gender apart from the rest of the record (coordinators only), with
//! the day the participant agreed to the study, and makes the extract of those who agreed.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Below this many people the Data Lab cannot make a matched comparison.
pub const DATA_LAB_MINIMUM: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    Female,
    Male,
    Another,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Female, Gender::Male, Gender::Another];

    pub fn slug(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Another => "another",
        }
    }

    pub fn from_slug(text: &str) -> Option<Gender> {
        Gender::ALL.into_iter().find(|g| g.slug() == text.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Gender::Female => "Female",
            Gender::Male => "Male",
            Gender::Another => "Another way",
        }
    }

    /// The extract's code: the Police National Computer records M or F; anything else is left
    /// blank for the Data Lab to match on the other fields.
    pub fn data_lab_code(self) -> &'static str {
        match self {
            Gender::Female => "F",
            Gender::Male => "M",
            Gender::Another => "",
        }
    }
}

/// What the coordinator records for the Data Lab about one participant.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Identity {
    pub born_on: Option<NaiveDate>,
    pub gender: Option<Gender>,
    /// The day the participant agreed their details may go to the Data Lab.
    pub consent_on: Option<NaiveDate>,
}

impl Identity {
    /// The form's fields ("" for blank), checked against `today`.
    pub fn parse(
        born_on: &str,
        gender: &str,
        consent_on: &str,
        today: NaiveDate,
    ) -> Result<Identity, String> {
        let day = |text: &str, what: &str| -> Result<Option<NaiveDate>, String> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| format!("Give the {what} as a date, like 1990-04-21."))
        };
        let born_on = day(born_on, "date of birth")?;
        if let Some(born) = born_on {
            let eighteen = born.checked_add_months(chrono::Months::new(18 * 12));
            if born.year() < 1900 || eighteen.is_none_or(|d| d > today) {
                return Err("The programme is for adults: check the date of birth.".into());
            }
        }
        let gender = match gender.trim() {
            "" => None,
            text => Some(Gender::from_slug(text).ok_or("Choose female, male or another way.")?),
        };
        let consent_on = day(consent_on, "day they agreed")?;
        if consent_on.is_some_and(|d| d > today) {
            return Err("The day they agreed cannot be in the future.".into());
        }
        Ok(Identity {
            born_on,
            gender,
            consent_on,
        })
    }
}

/// The summary the coordinator sees before downloading the extract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataLabSummary {
    /// Participants who agreed and have come to a session: the rows of the extract.
    pub rows: usize,
    /// Of those, how many have no date of birth or gender recorded (the Data Lab needs both).
    pub incomplete: usize,
    /// Agreed but not started yet: not in the extract.
    pub not_started: usize,
}

/// One row of the extract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLabLine {
    pub surname: String,
    pub forename: String,
    pub born_on: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub started_on: NaiveDate,
}

pub const COLUMNS: [&str; 5] = [
    "Surname",
    "Forename",
    "Date of Birth",
    "Gender",
    "Index Date",
];

/// The extract as CSV: dates as DD/MM/YYYY, as the Data Lab's template writes them.
pub fn extract_csv(lines: &[DataLabLine]) -> String {
    let date = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    let mut out = crate::csv_file::row(COLUMNS.iter().map(|c| (*c).to_owned()));
    for line in lines {
        out.push_str(&crate::csv_file::row([
            line.surname.clone(),
            line.forename.clone(),
            date(line.born_on),
            line.gender
                .map(|g| g.data_lab_code().to_owned())
                .unwrap_or_default(),
            date(Some(line.started_on)),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_form_is_checked_in_words() {
        let today = day("2026-12-03");
        let identity = Identity::parse("1990-04-21", "male", "2026-11-01", today).unwrap();
        assert_eq!(identity.gender, Some(Gender::Male));
        assert_eq!(
            Identity::parse("", "", "", today).unwrap(),
            Identity::default()
        );
        assert!(Identity::parse("2015-01-01", "", "", today)
            .unwrap_err()
            .contains("adults"));
        assert!(Identity::parse("21/04/1990", "", "", today)
            .unwrap_err()
            .contains("1990-04-21"));
        assert!(Identity::parse("", "x", "", today)
            .unwrap_err()
            .contains("Choose"));
        assert!(Identity::parse("", "", "2027-01-01", today)
            .unwrap_err()
            .contains("future"));
    }

    #[test]
    fn the_extract_has_the_data_labs_columns_and_date_format() {
        let csv = extract_csv(&[DataLabLine {
            surname: "Hughes".into(),
            forename: "Daniel".into(),
            born_on: Some(day("1990-04-21")),
            gender: Some(Gender::Male),
            started_on: day("2026-09-02"),
        }]);
        assert_eq!(
            csv,
            "Surname,Forename,Date of Birth,Gender,Index Date\r\nHughes,Daniel,21/04/1990,M,02/09/2026\r\n"
        );
    }
}
