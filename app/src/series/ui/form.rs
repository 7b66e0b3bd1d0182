//! The fields of a series, shared by the create form and the series editor:
//! title, description, room, category, time, seats, how it repeats, and who it
//! is for, its languages, price, accessibility notes and contact.
use crate::calendar::api::Choice;
use crate::calendar::query::{Audience, LANGUAGES};
use crate::calendar::rules::{
    ACCESSIBILITY_MAX_CHARS, CONTACT_MAX_CHARS, DESCRIPTION_MAX_CHARS, Price, TITLE_MAX_CHARS,
    price_form_values,
};
use crate::i18n::{Msg, weekday_name};
use crate::kernel::error::AppError;
use crate::series::fields as series_fields;
use crate::series::recurrence::weekday_code;
use crate::series::rules::{RepeatInput, WEEK};
use crate::ui::form::{
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
    pub more: MorePrefill,
}

/// Who the series is for, its languages, price, accessibility notes and contact.
#[derive(Clone, Debug)]
pub struct MorePrefill {
    pub audience: Vec<Audience>,
    pub languages: Vec<String>,
    pub price: Price,
    pub accessibility: String,
    pub contact: String,
}

/// A new event is for everyone, in German, free.
impl Default for MorePrefill {
    fn default() -> Self {
        Self {
            audience: vec![Audience::Everyone],
            languages: vec!["de".to_owned()],
            price: Price::Free,
            accessibility: String::new(),
            contact: String::new(),
        }
    }
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
        more,
    } = prefill;
    view! {
        <TextField
            name={series_fields::TITLE}
            label=Msg::FieldTitle
            required=true
            maxlength=TITLE_MAX_CHARS
            value=title
            error=field_error(value, series_fields::TITLE)
        />
        <TextAreaField
            name={series_fields::DESCRIPTION}
            label=Msg::FieldDescription
            maxlength=DESCRIPTION_MAX_CHARS
            value=description
            error=field_error(value, series_fields::DESCRIPTION)
        />
        <div class="form__row">
            <SelectField
                name={series_fields::ROOM_ID}
                label=Msg::FieldRoom
                choices=rooms
                required=true
                selected=room_id.unwrap_or_default()
                error=field_error(value, series_fields::ROOM_ID)
            />
            <SelectField
                name={series_fields::CATEGORY_ID}
                label=Msg::FieldCategory
                choices=categories
                required=true
                selected=category_id.unwrap_or_default()
                error=field_error(value, series_fields::CATEGORY_ID)
            />
        </div>
        <div class="form__row">
            <TextField
                name={series_fields::STARTS_AT}
                label=Msg::FieldStartsAt
                kind="datetime-local"
                required=true
                value=starts_at
                error=field_error(value, series_fields::STARTS_AT)
            />
            <TextField
                name={series_fields::ENDS_AT}
                label=Msg::FieldEndsAt
                kind="datetime-local"
                required=true
                value=ends_at
                error=field_error(value, series_fields::ENDS_AT)
            />
        </div>
        <TextField
            name={series_fields::SEATS}
            label=Msg::FieldSeats
            kind="number"
            hint=Msg::FieldSeatsHint
            min="1"
            max="500"
            value=seats
            error=field_error(value, series_fields::SEATS)
        />
        <RepeatFields repeat skip_public_holidays skip_school_holidays value />
        <MoreFields more value />
    }
}

