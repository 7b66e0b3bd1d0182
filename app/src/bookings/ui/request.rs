//! The room request page: choose a room and see its week (busy times without
//! any details), then ask for a date, a time, and say what for and for how
//! many; accept the house rules. Plain forms, so it works without JavaScript.
use super::failure;
use crate::bookings::api::{RequestPageData, RequestRoom, request_page};
use crate::bookings::fields;
use crate::bookings::rules::{BusyDay, CONTACT_MAX_CHARS, PURPOSE_MAX_CHARS, clock};
use crate::i18n::{Msg, format_date, format_euros, machine_date};
use crate::ui::form::{FormAlert, TextAreaField, TextField, field_error};
use crate::ui::providers::{t, use_locale};
use chrono::Days;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RequestPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("room").unwrap_or_default(),
                q.get("week").unwrap_or_default(),
            )
        })
    });
    let data = Resource::new(
        move || params.get(),
        |(room, week)| request_page(room, week),
    );
    view! {
        <Title text=t(Msg::RequestHeading) />
        <h1>{t(Msg::RequestHeading)}</h1>
        <p>{t(Msg::RequestIntro)}</p>
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) if data.rooms.is_empty() => Either::Left(Either::Left(view! {
                        <div class="empty-state"><p>{t(Msg::RequestNoRooms)}</p></div>
                    })),
                    Ok(data) => Either::Left(Either::Right(view! { <RequestForm data /> })),
                    Err(err) => Either::Right(failure(err)),
                }
            })}
        </Transition>
    }
}

