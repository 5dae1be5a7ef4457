//! The one error type, end to end. Server functions return it, plain axum routes return it
//! (`IntoResponse`, rendered per request by `server::respond`), and the browser shows its
//! translated sentence. It crosses the network, so it carries only what the person may see:
//! a kind and a translation key, never database text. The constructors set the HTTP status of
//! the response being built and log internal causes, once, so no caller maps statuses by hand.

use domain::Denied;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Bad input; the string is a translation key explaining what to fix.
    #[error("invalid input: {0}")]
    Invalid(String),
    /// A request that could not be read at all (wrong format, missing parts).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The record is not in a state that allows this (locked, closed, id taken).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The server is at its limit for this kind of work; trying again later helps.
    #[error("busy: {0}")]
    Busy(String),
    #[error("internal error")]
    Internal,
    #[error("network or protocol error: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server these are requests that could not be read (arguments of the wrong type,
    /// out of range or missing, a body in another format): the person gets a translated
    /// sentence, never decoder text. In the browser they are network and protocol failures.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            match value {
                ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                    AppError::invalid("error-bad-argument")
                }
                ServerFnErrorErr::Registration(_) => AppError::not_found(),
                ServerFnErrorErr::ServerError(cause)
                | ServerFnErrorErr::MiddlewareError(cause)
                | ServerFnErrorErr::Response(cause) => AppError::internal(cause),
                ServerFnErrorErr::Request(_)
                | ServerFnErrorErr::UnsupportedRequestMethod(_)
                | ServerFnErrorErr::Serialization(_) => AppError::bad_request("error-bad-request"),
            }
        }
        #[cfg(not(feature = "ssr"))]
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    /// The translation key of the message shown to a person.
    pub fn message_key(&self) -> &str {
        match self {
            AppError::NotSignedIn => "error-not-signed-in",
            AppError::Forbidden => "error-forbidden",
            AppError::NotFound => "error-not-found",
            AppError::Invalid(key) | AppError::BadRequest(key) | AppError::Conflict(key) | AppError::Busy(key) => key,
            AppError::Internal => "error-internal",
            AppError::Transport(_) => "error-network",
        }
    }

    /// The HTTP status that goes with this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotSignedIn => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::BadRequest(_) => 400,
            AppError::Conflict(_) => 409,
            AppError::Invalid(_) => 422,
            AppError::Busy(_) => 503,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    pub fn not_signed_in() -> AppError {
        AppError::NotSignedIn.responding()
    }

    pub fn forbidden() -> AppError {
        AppError::Forbidden.responding()
    }

    pub fn not_found() -> AppError {
        AppError::NotFound.responding()
    }

    /// Input to correct; `key` translates to what to fix.
    pub fn invalid(key: impl Into<String>) -> AppError {
        AppError::Invalid(key.into()).responding()
    }

    pub fn bad_request(key: impl Into<String>) -> AppError {
        AppError::BadRequest(key.into()).responding()
    }

    pub fn conflict(key: impl Into<String>) -> AppError {
        AppError::Conflict(key.into()).responding()
    }

    pub fn busy(key: impl Into<String>) -> AppError {
        AppError::Busy(key.into()).responding()
    }

    /// Logs an internal cause and returns the opaque error the browser sees.
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        #[cfg(feature = "ssr")]
        tracing::error!(%cause, "request failed");
        #[cfg(not(feature = "ssr"))]
        let _ = cause;
        AppError::Internal.responding()
    }

    /// Sets this error's status on the response a server function or page is building.
    fn responding(self) -> AppError {
        #[cfg(feature = "ssr")]
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(self.status());
        }
        self
    }
}

/// The policy's refusal, the one mapping: records outside the person's institution, region or
/// assignment answer "not found", revealing nothing about them.
impl From<Denied> for AppError {
    fn from(denied: Denied) -> AppError {
        match denied {
            Denied::NotSignedIn => AppError::not_signed_in(),
            Denied::OutOfScope | Denied::NotAssigned => AppError::not_found(),
            Denied::WrongRole
            | Denied::NoApprovalRight
            | Denied::ConflictOfInterest
            | Denied::OwnDecision
            | Denied::NotApplicable => AppError::forbidden(),
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    pub fn status(&self) -> http::StatusCode {
        http::StatusCode::from_u16(self.status_code()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
    }
}

#[cfg(feature = "ssr")]
impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> Self {
        AppError::internal(e)
    }
}

#[cfg(feature = "ssr")]
impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::internal(e)
    }
}

/// Plain axum routes return `Result<_, AppError>`: the status goes out at once and the error
/// rides along as an extension; `server::respond::render_errors` writes the translated body as
/// JSON or as a page, as the request asked.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}
