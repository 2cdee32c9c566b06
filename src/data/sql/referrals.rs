//! Referrals, their history and partner links. The use cases (`referrals::use_cases`) decide;
//! this reads and writes.

use chrono::{NaiveDate, NaiveDateTime};

use super::Conn;
use crate::data::referrals::{DetailRow, EventRow, LinkRow, ReferralRow, SummaryRow};
use crate::error::AppError;
use crate::people::PersonId;
use crate::referrals::form::NewReferral;
use crate::referrals::status::{CloseReason, ReferralStatus};
use crate::referrals::{PartnerLinkId, PartnerLinkView, ReferralId, Source};

const NAME: &str = "coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name";

/// The working link with this secret's hash, whether or not it still works.
pub async fn link_by_hash(conn: &mut Conn, token_hash: &str) -> Result<Option<LinkRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, organisation, source, expires_on, revoked_on FROM partner_links
         WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}

/// How many referrals came through `link` on `day`.
pub async fn count_via_link(conn: &mut Conn, link: PartnerLinkId, day: NaiveDate) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM referrals WHERE partner_link_id = $1 AND received_on = $2",
    )
    .bind(link)
    .bind(day)
    .fetch_one(&mut *conn)
    .await?)
}

/// How many people referred themselves on `day`.
pub async fn count_self(conn: &mut Conn, day: NaiveDate) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM referrals WHERE source = 'self' AND received_on = $1",
    )
    .bind(day)
    .fetch_one(&mut *conn)
    .await?)
}

/// The referral an earlier send of the same form made, if any.
pub async fn with_form_key(conn: &mut Conn, form_key: &str) -> Result<Option<ReferralId>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM referrals WHERE form_key = $1")
        .bind(form_key)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Writes a new referral (status received).
pub async fn insert(
    conn: &mut Conn,
    referral: &NewReferral,
    link: Option<PartnerLinkId>,
) -> Result<ReferralId, AppError> {
    let referrer = referral.referrer.as_ref();
    Ok(sqlx::query_scalar(
        "INSERT INTO referrals (source, partner_link_id, referrer_organisation, referrer_name,
                                referrer_contact, received_on, given_name, family_name, born_on,
                                phone, email, town, in_area, reason, consent_how, consent_on,
                                share_back, form_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         RETURNING id",
    )
    .bind(referral.source)
    .bind(link)
    .bind(referrer.and_then(|r| r.organisation.as_deref()))
    .bind(referrer.map(|r| r.name.as_str()))
    .bind(referrer.map(|r| r.contact.as_str()))
    .bind(referral.received_on)
    .bind(&referral.given_name)
    .bind(&referral.family_name)
    .bind(referral.born_on)
    .bind(referral.phone.as_deref())
    .bind(referral.email.as_deref())
    .bind(referral.town.as_deref())
    .bind(referral.in_area)
    .bind(referral.reason.as_deref())
    .bind(referral.consent_how)
    .bind(referral.consent_on)
    .bind(referral.share_back)
    .bind(referral.form_key.as_deref())
    .fetch_one(&mut *conn)
    .await?)
}

