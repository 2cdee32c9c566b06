//! What people do with an action plan, written once for both databases. Staff reach a
//! participant's plan when they see everyone's records (coordinators, team leaders) or are the
//! participant's mentor; anyone else is refused before anything is read. Reading the plan shows
//! the one-to-one notes, so every read is written to the audit log; so is every note recorded.
//! `data::plans` holds the SQL.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::form::{GoalDraft, Need, OneToOneDraft};
use super::{GoalId, GoalView, MyGoals, OneToOne, Plan, Review, StepId, StepView};
use crate::data::audit::{self, Actor, AuditAction};
use crate::data::plans::{GoalRow, StepRow};
use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::people::PersonId;

/// Who is looking at or changing a plan.
pub struct Viewer<'a> {
    pub actor: Actor<'a>,
    /// Sees every participant's records (coordinators, team leaders); otherwise only their own
    /// mentees'.
    pub sees_everyone: bool,
}

fn no_participant() -> AppError {
    AppError::NotFound("that participant".into())
}

fn not_theirs() -> AppError {
    AppError::NotAllowed(
        "Only the participant's mentor and the coordinators can see or change their plan.".into(),
    )
}

/// The participant's name, when the viewer may reach their plan (the wellbeing scores follow
/// the same rule).
pub async fn reach(
    tx: &mut Tx,
    viewer: &Viewer<'_>,
    participant: PersonId,
) -> Result<String, AppError> {
    let (name, mentor) = data::plans::participant(tx, participant)
        .await?
        .ok_or_else(no_participant)?;
    if viewer.sees_everyone || mentor == Some(viewer.actor.person) {
        Ok(name)
    } else {
        Err(not_theirs())
    }
}

/// As [`reach`], for a change: an anonymised participant's plan takes no new words.
async fn reach_to_change(
    tx: &mut Tx,
    viewer: &Viewer<'_>,
    participant: PersonId,
) -> Result<String, AppError> {
    let name = reach(tx, viewer, participant).await?;
    crate::retention::use_cases::refuse_if_anonymised(tx, participant).await?;
    Ok(name)
}

async fn note(
    tx: &mut Tx,
    actor: &Actor<'_>,
    action: AuditAction,
    participant: PersonId,
    detail: &str,
) -> Result<(), AppError> {
    audit::record_by(tx, Some(actor), action, Some(participant), detail).await
}

fn goal_views(goals: Vec<GoalRow>, steps: Vec<StepRow>) -> Vec<GoalView> {
    let mut by_goal: BTreeMap<GoalId, Vec<StepView>> = BTreeMap::new();
    for step in steps {
        by_goal.entry(step.goal_id).or_default().push(StepView {
            id: step.id,
            step: step.step,
            done_on: step.done_on,
        });
    }
    goals
        .into_iter()
        .map(|goal| GoalView {
            steps: by_goal.remove(&goal.id).unwrap_or_default(),
            owner_is_participant: goal.owner_id == goal.participant_id,
            id: goal.id,
            area_id: goal.area_id,
            area: goal.area,
            title: goal.title,
            owner: goal.owner.unwrap_or_default(),
            target_on: goal.target_on,
            review: goal.review,
            review_comment: goal.review_comment,
            reviewed_on: goal.reviewed_on,
        })
        .collect()
}

/// A participant's plan whole: needs, goals with steps, and one-to-one notes (the read audited).
pub async fn plan(
    db: &Db,
    viewer: &Viewer<'_>,
    participant: PersonId,
    today: NaiveDate,
) -> Result<Plan, AppError> {
    let mut tx = db.write().await?;
    let name = reach(&mut tx, viewer, participant).await?;
    let needs = data::plans::needs(&mut tx, participant).await?;
    let goals = goal_views(
        data::plans::goals(&mut tx, participant).await?,
        data::plans::steps(&mut tx, participant).await?,
    );
    let one_to_ones = data::plans::one_to_ones(&mut tx, participant)
        .await?
        .into_iter()
        .map(|row| OneToOne {
            met_on: row.met_on,
            kind: row.kind,
            areas: row
                .areas
                .map(|areas| areas.split("; ").map(str::to_owned).collect())
                .unwrap_or_default(),
            note: row.note,
            by: row.by_name,
        })
        .collect::<Vec<_>>();
    let me = data::plans::name(&mut tx, viewer.actor.person)
        .await?
        .unwrap_or_default();
    let detail = format!("plan with {} one-to-one notes", one_to_ones.len());
    note(
        &mut tx,
        &viewer.actor,
        AuditAction::OneToOnesRead,
        participant,
        &detail,
    )
    .await?;
    tx.commit().await?;
    let mut owners = vec![(participant, format!("{name} (the participant)"))];
    if viewer.actor.person != participant {
        owners.push((viewer.actor.person, format!("{me} (you)")));
    }
    Ok(Plan {
        participant,
        name,
        needs,
        goals,
        one_to_ones,
        owners,
        today,
    })
}

