//! What people do with claims, written once for both databases: each change is one write
//! transaction that checks, in order, who is asking, the claim's state and the rules, then
//! writes the change and its history. `data::claims` holds the SQL.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::money::Pence;
use super::rates::{self, Journey};
use super::receipt_file::{self, ImageKind};
use super::states::{self, ClaimState, ClaimStep, LineToSend, Standing};
use super::view::{ClaimView, LineView};
use super::{ClaimId, ClaimMonth, LineDraft, LineId};
use crate::data::audit::{self, Actor, AuditAction, AuditEvent};
use crate::data::claims::{ClaimRow, EventRow, LineRow};
use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::people::PersonId;

/// Who is looking at or changing a claim.
pub struct Viewer<'a> {
    pub actor: Actor<'a>,
    /// Holds the approver's permission (coordinator, team leader).
    pub approver: bool,
}

/// A photo as it arrived: checked by its bytes before anything is written.
pub struct Photo(pub Vec<u8>);

impl Photo {
    fn checked(&self) -> Result<ImageKind, AppError> {
        receipt_file::check(&self.0).map_err(|sentence| AppError::Invalid(sentence.into()))
    }
}

fn no_claim() -> AppError {
    AppError::NotFound("that claim".into())
}

/// The claim `id`, for someone who may see it: its claimant, or an approver. Anyone else is
/// told there is no such claim, so ids reveal nothing.
async fn visible(tx: &mut Tx, viewer: &Viewer<'_>, id: ClaimId) -> Result<ClaimRow, AppError> {
    let claim = data::claims::claim(tx, id).await?.ok_or_else(no_claim)?;
    if claim.person_id == viewer.actor.person || viewer.approver {
        Ok(claim)
    } else {
        Err(no_claim())
    }
}

/// The viewer's own claim for `month` (an empty draft when nothing is on it yet).
pub async fn own(db: &Db, viewer: &Viewer<'_>, month: ClaimMonth) -> Result<ClaimView, AppError> {
    let mut tx = db.read().await?;
    let person = viewer.actor.person;
    match data::claims::claim_for(&mut tx, person, month).await? {
        Some(claim) => view(&mut tx, viewer, &claim).await,
        None => {
            let claimant = data::claims::person_name(&mut tx, person)
                .await?
                .unwrap_or_default();
            Ok(empty(claimant, month))
        }
    }
}

/// Any claim the viewer may see.
pub async fn by_id(db: &Db, viewer: &Viewer<'_>, id: ClaimId) -> Result<ClaimView, AppError> {
    let mut tx = db.read().await?;
    let claim = visible(&mut tx, viewer, id).await?;
    view(&mut tx, viewer, &claim).await
}

/// The approver's queue: claims waiting for a decision, the longest waiting first, then the
/// approved ones waiting to be paid.
pub async fn queue(db: &Db, viewer: &Viewer<'_>) -> Result<Vec<ClaimView>, AppError> {
    if !viewer.approver {
        return Err(AppError::Forbidden);
    }
    let waiting =
        data::claims::claims_in(db, &[ClaimState::Submitted, ClaimState::Approved]).await?;
    let mut tx = db.read().await?;
    let mut views = Vec::with_capacity(waiting.len());
    for claim in waiting {
        views.push(view(&mut tx, viewer, &claim).await?);
    }
    Ok(views)
}

fn empty(claimant: String, month: ClaimMonth) -> ClaimView {
    let standing = Standing {
        state: ClaimState::Draft,
        total: Pence(0),
        sent_on: None,
        approved_on: None,
        paid_on: None,
        returned: None,
    };
    ClaimView {
        id: None,
        claimant,
        month,
        state: ClaimState::Draft,
        standing: states::in_words(&standing),
        lines: Vec::new(),
        total: Pence(0),
        history: Vec::new(),
        send_problems: states::send_problems(&[]),
        may_edit: true,
        may_decide: false,
        approved_by: None,
    }
}

