//! The house's room requests: each waiting one with its room, time, guests
//! and purpose, and one form to approve or decline it (a reason is needed to
//! decline). One form per request, so it works without JavaScript.
use super::thread::RequestThread;
use super::{RequestBadge, failure, request_when};
use crate::bookings::api::{DecideRequest, RequestSummary, request_queue};
use crate::bookings::fields;
use crate::bookings::rules::RequestStatus;
use crate::i18n::Msg;
use crate::offers::rules::MESSAGE_MAX_CHARS;
use crate::ui::form::FormAlert;
use crate::ui::providers::{t, use_auth, use_locale};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RequestQueuePage() -> impl IntoView {
    let changed = RwSignal::new(0usize);
    let requests = Resource::new(move || changed.get(), |_| request_queue());
    view! {
        <Title text=t(Msg::RequestQueueHeading) />
        <h1>{t(Msg::RequestQueueHeading)}</h1>
        <p>{t(Msg::RequestQueueIntro)}</p>
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match requests.await {
                    Ok(list) if list.is_empty() => EitherOf3::A(view! {
                        <div class="empty-state"><p>{t(Msg::RequestQueueEmpty)}</p></div>
                    }),
                    Ok(list) => EitherOf3::B(view! {
                        <ul class="request-list">
                            {list.into_iter().map(|request| view! { <QueueItem request changed /> }).collect_view()}
                        </ul>
                    }),
                    Err(err) => EitherOf3::C(failure(err)),
                }
            })}
        </Transition>
    }
}

#[component]
fn QueueItem(request: RequestSummary, changed: RwSignal<usize>) -> impl IntoView {
    let status = RequestStatus::from_code(&request.status).unwrap_or(RequestStatus::Pending);
    let locale = use_locale();
    let who = request
        .requester_name
        .clone()
        .unwrap_or_else(|| t(Msg::OfferFormerAccount).to_owned());
    let id = request.request_id;
    view! {
        <li class="card request">
            <h2 id=format!("request-{id}")>{request_when(&request)}</h2>
            <p><RequestBadge status /></p>
            <dl class="request__facts">
                <dt>{t(Msg::RequestRequester)}</dt><dd>{who}</dd>
                <dt>{t(Msg::RequestGuests)}</dt><dd>{request.guests}</dd>
                <dt>{t(Msg::RequestPurpose)}</dt><dd class="request__purpose">{request.purpose.clone()}</dd>
                {(!request.contact.is_empty()).then(|| view! {
                    <dt>{t(Msg::FieldContact)}</dt><dd>{request.contact.clone()}</dd>
                })}
                {(!request.decision_reason.is_empty()).then(|| view! {
                    <dt>{t(Msg::RequestReasonLabel)}</dt><dd>{request.decision_reason.clone()}</dd>
                })}
                <dt>{t(Msg::RequestReceived)}</dt>
                <dd>{crate::offers::ui::when(locale, request.created_at)}</dd>
            </dl>
            <RequestThread request_id=id messages=request.messages.clone()
                open={status == RequestStatus::Pending} changed />
            {(status == RequestStatus::Pending).then(|| view! { <DecisionForm id changed /> })}
        </li>
    }
}

#[component]
fn DecisionForm(id: i64, changed: RwSignal<usize>) -> impl IntoView {
    let decide = ServerAction::<DecideRequest>::new();
    let value = decide.value();
    let user = use_auth().user;
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(()))) {
            changed.update(|n| *n += 1);
            // The navigation's count of what waits for the house.
            user.refetch();
        }
    });
    let reason_id = format!("reason-{id}");
    let error = move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.field(fields::REASON))
        })
    };
    let choice = move |code: &'static str, label: Msg, first: bool| {
        let input_id = format!("decision-{code}-{id}");
        view! {
            <div class="check">
                <input type="radio" id=input_id.clone() name=fields::DECISION value=code checked=first.then_some("") />
                <label for=input_id>{t(label)}</label>
            </div>
        }
    };
    view! {
        <ActionForm action=decide attr:class="form" attr:novalidate=true>
            <input type="hidden" name=fields::REQUEST_ID value=id.to_string() />
            <fieldset class="choices">
                <legend>{t(Msg::OfferDecisionLegend)}</legend>
                {choice("approve", Msg::RequestApprove, true)}
                {choice("decline", Msg::RequestDecline, false)}
            </fieldset>
            <div class="field" class:field--invalid=move || error().is_some()>
                <label class="field__label" for=reason_id.clone()>{t(Msg::OfferReason)}</label>
                <p class="field__hint" id=format!("{reason_id}-hint")>{t(Msg::RequestReasonHint)}</p>
                <textarea class="field__control field__control--multiline" id=reason_id.clone()
                    name=fields::REASON rows="3" maxlength=MESSAGE_MAX_CHARS
                    aria-describedby=format!("{reason_id}-hint {reason_id}-error")
                    aria-invalid=move || error().is_some().then_some("true")></textarea>
                <p class="field__error" id=format!("{reason_id}-error")>{move || error().map(t)}</p>
            </div>
            <FormAlert value />
            <button class="button" type="submit" disabled=move || decide.pending().get()>
                {move || if decide.pending().get() { Either::Left(t(Msg::Saving)) } else { Either::Right(t(Msg::OfferDecisionSubmit)) }}
            </button>
        </ActionForm>
    }
}
