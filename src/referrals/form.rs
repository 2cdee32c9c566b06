//! The referral form as people fill it in — a partner agency through its link, staff taking a
//! referral by phone, or the person themselves — read into a [`NewReferral`] or a list of what
//! to put right, in plain words. Shared by the server (which trusts it) and the browser.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{ConsentHow, ShareBack, Source};
use crate::forms;

/// The form as typed: text until [`NewReferral::parse`] reads it. Every field may be missing
/// (a hostile or half-sent form), which reads as blank.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferralForm {
    /// Staff only: who sent it (a partner link and the self-referral form fix it themselves).
    pub source: String,
    /// Staff only: the referring organisation.
    pub organisation: String,
    pub referrer_name: String,
    pub referrer_contact: String,
    pub given_name: String,
    pub family_name: String,
    pub born_on: String,
    pub phone: String,
    pub email: String,
    pub town: String,
    /// "yes" or "no".
    pub in_area: String,
    pub reason: String,
    /// "written" or "verbal" (the self-referral form's tick box gives its own).
    pub consent_how: String,
    pub consent_on: String,
    pub share_back: String,
    /// The self-referral form's "I agree" box: "yes" when ticked.
    pub agree: String,
    /// The form's own key, so a form sent twice makes one referral.
    pub form_key: String,
}

/// Where the form came from, which decides what it must say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Channel {
    /// A partner agency's link: the link names the organisation and the kind of agency.
    Partner {
        source: Source,
        organisation: String,
    },
    /// The person themselves, on the public form.
    SelfReferral,
    /// Staff typing in a referral that came by phone, email or letter.
    Staff,
}

/// The referrer: their organisation, their name and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referrer {
    pub organisation: Option<String>,
    pub name: String,
    pub contact: String,
}

/// A referral that passed every check a person can fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral {
    pub source: Source,
    pub referrer: Option<Referrer>,
    pub received_on: NaiveDate,
    pub given_name: String,
    pub family_name: String,
    pub born_on: Option<NaiveDate>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub town: Option<String>,
    pub in_area: bool,
    pub reason: Option<String>,
    pub consent_how: ConsentHow,
    pub consent_on: NaiveDate,
    pub share_back: ShareBack,
    pub form_key: Option<String>,
}

fn date(text: &str) -> Result<Option<NaiveDate>, forms::Unreadable> {
    match text.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| forms::Unreadable),
    }
}

fn optional(
    text: &str,
    max: usize,
    problem: &'static str,
    problems: &mut Vec<&'static str>,
) -> Option<String> {
    forms::optional_text(text, max)
        .map_err(|_| problems.push(problem))
        .ok()
        .flatten()
}

