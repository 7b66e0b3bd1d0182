//! Headers every response carries, and the Origin check that refuses
//! cross-site writes.
use crate::config::Config;
use app::error::AppError;
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
    /// The configured public origin, e.g. `https://treffpunkt.example.org`.
    public_origin: Option<String>,
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
            public_origin: config.public_url.as_deref().map(origin_of),
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
    /// Origin (or, failing that, its Referer) names the host the request was sent to,
    /// or the configured public origin.
    pub fn allows_write(&self, headers: &HeaderMap) -> bool {
        let claimed = headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .filter(|v| *v != "null")
            .map(origin_of)
            .or_else(|| {
                headers
                    .get(header::REFERER)
                    .and_then(|v| v.to_str().ok())
                    .map(origin_of)
            });
        let Some(claimed) = claimed else { return false };
        if self.public_origin.as_deref() == Some(claimed.as_str()) {
            return true;
        }
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        match (host, claimed.split_once("://")) {
            (Some(host), Some((_, claimed_host))) => claimed_host.eq_ignore_ascii_case(host),
            _ => false,
        }
    }
}

/// `scheme://host[:port]` of a URL, lower-cased.
fn origin_of(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            format!("{scheme}://{host}")
        }
        None => url,
    }
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
        return response;
    }
    let nonce = PageNonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    add_headers(&security, response.headers_mut(), Some(&nonce));
    response
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

    fn security(public: Option<&str>) -> Security {
        Security {
            public_origin: public.map(origin_of),
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
    fn a_write_from_the_same_host_is_allowed() {
        let h = headers(&[
            (header::HOST, "127.0.0.1:3000"),
            (header::ORIGIN, "http://127.0.0.1:3000"),
        ]);
        assert!(security(None).allows_write(&h));
    }

    #[test]
    fn a_write_from_another_site_or_without_origin_is_refused() {
        let s = security(None);
        assert!(!s.allows_write(&headers(&[
            (header::HOST, "127.0.0.1:3000"),
            (header::ORIGIN, "http://evil.example")
        ])));
        assert!(!s.allows_write(&headers(&[
            (header::HOST, "127.0.0.1:3000"),
            (header::ORIGIN, "null")
        ])));
        assert!(!s.allows_write(&headers(&[(header::HOST, "127.0.0.1:3000")])));
        assert!(!s.allows_write(&headers(&[
            (header::HOST, "127.0.0.1:3000"),
            (header::ORIGIN, "http://127.0.0.1:3000.evil.example")
        ])));
    }

    #[test]
    fn the_referer_stands_in_for_a_missing_origin() {
        let h = headers(&[
            (header::HOST, "localhost:3000"),
            (header::REFERER, "http://localhost:3000/login?x=1"),
        ]);
        assert!(security(None).allows_write(&h));
    }

    #[test]
    fn the_public_origin_is_allowed_behind_a_proxy() {
        let h = headers(&[
            (header::HOST, "10.0.0.5:3000"),
            (header::ORIGIN, "https://treffpunkt.example.org"),
        ]);
        assert!(security(Some("https://Treffpunkt.example.org/")).allows_write(&h));
        assert!(!security(None).allows_write(&h));
    }

    #[test]
    fn a_page_gets_a_policy_with_its_nonce_and_other_responses_the_default() {
        let nonce = PageNonce::new();
        let mut page = headers(&[(header::CONTENT_TYPE, "text/html; charset=utf-8")]);
        add_headers(&security(None), &mut page, Some(&nonce));
        let policy = page[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ascii");
        assert!(policy.contains(&format!("'nonce-{}'", nonce.0)), "{policy}");
        assert_ne!(nonce.0, PageNonce::new().0, "every page its own nonce");

        let mut file = headers(&[(header::CONTENT_TYPE, "text/css")]);
        add_headers(&security(None), &mut file, Some(&nonce));
        assert_eq!(file[header::CONTENT_SECURITY_POLICY], DEFAULT_CSP);
        let mut refused = headers(&[(header::CONTENT_TYPE, "text/html")]);
        add_headers(&security(None), &mut refused, None);
        assert_eq!(refused[header::CONTENT_SECURITY_POLICY], DEFAULT_CSP);
    }
}