/// Records the participant's levels of need, area by area.
pub async fn save_needs(
    db: &Db,
    viewer: &Viewer<'_>,
    participant: PersonId,
    needs: &[Need],
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    reach_to_change(&mut tx, viewer, participant).await?;
    for (area, level, note) in needs {
        data::plans::write_need(
            &mut tx,
            participant,
            *area,
            *level,
            note.as_deref(),
            today,
            viewer.actor.person,
        )
        .await?;
    }
    tx.commit().await
}

/// Adds a goal with its steps. Its owner is the participant or the person adding it.
pub async fn add_goal(
    db: &Db,
    viewer: &Viewer<'_>,
    participant: PersonId,
    goal: &GoalDraft,
    today: NaiveDate,
) -> Result<GoalId, AppError> {
    let mut tx = db.write().await?;
    reach_to_change(&mut tx, viewer, participant).await?;
    if !data::plans::area_in_use(&mut tx, goal.area).await? {
        return Err(AppError::Invalid(
            "Choose the area of need from the list.".into(),
        ));
    }
    if goal.owner != participant && goal.owner != viewer.actor.person {
        return Err(AppError::Invalid(
            "A goal is seen through by the participant or by you: choose one of them.".into(),
        ));
    }
    let id =
        data::plans::insert_goal(&mut tx, participant, goal, today, viewer.actor.person).await?;
    tx.commit().await?;
    Ok(id)
}

/// Records how a goal went.
pub async fn review_goal(
    db: &Db,
    viewer: &Viewer<'_>,
    goal: GoalId,
    review: Review,
    comment: Option<&str>,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let row = data::plans::goal(&mut tx, goal)
        .await?
        .ok_or_else(|| AppError::NotFound("that goal".into()))?;
    reach_to_change(&mut tx, viewer, row.participant_id).await?;
    data::plans::review_goal(&mut tx, goal, review, comment, today, viewer.actor.person).await?;
    tx.commit().await
}

/// Ticks a step done (or not) — by the participant on their own goal, or by staff who reach
/// the plan (`viewer`). Someone else's step is answered as one that does not exist.
pub async fn tick_step(
    db: &Db,
    person: PersonId,
    viewer: Option<&Viewer<'_>>,
    step: StepId,
    done: bool,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let not_found = || AppError::NotFound("that step".into());
    let participant = data::plans::participant_of_step(&mut tx, step)
        .await?
        .ok_or_else(not_found)?;
    match viewer {
        None if participant != person => return Err(not_found()),
        None => {}
        Some(viewer) => {
            reach_to_change(&mut tx, viewer, participant).await?;
        }
    }
    let (on, by) = if done {
        (Some(today), Some(person))
    } else {
        (None, None)
    };
    data::plans::mark_step(&mut tx, step, on, by).await?;
    tx.commit().await
}

/// Records a one-to-one contact (audited, about the participant).
pub async fn record_one_to_one(
    db: &Db,
    viewer: &Viewer<'_>,
    participant: PersonId,
    contact: &OneToOneDraft,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    reach_to_change(&mut tx, viewer, participant).await?;
    for area in &contact.areas {
        if !data::plans::area_in_use(&mut tx, *area).await? {
            return Err(AppError::Invalid(
                "Choose the areas talked about from the list.".into(),
            ));
        }
    }
    data::plans::insert_one_to_one(&mut tx, participant, contact, viewer.actor.person).await?;
    note(
        &mut tx,
        &viewer.actor,
        AuditAction::OneToOneRecorded,
        participant,
        contact.kind.slug(),
    )
    .await?;
    tx.commit().await
}

/// A participant's own goals, for their phone (no notes, no needs).
pub async fn my_goals(
    db: &Db,
    participant: PersonId,
    today: NaiveDate,
) -> Result<MyGoals, AppError> {
    let mut tx = db.read().await?;
    let goals = goal_views(
        data::plans::goals(&mut tx, participant).await?,
        data::plans::steps(&mut tx, participant).await?,
    );
    Ok(MyGoals { goals, today })
}