#[component]
fn RequestForm(data: RequestPageData) -> impl IntoView {
    let locale = use_locale();
    let room_id = data.room_id.unwrap_or_default();
    let room = data.rooms.iter().find(|r| r.room_id == room_id).cloned();
    let monday = data.monday.unwrap_or_default();
    let week_link = |days: i64| {
        let day = if days < 0 {
            monday - Days::new(7)
        } else {
            monday + Days::new(7)
        };
        format!("/rooms/request?room={room_id}&week={}", machine_date(day))
    };
    let request = ServerAction::<RequestRoom>::new();
    let value = request.value();
    let capacity = room.as_ref().map(|r| r.capacity).unwrap_or_default();
    let fee = room.as_ref().and_then(|r| r.fee_cents).map(|cents| {
        Msg::RequestFee.fill(locale, &[("fee", &format_euros(locale, i64::from(cents)))])
    });
    let rules_error = field_error(value, fields::RULES_ACCEPTED);
    let room_name = room.map(|r| r.name).unwrap_or_default();
    view! {
        <form method="get" action="/rooms/request" class="form form--inline">
            <div class="field">
                <label class="field__label" for="room">{t(Msg::FieldRoom)}</label>
                <select class="field__control" id="room" name="room">
                    {data.rooms.iter().map(|r| view! {
                        <option value=r.room_id.to_string() selected=(r.room_id == room_id).then_some("")>
                            {Msg::RequestRoomChoice.fill(locale, &[("room", &r.name), ("capacity", &r.capacity)])}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <input type="hidden" name="week" value=machine_date(monday) />
            <button class="button button--secondary" type="submit">{t(Msg::RequestShowWeek)}</button>
        </form>
        <section aria-labelledby="week-heading">
            <h2 id="week-heading">
                {Msg::RequestWeekHeading.fill(locale, &[("room", &room_name), ("date", &format_date(locale, monday))])}
            </h2>
            <p class="field__hint">{t(Msg::RequestWeekHint)}</p>
            <nav class="week-nav" aria-label=t(Msg::RequestWeekNav)>
                <a href=week_link(-1)>{t(Msg::RequestWeekEarlier)}</a>
                " "
                <a href=week_link(1)>{t(Msg::RequestWeekLater)}</a>
            </nav>
            <WeekTable week=data.week.clone() />
        </section>
        <section aria-labelledby="request-heading">
            <h2 id="request-heading">{t(Msg::RequestFormHeading)}</h2>
            {fee.map(|fee| view! { <p class="request__fee">{fee}</p> })}
            <ActionForm action=request attr:class="form" attr:novalidate=true>
                <input type="hidden" name=fields::ROOM_ID value=room_id.to_string() />
                <p class="field__error">{move || field_error(value, fields::ROOM_ID).get().map(t)}</p>
                <TextField name=fields::DATE label=Msg::RequestDate kind="date" required=true
                    value=machine_date(monday) error=field_error(value, fields::DATE) />
                <TextField name=fields::STARTS label=Msg::RequestStarts kind="time" required=true
                    error=field_error(value, fields::STARTS) />
                <TextField name=fields::ENDS label=Msg::RequestEnds kind="time" required=true
                    error=field_error(value, fields::ENDS) />
                <TextField name=fields::GUESTS label=Msg::RequestGuests kind="number" required=true min="1"
                    hint=Msg::RequestGuestsHint
                    error=field_error(value, fields::GUESTS) />
                <p class="field__hint">{Msg::RequestCapacity.fill(locale, &[("capacity", &capacity)])}</p>
                <TextAreaField name=fields::PURPOSE label=Msg::RequestPurpose hint=Msg::RequestPurposeHint
                    maxlength=PURPOSE_MAX_CHARS error=field_error(value, fields::PURPOSE) />
                <TextField name=fields::CONTACT label=Msg::FieldContact hint=Msg::RequestContactHint
                    maxlength=CONTACT_MAX_CHARS error=field_error(value, fields::CONTACT) />
                <section class="house-rules" aria-labelledby="rules-heading">
                    <h3 id="rules-heading">{t(Msg::HouseRulesHeading)}</h3>
                    {if data.house_rules.is_empty() {
                        Either::Left(view! { <p>{t(Msg::HouseRulesNone)}</p> })
                    } else {
                        Either::Right(view! { <div class="house-rules__text" tabindex="0">{data.house_rules.clone()}</div> })
                    }}
                </section>
                <div class="field" class:field--invalid=move || rules_error.get().is_some()>
                    <div class="check">
                        <input type="checkbox" id=fields::RULES_ACCEPTED name=fields::RULES_ACCEPTED value="on"
                            aria-describedby=format!("{}-error", fields::RULES_ACCEPTED)
                            aria-invalid=move || rules_error.get().is_some().then_some("true") />
                        <label for=fields::RULES_ACCEPTED>{t(Msg::RequestRulesAccept)}</label>
                    </div>
                    <p class="field__error" id=format!("{}-error", fields::RULES_ACCEPTED)>{move || rules_error.get().map(t)}</p>
                </div>
                // Hidden from people (and screen readers); bots fill it in.
                <div class="honeypot" aria-hidden="true">
                    <label for=fields::HONEYPOT>"Website"</label>
                    <input type="text" id=fields::HONEYPOT name=fields::HONEYPOT tabindex="-1" autocomplete="off" />
                </div>
                <FormAlert value />
                <button class="button" type="submit" disabled=move || request.pending().get()>
                    {move || if request.pending().get() { t(Msg::Saving) } else { t(Msg::RequestSubmit) }}
                </button>
            </ActionForm>
        </section>
    }
}

/// The room's week as a table: a row per day, its busy times or "free".
#[component]
fn WeekTable(week: Vec<BusyDay>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table request-week">
                <caption class="visually-hidden">{t(Msg::RequestWeekCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::RequestDate)}</th>
                        <th scope="col">{t(Msg::RequestBusyColumn)}</th>
                    </tr>
                </thead>
                <tbody>
                    {week.into_iter().map(|day| {
                        let busy = if day.spans.is_empty() {
                            Either::Left(view! { <span class="request-week__free">{t(Msg::RequestDayFree)}</span> })
                        } else {
                            Either::Right(view! {
                                <ul class="request-week__busy">
                                    {day.spans.iter().map(|(from, to)| view! {
                                        <li>{Msg::RequestBusySpan.fill(locale, &[("from", &clock(*from)), ("to", &clock(*to))])}</li>
                                    }).collect_view()}
                                </ul>
                            })
                        };
                        view! {
                            <tr>
                                <th scope="row">{format_date(locale, day.date)}</th>
                                <td>{busy}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