async fn view(tx: &mut Tx, viewer: &Viewer<'_>, claim: &ClaimRow) -> Result<ClaimView, AppError> {
    let rows = data::claims::lines(tx, claim.id).await?;
    let lines = if claim.state == ClaimState::Draft {
        // A draft's journeys are priced as they would be if it were sent now.
        let priced = price_journeys(tx, claim, &rows).await;
        line_views(&rows, priced.ok().as_deref())
    } else {
        line_views(&rows, None)
    };
    let events = data::claims::events(tx, claim.id).await?;
    let claimant = data::claims::person_name(tx, claim.person_id)
        .await?
        .unwrap_or_default();
    let total: Pence = lines.iter().map(|line| line.amount).sum();
    let last = |step: ClaimStep| events.iter().rev().find(|e| e.step == step);
    let returned = (claim.state == ClaimState::Draft)
        .then(|| events.last().filter(|e| e.step == ClaimStep::Return))
        .flatten()
        .map(|e| (e.on_date, e.reason.clone().unwrap_or_default()));
    let standing = Standing {
        state: claim.state,
        total,
        sent_on: last(ClaimStep::Submit).map(|e| e.on_date),
        approved_on: last(ClaimStep::Approve).map(|e| e.on_date),
        paid_on: claim.paid_on,
        returned,
    };
    let own = claim.person_id == viewer.actor.person;
    Ok(ClaimView {
        id: Some(claim.id),
        claimant,
        month: ClaimMonth(claim.month),
        state: claim.state,
        standing: states::in_words(&standing),
        send_problems: if claim.state == ClaimState::Draft {
            states::send_problems(&to_send(&lines))
        } else {
            Vec::new()
        },
        total,
        history: events.iter().map(history_line).collect(),
        may_edit: own && claim.state == ClaimState::Draft,
        may_decide: !own
            && viewer.approver
            && matches!(claim.state, ClaimState::Submitted | ClaimState::Approved),
        approved_by: last(ClaimStep::Approve).map(|e| e.by_name.clone()),
        lines,
    })
}

