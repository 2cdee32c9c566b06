//! Turning on two-step sign-in: scan a QR code into an authenticator app, confirm one code,
//! write down the recovery codes (shown once).

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::accounts_api::get_current_user;
use crate::error::AppError;
use crate::ui::error_notice::{ErrorNotice, PageError};

/// What the authenticator app needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepSetup {
    /// Base32, for typing in by hand.
    pub secret: String,
    /// The `otpauth://` address as a QR code (SVG).
    pub qr_svg: String,
}

/// Makes a new secret for the signed-in staff member (replacing any unconfirmed one).
#[server(prefix = "/api", endpoint = "start_two_step")]
pub async fn start_two_step() -> Result<TwoStepSetup, AppError> {
    crate::error::respond(server::start().await)
}

/// Confirms the first code; two-step sign-in is on from now. Answers with the recovery codes,
/// which are never shown again.
#[server(prefix = "/api", endpoint = "confirm_two_step")]
pub async fn confirm_two_step(code: String) -> Result<Vec<String>, AppError> {
    crate::error::respond(server::confirm(code).await)
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;

    use super::TwoStepSetup;
    use crate::data::accounts;
    use crate::data::audit::{self, AuditAction, AuditEvent};
    use crate::error::AppError;
    use crate::server::auth::{self, two_step};
    use crate::server::qr;

    async fn staff_caller() -> Result<auth::Caller, AppError> {
        auth::require(crate::access::Permission::SetUpOwnTwoStep).await
    }

    pub async fn start() -> Result<TwoStepSetup, AppError> {
        let caller = staff_caller().await?;
        let db = &caller.state.db;
        let (_, enabled) = accounts::totp_state(db, caller.user.person_id).await?;
        if enabled {
            return Err(AppError::Conflict("Two-step sign-in is already on.".into()));
        }
        let secret = two_step::new_secret();
        accounts::set_pending_totp(db, caller.user.person_id, &secret).await?;
        let label = format!("{} (TurnAround)", caller.user.first_name);
        Ok(TwoStepSetup {
            qr_svg: qr::svg(&two_step::otpauth_url(&secret, &label))?,
            secret,
        })
    }

    pub async fn confirm(code: String) -> Result<Vec<String>, AppError> {
        let caller = staff_caller().await?;
        let db = &caller.state.db;
        let person = caller.user.person_id;
        let (secret, enabled) = accounts::totp_state(db, person).await?;
        if enabled {
            return Err(AppError::Conflict("Two-step sign-in is already on.".into()));
        }
        let secret = secret.ok_or_else(|| {
            AppError::Invalid("Start again: press “Set up two-step sign-in”.".into())
        })?;
        let now = Utc::now();
        let Some(step) = two_step::matching_step(&secret, &code, now.timestamp().unsigned_abs())
        else {
            return Err(AppError::Invalid(
                "That code is not right. Check the time on your phone and try the newest code."
                    .into(),
            ));
        };
        let codes = two_step::new_recovery_codes();
        let hashes: Vec<String> = codes
            .iter()
            .map(|c| two_step::recovery_code_hash(c))
            .collect();
        if !accounts::enable_totp(db, person, &hashes, now).await? {
            return Err(AppError::Conflict("Two-step sign-in is already on.".into()));
        }
        // The code just typed has been used: it cannot also sign someone in.
        accounts::accept_totp_step(db, person, step).await?;
        audit::record(
            db,
            AuditEvent {
                actor: Some(person),
                action: AuditAction::TotpEnabled,
                subject: Some(person),
                detail: "",
                ip: caller.ip.as_deref(),
            },
        )
        .await?;
        Ok(codes)
    }
}

#[component]
pub fn TwoStepPage() -> impl IntoView {
    let user = Resource::new(|| (), |_| get_current_user());
    let start = ServerAction::<StartTwoStep>::new();
    let confirm = ServerAction::<ConfirmTwoStep>::new();
    view! {
        <Title text="Two-step sign-in" />
        <section class="narrow">
            <h1>"Two-step sign-in"</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(user)) if user.two_step_enabled => view! {
                            <p>"Two-step sign-in is on. You sign in with your password and a code from your authenticator app."</p>
                        }.into_any(),
                        Ok(Some(user)) => view! {
                            {user.must_set_up_two_step().then(|| view! {
                                <p class="notice">"Coordinators must use two-step sign-in. Set it up to continue."</p>
                            })}
                            <p>"You will need an authenticator app on your phone, such as Google Authenticator or Microsoft Authenticator."</p>
                            <ActionForm action=start attr:class="inline-form">
                                <button type="submit" class="button primary">"Set up two-step sign-in"</button>
                            </ActionForm>
                        }.into_any(),
                        Ok(None) => view! { <PageError error=AppError::Unauthorised /> }.into_any(),
                        Err(error) => view! { <PageError error /> }.into_any(),
                    }
                })}
            </Transition>
            {move || start.value().get().map(|setup| match setup {
                Ok(setup) => view! {
                    <ol class="steps">
                        <li>"Scan this code with your authenticator app."<div class="qr" inner_html=setup.qr_svg></div>
                            <p>"Or type this key: "<code class="secret">{setup.secret}</code></p>
                        </li>
                        <li>"Enter the 6-digit code the app shows."</li>
                    </ol>
                    <ActionForm action=confirm attr:class="form">
                        <label for="code">"6-digit code"</label>
                        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="12" required />
                        <button type="submit" class="button primary">"Turn on two-step sign-in"</button>
                    </ActionForm>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            })}
            {move || confirm.value().get().map(|result| match result {
                Ok(codes) => {
                    let items = codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view();
                    view! {
                        <div class="notice" role="status">
                            <p><strong>"Two-step sign-in is on."</strong></p>
                            <p>"If you lose your phone, each of these codes lets you sign in once instead of the app's code. Write them down now and keep them safe: they will not be shown again."</p>
                            <ul class="recovery-codes">{items}</ul>
                            <a class="button primary" href="/">"Continue"</a>
                        </div>
                    }.into_any()
                }
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            })}
        </section>
    }
}
