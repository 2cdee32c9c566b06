//! The action plan's forms read into checked values, or a list of what to put right in plain
//! words. Shared by the server (which trusts them) and the browser.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{AreaId, ContactKind, NeedLevel, Review};
use crate::forms;
use crate::people::PersonId;

/// Most steps a goal is written with at once (more can be added later).
pub const MAX_STEPS: usize = 10;

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn id(text: &str) -> Option<i64> {
    forms::choice(text).ok().flatten()
}

/// The new-goal form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GoalForm {
    pub area: String,
    pub title: String,
    pub owner: String,
    pub target_on: String,
    /// One step a line.
    pub steps: String,
}

/// A goal that passed every check a person can fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalDraft {
    pub area: AreaId,
    pub title: String,
    pub owner: PersonId,
    pub target_on: NaiveDate,
    pub steps: Vec<String>,
}

impl GoalDraft {
    /// Reads the form on `today`: the target date may not be in the past.
    pub fn parse(form: &GoalForm, today: NaiveDate) -> Result<Self, Vec<&'static str>> {
        let mut problems = Vec::new();
        let area = id(&form.area).map(AreaId);
        if area.is_none() {
            problems.push("Choose the area of need the goal is in.");
        }
        let title = forms::required_text(&form.title, 200);
        if title.is_none() {
            problems.push("Write the goal in a few words (up to 200 characters).");
        }
        let owner = id(&form.owner).map(PersonId);
        if owner.is_none() {
            problems.push("Choose who sees the goal through.");
        }
        let target_on = match date(&form.target_on) {
            Some(target) if target < today => {
                problems.push("The target date cannot be in the past.");
                None
            }
            Some(target) => Some(target),
            None => {
                problems.push("Choose a target date.");
                None
            }
        };
        let steps: Vec<String> = form
            .steps
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        if steps.len() > MAX_STEPS {
            problems.push("Write at most 10 steps: more can be added as the first are done.");
        }
        if steps.iter().any(|step| step.chars().count() > 200) {
            problems.push("Keep each step to 200 characters.");
        }
        match (area, title, owner, target_on) {
            (Some(area), Some(title), Some(owner), Some(target_on)) if problems.is_empty() => {
                Ok(Self {
                    area,
                    title,
                    owner,
                    target_on,
                    steps,
                })
            }
            _ => Err(problems),
        }
    }
}

/// A goal's review: how it went, and a comment (needed unless it was achieved).
pub fn review(outcome: &str, comment: &str) -> Result<(Review, Option<String>), &'static str> {
    let review = Review::from_slug(outcome).ok_or("Choose how the goal went.")?;
    let comment =
        forms::optional_text(comment, 1000).map_err(|_| "Keep the comment to 1,000 characters.")?;
    if review != Review::Achieved && comment.is_none() {
        return Err("Say in a few words what is still to do.");
    }
    Ok((review, comment))
}

/// The one-to-one form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OneToOneForm {
    pub met_on: String,
    pub kind: String,
    /// The areas talked about: their ids.
    pub areas: Vec<String>,
    pub note: String,
}

/// A one-to-one contact that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneToOneDraft {
    pub met_on: NaiveDate,
    pub kind: ContactKind,
    pub areas: Vec<AreaId>,
    pub note: String,
}

impl OneToOneDraft {
    pub fn parse(form: &OneToOneForm, today: NaiveDate) -> Result<Self, Vec<&'static str>> {
        let mut problems = Vec::new();
        let met_on = match date(&form.met_on) {
            Some(day) if day > today => {
                problems.push("The contact cannot be on a day still to come.");
                None
            }
            Some(day) => Some(day),
            None => {
                problems.push("Choose the day you were in touch.");
                None
            }
        };
        let kind = ContactKind::from_slug(&form.kind);
        if kind.is_none() {
            problems.push("Choose how you were in touch: a meeting, a phone call or a group.");
        }
        let mut areas = Vec::new();
        for area in &form.areas {
            match id(area) {
                Some(area) if !areas.contains(&AreaId(area)) => areas.push(AreaId(area)),
                Some(_) => {}
                None => {
                    problems.push("Choose the areas talked about from the list.");
                    break;
                }
            }
        }
        let note = forms::required_text(&form.note, 4000);
        if note.is_none() {
            problems.push("Write a note of what was talked about (up to 4,000 characters).");
        }
        match (met_on, kind, note) {
            (Some(met_on), Some(kind), Some(note)) if problems.is_empty() => Ok(Self {
                met_on,
                kind,
                areas,
                note,
            }),
            _ => Err(problems),
        }
    }
}

