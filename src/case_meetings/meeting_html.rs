//! The agenda and the packs as HTML, drawn on the server: one text for the meeting's pages and
//! its A4 print view, so what is printed is what was on screen. The forms in it are plain HTML
//! forms posting to the server functions (they work with or without the app's script, and cost
//! the phone's bundle nothing); the print view has none. Every value is escaped.

use std::fmt::Write;

use chrono::NaiveDate;

use super::pack::{attendance_words, Pack};
use super::use_cases::Agenda;
use super::ActionLine;
use crate::days_and_times::{clock, day_month};
use crate::reports::bar_chart::escape;

/// With the forms that change the meeting (the page), or without (the print view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawn {
    Page,
    Print,
}

fn section(html: &mut String, id: &str, heading: &str, body: &str) {
    let _ = write!(
        html,
        r#"<section class="meeting-section" aria-labelledby="{id}"><h2 id="{id}">{}</h2>{body}</section>"#,
        escape(heading)
    );
}

fn hidden(name: &str, value: impl std::fmt::Display) -> String {
    format!(
        r#"<input type="hidden" name="{name}" value="{}">"#,
        escape(&value.to_string())
    )
}

fn long_day(day: NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

/// May this page change the meeting (open, and the reader runs it)?
fn changes(agenda: &Agenda, drawn: Drawn) -> bool {
    drawn == Drawn::Page && agenda.runs && !agenda.closed()
}

/// The line under the heading: the period reviewed and whether the minutes are locked.
fn standing(agenda: &Agenda) -> String {
    let state = match agenda.meeting.closed_at {
        Some(at) => format!(
            "Closed on {}: the minutes are locked, and anything added now is marked as added later.",
            day_month(at.date_naive())
        ),
        None => "Open.".into(),
    };
    format!(
        r#"<p class="hint-text">{}. Reviewing {}. {}</p>"#,
        escape(&long_day(agenda.meeting.held_on)),
        escape(&agenda.review.words()),
        escape(&state)
    )
}

fn attendees(agenda: &Agenda, drawn: Drawn) -> String {
    let id = agenda.meeting.id;
    let mut html = String::from(r#"<ul class="meeting-attendees">"#);
    for (person, name) in &agenda.attendees {
        let _ = write!(html, "<li>{}", escape(name));
        if changes(agenda, drawn) {
            let _ = write!(
                html,
                r#" <form method="post" action="/api/case_meeting_attendee" class="inline-form">{}{}{}<button type="submit" class="link-button">Remove</button></form>"#,
                hidden("meeting", id),
                hidden("person", person),
                hidden("here", "no"),
            );
        }
        html.push_str("</li>");
    }
    if agenda.attendees.is_empty() {
        html.push_str("<li>Nobody marked yet.</li>");
    }
    html.push_str("</ul>");
    if changes(agenda, drawn) {
        let options: String = agenda
            .staff
            .iter()
            .filter(|s| !agenda.attendees.iter().any(|(id, _)| *id == s.id))
            .map(|s| format!(r#"<option value="{}">{}</option>"#, s.id, escape(&s.name)))
            .collect();
        let _ = write!(
            html,
            r#"<form method="post" action="/api/case_meeting_attendee" class="meeting-form">{}{}<label for="attendee">Mark as present</label><select id="attendee" name="person" required>{options}</select><button type="submit">Add</button></form>"#,
            hidden("meeting", id),
            hidden("here", "yes"),
        );
    }
    html
}

/// The actions as a table, with "Mark done" where the reader may (`back`: the page to return to).
pub fn actions_table(
    actions: &[ActionLine],
    today: NaiveDate,
    may_mark: impl Fn(&ActionLine) -> bool,
    back: &str,
) -> String {
    if actions.is_empty() {
        return r#"<p>No actions open.</p>"#.into();
    }
    let mut html = String::from(
        r#"<table class="meeting-table"><thead><tr><th scope="col">For</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">State</th></tr></thead><tbody>"#,
    );
    for action in actions {
        let mark = if action.done_on.is_none() && may_mark(action) {
            format!(
                r#" <form method="post" action="/api/case_action_done" class="inline-form">{}{}<button type="submit">Mark done</button></form>"#,
                hidden("action", action.id),
                hidden("back", back)
            )
        } else {
            String::new()
        };
        let class = if action.overdue(today) {
            r#" class="overdue""#
        } else {
            ""
        };
        let _ = write!(
            html,
            r#"<tr{class}><td>{}</td><td>{} <span class="hint-text">(decided {})</span></td><td>{}</td><td>{}{mark}</td></tr>"#,
            escape(&action.participant),
            escape(&action.what),
            escape(&day_month(action.raised_on)),
            escape(&action.owner),
            escape(&action.state(today)),
        );
    }
    html.push_str("</tbody></table>");
    html
}

fn referrals(agenda: &Agenda) -> Option<String> {
    let referrals = agenda.referrals.as_ref()?;
    if referrals.is_empty() {
        return Some("<p>None received.</p>".into());
    }
    let mut html = String::from(r#"<ul class="meeting-list">"#);
    for r in referrals {
        let _ = write!(
            html,
            r#"<li><a href="/referrals/{}">{}</a>: from {}, received {}; now {}</li>"#,
            r.id,
            escape(&r.name),
            escape(r.source.label()),
            escape(&day_month(r.received_on)),
            escape(&r.status.label().to_lowercase()),
        );
    }
    html.push_str("</ul>");
    Some(html)
}

fn person_link(
    agenda: &Agenda,
    person: crate::people::PersonId,
    name: &str,
    drawn: Drawn,
) -> String {
    match drawn {
        Drawn::Page => format!(
            r#"<a href="/meetings/{}/people/{person}">{}</a>"#,
            agenda.meeting.id,
            escape(name)
        ),
        Drawn::Print => format!(r##"<a href="#p{person}">{}</a>"##, escape(name)),
    }
}

/// The agenda: who came, the actions carried over, referrals since, the people to talk about
/// and why, then everyone.
pub fn agenda(agenda: &Agenda, drawn: Drawn) -> String {
    let mut html = standing(agenda);
    section(&mut html, "who-came", "Who came", &attendees(agenda, drawn));
    let back = format!("/meetings/{}", agenda.meeting.id);
    let table = actions_table(
        &agenda.actions,
        agenda.today,
        |_| drawn == Drawn::Page && agenda.runs,
        &back,
    );
    section(
        &mut html,
        "actions",
        "Actions from earlier meetings",
        &table,
    );
    if let Some(list) = referrals(agenda) {
        section(
            &mut html,
            "referrals",
            "Referrals since the last meeting",
            &list,
        );
    }
    let mut talk = String::new();
    if agenda.to_talk_about.is_empty() {
        talk.push_str("<p>Nobody stands out this time.</p>");
    } else {
        talk.push_str(r#"<ul class="meeting-list">"#);
        for (person, name, reasons) in &agenda.to_talk_about {
            let _ = write!(
                talk,
                "<li>{}<ul>",
                person_link(agenda, *person, name, drawn)
            );
            for reason in reasons {
                let _ = write!(talk, "<li>{}</li>", escape(reason));
            }
            talk.push_str("</ul></li>");
        }
        talk.push_str("</ul>");
    }
    section(&mut html, "to-talk-about", "People to talk about", &talk);
    let everyone: String = agenda
        .everyone
        .iter()
        .map(|(person, name)| format!("<li>{}</li>", person_link(agenda, *person, name, drawn)))
        .collect();
    section(
        &mut html,
        "everyone",
        "Everyone on the programme",
        &format!(r#"<ul class="meeting-people">{everyone}</ul>"#),
    );
    if changes(agenda, drawn) {
        let _ = write!(
            html,
            r#"<form method="post" action="/api/close_case_meeting" class="meeting-form meeting-close">{}<p class="hint-text">Closing locks the minutes: nothing in them can be changed afterwards, and anything added later is marked as such.</p><button type="submit">Close the meeting</button></form>"#,
            hidden("meeting", agenda.meeting.id)
        );
    }
    html
}

fn table(head: &[&str], rows: Vec<Vec<String>>, empty: &str) -> String {
    if rows.is_empty() {
        return format!("<p>{}</p>", escape(empty));
    }
    let mut html = String::from(r#"<table class="meeting-table"><thead><tr>"#);
    for h in head {
        let _ = write!(html, r#"<th scope="col">{}</th>"#, escape(h));
    }
    html.push_str("</tr></thead><tbody>");
    for row in rows {
        html.push_str("<tr>");
        for cell in row {
            let _ = write!(html, "<td>{}</td>", escape(&cell));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

fn action_form(agenda: &Agenda, pack: &Pack) -> String {
    let owners: String = agenda
        .staff
        .iter()
        .filter(|s| s.owns_actions)
        .map(|s| format!(r#"<option value="{}">{}</option>"#, s.id, escape(&s.name)))
        .collect();
    let held_on = agenda.meeting.held_on;
    let due = held_on
        .checked_add_days(chrono::Days::new(14))
        .unwrap_or(held_on);
    format!(
        r#"<form method="post" action="/api/record_case_action" class="meeting-form">{}{}<label for="what">What is to be done</label><textarea id="what" name="what" required maxlength="500" rows="2"></textarea><label for="owner">Who</label><select id="owner" name="owner" required>{owners}</select><label for="due_on">By when</label><input id="due_on" name="due_on" type="date" required min="{held_on}" value="{due}"><button type="submit">Record the action</button></form>"#,
        hidden("meeting", agenda.meeting.id),
        hidden("participant", pack.participant),
    )
}

fn minutes(agenda: &Agenda, pack: &Pack, drawn: Drawn) -> String {
    let mut html = String::new();
    if pack.minutes.is_empty() {
        html.push_str("<p>Nothing minuted yet.</p>");
    } else {
        html.push_str(r#"<ul class="meeting-minutes">"#);
        for entry in &pack.minutes {
            let later = if entry.after_closing {
                r#" <span class="hint-text">(added after the meeting closed)</span>"#
            } else {
                ""
            };
            let _ = write!(
                html,
                "<li><p>{}</p><p class=\"hint-text\">{}{later}</p>",
                escape(&entry.note),
                escape(&entry.by)
            );
            if changes(agenda, drawn) {
                let _ = write!(
                    html,
                    r#"<details><summary>Correct this entry</summary><form method="post" action="/api/correct_case_minutes" class="meeting-form">{}<label for="m{id}">The entry</label><textarea id="m{id}" name="note" required maxlength="4000" rows="3">{}</textarea><button type="submit">Save the correction</button></form></details>"#,
                    hidden("minute", entry.id),
                    escape(&entry.note),
                    id = entry.id,
                );
            }
            html.push_str("</li>");
        }
        html.push_str("</ul>");
    }
    if drawn == Drawn::Page && agenda.runs {
        let (label, button) = if agenda.closed() {
            ("A later entry (the meeting is closed)", "Add a later entry")
        } else {
            ("What was said", "Add to the minutes")
        };
        let _ = write!(
            html,
            r#"<form method="post" action="/api/write_case_minutes" class="meeting-form">{}{}<label for="note">{label}</label><textarea id="note" name="note" required maxlength="4000" rows="3"></textarea><button type="submit">{button}</button></form>"#,
            hidden("meeting", agenda.meeting.id),
            hidden("participant", pack.participant),
        );
    }
    html
}

/// One participant's pack.
pub fn pack(agenda: &Agenda, pack: &Pack, drawn: Drawn) -> String {
    let mut html = format!(
        r#"<p class="hint-text">Since their last review: {}.</p>"#,
        escape(&pack.review.words())
    );
    if !pack.reasons.is_empty() {
        html.push_str(r#"<ul class="meeting-reasons">"#);
        for reason in &pack.reasons {
            let _ = write!(html, "<li>{}</li>", escape(reason));
        }
        html.push_str("</ul>");
    }
    let sessions = pack
        .sessions
        .iter()
        .map(|s| {
            vec![
                format!("{} {}", day_month(s.starts_at.date()), clock(s.starts_at)),
                s.activity.clone(),
                s.outcome.label().to_owned(),
                s.absent_reason.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let attendance = format!(
        "<p>{}</p>{}",
        escape(&attendance_words(&pack.sessions)),
        table(&["Session", "Activity", "Register", "Reason"], sessions, "")
    );
    section(
        &mut html,
        &format!("attendance-{}", pack.participant),
        "Attendance",
        &attendance,
    );
    let rides = pack
        .rides
        .iter()
        .map(|r| {
            vec![
                day_month(r.on),
                if r.outbound { "To the venue" } else { "Home" }.to_owned(),
                match r.boarded {
                    Some(true) => "Boarded",
                    Some(false) => "Not here",
                    None => "Not marked",
                }
                .to_owned(),
            ]
        })
        .collect();
    section(
        &mut html,
        &format!("transport-{}", pack.participant),
        "Transport",
        &table(
            &["Day", "Way", "At pick-up"],
            rides,
            "No rides in this period.",
        ),
    );
    let goals = pack
        .goals
        .iter()
        .map(|g| {
            vec![
                g.area.clone(),
                g.title.clone(),
                day_month(g.target_on),
                g.state.clone(),
            ]
        })
        .collect();
    section(
        &mut html,
        &format!("goals-{}", pack.participant),
        "Goals",
        &table(&["Area", "Goal", "By", "State"], goals, "No goals open."),
    );
    let wellbeing = match &pack.wellbeing {
        Some(change) => change.words(agenda.meaningful),
        None => "No check-in yet.".into(),
    };
    section(
        &mut html,
        &format!("wellbeing-{}", pack.participant),
        "Wellbeing",
        &format!("<p>{}</p>", escape(&wellbeing)),
    );
    if let Some(notes) = &pack.notes {
        let body = if notes.is_empty() {
            "<p>No one-to-ones in this period.</p>".to_owned()
        } else {
            let mut list = String::from(r#"<ul class="meeting-minutes">"#);
            for note in notes {
                let areas = if note.areas.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", note.areas.join(", "))
                };
                let _ = write!(
                    list,
                    "<li><p class=\"hint-text\">{}</p><p>{}</p></li>",
                    escape(&format!(
                        "{}, {} with {}{areas}",
                        day_month(note.met_on),
                        note.how,
                        note.by
                    )),
                    escape(&note.note)
                );
            }
            list.push_str("</ul>");
            list
        };
        section(
            &mut html,
            &format!("notes-{}", pack.participant),
            "One-to-ones and notes",
            &body,
        );
    }
    if let Some(restricted) = &pack.restricted {
        let apart = &restricted.kept_apart_from;
        let mut body = if apart.is_empty() {
            "<p>Not kept apart from anyone.</p>".to_owned()
        } else {
            format!("<p>Kept apart from: {}.</p>", escape(&apart.join(", ")))
        };
        match restricted.record_notes.as_deref().map(str::trim) {
            Some(notes) if !notes.is_empty() => {
                let _ = write!(
                    body,
                    "<p class=\"hint-text\">The coordinator's notes on their record:</p><p>{}</p>",
                    escape(notes)
                );
            }
            _ => body.push_str("<p>No notes on their record.</p>"),
        }
        section(
            &mut html,
            &format!("restricted-{}", pack.participant),
            "Restricted: coordinators only",
            &body,
        );
    }
    let back = format!(
        "/meetings/{}/people/{}",
        agenda.meeting.id, pack.participant
    );
    let mut actions = actions_table(
        &pack.actions,
        agenda.today,
        |_| drawn == Drawn::Page && agenda.runs,
        &back,
    );
    if changes(agenda, drawn) {
        actions.push_str(&action_form(agenda, pack));
    }
    section(
        &mut html,
        &format!("actions-{}", pack.participant),
        "Actions",
        &actions,
    );
    section(
        &mut html,
        &format!("minutes-{}", pack.participant),
        "Minutes",
        &minutes(agenda, pack, drawn),
    );
    html
}

/// The agenda and every pack, one a page, to print on A4.
pub fn print(agenda_: &Agenda, packs: &[Pack]) -> String {
    let mut html = format!(
        r#"<main class="case-meeting"><h1>{}</h1>{}"#,
        escape(&agenda_.title()),
        agenda(agenda_, Drawn::Print)
    );
    for one in packs {
        let _ = write!(
            html,
            r#"<article class="pack" id="p{}"><h1>{}</h1>{}</article>"#,
            one.participant,
            escape(&one.name),
            pack(agenda_, one, Drawn::Print)
        );
    }
    html.push_str("</main>");
    html
}

/// The print view's own stylesheet: A4, black on white, each pack from a new page.
pub const PRINT_STYLE: &str = "
@page { size: A4; margin: 15mm; }
body { font: 10.5pt/1.4 system-ui, sans-serif; color: #000; background: #fff; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 15pt; } h2 { font-size: 12pt; margin: 1em 0 0.3em; }
.pack { break-before: page; }
.meeting-section { break-inside: avoid; }
table { border-collapse: collapse; margin: 0.3em 0; font-size: 9.5pt; width: 100%; }
th, td { border: 1px solid #888; padding: 2px 5px; text-align: left; vertical-align: top; }
.hint-text { color: #333; }
a { color: #000; text-decoration: none; }
ul { margin: 0.2em 0; padding-left: 1.2em; }
";
