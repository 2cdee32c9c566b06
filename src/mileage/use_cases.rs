//! The mileage log and the coordinator's answers to its flags, written once for both databases
//! (`data::mileage` holds the SQL).

use chrono::{Days, NaiveDate};

use super::continuity::{self, run_name};
use super::{days, totals, FlaggedRun, MissingReading, RunReadings, VehicleLog};
use crate::claims::ClaimMonth;
use crate::data::audit::{self, Actor, AuditAction, AuditEvent};
use crate::data::{self, Db};
use crate::error::AppError;
use crate::forms;
use crate::people::PersonId;
use crate::transport::RunId;

/// How far back a month's log looks for the reading its first run follows on from.
const LOOK_BACK_DAYS: u64 = 31;

/// Every vehicle's log for `month`, up to `today` (runs still to come carry nobody yet), with
/// its flags as of `today`.
pub async fn month_log(
    db: &Db,
    month: ClaimMonth,
    today: NaiveDate,
) -> Result<Vec<VehicleLog>, AppError> {
    let (from, to) = (month.0, month.last_day().min(today));
    if to < from {
        return Ok(Vec::new());
    }
    let earlier = from
        .checked_sub_days(Days::new(LOOK_BACK_DAYS))
        .unwrap_or(from);
    let notes = data::mileage::notes(db, from, to).await?;
    let mut logs = Vec::new();
    for (vehicle, name) in data::mileage::vehicles_driven(db, from, to).await? {
        let runs = data::mileage::readings(db, vehicle, earlier, to).await?;
        let flags = continuity::check(&runs, today)
            .into_iter()
            .filter(|(i, _)| runs[*i].date >= from)
            .map(|(i, flag)| {
                let run = &runs[i];
                FlaggedRun {
                    run: run.run,
                    date: run.date,
                    start: run.start,
                    end: run.end,
                    words: flag.words(&run_name(run.date, run.direction, today), today),
                    note: notes
                        .iter()
                        .find(|(r, _)| *r == run.run)
                        .map(|(_, n)| n.clone()),
                }
            })
            .collect();
        let in_month: Vec<RunReadings> = runs.into_iter().filter(|r| r.date >= from).collect();
        let days = days(&in_month);
        logs.push(VehicleLog {
            vehicle: name,
            totals: totals(&days),
            days,
            flags,
        });
    }
    Ok(logs)
}

/// "Tuesday's return run has no end reading." for each of the last month's runs with a
/// reading missing (the driver's own, or everyone's for the board), until it is filled in or
/// the coordinator has noted why not.
pub async fn missing_readings(
    db: &Db,
    driver: Option<PersonId>,
    today: NaiveDate,
) -> Result<Vec<MissingReading>, AppError> {
    let from = today
        .checked_sub_days(Days::new(LOOK_BACK_DAYS))
        .unwrap_or(today);
    let runs = data::mileage::missing_readings(db, driver, from, today).await?;
    Ok(runs
        .iter()
        .map(|run| {
            let flag = continuity::Flag::Missing {
                start: run.start.is_none(),
                end: run.end.is_none(),
            };
            MissingReading {
                date: run.date,
                words: flag.words(&run_name(run.date, run.direction, today), today),
            }
        })
        .collect())
}

/// The coordinator's answer to a flagged run: a note saying why the readings are right, and,
/// when `readings` is given, the corrected start and end. A correction is audited with the
/// readings before and after.
pub async fn answer_flag(
    db: &Db,
    actor: &Actor<'_>,
    run: RunId,
    note: &str,
    readings: Option<(Option<i64>, Option<i64>)>,
    today: NaiveDate,
) -> Result<(), AppError> {
    let note = forms::required_text(note, 500).ok_or_else(|| {
        AppError::Invalid(
            "Say why the readings are as they are, or what was corrected (up to 500 characters)."
                .into(),
        )
    })?;
    if let Some((start, end)) = readings {
        let in_range = |r: Option<i64>| r.is_none_or(|r| (0..=9_999_999).contains(&r));
        if !in_range(start) || !in_range(end) {
            return Err(AppError::Invalid(
                "A reading is a whole number of miles up to 9,999,999.".into(),
            ));
        }
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                return Err(AppError::Invalid(
                    "The reading at the end cannot be less than at the start.".into(),
                ));
            }
        }
    }
    let mut tx = db.write().await?;
    let before = data::mileage::run_readings(&mut tx, run)
        .await?
        .ok_or_else(|| AppError::NotFound("that run".into()))?;
    if before.date > today {
        return Err(AppError::Conflict(format!(
            "That run is on {}: its readings can be explained or corrected once it has been driven.",
            before.date.format("%-d %B")
        )));
    }
    if let Some((start, end)) = readings {
        data::mileage::write_readings(&mut tx, run, start, end).await?;
        let shown = |r: Option<i64>| r.map_or("none".to_owned(), |r| r.to_string());
        let detail = format!(
            "run {run}: start {} → {}, end {} → {}",
            shown(before.start),
            shown(start),
            shown(before.end),
            shown(end)
        );
        audit::record_in(
            &mut tx,
            AuditEvent {
                actor: Some(actor.person),
                action: AuditAction::OdometerCorrected,
                subject: None,
                detail: &detail,
                ip: actor.ip,
            },
        )
        .await?;
    }
    data::mileage::write_note(&mut tx, run, &note, actor.person).await?;
    tx.commit().await
}
