//! The conversation about a waiting room request, shown with the request in
//! the person's list and in the house's queue: the messages, oldest first,
//! and while the request waits, a form to write one more.
use crate::bookings::api::PostRequestMessage;
use crate::bookings::fields;
use crate::i18n::Msg;
use crate::offers::api::OfferMessage;
use crate::offers::rules::MESSAGE_MAX_CHARS;
use crate::offers::ui::page::MessageList;
use crate::ui::form::FormAlert;
use crate::ui::providers::{t, use_locale};
use leptos::prelude::*;

#[component]
pub fn RequestThread(
    request_id: i64,
    messages: Vec<OfferMessage>,
    open: bool,
    /// Counted up after a message is sent, so the list is read again.
    changed: RwSignal<usize>,
) -> impl IntoView {
    let locale = use_locale();
    let post = ServerAction::<PostRequestMessage>::new();
    let value = post.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(()))) {
            changed.update(|n| *n += 1);
        }
    });
    let count = messages.len();
    let body_id = format!("message-{request_id}");
    let error = move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.field(fields::BODY))
        })
    };
    (count > 0 || open).then(|| view! {
        <details class="request__thread" open=(count > 0).then_some("")>
            <summary>{Msg::RequestThreadSummary.fill(locale, &[("count", &count)])}</summary>
            <MessageList messages />
            {open.then(|| view! {
                <ActionForm action=post attr:class="form" attr:novalidate=true>
                    <input type="hidden" name=fields::REQUEST_ID value=request_id.to_string() />
                    <div class="field" class:field--invalid=move || error().is_some()>
                        <label class="field__label" for=body_id.clone()>{t(Msg::OfferMessageLabel)}</label>
                        <textarea class="field__control field__control--multiline" id=body_id.clone()
                            name=fields::BODY rows="3" maxlength=MESSAGE_MAX_CHARS
                            aria-describedby=format!("{body_id}-error")
                            aria-invalid=move || error().is_some().then_some("true")></textarea>
                        <p class="field__error" id=format!("{body_id}-error")>{move || error().map(t)}</p>
                    </div>
                    <FormAlert value />
                    <button class="button button--secondary" type="submit" disabled=move || post.pending().get()>
                        {t(Msg::OfferMessageSend)}
                    </button>
                </ActionForm>
            })}
        </details>
    })
}
