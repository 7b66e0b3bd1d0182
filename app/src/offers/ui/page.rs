//! One offer: its author edits it while it may be edited, both sides read and
//! write the thread, and organisers decide. `/offers/new` is the empty form.
use super::decide::DecisionPanel;
use super::form::OfferForm;
use super::{StatusBadge, when};
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::offers::api::{
    OfferMessage, OfferPageData, OfferRecord, PostOfferMessage, WithdrawOffer, offer_page,
};
use crate::offers::fields;
use crate::offers::rules::MESSAGE_MAX_CHARS;
use crate::planner::ui::describe::features_label;
use crate::ui::form::{FormAlert, TextAreaField, field_error};
use crate::ui::not_found::NotFoundPage;
use crate::ui::providers::{t, use_locale};
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OfferPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_else(|| "new".to_owned())));
    let message = ServerAction::<PostOfferMessage>::new();
    let withdraw = ServerAction::<WithdrawOffer>::new();
    let changed = RwSignal::new(0usize);
    let data = Resource::new(
        move || {
            (
                id.get(),
                message.version().get(),
                withdraw.version().get(),
                changed.get(),
            )
        },
        |(id, ..)| offer_page(id),
    );
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => EitherOf4::A(view! { <OfferView data message withdraw changed /> }),
                    Err(AppError::NotFound) => EitherOf4::B(view! { <NotFoundPage /> }),
                    Err(AppError::Unauthorized) => EitherOf4::C(view! {
                        <h1>{t(Msg::OfferNewHeading)}</h1>
                        <p>{t(Msg::ErrorUnauthorized)} " " <a href="/login">{t(Msg::NavLogin)}</a></p>
                    }),
                    Err(err) => EitherOf4::D(view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn OfferView(
    data: OfferPageData,
    message: ServerAction<PostOfferMessage>,
    withdraw: ServerAction<WithdrawOffer>,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let Some(offer) = data.offer.clone() else {
        return Either::Left(view! {
            <Title text=t(Msg::OfferNewHeading) />
            <h1>{t(Msg::OfferNewHeading)}</h1>
            <p>{t(Msg::OfferNewIntro)}</p>
            <OfferForm offer=None categories=data.categories groups=data.groups changed />
        });
    };
    let status = offer.state();
    let editing = data.is_author && status.editable();
    let title = offer.title.clone();
    Either::Right(view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="offer-status">
            <StatusBadge status />
            " "
            {data.is_author.then(|| t(status.next_step()))}
        </p>
        {(!offer.decision_reason.is_empty() && !status.open_for_messages()).then(|| view! {
            <p class="offer-reason"><strong>{t(Msg::OfferReason)} ": "</strong>{offer.decision_reason.clone()}</p>
        })}
        {offer.series_id.filter(|_| data.is_house).map(|_| view! {
            <p><a href="/planner">{t(Msg::OfferInTray)}</a></p>
        })}
        {if editing {
            Either::Left(view! {
                <OfferForm offer=Some(offer.clone()) categories=data.categories.clone() groups=data.groups.clone() changed />
            })
        } else {
            Either::Right(view! { <OfferFacts offer=offer.clone() html=data.description_html.clone() /> })
        }}
        {(data.is_author && status.withdrawable()).then(|| view! { <WithdrawForm offer_id=offer.offer_id withdraw /> })}
        {status.visible_to_house().then(|| view! {
            <Thread offer_id=offer.offer_id messages=data.messages.clone() open=status.open_for_messages() message />
        })}
        {(data.is_house && !data.is_author && status.open_for_messages()).then(|| view! {
            <DecisionPanel offer_id=offer.offer_id status rooms=data.rooms.clone() changed />
        })}
    })
}

