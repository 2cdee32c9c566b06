use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::error::AppError;

/// Shows an error as the plain sentence the error type carries.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert">
            <p>{error.to_string()}</p>
        </div>
    }
}

/// What a page shows when its data could not be loaded: the sign-in page when nobody is signed
/// in (or the sign-in ran out), otherwise the error's sentence.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthorised => view! { <Redirect path="/sign-in" /> }.into_any(),
        error => view! { <ErrorNotice error /> }.into_any(),
    }
}
