//! Planning sessions, written once for both databases: a one-off session, a series, moving a
//! session (or it and the rest of its series) and cancelling. Each reads the calendar and writes
//! in one write transaction, so the clash check and the write happen with no other writer in
//! between; the refusals are the clash rules' sentences.

use chrono::NaiveDateTime;

use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::scheduling::clash::{Booked, Proposal};
use crate::scheduling::planning::{check, NewSession, Refusals};
use crate::scheduling::series::{EditScope, Repeat, SeriesId, Shift};
use crate::scheduling::session::{SessionId, SessionStatus};
use crate::venues::SpaceId;

/// Plans a one-off session. The activity's default capacity applies when none is given.
pub async fn create_session(db: &Db, session: &NewSession) -> Result<SessionId, AppError> {
    let mut tx = db.write().await?;
    let date = session.starts_at.date();
    let calendar = data::planning::calendar_spanning(&mut tx, date, date).await?;
    check(&calendar, &session.proposal(None)).map_err(AppError::Conflict)?;
    let (_, default_capacity) = activity_defaults(&mut tx, session).await?;
    let id = insert(&mut tx, session, default_capacity, None).await?;
    tx.commit().await?;
    Ok(id)
}

/// Plans every occurrence of a series: `template` gives the first date, the times and
/// everything else, `repeat` the dates. Each occurrence is checked against the calendar (and
/// the occurrences before it); one clash refuses the whole series, naming the dates, and
/// nothing is written.
pub async fn create_series(
    db: &Db,
    template: &NewSession,
    repeat: &Repeat,
) -> Result<Vec<SessionId>, AppError> {
    let dates = repeat.dates(template.starts_at.date());
    let (Some(&first), Some(&last)) = (dates.first(), dates.last()) else {
        return Err(AppError::Invalid(
            "No dates are left in the series: check the days of the week, the end and the dates to skip."
                .into(),
        ));
    };
    let mut tx = db.write().await?;
    let mut calendar = data::planning::calendar_spanning(&mut tx, first, last).await?;
    let (activity, default_capacity) = activity_defaults(&mut tx, template).await?;
    let series = data::series::new_series(&mut tx).await?;
    let mut refusals = Refusals::default();
    let mut ids = Vec::with_capacity(dates.len());
    for date in dates {
        let occurrence = template.on_date(date);
        let proposal = occurrence.proposal(None);
        if !refusals.check(&calendar, &proposal) {
            continue;
        }
        let id = insert(&mut tx, &occurrence, default_capacity, Some(series)).await?;
        calendar.sessions.push(proposal.booked(id, &activity));
        ids.push(id);
    }
    // Dropping the transaction on a refusal takes back the rows written so far.
    refusals.into_result().map_err(AppError::Conflict)?;
    tx.commit().await?;
    Ok(ids)
}

/// The activity's name and default places, or the sentence for an activity that is not there.
async fn activity_defaults(tx: &mut Tx, session: &NewSession) -> Result<(String, i64), AppError> {
    data::planning::activity_defaults(tx, session.activity)
        .await?
        .ok_or_else(|| AppError::Invalid("Choose an activity from the list.".into()))
}

/// Writes one checked session and its leads.
async fn insert(
    tx: &mut Tx,
    session: &NewSession,
    default_capacity: i64,
    series: Option<SeriesId>,
) -> Result<SessionId, AppError> {
    let capacity = session.capacity.map_or(default_capacity, i64::from);
    let id = data::planning::insert_session(tx, session, capacity, series).await?;
    for lead in &session.leads {
        data::planning::add_lead(tx, id, *lead)
            .await
            .map_err(|_| AppError::Invalid("Choose the leads from the list of staff.".into()))?;
    }
    Ok(id)
}

