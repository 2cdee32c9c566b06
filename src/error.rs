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
    /// Wrong name, wrong password, or no such account: one answer for all three.
    #[error("That name and password do not match. Check them and try again.")]
    SignInRefused,
    #[error("Too many tries. Please wait 15 minutes, then try again.")]
    TooManyAttempts,
    /// Name and password are right; a code from the authenticator app is needed too.
    #[error("Now enter the 6-digit code from your authenticator app.")]
    TwoStepCodeNeeded,
    /// The request clashes with what is already there; the text names the clash.
    #[error("{0}")]
    Conflict(String),
    /// The browser could not reach the server.
    #[error("We could not reach TurnAround. Check your signal and try again.")]
    Offline,
    /// Our fault. The detail is in the server log.
    #[error("Something went wrong on our side. Please try again in a minute.")]
    Internal,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            ServerFnErrorErr::Request(_) => AppError::Offline,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
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
                AppError::Forbidden => StatusCode::FORBIDDEN,
                AppError::SignInRefused => StatusCode::UNAUTHORIZED,
                AppError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
                AppError::TwoStepCodeNeeded => StatusCode::UNAUTHORIZED,
                AppError::Conflict(_) => StatusCode::CONFLICT,
                AppError::Offline => StatusCode::SERVICE_UNAVAILABLE,
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
