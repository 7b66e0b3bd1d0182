//! iCalendar feeds (RFC 5545) and the read-only JSON API of public events.
//!
//! A series is published once, with its rule, exception dates for every date the
//! rule gives but the house does not hold, and an overriding instance
//! (RECURRENCE-ID) for every date that was changed or cancelled, so calendar
//! programs expand it to exactly the dates the page shows.
mod handlers;
mod ics;
mod json_api;

pub use handlers::{event_file, private_feed, public_calendar, public_feed};
pub use json_api::api_events;

use crate::state::ServerState;
use app::calendar::query::Filter;
use app::i18n::Locale;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

type Pairs = Vec<(String, String)>;

fn filter_of(pairs: &Pairs) -> Filter {
    Filter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn locale_of(pairs: &Pairs) -> Locale {
    pairs
        .iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Locale::from_code(v))
        .unwrap_or_default()
}

fn internal(err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "feed failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

fn site(state: &ServerState) -> String {
    state.app.public_url.clone()
}
