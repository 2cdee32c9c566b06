//! The shape of every page that loads one thing: "Loading…" while it comes, then the page, or
//! the error's sentence (the sign-in page when nobody is signed in).

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use super::error_notice::PageError;
use crate::error::AppError;

/// Shows `show(value)` once `resource` has loaded, `waiting` until then.
pub fn when_loaded<T, V>(
    resource: Resource<Result<T, AppError>>,
    waiting: &'static str,
    show: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=move || view! { <p class="loading">{waiting}</p> }>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => show(value).into_any(),
                        Err(error) => view! { <PageError error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
