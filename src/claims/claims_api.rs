//! Server functions for expense claims: staff make their own; coordinators and team leaders
//! approve, return and pay everyone else's. An expense with its photo arrives as a multipart
//! form at `/claims/expense` instead (`claims::routes`): server functions take no files.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::rates::MileageRate;
use super::view::ClaimView;
use super::{ClaimId, ClaimMonth, LineId};
use crate::error::AppError;

/// The claimant's page: their claim for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyClaim {
    pub claim: ClaimView,
    pub today: NaiveDate,
    /// Whether the viewer approves claims (for the link to the queue).
    pub approver: bool,
    /// Why the expense form sent without JavaScript was not saved, shown once.
    pub refusal: Option<String>,
}

/// The approver's queue: claims waiting, oldest first, then approved ones waiting to be paid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimQueue {
    pub claims: Vec<ClaimView>,
    /// Each month with a claim in the queue, and its vehicles' logs beside the fuel.
    pub logs: Vec<(ClaimMonth, Vec<crate::mileage::VehicleLog>)>,
    pub rates: Vec<MileageRate>,
    pub today: NaiveDate,
}

/// A claim with its month's vehicle log: the printed claim form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimForm {
    pub claim: ClaimView,
    pub logs: Vec<crate::mileage::VehicleLog>,
    pub programme: String,
}

/// The caller's claim for `month` ("2026-11"; blank: this month).
#[server(prefix = "/api", endpoint = "my_claim")]
pub async fn load_my_claim(#[server(default)] month: String) -> Result<MyClaim, AppError> {
    crate::error::respond(server::my_claim(month).await)
}

/// Adds an own-car journey to the caller's claim for its month.
#[server(prefix = "/api", endpoint = "add_journey")]
pub async fn add_journey(
    #[server(default)] date: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] purpose: String,
    #[server(default)] miles: String,
    #[server(default)] form_key: String,
) -> Result<(), AppError> {
    crate::error::respond(server::add_journey(date, from, to, purpose, miles, form_key).await)
}

/// Takes a line off the caller's draft claim.
#[server(prefix = "/api", endpoint = "remove_claim_line")]
pub async fn remove_claim_line(
    line: LineId,
    #[server(default)] month: String,
) -> Result<(), AppError> {
    crate::error::respond(server::remove_line(line, month).await)
}

/// Sends the caller's claim for `month` for approval.
#[server(prefix = "/api", endpoint = "send_claim")]
pub async fn send_claim(#[server(default)] month: String) -> Result<(), AppError> {
    crate::error::respond(server::send(month).await)
}

/// One claim, whole: the claimant's own, or anyone's for an approver (the printed form).
#[server(prefix = "/api", endpoint = "claim")]
pub async fn load_claim(id: ClaimId) -> Result<ClaimForm, AppError> {
    crate::error::respond(server::claim(id).await)
}

/// The approval queue.
#[server(prefix = "/api", endpoint = "claim_queue")]
pub async fn load_claim_queue() -> Result<ClaimQueue, AppError> {
    crate::error::respond(server::queue().await)
}

/// Approves a sent claim (`decision` "approve") or returns it with a reason ("return").
#[server(prefix = "/api", endpoint = "decide_claim")]
pub async fn decide_claim(
    claim: ClaimId,
    #[server(default)] decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    crate::error::respond(server::decide(claim, decision, reason).await)
}

/// Marks the ticked approved claims paid on `paid_on`.
#[server(prefix = "/api", endpoint = "mark_claims_paid")]
pub async fn mark_claims_paid(
    #[server(default)] claims: Vec<ClaimId>,
    #[server(default)] paid_on: String,
) -> Result<(), AppError> {
    crate::error::respond(server::mark_paid(claims, paid_on).await)
}

