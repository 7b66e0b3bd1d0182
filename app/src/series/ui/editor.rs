//! The organisers' editor for one date and its series: change this date, this
//! and the following dates, or all; cancel or reinstate single dates; restore
//! dates that holidays or closures skipped.
use crate::i18n::{Msg, format_date, format_time_range, machine_date, machine_date_time};
use crate::kernel::error::AppError;
use crate::planner::ui::history::PlannerHistory;
use crate::series::api::{
    ChangeSeries, EditorDate, RestoreDate, SeriesEditorData, SetDateCancelled, SkippedDate,
    series_editor,
};
use crate::series::fields as series_fields;
use crate::series::recurrence::Skip;
use crate::series::rules::EditScope;
use crate::series::ui::form::{MorePrefill, SeriesFields, SeriesPrefill};
use crate::ui::form::{FormAlert, field_error};
use crate::ui::not_found::NotFoundPage;
use crate::ui::providers::{t, use_locale};
use leptos::either::EitherOf4;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn SeriesEditorPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let change = ServerAction::<ChangeSeries>::new();
    let set_cancelled = ServerAction::<SetDateCancelled>::new();
    let restore = ServerAction::<RestoreDate>::new();
    let saved = RwSignal::new(0_u32);
    let navigate = use_navigate();
    // After a save, show the stored state; if the opened date is gone from the
    // new rule, go on to the first date of the changed part.
    Effect::new(move || {
        if let Some(Ok(shown)) = change.value().get() {
            if shown.to_string() == id.get_untracked() {
                saved.update(|n| *n += 1);
            } else {
                navigate(&format!("/events/{shown}/edit"), Default::default());
            }
        }
    });
    let data = Resource::new(
        move || {
            (
                id.get(),
                saved.get(),
                set_cancelled.version().get(),
                restore.version().get(),
            )
        },
        |(id, _, _, _)| series_editor(id),
    );
    view! {
        <Title text=t(Msg::EditEventHeading) />
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => EitherOf4::A(view! {
                        <SeriesEditor data change set_cancelled restore />
                        <PlannerHistory occurrence_id=Signal::derive(move || id.get()) />
                    }),
                    Err(AppError::NotFound) => EitherOf4::B(view! { <NotFoundPage /> }),
                    Err(AppError::Unauthorized) => EitherOf4::C(view! {
                        <h1>{t(Msg::EditEventHeading)}</h1>
                        <p class="form-alert" role="alert">
                            {t(Msg::ErrorUnauthorized)} " " <a href="/login">{t(Msg::NavLogin)}</a>
                        </p>
                    }),
                    Err(err) => EitherOf4::D(view! {
                        <h1>{t(Msg::EditEventHeading)}</h1>
                        <p class="form-alert" role="alert">{t(err.summary())}</p>
                    }),
                }
            })}
        </Transition>
    }
}

