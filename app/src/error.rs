//! The one error type of server functions. It crosses the network, so it carries only what
//! the user may see: a kind, never database text. Causes are logged on the server.

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
                    AppError::Invalid("error-bad-argument".into())
                }
                ServerFnErrorErr::Registration(_) => AppError::NotFound,
                ServerFnErrorErr::ServerError(cause)
                | ServerFnErrorErr::MiddlewareError(cause)
                | ServerFnErrorErr::Response(cause) => AppError::internal(cause),
                ServerFnErrorErr::Request(_)
                | ServerFnErrorErr::UnsupportedRequestMethod(_)
                | ServerFnErrorErr::Serialization(_) => AppError::Invalid("error-bad-request".into()),
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
            AppError::Invalid(key) => key,
            AppError::Internal => "error-internal",
            AppError::Transport(_) => "error-network",
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Logs an internal cause and returns the opaque error the browser sees.
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        tracing::error!(%cause, "server function failed");
        AppError::Internal
    }

    /// The HTTP status that goes with this error.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(key) if key == "error-bad-request" => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Sets the HTTP status that goes with this error on the current response.
    pub fn with_status(self) -> AppError {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(self.status());
        }
        self
    }
}

#[cfg(feature = "ssr")]
impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> Self {
        AppError::internal(e)
    }
}
