use crate::i18n::Msg;
use crate::ui::providers::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t(Msg::NotFoundHeading) />
        <h1>{t(Msg::NotFoundHeading)}</h1>
        <p>{t(Msg::NotFoundText)}</p>
        <p>
            <a href="/">{t(Msg::BackToProgramme)}</a>
        </p>
    }
}
