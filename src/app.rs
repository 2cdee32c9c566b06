//! The page shell and the routes.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Meta, MetaTags, Title};
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

use crate::access::{Permission, SignedIn};
use crate::accounts::accounts_api::{get_current_user, SignOut};
use crate::accounts::sign_in_page::SignInPage;
use crate::accounts::two_step::TwoStepPage;
use crate::activities::activities_page::{ActivitiesPage, EditActivityPage, NewActivityPage};
use crate::activities::group_page::ActivityGroupPage;
use crate::calendar_feed::calendar_page::CalendarPage;
use crate::case_meetings::meetings_page::{MeetingPage, MeetingsPage, PackPage};
use crate::case_meetings::my_actions::MyActionsPanel;
use crate::claims::approvals_page::ApprovalsPage;
use crate::claims::claim_form_page::ClaimFormPage;
use crate::claims::claims_page::ClaimsPage;
use crate::error::AppError;
use crate::fleet::drivers_page::DriversPage;
use crate::fleet::places_page::PickupPointsPage;
use crate::fleet::vehicles_page::FleetPage;
use crate::keep_apart::keep_apart_page::KeepApartPage;
use crate::mileage::mileage_page::MileagePage;
use crate::my_activities::MyActivitiesPage;
use crate::people_admin::edit_page::EditPersonPage;
use crate::people_admin::people_page::{InvitePage, NewPersonPage, PeoplePage, PersonPage};
use crate::plans::my_goals_page::MyGoalsPage;
use crate::plans::plan_page::PlanPage;
use crate::referrals::intake_page::{IntakePage, NewReferralPage};
use crate::referrals::partners_page::PartnersPage;
use crate::referrals::refer_page::{PartnerReferPage, ReferThanksPage, SelfReferPage};
use crate::referrals::referral_page::ReferralPage;
use crate::reports::funders_page::FundersReportPage;
use crate::retention::retention_page::RetentionPage;
use crate::scheduling::planner_page::PlannerPage;
use crate::scheduling::session_page::SessionPage;
use crate::scheduling::week_page::WeekPage;
use crate::staff_views::{MyMenteesPage, MySessionsPage};
use crate::subject_access::requests_page::SubjectAccessPage;
use crate::transport::board_page::TransportBoardPage;
use crate::transport::pickup_list_page::PickupListPage;
use crate::ui::not_found::NotFound;
use crate::ui::plain_pages::link_rel;
use crate::venues::venue_page::VenuePage;
use crate::venues::venues_page::{NewVenuePage, VenuesPage};
use crate::wellbeing::due_page::WellbeingDuePage;
use crate::wellbeing::my_wellbeing_page::MyWellbeingPage;

/// The HTML document around every page (server only renders this).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // Installable, and readable with no signal: see public/sw.js.
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <script src=script_url(&options, "/register-sw.js") defer=true></script>
                {if let scripts @ [_, ..] = plain_page_scripts() {
                    scripts
                        .iter()
                        .map(|path| view! { <script src=script_url(&options, path) defer=true></script> })
                        .collect_view()
                        .into_any()
                } else {
                    view! {
                        <AutoReload options=options.clone() />
                        <HydrationScripts options />
                    }
                        .into_any()
                }}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The address of one of `public/`'s plain scripts, with its content's version
/// (`server::script_urls`).
fn script_url(options: &LeptosOptions, path: &'static str) -> String {
    #[cfg(feature = "ssr")]
    {
        crate::server::script_urls::versioned(&options.site_root, path)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
        path.to_owned()
    }
}

