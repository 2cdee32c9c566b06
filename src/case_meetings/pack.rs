//! A participant's pack for the case meeting: what happened since their last review, on one
//! screen. Who reads which part is decided here: coordinators and team leaders read it whole;
//! a mentor reads their own mentees' packs with the one-to-one notes but without the restricted
//! section; a tutor (or mentor) reads the packs of the participants on the sessions they lead,
//! without notes or the restricted section; nobody else reads any.

use chrono::{NaiveDate, NaiveDateTime};

use super::agenda::Review;
use super::{ActionLine, MinuteId};
use crate::people::PersonId;
use crate::scheduling::register::Outcome;
use crate::wellbeing::instrument::Score;

/// Who is reading, as far as the pack's parts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub person: PersonId,
    /// Reads every participant's records, notes included (coordinators, team leaders).
    pub sees_everyone: bool,
    /// Reads the restricted section: who is kept apart from whom (coordinators, team leaders).
    pub sees_restricted: bool,
}

/// How much of one participant's pack a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Everything, the restricted section included.
    Whole,
    /// Everything but the restricted section: the participant's mentor, or a coordinator
    /// without the keep-apart list.
    WithNotes,
    /// Attendance, transport, goals, wellbeing, actions and minutes: a lead of their sessions.
    Sessions,
}

impl Reach {
    /// The reader's reach for a participant with `mentor`, of whose sessions the reader `leads`
    /// one; `None`: no pack at all.
    pub fn of(reader: &Reader, mentor: Option<PersonId>, leads: bool) -> Option<Reach> {
        if reader.sees_everyone {
            Some(if reader.sees_restricted {
                Reach::Whole
            } else {
                Reach::WithNotes
            })
        } else if mentor == Some(reader.person) {
            Some(Reach::WithNotes)
        } else if leads {
            Some(Reach::Sessions)
        } else {
            None
        }
    }

    pub fn notes(self) -> bool {
        matches!(self, Reach::Whole | Reach::WithNotes)
    }

    pub fn restricted(self) -> bool {
        self == Reach::Whole
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackSession {
    pub starts_at: NaiveDateTime,
    pub activity: String,
    pub outcome: Outcome,
    pub absent_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackRide {
    pub on: NaiveDate,
    pub outbound: bool,
    /// `Some(true)` boarded, `Some(false)` not here, `None` not marked.
    pub boarded: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackGoal {
    pub area: String,
    pub title: String,
    pub target_on: NaiveDate,
    /// "Achieved on 3 March", "Not yet (reviewed 3 March)", "Past its date", "Open".
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackNote {
    pub met_on: NaiveDate,
    pub how: String,
    pub areas: Vec<String>,
    pub note: String,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinuteLine {
    pub id: MinuteId,
    pub note: String,
    pub by: String,
    pub after_closing: bool,
}

/// What only coordinators read: who the participant is kept apart from, and the coordinator's
/// own notes on their record (where risks are written down).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restricted {
    pub kept_apart_from: Vec<String>,
    pub record_notes: Option<String>,
}

/// The first and latest completed check-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WellbeingChange {
    pub first: (NaiveDate, Score),
    pub latest: (NaiveDate, Score),
}

impl WellbeingChange {
    /// "48 on 2 March; up 6 since the start (42 on 5 January)": points, never a percentage.
    pub fn words(&self, meaningful: Score) -> String {
        use crate::days_and_times::day_month;
        let (first_on, first) = self.first;
        let (latest_on, latest) = self.latest;
        if first_on == latest_on {
            return format!(
                "{} on {} (one check-in so far)",
                latest.words(),
                day_month(latest_on)
            );
        }
        let change = latest.0 - first.0;
        let direction = match change {
            0 => "no change".to_owned(),
            up if up > 0 => format!("up {}", Score(up).words()),
            down => format!("down {}", Score(-down).words()),
        };
        let meaningful = if change.abs() >= meaningful.0 && change != 0 {
            ", a meaningful change"
        } else {
            ""
        };
        format!(
            "{} on {}; {direction} since the start ({} on {}){meaningful}",
            latest.words(),
            day_month(latest_on),
            first.words(),
            day_month(first_on)
        )
    }
}

/// One participant's pack, cut to the reader's reach: `notes` and `restricted` are `None` when
/// the reader may not see them (and were never read from the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pack {
    pub participant: PersonId,
    pub name: String,
    pub review: Review,
    pub reasons: Vec<String>,
    pub sessions: Vec<PackSession>,
    pub rides: Vec<PackRide>,
    pub goals: Vec<PackGoal>,
    pub wellbeing: Option<WellbeingChange>,
    pub notes: Option<Vec<PackNote>>,
    pub restricted: Option<Restricted>,
    pub actions: Vec<ActionLine>,
    pub minutes: Vec<MinuteLine>,
}

/// "3 of 4 attended (75%): 1 absent" — the rate over the register entries in the period.
pub fn attendance_words(sessions: &[PackSession]) -> String {
    if sessions.is_empty() {
        return "No sessions on the register in this period.".into();
    }
    let count = |outcome: Outcome| sessions.iter().filter(|s| s.outcome == outcome).count();
    let attended = count(Outcome::Attended);
    let rate = attended * 100 / sessions.len();
    let others: Vec<String> = [Outcome::Absent, Outcome::LateCancellation, Outcome::NoShow]
        .into_iter()
        .filter(|outcome| count(*outcome) > 0)
        .map(|outcome| format!("{} {}", count(outcome), outcome.label().to_lowercase()))
        .collect();
    let rest = if others.is_empty() {
        String::new()
    } else {
        format!(": {}", others.join(", "))
    };
    format!("{attended} of {} attended ({rate}%){rest}", sessions.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(sees_everyone: bool, sees_restricted: bool) -> Reader {
        Reader {
            person: PersonId(7),
            sees_everyone,
            sees_restricted,
        }
    }

    #[test]
    fn a_lead_never_gets_notes_or_the_restricted_section_and_a_stranger_gets_nothing() {
        let tutor = reader(false, false);
        assert_eq!(
            Reach::of(&tutor, Some(PersonId(3)), true),
            Some(Reach::Sessions)
        );
        assert!(!Reach::Sessions.notes() && !Reach::Sessions.restricted());
        assert_eq!(Reach::of(&tutor, Some(PersonId(3)), false), None);
        assert_eq!(
            Reach::of(&tutor, Some(PersonId(7)), false),
            Some(Reach::WithNotes)
        );
        assert!(!Reach::WithNotes.restricted() && Reach::WithNotes.notes());
        assert_eq!(
            Reach::of(&reader(true, true), None, false),
            Some(Reach::Whole)
        );
    }

    #[test]
    fn attendance_counts_each_outcome_apart() {
        let at = |outcome| PackSession {
            starts_at: NaiveDate::from_ymd_opt(2026, 3, 2)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
            activity: "Tennis".into(),
            outcome,
            absent_reason: None,
        };
        let sessions = [
            at(Outcome::Attended),
            at(Outcome::Attended),
            at(Outcome::Attended),
            at(Outcome::NoShow),
        ];
        assert_eq!(
            attendance_words(&sessions),
            "3 of 4 attended (75%): 1 no-show"
        );
    }

    #[test]
    fn wellbeing_change_is_in_points_and_says_when_it_is_meaningful() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
        let change = WellbeingChange {
            first: (day(5), Score(4200)),
            latest: (day(26), Score(4800)),
        };
        assert_eq!(
            change.words(Score(300)),
            "48 on 26 January; up 6 since the start (42 on 5 January), a meaningful change"
        );
        assert!(!change.words(Score(300)).contains('%'));
    }
}
