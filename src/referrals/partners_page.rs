//! `/referrals/partners`: the partner agencies' referral links. A link is a secret address (like
//! an invite): issued to one agency, shown once, working for a year unless stopped first; each
//! issue and stop is written to the audit log.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::referrals_api::{load_partner_links, IssuePartnerLink, PartnerLinks, RevokePartnerLink};
use super::{PartnerLinkView, Source};
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

#[component]
pub fn PartnersPage() -> impl IntoView {
    let issue = ServerAction::<IssuePartnerLink>::new();
    let revoke = ServerAction::<RevokePartnerLink>::new();
    let links = Resource::new(
        move || (issue.version().get(), revoke.version().get()),
        |_| load_partner_links(),
    );
    let sources = Source::PARTNERS
        .into_iter()
        .map(|source| view! { <option value=source.slug()>{source.label()}</option> })
        .collect_view();
    view! {
        <Title text="Partner links" />
        <p><A href="/referrals">"← Referrals"</A></p>
        <h1>"Partner links"</h1>
        <p class="hint-text">"Each partner agency gets its own secret link to the referral form. Its referrals come straight into the queue. A link works for a year, at most 25 referrals a day; stop it at once if it is shared by mistake."</p>
        <section class="admin-panel">
            <h2>"Give a partner a link"</h2>
            {action_error(issue)}
            {move || issue.value().get().and_then(Result::ok).map(|issued| view! {
                <div class="notice" role="status">
                    <p>{format!("The link for {} (works until {}). Copy it now: it is shown only this once.", issued.organisation, issued.expires_on.format("%-d %B %Y"))}</p>
                    <p><code class="issued-link">{issued.url}</code></p>
                </div>
            })}
            <ActionForm action=issue attr:class="form">
                <label for="organisation">"Partner's name"</label>
                <input id="organisation" name="organisation" required maxlength="120" />
                <label for="source">"Kind of agency"</label>
                <select id="source" name="source" required>
                    <option value="">"Choose…"</option>
                    {sources}
                </select>
                <button class="button primary" type="submit">"Make the link"</button>
            </ActionForm>
        </section>
        {action_error(revoke)}
        {when_loaded(links, "Loading links…", move |links| view! { <Links links revoke /> })}
    }
}

#[component]
fn Links(links: PartnerLinks, revoke: ServerAction<RevokePartnerLink>) -> impl IntoView {
    let today = links.today;
    if links.links.is_empty() {
        return view! { <p>"No partner has a link yet."</p> }.into_any();
    }
    view! {
        <h2>"Links given"</h2>
        <ul class="admin-list">
            {links.links.into_iter().map(|link| view! { <LinkCard link today revoke /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn LinkCard(
    link: PartnerLinkView,
    today: chrono::NaiveDate,
    revoke: ServerAction<RevokePartnerLink>,
) -> impl IntoView {
    let works = link.works_on(today);
    let state = match link.revoked_on {
        Some(on) => format!("Stopped on {}", on.format("%-d %B %Y")),
        None if works => format!("Works until {}", link.expires_on.format("%-d %B %Y")),
        None => format!("Ran out on {}", link.expires_on.format("%-d %B %Y")),
    };
    let referrals = match link.referrals {
        1 => "1 referral".to_owned(),
        n => format!("{n} referrals"),
    };
    let label = format!("Stop the link for {}", link.organisation);
    view! {
        <li class="admin-card">
            <h3 class="admin-card-title">{link.organisation.clone()}</h3>
            <p>{format!("{} · given {} · {referrals}", link.source.label(), link.created_on.format("%-d %B %Y"))}</p>
            <p class="admin-card-meta">{state}</p>
            {works.then(|| view! {
                <ActionForm action=revoke attr:class="inline-form">
                    <input type="hidden" name="id" value=link.id.to_string() />
                    <button class="button danger" type="submit" aria-label=label>"Stop this link"</button>
                </ActionForm>
            })}
        </li>
    }
}
