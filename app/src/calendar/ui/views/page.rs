//! The calendar page: the views the server rendered (see `body`), the way the
//! browser moves through them, and fetching the views of the next address.
use super::use_calendar_query;
use crate::calendar::query::CalendarQuery;
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::ui::providers::t;
use crate::ui::server_html::ServerHtml;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn CalendarPage() -> impl IntoView {
    let query = use_calendar_query();
    let body = Resource::new(move || query.get(), calendar_body);
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| submit_as_navigation(ev, &navigate);
    view! {
        <Title text=t(Msg::CalendarHeading) />
        <h1>{t(Msg::CalendarHeading)}</h1>
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {
                let on_submit = on_submit.clone();
                move || {
                    let on_submit = on_submit.clone();
                    Suspend::new(async move {
                        match body.await {
                            Ok(body) => Either::Left(view! {
                                <div class="calendar-frame" on:keydown=on_grid_key on:submit=on_submit inner_html=body.html></div>
                            }),
                            Err(err) => Either::Right(view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }),
                        }
                    })
                }
            }
        </Transition>
    }
}

/// The views for `query`: on the server straight from the kept HTML, in the
/// browser from the server (`calendar_html`).
async fn calendar_body(query: CalendarQuery) -> Result<ServerHtml, AppError> {
    #[cfg(feature = "ssr")]
    {
        use crate::kernel::request::respond;
        respond(
            crate::calendar::api::ssr::calendar_html(&query)
                .await
                .map(ServerHtml::in_page),
        )
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::calendar::api::calendar_html(query).await
    }
}

/// The date jump and the filters are plain GET forms in the server's HTML; once
/// the page has hydrated they navigate like a link, so only the views change.
fn submit_as_navigation(
    ev: leptos::ev::SubmitEvent,
    navigate: &impl Fn(&str, leptos_router::NavigateOptions),
) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys::{FormData, HtmlFormElement, UrlSearchParams};
        let Some(form) = ev
            .target()
            .and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let action = form.get_attribute("action").unwrap_or_default();
        if !form.method().eq_ignore_ascii_case("get") || !action.starts_with('/') {
            return;
        }
        let Ok(params) = FormData::new_with_form(&form)
            .and_then(|data| UrlSearchParams::new_with_str_sequence_sequence(&data))
        else {
            return;
        };
        ev.prevent_default();
        let query = String::from(params.to_string());
        navigate(&format!("{action}?{query}"), Default::default());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, navigate);
}

/// Moves the focus between the month's day links with the arrow keys.
fn on_grid_key(ev: leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        // Right to left, the week runs from the right: the left arrow is the next day.
        let forward = if document().dir() == "rtl" { -1 } else { 1 };
        let step: i64 = match ev.key().as_str() {
            "ArrowLeft" => -forward,
            "ArrowRight" => forward,
            "ArrowUp" => -7,
            "ArrowDown" => 7,
            _ => return,
        };
        let Some(index) = event_target::<leptos::web_sys::Element>(&ev)
            .get_attribute("data-day")
            .and_then(|i| i.parse::<i64>().ok())
        else {
            return;
        };
        let selector = format!("a[data-day=\"{}\"]", index + step);
        if let Ok(Some(next)) = document().query_selector(&selector)
            && let Ok(next) = next.dyn_into::<leptos::web_sys::HtmlElement>()
        {
            ev.prevent_default();
            let _ = next.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}
