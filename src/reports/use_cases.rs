//! The funders' report and the Justice Data Lab extract, written once for both databases
//! (`data::reports` holds the SQL). Reading the report reads only counts; downloading it, and
//! anything that reads or sends a person's date of birth and gender, is audited.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

use super::data_lab::{extract_csv, DataLabLine, DataLabSummary, Gender, Identity};
use super::funders::{count, engagement_window, Facts, FundersReport, Scale};
use super::period::Period;
use crate::data::audit::{record_by, Actor, AuditAction};
use crate::data::reports::IdentityRow;
use crate::data::{self, Db};
use crate::error::AppError;
use crate::people::PersonId;
use crate::wellbeing::instrument::Instrument;

fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

/// The first moment after `day`.
fn end_of(day: NaiveDate) -> NaiveDateTime {
    midnight(day.checked_add_days(Days::new(1)).unwrap_or(day))
}

/// The report for `period`, counted as of `now` (the programme's local time).
pub async fn funders_report(
    db: &Db,
    programme: String,
    instrument: &Instrument,
    period: Period,
    now: NaiveDateTime,
) -> Result<FundersReport, AppError> {
    let today = now.date();
    let (from, until) = (midnight(period.first), end_of(period.last));
    // Places on sessions still to come are not yet "booked and missed".
    let held_until = until.min(now);
    let (engaged_since, engaged_until) = engagement_window(period, today);
    let mut tx = db.read().await?;
    let facts = Facts {
        referrals: data::reports::referrals(&mut tx, period.first, period.last).await?,
        outcomes: data::reports::register_outcomes(&mut tx, from, until).await?,
        unrecorded: data::reports::places_without_register(&mut tx, from, held_until.max(from))
            .await?,
        active: 0,
        engaged: 0,
        goals: data::reports::goals_by_area(&mut tx, period.first, period.last).await?,
        scores: data::reports::scores(&mut tx, &instrument.slug, period.last).await?,
        runs: data::reports::runs(&mut tx, period.first, period.last.min(today)).await?,
    };
    let (active, engaged) =
        data::reports::engagement(&mut tx, midnight(engaged_since), end_of(engaged_until)).await?;
    tx.commit().await?;
    let scale = Scale {
        name: &instrument.name,
        meaningful: instrument.meaningful().0,
    };
    Ok(count(
        programme,
        period,
        today,
        scale,
        Facts {
            active,
            engaged,
            ..facts
        },
    ))
}

/// Writes down that the report for `period` left the app (`how`: "CSV" or "print view").
pub async fn note_download(
    db: &Db,
    actor: &Actor<'_>,
    period: Period,
    how: &str,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let detail = format!("{how}, {} to {}", period.first, period.last);
    record_by(
        &mut tx,
        Some(actor),
        AuditAction::FundersReportDownloaded,
        None,
        &detail,
    )
    .await?;
    tx.commit().await
}

async fn existing_participant(tx: &mut data::Tx, participant: PersonId) -> Result<(), AppError> {
    match data::plans::participant(tx, participant).await? {
        Some(_) => Ok(()),
        None => Err(AppError::NotFound("that participant".into())),
    }
}

/// A participant's date of birth, gender and Data Lab consent, for the coordinator. Reading
/// them is not audited (the page that shows them, the person's record, is); changing them is.
pub async fn identity(db: &Db, participant: PersonId) -> Result<Identity, AppError> {
    let mut tx = db.read().await?;
    existing_participant(&mut tx, participant).await?;
    let row = data::reports::identity(&mut tx, participant)
        .await?
        .unwrap_or_default();
    tx.commit().await?;
    Ok(Identity {
        born_on: row.born_on,
        gender: row.gender.as_deref().and_then(Gender::from_slug),
        consent_on: row.data_lab_consent_on,
    })
}

pub async fn save_identity(
    db: &Db,
    actor: &Actor<'_>,
    participant: PersonId,
    identity: &Identity,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    existing_participant(&mut tx, participant).await?;
    crate::retention::use_cases::refuse_if_anonymised(&mut tx, participant).await?;
    let before = data::reports::identity(&mut tx, participant)
        .await?
        .unwrap_or_default();
    let after = IdentityRow {
        born_on: identity.born_on,
        gender: identity.gender.map(|g| g.slug().to_owned()),
        data_lab_consent_on: identity.consent_on,
    };
    let mut changed = Vec::new();
    if before.born_on != after.born_on {
        changed.push("date of birth");
    }
    if before.gender != after.gender {
        changed.push("gender");
    }
    if before.data_lab_consent_on != after.data_lab_consent_on {
        changed.push(if after.data_lab_consent_on.is_some() {
            "Data Lab consent given"
        } else {
            "Data Lab consent withdrawn"
        });
    }
    if changed.is_empty() {
        return tx.commit().await;
    }
    data::reports::save_identity(&mut tx, participant, &after, actor.person).await?;
    let detail = format!("changed: {}", changed.join(", "));
    record_by(
        &mut tx,
        Some(actor),
        AuditAction::IdentityChanged,
        Some(participant),
        &detail,
    )
    .await?;
    tx.commit().await
}

/// Who would be in the extract: those who agreed and have come to a session.
async fn extract_lines(tx: &mut data::Tx) -> Result<(Vec<DataLabLine>, usize), AppError> {
    let rows = data::reports::data_lab_rows(tx).await?;
    let not_started = rows.iter().filter(|r| r.started_at.is_none()).count();
    let lines = rows
        .into_iter()
        .filter_map(|row| {
            Some(DataLabLine {
                started_on: row.started_at?.date(),
                surname: row.family_name,
                forename: row.given_name,
                born_on: row.born_on,
                gender: row.gender.as_deref().and_then(Gender::from_slug),
            })
        })
        .collect();
    Ok((lines, not_started))
}

pub async fn data_lab_summary(db: &Db) -> Result<DataLabSummary, AppError> {
    let mut tx = db.read().await?;
    let (lines, not_started) = extract_lines(&mut tx).await?;
    tx.commit().await?;
    Ok(DataLabSummary {
        rows: lines.len(),
        incomplete: lines
            .iter()
            .filter(|l| l.born_on.is_none() || l.gender.is_none())
            .count(),
        not_started,
    })
}

/// The extract as CSV, with its file name; each download is written to the audit log.
pub async fn data_lab_extract(
    db: &Db,
    actor: &Actor<'_>,
    today: NaiveDate,
) -> Result<(String, String), AppError> {
    let mut tx = db.write().await?;
    let (lines, _) = extract_lines(&mut tx).await?;
    let detail = format!("{} participants", lines.len());
    record_by(
        &mut tx,
        Some(actor),
        AuditAction::DataLabExtracted,
        None,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok((format!("justice-data-lab-{today}.csv"), extract_csv(&lines)))
}
