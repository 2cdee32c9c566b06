//! The page shell and the routes.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{SsrMode, StaticSegment};

use crate::scheduling::week_page::WeekPage;
use crate::ui::not_found::NotFound;

/// The HTML document around every page (server only renders this).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Stylesheet id="leptos" href="/pkg/turnaround.css" />
        <Title formatter=|page: String| format!("{page} · TurnAround") />
        <Meta name="theme-color" content="#1d4e89" />
        <Router>
            <a class="skip-link" href="#main">
                "Skip to main content"
            </a>
            <header class="site-header">
                <A href="/" attr:class="brand">
                    "TurnAround"
                </A>
                <nav aria-label="Main">
                    <A href="/">"This week"</A>
                </nav>
            </header>
            <main id="main" tabindex="-1">
                // Async: the whole page arrives rendered, so it also works with JavaScript off.
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=WeekPage ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}