impl NewReferral {
    /// Reads the form that arrived through `channel` on `today`, or lists every problem with it.
    pub fn parse(
        form: &ReferralForm,
        channel: &Channel,
        today: NaiveDate,
    ) -> Result<Self, Vec<&'static str>> {
        let mut problems = Vec::new();
        let given_name = forms::required_text(&form.given_name, 60);
        if given_name.is_none() {
            problems.push("Enter their first name (up to 60 characters).");
        }
        let family_name = forms::required_text(&form.family_name, 60);
        if family_name.is_none() {
            problems.push("Enter their last name (up to 60 characters).");
        }
        let born_on = match date(&form.born_on) {
            Ok(Some(born)) if born >= today || born.year() < 1900 => {
                problems.push("Check the date of birth: it must be a date in the past.");
                None
            }
            Ok(born) => born,
            Err(_) => {
                problems.push("Write the date of birth as a date, like 1990-04-23.");
                None
            }
        };
        let phone = optional(
            &form.phone,
            40,
            "Keep the phone number to 40 characters.",
            &mut problems,
        );
        let email = optional(
            &form.email,
            254,
            "Keep the email address to 254 characters.",
            &mut problems,
        );
        if email
            .as_deref()
            .is_some_and(|email| !email.contains('@') || email.len() < 3)
        {
            problems.push("Check the email address: it needs an @.");
        }
        if phone.is_none()
            && form.phone.trim().is_empty()
            && email.is_none()
            && form.email.trim().is_empty()
        {
            problems.push("Give a phone number or an email address, so we can get in touch.");
        }
        let town = optional(
            &form.town,
            100,
            "Keep the town or area to 100 characters.",
            &mut problems,
        );
        let in_area = match form.in_area.trim() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                problems.push("Say whether they live in the programme's area.");
                None
            }
        };
        let reason = optional(
            &form.reason,
            2000,
            "Keep what you tell us to 2,000 characters.",
            &mut problems,
        );
        let form_key = forms::optional_text(&form.form_key, 64)
            .ok()
            .flatten()
            .filter(|key| key.len() >= 8);

        let (source, referrer, consent_how, consent_on, share_back) = match channel {
            Channel::SelfReferral => {
                if form.agree.trim() != "yes" {
                    problems.push(
                        "Tick the box to say you agree to us keeping these details to contact you.",
                    );
                }
                (
                    Some(Source::SelfReferral),
                    None,
                    Some(ConsentHow::OnlineForm),
                    Some(today),
                    Some(ShareBack::Nothing),
                )
            }
            Channel::Partner {
                source,
                organisation,
            } => {
                let referrer = referrer(form, Some(organisation.clone()), &mut problems);
                let (how, on, share) = consent(form, today, &mut problems);
                (Some(*source), referrer, how, on, share)
            }
            Channel::Staff => {
                let source = Source::from_slug(&form.source);
                if source.is_none() {
                    problems.push("Choose who sent the referral.");
                }
                if source == Some(Source::SelfReferral) {
                    let (how, on, share) = consent(form, today, &mut problems);
                    (source, None, how, on, share)
                } else {
                    let organisation = forms::required_text(&form.organisation, 120);
                    if organisation.is_none() {
                        problems.push("Enter the referring organisation (up to 120 characters).");
                    }
                    let referrer = referrer(form, organisation, &mut problems);
                    let (how, on, share) = consent(form, today, &mut problems);
                    (source, referrer, how, on, share)
                }
            }
        };
        let needs_referrer = !matches!(source, Some(Source::SelfReferral) | None);
        match (
            given_name,
            family_name,
            in_area,
            source,
            consent_how,
            consent_on,
            share_back,
        ) {
            (
                Some(given_name),
                Some(family_name),
                Some(in_area),
                Some(source),
                Some(consent_how),
                Some(consent_on),
                Some(share_back),
            ) if problems.is_empty() && (referrer.is_some() || !needs_referrer) => Ok(Self {
                source,
                referrer,
                received_on: today,
                given_name,
                family_name,
                born_on,
                phone,
                email,
                town,
                in_area,
                reason,
                consent_how,
                consent_on,
                share_back,
                form_key,
            }),
            _ => Err(problems),
        }
    }
}

fn referrer(
    form: &ReferralForm,
    organisation: Option<String>,
    problems: &mut Vec<&'static str>,
) -> Option<Referrer> {
    let name = forms::required_text(&form.referrer_name, 120);
    if name.is_none() {
        problems.push("Enter your name, as the person making the referral (up to 120 characters).");
    }
    let contact = forms::required_text(&form.referrer_contact, 200);
    if contact.is_none() {
        problems.push(
            "Enter a phone number or email address we can reach you on (up to 200 characters).",
        );
    }
    Some(Referrer {
        organisation,
        name: name?,
        contact: contact?,
    })
}

