//! Headers every response carries, and the Origin check that refuses
//! cross-site writes.
use crate::config::Config;
use app::kernel::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use std::sync::Arc;

/// Responses other than pages (files, server functions, feeds) get this policy.
const DEFAULT_CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The nonce this request's page gives its inline scripts, and its policy allows.
/// It is made here, before the page renders, and handed to Leptos through the
/// request's extensions (`router::use_page_nonce`), so the page and its policy
/// always agree, however the page is rendered or cached.
#[derive(Clone, Debug)]
pub struct PageNonce(pub Arc<str>);

impl PageNonce {
    fn new() -> Self {
        let mut bytes = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes).into())
    }
}

pub struct Security {
    /// The origins writes may come from: the public URL's, e.g.
    /// `https://treffpunkt.example.org` (and for a demo on this machine, the same
    /// port under `localhost` and `127.0.0.1`).
    write_origins: Vec<String>,
    hsts: bool,
    /// `cargo leptos watch` reloads pages through a websocket on its own port.
    reload_sources: String,
}

impl Security {
    pub fn new(config: &Config) -> Self {
        let reload_sources = if config.leptos.env == leptos::config::Env::DEV {
            let port = config.leptos.reload_port;
            format!(" ws://127.0.0.1:{port} ws://localhost:{port}")
        } else {
            String::new()
        };
        Self {
            write_origins: write_origins(&config.public_url, config.demo),
            hsts: config.secure_cookies(),
            reload_sources,
        }
    }

    /// A page allows scripts only from this site and the inline ones Leptos writes
    /// for hydration, which carry the page's nonce.
    fn page_policy(&self, nonce: &str) -> String {
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; font-src 'self'; connect-src 'self'{}; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
            self.reload_sources
        )
    }

    /// A write is allowed when the browser says it comes from this site: its
    /// Origin (or, when a browser sends none, its Referer) has the scheme, host and
    /// port of the public URL. The request's own `Host` is not trusted, and an
    /// opaque `null` origin (a sandboxed frame, a `data:` page) is refused.
    pub fn allows_write(&self, headers: &HeaderMap) -> bool {
        let claimed = match headers.get(header::ORIGIN) {
            Some(origin) => origin.to_str().ok().and_then(origin_of),
            None => headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(origin_of),
        };
        claimed.is_some_and(|claimed| self.write_origins.contains(&claimed))
    }
}

fn write_origins(public_url: &str, demo: bool) -> Vec<String> {
    let Some(origin) = origin_of(public_url) else {
        return Vec::new();
    };
    let mut origins = vec![origin.clone()];
    if demo && let Some(port) = origin.strip_prefix("http://").and_then(loopback_port) {
        for host in ["localhost", "127.0.0.1"] {
            origins.push(format!("http://{host}{port}"));
        }
    }
    origins
}

/// `:3000` of `localhost:3000` or `127.0.0.1:3000`.
fn loopback_port(host: &str) -> Option<&str> {
    host.strip_prefix("localhost")
        .or_else(|| host.strip_prefix("127.0.0.1"))
        .filter(|port| port.is_empty() || port.starts_with(':'))
}

/// `scheme://host[:port]` of an http(s) URL, lower-cased, without a default port;
/// `None` for anything else (`null`, `file:`, garbage).
fn origin_of(url: &str) -> Option<String> {
    let url = url.trim().to_ascii_lowercase();
    let (scheme, rest) = url.split_once("://")?;
    let default_port = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.strip_suffix(default_port).unwrap_or(authority);
    if host.is_empty() || host.contains('@') {
        return None;
    }
    Some(format!("{scheme}://{host}"))
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn guard(
    State(security): State<Arc<Security>>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    if !is_safe(request.method()) && !security.allows_write(request.headers()) {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "refused a cross-site write");
        // Server functions answer in the error type the page can translate.
        let body = serde_json::to_string(&AppError::Forbidden).unwrap_or_default();
        let mut response = (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
        add_headers(&security, response.headers_mut(), None);
        add_cache_control(Answer::ServerFunction, response.headers_mut());
        return response;
    }
    let answer = Answer::to(&request);
    let nonce = PageNonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    add_headers(&security, response.headers_mut(), Some(&nonce));
    add_cache_control(answer, response.headers_mut());
    response
}

/// What a request is answered with, as far as caching goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    /// A server function's answer: about the caller, or a write.
    ServerFunction,
    /// Anything for a request with a session cookie: a page is then the
    /// person's own (their name, their registrations).
    SignedIn,
    /// Anything else: anonymous pages (the page cache decides those), files,
    /// feeds and the JSON API.
    Public,
}

impl Answer {
    fn to(request: &Request<Body>) -> Self {
        let path = request.uri().path();
        if path.starts_with("/api/") && !path.starts_with("/api/v1/") {
            return Self::ServerFunction;
        }
        let signed_in = request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(name, _)| name == app::accounts::api::ssr::SESSION_COOKIE);
        if signed_in {
            Self::SignedIn
        } else {
            Self::Public
        }
    }
}

