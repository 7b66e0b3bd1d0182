//! The pages and their parts, shared by server rendering and hydration.
pub mod components;
pub mod layout;
pub mod pages;
pub mod providers;

use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The visitor's language: on the server from the `lang` cookie, in the browser
/// from `<html lang>`, which the server rendered from the same cookie.
pub fn current_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        crate::api::ssr::request_locale()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Locale::from_code(&code))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Locale::default()
    }
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = current_locale();
    #[cfg(feature = "ssr")]
    set_content_security_policy(options.env == leptos::config::Env::DEV, options.reload_port);
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href="/pkg/treffpunkt.css" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Pages allow scripts only from this site and the inline ones Leptos writes for
/// hydration, which carry this response's nonce.
#[cfg(feature = "ssr")]
fn set_content_security_policy(dev: bool, reload_port: u32) {
    use http::HeaderValue;
    use http::header::CONTENT_SECURITY_POLICY;
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    // `cargo leptos watch` reloads the page through a websocket on its own port.
    let reload = if dev {
        format!(" ws://127.0.0.1:{reload_port} ws://localhost:{reload_port}")
    } else {
        String::new()
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'{reload}; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = current_locale();
    provide_context(locale);
    providers::provide_auth();

    view! {
        <Title formatter=|page: String| {
            if page.is_empty() { "Treffpunkt · Alte Körne Haus".to_owned() } else { format!("{page} · Treffpunkt") }
        } />
        <Router>
            <layout::SkipLink />
            <layout::Header />
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=|| view! { <pages::not_found::NotFoundPage /> }>
                    <Route path=path!("") view=pages::calendar::ProgrammePage ssr=SsrMode::Async />
                    <Route path=path!("/calendar") view=pages::calendar_views::CalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id") view=pages::event::EventPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id/edit") view=pages::series_edit::SeriesEditorPage ssr=SsrMode::Async />
                    <Route path=path!("/my") view=pages::my_calendar::MyCalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/screen") view=pages::screen::EntranceScreen ssr=SsrMode::Async />
                    <Route path=path!("/print/week") view=pages::screen::PrintWeek ssr=SsrMode::Async />
                    <Route path=path!("/login") view=pages::accounts::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/signup") view=pages::accounts::SignupPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <layout::Footer />
        </Router>
    }
}
