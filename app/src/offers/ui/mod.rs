//! The offers' pages: the author's list, the house's queue, and one offer.
pub mod decide;
pub mod form;
pub mod page;

use crate::bookings::ui::MyRequests;
use crate::i18n::{Locale, Msg, format_clock, format_date};
use crate::kernel::error::AppError;
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use crate::offers::api::{OfferSummary, QueuePage, my_offers, offer_queue};
use crate::offers::rules::OfferStatus;
use crate::ui::providers::{t, use_locale};
use chrono::{DateTime, Utc};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub fn when(locale: Locale, at: DateTime<Utc>) -> String {
    let local = utc_to_local(at, HOUSE_ZONE);
    format!(
        "{}, {}",
        format_date(locale, local.date()),
        format_clock(local)
    )
}

#[component]
pub fn StatusBadge(status: OfferStatus) -> impl IntoView {
    view! { <span class=format!("badge badge--{}", status.code())>{t(status.label())}</span> }
}

#[component]
pub fn MyOffersPage() -> impl IntoView {
    let offers = Resource::new(
        || (),
        |_| async {
            my_offers().await.map(|items| QueuePage {
                items,
                ..QueuePage::default()
            })
        },
    );
    view! {
        <Title text=t(Msg::OffersMineHeading) />
        <h1>{t(Msg::OffersMineHeading)}</h1>
        <p>{t(Msg::OffersMineIntro)}</p>
        <p><a class="button" href="/offers/new">{t(Msg::OfferNewHeading)}</a></p>
        <OfferList offers empty=Msg::OffersMineEmpty house=false />
        <MyRequests />
    }
}

#[component]
pub fn OfferQueuePage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or(0)
                .max(0)
        })
    });
    let offers = Resource::new(move || page.get(), offer_queue);
    view! {
        <Title text=t(Msg::OfferQueueHeading) />
        <h1>{t(Msg::OfferQueueHeading)}</h1>
        <p>{t(Msg::OfferQueueIntro)}</p>
        <OfferList offers empty=Msg::OfferQueueEmpty house=true />
    }
}

#[component]
fn OfferList(
    offers: Resource<Result<QueuePage, AppError>>,
    empty: Msg,
    house: bool,
) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match offers.await {
                    Ok(queue) if queue.items.is_empty() => EitherOf3::A(view! {
                        <div class="empty-state"><p>{t(empty)}</p></div>
                    }),
                    Ok(queue) => EitherOf3::B(view! { <OfferTable queue house /> }),
                    Err(AppError::Unauthorized) => EitherOf3::C(Either::Left(view! {
                        <p>{t(Msg::ErrorUnauthorized)} " " <a href="/login">{t(Msg::NavLogin)}</a></p>
                    })),
                    Err(err) => EitherOf3::C(Either::Right(view! {
                        <p class="form-alert" role="alert">{t(err.summary())}</p>
                    })),
                }
            })}
        </Transition>
    }
}

#[component]
fn OfferTable(queue: QueuePage, house: bool) -> impl IntoView {
    let locale = use_locale();
    let waiting = queue.waiting;
    let list: Vec<OfferSummary> = queue.items;
    let next = queue.next_page.map(|page| {
        view! {
            <p><a class="button button--secondary" href=format!("/moderation/offers?page={page}")>{t(Msg::OfferQueueNext)}</a></p>
        }
    });
    view! {
        {house.then(|| view! {
            <p class="offer-count">{Msg::OfferQueueWaiting.fill(locale, &[("count", &waiting)])}</p>
        })}
        <div class="table-scroll">
            <table class="data-table">
                <caption class="visually-hidden">{t(if house { Msg::OfferQueueHeading } else { Msg::OffersMineHeading })}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::FieldTitle)}</th>
                        <th scope="col">{t(Msg::OfferStatusColumn)}</th>
                        {house.then(|| view! { <th scope="col">{t(Msg::OfferAuthor)}</th> })}
                        <th scope="col">{t(Msg::OfferMessages)}</th>
                        <th scope="col">{t(Msg::OfferUpdated)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|offer| {
                        let status = OfferStatus::from_code(&offer.status).unwrap_or(OfferStatus::Draft);
                        let author = offer.author_name.clone().unwrap_or_else(|| t(Msg::OfferFormerAccount).to_owned());
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/offers/{}", offer.offer_id)>{offer.title.clone()}</a></th>
                                <td><StatusBadge status /></td>
                                {house.then(|| view! { <td>{author}</td> })}
                                <td>{offer.messages}</td>
                                <td>{when(locale, offer.updated_at)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {next}
    }
}
