//! The one error type people see. Each variant reads as a plain sentence; the detail of what went
//! wrong inside (SQL, file paths) goes to the server log and never into the answer.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// The request itself was wrong; the text says how to put it right.
    #[error("{0}")]
    Invalid(String),
    /// The thing asked for does not exist (or no longer exists).
    #[error("We could not find {0}.")]
    NotFound(String),
    #[error("Please sign in first.")]
    Unauthorised,
    #[error("You do not have access to this.")]
    Forbidden,
    /// Signed in and allowed in general, but not this record; the text says who may.
    #[error("{0}")]
    NotAllowed(String),
    /// Wrong name, wrong password, or no such account: one answer for all three.
    #[error("That name and password do not match. Check them and try again.")]
    SignInRefused,
    #[error("Too many tries. Please wait 15 minutes, then try again.")]
    TooManyAttempts,
    /// A limit on how often something may be done was reached; the text says when to try again.
    #[error("{0}")]
    TooMany(String),
    /// Name and password are right; a code from the authenticator app is needed too.
    #[error("Now enter the 6-digit code from your authenticator app.")]
    TwoStepCodeNeeded,
    /// The right code, but it has signed someone in already (a code works once).
    #[error("That code has already been used. Wait for the next code in your authenticator app, then enter it.")]
    TwoStepCodeUsed,
    /// The request clashes with what is already there; the text names the clash.
    #[error("{0}")]
    Conflict(String),
    /// The browser could not reach the server.
    #[error("We could not reach TurnAround. Check your signal and try again.")]
    Offline,
    /// Something answered, but not TurnAround: a proxy's "bad gateway" while the app restarts
    /// for a new release, say. Only the browser makes this one; worth trying again.
    #[error("TurnAround is not answering just now. Please try again in a minute.")]
    Unavailable,
    /// Our fault. The detail is in the server log.
    #[error("Something went wrong on our side. Please try again in a minute.")]
    Internal,
}

