//! The read-only JSON API of public events.
use super::{Pairs, filter_of, internal, locale_of, site};
use crate::state::ServerState;
use app::calendar::api::ssr::{day_bounds, today};
use app::calendar::api::{CalendarEvent, public};
use app::calendar::rules::{Exposure, Price};
use app::kernel::time::HOUSE_ZONE;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Days, NaiveDate, NaiveDateTime};

/// The widest window the JSON API answers in one request.
const API_MAX_DAYS: i64 = 366;

/// `GET /api/v1/events?from=2026-12-01&to=2026-12-31&category=…`: public events as JSON.
pub async fn api_events(State(state): State<ServerState>, Query(pairs): Query<Pairs>) -> Response {
    let today = today();
    let date_param = |name: &str| -> Result<Option<NaiveDate>, String> {
        match pairs.iter().find(|(k, _)| k == name) {
            None => Ok(None),
            Some((_, v)) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| format!("{name} must be a date like 2026-12-01")),
        }
    };
    let (first, last) = match (date_param("from"), date_param("to")) {
        (Ok(from), Ok(to)) => {
            let first = from.unwrap_or(today);
            let last = to.unwrap_or_else(|| first.checked_add_days(Days::new(30)).unwrap_or(first));
            (first, last)
        }
        (Err(e), _) | (_, Err(e)) => return api_error(&e),
    };
    if last < first {
        return api_error("to must not be before from");
    }
    if (last - first).num_days() >= API_MAX_DAYS {
        return api_error("at most 366 days per request");
    }
    let filter = filter_of(&pairs);
    let locale = locale_of(&pairs);
    let (from, to) = day_bounds(first, last);
    let rows = match state.app.db.calendar_rows(from, to).await {
        Ok(rows) => rows,
        Err(err) => return internal(err),
    };
    let site = site(&state);
    let events: Vec<serde_json::Value> = rows
        .into_iter()
        .filter_map(|row| public::event(row, locale))
        .filter(|e| public::passes(&filter, e))
        .map(|e| api_event(&e, &site))
        .collect();
    let mut response = Json(serde_json::json!({
        "version": 1,
        "from": first.to_string(),
        "to": last.to_string(),
        "count": events.len(),
        "events": events,
    }))
    .into_response();
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

fn api_error(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": message })),
    )
        .into_response()
}

fn zoned(local: NaiveDateTime) -> String {
    app::series::recurrence::resolve_local(local, HOUSE_ZONE)
        .with_timezone(&HOUSE_ZONE)
        .to_rfc3339()
}

fn api_event(e: &CalendarEvent, site: &str) -> serde_json::Value {
    let full = e.exposure == Exposure::Full;
    serde_json::json!({
        "id": e.occurrence_id,
        "series_id": e.series_id,
        "title": e.title,
        "description": e.description,
        "start": zoned(e.starts_local),
        "end": zoned(e.ends_local),
        "kind": match e.exposure {
            Exposure::Full => "event",
            Exposure::Counselling => "counselling",
            Exposure::Occupied => "occupied",
        },
        "status": if e.cancelled { "cancelled" } else { "scheduled" },
        "room": e.room_name,
        "category": full.then(|| serde_json::json!({ "slug": e.category_slug, "name": e.category })),
        "group": e.group_name,
        "audience": e.audience.iter().map(|a| a.code()).collect::<Vec<_>>(),
        "languages": e.languages,
        "price": match e.price {
            Price::Free => serde_json::json!({ "kind": "free" }),
            Price::Donation => serde_json::json!({ "kind": "donation" }),
            Price::Amount(cents) => serde_json::json!({ "kind": "amount", "cents": cents, "currency": "EUR" }),
        },
        "step_free": e.step_free,
        "seats": e.seats,
        "seats_left": e.seats_left,
        "recurring": e.recurring,
        "url": (e.exposure != Exposure::Occupied).then(|| format!("{site}/events/{}", e.occurrence_id)),
    })
}
