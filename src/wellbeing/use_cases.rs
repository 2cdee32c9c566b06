//! Answering a questionnaire and reading the scores, written once for both databases. The
//! answers are kept as each one arrives; the last answer scores the questionnaire and closes it
//! in the same transaction. `data::wellbeing` holds the SQL.

use chrono::NaiveDate;

use super::instrument::{Instrument, Score};
use super::{
    chart, due, next_due, DueCheckIn, History, MyWellbeing, Question, ScorePoint, TheirWellbeing,
    TimePoint,
};
use crate::data::{self, Db, Tx};
use crate::error::AppError;
use crate::people::PersonId;
use crate::plans::use_cases::{reach, Viewer};

/// "4,3,,5" → the answers so far, one a question (`None`: not answered yet).
fn read_answers(text: &str, questions: usize) -> Vec<Option<u8>> {
    let mut answers: Vec<Option<u8>> = text.split(',').map(|a| a.trim().parse().ok()).collect();
    answers.resize(questions, None);
    answers.truncate(questions);
    answers
}

fn write_answers(answers: &[Option<u8>]) -> String {
    answers
        .iter()
        .map(|a| a.map(|v| v.to_string()).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(",")
}

fn choices(instrument: &Instrument) -> Vec<(u8, String)> {
    instrument
        .scale
        .iter()
        .map(|p| (p.value, p.label.clone()))
        .collect()
}

/// The change from the first score to the latest, in words that never give a percentage (the
/// scales do not start at zero, so a percentage misleads).
fn change_words(instrument: &Instrument, first: Score, latest: Score) -> String {
    let points = Score(latest.0 - first.0);
    let size = Score(points.0.abs()).words();
    let meaningful = instrument.meaningful().words();
    let direction = match points.0 {
        0 => {
            return format!(
            "The same as at the start. A change of {meaningful} points or more is a real change."
        )
        }
        n if n > 0 => "Up",
        _ => "Down",
    };
    let counts = if instrument.is_meaningful(first, latest) {
        format!("at least the {meaningful} points that count as a real change")
    } else {
        format!("less than the {meaningful} points that count as a real change")
    };
    format!("{direction} {size} points since the start: {counts}.")
}

async fn history(
    tx: &mut Tx,
    instrument: &Instrument,
    participant: PersonId,
    name: &str,
) -> Result<History, AppError> {
    let rows = data::wellbeing::completed(tx, participant, &instrument.slug).await?;
    let points: Vec<(NaiveDate, Score)> = rows
        .iter()
        .map(|r| (r.completed_on, Score(r.score)))
        .collect();
    let (low, high) = instrument.score_range();
    let chart_svg = chart::svg(
        &points,
        low,
        high,
        instrument.meaningful(),
        &format!("{name}: {} scores over time", instrument.name),
    );
    let change = match (points.first(), points.last()) {
        (Some(first), Some(latest)) if points.len() > 1 => {
            Some(change_words(instrument, first.1, latest.1))
        }
        _ => None,
    };
    Ok(History {
        instrument: instrument.name.clone(),
        copyright: instrument.copyright.clone(),
        scores: rows
            .into_iter()
            .map(|r| ScorePoint {
                on: r.completed_on,
                score: Score(r.score).words(),
                time_point: r.time_point,
                assisted: r.assisted,
            })
            .collect(),
        chart_svg,
        change,
    })
}

async fn due_for(
    tx: &mut Tx,
    participant: PersonId,
    today: NaiveDate,
) -> Result<(Option<TimePoint>, Option<NaiveDate>), AppError> {
    let last = data::wellbeing::last_check_in(tx, participant)
        .await?
        .ok_or_else(|| AppError::NotFound("that participant".into()))?;
    let completed = last.last_on.zip(last.last_point);
    let due = due(completed, last.finished, today);
    let next = match (due, completed) {
        (None, Some((on, point))) if point != TimePoint::End => Some(next_due(on)),
        _ => None,
    };
    Ok((due, next))
}

/// A participant's own page: the question to answer now, or the check-in they may start, and
/// their scores.
pub async fn mine(
    db: &Db,
    instrument: &Instrument,
    participant: PersonId,
    today: NaiveDate,
) -> Result<MyWellbeing, AppError> {
    let mut tx = db.read().await?;
    let history = history(&mut tx, instrument, participant, "Your").await?;
    let open = data::wellbeing::open_response(&mut tx, participant).await?;
    let question = open
        .filter(|o| o.instrument == instrument.slug)
        .and_then(|open| {
            let answers = read_answers(&open.answers, instrument.items.len());
            let next = answers.iter().position(Option::is_none)?;
            Some(Question {
                number: next + 1,
                of: instrument.items.len(),
                text: instrument.items[next].clone(),
                period: instrument.period.clone(),
                choices: choices(instrument),
            })
        });
    let (due, next_due) = if question.is_some() {
        (None, None)
    } else {
        due_for(&mut tx, participant, today).await?
    };
    Ok(MyWellbeing {
        history,
        question,
        due,
        next_due,
    })
}

/// Starts the check-in that is due (nothing when one is open already, or none is due).
pub async fn start(
    db: &Db,
    instrument: &Instrument,
    participant: PersonId,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    if data::wellbeing::open_response(&mut tx, participant)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let (due, next) = due_for(&mut tx, participant, today).await?;
    let Some(point) = due else {
        let when = next
            .map(|on| format!(" Your next one is due on {}.", on.format("%-d %B")))
            .unwrap_or_default();
        return Err(AppError::Conflict(format!(
            "There is no check-in due just now.{when}"
        )));
    };
    data::wellbeing::insert_response(&mut tx, participant, &instrument.slug, point, today, None)
        .await?;
    tx.commit().await
}

/// Keeps the answer to question `number` (from 1) of the participant's open questionnaire; the
/// last answer scores it and closes it.
pub async fn answer(
    db: &Db,
    instrument: &Instrument,
    participant: PersonId,
    number: usize,
    value: u8,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let open = data::wellbeing::open_response(&mut tx, participant)
        .await?
        .filter(|o| o.instrument == instrument.slug)
        .ok_or_else(|| {
            AppError::Conflict(
                "There are no questions waiting for an answer: start the check-in first.".into(),
            )
        })?;
    let count = instrument.items.len();
    if !(1..=count).contains(&number) {
        return Err(AppError::Invalid(
            "That question is not on the list: start the questions again.".into(),
        ));
    }
    if !instrument.scale.iter().any(|p| p.value == value) {
        return Err(AppError::Invalid(
            "Choose one of the answers on the screen.".into(),
        ));
    }
    let mut answers = read_answers(&open.answers, count);
    answers[number - 1] = Some(value);
    data::wellbeing::save_answers(&mut tx, open.id, &write_answers(&answers)).await?;
    if answers.iter().all(Option::is_some) {
        let score = instrument.score(&answers).map_err(AppError::Invalid)?;
        data::wellbeing::complete(&mut tx, open.id, score.0, today).await?;
    }
    tx.commit().await
}

/// A whole questionnaire answered with the participant's mentor, recorded as assisted.
pub async fn record_assisted(
    db: &Db,
    instrument: &Instrument,
    viewer: &Viewer<'_>,
    participant: PersonId,
    answers: &[Option<u8>],
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    reach(&mut tx, viewer, participant).await?;
    let score = instrument.score(answers).map_err(AppError::Invalid)?;
    let (due, _) = due_for(&mut tx, participant, today).await?;
    let point =
        due.ok_or_else(|| AppError::Conflict("No check-in is due for them just now.".into()))?;
    if data::wellbeing::open_response(&mut tx, participant)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(
            "They have started these questions on their phone: let them finish there.".into(),
        ));
    }
    let id = data::wellbeing::insert_response(
        &mut tx,
        participant,
        &instrument.slug,
        point,
        today,
        Some(viewer.actor.person),
    )
    .await?;
    data::wellbeing::save_answers(&mut tx, id, &write_answers(answers)).await?;
    data::wellbeing::complete(&mut tx, id, score.0, today).await?;
    tx.commit().await
}