/// "Returned on 2 November by Sarah Khan: the parking receipt is unreadable."
fn history_line(event: &EventRow) -> String {
    let mut line = format!(
        "{} on {} by {}",
        capitalised(event.step.past_tense()),
        event.on_date.format("%-d %B %Y"),
        event.by_name
    );
    if let Some(reason) = &event.reason {
        line.push_str(": ");
        line.push_str(reason);
    }
    line
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn line_views(rows: &[LineRow], priced: Option<&[(LineId, rates::Priced)]>) -> Vec<LineView> {
    rows.iter()
        .map(|row| {
            let estimate = priced
                .and_then(|p| p.iter().find(|(id, _)| *id == row.id))
                .map(|(_, p)| p);
            let description = match (&row.from_place, &row.to_place, &row.purpose) {
                (Some(from), Some(to), Some(purpose)) => format!("{from} → {to}: {purpose}"),
                _ => row.description.clone(),
            };
            LineView {
                id: row.id,
                date: row.line_date,
                category: row.category,
                description,
                distance: row.tenths,
                rate_pence: estimate.map(|p| p.pence_per_mile).or(row.rate_pence),
                amount: estimate
                    .map(|p| p.amount)
                    .or(row.amount_pence)
                    .unwrap_or_default(),
                priced_as: estimate
                    .map(|p| p.words())
                    .or_else(|| row.priced_as.clone()),
                bands: match (estimate, row.tenths, row.rate_pence) {
                    (Some(priced), _, _) => priced.bands(),
                    (None, Some(tenths), Some(rate)) => {
                        let lower = row.lower_tenths.unwrap_or_default();
                        let after = row.rate_after_pence.unwrap_or(rate);
                        rates::bands(tenths - lower, rate, lower, after)
                    }
                    _ => Vec::new(),
                },
                has_receipt: row.category.map(|_| row.has_receipt),
            }
        })
        .collect()
}

fn to_send(lines: &[LineView]) -> Vec<LineToSend> {
    lines
        .iter()
        .map(|line| LineToSend {
            name: line.name(),
            amount: line.amount,
            has_receipt: line.has_receipt,
        })
        .collect()
}

/// Prices the claim's journeys at the rates in force on their dates, counting the miles the
/// claimant has sent for the earlier months of each tax year.
async fn price_journeys(
    tx: &mut Tx,
    claim: &ClaimRow,
    rows: &[LineRow],
) -> Result<Vec<(LineId, rates::Priced)>, AppError> {
    let journeys: Vec<(LineId, Journey)> = rows
        .iter()
        .filter_map(|row| {
            row.tenths.map(|distance| {
                (
                    row.id,
                    Journey {
                        date: row.line_date,
                        distance,
                    },
                )
            })
        })
        .collect();
    let table = data::claims::rates(tx).await?;
    let mut earlier = Vec::new();
    for (_, journey) in &journeys {
        let start = rates::tax_year_start(journey.date);
        if !earlier.iter().any(|(s, _)| *s == start) {
            // Only the months before this claim's count: a claim is one month, so every other
            // claim's journeys come wholly before or after this one's, and those after it were
            // priced knowing this one's miles (or will be, when sent).
            let end = start
                .checked_add_months(chrono::Months::new(12))
                .unwrap_or(start)
                .min(claim.month);
            let before = end.pred_opt().unwrap_or(end);
            let sent =
                data::claims::journeys_sent_between(tx, claim.person_id, start, before, claim.id)
                    .await?;
            earlier.push((start, sent));
        }
    }
    let only: Vec<Journey> = journeys.iter().map(|(_, j)| *j).collect();
    let priced = rates::price(&table, &only, |start| {
        earlier
            .iter()
            .find(|(s, _)| *s == start)
            .map(|(_, t)| *t)
            .unwrap_or_default()
    })
    .map_err(|missing| AppError::Conflict(missing.sentence()))?;
    Ok(journeys.iter().map(|(id, _)| *id).zip(priced).collect())
}

/// Adds a journey, or an expense with its receipt photo, to the claimant's
/// claim for the line's month, starting the claim if need be. `form_key`: the form's own key,
/// so sending the same form again (a retry after a lost answer) adds nothing twice.
pub async fn add_line(
    db: &Db,
    person: PersonId,
    line: &LineDraft,
    photo: Option<&Photo>,
    form_key: Option<&str>,
) -> Result<LineId, AppError> {
    // An expense comes with its photo, in the same request and transaction: never a line
    // waiting for a photo that may not come.
    let kind = match (line, photo) {
        (LineDraft::Expense { .. }, Some(photo)) => Some(photo.checked()?),
        (LineDraft::Expense { .. }, None) => {
            return Err(AppError::Invalid(
                receipt_file::check(&[]).unwrap_err().into(),
            ))
        }
        (LineDraft::Journey { .. }, Some(_)) => {
            return Err(AppError::Invalid(
                "A journey needs no receipt: leave the photo out.".into(),
            ))
        }
        (LineDraft::Journey { .. }, None) => None,
    };
    let month = ClaimMonth::containing(line.date());
    let mut tx = db.write().await?;
    let claim = match data::claims::claim_for(&mut tx, person, month).await? {
        Some(claim) => claim,
        None => {
            let id = data::claims::insert_claim(&mut tx, person, month).await?;
            data::claims::claim(&mut tx, id)
                .await?
                .ok_or_else(no_claim)?
        }
    };
    if claim.state != ClaimState::Draft {
        return Err(AppError::Conflict(format!(
            "Your claim for {} has been sent, so nothing more can go on it.",
            month.words()
        )));
    }
    if let Some(key) = form_key {
        if let Some(line) = data::claims::line_with_key(&mut tx, claim.id, key).await? {
            return Ok(line);
        }
    }
    let id = data::claims::insert_line(&mut tx, claim.id, line, form_key).await?;
    if let (Some(kind), Some(photo)) = (kind, photo) {
        keep_receipt(&mut tx, id, kind, photo).await?;
    }
    tx.commit().await?;
    Ok(id)
}

async fn keep_receipt(
    tx: &mut Tx,
    line: LineId,
    kind: ImageKind,
    photo: &Photo,
) -> Result<(), AppError> {
    let digest = Sha256::digest(&photo.0);
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    data::claims::write_receipt(tx, line, kind.content_type(), &photo.0, &hex).await
}

/// The claimant's own line on a claim still a draft, or why not.
async fn own_draft_line(tx: &mut Tx, person: PersonId, line: LineId) -> Result<ClaimRow, AppError> {
    let claim = data::claims::claim_of_line(tx, line)
        .await?
        .filter(|claim| claim.person_id == person)
        .ok_or_else(|| AppError::NotFound("that line on your claim".into()))?;
    if claim.state != ClaimState::Draft {
        return Err(AppError::Conflict(
            "This claim has been sent, so its lines can no longer change.".into(),
        ));
    }
    Ok(claim)
}

/// Takes a line (and its receipt) off the claimant's draft.
pub async fn remove_line(db: &Db, person: PersonId, line: LineId) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    own_draft_line(&mut tx, person, line).await?;
    data::claims::delete_line(&mut tx, line).await?;
    tx.commit().await
}

