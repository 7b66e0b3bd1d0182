//! What every server function needs from the request it serves: the shared
//! context, the database, the request's parts, its language and session.
use crate::db::Db;
use crate::i18n::Locale;
use crate::kernel::error::AppError;
use http::request::Parts;
use leptos::prelude::*;

/// Shared by every request: provided as context to pages and server functions.
#[derive(Clone, Debug)]
pub struct AppContext {
    pub db: Db,
    /// Whether cookies get the `Secure` attribute (the site is served over HTTPS).
    pub secure_cookies: bool,
    /// The site's public address, without a trailing slash: `TREFFPUNKT_PUBLIC_URL`,
    /// or in demo mode the listen address. Never taken from a request's headers.
    pub public_url: String,
    /// The public calendar and programme as every visitor sees them, kept briefly.
    pub public: std::sync::Arc<crate::calendar::api::ssr::PublicData>,
    /// The reverse proxy whose `X-Forwarded-For` names the client (see `limits`).
    pub trusted_proxy: Option<std::net::IpAddr>,
}

pub fn app_context() -> Result<AppContext, AppError> {
    use_context::<AppContext>().ok_or_else(|| {
        tracing::error!("AppContext missing from the reactive context");
        AppError::Internal
    })
}

pub fn db() -> Result<Db, AppError> {
    app_context().map(|c| c.db)
}

pub fn request_parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request Parts missing from the reactive context");
        AppError::Internal
    })
}

pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_owned())
}

/// The site's address for absolute links (feeds, share links, OpenGraph): the
/// configured one only. A request's `Host` would let one request poison the
/// links that the page cache then serves to everyone.
pub fn site_url() -> String {
    app_context().map(|c| c.public_url).unwrap_or_default()
}

/// The visitor's language, from the `lang` cookie; German when unset.
pub fn request_locale() -> Locale {
    use_context::<Parts>()
        .and_then(|parts| cookie(&parts, Locale::COOKIE))
        .and_then(|code| Locale::from_code(&code))
        .unwrap_or_default()
}

/// Sets the HTTP status that belongs to an error, so that plain HTTP clients see
/// 401/403/422 and not a generic 500. A form posted by a browser without (or
/// before) JavaScript asks for HTML; it keeps Leptos's redirect back to the page.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        set_error_status(err);
    }
    result
}

/// The status part of [`respond`], also used for input that never reached
/// the server function (see `FromServerFnError for AppError`).
pub fn set_error_status(err: &AppError) {
    let wants_html = use_context::<Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if !wants_html && let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(err.status());
    }
}

/// Sets the status that belongs to an error whatever the request accepts: for
/// reads that a page renders on the server and a browser fetches, never a
/// form's answer, so a signed-out visitor's page says 401 and a resident's 403.
pub fn set_page_status(err: &AppError) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(err.status());
    }
}