impl AppError {
    /// A conflict (a unique index refusing a name or a row taken between the check and the
    /// write) told in the caller's words; any other error as it was.
    pub fn conflict_in_words(self, sentence: impl FnOnce() -> String) -> AppError {
        match self {
            AppError::Conflict(_) => AppError::Conflict(sentence()),
            other => other,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// An error answer that is not one of ours (a proxy's HTML page for a 502, a bare 500 from
    /// a crash) means the app was not answering, not that the request was wrong: say so, and
    /// let the caller try again, rather than call it a deserialisation failure.
    fn de(data: leptos::server_fn::Bytes) -> Self {
        use leptos::server_fn::Decodes;
        JsonEncoding::decode(data).unwrap_or(AppError::Unavailable)
    }

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            ServerFnErrorErr::Request(_) => AppError::Offline,
            // Arguments that cannot be read (a missing field, `session=abc`, a body that is not
            // UTF-8 or too long): the caller's mistake, a 400, never our 500.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                AppError::Invalid("The request was incomplete. Please reload the page.".into())
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function machinery failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::AppError;
    use axum::http::StatusCode;
    use sqlx::error::ErrorKind;

    impl AppError {
        /// The HTTP status that goes with the sentence, so clients and logs can tell a
        /// mistyped request from our own failure.
        pub fn status_code(&self) -> StatusCode {
            match self {
                AppError::Invalid(_) => StatusCode::BAD_REQUEST,
                AppError::NotFound(_) => StatusCode::NOT_FOUND,
                AppError::Unauthorised => StatusCode::UNAUTHORIZED,
                AppError::Forbidden | AppError::NotAllowed(_) => StatusCode::FORBIDDEN,
                AppError::SignInRefused => StatusCode::UNAUTHORIZED,
                AppError::TooManyAttempts | AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
                AppError::TwoStepCodeNeeded | AppError::TwoStepCodeUsed => StatusCode::UNAUTHORIZED,
                AppError::Conflict(_) => StatusCode::CONFLICT,
                AppError::Offline | AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            }
        }
    }

    /// Every server function returns through this: an error's status goes on the response
    /// (server functions otherwise answer every error with 500). A plain HTML form is instead
    /// redirected back to its page, which shows the error, so its status stays a redirect.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(error) = &result {
            if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                if !crate::server::is_plain_form() {
                    response.set_status(error.status_code());
                }
            }
        }
        result
    }

    impl From<sqlx::Error> for AppError {
        /// Logs the database's own words and answers with a sentence that leaks none of them.
        fn from(error: sqlx::Error) -> Self {
            match &error {
                sqlx::Error::RowNotFound => AppError::NotFound("what you asked for".into()),
                sqlx::Error::Database(db) => match db.kind() {
                    ErrorKind::UniqueViolation => {
                        tracing::info!(error = %db, "unique constraint refused a write");
                        AppError::Conflict("That already exists.".into())
                    }
                    ErrorKind::ForeignKeyViolation => {
                        tracing::info!(error = %db, "foreign key refused a write");
                        AppError::Conflict(
                            "That refers to something that does not exist any more.".into(),
                        )
                    }
                    ErrorKind::CheckViolation | ErrorKind::NotNullViolation => {
                        tracing::warn!(error = %db, "check constraint refused a write");
                        AppError::Invalid("Some of the details are not valid.".into())
                    }
                    // PostgreSQL's exclusion constraint for one session per space at a time:
                    // the same rule as the trigger, met when two people plan at the same moment.
                    _ if db.code().as_deref() == Some("23P01") => {
                        tracing::info!(error = %db, "an exclusion constraint refused a write");
                        AppError::Conflict(trigger_sentence("space is taken at that time").into())
                    }
                    // PostgreSQL's "data exception" class: a value its types refuse (a date that
                    // does not exist, a number out of range), where SQLite's CHECKs refused.
                    _ if db
                        .code()
                        .as_deref()
                        .is_some_and(|code| code.starts_with("22")) =>
                    {
                        tracing::warn!(error = %db, "a value was refused by its type");
                        AppError::Invalid("Some of the details are not valid.".into())
                    }
                    _ if is_trigger_refusal(db.code().as_deref()) => {
                        tracing::info!(error = %db, "a database rule refused a write");
                        AppError::Conflict(trigger_sentence(db.message()).into())
                    }
                    _ => {
                        tracing::error!(error = %db, "database error");
                        AppError::Internal
                    }
                },
                _ => {
                    tracing::error!(error = %error, "database error");
                    AppError::Internal
                }
            }
        }
    }

    /// SQLite's code for `RAISE(ABORT, …)` in a trigger (`SQLITE_CONSTRAINT_TRIGGER`), and
    /// PostgreSQL's for `RAISE EXCEPTION` with our rule's SQLSTATE (`P0001`, raise_exception).
    fn is_trigger_refusal(code: Option<&str>) -> bool {
        matches!(code, Some("1811" | "P0001"))
    }

    /// The sentence for a rule the database enforces with a trigger. The trigger's own words
    /// (see `migrations/`) are terse and for developers; people read these. A rule not listed
    /// gets a general sentence — still a refusal (409), not our failure.
    fn trigger_sentence(rule: &str) -> &'static str {
        match rule {
            "session is full" => "That session is full.",
            "run is full" => "That run is full.",
            "space is taken at that time" => "That space is already booked at that time.",
            "the lead is leading another session at that time" => {
                "The lead is already leading another session at that time."
            }
            "outside the venue opening hours" => "The venue is closed at that time.",
            "capacity below places already taken" => {
                "The number of places cannot go below the places already taken."
            }
            // Who is kept apart from whom is the coordinator's to know.
            "kept apart" => "Not possible — ask the coordinator.",
            "seat does not fit the booking" => "That seat does not fit their session.",
            "only a driver can drive a run" => "Only someone with the driver role can drive.",
            "a claim can only change while it is a draft" => {
                "This claim has been sent, so it can no longer be changed."
            }
            "a line is dated in its claim's month" => "A line goes on the claim for its own month.",
            "an anonymised record cannot be changed" => {
                "This record was anonymised under the retention schedule: it cannot be changed."
            }
            "nobody approves their own claim" => {
                "Nobody approves or pays their own claim: another coordinator or team leader must."
            }
            _ => "That change would break one of the programme's rules, so nothing was saved.",
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn trigger_refusals_are_sentences_and_never_name_who_is_kept_apart() {
            assert!(is_trigger_refusal(Some("1811")));
            assert!(
                !is_trigger_refusal(Some("2067")),
                "a unique violation is not a rule"
            );
            assert!(!is_trigger_refusal(None));
            assert_eq!(
                trigger_sentence("kept apart"),
                "Not possible — ask the coordinator."
            );
            assert!(trigger_sentence("anything else").ends_with("nothing was saved."));
        }
    }
}

#[cfg(feature = "ssr")]
pub use server::respond;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machinery_failures_become_plain_sentences() {
        let offline = AppError::from_server_fn_error(ServerFnErrorErr::Request("dns".into()));
        assert_eq!(offline, AppError::Offline);
        let internal =
            AppError::from_server_fn_error(ServerFnErrorErr::ServerError("secret path".into()));
        assert!(!internal.to_string().contains("secret"));
    }

    #[test]
    fn round_trips_through_the_wire_encoding() {
        let error = AppError::Conflict("Court 1 is taken.".into());
        assert_eq!(AppError::de(error.ser()), error);
    }
}
