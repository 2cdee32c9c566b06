//! Server functions for wellbeing: a participant answers for themselves
//! (`AnswerOwnWellbeing`); their mentor and the coordinators read the scores and record a
//! questionnaire answered together (`ManagePlans`, with the plan's row-level check); the
//! coordinators see who is due (`ViewAllPeople`).

use leptos::prelude::*;

use super::{DueCheckIn, MyWellbeing, TheirWellbeing};
use crate::error::AppError;
use crate::people::PersonId;

/// The participant's own questions and scores.
#[server(prefix = "/api", endpoint = "my_wellbeing")]
pub async fn load_my_wellbeing() -> Result<MyWellbeing, AppError> {
    crate::error::respond(server::mine().await)
}

/// Starts the check-in that is due.
#[server(prefix = "/api", endpoint = "start_wellbeing")]
pub async fn start_wellbeing() -> Result<(), AppError> {
    crate::error::respond(server::start().await)
}

/// Answers question `question` (from 1) with `value`.
#[server(prefix = "/api", endpoint = "answer_wellbeing")]
pub async fn answer_wellbeing(
    #[server(default)] question: String,
    #[server(default)] value: String,
) -> Result<(), AppError> {
    crate::error::respond(server::answer(question, value).await)
}

/// A participant's scores, and the questions to answer together when a check-in is due.
#[server(prefix = "/api", endpoint = "their_wellbeing")]
pub async fn load_their_wellbeing(participant: PersonId) -> Result<TheirWellbeing, AppError> {
    crate::error::respond(server::theirs(participant).await)
}

/// A questionnaire answered with the participant (`answers[0]`, `answers[1]`, …), recorded as
/// assisted.
#[server(prefix = "/api", endpoint = "record_assisted_wellbeing")]
pub async fn record_assisted_wellbeing(
    participant: PersonId,
    #[server(default)] answers: Vec<String>,
) -> Result<(), AppError> {
    crate::error::respond(server::assisted(participant, answers).await)
}

/// Who is due a check-in.
#[server(prefix = "/api", endpoint = "wellbeing_due")]
pub async fn load_wellbeing_due() -> Result<Vec<DueCheckIn>, AppError> {
    crate::error::respond(server::due().await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::access::Permission;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::plans::use_cases::Viewer;
    use crate::server::auth::{self, Caller};
    use crate::server::{clock, redirect_plain_form};
    use crate::wellbeing::use_cases;
    use crate::wellbeing::{DueCheckIn, MyWellbeing, TheirWellbeing};

    async fn caller(permission: Permission) -> Result<(Caller, chrono::NaiveDate), AppError> {
        let caller = auth::require(permission).await?;
        let today = clock::programme_now(&caller.state.db).await?.date();
        Ok((caller, today))
    }

    pub async fn mine() -> Result<MyWellbeing, AppError> {
        let (caller, today) = caller(Permission::AnswerOwnWellbeing).await?;
        let state = &caller.state;
        use_cases::mine(&state.db, &state.wellbeing, caller.user.person_id, today).await
    }

    pub async fn start() -> Result<(), AppError> {
        let (caller, today) = caller(Permission::AnswerOwnWellbeing).await?;
        let state = &caller.state;
        use_cases::start(&state.db, &state.wellbeing, caller.user.person_id, today).await?;
        redirect_plain_form("/my/wellbeing");
        Ok(())
    }

    pub async fn answer(question: String, value: String) -> Result<(), AppError> {
        let (caller, today) = caller(Permission::AnswerOwnWellbeing).await?;
        let unreadable = || AppError::Invalid("Choose one of the answers on the screen.".into());
        let question: usize = question.trim().parse().map_err(|_| unreadable())?;
        let value: u8 = value.trim().parse().map_err(|_| unreadable())?;
        let state = &caller.state;
        use_cases::answer(
            &state.db,
            &state.wellbeing,
            caller.user.person_id,
            question,
            value,
            today,
        )
        .await?;
        redirect_plain_form("/my/wellbeing");
        Ok(())
    }

    fn viewer(caller: &Caller) -> Viewer<'_> {
        Viewer {
            actor: caller.actor(),
            sees_everyone: caller.user.may(Permission::ViewAllPeople),
        }
    }

    pub async fn theirs(participant: PersonId) -> Result<TheirWellbeing, AppError> {
        let (caller, today) = caller(Permission::ManagePlans).await?;
        let state = &caller.state;
        use_cases::theirs(
            &state.db,
            &state.wellbeing,
            &viewer(&caller),
            participant,
            today,
        )
        .await
    }

    pub async fn assisted(participant: PersonId, answers: Vec<String>) -> Result<(), AppError> {
        let (caller, today) = caller(Permission::ManagePlans).await?;
        if answers.len() > 50 {
            return Err(AppError::Invalid(
                "The answers do not match the questions: reload the page.".into(),
            ));
        }
        let answers: Vec<Option<u8>> = answers.iter().map(|a| a.trim().parse().ok()).collect();
        let state = &caller.state;
        use_cases::record_assisted(
            &state.db,
            &state.wellbeing,
            &viewer(&caller),
            participant,
            &answers,
            today,
        )
        .await?;
        redirect_plain_form(&format!("/people/{participant}/plan"));
        Ok(())
    }

    pub async fn due() -> Result<Vec<DueCheckIn>, AppError> {
        let (caller, today) = caller(Permission::ViewAllPeople).await?;
        use_cases::due_list(&caller.state.db, today).await
    }
}
