//! `referrals`: the same functions on either database; see `sql/referrals.rs` for the SQL.

use chrono::{NaiveDate, NaiveDateTime};

use crate::error::AppError;
use crate::people::PersonId;
use crate::referrals::form::NewReferral;
use crate::referrals::status::{CloseReason, ReferralStatus};
use crate::referrals::{ConsentHow, PartnerLinkId, PartnerLinkView, ReferralId, ShareBack, Source};

use super::Tx;

/// A partner link as the referral form checks it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LinkRow {
    pub id: PartnerLinkId,
    pub organisation: String,
    pub source: Source,
    pub expires_on: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
}

/// A referral as a change checks it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReferralRow {
    pub id: ReferralId,
    pub source: Source,
    pub status: ReferralStatus,
    pub participant_id: Option<PersonId>,
    pub received_on: NaiveDate,
    pub given_name: String,
    pub family_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A line of the intake queue, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: ReferralId,
    pub name: String,
    pub source: Source,
    pub organisation: Option<String>,
    pub received_on: NaiveDate,
    pub status: ReferralStatus,
    pub close_reason: Option<CloseReason>,
    pub born_on: Option<NaiveDate>,
    pub in_area: bool,
    pub closed_on: Option<NaiveDate>,
}

/// The rest of a referral.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DetailRow {
    pub referrer_name: Option<String>,
    pub referrer_contact: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub town: Option<String>,
    pub reason: Option<String>,
    pub consent_how: ConsentHow,
    pub consent_on: NaiveDate,
    pub share_back: ShareBack,
    pub participant_id: Option<PersonId>,
    pub participant_name: Option<String>,
}

/// One step of a referral's history.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    pub status: ReferralStatus,
    pub close_reason: Option<CloseReason>,
    pub note: Option<String>,
    pub by_name: Option<String>,
    pub on_date: NaiveDate,
}

pub async fn link_by_hash(tx: &mut Tx, token_hash: &str) -> Result<Option<LinkRow>, AppError> {
    in_tx!(tx, referrals::link_by_hash(token_hash))
}

pub async fn count_via_link(
    tx: &mut Tx,
    link: PartnerLinkId,
    day: NaiveDate,
) -> Result<i64, AppError> {
    in_tx!(tx, referrals::count_via_link(link, day))
}

pub async fn count_self(tx: &mut Tx, day: NaiveDate) -> Result<i64, AppError> {
    in_tx!(tx, referrals::count_self(day))
}

pub async fn with_form_key(tx: &mut Tx, form_key: &str) -> Result<Option<ReferralId>, AppError> {
    in_tx!(tx, referrals::with_form_key(form_key))
}

pub async fn insert(
    tx: &mut Tx,
    referral: &NewReferral,
    link: Option<PartnerLinkId>,
) -> Result<ReferralId, AppError> {
    in_tx!(tx, referrals::insert(referral, link))
}

pub async fn insert_event(
    tx: &mut Tx,
    referral: ReferralId,
    status: ReferralStatus,
    close_reason: Option<CloseReason>,
    note: Option<&str>,
    by: Option<PersonId>,
    on_date: NaiveDate,
) -> Result<(), AppError> {
    in_tx!(
        tx,
        referrals::insert_event(referral, status, close_reason, note, by, on_date)
    )
}

pub async fn referral(tx: &mut Tx, id: ReferralId) -> Result<Option<ReferralRow>, AppError> {
    in_tx!(tx, referrals::referral(id))
}

pub async fn set_status(
    tx: &mut Tx,
    id: ReferralId,
    status: ReferralStatus,
    close_reason: Option<CloseReason>,
) -> Result<(), AppError> {
    in_tx!(tx, referrals::set_status(id, status, close_reason))
}

pub async fn link_participant(
    tx: &mut Tx,
    id: ReferralId,
    person: PersonId,
) -> Result<(), AppError> {
    in_tx!(tx, referrals::link_participant(id, person))
}

pub async fn summaries(tx: &mut Tx, open: bool) -> Result<Vec<SummaryRow>, AppError> {
    in_tx!(tx, referrals::summaries(open))
}

pub async fn summary(tx: &mut Tx, id: ReferralId) -> Result<Option<SummaryRow>, AppError> {
    in_tx!(tx, referrals::summary(id))
}

pub async fn detail(tx: &mut Tx, id: ReferralId) -> Result<Option<DetailRow>, AppError> {
    in_tx!(tx, referrals::detail(id))
}

pub async fn events(tx: &mut Tx, id: ReferralId) -> Result<Vec<EventRow>, AppError> {
    in_tx!(tx, referrals::events(id))
}

pub async fn first_session(
    tx: &mut Tx,
    participant: PersonId,
    from: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, AppError> {
    in_tx!(tx, referrals::first_session(participant, from))
}

pub async fn is_free_participant(tx: &mut Tx, person: PersonId) -> Result<bool, AppError> {
    in_tx!(tx, referrals::is_free_participant(person))
}

pub async fn insert_link(
    tx: &mut Tx,
    token_hash: &str,
    organisation: &str,
    source: Source,
    by: PersonId,
    created_on: NaiveDate,
    expires_on: NaiveDate,
) -> Result<PartnerLinkId, AppError> {
    in_tx!(
        tx,
        referrals::insert_link(token_hash, organisation, source, by, created_on, expires_on)
    )
}

pub async fn revoke_link(
    tx: &mut Tx,
    id: PartnerLinkId,
    by: PersonId,
    on: NaiveDate,
) -> Result<bool, AppError> {
    in_tx!(tx, referrals::revoke_link(id, by, on))
}

pub async fn links(tx: &mut Tx) -> Result<Vec<PartnerLinkView>, AppError> {
    in_tx!(tx, referrals::links())
}

pub async fn possible_matches(
    tx: &mut Tx,
    family_name: &str,
) -> Result<Vec<(PersonId, String)>, AppError> {
    in_tx!(tx, referrals::possible_matches(family_name))
}
