//! What happens to referrals, written once for both databases: each arrival or change is one
//! write transaction that checks, in order, the link or the person asking, the status rules
//! (`status`) and the limits, then writes the referral, its history and its audit entry
//! together. `data::referrals` holds the SQL.

use chrono::{Months, NaiveDate};
use sha2::{Digest, Sha256};

use super::form::{Channel, NewReferral, ReferralForm};
use super::status::{self, Move, ReferralStatus};
use super::{
    IssuedLink, PartnerLinkId, PartnerLinkView, ReferralDetail, ReferralId, ReferralStep,
    ReferralSummary, Source,
};
use crate::data::audit::{self, Actor, AuditAction, AuditEvent};
use crate::data::referrals::{LinkRow, SummaryRow};
use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::people::records::NewPerson;
use crate::people::{PersonId, Role};

/// Referrals one partner link may send in a day: far more than an agency sends (the programme
/// had 49 in its first two months), few enough that a leaked link cannot flood the queue.
pub const LINK_PER_DAY: i64 = 25;
/// Self-referrals the public form takes in a day, for the same reason.
pub const SELF_PER_DAY: i64 = 40;
/// Referral forms (partner or self) one network address may send in an hour.
pub const FORMS_PER_ADDRESS_PER_HOUR: u32 = 10;
/// How long a partner link works unless revoked first.
pub const LINK_MONTHS: u32 = 12;