#[component]
fn SeriesEditor(
    data: SeriesEditorData,
    change: ServerAction<ChangeSeries>,
    set_cancelled: ServerAction<SetDateCancelled>,
    restore: ServerAction<RestoreDate>,
) -> impl IntoView {
    let locale = use_locale();
    let value = change.value();
    let saved = move || matches!(value.get(), Some(Ok(_)));
    let when = format!(
        "{}, {}",
        format_date(locale, data.starts_local.date()),
        format_time_range(locale, data.starts_local, data.ends_local)
    );
    let prefill = SeriesPrefill {
        title: data.title.clone(),
        description: data.description.clone(),
        room_id: data.room_id,
        category_id: Some(data.category_id),
        starts_at: machine_date_time(data.starts_local),
        ends_at: machine_date_time(data.ends_local),
        seats: data.seats.map(|s| s.to_string()).unwrap_or_default(),
        repeat: data.repeat.clone(),
        skip_public_holidays: data.skip_public_holidays,
        skip_school_holidays: data.skip_school_holidays,
        more: MorePrefill {
            audience: data.audience.clone(),
            languages: data.languages.clone(),
            price: data.price,
            accessibility: data.accessibility.clone(),
            contact: data.contact.clone(),
        },
    };
    let scope_error = field_error(value, series_fields::SCOPE);
    let occurrence_id = data.occurrence_id;
    view! {
        <p class="breadcrumb">
            <a href=format!("/events/{occurrence_id}")>{t(Msg::BackToEvent)}</a>
        </p>
        <h1>{t(Msg::EditEventHeading)} ": " {data.title.clone()}</h1>
        <p class="lead">
            <time datetime=machine_date_time(data.starts_local)>{when}</time>
            {data.cancelled.then(|| view! { " · " <strong class="badge badge--alert">{t(Msg::DateCancelled)}</strong> })}
        </p>
        {data
            .school_holidays_unchecked_after
            .map(|known_until| {
                view! {
                    <p class="form-warning" role="note">
                        {Msg::SchoolHolidaysUnknownAfter
                            .fill(locale, &[("date", &format_date(locale, known_until))])}
                        " "
                        {t(Msg::SchoolHolidaysUnknownHint)}
                    </p>
                }
            })}
        <section class="card" aria-labelledby="change-heading">
            <h2 id="change-heading">{t(Msg::ChangeHeading)}</h2>
            <ActionForm action=change attr:class="form" attr:novalidate=true>
                <input type="hidden" name="occurrence_id" value=occurrence_id.to_string() />
                {if data.repeating {
                    view! {
                        <fieldset
                            class="scope"
                            class:field--invalid=move || scope_error.get().is_some()
                            aria-describedby="scope-hint scope-error"
                        >
                            <legend>{t(Msg::ScopeLegend)}</legend>
                            <p class="field__hint" id="scope-hint">{t(Msg::ScopeHint)}</p>
                            {EditScope::ALL
                                .into_iter()
                                .map(|scope| {
                                    let id = format!("scope-{}", scope.code());
                                    view! {
                                        <div class="check">
                                            <input
                                                type="radio"
                                                id=id.clone()
                                                name={series_fields::SCOPE}
                                                value=scope.code()
                                                checked=(scope == EditScope::ThisDate).then_some("")
                                            />
                                            <label for=id>{t(scope.label())}</label>
                                        </div>
                                    }
                                })
                                .collect_view()}
                            <p class="field__error" id="scope-error">{move || scope_error.get().map(t)}</p>
                        </fieldset>
                    }
                        .into_any()
                } else {
                    view! { <input type="hidden" name={series_fields::SCOPE} value=EditScope::All.code() /> }.into_any()
                }}
                <SeriesFields prefill rooms=data.rooms.clone() categories=data.categories.clone() value />
                <FormAlert value />
                <p class="form-success" role="status">{move || saved().then(|| t(Msg::ChangesSaved))}</p>
                <button class="button" type="submit" disabled=move || change.pending().get()>
                    {move || if change.pending().get() { t(Msg::Saving) } else { t(Msg::SaveChanges) }}
                </button>
            </ActionForm>
        </section>
        <DateList dates=data.dates.clone() set_cancelled current=occurrence_id />
        {data.repeating.then(|| view! { <SkippedList skipped=data.skipped.clone() series_id=data.series_id restore /> })}
    }
}

