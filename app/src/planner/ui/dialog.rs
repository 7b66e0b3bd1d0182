//! The "Move…" dialog: room, start, end — everything dragging does, by form.
//! Without JavaScript it is a form posted to the server function; with it, the
//! same rules judge it first and the page updates in place.
use super::describe::{room_label, verdict_text};
use super::state::{Placement, PlannerState};
use crate::i18n::{Msg, machine_date_time};
use crate::kernel::time::{HOUSE_ZONE, local_to_utc, parse_local};
use crate::planner::fields;
use crate::ui::providers::{t, use_locale};
use leptos::prelude::*;

#[component]
pub fn MoveDialog(state: PlannerState, occurrence_id: i64) -> impl IntoView {
    let locale = use_locale();
    let item = state
        .plan
        .with_untracked(|p| p.item(occurrence_id).cloned())?;
    let room = RwSignal::new(item.room_id.map(|id| id.to_string()).unwrap_or_default());
    let starts = RwSignal::new(machine_date_time(item.starts_local()));
    let ends = RwSignal::new(machine_date_time(item.ends_local()));
    // What the rules say of the dialog's current values, as the organiser types.
    let target = move || {
        let at = |text: String| parse_local(&text).and_then(|l| local_to_utc(l, HOUSE_ZONE));
        let (Ok(starts_at), Ok(ends_at)) = (at(starts.get()), at(ends.get())) else {
            return None;
        };
        Some(Placement {
            room_id: room.get().parse().ok(),
            starts_at,
            ends_at,
        })
    };
    let hint = move || {
        target().map(|to| {
            let verdict = state.verdict(occurrence_id, to);
            state.plan.with(|plan| verdict_text(locale, plan, &verdict))
        })
    };
    let close = move || {
        state.dialog.set(None);
        super::input::focus_item(occurrence_id);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(to) = target() {
            state.dialog.set(None);
            state.place(occurrence_id, to);
            super::input::focus_item(occurrence_id);
        }
    };
    let rooms = state.plan.with_untracked(|plan| {
        plan.rooms
            .iter()
            .map(|r| {
                let id = r.info.room_id.to_string();
                let selected = item.room_id == Some(r.info.room_id);
                view! { <option value=id selected=selected>{room_label(locale, plan, Some(r.info.room_id))}</option> }
            })
            .collect_view()
    });
    let cancel_href = state.query.with_untracked(|q| {
        let date = q.date().unwrap_or(item.starts_local().date());
        q.href(state.plan.with_untracked(|p| p.view), date)
    });
    let heading = Msg::PlannerMoveHeading.fill(locale, &[("title", &item.title)]);
    Some(view! {
        <div class="planner-dialog" role="dialog" aria-modal="true" aria-labelledby="planner-dialog-heading"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { ev.prevent_default(); close(); }>
            <form method="post" action="/api/planner/move" on:submit=on_submit>
                <h2 id="planner-dialog-heading">{heading}</h2>
                <input type="hidden" name=fields::OCCURRENCE_ID value=occurrence_id.to_string() />
                <input type="hidden" name=fields::VERSION value=item.version.to_string() />
                <label>{t(Msg::FieldRoom)}
                    <select name=fields::ROOM_ID autofocus on:change=move |ev| room.set(event_target_value(&ev))>
                        <option value="" selected=item.room_id.is_none()>{t(Msg::PlannerToTrayOption)}</option>
                        {rooms}
                    </select>
                </label>
                <label>{t(Msg::FieldStartsAt)}
                    <input type="datetime-local" name=fields::STARTS_AT required prop:value=move || starts.get()
                        on:input=move |ev| starts.set(event_target_value(&ev)) />
                </label>
                <label>{t(Msg::FieldEndsAt)}
                    <input type="datetime-local" name=fields::ENDS_AT required prop:value=move || ends.get()
                        on:input=move |ev| ends.set(event_target_value(&ev)) />
                </label>
                <p class="planner-dialog-hint" aria-live="polite">{hint}</p>
                <label class="check"><input type="checkbox" name=fields::CONFIRMED />{t(Msg::PlannerConfirmLabel)}</label>
                <div class="form-actions">
                    <button type="submit">{t(Msg::PlannerSave)}</button>
                    <a href=cancel_href on:click=move |ev| { ev.prevent_default(); close(); }>{t(Msg::PlannerCancel)}</a>
                </div>
            </form>
        </div>
    })
}