/// Who the series is for, its languages, price, accessibility notes and contact:
/// what residents filter by and read on the event page.
#[component]
fn MoreFields(more: MorePrefill, value: ActionValue) -> impl IntoView {
    let (price_kind, price_amount) = price_form_values(more.price);
    let prices = vec![
        ("free", Msg::PriceFree),
        ("donation", Msg::PriceDonation),
        ("amount", Msg::PriceAmount),
    ];
    let audiences = Audience::ALL.map(|audience| {
        view! {
            <CheckField
                name=audience_field(audience)
                label=crate::calendar::ui::views::audience_label(audience)
                checked=more.audience.contains(&audience)
            />
        }
    });
    let languages = LANGUAGES.map(|code| {
        let checked = more.languages.iter().any(|l| l == code);
        view! {
            <CheckField
                name=language_field(code)
                label=crate::calendar::ui::views::language_msg(code)
                checked
            />
        }
    });
    view! {
        <fieldset class="choices">
            <legend>{t(Msg::FilterAudience)}</legend>
            {audiences}
        </fieldset>
        <fieldset class="choices">
            <legend>{t(Msg::FieldLanguages)}</legend>
            {languages}
        </fieldset>
        <div class="form__row price">
            <CodeSelectField
                name={series_fields::PRICE_KIND}
                label=Msg::FieldPrice
                choices=prices
                selected=price_kind
                error=field_error(value, series_fields::PRICE_KIND)
            />
            <TextField
                name={series_fields::PRICE_AMOUNT}
                label=Msg::FieldPriceAmount
                hint=Msg::FieldPriceAmountHint
                value=price_amount
                error=field_error(value, series_fields::PRICE_AMOUNT)
            />
        </div>
        <TextAreaField
            name={series_fields::ACCESSIBILITY}
            label=Msg::FieldAccessibility
            hint=Msg::FieldAccessibilityHint
            maxlength=ACCESSIBILITY_MAX_CHARS
            value=more.accessibility
            error=field_error(value, series_fields::ACCESSIBILITY)
        />
        <TextField
            name={series_fields::CONTACT}
            label=Msg::FieldContact
            hint=Msg::FieldContactHint
            maxlength=CONTACT_MAX_CHARS
            value=more.contact
            error=field_error(value, series_fields::CONTACT)
        />
    }
}

/// The form field of an audience checkbox (see `SeriesFormFields`).
fn audience_field(audience: Audience) -> &'static str {
    match audience {
        Audience::Everyone => "audience_everyone",
        Audience::Children => "audience_children",
        Audience::Youth => "audience_youth",
        Audience::Families => "audience_families",
        Audience::Seniors => "audience_seniors",
    }
}

/// The form field of a language checkbox (see `SeriesFormFields`).
fn language_field(code: &str) -> &'static str {
    match code {
        "en" => "language_en",
        "tr" => "language_tr",
        "ar" => "language_ar",
        "uk" => "language_uk",
        "ru" => "language_ru",
        _ => "language_de",
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
    let weekday_error = field_error(value, series_fields::WEEKDAYS);
    view! {
        <fieldset class="repeat">
            <legend>{t(Msg::RepeatLegend)}</legend>
            <CodeSelectField
                name={series_fields::REPEAT}
                label=Msg::FieldRepeat
                choices=frequencies
                selected=repeat_kind
                error=field_error(value, series_fields::REPEAT)
            />
            <div class="repeat__details">
                <TextField
                    name={series_fields::INTERVAL}
                    label=Msg::FieldInterval
                    kind="number"
                    hint=Msg::FieldIntervalHint
                    min="1"
                    max="52"
                    value=if repeat.interval.is_empty() { "1".to_owned() } else { repeat.interval.clone() }
                    error=field_error(value, series_fields::INTERVAL)
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
                    name={series_fields::NTH}
                    label=Msg::FieldNth
                    choices=nths
                    selected=repeat.nth.clone()
                    error=field_error(value, series_fields::NTH)
                />
                <CodeSelectField
                    name={series_fields::ENDS}
                    label=Msg::FieldEnds
                    choices=endings
                    selected=ends
                    error=field_error(value, series_fields::ENDS)
                />
                <div class="form__row">
                    <TextField
                        name={series_fields::COUNT}
                        label=Msg::FieldCount
                        kind="number"
                        min="1"
                        max="520"
                        value=repeat.count.clone()
                        error=field_error(value, series_fields::COUNT)
                    />
                    <TextField
                        name={series_fields::UNTIL}
                        label=Msg::FieldUntil
                        kind="date"
                        value=repeat.until.clone()
                        error=field_error(value, series_fields::UNTIL)
                    />
                </div>
                <CheckField name={series_fields::SKIP_PUBLIC_HOLIDAYS} label=Msg::FieldSkipPublicHolidays checked=skip_public_holidays />
                <CheckField name={series_fields::SKIP_SCHOOL_HOLIDAYS} label=Msg::FieldSkipSchoolHolidays checked=skip_school_holidays />
            </div>
        </fieldset>
    }
}
