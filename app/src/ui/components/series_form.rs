//! The fields of a series, shared by the create form and the series editor:
//! title, description, room, category, time, seats and how it repeats.
use crate::api::calendar::Choice;
use crate::domain::calendar::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use crate::domain::recurrence::weekday_code;
use crate::domain::series_edit::{RepeatInput, WEEK};
use crate::error::AppError;
use crate::i18n::{Msg, weekday_name};
use crate::ui::components::form::{
    CheckField, CodeSelectField, SelectField, TextAreaField, TextField, field_error,
};
use crate::ui::providers::{t, use_locale};
use leptos::prelude::*;

/// What the fields show first: empty for a new event, the stored values when editing.
#[derive(Clone, Debug, Default)]
pub struct SeriesPrefill {
    pub title: String,
    pub description: String,
    pub room_id: Option<i64>,
    pub category_id: Option<i64>,
    pub starts_at: String,
    pub ends_at: String,
    pub seats: String,
    pub repeat: RepeatInput,
    pub skip_public_holidays: bool,
    pub skip_school_holidays: bool,
}

type ActionValue = MappedSignal<Option<Result<i64, AppError>>>;

#[component]
pub fn SeriesFields(
    prefill: SeriesPrefill,
    rooms: Vec<Choice>,
    categories: Vec<Choice>,
    value: ActionValue,
) -> impl IntoView {
    let SeriesPrefill {
        title,
        description,
        room_id,
        category_id,
        starts_at,
        ends_at,
        seats,
        repeat,
        skip_public_holidays,
        skip_school_holidays,
    } = prefill;
    view! {
        <TextField
            name="title"
            label=Msg::FieldTitle
            required=true
            maxlength=TITLE_MAX_CHARS
            value=title
            error=field_error(value, "title")
        />
        <TextAreaField
            name="description"
            label=Msg::FieldDescription
            maxlength=DESCRIPTION_MAX_CHARS
            value=description
            error=field_error(value, "description")
        />
        <div class="form__row">
            <SelectField
                name="room_id"
                label=Msg::FieldRoom
                choices=rooms
                required=true
                selected=room_id.unwrap_or_default()
                error=field_error(value, "room_id")
            />
            <SelectField
                name="category_id"
                label=Msg::FieldCategory
                choices=categories
                required=true
                selected=category_id.unwrap_or_default()
                error=field_error(value, "category_id")
            />
        </div>
        <div class="form__row">
            <TextField
                name="starts_at"
                label=Msg::FieldStartsAt
                kind="datetime-local"
                required=true
                value=starts_at
                error=field_error(value, "starts_at")
            />
            <TextField
                name="ends_at"
                label=Msg::FieldEndsAt
                kind="datetime-local"
                required=true
                value=ends_at
                error=field_error(value, "ends_at")
            />
        </div>
        <TextField
            name="seats"
            label=Msg::FieldSeats
            kind="number"
            hint=Msg::FieldSeatsHint
            min="1"
            max="500"
            value=seats
            error=field_error(value, "seats")
        />
        <RepeatFields repeat skip_public_holidays skip_school_holidays value />
    }
}

/// How a series repeats. Every field is there without JavaScript; the
/// stylesheet hides the ones the chosen repetition does not use.
#[component]
fn RepeatFields(
    repeat: RepeatInput,
    skip_public_holidays: bool,
    skip_school_holidays: bool,
    value: ActionValue,
) -> impl IntoView {
    let locale = use_locale();
    let frequencies = vec![
        ("none", Msg::RepeatNone),
        ("daily", Msg::RepeatDaily),
        ("weekly", Msg::RepeatWeekly),
        ("monthly_day", Msg::RepeatMonthlyDay),
        ("monthly_weekday", Msg::RepeatMonthlyWeekday),
    ];
    let nths = vec![
        ("", Msg::NthAsFirstDate),
        ("1", Msg::NthFirst),
        ("2", Msg::NthSecond),
        ("3", Msg::NthThird),
        ("4", Msg::NthFourth),
        ("-1", Msg::NthLast),
    ];
    let endings = vec![
        ("never", Msg::EndsNever),
        ("after", Msg::EndsAfter),
        ("on", Msg::EndsOn),
    ];
    let repeat_kind = if repeat.repeat.is_empty() {
        "none".to_owned()
    } else {
        repeat.repeat.clone()
    };
    let ends = if repeat.ends.is_empty() {
        "never".to_owned()
    } else {
        repeat.ends.clone()
    };
    let weekday_error = field_error(value, "weekdays");
    view! {
        <fieldset class="repeat">
            <legend>{t(Msg::RepeatLegend)}</legend>
            <CodeSelectField
                name="repeat"
                label=Msg::FieldRepeat
                choices=frequencies
                selected=repeat_kind
                error=field_error(value, "repeat")
            />
            <div class="repeat__details">
                <TextField
                    name="interval"
                    label=Msg::FieldInterval
                    kind="number"
                    hint=Msg::FieldIntervalHint
                    min="1"
                    max="52"
                    value=if repeat.interval.is_empty() { "1".to_owned() } else { repeat.interval.clone() }
                    error=field_error(value, "interval")
                />
                <fieldset class="repeat__weekdays" aria-describedby="weekdays-error">
                    <legend>{t(Msg::FieldWeekdays)}</legend>
                    {WEEK
                        .into_iter()
                        .map(|day| {
                            let code = weekday_code(day);
                            let checked = repeat.weekdays.iter().any(|d| d == code);
                            view! {
                                <div class="check">
                                    <input
                                        type="checkbox"
                                        id=format!("weekday_{}", code.to_ascii_lowercase())
                                        name=format!("weekday_{}", code.to_ascii_lowercase())
                                        value="on"
                                        checked=checked.then_some("")
                                    />
                                    <label for=format!("weekday_{}", code.to_ascii_lowercase())>{weekday_name(locale, day).1}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                    <p class="field__error" id="weekdays-error">{move || weekday_error.get().map(t)}</p>
                </fieldset>
                <CodeSelectField
                    name="nth"
                    label=Msg::FieldNth
                    choices=nths
                    selected=repeat.nth.clone()
                    error=field_error(value, "nth")
                />
                <CodeSelectField
                    name="ends"
                    label=Msg::FieldEnds
                    choices=endings
                    selected=ends
                    error=field_error(value, "ends")
                />
                <div class="form__row">
                    <TextField
                        name="count"
                        label=Msg::FieldCount
                        kind="number"
                        min="1"
                        max="520"
                        value=repeat.count.clone()
                        error=field_error(value, "count")
                    />
                    <TextField
                        name="until"
                        label=Msg::FieldUntil
                        kind="date"
                        value=repeat.until.clone()
                        error=field_error(value, "until")
                    />
                </div>
                <CheckField name="skip_public_holidays" label=Msg::FieldSkipPublicHolidays checked=skip_public_holidays />
                <CheckField name="skip_school_holidays" label=Msg::FieldSkipSchoolHolidays checked=skip_school_holidays />
            </div>
        </fieldset>
    }
}
