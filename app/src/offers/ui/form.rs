//! The offer form: what the idea is, for whom, how often, and what room it
//! needs. Saved as a draft or sent to the house; a plain form without JavaScript.
use crate::calendar::api::Choice;
use crate::calendar::query::{Audience, LANGUAGES};
use crate::calendar::rules::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use crate::calendar::ui::views::{audience_label, language_msg};
use crate::i18n::Msg;
use crate::offers::api::{OfferRecord, SaveOffer};
use crate::offers::fields;
use crate::offers::rules::{FEATURES, SHORT_TEXT_MAX_CHARS};
use crate::planner::ui::describe::feature_label;
use crate::ui::form::{FormAlert, SelectField, TextAreaField, TextField, field_error};
use crate::ui::providers::{t, use_locale};
use leptos::prelude::*;

/// A checkbox among several of one group, named `{prefix}_{code}`.
#[component]
fn CheckChoice(name: String, label: String, checked: bool) -> impl IntoView {
    view! {
        <div class="check">
            <input type="checkbox" id=name.clone() name=name.clone() value="on" checked=checked.then_some("") />
            <label for=name>{label}</label>
        </div>
    }
}

#[component]
pub fn OfferForm(
    offer: Option<OfferRecord>,
    categories: Vec<Choice>,
    groups: Vec<Choice>,
    /// Counted up after each save, so the page reads the offer again.
    changed: RwSignal<usize>,
) -> impl IntoView {
    let save = ServerAction::<SaveOffer>::new();
    let value = save.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            changed.update(|n| *n += 1);
        }
    });
    let locale = use_locale();
    let stored = offer.clone().unwrap_or_default();
    let has = |list: &str, code: &str| list.split(',').any(|c| c == code);
    let new = offer.is_none();
    let audience = Audience::ALL
        .into_iter()
        .map(|a| {
            let checked = !new && has(&stored.audience, a.code());
            view! { <CheckChoice name=format!("audience_{}", a.code()) label=audience_label(a).text(locale).to_owned() checked /> }
        })
        .collect_view();
    let languages = LANGUAGES
        .into_iter()
        .map(|code| {
            let checked = if new { code == "de" } else { has(&stored.languages, code) };
            view! { <CheckChoice name=format!("language_{code}") label=language_msg(code).text(locale).to_owned() checked /> }
        })
        .collect_view();
    let features = FEATURES
        .into_iter()
        .map(|code| {
            let checked = has(&stored.needs_features, code);
            view! { <CheckChoice name=format!("needs_{code}") label=feature_label(locale, code) checked /> }
        })
        .collect_view();
    let participants = stored.expected_participants.map(|n| n.to_string());
    view! {
        <ActionForm action=save attr:class="form offer-form" attr:novalidate=true>
            {offer.as_ref().map(|o| view! { <input type="hidden" name=fields::OFFER_ID value=o.offer_id.to_string() /> })}
            <TextField name=fields::TITLE label=Msg::FieldTitle required=true maxlength=TITLE_MAX_CHARS
                value=stored.title.clone() error=field_error(value, fields::TITLE) />
            <TextAreaField name=fields::DESCRIPTION label=Msg::FieldDescription hint=Msg::MarkdownHint
                maxlength=DESCRIPTION_MAX_CHARS value=stored.description.clone()
                error=field_error(value, fields::DESCRIPTION) />
            <SelectField name=fields::CATEGORY_ID label=Msg::FieldCategory choices=categories required=true
                selected=stored.category_id
                error=field_error(value, fields::CATEGORY_ID) />
            {(!groups.is_empty()).then(|| view! {
                <SelectField name=fields::GROUP_ID label=Msg::OfferForGroup choices=groups.clone()
                    selected=stored.group_id.unwrap_or_default() error=field_error(value, fields::GROUP_ID) />
            })}
            <fieldset class="choices">
                <legend>{t(Msg::FilterAudience)}</legend>
                {audience}
            </fieldset>
            <fieldset class="choices">
                <legend>{t(Msg::FieldLanguages)}</legend>
                {languages}
            </fieldset>
            <TextField name=fields::FREQUENCY label=Msg::OfferFrequency hint=Msg::OfferFrequencyHint
                maxlength=SHORT_TEXT_MAX_CHARS value=stored.frequency.clone()
                error=field_error(value, fields::FREQUENCY) />
            <TextField name=fields::PREFERRED_TIMES label=Msg::OfferPreferredTimes hint=Msg::OfferPreferredTimesHint
                maxlength=SHORT_TEXT_MAX_CHARS value=stored.preferred_times.clone()
                error=field_error(value, fields::PREFERRED_TIMES) />
            <TextField name=fields::EXPECTED_PARTICIPANTS label=Msg::OfferParticipants kind="number"
                min="1" max="500" value=participants.unwrap_or_default()
                error=field_error(value, fields::EXPECTED_PARTICIPANTS) />
            <fieldset class="choices">
                <legend>{t(Msg::OfferRoomNeeds)}</legend>
                {features}
            </fieldset>
            <div class="check">
                <input type="checkbox" id=fields::VOLUNTEERS_NEEDED name=fields::VOLUNTEERS_NEEDED value="on"
                    checked=stored.volunteers_needed.then_some("") />
                <label for=fields::VOLUNTEERS_NEEDED>{t(Msg::OfferVolunteersNeeded)}</label>
            </div>
            <TextField name=fields::CONTACT label=Msg::FieldContact hint=Msg::OfferContactHint
                maxlength=SHORT_TEXT_MAX_CHARS value=stored.contact.clone()
                error=field_error(value, fields::CONTACT) />
            // Hidden from people (and screen readers); bots fill it in.
            <div class="honeypot" aria-hidden="true">
                <label for=fields::HONEYPOT>"Website"</label>
                <input type="text" id=fields::HONEYPOT name=fields::HONEYPOT tabindex="-1" autocomplete="off" />
            </div>
            <FormAlert value />
            <div class="form-actions">
                <button class="button" type="submit" name=fields::INTENT value="submit" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { t(Msg::Saving) } else { t(Msg::OfferSubmit) }}
                </button>
                <button class="button button--secondary" type="submit" name=fields::INTENT value="draft"
                    disabled=move || save.pending().get()>
                    {t(Msg::OfferSaveDraft)}
                </button>
            </div>
        </ActionForm>
    }
}