/// A participant's wellbeing for their mentor and the coordinators. Scores are health data: each
/// reading is written to the audit log, about the participant.
pub async fn theirs(
    db: &Db,
    instrument: &Instrument,
    viewer: &Viewer<'_>,
    participant: PersonId,
    today: NaiveDate,
) -> Result<TheirWellbeing, AppError> {
    let mut tx = db.write().await?;
    let name = reach(&mut tx, viewer, participant).await?;
    let history = history(&mut tx, instrument, participant, &name).await?;
    let (due, _) = due_for(&mut tx, participant, today).await?;
    let detail = format!("{} scores", history.scores.len());
    crate::data::audit::record_by(
        &mut tx,
        Some(&viewer.actor),
        crate::data::audit::AuditAction::WellbeingRead,
        Some(participant),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(TheirWellbeing {
        participant,
        history,
        due,
        period: instrument.period.clone(),
        questions: instrument.items.clone(),
        choices: choices(instrument),
    })
}

/// Everyone due a check-in, for the coordinator.
pub async fn due_list(db: &Db, today: NaiveDate) -> Result<Vec<DueCheckIn>, AppError> {
    let mut tx = db.read().await?;
    let rows = data::wellbeing::last_check_ins(&mut tx).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let last = row.last_on.zip(row.last_point);
            due(last, row.finished, today).map(|due| DueCheckIn {
                participant: row.participant,
                name: row.name,
                due,
                last_on: row.last_on,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wellbeing::instrument::DEMO_INSTRUMENT;

    #[test]
    fn answers_are_kept_in_order_with_gaps() {
        assert_eq!(read_answers("4,,5", 4), [Some(4), None, Some(5), None]);
        assert_eq!(read_answers("", 2), [None, None]);
        assert_eq!(read_answers("1,2,3", 2), [Some(1), Some(2)]);
        assert_eq!(write_answers(&[Some(4), None, Some(5)]), "4,,5");
    }

    #[test]
    fn a_change_is_told_in_points_never_a_percentage() {
        let demo = Instrument::load(DEMO_INSTRUMENT).unwrap();
        let up = change_words(&demo, Score::whole(12), Score::whole(17));
        assert_eq!(
            up,
            "Up 5 points since the start: at least the 3 points that count as a real change."
        );
        let down = change_words(&demo, Score::whole(12), Score::whole(10));
        assert!(
            down.starts_with("Down 2 points") && down.contains("less than"),
            "{down}"
        );
        assert!(!up.contains('%') && !down.contains('%'));
    }
}
