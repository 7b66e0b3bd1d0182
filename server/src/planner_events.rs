//! `GET /api/planner/events`: server-sent events that tell an open planner the
//! plan changed, for organisers and admins. Each event names the change, the
//! date and its new version; the page fetches the plan again. The browser's
//! `EventSource` reconnects by itself; the page then fetches the plan to catch up.
use crate::state::ServerState;
use app::accounts::permissions::can_create_event;
use app::planner::live::{self, PlanChanged};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == app::accounts::api::ssr::SESSION_COOKIE)
        .map(|(_, token)| token)
}

fn event(change: PlanChanged) -> Event {
    Event::default()
        .event("plan")
        .id(change.change_id.to_string())
        .data(change.payload())
}

pub async fn plan_events(State(state): State<ServerState>, headers: HeaderMap) -> Response {
    let Some(token) = session_token(&headers) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let hash = app::accounts::api::ssr::token_hash(token);
    let account = match state.app.db.session_account(&hash).await {
        Ok(Some(account)) => account,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot read the session");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if !can_create_event(&account.roles) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let changes = live::subscribe();
    let stream = futures::stream::unfold(changes, |mut changes| async move {
        let next = match changes.recv().await {
            Ok(change) => event(change),
            // Too far behind: the page fetches the whole plan anyway.
            Err(RecvError::Lagged(_)) => Event::default().event("plan").data("lagged"),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok::<_, Infallible>(next), changes))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