/// How and when the person agreed, and what may be shared back: a referrer must say all three.
fn consent(
    form: &ReferralForm,
    today: NaiveDate,
    problems: &mut Vec<&'static str>,
) -> (Option<ConsentHow>, Option<NaiveDate>, Option<ShareBack>) {
    let how = match form.consent_how.trim() {
        "written" => Some(ConsentHow::Written),
        "verbal" => Some(ConsentHow::Verbal),
        _ => {
            problems.push("Say how the person agreed to this referral: in writing or spoken.");
            None
        }
    };
    let on = match date(&form.consent_on) {
        Ok(Some(on)) if on > today => {
            problems.push("The date they agreed cannot be after today.");
            None
        }
        Ok(Some(on)) => Some(on),
        Ok(None) => {
            problems.push("Enter the date the person agreed to this referral.");
            None
        }
        Err(_) => {
            problems.push("Write the date they agreed as a date, like 2026-11-30.");
            None
        }
    };
    let share = ShareBack::from_slug(&form.share_back);
    if share.is_none() {
        problems.push("Choose what we may tell you about how they get on.");
    }
    (how, on, share)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    fn partner() -> Channel {
        Channel::Partner {
            source: Source::Probation,
            organisation: "Hertfordshire Probation".into(),
        }
    }

    fn filled() -> ReferralForm {
        ReferralForm {
            referrer_name: "Jo Bloggs".into(),
            referrer_contact: "jo.bloggs@probation.example".into(),
            given_name: " Sam ".into(),
            family_name: "Taylor".into(),
            born_on: "1990-04-23".into(),
            phone: "07700 900123".into(),
            in_area: "yes".into(),
            consent_how: "written".into(),
            consent_on: "2026-12-01".into(),
            share_back: "attendance".into(),
            form_key: "k-1234567890".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_partners_form_takes_its_source_and_organisation_from_the_link() {
        let referral = NewReferral::parse(&filled(), &partner(), today()).unwrap();
        assert_eq!(referral.source, Source::Probation);
        assert_eq!(referral.given_name, "Sam");
        let referrer = referral.referrer.unwrap();
        assert_eq!(
            referrer.organisation.as_deref(),
            Some("Hertfordshire Probation")
        );
        assert_eq!(referral.consent_how, ConsentHow::Written);
        assert_eq!(referral.received_on, today());
        assert_eq!(referral.form_key.as_deref(), Some("k-1234567890"));
    }

    #[test]
    fn every_problem_is_listed_at_once_in_words() {
        let problems =
            NewReferral::parse(&ReferralForm::default(), &partner(), today()).unwrap_err();
        for words in [
            "first name",
            "last name",
            "phone number or an email",
            "programme's area",
            "your name",
            "reach you",
            "how the person agreed",
            "date the person agreed",
            "what we may tell you",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(words)),
                "{words} missing from {problems:?}"
            );
        }
        assert!(problems.iter().all(|p| p.ends_with('.')));
    }

    #[test]
    fn dates_must_be_real_and_not_ahead() {
        let mut form = filled();
        form.born_on = "2027-01-01".into();
        form.consent_on = "2026-12-03".into();
        let problems = NewReferral::parse(&form, &partner(), today()).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        form.born_on = "23/04/1990".into();
        form.consent_on = "2026-12-01".into();
        assert!(NewReferral::parse(&form, &partner(), today()).is_err());
    }

    #[test]
    fn a_self_referral_needs_the_agreement_box_and_no_referrer() {
        let form = ReferralForm {
            given_name: "Alex".into(),
            family_name: "Reed".into(),
            email: "alex@example.org".into(),
            in_area: "no".into(),
            ..Default::default()
        };
        let problems = NewReferral::parse(&form, &Channel::SelfReferral, today()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("Tick the box"));
        let agreed = ReferralForm {
            agree: "yes".into(),
            ..form
        };
        let referral = NewReferral::parse(&agreed, &Channel::SelfReferral, today()).unwrap();
        assert_eq!(referral.source, Source::SelfReferral);
        assert_eq!(referral.referrer, None);
        assert_eq!(referral.consent_how, ConsentHow::OnlineForm);
        assert_eq!(referral.consent_on, today());
        assert!(!referral.in_area);
    }

    #[test]
    fn staff_choose_the_source_and_name_the_organisation() {
        let mut form = filled();
        form.source = "police".into();
        form.organisation = "Herts Police, Stevenage".into();
        let referral = NewReferral::parse(&form, &Channel::Staff, today()).unwrap();
        assert_eq!(referral.source, Source::Police);
        form.source = "parole board".into();
        let problems = NewReferral::parse(&form, &Channel::Staff, today()).unwrap_err();
        assert_eq!(problems, ["Choose who sent the referral."]);
    }

    #[test]
    fn an_email_needs_an_at_and_a_too_long_field_is_refused() {
        let mut form = filled();
        form.email = "not an address".into();
        form.reason = "x".repeat(2001);
        let problems = NewReferral::parse(&form, &partner(), today()).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
