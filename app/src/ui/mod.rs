//! The pages and their parts, shared by server rendering and hydration.
pub mod form;
pub mod layout;
pub mod not_found;
pub mod providers;
pub mod routes;
pub mod server_html;

use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

/// The visitor's language: on the server from the `lang` cookie, in the browser
/// from `<html lang>`, which the server rendered from the same cookie.
pub fn current_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        crate::kernel::request::request_locale()
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
    view! {
        <!DOCTYPE html>
        <html lang=locale.code() dir=locale.dir()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name=crate::i18n::TEXTS_META content=texts_path(locale) />
                <link rel="preload" href=texts_path(locale) r#as="fetch" crossorigin="anonymous" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href=stylesheet_href(&options) />
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

/// Where the browser fetches the page's texts before it hydrates.
fn texts_path(locale: Locale) -> &'static str {
    #[cfg(feature = "ssr")]
    {
        crate::i18n::texts_path(locale)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = locale;
        ""
    }
}

/// `/pkg/treffpunkt.css`, or with hashed file names `/pkg/treffpunkt.<hash>.css`,
/// read once from the hash file cargo-leptos writes beside the server binary.
fn stylesheet_href(options: &LeptosOptions) -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let pkg = &options.site_pkg_dir;
        let name = &options.output_name;
        let hash = options
            .hash_files
            .then(|| {
                let exe = std::env::current_exe().ok()?;
                std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()
            })
            .flatten()
            .and_then(|hashes| {
                hashes.lines().find_map(|line| {
                    line.split_once(':')
                        .filter(|(kind, _)| kind.trim() == "css")
                        .map(|(_, hash)| hash.trim().to_owned())
                })
            });
        match hash {
            Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
            None => format!("/{pkg}/{name}.css"),
        }
    })
}

/// The document title for a page's title. leptos_meta 0.8.7 writes it into
/// `<title>` on the server as it is, so there it is escaped here: an event title
/// like `</title><meta http-equiv="refresh" …>` stays text. The browser sets
/// `document.title` as text, where escaping would show `&lt;`.
fn title_text(page: String) -> String {
    let title = if page.is_empty() {
        "Treffpunkt · Alte Körne Haus".to_owned()
    } else {
        format!("{page} · Treffpunkt")
    };
    #[cfg(feature = "ssr")]
    let title = form::escape_html(&title);
    title
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = current_locale();
    provide_context(locale);
    providers::provide_auth();

    view! {
        <Title formatter=title_text />
        <Router>
            <layout::SkipLink />
            <layout::Header />
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=|| view! { <not_found::NotFoundPage /> }>
                    <Route path=path!("") view={Lazy::<routes::ProgrammeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/calendar") view=crate::calendar::ui::views::CalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id") view={Lazy::<routes::EventRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/events/:id/edit") view={Lazy::<routes::SeriesEditorRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/my") view={Lazy::<routes::MyCalendarRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/screen") view={Lazy::<routes::EntranceScreenRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/planner") view={Lazy::<routes::PlannerRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/planner/print") view={Lazy::<routes::PrintRoomWeekRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/print/week") view={Lazy::<routes::PrintWeekRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login") view={Lazy::<routes::LoginRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/signup") view={Lazy::<routes::SignupRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<routes::AccountRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/offers") view={Lazy::<routes::MyOffersRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/offers/new") view={Lazy::<routes::OfferRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/offers/:id") view={Lazy::<routes::OfferRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/moderation/offers") view={Lazy::<routes::OfferQueueRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/rooms/request") view={Lazy::<routes::RequestRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/moderation/requests") view={Lazy::<routes::RequestQueueRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/rooms") view={Lazy::<routes::BookingSettingsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/mail") view={Lazy::<routes::FailedMailsRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </main>
            <layout::Footer />
        </Router>
    }
}
