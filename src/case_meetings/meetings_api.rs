//! Server functions for the case meeting. Reading needs `ReadCasePacks` (tutors and mentors see
//! only their own participants, `case_meetings::pack` says how much); changing the meeting needs
//! `RunCaseMeetings`; an action's owner marks it done with `KeepOwnCaseActions`. The changes
//! are plain HTML forms on pages drawn by the server (`meeting_html`), so each answers a plain
//! form with a redirect back to its page. Nothing in the browser calls those, so they are not
//! compiled into its bundle at all (only the reads the pages load are). A refusal waits in the
//! session for the page to show it once ([`server::kept_for_the_page`]).

use leptos::prelude::*;

use super::my_actions::MyActions;
#[cfg(feature = "ssr")]
use super::{ActionId, MinuteId};
use super::{DrawnPage, MeetingId, Meetings};
use crate::error::AppError;
use crate::people::PersonId;

/// The meetings, newest first.
#[server(prefix = "/api", endpoint = "case_meetings")]
pub async fn load_meetings() -> Result<Meetings, AppError> {
    crate::error::respond(server::meetings().await)
}

/// Opens the meeting on `held_on` ("2026-03-04").
#[cfg(feature = "ssr")]
#[server(prefix = "/api", endpoint = "open_case_meeting")]
pub async fn open_meeting(held_on: String) -> Result<MeetingId, AppError> {
    crate::error::respond(server::kept_for_the_page(server::open(held_on).await).await)
}

/// The meeting's agenda, drawn for the reader.
#[server(prefix = "/api", endpoint = "case_meeting_agenda")]
pub async fn load_agenda(meeting: MeetingId) -> Result<DrawnPage, AppError> {
    crate::error::respond(server::agenda(meeting).await)
}

/// One participant's pack for the meeting, drawn for the reader.
#[server(prefix = "/api", endpoint = "case_pack")]
pub async fn load_pack(meeting: MeetingId, participant: PersonId) -> Result<DrawnPage, AppError> {
    crate::error::respond(server::pack(meeting, participant).await)
}

/// Marks `person` as at the meeting (`here` "yes") or not ("no").
#[cfg(feature = "ssr")]
#[server(prefix = "/api", endpoint = "case_meeting_attendee")]
pub async fn set_attendee(
    meeting: MeetingId,
    person: PersonId,
    here: String,
) -> Result<(), AppError> {
    crate::error::respond(
        server::kept_for_the_page(server::set_attendee(meeting, person, here).await).await,
    )
}

/// Records an action about `participant`: what, who (`owner`), by when (`due_on`).
#[cfg(feature = "ssr")]
#[server(prefix = "/api", endpoint = "record_case_action")]
pub async fn record_action(
    meeting: MeetingId,
    participant: PersonId,
    what: String,
    owner: PersonId,
    due_on: String,
) -> Result<ActionId, AppError> {
    crate::error::respond(
        server::kept_for_the_page(
            server::record_action(meeting, participant, what, owner, due_on).await,
        )
        .await,
    )
}

/// Marks an action done; `back` is the page to return to ("/" or a meeting's page).
#[cfg(feature = "ssr")]
#[server(prefix = "/api", endpoint = "case_action_done")]
pub async fn action_done(
    action: ActionId,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    crate::error::respond(server::kept_for_the_page(server::action_done(action, back).await).await)
}

/// Adds to the minutes about `participant` (after closing: a later entry).
#[cfg(feature = "ssr")]
#[server(prefix = "/api", endpoint = "write_case_minutes")]
pub async fn write_minutes(
    meeting: MeetingId,
    participant: PersonId,
    note: String,
) -> Result<MinuteId, AppError> {
    crate::error::respond(
        server::kept_for_the_page(server::write_minutes(meeting, participant, note).await).await,
    )
}

/// Corrects an entry in the minutes while the meeting is open.
#[cfg(feature = "ssr")]
#[server(prefix = "/api", endpoint = "correct_case_minutes")]
pub async fn correct_minutes(minute: MinuteId, note: String) -> Result<(), AppError> {
    crate::error::respond(
        server::kept_for_the_page(server::correct_minutes(minute, note).await).await,
    )
}