/// The SHA-256 of a link's secret: only this is stored, as for invites.
pub fn hash_token(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

fn link_not_working() -> AppError {
    AppError::NotFound(
        "this referral link: it may have been withdrawn or be out of date. Please ask the TurnAround coordinator for a new one".into(),
    )
}

fn no_referral() -> AppError {
    AppError::NotFound("that referral".into())
}

/// The link with this secret, if it still works on `today`.
async fn working_link(tx: &mut Tx, token: &str, today: NaiveDate) -> Result<LinkRow, AppError> {
    let link = data::referrals::link_by_hash(tx, &hash_token(token))
        .await?
        .ok_or_else(link_not_working)?;
    if link.revoked_on.is_some() || today >= link.expires_on {
        return Err(link_not_working());
    }
    Ok(link)
}

/// The organisation a partner link refers for, to greet the referrer; refused when the link
/// does not work.
pub async fn partner_form(db: &Db, token: &str, today: NaiveDate) -> Result<String, AppError> {
    let mut tx = db.read().await?;
    Ok(working_link(&mut tx, token, today).await?.organisation)
}

/// How a referral arrives, as the use case checks it.
pub enum Via<'a> {
    /// A partner agency's link (the secret from its address).
    Partner(&'a str),
    /// The public self-referral form.
    SelfReferral,
    /// Staff typing in a referral that came another way.
    Staff(&'a Actor<'a>),
}

/// Takes in a referral: checks where it came from and the form, keeps within the day's limits,
/// and writes it with its first step and an audit entry. The same form sent twice (its key)
/// makes one referral.
pub async fn receive(
    db: &Db,
    via: Via<'_>,
    form: &ReferralForm,
    today: NaiveDate,
) -> Result<ReferralId, AppError> {
    let mut tx = db.write().await?;
    let (channel, link) = match &via {
        Via::Partner(token) => {
            let link = working_link(&mut tx, token, today).await?;
            let channel = Channel::Partner {
                source: link.source,
                organisation: link.organisation.clone(),
            };
            (channel, Some(link.id))
        }
        Via::SelfReferral => (Channel::SelfReferral, None),
        Via::Staff(_) => (Channel::Staff, None),
    };
    let referral = NewReferral::parse(form, &channel, today)
        .map_err(|problems| AppError::Invalid(problems.join(" ")))?;
    if let Some(key) = &referral.form_key {
        if let Some(id) = data::referrals::with_form_key(&mut tx, key).await? {
            return Ok(id);
        }
    }
    let limited = match (&via, link) {
        (Via::Partner(_), Some(link)) => (data::referrals::count_via_link(&mut tx, link, today)
            .await?
            >= LINK_PER_DAY)
            .then(|| format!(
                "This link has sent the most referrals it can in one day ({LINK_PER_DAY}). Please send this one tomorrow, or phone the TurnAround coordinator."
            )),
        (Via::SelfReferral, _) => (data::referrals::count_self(&mut tx, today).await? >= SELF_PER_DAY)
            .then(|| "We have had a lot of referrals today. Please try again tomorrow, or phone us.".to_owned()),
        _ => None,
    };
    if let Some(sentence) = limited {
        return Err(AppError::TooMany(sentence));
    }
    let id = data::referrals::insert(&mut tx, &referral, link).await?;
    let by = match &via {
        Via::Staff(actor) => Some(actor.person),
        _ => None,
    };
    data::referrals::insert_event(&mut tx, id, ReferralStatus::Received, None, None, by, today)
        .await?;
    let how = match (&via, link) {
        (Via::Partner(_), Some(link)) => format!("referral {id} through partner link {link}"),
        (Via::SelfReferral, _) => format!("self-referral {id}"),
        _ => format!("referral {id} typed in by staff"),
    };
    let (actor, ip) = match &via {
        Via::Staff(actor) => (Some(actor.person), actor.ip),
        _ => (None, None),
    };
    audit::record_in(
        &mut tx,
        AuditEvent {
            actor,
            action: AuditAction::ReferralReceived,
            subject: None,
            detail: &how,
            ip,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

fn summary_of(row: SummaryRow, today: NaiveDate) -> ReferralSummary {
    let until = row.closed_on.unwrap_or(today);
    let eligibility = status::eligibility_problems(row.born_on, row.received_on, row.in_area)
        .into_iter()
        .map(str::to_owned)
        .collect();
    ReferralSummary {
        id: row.id,
        name: row.name,
        source: row.source,
        organisation: row.organisation,
        received_on: row.received_on,
        status: row.status,
        close_reason: row.close_reason,
        days_waiting: status::days_between(row.received_on, Some(until)).unwrap_or(0),
        eligibility,
    }
}

/// The intake queue: open referrals, longest waiting first (or the closed ones, latest first).
pub async fn queue(
    db: &Db,
    open: bool,
    today: NaiveDate,
) -> Result<Vec<ReferralSummary>, AppError> {
    let mut tx = db.read().await?;
    let rows = data::referrals::summaries(&mut tx, open).await?;
    Ok(rows.into_iter().map(|row| summary_of(row, today)).collect())
}

/// One referral whole, for the coordinator; the read is audited (about the participant, once
/// there is one).
pub async fn detail(
    db: &Db,
    actor: &Actor<'_>,
    id: ReferralId,
    today: NaiveDate,
) -> Result<ReferralDetail, AppError> {
    let mut tx = db.read().await?;
    let summary = data::referrals::summary(&mut tx, id)
        .await?
        .ok_or_else(no_referral)?;
    let detail = data::referrals::detail(&mut tx, id)
        .await?
        .ok_or_else(no_referral)?;
    let events = data::referrals::events(&mut tx, id).await?;
    let received_on = summary.received_on;
    let first_contact = events
        .iter()
        .find(|e| e.status > ReferralStatus::Received && e.status < ReferralStatus::Closed)
        .map(|e| e.on_date);
    let first_session = match detail.participant_id {
        Some(person) => {
            let from = received_on.and_hms_opt(0, 0, 0).unwrap_or_default();
            data::referrals::first_session(&mut tx, person, from).await?
        }
        None => None,
    };
    let possible_matches = match detail.participant_id {
        Some(_) => Vec::new(),
        None => {
            let family_name = data::referrals::referral(&mut tx, id)
                .await?
                .map(|r| r.family_name)
                .unwrap_or_default();
            data::referrals::possible_matches(&mut tx, &family_name).await?
        }
    };
    drop(tx);
    let in_area = summary.in_area;
    let born_on = summary.born_on;
    let participant = detail.participant_id.zip(detail.participant_name.clone());
    audit::record(
        db,
        AuditEvent {
            actor: Some(actor.person),
            action: AuditAction::ReferralRead,
            subject: detail.participant_id,
            detail: &format!("referral {id}"),
            ip: actor.ip,
        },
    )
    .await?;
    Ok(ReferralDetail {
        summary: summary_of(summary, today),
        referrer_name: detail.referrer_name,
        referrer_contact: detail.referrer_contact,
        born_on,
        phone: detail.phone,
        email: detail.email,
        town: detail.town,
        in_area,
        reason: detail.reason,
        consent_how: detail.consent_how,
        consent_on: detail.consent_on,
        share_back: detail.share_back,
        participant,
        possible_matches,
        history: events
            .into_iter()
            .map(|e| ReferralStep {
                status: e.status,
                close_reason: e.close_reason,
                note: e.note,
                by: e.by_name,
                on_date: e.on_date,
            })
            .collect(),
        days_to_first_contact: status::days_between(received_on, first_contact),
        days_to_first_session: status::days_between(received_on, first_session.map(|t| t.date())),
    })
}

/// Moves a referral on, closes it with its reason, or reopens it with a note.
pub async fn change(
    db: &Db,
    actor: &Actor<'_>,
    id: ReferralId,
    change: &Move,
    today: NaiveDate,
) -> Result<ReferralStatus, AppError> {
    let mut tx = db.write().await?;
    let referral = data::referrals::referral(&mut tx, id)
        .await?
        .ok_or_else(no_referral)?;
    if let Some(sentence) = status::refusal(referral.status, change) {
        return Err(AppError::Conflict(sentence));
    }
    let after = status::after(change);
    let (reason, note) = match change {
        Move::Close(reason) => (Some(*reason), None),
        Move::Reopen(note) => (None, Some(note.trim())),
        Move::Forward(_) => (None, None),
    };
    data::referrals::set_status(&mut tx, id, after, reason).await?;
    data::referrals::insert_event(&mut tx, id, after, reason, note, Some(actor.person), today)
        .await?;
    note_change(
        &mut tx,
        actor,
        id,
        referral.participant_id,
        &format!("now {}", after.label().to_lowercase()),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

async fn note_change(
    tx: &mut Tx,
    actor: &Actor<'_>,
    id: ReferralId,
    participant: Option<PersonId>,
    what: &str,
) -> Result<(), AppError> {
    audit::record_in(
        tx,
        AuditEvent {
            actor: Some(actor.person),
            action: AuditAction::ReferralChanged,
            subject: participant,
            detail: &format!("referral {id}: {what}"),
            ip: actor.ip,
        },
    )
    .await
}

/// Accepts a referral onto the programme: makes the person a participant (or links the
/// participant `existing` when they are already known) and makes the referral active, in one
/// transaction.
pub async fn accept(
    db: &Db,
    actor: &Actor<'_>,
    id: ReferralId,
    existing: Option<PersonId>,
    today: NaiveDate,
) -> Result<PersonId, AppError> {
    let mut tx = db.write().await?;
    let referral = data::referrals::referral(&mut tx, id)
        .await?
        .ok_or_else(no_referral)?;
    if referral.status == ReferralStatus::Closed {
        return Err(AppError::Conflict(
            "This referral is closed. To take it up again, reopen it and say why.".into(),
        ));
    }
    if referral.participant_id.is_some() {
        return Err(AppError::Conflict(
            "This referral has been accepted already: the person is on the programme.".into(),
        ));
    }
    let person = match existing {
        Some(person) => {
            if !data::referrals::is_free_participant(&mut tx, person).await? {
                return Err(AppError::Invalid(
                    "Choose a participant from the list: someone not already linked to another referral.".into(),
                ));
            }
            person
        }
        None => {
            let new = NewPerson {
                given_name: referral.given_name.clone(),
                family_name: referral.family_name.clone(),
                preferred_name: None,
                phone: referral.phone.clone(),
                email: referral.email.clone(),
                roles: vec![Role::Participant],
                referral_source: Some(referral.source.for_participant()),
                referral_date: Some(referral.received_on),
            };
            crate::people_admin::use_cases::create_in(&mut tx, &new)
                .await
                .map_err(|e| e.conflict_in_words(|| {
                    "Someone already has this person's email address. If it is them, link the referral to them instead.".into()
                }))?
        }
    };
    data::referrals::link_participant(&mut tx, id, person).await?;
    if referral.status < ReferralStatus::Active {
        let active = ReferralStatus::Active;
        data::referrals::set_status(&mut tx, id, active, None).await?;
        data::referrals::insert_event(
            &mut tx,
            id,
            active,
            None,
            Some("Accepted onto the programme"),
            Some(actor.person),
            today,
        )
        .await?;
    }
    let what = if existing.is_some() {
        "linked to a participant"
    } else {
        "accepted: participant added"
    };
    note_change(&mut tx, actor, id, Some(person), what).await?;
    tx.commit().await?;
    Ok(person)
}

/// Gives a partner agency its own referral link. The secret is in the address returned, shown
/// once; only its hash is kept.
pub async fn issue_link(
    db: &Db,
    actor: &Actor<'_>,
    organisation: &str,
    source: &str,
    today: NaiveDate,
    public_url: &str,
) -> Result<IssuedLink, AppError> {
    let organisation = crate::forms::required_text(organisation, 120).ok_or_else(|| {
        AppError::Invalid("Enter the partner's name (up to 120 characters).".into())
    })?;
    let source = Source::from_slug(source)
        .filter(|s| Source::PARTNERS.contains(s))
        .ok_or_else(|| AppError::Invalid("Choose what kind of agency the partner is.".into()))?;
    let token = crate::server::auth::new_token();
    let expires_on = today
        .checked_add_months(Months::new(LINK_MONTHS))
        .ok_or(AppError::Internal)?;
    let mut tx = db.write().await?;
    let link = data::referrals::insert_link(
        &mut tx,
        &hash_token(&token),
        &organisation,
        source,
        actor.person,
        today,
        expires_on,
    )
    .await?;
    audit::record_in(
        &mut tx,
        AuditEvent {
            actor: Some(actor.person),
            action: AuditAction::PartnerLinkIssued,
            subject: None,
            detail: &format!("partner link {link}"),
            ip: actor.ip,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(IssuedLink {
        organisation,
        url: format!("{public_url}/refer/{token}"),
        expires_on,
    })
}

/// Stops a partner link at once.
pub async fn revoke_link(
    db: &Db,
    actor: &Actor<'_>,
    id: PartnerLinkId,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    if !data::referrals::revoke_link(&mut tx, id, actor.person, today).await? {
        return Err(AppError::NotFound(
            "that link, or it was stopped already".into(),
        ));
    }
    audit::record_in(
        &mut tx,
        AuditEvent {
            actor: Some(actor.person),
            action: AuditAction::PartnerLinkRevoked,
            subject: None,
            detail: &format!("partner link {id}"),
            ip: actor.ip,
        },
    )
    .await?;
    tx.commit().await
}

/// Every partner link, newest first.
pub async fn links(db: &Db) -> Result<Vec<PartnerLinkView>, AppError> {
    let mut tx = db.read().await?;
    data::referrals::links(&mut tx).await
}
