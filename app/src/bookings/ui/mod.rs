//! The room requests' pages: the request form with the room's week, the
//! person's own requests, the house's queue, and the admin's settings.
pub mod queue;
pub mod request;
pub mod settings;
pub mod thread;

use crate::bookings::api::{RequestSummary, WithdrawRequest, my_requests};
use crate::bookings::mail::when;
use crate::bookings::rules::RequestStatus;
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::ui::form::FormAlert;
use crate::ui::providers::{t, use_locale};
use leptos::either::EitherOf3;
use leptos::prelude::*;

#[component]
pub fn RequestBadge(status: RequestStatus) -> impl IntoView {
    view! { <span class=format!("badge badge--{}", status.code())>{t(status.label())}</span> }
}

/// The room, date and time of a request as people read them.
pub fn request_when(request: &RequestSummary) -> String {
    when(
        use_locale(),
        &request.room_name,
        request.starts_at,
        request.ends_at,
    )
}

/// The signed-in person's room requests, with their state, the next step, the
/// house's reason, and a way to take a waiting one back.
#[component]
pub fn MyRequests() -> impl IntoView {
    let withdraw = ServerAction::<WithdrawRequest>::new();
    let changed = RwSignal::new(0usize);
    let requests = Resource::new(
        move || (withdraw.version().get(), changed.get()),
        |_| my_requests(),
    );
    view! {
        <section aria-labelledby="requests">
            <h2 id="requests">{t(Msg::RequestsMineHeading)}</h2>
            <p><a class="button" href="/rooms/request">{t(Msg::RequestNewLink)}</a></p>
            <FormAlert value=withdraw.value() />
            <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match requests.await {
                        Ok(list) if list.is_empty() => EitherOf3::A(view! {
                            <div class="empty-state"><p>{t(Msg::RequestsMineEmpty)}</p></div>
                        }),
                        Ok(list) => EitherOf3::B(view! {
                            <ul class="request-list">
                                {list.into_iter().map(|request| view! { <MyRequest request withdraw changed /> }).collect_view()}
                            </ul>
                        }),
                        Err(err) => EitherOf3::C(view! {
                            <p class="form-alert" role="alert">{t(err.summary())}</p>
                        }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MyRequest(
    request: RequestSummary,
    withdraw: ServerAction<WithdrawRequest>,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let status = RequestStatus::from_code(&request.status).unwrap_or(RequestStatus::Pending);
    let reason = (!request.decision_reason.is_empty()).then(|| {
        view! { <p class="request__reason"><strong>{t(Msg::RequestReasonLabel)}</strong> " " {request.decision_reason.clone()}</p> }
    });
    view! {
        <li class="card request">
            <h3>{request_when(&request)}</h3>
            <p><RequestBadge status /> " " {t(status.next_step())}</p>
            <p>{request.purpose.clone()}</p>
            {reason}
            <thread::RequestThread request_id=request.request_id messages=request.messages.clone()
                open={status == RequestStatus::Pending} changed />
            {(status == RequestStatus::Pending).then(|| view! {
                <ActionForm action=withdraw>
                    <input type="hidden" name="request_id" value=request.request_id.to_string() />
                    <button class="button button--secondary" type="submit" disabled=move || withdraw.pending().get()>
                        {t(Msg::RequestWithdraw)}
                    </button>
                </ActionForm>
            })}
        </li>
    }
}

/// What a page shows when its data could not be read.
pub fn failure(err: AppError) -> impl IntoView {
    match err {
        AppError::Unauthorized => leptos::either::Either::Left(view! {
            <p>{t(Msg::ErrorUnauthorized)} " " <a href="/login">{t(Msg::NavLogin)}</a></p>
        }),
        err => leptos::either::Either::Right(view! {
            <p class="form-alert" role="alert">{t(err.summary())}</p>
        }),
    }
}
