//! "My dates": a person's registrations and their private calendar link.
use crate::calendar::api::{MyDatesData, NewPrivateFeed, RevokePrivateFeed, my_calendar};
use crate::calendar::ui::views::EntryCard;
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::registrations::rules::RegistrationStatus;
use crate::ui::providers::{t, use_locale};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyCalendarPage() -> impl IntoView {
    let new_feed = ServerAction::<NewPrivateFeed>::new();
    let revoke = ServerAction::<RevokePrivateFeed>::new();
    let data = Resource::new(
        move || (new_feed.version().get(), revoke.version().get()),
        |_| my_calendar(),
    );
    view! {
        <Title text=t(Msg::NavMyCalendar) />
        <h1>{t(Msg::NavMyCalendar)}</h1>
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => EitherOf3::A(view! { <MyDates data new_feed revoke /> }),
                    Err(AppError::Unauthorized) => EitherOf3::B(view! {
                        <p>{t(Msg::ErrorUnauthorized)} " " <a href="/login">{t(Msg::NavLogin)}</a></p>
                    }),
                    Err(err) => EitherOf3::C(view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn MyDates(
    data: MyDatesData,
    new_feed: ServerAction<NewPrivateFeed>,
    revoke: ServerAction<RevokePrivateFeed>,
) -> impl IntoView {
    let empty = data.dates.is_empty();
    let link = new_feed.value();
    view! {
        {if empty {
            Either::Left(view! {
                <div class="empty-state">
                    <p>{t(Msg::NoRegistrations)}</p>
                    <p><a href="/calendar">{t(Msg::BackToCalendar)}</a></p>
                </div>
            })
        } else {
            Either::Right(view! {
                <ul class="days__events">
                    {data
                        .dates
                        .into_iter()
                        .map(|(event, place)| {
                            let status = match place.status {
                                RegistrationStatus::Confirmed => t(Msg::YouAreRegistered).to_owned(),
                                _ => Msg::YouAreWaiting.fill(use_locale(), &[("position", &place.position)]),
                            };
                            view! { <EntryCard event note=status /> }
                        })
                        .collect_view()}
                </ul>
            })
        }}
        <section class="card" aria-labelledby="private-feed-heading">
            <h2 id="private-feed-heading">{t(Msg::PrivateFeedHeading)}</h2>
            <p>{t(Msg::PrivateFeedIntro)}</p>
            {data.has_feed.then(|| view! { <p>{t(Msg::PrivateFeedExists)}</p> })}
            {move || {
                link.get()
                    .and_then(Result::ok)
                    .map(|url| {
                        let webcal = url.replacen("http://", "webcal://", 1).replacen("https://", "webcal://", 1);
                        view! {
                            <p class="field">
                                <label for="private-feed-url">{t(Msg::PrivateFeedYourLink)}</label>
                                <input id="private-feed-url" class="field__control" type="url" readonly=true value=url />
                            </p>
                            <p><a class="button button--secondary" href=webcal>{t(Msg::SubscribeWebcal)}</a></p>
                        }
                    })
            }}
            <div class="form--inline form">
                <ActionForm action=new_feed>
                    <button class="button" type="submit">{t(Msg::PrivateFeedCreate)}</button>
                </ActionForm>
                {data
                    .has_feed
                    .then(|| {
                        view! {
                            <ActionForm action=revoke>
                                <button class="button button--secondary" type="submit">{t(Msg::PrivateFeedRevoke)}</button>
                            </ActionForm>
                        }
                    })}
            </div>
        </section>
    }
}
