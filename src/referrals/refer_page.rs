//! The referral forms people outside the programme fill in: a partner agency's, behind the link
//! the coordinator gave it (`/refer/{token}`), and the public self-referral form
//! (`/refer/self`). Served without the app's WebAssembly (`ui::plain_pages`) and complete as
//! plain HTML forms, so they work on any device, with or without JavaScript; the browser's own
//! checks (required fields, lengths, dates) catch most slips before anything is sent.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::referrals_api::{load_partner_form, Refer, ReferSelf};
use super::ShareBack;
use crate::ui::actions::action_error;
use crate::ui::error_notice::ErrorNotice;

/// A new key for each form shown, so the same form sent twice makes one referral.
fn form_key() -> String {
    #[cfg(feature = "ssr")]
    {
        crate::server::auth::new_token()[..32].to_owned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// The person being referred: the fields every referral form has.
#[component]
pub fn PersonFields(#[prop(optional)] about_yourself: bool) -> impl IntoView {
    let (first, last, dob, reason) = if about_yourself {
        (
            "Your first name",
            "Your last name",
            "Your date of birth (if you are happy to say)",
            "Anything you would like us to know: what you hope for, what gets in the way (optional)",
        )
    } else {
        (
            "Their first name",
            "Their last name",
            "Their date of birth",
            "Why you are referring them, and what might help (optional)",
        )
    };
    let own = |kind: &'static str| if about_yourself { kind } else { "off" };
    let (given_complete, family_complete, tel_complete, email_complete) = (
        own("given-name"),
        own("family-name"),
        own("tel"),
        own("email"),
    );
    let area = if about_yourself {
        "Do you live in the area TurnAround covers?"
    } else {
        "Do they live in the area the programme covers?"
    };
    view! {
        <label for="given_name">{first}</label>
        <input id="given_name" name="given_name" required maxlength="60" autocomplete=given_complete />
        <label for="family_name">{last}</label>
        <input id="family_name" name="family_name" required maxlength="60" autocomplete=family_complete />
        <label for="born_on">{dob}</label>
        <input id="born_on" name="born_on" type="date" min="1900-01-01" required=!about_yourself />
        <fieldset class="choice-row">
            <legend>"How can we get in touch? A phone number or an email address, or both"</legend>
            <label for="phone">"Phone"</label>
            <input id="phone" name="phone" type="tel" maxlength="40" autocomplete=tel_complete />
            <label for="email">"Email"</label>
            <input id="email" name="email" type="email" maxlength="254" autocomplete=email_complete />
        </fieldset>
        <label for="town">"Town or area (optional)"</label>
        <input id="town" name="town" maxlength="100" />
        <fieldset class="choice-row">
            <legend>{area}</legend>
            <label class="choice"><input type="radio" name="in_area" value="yes" required />" Yes"</label>
            <label class="choice"><input type="radio" name="in_area" value="no" />" No"</label>
        </fieldset>
        <label for="reason">{reason}</label>
        <textarea id="reason" name="reason" maxlength="2000" rows="4"></textarea>
    }
}

/// Who is referring, and the person's consent: what a referrer must tell us.
#[component]
pub fn ReferrerFields() -> impl IntoView {
    let shares = ShareBack::ALL
        .into_iter()
        .map(|choice| {
            view! {
                <label class="choice">
                    <input type="radio" name="share_back" value=choice.slug() required />
                    {format!(" {}", choice.label())}
                </label>
            }
        })
        .collect_view();
    view! {
        <label for="referrer_name">"Your name"</label>
        <input id="referrer_name" name="referrer_name" required maxlength="120" autocomplete="name" />
        <label for="referrer_contact">"Your phone or email, so we can reach you"</label>
        <input id="referrer_contact" name="referrer_contact" required maxlength="200" />
        <fieldset class="choice-row">
            <legend>"How did they agree to this referral?"</legend>
            <label class="choice"><input type="radio" name="consent_how" value="written" required />" In writing"</label>
            <label class="choice"><input type="radio" name="consent_how" value="verbal" />" Spoken (verbal)"</label>
        </fieldset>
        <label for="consent_on">"The date they agreed"</label>
        <input id="consent_on" name="consent_on" type="date" required />
        <fieldset class="choice-row">
            <legend>"What may we tell you about how they get on?"</legend>
            {shares}
        </fieldset>
    }
}

/// `/refer/{token}`: a partner agency refers someone.
#[component]
pub fn PartnerReferPage() -> impl IntoView {
    let token = move || {
        use_params_map()
            .with(|p| p.get("token"))
            .unwrap_or_default()
    };
    let partner = Resource::new(token, load_partner_form);
    let refer = ServerAction::<Refer>::new();
    view! {
        <Title text="Refer someone to TurnAround" />
        <section class="narrow refer-page">
            <Transition fallback=|| view! { <p class="loading">"Checking your link…"</p> }>
                {move || Suspend::new(async move {
                    match partner.await {
                        Ok(organisation) => view! {
                            <h1>"Refer someone to TurnAround"</h1>
                            <p>{format!("This is {organisation}'s own referral form. It goes straight to the TurnAround coordinator, who will contact the person within a week.")}</p>
                            <p class="hint-text">"Please make sure the person knows about TurnAround and has agreed to be referred. What you send is kept securely and seen only by the coordinator."</p>
                            {action_error(refer)}
                            <ActionForm action=refer attr:class="form">
                                <input type="hidden" name="token" value=token() />
                                <input type="hidden" name="form_key" value=form_key() />
                                <h2>"The person you are referring"</h2>
                                <PersonFields />
                                <h2>"You, and their consent"</h2>
                                <ReferrerFields />
                                <button class="button primary" type="submit">"Send the referral"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! { <h1>"This link does not work"</h1><ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// `/refer/self`: someone refers themselves.
#[component]
pub fn SelfReferPage() -> impl IntoView {
    let refer = ServerAction::<ReferSelf>::new();
    view! {
        <Title text="Join TurnAround" />
        <section class="narrow refer-page">
            <h1>"Join TurnAround"</h1>
            <p>"TurnAround offers activities, courses and support to help you move on: tennis, fishing, cooking, volunteering and more, with transport to get there. Tell us a little about yourself and the coordinator will get in touch within a week."</p>
            {action_error(refer)}
            <ActionForm action=refer attr:class="form">
                <input type="hidden" name="form_key" value=form_key() />
                <PersonFields about_yourself=true />
                <label class="choice consent">
                    <input type="checkbox" name="agree" value="yes" required />
                    " I agree to TurnAround keeping these details to contact me about the programme. Only the coordinator sees them."
                </label>
                <button class="button primary" type="submit">"Send"</button>
            </ActionForm>
        </section>
    }
}

/// `/refer/thanks`: after a referral form was sent.
#[component]
pub fn ReferThanksPage() -> impl IntoView {
    let partner = use_query_map().with(|q| q.get("partner").is_some());
    let said = if partner {
        "Thank you: the referral has reached the TurnAround coordinator, who will contact the person within a week, and you if anything is unclear."
    } else {
        "Thank you: the TurnAround coordinator has your details and will get in touch within a week."
    };
    view! {
        <Title text="Thank you" />
        <section class="narrow refer-page">
            <h1>"Sent"</h1>
            <p role="status">{said}</p>
        </section>
    }
}
