//! The sign-in page: name, password, and for two-step accounts the code from the app.

use leptos::prelude::*;
use leptos_meta::Title;

use super::accounts_api::SignIn;
use crate::error::AppError;
use crate::ui::error_notice::ErrorNotice;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    // "Sign in again" links say where to go back to (`/sign-in?then=/driver`).
    let query = leptos_router::hooks::use_query_map();
    let then = move || {
        query.with(|q| {
            super::accounts_api::page_to_return_to(q.get("then").as_deref()).map(str::to_owned)
        })
    };
    let result = action.value();
    let needs_code = move || {
        matches!(
            result.get(),
            Some(Err(AppError::TwoStepCodeNeeded | AppError::TwoStepCodeUsed))
        )
    };

    // In the running app, load the home page afresh: new session, new header, new data.
    Effect::new(move |_| {
        if let Some(Ok(home)) = result.get() {
            let _ = window().location().assign(&home);
        }
    });

    view! {
        <Title text="Sign in" />
        <section class="narrow sign-in">
            <h1>"Sign in"</h1>
            {move || result.get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action attr:class="form">
                {move || then().map(|then| view! { <input type="hidden" name="then" value=then /> })}
                <label for="username">"Your sign-in name"</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                />
                <label for="password">"Password"</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    maxlength="128"
                    required
                />
                {move || {
                    needs_code()
                        .then(|| {
                            view! {
                                <label for="code">"6-digit code from your authenticator app"</label>
                                <input
                                    id="code"
                                    name="code"
                                    inputmode="numeric"
                                    autocomplete="one-time-code"
                                    maxlength="12"
                                    required
                                    autofocus
                                />
                            }
                        })
                }}
                <button class="button primary" type="submit" disabled=move || action.pending().get()>
                    "Sign in"
                </button>
            </ActionForm>
            <p class="hint">
                "Forgotten your password? Ask the coordinator for a new link."
            </p>
        </section>
    }
}