/// The plain scripts this response's page loads instead of the app's WebAssembly, none for a
/// page the app draws (`ui::plain_pages`). Only the server renders the shell.
fn plain_page_scripts() -> &'static [&'static str] {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>().map_or(&[], |request| {
            crate::ui::plain_pages::scripts(request.uri.path())
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        &[]
    }
}

/// The page's Content-Security-Policy, with this response's nonce (Leptos puts the same nonce
/// on the scripts it writes into the page).
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use leptos::nonce::use_nonce;
    if let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    {
        if let Ok(value) = axum::http::HeaderValue::from_str(
            &crate::server::security::content_security_policy(nonce.as_inner()),
        ) {
            response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let user = Resource::new(|| (), |_| get_current_user());
    provide_context(user);

    view! {
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
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await {
                            Ok(Some(user)) => view! { <UserNav user /> }.into_any(),
                            _ => view! { <a href="/sign-in" rel="external">"Sign in"</a> }.into_any(),
                        }
                    })}
                </Transition>
            </header>
            <main id="main" tabindex="-1">
                // Async: the whole page arrives rendered, so it also works with JavaScript off.
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("my") view=MyActivitiesPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("calendar") view=CalendarPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("two-step")) view=TwoStepPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("sessions") view=MySessionsPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("mentees") view=MyMenteesPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("plan") view=PlannerPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("plan"), StaticSegment("sessions"), ParamSegment("id")) view=SessionPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("people"), StaticSegment("new")) view=NewPersonPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("people"), ParamSegment("id")) view=PersonPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("people"), ParamSegment("id"), StaticSegment("edit")) view=EditPersonPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("people"), ParamSegment("id"), StaticSegment("plan")) view=PlanPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("my"), StaticSegment("goals")) view=MyGoalsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("my"), StaticSegment("wellbeing")) view=MyWellbeingPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("wellbeing") view=WellbeingDuePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("invite"), ParamSegment("token")) view=InvitePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("activities") view=ActivitiesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("activities"), StaticSegment("new")) view=NewActivityPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("activities"), ParamSegment("id")) view=EditActivityPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("activities"), ParamSegment("id"), StaticSegment("group")) view=ActivityGroupPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("venues") view=VenuesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("venues"), StaticSegment("new")) view=NewVenuePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("venues"), ParamSegment("id")) view=VenuePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("keep-apart") view=KeepApartPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("fleet") view=FleetPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("drivers") view=DriversPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("pickup-points") view=PickupPointsPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("transport") view=TransportBoardPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("driver") view=PickupListPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("claims") view=ClaimsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("claims"), StaticSegment("approvals")) view=ApprovalsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("claims"), ParamSegment("id"), StaticSegment("print")) view=ClaimFormPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("mileage") view=MileagePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("referrals") view=IntakePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("referrals"), StaticSegment("new")) view=NewReferralPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("referrals"), StaticSegment("partners")) view=PartnersPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("referrals"), ParamSegment("id")) view=ReferralPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("retention") view=RetentionPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("reports") view=FundersReportPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("meetings") view=MeetingsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("meetings"), ParamSegment("id")) view=MeetingPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("meetings"), ParamSegment("id"), StaticSegment("people"), ParamSegment("participant")) view=PackPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("subject-access") view=SubjectAccessPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("refer"), StaticSegment("self")) view=SelfReferPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("refer"), StaticSegment("thanks")) view=ReferThanksPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("refer"), ParamSegment("token")) view=PartnerReferPage ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}

/// `/`, the installed app's start page: the week for staff; a participant is sent on to their own
/// page (by the server when the page is loaded, so it also works with JavaScript off).
#[component]
fn HomePage() -> impl IntoView {
    let user = use_context::<Resource<Result<Option<SignedIn>, AppError>>>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let user = match user {
                    Some(user) => user.await,
                    None => get_current_user().await,
                };
                match user {
                    Ok(Some(user)) if !user.is_staff() => {
                        view! { <Redirect path=user.home() /> }.into_any()
                    }
                    Ok(Some(user)) if user.may(Permission::KeepOwnCaseActions) => {
                        view! {
                            <MyActionsPanel />
                            <WeekPage />
                        }
                            .into_any()
                    }
                    _ => view! { <WeekPage /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The header's links for the signed-in person: only the places their roles may go.
#[component]
fn UserNav(user: SignedIn) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            let _ = window().location().assign("/sign-in");
        }
    });
    // A plain page (`ui::plain_pages`) is loaded from the server, not drawn by the app.
    let link = |permission: Permission, href: &'static str, label: &'static str| {
        user.may(permission).then(|| match link_rel(href) {
            Some(rel) => view! { <a href=href rel=rel>{label}</a> }.into_any(),
            None => view! { <A href=href>{label}</A> }.into_any(),
        })
    };
    view! {
        <nav aria-label="Main" class="main-nav">
            {link(Permission::ViewWeekProgramme, "/", "This week")}
            {link(Permission::PlanSessions, "/plan", "Plan")}
            {link(Permission::ViewOwnActivities, "/my", "My activities")}
            {link(Permission::ViewOwnSessionRosters, "/sessions", "My sessions")}
            {link(Permission::ViewOwnMentees, "/mentees", "My mentees")}
            {link(Permission::ManagePeople, "/people", "People")}
            {link(Permission::ManageReferrals, "/referrals", "Referrals")}
            {link(Permission::ViewAllPeople, "/wellbeing", "Wellbeing")}
            {link(Permission::ReadCasePacks, "/meetings", "Case meetings")}
            {link(Permission::ReadFundersReport, "/reports", "Reports")}
            {link(Permission::ViewActivities, "/activities", "Activities")}
            {link(Permission::ViewVenues, "/venues", "Venues")}
            {link(Permission::ManageKeepApart, "/keep-apart", "Keep apart")}
            {link(Permission::ViewOwnRuns, "/driver", "Pick-up list")}
            {link(Permission::ManageTransport, "/transport", "Transport")}
            {link(Permission::ManageFleet, "/fleet", "Fleet")}
            {link(Permission::MakeOwnClaims, "/claims", "Expenses")}
            {link(Permission::UseOwnCalendarFeed, "/calendar", "Calendar")}
            {(user.is_staff() && !user.two_step_enabled).then(|| view! { <A href="/account/two-step">"Two-step sign-in"</A> })}
            <ActionForm action=sign_out attr:class="sign-out">
                <button type="submit" class="link-button">
                    {format!("Sign out ({})", user.first_name)}
                </button>
            </ActionForm>
        </nav>
    }
}
