//! The one error type that crosses the wire. Internal causes are logged on the
//! server and never sent to the client.
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A message for one form field, named as the field's `name` attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

impl FieldError {
    pub fn new(field: &str, msg: Msg) -> Self {
        Self {
            field: field.to_owned(),
            msg,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 400: the request is not one this site's forms send (an argument missing
    /// or not of its type, a body that is no form); nothing in it is about one field.
    #[error("bad request")]
    BadRequest,
    /// 401: the request needs a signed-in account.
    #[error("unauthorized")]
    Unauthorized,
    /// 403: the signed-in account may not do this.
    #[error("forbidden")]
    Forbidden,
    /// 404: the thing does not exist (or is not visible to this account).
    #[error("not found")]
    NotFound,
    /// 422: input was rejected; one message per offending field.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// 409: the request conflicts with the current state.
    #[error("conflict")]
    Conflict(Msg),
    /// 429: too many attempts; try again later.
    #[error("too many requests")]
    TooManyRequests,
    /// 503 on the client: the server could not be reached.
    #[error("unavailable")]
    Unavailable,
    /// 500: something failed on the server; the cause is in the server log.
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn invalid(field: &str, msg: Msg) -> Self {
        Self::Invalid(vec![FieldError::new(field, msg)])
    }

    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            Self::BadRequest => S::BAD_REQUEST,
            Self::Unauthorized => S::UNAUTHORIZED,
            Self::Forbidden => S::FORBIDDEN,
            Self::NotFound => S::NOT_FOUND,
            Self::Invalid(_) => S::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => S::CONFLICT,
            Self::TooManyRequests => S::TOO_MANY_REQUESTS,
            Self::Unavailable => S::SERVICE_UNAVAILABLE,
            Self::Internal => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message for one field, if the server rejected it.
    pub fn field(&self, name: &str) -> Option<Msg> {
        match self {
            Self::Invalid(errors) => errors.iter().find(|e| e.field == name).map(|e| e.msg),
            _ => None,
        }
    }

    /// A message for the whole form: everything that is not about one field.
    pub fn summary(&self) -> Msg {
        match self {
            Self::BadRequest => Msg::ErrorBadRequest,
            Self::Unauthorized => Msg::ErrorUnauthorized,
            Self::Forbidden => Msg::ErrorForbidden,
            Self::NotFound => Msg::ErrorNotFound,
            Self::Invalid(_) => Msg::ErrorInvalid,
            Self::Conflict(msg) => *msg,
            Self::TooManyRequests => Msg::ErrorTooManyRequests,
            Self::Unavailable => Msg::ErrorUnavailable,
            Self::Internal => Msg::ErrorInternal,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server, `Args`, `MissingArg` and `Deserialization` mean that the
    /// request could not be read as the function's arguments. The function body,
    /// and with it `kernel::request::respond`, never runs then, so the status is
    /// set here: otherwise server_fn answers such input with 500. (On the client,
    /// `Deserialization` is an answer it could not read, e.g. from a newer server:
    /// reloading helps there too.)
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let err = match value {
            ServerFnErrorErr::Request(_) => Self::Unavailable,
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => Self::BadRequest,
            _ => Self::Internal,
        };
        #[cfg(feature = "ssr")]
        if err == Self::BadRequest {
            crate::kernel::request::set_error_status(&err);
        }
        err
    }
}
