use leptos::prelude::*;

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
