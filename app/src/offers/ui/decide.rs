//! The organiser's decision about an offer: ask for changes, accept (with the
//! first date and how often it repeats), or decline, with a reason. One form,
//! so it works without JavaScript and every field has one id.
use crate::calendar::api::Choice;
use crate::i18n::Msg;
use crate::offers::api::DecideOffer;
use crate::offers::fields;
use crate::offers::rules::{MESSAGE_MAX_CHARS, OfferStatus, REPEATS};
use crate::ui::form::{
    CodeSelectField, FormAlert, SelectField, TextAreaField, TextField, field_error,
};
use crate::ui::providers::{t, use_auth};
use leptos::prelude::*;

#[component]
pub fn DecisionPanel(
    offer_id: i64,
    status: OfferStatus,
    rooms: Vec<Choice>,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let decide = ServerAction::<DecideOffer>::new();
    let value = decide.value();
    let user = use_auth().user;
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(()))) {
            changed.update(|n| *n += 1);
            // The navigation's count of what waits for the house.
            user.refetch();
        }
    });
    let choices = [
        ("accept", Msg::OfferDecisionAccept, true),
        (
            "ask_changes",
            Msg::OfferDecisionAskChanges,
            status == OfferStatus::Submitted,
        ),
        ("decline", Msg::OfferDecisionDecline, true),
    ];
    let repeats: Vec<(&'static str, Msg)> = REPEATS.to_vec();
    view! {
        <section class="card" aria-labelledby="decision-heading">
            <h2 id="decision-heading">{t(Msg::OfferDecisionHeading)}</h2>
            <ActionForm action=decide attr:class="form" attr:novalidate=true>
                <input type="hidden" name=fields::OFFER_ID value=offer_id.to_string() />
                <fieldset class="choices">
                    <legend>{t(Msg::OfferDecisionLegend)}</legend>
                    {choices.into_iter().filter(|(_, _, allowed)| *allowed).enumerate().map(|(i, (code, label, _))| {
                        let id = format!("decision-{code}");
                        view! {
                            <div class="check">
                                <input type="radio" id=id.clone() name=fields::DECISION value=code checked=(i == 0).then_some("") />
                                <label for=id>{t(label)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <TextAreaField name=fields::REASON label=Msg::OfferReason hint=Msg::OfferReasonHint
                    maxlength=MESSAGE_MAX_CHARS error=field_error(value, fields::REASON) />
                <fieldset class="choices">
                    <legend>{t(Msg::OfferAcceptLegend)}</legend>
                    <p class="field__hint">{t(Msg::OfferAcceptHint)}</p>
                    <TextField name=fields::STARTS_AT label=Msg::FieldStartsAt kind="datetime-local"
                        error=field_error(value, fields::STARTS_AT) />
                    <TextField name=fields::ENDS_AT label=Msg::FieldEndsAt kind="datetime-local"
                        error=field_error(value, fields::ENDS_AT) />
                    <CodeSelectField name=fields::REPEAT label=Msg::RepeatLegend choices=repeats selected="weekly"
                        error=field_error(value, fields::REPEAT) />
                    <TextField name=fields::COUNT label=Msg::OfferAcceptCount kind="number" min="1" max="200"
                        value="10" error=field_error(value, fields::COUNT) />
                    <SelectField name=fields::ROOM_ID label=Msg::OfferAcceptRoom choices=rooms
                        error=field_error(value, fields::ROOM_ID) />
                </fieldset>
                <FormAlert value />
                <button class="button" type="submit" disabled=move || decide.pending().get()>
                    {move || if decide.pending().get() { t(Msg::Saving) } else { t(Msg::OfferDecisionSubmit) }}
                </button>
            </ActionForm>
        </section>
    }
}