/// One area's need as assessed: the area, its level and a note.
pub type Need = (AreaId, NeedLevel, Option<String>);

/// The needs form: for each area its level (blank: not assessed) and a note.
pub fn needs(
    areas: &[String],
    levels: &[String],
    notes: &[String],
) -> Result<Vec<Need>, &'static str> {
    if areas.len() != levels.len() || areas.len() != notes.len() || areas.len() > 50 {
        return Err("The form was incomplete. Please reload the page.");
    }
    let mut needs = Vec::new();
    for ((area, level), note) in areas.iter().zip(levels).zip(notes) {
        let area = id(area)
            .map(AreaId)
            .ok_or("The form was incomplete. Please reload the page.")?;
        if level.trim().is_empty() {
            continue;
        }
        let level = NeedLevel::from_slug(level).ok_or("Choose a level of need from the list.")?;
        let note =
            forms::optional_text(note, 1000).map_err(|_| "Keep each note to 1,000 characters.")?;
        needs.push((area, level, note));
    }
    Ok(needs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    #[test]
    fn a_goal_needs_an_area_a_title_an_owner_and_a_date_to_come() {
        let form = GoalForm {
            area: "2".into(),
            title: " Get a CSCS card ".into(),
            owner: "7".into(),
            target_on: "2027-02-01".into(),
            steps: "Book the test\n\n  Revise with the app \n".into(),
        };
        let goal = GoalDraft::parse(&form, today()).unwrap();
        assert_eq!(goal.title, "Get a CSCS card");
        assert_eq!(goal.steps, ["Book the test", "Revise with the app"]);
        let late = GoalForm {
            target_on: "2026-12-01".into(),
            ..form
        };
        assert_eq!(
            GoalDraft::parse(&late, today()).unwrap_err(),
            ["The target date cannot be in the past."]
        );
        assert_eq!(
            GoalDraft::parse(&GoalForm::default(), today())
                .unwrap_err()
                .len(),
            4
        );
    }

    #[test]
    fn a_review_short_of_achieved_says_what_is_left() {
        assert_eq!(review("achieved", ""), Ok((Review::Achieved, None)));
        assert!(review("partly", " ").is_err());
        assert_eq!(
            review("not_yet", "Waiting for the test date"),
            Ok((Review::NotYet, Some("Waiting for the test date".into())))
        );
        assert!(review("maybe", "x").is_err());
    }

    #[test]
    fn a_one_to_one_is_dated_today_or_before_with_a_note() {
        let form = OneToOneForm {
            met_on: "2026-12-02".into(),
            kind: "phone".into(),
            areas: vec!["1".into(), "1".into(), "3".into()],
            note: "Talked about the housing list.".into(),
        };
        let contact = OneToOneDraft::parse(&form, today()).unwrap();
        assert_eq!(contact.areas, [AreaId(1), AreaId(3)]);
        let ahead = OneToOneForm {
            met_on: "2026-12-03".into(),
            ..form.clone()
        };
        assert!(OneToOneDraft::parse(&ahead, today()).is_err());
        let hostile = OneToOneForm {
            areas: vec!["1; DROP TABLE".into()],
            ..form
        };
        assert!(OneToOneDraft::parse(&hostile, today()).is_err());
    }

    #[test]
    fn the_needs_form_skips_areas_left_blank_and_refuses_a_level_not_on_the_list() {
        let areas = ["1".to_owned(), "2".to_owned()];
        let read = needs(
            &areas,
            &["high".into(), "".into()],
            &["Sofa surfing".into(), "".into()],
        )
        .unwrap();
        assert_eq!(
            read,
            [(AreaId(1), NeedLevel::High, Some("Sofa surfing".into()))]
        );
        assert!(needs(
            &areas,
            &["urgent".into(), "".into()],
            &["".into(), "".into()]
        )
        .is_err());
        assert!(needs(&areas, &["high".into()], &["".into()]).is_err());
    }
}
