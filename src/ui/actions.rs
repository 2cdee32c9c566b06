//! What every admin form does around its server action: show the error sentence when it fails,
//! and (with JavaScript on) go on to the next page when it succeeds. Without JavaScript the
//! server redirects the plain form itself, and the error arrives with the redirect.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::error_notice::ErrorNotice;
use crate::error::AppError;

/// The latest error of `action`, as a notice; nothing while it has none.
pub fn action_error<S>(action: ServerAction<S>) -> impl Fn() -> Option<AnyView> + Copy
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorNotice error /> }.into_any())
    }
}

/// After `action` succeeds in the running app, loads the page `path` names for its answer.
pub fn go_on_success<S>(action: ServerAction<S>, path: impl Fn(&S::Output) -> String + 'static)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(output)) = action.value().get() {
            let _ = window().location().assign(&path(&output));
        }
    });
}

/// The latest outcome of `action`: `said(answer)` as a status line when it succeeded, the
/// error's sentence when it failed, nothing before it has run.
pub fn action_outcome<S>(
    action: ServerAction<S>,
    said: impl Fn(&S::Output) -> String + Copy + Send + Sync + 'static,
) -> impl Fn() -> Option<AnyView> + Copy
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    move || {
        action.value().get().map(|result| match result {
            Ok(answer) => view! { <p class="notice" role="status">{said(&answer)}</p> }.into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    }
}

/// Counts `action`'s successes into `changes`: a page reloads its data on success only, so a
/// refused form keeps what the person typed.
pub fn count_successes<S>(action: ServerAction<S>, changes: RwSignal<usize>)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            changes.update(|n| *n += 1);
        }
    });
}
