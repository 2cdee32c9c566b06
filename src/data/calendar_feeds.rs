//! `calendar_feeds`: the same functions on either database; see `sql/calendar_feeds.rs` for the SQL.

use crate::calendar_feed::events::FeedItems;
use crate::calendar_feed::token::FeedToken;
use crate::error::AppError;
use crate::people::PersonId;
use chrono::NaiveDateTime;

use super::Db;

/// Whose link this is. Nobody's when it was never issued, has been replaced, or its owner is
/// no longer active: all three look the same to the caller.
pub async fn owner_of(db: &Db, token: &FeedToken) -> Result<Option<PersonId>, AppError> {
    dispatch!(db, calendar_feeds::owner_of(token))
}

/// The person's link, made now (with `fresh`) if they never had one. Two first visits at once
/// both end with the same link: the second insert does nothing and both read the stored one.
pub async fn get_or_create(
    db: &Db,
    person: PersonId,
    fresh: &FeedToken,
) -> Result<FeedToken, AppError> {
    dispatch!(db, calendar_feeds::get_or_create(person, fresh))
}

/// Replaces the person's link with `fresh`; the old one stops working when this commits. The
/// change is in the audit log (without either secret), in the same transaction.
pub async fn replace(
    db: &Db,
    person: PersonId,
    fresh: &FeedToken,
    ip: Option<&str>,
) -> Result<(), AppError> {
    dispatch!(db, calendar_feeds::replace(person, fresh, ip))
}

/// Everything `person`'s feed shows between `from` and `until` (local programme times): their
/// own places (booked or cancelled, not waitlisted), the sessions they lead, the published runs
/// they drive. A fixed number of queries, whatever the number of events.
pub async fn feed_items(
    db: &Db,
    person: PersonId,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<FeedItems, AppError> {
    dispatch!(db, calendar_feeds::feed_items(person, from, until))
}
