//! The admin's settings for room requests: for each room whether residents may
//! request it and its fee; the house rules in each language. One form per room
//! and per language, so each saves on its own and works without JavaScript.
use super::failure;
use crate::bookings::api::{
    BookingSettingsData, RequestableRoom, SaveHouseRules, SaveRoomBooking, booking_settings,
};
use crate::bookings::fields;
use crate::bookings::rules::RULES_MAX_CHARS;
use crate::i18n::{Locale, Msg};
use crate::kernel::error::AppError;
use crate::ui::form::FormAlert;
use crate::ui::providers::{t, use_locale};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BookingSettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| booking_settings());
    view! {
        <Title text=t(Msg::SettingsHeading) />
        <h1>{t(Msg::SettingsHeading)}</h1>
        <p>{t(Msg::SettingsIntro)}</p>
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(settings) => Either::Left(view! { <Settings settings /> }),
                    Err(err) => Either::Right(failure(err)),
                }
            })}
        </Transition>
    }
}

#[component]
fn Settings(settings: BookingSettingsData) -> impl IntoView {
    view! {
        <section aria-labelledby="rooms-heading">
            <h2 id="rooms-heading">{t(Msg::SettingsRoomsHeading)}</h2>
            <ul class="settings-list">
                {settings.rooms.into_iter().map(|room| view! { <RoomSettings room /> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="rules-heading">
            <h2 id="rules-heading">{t(Msg::HouseRulesHeading)}</h2>
            <p>{t(Msg::SettingsRulesIntro)}</p>
            {settings.house_rules.into_iter().map(|(code, body)| view! { <RulesForm code body /> }).collect_view()}
        </section>
    }
}

/// A saved note that a screen reader hears, or the error.
#[component]
fn Saved<T, S>(value: S) -> impl IntoView
where
    T: 'static,
    S: With<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    let saved = {
        let value = value.clone();
        move || {
            value
                .with(|v| matches!(v, Some(Ok(_))))
                .then(|| t(Msg::SettingsSaved))
        }
    };
    view! {
        <p role="status" class="form-success">{saved}</p>
        <FormAlert value />
    }
}

#[component]
fn RoomSettings(room: RequestableRoom) -> impl IntoView {
    let save = ServerAction::<SaveRoomBooking>::new();
    let id = room.room_id;
    let bookable_id = format!("bookable-{id}");
    let fee_id = format!("fee-{id}");
    let fee = room
        .fee_cents
        .map(|c| format!("{},{:02}", c / 100, c % 100))
        .unwrap_or_default();
    let fee_error = move || {
        save.value().with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.field(fields::FEE))
        })
    };
    view! {
        <li class="card">
            <h3 id=format!("room-{id}")>{room.name.clone()}</h3>
            <ActionForm action=save attr:class="form form--inline">
                <input type="hidden" name="room_id" value=id.to_string() />
                <div class="check">
                    <input type="checkbox" id=bookable_id.clone() name=fields::BOOKABLE value="on"
                        checked=room.resident_bookable.then_some("") />
                    <label for=bookable_id>{t(Msg::SettingsBookable)}</label>
                </div>
                <div class="field" class:field--invalid=move || fee_error().is_some()>
                    <label class="field__label" for=fee_id.clone()>{t(Msg::SettingsFee)}</label>
                    <input class="field__control" type="text" inputmode="decimal" id=fee_id.clone()
                        name=fields::FEE value=fee aria-describedby=format!("{fee_id}-error")
                        aria-invalid=move || fee_error().is_some().then_some("true") />
                    <p class="field__error" id=format!("{fee_id}-error")>{move || fee_error().map(t)}</p>
                </div>
                <button class="button" type="submit" disabled=move || save.pending().get()>{t(Msg::SettingsSave)}</button>
            </ActionForm>
            <Saved value=save.value() />
        </li>
    }
}

#[component]
fn RulesForm(code: String, body: String) -> impl IntoView {
    let save = ServerAction::<SaveHouseRules>::new();
    let label = Locale::from_code(&code)
        .map(|l| Msg::SettingsRulesIn.fill(use_locale(), &[("language", &l.native_name())]))
        .unwrap_or_default();
    let area = format!("rules-{code}");
    #[cfg(feature = "ssr")]
    let body = crate::ui::form::escape_html(&body);
    view! {
        <ActionForm action=save attr:class="form">
            <input type="hidden" name=fields::LANGUAGE value=code.clone() />
            <div class="field">
                <label class="field__label" for=area.clone()>{label}</label>
                <textarea class="field__control field__control--multiline" id=area name=fields::BODY rows="6" lang=code
                    maxlength=RULES_MAX_CHARS>{body}</textarea>
            </div>
            <button class="button" type="submit" disabled=move || save.pending().get()>{t(Msg::SettingsSave)}</button>
            <Saved value=save.value() />
        </ActionForm>
    }
}
