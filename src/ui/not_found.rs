use leptos::prelude::*;
use leptos_meta::Title;

/// The page for an address we do not have. Answers with HTTP 404, not a "200 OK" error page.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="not-found">
            <h1>"We can’t find that page"</h1>
            <p>"The address may be mistyped, or the page may have moved."</p>
            <p>
                <a class="button" href="/">
                    "Go to this week’s programme"
                </a>
            </p>
        </section>
    }
}