/// How many clashing dates the dialog lists; the rest are counted.
const SHOWN_CLASHES: usize = 10;

/// Asked when a date of a series is put somewhere new: only this date, this
/// and the following, or all. For the last two the server lists the dates
/// that would not fit, and nothing is saved.
#[component]
pub fn ScopeDialog(state: PlannerState, occurrence_id: i64, to: Placement) -> impl IntoView {
    use super::describe::conflict_text;
    use crate::i18n::format_date;
    use crate::kernel::time::utc_to_local;
    let locale = use_locale();
    let title = state
        .plan
        .with_untracked(|p| p.item(occurrence_id).map(|i| i.title.clone()))
        .unwrap_or_default();
    let question = Msg::PlannerScopeQuestion.fill(locale, &[("title", &title)]);
    let close = move || {
        state.scope_ask.set(None);
        state.clashes.set(Vec::new());
        state.say(t(Msg::PlannerMoveCancelled).to_owned());
        super::input::focus_item(occurrence_id);
    };
    let clashes = move || {
        let clashes = state.clashes.get();
        (!clashes.is_empty()).then(|| {
            let more = clashes.len().saturating_sub(SHOWN_CLASHES);
            let more = (more > 0).then(|| {
                view! { <li>{Msg::PlannerMoreClashes.fill(locale, &[("count", &more)])}</li> }
            });
            let lines = clashes
                .into_iter()
                .take(SHOWN_CLASHES)
                .map(|clash| {
                    let day = format_date(locale, utc_to_local(clash.starts_at, HOUSE_ZONE).date());
                    let reasons = if clash.skipped_hour {
                        t(Msg::PlannerClockChangeClash).to_owned()
                    } else if !clash.taken_by.is_empty() {
                        clash
                            .taken_by
                            .iter()
                            .map(|title| Msg::PlannerTakenBy.fill(locale, &[("title", title)]))
                            .collect::<Vec<_>>()
                            .join(" · ")
                    } else {
                        state.plan.with_untracked(|plan| {
                            clash
                                .conflicts
                                .iter()
                                .map(|c| conflict_text(locale, plan, c))
                                .collect::<Vec<_>>()
                                .join(" · ")
                        })
                    };
                    view! { <li>{day} ": " {reasons}</li> }
                })
                .collect_view();
            view! {
                <div class="form-alert" role="alert">
                    <p>{t(Msg::PlannerSeriesClashesHeading)}</p>
                    <ul class="planner-clashes">{lines}{more}</ul>
                </div>
            }
        })
    };
    view! {
        <div class="planner-dialog" role="dialog" aria-modal="true" aria-labelledby="planner-scope-heading"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { ev.prevent_default(); close(); }>
            <div class="planner-dialog-box">
                <h2 id="planner-scope-heading">{question}</h2>
                <div class="form-actions">
                    <button type="button" autofocus disabled=move || state.saving.get() on:click=move |_| {
                        state.scope_ask.set(None);
                        state.place_date(occurrence_id, to);
                    }>{t(Msg::ScopeThisDate)}</button>
                    <button type="button" disabled=move || state.saving.get()
                        on:click=move |_| state.place_series(occurrence_id, to, true)>{t(Msg::ScopeThisAndFollowing)}</button>
                    <button type="button" disabled=move || state.saving.get()
                        on:click=move |_| state.place_series(occurrence_id, to, false)>{t(Msg::ScopeAll)}</button>
                    <button type="button" class="button--secondary" on:click=move |_| close()>{t(Msg::PlannerCancel)}</button>
                </div>
                {clashes}
            </div>
        </div>
    }
}