/// Closes the meeting, locking its minutes.
#[cfg(feature = "ssr")]
#[server(prefix = "/api", endpoint = "close_case_meeting")]
pub async fn close_meeting(meeting: MeetingId) -> Result<(), AppError> {
    crate::error::respond(server::kept_for_the_page(server::close(meeting).await).await)
}

/// The actions on the signed-in person's home page.
#[server(prefix = "/api", endpoint = "my_case_actions")]
pub async fn load_my_actions() -> Result<MyActions, AppError> {
    crate::error::respond(server::my_actions().await)
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::super::meeting_html::{self, Drawn};
    use super::super::my_actions::MyActions;
    use super::super::pack::Reader;
    use super::super::use_cases::{self, ActionDraft, Viewer};
    use super::super::{
        parse_day, parse_words, ActionId, DrawnPage, MeetingId, Meetings, MinuteId,
    };
    use super::super::{MOST_ACTION_WORDS, MOST_WORDS};
    use crate::access::Permission;
    use crate::error::AppError;
    use crate::people::PersonId;
    use crate::server::auth::{self, Caller};
    use crate::server::waiting_refusal::{self, Waiting};
    use crate::server::{clock, redirect_plain_form};

    fn invalid(sentence: String) -> AppError {
        AppError::Invalid(sentence)
    }

    /// A refusal kept for the case meeting's pages, when a plain form sent the change.
    pub async fn kept_for_the_page<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        waiting_refusal::kept_for(waiting_refusal::CASE_MEETING, result).await
    }

    async fn refusal_waiting() -> Result<Waiting, AppError> {
        Waiting::for_page(waiting_refusal::CASE_MEETING).await
    }

    /// The reader behind a caller, with what their roles let them see.
    pub fn viewer(caller: &Caller) -> Viewer<'_> {
        Viewer {
            actor: caller.actor(),
            reader: Reader {
                person: caller.user.person_id,
                sees_everyone: caller.user.may(Permission::ViewAllPeople),
                sees_restricted: caller.user.may(Permission::ManageKeepApart),
            },
            runs: caller.user.may(Permission::RunCaseMeetings),
        }
    }

    fn meeting_page(meeting: MeetingId) -> String {
        format!("/meetings/{meeting}")
    }

    fn pack_page(meeting: MeetingId, participant: PersonId) -> String {
        format!("/meetings/{meeting}/people/{participant}")
    }

    pub async fn meetings() -> Result<Meetings, AppError> {
        let caller = auth::require(Permission::ReadCasePacks).await?;
        let waiting = refusal_waiting().await?;
        let db = &caller.state.db;
        let today = clock::programme_now(db).await?.date();
        let runs = caller.user.may(Permission::RunCaseMeetings);
        let mut meetings = use_cases::meetings(db, runs, today).await?;
        meetings.refusal = waiting.take().await;
        Ok(meetings)
    }

    pub async fn open(held_on: String) -> Result<MeetingId, AppError> {
        let caller = auth::require(Permission::RunCaseMeetings).await?;
        let day = parse_day(&held_on, "the meeting's day").map_err(invalid)?;
        let db = &caller.state.db;
        let today = clock::programme_now(db).await?.date();
        let id = use_cases::open(db, &caller.actor(), day, today).await?;
        redirect_plain_form(&meeting_page(id));
        Ok(id)
    }

    pub async fn agenda(meeting: MeetingId) -> Result<DrawnPage, AppError> {
        let caller = auth::require(Permission::ReadCasePacks).await?;
        let waiting = refusal_waiting().await?;
        let db = &caller.state.db;
        let today = clock::programme_now(db).await?.date();
        let agenda = use_cases::agenda(
            db,
            &viewer(&caller),
            &caller.state.wellbeing,
            meeting,
            today,
        )
        .await?;
        Ok(DrawnPage {
            title: agenda.title(),
            html: meeting_html::agenda(&agenda, Drawn::Page),
            refusal: waiting.take().await,
        })
    }

    pub async fn pack(meeting: MeetingId, participant: PersonId) -> Result<DrawnPage, AppError> {
        let caller = auth::require(Permission::ReadCasePacks).await?;
        let waiting = refusal_waiting().await?;
        let db = &caller.state.db;
        let today = clock::programme_now(db).await?.date();
        let (agenda, pack) = use_cases::pack(
            db,
            &viewer(&caller),
            &caller.state.wellbeing,
            meeting,
            participant,
            today,
        )
        .await?;
        Ok(DrawnPage {
            title: format!("{}: {}", pack.name, agenda.title()),
            html: meeting_html::pack(&agenda, &pack, Drawn::Page),
            refusal: waiting.take().await,
        })
    }

    pub async fn set_attendee(
        meeting: MeetingId,
        person: PersonId,
        here: String,
    ) -> Result<(), AppError> {
        let caller = auth::require(Permission::RunCaseMeetings).await?;
        let here = match here.trim() {
            "yes" => true,
            "no" => false,
            _ => return Err(invalid("Say whether they came: yes or no.".into())),
        };
        use_cases::set_attendee(&caller.state.db, &caller.actor(), meeting, person, here).await?;
        redirect_plain_form(&meeting_page(meeting));
        Ok(())
    }

    pub async fn record_action(
        meeting: MeetingId,
        participant: PersonId,
        what: String,
        owner: PersonId,
        due_on: String,
    ) -> Result<ActionId, AppError> {
        let caller = auth::require(Permission::RunCaseMeetings).await?;
        let draft = ActionDraft {
            participant,
            what: parse_words(&what, MOST_ACTION_WORDS, "what is to be done").map_err(invalid)?,
            owner,
            due_on: parse_day(&due_on, "the day it is due").map_err(invalid)?,
        };
        let id =
            use_cases::record_action(&caller.state.db, &caller.actor(), meeting, &draft).await?;
        redirect_plain_form(&pack_page(meeting, participant));
        Ok(id)
    }

    /// Only the home page or one of the meetings' own pages: never an address from elsewhere.
    fn safe_back(back: &str) -> &str {
        let ours = back == "/"
            || (back.starts_with("/meetings/")
                && back.len() <= 60
                && back[1..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '-'));
        if ours {
            back
        } else {
            "/"
        }
    }

    pub async fn action_done(action: ActionId, back: String) -> Result<(), AppError> {
        let caller = auth::require(Permission::KeepOwnCaseActions).await?;
        let db = &caller.state.db;
        let today = clock::programme_now(db).await?.date();
        let runs = caller.user.may(Permission::RunCaseMeetings);
        use_cases::action_done(db, &caller.actor(), runs, action, today).await?;
        redirect_plain_form(safe_back(&back));
        Ok(())
    }

    pub async fn write_minutes(
        meeting: MeetingId,
        participant: PersonId,
        note: String,
    ) -> Result<MinuteId, AppError> {
        let caller = auth::require(Permission::RunCaseMeetings).await?;
        let note = parse_words(&note, MOST_WORDS, "what was said").map_err(invalid)?;
        let id = use_cases::write_minutes(
            &caller.state.db,
            &caller.actor(),
            meeting,
            participant,
            &note,
        )
        .await?;
        redirect_plain_form(&pack_page(meeting, participant));
        Ok(id)
    }

    pub async fn correct_minutes(minute: MinuteId, note: String) -> Result<(), AppError> {
        let caller = auth::require(Permission::RunCaseMeetings).await?;
        let note = parse_words(&note, MOST_WORDS, "the entry").map_err(invalid)?;
        let (meeting, participant) =
            use_cases::correct_minutes(&caller.state.db, &caller.actor(), minute, &note).await?;
        redirect_plain_form(&pack_page(meeting, participant));
        Ok(())
    }

    pub async fn close(meeting: MeetingId) -> Result<(), AppError> {
        let caller = auth::require(Permission::RunCaseMeetings).await?;
        use_cases::close(
            &caller.state.db,
            &caller.actor(),
            meeting,
            chrono::Utc::now(),
        )
        .await?;
        redirect_plain_form(&meeting_page(meeting));
        Ok(())
    }

    pub async fn my_actions() -> Result<MyActions, AppError> {
        let caller = auth::require(Permission::KeepOwnCaseActions).await?;
        let waiting = refusal_waiting().await?;
        let db = &caller.state.db;
        let today = clock::programme_now(db).await?.date();
        let runs = caller.user.may(Permission::RunCaseMeetings);
        let actions = use_cases::my_actions(db, caller.user.person_id, runs, today).await?;
        Ok(MyActions {
            actions,
            everyone_overdue: runs,
            today,
            refusal: waiting.take().await,
        })
    }
}