/// The stored dates from today on, each with "cancel only this date" or "let it take place again".
#[component]
fn DateList(
    dates: Vec<EditorDate>,
    set_cancelled: ServerAction<SetDateCancelled>,
    current: i64,
) -> impl IntoView {
    let locale = use_locale();
    let value = set_cancelled.value();
    view! {
        <section class="card" aria-labelledby="dates-heading">
            <h2 id="dates-heading">{t(Msg::SeriesDatesHeading)}</h2>
            <FormAlert value />
            {if dates.is_empty() {
                view! { <p class="empty-state">{t(Msg::NoUpcomingDates)}</p> }.into_any()
            } else {
                view! {
                    <ul class="editor-dates">
                        {dates
                            .into_iter()
                            .map(|d| {
                                let when = format!(
                                    "{}, {}",
                                    format_date(locale, d.starts_local.date()),
                                    format_time_range(locale, d.starts_local, d.ends_local),
                                );
                                let room = d.room_name.clone().unwrap_or_else(|| t(Msg::RoomToBeAnnounced).to_owned());
                                let (label, next) = if d.cancelled {
                                    (Msg::ReinstateDate, "false")
                                } else {
                                    (Msg::CancelThisDate, "true")
                                };
                                view! {
                                    <li class="editor-dates__item" class:is-cancelled=d.cancelled>
                                        <span class="editor-dates__when">
                                            <time datetime=machine_date_time(d.starts_local)>{when.clone()}</time>
                                            " · " {room}
                                        </span>
                                        {d.cancelled.then(|| view! { <span class="badge badge--alert">{t(Msg::DateCancelled)}</span> })}
                                        {d.changed.then(|| view! { <span class="badge">{t(Msg::DateChangedAlone)}</span> })}
                                        {(d.occurrence_id == current).then(|| view! { <span class="badge">{t(Msg::DateOpened)}</span> })}
                                        <span class="editor-dates__actions">
                                            <a href=format!("/events/{}/edit", d.occurrence_id)>
                                                {t(Msg::EditDate)}
                                                <span class="visually-hidden">": " {when.clone()}</span>
                                            </a>
                                            <ActionForm action=set_cancelled attr:class="inline-form">
                                                <input type="hidden" name="occurrence_id" value=d.occurrence_id.to_string() />
                                                <input type="hidden" name="cancelled" value=next />
                                                <button class="button button--small button--secondary" type="submit">
                                                    {t(label)}
                                                    <span class="visually-hidden">": " {when.clone()}</span>
                                                </button>
                                            </ActionForm>
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

/// Dates the rule gives but holidays, closures or exceptions skip, each with "restore".
#[component]
fn SkippedList(
    skipped: Vec<SkippedDate>,
    series_id: i64,
    restore: ServerAction<RestoreDate>,
) -> impl IntoView {
    let locale = use_locale();
    let value = restore.value();
    view! {
        <section class="card" aria-labelledby="skipped-heading">
            <h2 id="skipped-heading">{t(Msg::SkippedDatesHeading)}</h2>
            <p class="card__intro">{t(Msg::SkippedDatesIntro)}</p>
            <FormAlert value />
            {if skipped.is_empty() {
                view! { <p class="empty-state">{t(Msg::NoSkippedDates)}</p> }.into_any()
            } else {
                view! {
                    <ul class="editor-dates">
                        {skipped
                            .into_iter()
                            .map(|s| {
                                let reason = match s.reason {
                                    Skip::Exception => Msg::SkipException,
                                    Skip::PublicHoliday => Msg::SkipPublicHoliday,
                                    Skip::SchoolHoliday => Msg::SkipSchoolHoliday,
                                    Skip::Closure => Msg::HouseClosed,
                                };
                                view! {
                                    <li class="editor-dates__item">
                                        <span class="editor-dates__when">
                                            <time datetime=machine_date(s.date)>{format_date(locale, s.date)}</time>
                                        </span>
                                        <span class="badge">{t(reason)}</span>
                                        <span class="editor-dates__actions">
                                            <ActionForm action=restore attr:class="inline-form">
                                                <input type="hidden" name="series_id" value=series_id.to_string() />
                                                <input type="hidden" name="date" value=machine_date(s.date) />
                                                <button class="button button--small button--secondary" type="submit">
                                                    {t(Msg::RestoreDate)}
                                                    <span class="visually-hidden">": " {format_date(locale, s.date)}</span>
                                                </button>
                                            </ActionForm>
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