/// `private, no-store` for every server function's answer and every page a
/// signed-in person gets: no browser or proxy cache may keep a copy that a later
/// visitor (after logout, on a shared computer) or another user could be shown.
/// A signed-in browser's files (`/pkg/…`) keep whatever caching they have.
fn add_cache_control(answer: Answer, headers: &mut HeaderMap) {
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if answer == Answer::ServerFunction || (answer == Answer::SignedIn && is_page) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
}

fn add_headers(security: &Security, headers: &mut HeaderMap, nonce: Option<&PageNonce>) {
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = match nonce {
        Some(nonce) if is_page => HeaderValue::from_str(&security.page_policy(&nonce.0)).ok(),
        _ => None,
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        policy.unwrap_or(HeaderValue::from_static(DEFAULT_CSP)),
    );
    if security.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn security(public_url: &str, demo: bool) -> Security {
        Security {
            write_origins: write_origins(public_url, demo),
            hsts: false,
            reload_sources: String::new(),
        }
    }

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                name.clone(),
                HeaderValue::from_str(value).expect("valid header"),
            );
        }
        map
    }

    #[test]
    fn a_write_from_the_public_origin_is_allowed() {
        let s = security("http://127.0.0.1:3000", false);
        let h = headers(&[(header::ORIGIN, "http://127.0.0.1:3000")]);
        assert!(s.allows_write(&h));
        let proxied = security("https://Treffpunkt.example.org/", false);
        let h = headers(&[
            (header::HOST, "10.0.0.5:3000"),
            (header::ORIGIN, "https://treffpunkt.example.org:443"),
        ]);
        assert!(proxied.allows_write(&h));
    }

    #[test]
    fn scheme_host_and_port_must_all_match() {
        let s = security("https://treffpunkt.example.org", false);
        for origin in [
            "http://treffpunkt.example.org",
            "https://treffpunkt.example.org:8443",
            "https://treffpunkt.example.org.evil.example",
            "https://evil.example",
            "null",
            "file://",
        ] {
            let h = headers(&[
                (header::HOST, "treffpunkt.example.org"),
                (header::ORIGIN, origin),
            ]);
            assert!(!s.allows_write(&h), "{origin}");
        }
    }

    #[test]
    fn the_host_header_is_not_trusted() {
        let s = security("https://treffpunkt.example.org", false);
        let h = headers(&[
            (header::HOST, "evil.example"),
            (header::ORIGIN, "http://evil.example"),
        ]);
        assert!(!s.allows_write(&h));
    }

    #[test]
    fn a_null_origin_is_refused_even_with_a_same_site_referer() {
        let s = security("http://127.0.0.1:3000", false);
        let h = headers(&[
            (header::ORIGIN, "null"),
            (header::REFERER, "http://127.0.0.1:3000/login"),
        ]);
        assert!(!s.allows_write(&h));
        assert!(!s.allows_write(&headers(&[(header::HOST, "127.0.0.1:3000")])));
    }

    #[test]
    fn the_referer_stands_in_for_a_missing_origin() {
        let s = security("http://localhost:3000", false);
        let h = headers(&[(header::REFERER, "http://localhost:3000/login?x=1")]);
        assert!(s.allows_write(&h));
        let h = headers(&[(header::REFERER, "http://localhost:3001/login")]);
        assert!(!s.allows_write(&h));
    }

    #[test]
    fn a_demo_on_this_machine_takes_localhost_and_127_0_0_1() {
        let demo = security("http://127.0.0.1:3000", true);
        assert!(demo.allows_write(&headers(&[(header::ORIGIN, "http://localhost:3000")])));
        let production = security("http://127.0.0.1:3000", false);
        assert!(!production.allows_write(&headers(&[(header::ORIGIN, "http://localhost:3000")])));
    }

    #[test]
    fn a_page_gets_a_policy_with_its_nonce_and_other_responses_the_default() {
        let nonce = PageNonce::new();
        let mut page = headers(&[(header::CONTENT_TYPE, "text/html; charset=utf-8")]);
        add_headers(
            &security("http://127.0.0.1:3000", false),
            &mut page,
            Some(&nonce),
        );
        let policy = page[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ascii");
        assert!(policy.contains(&format!("'nonce-{}'", nonce.0)), "{policy}");
        assert_ne!(nonce.0, PageNonce::new().0, "every page its own nonce");

        let mut file = headers(&[(header::CONTENT_TYPE, "text/css")]);
        add_headers(
            &security("http://127.0.0.1:3000", false),
            &mut file,
            Some(&nonce),
        );
        assert_eq!(file[header::CONTENT_SECURITY_POLICY], DEFAULT_CSP);
        let mut refused = headers(&[(header::CONTENT_TYPE, "text/html")]);
        add_headers(
            &security("http://127.0.0.1:3000", false),
            &mut refused,
            None,
        );
        assert_eq!(refused[header::CONTENT_SECURITY_POLICY], DEFAULT_CSP);
    }
}
