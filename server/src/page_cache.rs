//! A short-lived cache of pages as anonymous visitors see them.
//!
//! Rendering the programme costs far more than serving bytes, and most visitors
//! are anonymous and see the same page. A page is cached only when the request
//! carries no session cookie, has no query (or is a calendar page, whose query is
//! its view and filters), and the response is a plain 200 HTML page without
//! cookies. Entries are keyed by path, query and language. Any write through
//! this server (any non-GET request) makes every entry stale at once; other servers'
//! writes show after at most the time-to-live and one render. When an entry
//! expires, one request renders the page again while the others are served the
//! expired copy, so a popular page never makes every connection render at once.
//! Each copy gets its request's CSP nonce, so the nonce stays unpredictable.
use crate::security::PageNonce;
use app::kernel::cache::Writes;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Pages larger than this are served but not cached.
const MAX_PAGE_BYTES: usize = 512 * 1024;
/// More keys than this (paths × languages) clear the cache: only real routes are cached.
const MAX_ENTRIES: usize = 256;
/// Pages whose query string is part of what they show (view, date, filters).
const QUERY_PAGES: [&str; 3] = ["/calendar", "/print/week", PUBLIC_FEED];
/// The public iCalendar feed: the same for everyone, and costly to write.
const PUBLIC_FEED: &str = "/feeds/calendar.ics";
/// Longer queries are not cached (a shared calendar link is far shorter).
const MAX_QUERY_BYTES: usize = 300;
/// A render that has not stored its page by then is taken over by the next request.
const REFRESH_TIMEOUT: Duration = Duration::from_secs(10);

struct Entry {
    generation: u64,
    stored_at: Instant,
    headers: HeaderMap,
    body: Arc<str>,
    /// The nonce in the page's scripts; a feed has none.
    nonce: Option<Arc<str>>,
    /// When a request began to render this page again after it expired.
    refresh_claimed: Mutex<Option<Instant>>,
}

pub struct PageCache {
    ttl: Duration,
    generation: Writes,
    entries: Mutex<HashMap<String, Arc<Entry>>>,
}