/// The offer as the house reads it. The description is Markdown the server
/// made into sanitised HTML (`kernel::markdown`).
#[component]
fn OfferFacts(offer: OfferRecord, html: String) -> impl IntoView {
    let locale = use_locale();
    let needs: Vec<String> = offer
        .needs_features
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let fact = |label: Msg, value: String| {
        (!value.is_empty()).then(|| view! { <dt>{t(label)}</dt><dd>{value}</dd> })
    };
    view! {
        <section class="card" aria-labelledby="offer-facts-heading">
            <h2 id="offer-facts-heading">{t(Msg::OfferFactsHeading)}</h2>
            <div class="offer-description" inner_html=html></div>
            <dl class="facts">
                {fact(Msg::OfferFrequency, offer.frequency.clone())}
                {fact(Msg::OfferPreferredTimes, offer.preferred_times.clone())}
                {fact(Msg::OfferParticipants, offer.expected_participants.map(|n| n.to_string()).unwrap_or_default())}
                {fact(Msg::OfferRoomNeeds, features_label(locale, &needs))}
                {fact(Msg::OfferVolunteersNeeded, if offer.volunteers_needed { t(Msg::Yes).to_owned() } else { String::new() })}
                {fact(Msg::FieldContact, offer.contact.clone())}
            </dl>
        </section>
    }
}

#[component]
fn WithdrawForm(offer_id: i64, withdraw: ServerAction<WithdrawOffer>) -> impl IntoView {
    let value = withdraw.value();
    view! {
        <ActionForm action=withdraw attr:class="form form--inline">
            <input type="hidden" name=fields::OFFER_ID value=offer_id.to_string() />
            <FormAlert value />
            <button class="button button--danger" type="submit" disabled=move || withdraw.pending().get()>
                {t(Msg::OfferWithdraw)}
            </button>
        </ActionForm>
    }
}

/// The messages between the author and the house, oldest first.
#[component]
fn Thread(
    offer_id: i64,
    messages: Vec<OfferMessage>,
    open: bool,
    message: ServerAction<PostOfferMessage>,
) -> impl IntoView {
    let value = message.value();
    let list = if messages.is_empty() {
        Either::Left(view! { <p class="empty-state">{t(Msg::OfferThreadEmpty)}</p> })
    } else {
        Either::Right(view! { <MessageList messages /> })
    };
    view! {
        <section class="card" aria-labelledby="thread-heading">
            <h2 id="thread-heading">{t(Msg::OfferThreadHeading)}</h2>
            {list}
            {open.then(|| view! {
                <ActionForm action=message attr:class="form" attr:novalidate=true>
                    <input type="hidden" name=fields::OFFER_ID value=offer_id.to_string() />
                    <TextAreaField name=fields::BODY label=Msg::OfferMessageLabel maxlength=MESSAGE_MAX_CHARS
                        error=field_error(value, fields::BODY) />
                    <FormAlert value />
                    <p class="form-success" role="status">
                        {move || matches!(value.get(), Some(Ok(()))).then(|| t(Msg::OfferMessageSent))}
                    </p>
                    <button class="button" type="submit" disabled=move || message.pending().get()>
                        {move || if message.pending().get() { t(Msg::Saving) } else { t(Msg::OfferMessageSend) }}
                    </button>
                </ActionForm>
            })}
        </section>
    }
}

/// The messages of a conversation (an offer's or a room request's), oldest
/// first, the house's marked as such.
#[component]
pub fn MessageList(messages: Vec<OfferMessage>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ol class="thread">
            {messages.into_iter().map(|m| {
                let who = match (m.from_house, m.author_name) {
                    (true, Some(name)) => format!("{name} ({})", t(Msg::OfferTheHouse)),
                    (true, None) => t(Msg::OfferTheHouse).to_owned(),
                    (false, Some(name)) => name,
                    (false, None) => t(Msg::OfferFormerAccount).to_owned(),
                };
                let class = if m.from_house { "thread__message thread__message--house" } else { "thread__message" };
                view! {
                    <li class=class>
                        <p class="thread__meta"><strong>{who}</strong> ", " {when(locale, m.created_at)}</p>
                        <p class="thread__body">{m.body}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
