//! "Find a place" for a date in the tray: the server lists the free places of
//! the coming four weeks that satisfy every rule; one press on an option
//! places the date there.
use super::describe::{room_label, when_label};
use super::state::{Placement, PlannerState};
use crate::i18n::Msg;
use crate::planner::api::{PlanOption, planner_suggest};
use crate::ui::providers::{t, use_locale};
use leptos::prelude::*;

#[component]
pub fn FindPlace(state: PlannerState, occurrence_id: i64, title: String) -> impl IntoView {
    let locale = use_locale();
    let options: RwSignal<Option<Result<Vec<PlanOption>, Msg>>> = RwSignal::new(None);
    let find = move |_| {
        options.set(Some(Ok(Vec::new())));
        leptos::task::spawn_local(async move {
            let found = planner_suggest(occurrence_id.to_string()).await;
            options.set(Some(found.map_err(|e| e.summary())));
        });
    };
    // Once the options are drawn, the first has the focus: one key press places it.
    Effect::new(move || {
        if options.with(|o| matches!(o, Some(Ok(list)) if !list.is_empty())) {
            super::input::focus_first(&format!("[data-suggest=\"{occurrence_id}\"] li button"));
        }
    });
    let label = Msg::PlannerSuggestionsLabel.fill(locale, &[("title", &title)]);
    let list = move || {
        options.get().map(|found| match found {
            Err(msg) => view! { <p class="form-alert" role="alert">{t(msg)}</p> }.into_any(),
            Ok(found) if found.is_empty() => {
                view! { <p>{t(Msg::PlannerNoSuggestions)}</p> }.into_any()
            }
            Ok(found) => {
                let buttons = found
                    .into_iter()
                    .map(|option| {
                        let text = state.plan.with_untracked(|plan| {
                            format!(
                                "{}, {}",
                                room_label(locale, plan, Some(option.room_id)),
                                when_label(locale, option.starts_at, option.ends_at)
                            )
                        });
                        let to = Placement {
                            room_id: Some(option.room_id),
                            starts_at: option.starts_at,
                            ends_at: option.ends_at,
                        };
                        view! {
                            <li><button type="button" class="button--link" on:click=move |_| {
                                options.set(None);
                                state.place(occurrence_id, to);
                            }>{text}</button></li>
                        }
                    })
                    .collect_view();
                view! { <ul aria-label=label.clone()>{buttons}</ul> }.into_any()
            }
        })
    };
    view! {
        <div class="planner-find" data-suggest=occurrence_id.to_string()>
            <button type="button" class="button--small button--secondary" on:click=find>{t(Msg::PlannerFindPlace)}</button>
            {list}
        </div>
    }
}