/// Adds a step to the referral's history.
pub async fn insert_event(
    conn: &mut Conn,
    referral: ReferralId,
    status: ReferralStatus,
    close_reason: Option<CloseReason>,
    note: Option<&str>,
    by: Option<PersonId>,
    on_date: NaiveDate,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO referral_events (referral_id, status, close_reason, note, by_id, on_date)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(referral)
    .bind(status)
    .bind(close_reason)
    .bind(note)
    .bind(by)
    .bind(on_date)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The referral as a change needs it.
pub async fn referral(conn: &mut Conn, id: ReferralId) -> Result<Option<ReferralRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, source, status, participant_id, received_on, given_name, family_name, phone, email
         FROM referrals WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Sets the referral's status (and its closing reason, or none).
pub async fn set_status(
    conn: &mut Conn,
    id: ReferralId,
    status: ReferralStatus,
    close_reason: Option<CloseReason>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE referrals SET status = $2, close_reason = $3 WHERE id = $1")
        .bind(id)
        .bind(status)
        .bind(close_reason)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records the participant the referral became.
pub async fn link_participant(conn: &mut Conn, id: ReferralId, person: PersonId) -> Result<(), AppError> {
    sqlx::query("UPDATE referrals SET participant_id = $2 WHERE id = $1")
        .bind(id)
        .bind(person)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

const SUMMARY: &str = "SELECT r.id, r.given_name || ' ' || r.family_name AS name, r.source,
        r.referrer_organisation AS organisation, r.received_on, r.status, r.close_reason,
        r.born_on, r.in_area,
        (SELECT max(e.on_date) FROM referral_events e
         WHERE e.referral_id = r.id AND e.status = 'closed') AS closed_on
    FROM referrals r";

/// The open referrals, longest waiting first; or the closed ones, latest first.
pub async fn summaries(conn: &mut Conn, open: bool) -> Result<Vec<SummaryRow>, AppError> {
    let query = if open {
        format!("{SUMMARY} WHERE r.status <> 'closed' ORDER BY r.received_on, r.id")
    } else {
        format!("{SUMMARY} WHERE r.status = 'closed' ORDER BY r.received_on DESC, r.id DESC LIMIT 200")
    };
    Ok(sqlx::query_as(&query).fetch_all(&mut *conn).await?)
}

/// One referral's summary line.
pub async fn summary(conn: &mut Conn, id: ReferralId) -> Result<Option<SummaryRow>, AppError> {
    Ok(sqlx::query_as(&format!("{SUMMARY} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// What the summary leaves out.
pub async fn detail(conn: &mut Conn, id: ReferralId) -> Result<Option<DetailRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT r.referrer_name, r.referrer_contact, r.phone, r.email, r.town, r.reason,
                r.consent_how, r.consent_on, r.share_back, r.participant_id,
                (SELECT {NAME} FROM people p WHERE p.id = r.participant_id) AS participant_name
         FROM referrals r WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The referral's history, oldest first, with who took each step.
pub async fn events(conn: &mut Conn, id: ReferralId) -> Result<Vec<EventRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT e.status, e.close_reason, e.note, {NAME} AS by_name, e.on_date
         FROM referral_events e LEFT JOIN people p ON p.id = e.by_id
         WHERE e.referral_id = $1 ORDER BY e.id"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?)
}

/// When the participant first came to a session on or after `from`.
pub async fn first_session(
    conn: &mut Conn,
    participant: PersonId,
    from: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT min(s.starts_at) FROM attendance a JOIN sessions s ON s.id = a.session_id
         WHERE a.participant_id = $1 AND a.outcome = 'attended' AND s.starts_at >= $2",
    )
    .bind(participant)
    .bind(from)
    .fetch_one(&mut *conn)
    .await?)
}

/// Whether `person` is a participant not yet linked to another referral.
pub async fn is_free_participant(conn: &mut Conn, person: PersonId) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM participants WHERE person_id = $1)
            AND NOT EXISTS (SELECT 1 FROM referrals WHERE participant_id = $1)",
    )
    .bind(person)
    .fetch_one(&mut *conn)
    .await?)
}

/// Keeps a new partner link (its secret's hash only).
#[allow(clippy::too_many_arguments)]
pub async fn insert_link(
    conn: &mut Conn,
    token_hash: &str,
    organisation: &str,
    source: Source,
    by: PersonId,
    created_on: NaiveDate,
    expires_on: NaiveDate,
) -> Result<PartnerLinkId, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO partner_links (token_hash, organisation, source, created_by, created_on, expires_on)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(token_hash)
    .bind(organisation)
    .bind(source)
    .bind(by)
    .bind(created_on)
    .bind(expires_on)
    .fetch_one(&mut *conn)
    .await?)
}

/// Stops a link; false when there is no such link, or it was stopped already.
pub async fn revoke_link(
    conn: &mut Conn,
    id: PartnerLinkId,
    by: PersonId,
    on: NaiveDate,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE partner_links SET revoked_on = $3, revoked_by = $2
         WHERE id = $1 AND revoked_on IS NULL",
    )
    .bind(id)
    .bind(by)
    .bind(on)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Every link, newest first, with how many referrals each brought.
pub async fn links(conn: &mut Conn) -> Result<Vec<PartnerLinkView>, AppError> {
    Ok(sqlx::query_as(
        "SELECT l.id, l.organisation, l.source, l.created_on, l.expires_on, l.revoked_on,
                (SELECT count(*) FROM referrals r WHERE r.partner_link_id = l.id) AS referrals
         FROM partner_links l ORDER BY l.id DESC",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Participants with this family name not yet linked to a referral: who a referral might be
/// about already.
pub async fn possible_matches(
    conn: &mut Conn,
    family_name: &str,
) -> Result<Vec<(PersonId, String)>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, {NAME} FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE lower(p.family_name) = lower($1)
           AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.participant_id = p.id)
         ORDER BY p.given_name, p.id LIMIT 20"
    ))
    .bind(family_name.trim())
    .fetch_all(&mut *conn)
    .await?)
}
