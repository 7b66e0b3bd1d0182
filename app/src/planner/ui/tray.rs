//! The tray: dates without a room, with what they need, to be dragged or moved
//! into the plan. Dropping a planned date here takes it out of the plan.
use super::describe::{features_label, when_label};
use super::grid::ItemBox;
use super::state::PlannerState;
use super::suggest::FindPlace;
use crate::i18n::Msg;
use crate::ui::providers::{t, use_locale};
use leptos::prelude::*;

#[component]
pub fn Tray(state: PlannerState) -> impl IntoView {
    let locale = use_locale();
    let words = state.query.with_untracked(|q| q.tray.trim().to_lowercase());
    let filter = RwSignal::new(words);
    let query = state.query.get_untracked();
    let plan_house = state.plan.with_untracked(|p| p.house_id.to_string());
    let items = move || {
        let words = filter.get();
        state.plan.with(|plan| {
            plan.tray
                .iter()
                .filter(|item| words.is_empty() || item.title.to_lowercase().contains(&words))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="planner-tray" data-tray aria-labelledby="planner-tray-heading">
            <h2 id="planner-tray-heading">{t(Msg::PlannerTray)}</h2>
            <p>{t(Msg::PlannerTrayIntro)}</p>
            <form method="get" action="/planner" class="planner-tray-filter">
                {hidden("house", plan_house)}
                {hidden("view", query.view.clone())}
                {hidden("date", query.date.clone())}
                {hidden("rooms", query.rooms.clone())}
                <label>{t(Msg::PlannerTrayFilter)}
                    <input type="search" name="tray"
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev).to_lowercase()) />
                </label>
                <button type="submit">{t(Msg::PlannerTrayFilter)}</button>
            </form>
            {move || {
                let items = items();
                if items.is_empty() {
                    return view! { <p class="planner-tray-empty">{t(Msg::PlannerTrayEmpty)}</p> }.into_any();
                }
                view! {
                    <ul class="planner-tray-list">
                        {items.into_iter().map(|item| {
                            let when = when_label(locale, item.starts_at, item.ends_at);
                            let expected = item.expected_attendance.map(|n| {
                                view! { <span>{Msg::PlannerExpected.fill(locale, &[("count", &n)])}</span> }
                            });
                            let needs = (!item.needs_features.is_empty()).then(|| {
                                let features = features_label(locale, &item.needs_features);
                                view! { <span>{Msg::PlannerNeeds.fill(locale, &[("features", &features)])}</span> }
                            });
                            view! {
                                <li>
                                    <ItemBox state item=item.clone() />
                                    <p class="planner-tray-facts"><span>{when}</span>{expected}{needs}</p>
                                    <FindPlace state occurrence_id=item.occurrence_id title=item.title.clone() />
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn hidden(name: &'static str, value: String) -> impl IntoView {
    view! { <input type="hidden" name=name value=value /> }
}
