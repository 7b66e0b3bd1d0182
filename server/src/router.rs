//! Every route of the site: pages and server functions (through Leptos), the
//! health check, the language switch, and the static files.
use crate::config::Config;
use crate::feeds;
use crate::page_cache::{self, PageCache};
use crate::security::{self, PageNonce, Security};
use crate::state::ServerState;
use app::i18n::Locale;
use app::kernel::request::AppContext;
use app::{App, shell};
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use leptos::nonce::Nonce;
use leptos::prelude::{LeptosOptions, provide_context, use_context};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use serde::Deserialize;
use std::sync::{Arc, OnceLock};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::services::fs::ServeFileSystemResponseBody as ServeFileBody;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tower_http::trace::TraceLayer;

/// Requests larger than this are refused before any handler reads them.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

/// The app's routes, generated once per process. While Leptos generates them it
/// holds back every resource in the process, and a page another server in the same
/// process renders at that moment waits for ever (leptos-rs/leptos#4773). Only the
/// tests run several servers in one process; they hung about once in 70 runs.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(config: &Config, app: AppContext) -> Router {
    let state = ServerState {
        leptos_options: config.leptos.clone(),
        app: app.clone(),
        security: Arc::new(Security::new(config)),
    };
    let routes = route_list();
    let provide_app = move || {
        provide_context(app.clone());
        use_page_nonce();
    };
    Router::new()
        .route("/healthz", get(health))
        .route("/language", post(set_language))
        .route("/texts/{file}", get(texts))
        .route("/feeds/calendar.ics", get(feeds::public_feed))
        .route("/feeds/private/{file}", get(feeds::private_feed))
        .route("/events/{id}/ics", get(feeds::event_file))
        .route("/api/v1/events", get(feeds::api_events))
        .route(
            "/api/planner/events",
            get(crate::planner_events::plan_events),
        )
        .nest_service("/pkg", built_files(&config.leptos))
        .leptos_routes_with_context(&state, routes, provide_app.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            ServerState,
            _,
        >(provide_app, shell))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(PageCache::new(config.page_cache, state.app.public.writes())),
            page_cache::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.security.clone(),
            security::guard,
        ))
        // Pages, feeds and JSON are compressed as they are written; the built
        // files already are (see `built_files`) and pass through unchanged.
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The WASM, JS and CSS that cargo-leptos built: served as the brotli or gzip
/// copy made at build time (`--precompress`) when the browser accepts it. With
/// hashed file names (`LEPTOS_HASH_FILES=true`, as the release build makes them) a
/// name never changes its content, so browsers keep the files for a year;
/// otherwise they ask each time whether a file changed.
fn built_files(
    options: &LeptosOptions,
) -> SetResponseHeader<
    ServeDir,
    impl Fn(&Response<ServeFileBody>) -> Option<HeaderValue> + Clone + use<>,
> {
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let cache = if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    // Only files found: a file missing during a deploy must not be remembered as
    // missing for a year.
    let cache_control = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        move |response: &Response<ServeFileBody>| {
            response
                .status()
                .is_success()
                .then(|| HeaderValue::from_static(cache))
        },
    );
    tower::Layer::layer(&cache_control, files)
}

/// The page's scripts carry the nonce the security layer made for this request,
/// the one its Content-Security-Policy allows (see `security::PageNonce`).
fn use_page_nonce() {
    let nonce =
        use_context::<Parts>().and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        provide_context(Nonce::from_value(nonce));
    }
}

/// A language's texts, for the browser to hydrate with. The name carries the
/// content's hash, so a name never changes its content.
async fn texts(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    match app::i18n::texts_at(&format!("/texts/{file}")) {
        Some(locale) => (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            app::i18n::source(locale),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn health(State(app): State<AppContext>) -> Response {
    match app.db.ping().await {
        Ok(()) => Json(serde_json::json!({ "status": "ok" })).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    back: String,
}

/// Remembers the chosen language for a year and returns to the page it was chosen on.
async fn set_language(
    State(app): State<AppContext>,
    headers: axum::http::HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Response {
    let locale = Locale::from_code(&form.lang).unwrap_or_default();
    // A signed-in visitor's mails follow the language they choose.
    if let Some(token) = session_token(&headers) {
        let token_hash = app::accounts::api::ssr::token_hash(&token);
        if let Err(err) = app
            .db
            .set_session_language(&token_hash, locale.code())
            .await
        {
            tracing::warn!(error = %err, "could not remember the account's language");
        }
    }
    // Only a path on this site: never an open redirect. Browsers drop tabs and
    // newlines from URLs and read a backslash as a slash, so those are refused too.
    let safe = form.back.starts_with('/')
        && !form.back[1..].starts_with(['/', '\\'])
        && !form
            .back
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\');
    let back = if safe { form.back } else { "/".to_owned() };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        Locale::COOKIE,
        locale.code()
    );
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The session cookie's value, if the request carries one.
fn session_token(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == app::accounts::api::ssr::SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}