/// What the cache has for a request.
enum Lookup {
    /// A copy to serve: fresh, or expired while another request renders it again.
    Copy(Arc<Entry>, &'static str),
    /// Expired, and this request renders it again.
    Refresh,
    Miss,
}

impl PageCache {
    /// A cache whose entries live `ttl`; `Duration::ZERO` turns it off.
    /// `writes` is shared with the app's caches of public data, which the same
    /// writes make stale.
    pub fn new(ttl: Duration, writes: Writes) -> Self {
        Self {
            ttl,
            generation: writes,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn invalidate(&self) {
        self.generation.record();
    }

    fn lookup(&self, key: &str) -> Lookup {
        let entry = match self.entries.lock() {
            Ok(entries) => entries.get(key).cloned(),
            Err(_) => None,
        };
        let Some(entry) = entry else {
            return Lookup::Miss;
        };
        if entry.generation != self.generation.current() {
            return Lookup::Miss;
        }
        if entry.stored_at.elapsed() < self.ttl {
            return Lookup::Copy(entry, "hit");
        }
        let Ok(mut claimed) = entry.refresh_claimed.lock() else {
            return Lookup::Miss;
        };
        match *claimed {
            Some(at) if at.elapsed() < REFRESH_TIMEOUT => {
                drop(claimed);
                Lookup::Copy(entry, "stale")
            }
            _ => {
                *claimed = Some(Instant::now());
                Lookup::Refresh
            }
        }
    }

    fn put(&self, key: String, entry: Arc<Entry>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, entry);
        }
    }
}

/// The cache key of a request that may be served from the cache.
fn cache_key(request: &Request) -> Option<String> {
    if request.method() != Method::GET {
        return None;
    }
    let path = request.uri().path();
    let query = request.uri().query().unwrap_or("");
    if !query.is_empty() && (!QUERY_PAGES.contains(&path) || query.len() > MAX_QUERY_BYTES) {
        return None;
    }
    if path.starts_with("/api/")
        || path.starts_with("/pkg/")
        || (path.contains('.') && path != PUBLIC_FEED)
    {
        return None;
    }
    let mut language = "";
    for pair in request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
    {
        match pair.trim().split_once('=') {
            Some((name, _)) if name == app::accounts::api::ssr::SESSION_COOKIE => return None,
            Some(("lang", value)) => language = value,
            _ => {}
        }
    }
    Some(format!("{path}?{query}|{language}"))
}

/// A cached copy for this request: a page's old nonce is replaced by the one this
/// request's policy allows (`security::PageNonce`), so no two copies share one.
fn copy_for(entry: &Entry, state: &'static str, nonce: Option<&PageNonce>) -> Response {
    let mut headers = entry.headers.clone();
    headers.insert("x-treffpunkt-cache", HeaderValue::from_static(state));
    let body = match (&entry.nonce, nonce) {
        (Some(old), Some(PageNonce(new))) => Body::from(entry.body.replace(&**old, new)),
        _ => Body::from(entry.body.to_string()),
    };
    let mut response = Response::new(body);
    *response.headers_mut() = headers;
    response
}

fn cacheable(response: &Response) -> bool {
    response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html") || v.starts_with("text/calendar"))
}

/// Server functions that only read: calling them (a hydrated page navigating)
/// leaves the caches as they are. Every other non-GET request counts as a write.
const READING_FUNCTIONS: [&str; 13] = [
    "/api/planner/plan",
    "/api/planner/series_check",
    "/api/planner/suggest",
    "/api/planner/history",
    "/api/calendar/upcoming_events",
    "/api/calendar/programme_html",
    "/api/calendar/view",
    "/api/calendar/html",
    "/api/calendar/event",
    "/api/calendar/create_form_choices",
    "/api/calendar/my",
    "/api/calendar/series_editor",
    "/api/accounts/current_user",
];

pub async fn layer(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        let reads = READING_FUNCTIONS.contains(&request.uri().path());
        let response = next.run(request).await;
        if !reads {
            cache.invalidate();
        }
        return response;
    }
    let key = match cache_key(&request) {
        Some(key) if !cache.ttl.is_zero() => key,
        _ => return next.run(request).await,
    };
    let nonce = request.extensions().get::<PageNonce>().cloned();
    if let Lookup::Copy(entry, state) = cache.lookup(&key) {
        return copy_for(&entry, state, nonce.as_ref());
    }
    let generation = cache.generation.current();
    let response = next.run(request).await;
    if !cacheable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes: Bytes = match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "could not read a page for the cache");
            let mut failed = Response::new(Body::empty());
            *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return failed;
        }
    };
    // An HTML page is cached only with its nonce, which each copy renews; the feed
    // has no scripts.
    let is_page = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if let (false, Ok(text)) = (is_page && nonce.is_none(), std::str::from_utf8(&bytes)) {
        let mut headers = parts.headers.clone();
        headers.remove(header::CONTENT_LENGTH);
        cache.put(
            key,
            Arc::new(Entry {
                generation,
                stored_at: Instant::now(),
                headers,
                body: Arc::from(text),
                nonce: nonce.filter(|_| is_page).map(|n| n.0),
                refresh_claimed: Mutex::new(None),
            }),
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(cache: &PageCache) -> Arc<Entry> {
        Arc::new(Entry {
            generation: cache.generation.current(),
            stored_at: Instant::now(),
            headers: HeaderMap::new(),
            body: Arc::from("<p>Programm</p>"),
            nonce: None,
            refresh_claimed: Mutex::new(None),
        })
    }

    #[test]
    fn an_expired_page_is_rendered_again_once_while_others_get_the_copy() {
        let cache = PageCache::new(Duration::from_millis(1), Writes::default());
        assert!(matches!(cache.lookup("/"), Lookup::Miss));
        cache.put("/".to_owned(), entry(&cache));
        std::thread::sleep(Duration::from_millis(5));
        assert!(
            matches!(cache.lookup("/"), Lookup::Refresh),
            "the first renders"
        );
        for _ in 0..3 {
            assert!(
                matches!(cache.lookup("/"), Lookup::Copy(_, "stale")),
                "the others wait not"
            );
        }
        cache.put("/".to_owned(), entry(&cache));
        let long = PageCache::new(Duration::from_secs(60), Writes::default());
        long.put("/".to_owned(), entry(&long));
        assert!(matches!(long.lookup("/"), Lookup::Copy(_, "hit")));
        long.invalidate();
        assert!(
            matches!(long.lookup("/"), Lookup::Miss),
            "a write is never served stale"
        );
    }
}