/// Moves a session to another space or time (or changes its length). With
/// [`EditScope::ThisAndFollowing`], every later planned session of its series moves too: by the
/// same number of days, to the same space and the new times of day. All of them move or none.
pub async fn move_session(
    db: &Db,
    id: SessionId,
    space: SpaceId,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    scope: EditScope,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let anchor = match data::series::anchor(&mut tx, id).await? {
        None => return Err(AppError::NotFound("that session".into())),
        Some(anchor) if anchor.status == SessionStatus::Cancelled => {
            return Err(AppError::Conflict(
                "That session is cancelled: it cannot be moved.".into(),
            ))
        }
        Some(anchor) => anchor,
    };
    let shift = Shift::between(anchor.starts_at, starts_at, ends_at);
    let moving = data::series::in_scope(&mut tx, id, scope).await?;
    let planned = moving
        .iter()
        .map(|(id, at)| Some((*id, shift.apply(*at)?)))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| AppError::Invalid("Choose a date between 2000 and 2100.".into()))?;
    let proposals = fit(&mut tx, space, &moving, &planned).await?;
    data::series::place(&mut tx, &proposals).await?;
    tx.commit().await
}

/// Checks where each moving session is going against the rest of the calendar and against the
/// others already placed: the moving sessions' old places count as free. Returns the checked
/// proposals, or the refusal (dated when several move).
async fn fit(
    tx: &mut Tx,
    space: SpaceId,
    moving: &[(SessionId, NaiveDateTime)],
    planned: &[(SessionId, (NaiveDateTime, NaiveDateTime))],
) -> Result<Vec<Proposal>, AppError> {
    let days = moving
        .iter()
        .map(|(_, at)| at.date())
        .chain(planned.iter().map(|(_, (at, _))| at.date()));
    let (first, last) = (days.clone().min(), days.max());
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Vec::new());
    };
    let mut calendar = data::planning::calendar_spanning(tx, first, last).await?;
    let (old, rest): (Vec<Booked>, Vec<Booked>) = std::mem::take(&mut calendar.sessions)
        .into_iter()
        .partition(|booked| moving.iter().any(|(id, _)| *id == booked.id));
    calendar.sessions = rest;
    let mut refusals = Refusals::default();
    let mut proposals = Vec::new();
    for &(id, (starts_at, ends_at)) in planned {
        // The calendar spans every moving session, planned as they all are.
        let Some(was) = old.iter().find(|booked| booked.id == id) else {
            tracing::error!(session = %id, "a moving session is missing from its calendar");
            return Err(AppError::Internal);
        };
        let proposal = Proposal {
            id: Some(id),
            space,
            leads: was.leads.clone(),
            starts_at,
            ends_at,
        };
        if planned.len() == 1 {
            check(&calendar, &proposal).map_err(AppError::Conflict)?;
        } else if !refusals.check(&calendar, &proposal) {
            continue;
        }
        calendar.sessions.push(proposal.booked(id, &was.activity));
        proposals.push(proposal);
    }
    refusals.into_result().map_err(AppError::Conflict)?;
    Ok(proposals)
}

/// Cancels a session with a reason, and with [`EditScope::ThisAndFollowing`] every later
/// planned session of its series, each with the same reason. Bookings stay, so booked people
/// see their sessions as cancelled. Returns how many were cancelled.
pub async fn cancel_session(
    db: &Db,
    id: SessionId,
    reason: &str,
    scope: EditScope,
) -> Result<usize, AppError> {
    let mut tx = db.write().await?;
    let planned = data::series::anchor(&mut tx, id)
        .await?
        .is_some_and(|anchor| anchor.status == SessionStatus::Scheduled);
    if !planned {
        return Err(AppError::NotFound("a planned session to cancel".into()));
    }
    let cancelling = data::series::in_scope(&mut tx, id, scope).await?;
    for (session, _) in &cancelling {
        data::planning::cancel(&mut tx, *session, reason.trim()).await?;
    }
    tx.commit().await?;
    Ok(cancelling.len())
}