/// Adds a mileage rate, or replaces the one taking effect the same day.
#[server(prefix = "/api", endpoint = "save_mileage_rate")]
pub async fn save_mileage_rate(
    #[server(default)] starts_on: String,
    #[server(default)] pence_per_mile: String,
    #[server(default)] threshold_miles: String,
    #[server(default)] pence_after: String,
) -> Result<(), AppError> {
    crate::error::respond(
        server::save_rate(starts_on, pence_per_mile, threshold_miles, pence_after).await,
    )
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use chrono::NaiveDate;

    use super::{ClaimForm, ClaimQueue, MyClaim};
    use crate::access::Permission;
    use crate::claims::rates::MileageRate;
    use crate::claims::states::ClaimStep;
    use crate::claims::use_cases::{self, Viewer};
    use crate::claims::{ClaimId, ClaimMonth, LineDraft, LineForm, LineId};
    use crate::error::AppError;
    use crate::forms;
    use crate::server::auth::{self, Caller};
    use crate::server::waiting_refusal::{self, Waiting};
    use crate::server::{clock, redirect_plain_form};

    pub(crate) fn viewer(caller: &Caller) -> Viewer<'_> {
        Viewer {
            actor: caller.actor(),
            approver: caller.user.may(Permission::ApproveClaims),
        }
    }

    pub(crate) async fn today(caller: &Caller) -> Result<NaiveDate, AppError> {
        Ok(clock::programme_now(&caller.state.db).await?.date())
    }

    /// "2026-11", or this month when blank; anything else is refused in words.
    pub(crate) fn month_or_this(text: &str, today: NaiveDate) -> Result<ClaimMonth, AppError> {
        if text.trim().is_empty() {
            return Ok(ClaimMonth::containing(today));
        }
        ClaimMonth::parse(text)
            .ok_or_else(|| AppError::Invalid("Choose a month like 2026-11.".into()))
    }

    pub async fn my_claim(month: String) -> Result<MyClaim, AppError> {
        let caller = auth::require(Permission::MakeOwnClaims).await?;
        let waiting = Waiting::for_page(waiting_refusal::CLAIM).await?;
        let today = today(&caller).await?;
        let month = month_or_this(&month, today)?;
        let viewer = viewer(&caller);
        let claim = use_cases::own(&caller.state.db, &viewer, month).await?;
        Ok(MyClaim {
            claim,
            today,
            approver: viewer.approver,
            refusal: waiting.take().await,
        })
    }

    pub async fn add_journey(
        date: String,
        from: String,
        to: String,
        purpose: String,
        miles: String,
        form_key: String,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::MakeOwnClaims).await?;
        let today = today(&caller).await?;
        let form = LineForm {
            kind: "journey".into(),
            date: date.clone(),
            from,
            to,
            purpose,
            miles,
            ..LineForm::default()
        };
        // The line's own month: a date typed in another month goes on that month's claim.
        let month = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
            .map(ClaimMonth::containing)
            .unwrap_or(ClaimMonth::containing(today));
        let line = LineDraft::parse(&form, month, today)
            .map_err(|problems| AppError::Invalid(problems.join(" ")))?;
        let key = form_key_of(&form_key)?;
        use_cases::add_line(&caller.state.db, caller.user.person_id, &line, None, key).await?;
        redirect_plain_form(&format!("/claims?month={}", month.slug()));
        Ok(())
    }

    /// A form's own key: letters, digits and dashes, 8 to 64 of them; blank for none.
    pub(crate) fn form_key_of(text: &str) -> Result<Option<&str>, AppError> {
        let key = text.trim();
        if key.is_empty() {
            return Ok(None);
        }
        let fits = (8..=64).contains(&key.len())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        fits.then_some(Some(key))
            .ok_or_else(|| AppError::Invalid("The form was damaged: load the page again.".into()))
    }

    pub async fn remove_line(line: LineId, month: String) -> Result<(), AppError> {
        let caller = auth::require(Permission::MakeOwnClaims).await?;
        // Every argument is read before anything changes.
        let month = month_or_this(&month, today(&caller).await?)?;
        use_cases::remove_line(&caller.state.db, caller.user.person_id, line).await?;
        redirect_plain_form(&format!("/claims?month={}", month.slug()));
        Ok(())
    }

    pub async fn send(month: String) -> Result<(), AppError> {
        let caller = auth::require(Permission::MakeOwnClaims).await?;
        let today = today(&caller).await?;
        let month = month_or_this(&month, today)?;
        use_cases::send(&caller.state.db, caller.user.person_id, month, today).await?;
        redirect_plain_form(&format!("/claims?month={}", month.slug()));
        Ok(())
    }

    pub async fn claim(id: ClaimId) -> Result<ClaimForm, AppError> {
        let caller = auth::require(Permission::MakeOwnClaims).await?;
        let db = &caller.state.db;
        let claim = use_cases::by_id(db, &viewer(&caller), id).await?;
        let logs =
            crate::mileage::use_cases::month_log(db, claim.month, today(&caller).await?).await?;
        let programme = crate::data::settings::programme_settings(db)
            .await?
            .programme_name;
        Ok(ClaimForm {
            claim,
            logs,
            programme,
        })
    }

    pub async fn queue() -> Result<ClaimQueue, AppError> {
        let caller = auth::require(Permission::ApproveClaims).await?;
        let db = &caller.state.db;
        let today = today(&caller).await?;
        let claims = use_cases::queue(db, &viewer(&caller)).await?;
        let mut months: Vec<ClaimMonth> = claims.iter().map(|c| c.month).collect();
        months.sort();
        months.dedup();
        let mut logs = Vec::new();
        for month in months {
            logs.push((
                month,
                crate::mileage::use_cases::month_log(db, month, today).await?,
            ));
        }
        Ok(ClaimQueue {
            claims,
            logs,
            rates: use_cases::rates(db).await?,
            today,
        })
    }

    pub async fn decide(claim: ClaimId, decision: String, reason: String) -> Result<(), AppError> {
        let caller = auth::require(Permission::ApproveClaims).await?;
        let step = match decision.trim() {
            "approve" => ClaimStep::Approve,
            "return" => ClaimStep::Return,
            _ => return Err(AppError::Invalid("Choose approve or return.".into())),
        };
        let today = today(&caller).await?;
        use_cases::decide(
            &caller.state.db,
            &viewer(&caller),
            claim,
            step,
            Some(&reason),
            today,
        )
        .await?;
        redirect_plain_form("/claims/approvals");
        Ok(())
    }

    pub async fn mark_paid(claims: Vec<ClaimId>, paid_on: String) -> Result<(), AppError> {
        let caller = auth::require(Permission::ApproveClaims).await?;
        let today = today(&caller).await?;
        let paid_on = NaiveDate::parse_from_str(paid_on.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::Invalid("Enter the day they were paid.".into()))?;
        if claims.len() > 500 {
            return Err(AppError::Invalid(
                "Mark at most 500 claims paid at once.".into(),
            ));
        }
        use_cases::mark_paid(&caller.state.db, &viewer(&caller), &claims, paid_on, today).await?;
        redirect_plain_form("/claims/approvals");
        Ok(())
    }

    pub async fn save_rate(
        starts_on: String,
        pence_per_mile: String,
        threshold_miles: String,
        pence_after: String,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::ApproveClaims).await?;
        let starts_on = NaiveDate::parse_from_str(starts_on.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::Invalid("Enter the day the rate takes effect.".into()))?;
        let number = |text: &str, range| forms::whole_number(text, range);
        let (Some(pence_per_mile), Some(threshold_miles), Some(pence_after)) = (
            number(&pence_per_mile, 0..=200),
            number(&threshold_miles, 0..=1_000_000),
            number(&pence_after, 0..=200),
        ) else {
            return Err(AppError::Invalid(
                "Enter the rates in whole pence (0 to 200) and the threshold in whole miles."
                    .into(),
            ));
        };
        let rate = MileageRate {
            starts_on,
            pence_per_mile,
            threshold_miles,
            pence_after,
        };
        if let Some(problem) = rate.problem() {
            return Err(AppError::Invalid(problem.into()));
        }
        use_cases::save_rate(&caller.state.db, &rate).await?;
        redirect_plain_form("/claims/approvals");
        Ok(())
    }
}
