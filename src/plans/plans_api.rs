//! Server functions for action plans. Staff (`ManagePlans`: mentors, coordinators, team
//! leaders) reach a participant's plan only as their mentor or as someone who sees everyone's
//! records (`plans::use_cases`); a participant reads their own goals and ticks their own steps.

use leptos::prelude::*;

use super::form::GoalForm;
use super::{GoalId, MyGoals, Plan, StepId};
use crate::error::AppError;
use crate::people::PersonId;

/// A participant's plan whole (reading it is audited: it shows the one-to-one notes).
#[server(prefix = "/api", endpoint = "plan")]
pub async fn load_plan(participant: PersonId) -> Result<Plan, AppError> {
    crate::error::respond(server::plan(participant).await)
}

/// The participant's levels of need: `areas[]`, `levels[]` and `notes[]` side by side.
#[server(prefix = "/api", endpoint = "save_needs")]
pub async fn save_needs(
    participant: PersonId,
    #[server(default)] areas: Vec<String>,
    #[server(default)] levels: Vec<String>,
    #[server(default)] notes: Vec<String>,
) -> Result<(), AppError> {
    crate::error::respond(server::save_needs(participant, areas, levels, notes).await)
}

/// Adds a goal, with its steps one a line.
#[server(prefix = "/api", endpoint = "add_goal")]
pub async fn add_goal(
    participant: PersonId,
    #[server(flatten)] form: GoalForm,
) -> Result<GoalId, AppError> {
    crate::error::respond(server::add_goal(participant, form).await)
}

/// Records how a goal went: `outcome` achieved, partly or not_yet, with a comment.
#[server(prefix = "/api", endpoint = "review_goal")]
pub async fn review_goal(
    goal: GoalId,
    #[server(default)] outcome: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    crate::error::respond(server::review_goal(goal, outcome, comment).await)
}

/// Staff tick a step on a plan they reach (`done` "yes"), or take the tick off.
#[server(prefix = "/api", endpoint = "tick_step")]
pub async fn tick_step(step: StepId, #[server(default)] done: String) -> Result<(), AppError> {
    crate::error::respond(server::tick(step, done, false).await)
}

/// A participant ticks a step of their own goal (`done` "yes"), or takes the tick off.
#[server(prefix = "/api", endpoint = "tick_my_step")]
pub async fn tick_my_step(step: StepId, #[server(default)] done: String) -> Result<(), AppError> {
    crate::error::respond(server::tick(step, done, true).await)
}

/// Records a one-to-one contact: the day, how (`kind`), the areas talked about (`areas[]`)
/// and a note.
#[server(prefix = "/api", endpoint = "record_one_to_one")]
pub async fn record_one_to_one(
    participant: PersonId,
    #[server(default)] met_on: String,
    #[server(default)] kind: String,
    #[server(default)] areas: Vec<String>,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    crate::error::respond(server::record(participant, met_on, kind, areas, note).await)
}

/// The participant's own goals.
#[server(prefix = "/api", endpoint = "my_goals")]
pub async fn load_my_goals() -> Result<MyGoals, AppError> {
    crate::error::respond(server::my_goals().await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::plans::form::{self, GoalDraft, GoalForm, OneToOneDraft, OneToOneForm};
    use crate::plans::use_cases::{self, Viewer};
    use crate::plans::{GoalId, MyGoals, Plan, StepId};
    use crate::server::auth::{self, Caller};
    use crate::server::{clock, redirect_plain_form};

    async fn staff() -> Result<(Caller, chrono::NaiveDate), AppError> {
        let caller = auth::require(Permission::ManagePlans).await?;
        let today = clock::programme_now(&caller.state.db).await?.date();
        Ok((caller, today))
    }

    fn viewer(caller: &Caller) -> Viewer<'_> {
        Viewer {
            actor: caller.actor(),
            sees_everyone: caller.user.may(Permission::ViewAllPeople),
        }
    }

    fn back_to(participant: PersonId) {
        redirect_plain_form(&format!("/people/{participant}/plan"));
    }

    pub async fn plan(participant: PersonId) -> Result<Plan, AppError> {
        let (caller, today) = staff().await?;
        use_cases::plan(&caller.state.db, &viewer(&caller), participant, today).await
    }

    pub async fn save_needs(
        participant: PersonId,
        areas: Vec<String>,
        levels: Vec<String>,
        notes: Vec<String>,
    ) -> Result<(), AppError> {
        let (caller, today) = staff().await?;
        let needs =
            form::needs(&areas, &levels, &notes).map_err(|s| AppError::Invalid(s.into()))?;
        use_cases::save_needs(
            &caller.state.db,
            &viewer(&caller),
            participant,
            &needs,
            today,
        )
        .await?;
        back_to(participant);
        Ok(())
    }

    pub async fn add_goal(participant: PersonId, form: GoalForm) -> Result<GoalId, AppError> {
        let (caller, today) = staff().await?;
        let goal = GoalDraft::parse(&form, today).map_err(|p| AppError::Invalid(p.join(" ")))?;
        let id = use_cases::add_goal(
            &caller.state.db,
            &viewer(&caller),
            participant,
            &goal,
            today,
        )
        .await?;
        back_to(participant);
        Ok(id)
    }

    pub async fn review_goal(
        goal: GoalId,
        outcome: String,
        comment: String,
    ) -> Result<(), AppError> {
        let (caller, today) = staff().await?;
        let (review, comment) =
            form::review(&outcome, &comment).map_err(|s| AppError::Invalid(s.into()))?;
        use_cases::review_goal(
            &caller.state.db,
            &viewer(&caller),
            goal,
            review,
            comment.as_deref(),
            today,
        )
        .await?;
        Ok(())
    }

    pub async fn tick(step: StepId, done: String, own: bool) -> Result<(), AppError> {
        let permission = if own {
            Permission::ViewOwnPlan
        } else {
            Permission::ManagePlans
        };
        let caller = auth::require(permission).await?;
        let db = &caller.state.db;
        let today = clock::programme_now(db).await?.date();
        let done = done.trim() == "yes";
        let staff = (!own).then(|| viewer(&caller));
        use_cases::tick_step(db, caller.user.person_id, staff.as_ref(), step, done, today).await?;
        if own {
            redirect_plain_form("/my/goals");
        }
        Ok(())
    }

    pub async fn record(
        participant: PersonId,
        met_on: String,
        kind: String,
        areas: Vec<String>,
        note: String,
    ) -> Result<(), AppError> {
        let (caller, today) = staff().await?;
        let form = OneToOneForm {
            met_on,
            kind,
            areas,
            note,
        };
        let contact =
            OneToOneDraft::parse(&form, today).map_err(|p| AppError::Invalid(p.join(" ")))?;
        use_cases::record_one_to_one(&caller.state.db, &viewer(&caller), participant, &contact)
            .await?;
        back_to(participant);
        Ok(())
    }

    pub async fn my_goals() -> Result<MyGoals, AppError> {
        let caller = auth::require(Permission::ViewOwnPlan).await?;
        let db = &caller.state.db;
        let today = clock::programme_now(db).await?.date();
        use_cases::my_goals(db, caller.user.person_id, today).await
    }
}
