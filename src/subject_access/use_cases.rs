//! Subject access requests, written once for both databases (`data::subject_access` holds the
//! SQL): registering one (its due date from the rules), listing them, compiling the pack (one
//! read transaction, so the pack is one moment's truth, and audited), and marking it answered.

use chrono::NaiveDate;

use super::pack::{Pack, Section};
use super::{due_on, HowReceived, Request, RequestId, Requests};
use crate::data::audit::{self, Actor, AuditAction};
use crate::data::{subject_access as data, Db, Tx};
use crate::error::AppError;
use crate::people::PersonId;

fn no_request() -> AppError {
    AppError::NotFound("that subject access request".into())
}

/// Registers a request; its due date is one calendar month after it arrived.
pub async fn register(
    db: &Db,
    actor: &Actor<'_>,
    participant: PersonId,
    received_on: NaiveDate,
    how: HowReceived,
) -> Result<RequestId, AppError> {
    let mut tx = db.write().await?;
    if !crate::data::retention::record_is_whole(&mut tx, participant).await? {
        return Err(AppError::NotFound("that participant".into()));
    }
    let id = data::insert_request(
        &mut tx,
        participant,
        received_on,
        due_on(received_on),
        how,
        actor.person,
    )
    .await?;
    let detail = format!("request {id}, received {received_on}");
    audit::record_by(
        &mut tx,
        Some(actor),
        AuditAction::SubjectAccessRegistered,
        Some(participant),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn list(db: &Db, today: NaiveDate) -> Result<Requests, AppError> {
    let mut tx = db.read().await?;
    let requests = data::requests(&mut tx)
        .await?
        .into_iter()
        .map(|row| Request {
            id: row.id,
            participant: row.participant,
            name: row.name,
            received_on: row.received_on,
            due_on: row.due_on,
            how: row.how,
            answered_on: row.answered_on,
        })
        .collect();
    let participants = data::participants(&mut tx).await?;
    Ok(Requests {
        requests,
        participants,
        today,
    })
}

/// Records the day the pack was sent.
pub async fn answer(
    db: &Db,
    actor: &Actor<'_>,
    id: RequestId,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let (participant, _) = data::request(&mut tx, id).await?.ok_or_else(no_request)?;
    if !data::mark_answered(&mut tx, id, today).await? {
        return Err(AppError::Conflict(
            "That request has already been marked answered.".into(),
        ));
    }
    let detail = format!("request {id}");
    audit::record_by(
        &mut tx,
        Some(actor),
        AuditAction::SubjectAccessAnswered,
        Some(participant),
        &detail,
    )
    .await?;
    tx.commit().await
}

/// The pack for a request, as a file name and the HTML; the download is audited.
pub async fn compile(
    db: &Db,
    actor: &Actor<'_>,
    id: RequestId,
    organisation: &str,
    today: NaiveDate,
) -> Result<(String, String), AppError> {
    let mut tx = db.write().await?;
    let (participant, received_on) = data::request(&mut tx, id).await?.ok_or_else(no_request)?;
    let person = data::person(&mut tx, participant)
        .await?
        .ok_or_else(no_request)?;
    let name = format!("{} {}", person.given_name, person.family_name);
    let mut sections = vec![record(&person)];
    sections.extend(referrals(&mut tx, participant).await?);
    sections.extend(programme(&mut tx, participant).await?);
    sections.extend(plan(&mut tx, participant).await?);
    sections.push(wellbeing(&mut tx, participant).await?);
    sections.extend(case_meetings(&mut tx, participant).await?);
    sections.push(others(&mut tx, participant).await?);
    sections.push(audit_entries(&mut tx, participant).await?);
    let pack = Pack {
        person: name,
        organisation: organisation.into(),
        compiled_on: today.format("%-d %B %Y").to_string(),
        request_received_on: received_on.format("%-d %B %Y").to_string(),
        sections,
    };
    let detail = format!("request {id}: pack downloaded");
    audit::record_by(
        &mut tx,
        Some(actor),
        AuditAction::SubjectAccessCompiled,
        Some(participant),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok((
        format!("subject-access-{id}-{}.html", today.format("%Y-%m-%d")),
        pack.to_html(),
    ))
}

fn text(value: Option<&str>) -> String {
    value.unwrap_or("—").to_owned()
}

fn date(value: Option<NaiveDate>) -> String {
    value.map_or_else(|| "—".into(), |d| d.to_string())
}

fn yes_no(value: bool) -> String {
    if value { "Yes" } else { "No" }.into()
}

fn record(person: &data::PersonRow) -> Section {
    let mut section = Section::new("Your record", &["What", "Held"]);
    let rows = [
        (
            "Name",
            format!("{} {}", person.given_name, person.family_name),
        ),
        ("Known as", text(person.preferred_name.as_deref())),
        ("Phone", text(person.phone.as_deref())),
        ("Email", text(person.email.as_deref())),
        ("Sign-in name", text(person.username.as_deref())),
        ("Referred by", person.referral_source.replace('_', " ")),
        ("Referred on", person.referral_date.to_string()),
        ("Status on the programme", person.status.clone()),
        ("Finished on", date(person.closed_on)),
        ("Mentor", text(person.mentor.as_deref())),
        ("Usual pick-up point", text(person.pickup_point.as_deref())),
        ("Needs a lift", yes_no(person.needs_lift)),
        ("Uses a wheelchair", yes_no(person.uses_wheelchair)),
        (
            "Getting about (for the driver)",
            text(person.mobility_needs.as_deref()),
        ),
        ("The coordinator's notes", text(person.notes.as_deref())),
    ];
    for (what, held) in rows {
        section.row(vec![what.into(), held]);
    }
    section
}

async fn referrals(tx: &mut Tx, participant: PersonId) -> Result<Vec<Section>, AppError> {
    let mut whole = Section::new(
        "Referrals",
        &[
            "Received",
            "From",
            "Referrer",
            "Name given",
            "Born",
            "Phone",
            "Email",
            "Town",
            "In the area",
            "Why",
            "Consent",
            "What may be shared back",
            "Status",
        ],
    );
    for r in data::referrals(tx, participant).await? {
        let referrer = [r.referrer_organisation, r.referrer_name, r.referrer_contact]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        whole.row(vec![
            r.received_on.to_string(),
            r.source.replace('_', " "),
            if referrer.is_empty() {
                "—".into()
            } else {
                referrer
            },
            format!("{} {}", r.given_name, r.family_name),
            date(r.born_on),
            text(r.phone.as_deref()),
            text(r.email.as_deref()),
            text(r.town.as_deref()),
            yes_no(r.in_area),
            text(r.reason.as_deref()),
            format!("{} on {}", r.consent_how.replace('_', " "), r.consent_on),
            r.share_back,
            match r.close_reason {
                Some(reason) => format!("{} ({reason})", r.status),
                None => r.status,
            },
        ]);
    }
    let mut history = Section::new("Each step of the referral", &["Day", "Step", "Note", "By"]);
    for (on, status, reason, note, by) in data::referral_history(tx, participant).await? {
        let step = match reason {
            Some(reason) => format!("{status} ({reason})"),
            None => status,
        };
        history.row(vec![
            on.to_string(),
            step,
            text(note.as_deref()),
            by.unwrap_or_else(|| "The referral form".into()),
        ]);
    }
    Ok(vec![whole, history])
}

async fn programme(tx: &mut Tx, participant: PersonId) -> Result<Vec<Section>, AppError> {
    let mut bookings = Section::new("Sessions booked", &["When", "Activity", "Booking"]);
    for (at, activity, status) in data::bookings(tx, participant).await? {
        bookings.row(vec![
            at.format("%Y-%m-%d %H:%M").to_string(),
            activity,
            status,
        ]);
    }
    let mut register = Section::new("The registers", &["When", "Activity", "Marked", "Why"])
        .noting("What the session's lead recorded on the day.");
    for (at, activity, outcome, reason) in data::attendance(tx, participant).await? {
        register.row(vec![
            at.format("%Y-%m-%d %H:%M").to_string(),
            activity,
            outcome.replace('_', " "),
            text(reason.as_deref()),
        ]);
    }
    let mut rides = Section::new(
        "Rides",
        &["Day", "Which way", "Pick-up point", "The driver marked"],
    );
    for (on, direction, point, boarding) in data::rides(tx, participant).await? {
        rides.row(vec![
            on.to_string(),
            direction,
            point,
            boarding.map_or_else(|| "—".into(), |b| b.replace('_', " ")),
        ]);
    }
    let mut groups = Section::new("Activity groups", &["Activity"]);
    for activity in data::groups(tx, participant).await? {
        groups.row(vec![activity]);
    }
    Ok(vec![bookings, register, rides, groups])
}

async fn plan(tx: &mut Tx, participant: PersonId) -> Result<Vec<Section>, AppError> {
    let mut needs = Section::new("Needs assessed", &["Area", "Need", "Note", "Assessed on"]);
    for (area, level, note, on) in data::needs(tx, participant).await? {
        needs.row(vec![area, level, text(note.as_deref()), on.to_string()]);
    }
    let steps = data::steps(tx, participant).await?;
    let mut goals = Section::new("Goals", &["Area", "Goal", "Steps", "Aiming for", "Review"]);
    for (id, area, title, target, review, comment) in data::goals(tx, participant).await? {
        let goal_steps = steps
            .iter()
            .filter(|(goal, _, _)| *goal == id)
            .map(|(_, step, done)| match done {
                Some(on) => format!("{step} (done {on})"),
                None => step.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let review = match (review, comment) {
            (Some(review), Some(comment)) => format!("{review}: {comment}"),
            (Some(review), None) => review,
            _ => "—".into(),
        };
        goals.row(vec![area, title, goal_steps, target.to_string(), review]);
    }
    let mut contacts = Section::new("One-to-one contacts", &["Day", "How", "Note", "Written by"])
        .noting("Notes as staff wrote them.");
    for (on, kind, note, by) in data::one_to_ones(tx, participant).await? {
        contacts.row(vec![on.to_string(), kind, note, text(by.as_deref())]);
    }
    Ok(vec![needs, goals, contacts])
}

async fn wellbeing(tx: &mut Tx, participant: PersonId) -> Result<Section, AppError> {
    let mut scores = Section::new(
        "Wellbeing questionnaires",
        &[
            "Started",
            "Finished",
            "When in the programme",
            "Questionnaire",
            "Answers, question by question",
            "Score",
            "Answered with the mentor",
        ],
    );
    for (started, completed, point, score, assisted, instrument, answers) in
        data::wellbeing(tx, participant).await?
    {
        let answers = if answers.is_empty() {
            "—".to_owned()
        } else {
            answers.replace(',', ", ")
        };
        scores.row(vec![
            started.to_string(),
            date(completed),
            point,
            instrument,
            answers,
            score.map_or_else(
                || "—".into(),
                |s| crate::wellbeing::instrument::Score(s).words(),
            ),
            yes_no(assisted),
        ]);
    }
    Ok(scores)
}

/// What the monthly case meetings minuted and decided about the person.
async fn case_meetings(tx: &mut Tx, participant: PersonId) -> Result<Vec<Section>, AppError> {
    let mut minutes = Section::new(
        "Case meetings: what was minuted about you",
        &["Meeting", "Minute", "Written by"],
    )
    .noting("Minutes as staff wrote them; an entry added after the meeting closed says so.");
    for (held_on, note, after_closing, by) in data::case_minutes(tx, participant).await? {
        let note = if after_closing {
            format!("{note} (added after the meeting closed)")
        } else {
            note
        };
        minutes.row(vec![held_on.to_string(), note, text(by.as_deref())]);
    }
    let mut actions = Section::new(
        "Case meetings: actions agreed about you",
        &["Meeting", "Action", "Who", "By", "Done"],
    );
    for (held_on, what, owner, due_on, done_on) in data::case_actions(tx, participant).await? {
        actions.row(vec![
            held_on.to_string(),
            what,
            text(owner.as_deref()),
            due_on.to_string(),
            date(done_on),
        ]);
    }
    Ok(vec![minutes, actions])
}

/// What is held that involves other people, said without naming them.
async fn others(tx: &mut Tx, participant: PersonId) -> Result<Section, AppError> {
    let mut section = Section::new("Other things held", &["What", "Held"]).noting(
        "Expense claims do not record which participant a cost was for, so none are listed here.",
    );
    let apart = data::kept_apart_from(tx, participant).await?;
    section.row(vec![
        "Kept apart from other participants".into(),
        match apart {
            0 => "No".into(),
            1 => "Yes, from 1 other person (not named here)".into(),
            n => format!("Yes, from {n} other people (not named here)"),
        },
    ]);
    section.row(vec![
        "Records kept past their time (legal hold)".into(),
        data::hold_since(tx, participant)
            .await?
            .map_or_else(|| "No".into(), |on| format!("Yes, since {on}")),
    ]);
    Ok(section)
}

async fn audit_entries(tx: &mut Tx, participant: PersonId) -> Result<Section, AppError> {
    let mut section = Section::new(
        "Who looked at or changed your records",
        &["When (UTC)", "What", "Who", "Detail"],
    )
    .noting(
        "From the audit log: every sign-in, every reading of your referral or notes, every change.",
    );
    for (at, action, who, detail) in data::audit(tx, participant).await? {
        section.row(vec![
            at.format("%Y-%m-%d %H:%M").to_string(),
            action.replace('_', " "),
            who,
            detail,
        ]);
    }
    Ok(section)
}