/// Sends the claimant's claim for `month`: every line above zero, every expense with its
/// receipt, and each journey's amount fixed at the rate in force on its date.
pub async fn send(
    db: &Db,
    person: PersonId,
    month: ClaimMonth,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let claim = data::claims::claim_for(&mut tx, person, month)
        .await?
        .ok_or_else(|| {
            AppError::Invalid(
                "Add at least one journey or expense before sending the claim.".into(),
            )
        })?;
    if let Some(refusal) = states::refusal(ClaimStep::Submit, claim.state, true) {
        return Err(AppError::Conflict(refusal));
    }
    let rows = data::claims::lines(&mut tx, claim.id).await?;
    let priced = price_journeys(&mut tx, &claim, &rows).await?;
    let problems = states::send_problems(&to_send(&line_views(&rows, Some(&priced))));
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems.join(" ")));
    }
    for (line, price) in &priced {
        data::claims::set_priced(&mut tx, *line, price).await?;
    }
    data::claims::set_state(&mut tx, claim.id, ClaimState::Submitted, None).await?;
    data::claims::insert_event(&mut tx, claim.id, ClaimStep::Submit, person, today, None).await?;
    tx.commit().await
}

/// An approver's decision on a sent claim: approve it, or return it with a reason.
pub async fn decide(
    db: &Db,
    viewer: &Viewer<'_>,
    claim: ClaimId,
    step: ClaimStep,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<(), AppError> {
    if !viewer.approver {
        return Err(AppError::Forbidden);
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let mut tx = db.write().await?;
    let row = visible(&mut tx, viewer, claim).await?;
    let own = row.person_id == viewer.actor.person;
    if let Some(refusal) = states::refusal(step, row.state, own) {
        return Err(AppError::Conflict(refusal));
    }
    let reason = match step {
        ClaimStep::Return => {
            Some(reason.filter(|r| r.chars().count() <= 500).ok_or_else(|| {
                AppError::Invalid(
                    "Say why the claim goes back, so they can put it right (up to 500 characters)."
                        .into(),
                )
            })?)
        }
        ClaimStep::Approve => None,
        _ => return Err(AppError::Invalid("Choose approve or return.".into())),
    };
    data::claims::set_state(&mut tx, claim, step.to(), None).await?;
    data::claims::insert_event(&mut tx, claim, step, viewer.actor.person, today, reason).await?;
    tx.commit().await
}

/// Marks approved claims paid on `paid_on`, all or none: one that cannot be (not approved, or
/// the approver's own) refuses the lot, naming it.
pub async fn mark_paid(
    db: &Db,
    viewer: &Viewer<'_>,
    claims: &[ClaimId],
    paid_on: NaiveDate,
    today: NaiveDate,
) -> Result<usize, AppError> {
    if !viewer.approver {
        return Err(AppError::Forbidden);
    }
    if claims.is_empty() {
        return Err(AppError::Invalid(
            "Tick the claims that have been paid.".into(),
        ));
    }
    if paid_on > today {
        return Err(AppError::Invalid(
            "The day paid is still to come: mark claims paid once they are.".into(),
        ));
    }
    // The same claim ticked twice is marked once.
    let mut claims = claims.to_vec();
    claims.sort();
    claims.dedup();
    let mut tx = db.write().await?;
    for &claim in &claims {
        let row = visible(&mut tx, viewer, claim).await?;
        let own = row.person_id == viewer.actor.person;
        if let Some(refusal) = states::refusal(ClaimStep::MarkPaid, row.state, own) {
            let whose = whose_claim(&mut tx, &row).await?;
            return Err(AppError::Conflict(format!(
                "{whose}: {refusal} Nothing was marked paid."
            )));
        }
        let approved_on = data::claims::events(&mut tx, claim)
            .await?
            .iter()
            .rev()
            .find(|event| event.step == ClaimStep::Approve)
            .map(|event| event.on_date);
        if let Some(approved_on) = approved_on.filter(|day| paid_on < *day) {
            let whose = whose_claim(&mut tx, &row).await?;
            return Err(AppError::Invalid(format!(
                "{whose} was approved on {}: it cannot have been paid before that. Nothing was marked paid.",
                approved_on.format("%-d %B %Y")
            )));
        }
        data::claims::set_state(&mut tx, claim, ClaimState::Paid, Some(paid_on)).await?;
        data::claims::insert_event(
            &mut tx,
            claim,
            ClaimStep::MarkPaid,
            viewer.actor.person,
            today,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(claims.len())
}

/// "Mick Dawson's claim for November 2026", for a refusal that names one claim of many.
async fn whose_claim(tx: &mut Tx, row: &ClaimRow) -> Result<String, AppError> {
    let name = data::claims::person_name(tx, row.person_id)
        .await?
        .unwrap_or_default();
    Ok(format!(
        "{name}'s claim for {}",
        ClaimMonth(row.month).words()
    ))
}

/// The month's approved and paid claims as the finance software's CSV; each download is in the
/// audit log.
pub async fn export(db: &Db, viewer: &Viewer<'_>, month: ClaimMonth) -> Result<String, AppError> {
    if !viewer.approver {
        return Err(AppError::Forbidden);
    }
    let found = data::claims::claims_in(db, &[ClaimState::Approved, ClaimState::Paid]).await?;
    let mut tx = db.write().await?;
    let mut views = Vec::new();
    for claim in found.iter().filter(|claim| claim.month == month.0) {
        views.push(view(&mut tx, viewer, claim).await?);
    }
    let lines: usize = views.iter().map(|v| v.lines.len()).sum();
    let detail = format!(
        "claims for {}: {} claims, {lines} lines",
        month.slug(),
        views.len()
    );
    audit::record_in(
        &mut tx,
        AuditEvent {
            actor: Some(viewer.actor.person),
            action: AuditAction::ClaimsExported,
            subject: None,
            detail: &detail,
            ip: viewer.actor.ip,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(super::export::csv(&views))
}

/// The mileage rates table, oldest first.
pub async fn rates(db: &Db) -> Result<Vec<rates::MileageRate>, AppError> {
    let mut tx = db.read().await?;
    data::claims::rates(&mut tx).await
}

/// Adds a rate to the table, or replaces the one taking effect the same day. Claims already
/// sent keep the amounts they were sent with.
pub async fn save_rate(db: &Db, rate: &rates::MileageRate) -> Result<(), AppError> {
    if let Some(problem) = rate.problem() {
        return Err(AppError::Invalid(problem.into()));
    }
    let mut tx = db.write().await?;
    data::claims::write_rate(&mut tx, rate).await?;
    tx.commit().await
}

/// A receipt photo, for its claimant or an approver only; every read is in the audit log.
pub async fn receipt(
    db: &Db,
    viewer: &Viewer<'_>,
    line: LineId,
) -> Result<(ImageKind, Vec<u8>), AppError> {
    let not_found = || AppError::NotFound("that receipt".into());
    let mut tx = db.write().await?;
    let claim = data::claims::claim_of_line(&mut tx, line)
        .await?
        .ok_or_else(not_found)?;
    if claim.person_id != viewer.actor.person && !viewer.approver {
        return Err(not_found());
    }
    let (content_type, bytes) = data::claims::receipt(&mut tx, line)
        .await?
        .ok_or_else(not_found)?;
    let kind = ImageKind::from_content_type(&content_type).ok_or_else(not_found)?;
    let detail = format!("receipt of claim line {line}");
    audit::record_in(
        &mut tx,
        AuditEvent {
            actor: Some(viewer.actor.person),
            action: AuditAction::ReceiptRead,
            subject: Some(claim.person_id),
            detail: &detail,
            ip: viewer.actor.ip,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((kind, bytes))
}
