//! The planner's record of a date, on its editor page: who placed, moved,
//! resized or unscheduled it, from where to where, and when.
use super::describe::when_label;
use crate::i18n::{Msg, format_clock, format_date};
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use crate::planner::api::planner_history;
use crate::planner::plan::PlanChange;
use crate::ui::providers::{t, use_locale};
use leptos::prelude::*;

fn action_label(action: &str) -> &'static str {
    t(match action {
        "place" => Msg::PlannerActionPlace,
        "resize" => Msg::PlannerActionResize,
        "unschedule" => Msg::PlannerActionUnschedule,
        _ => Msg::PlannerActionMove,
    })
}

#[component]
pub fn PlannerHistory(occurrence_id: Signal<String>) -> impl IntoView {
    let locale = use_locale();
    let history = Resource::new(move || occurrence_id.get(), planner_history);
    let line = move |change: PlanChange| {
        let at = utc_to_local(change.at, HOUSE_ZONE);
        let place = |room: Option<String>, (from, until)| {
            format!(
                "{}, {}",
                room.unwrap_or_else(|| t(Msg::PlannerTray).to_owned()),
                when_label(locale, from, until)
            )
        };
        let text = Msg::PlannerHistoryLine.fill(
            locale,
            &[
                (
                    "when",
                    &format!("{} {}", format_date(locale, at.date()), format_clock(at)),
                ),
                ("who", &change.who.clone().unwrap_or_else(|| "–".to_owned())),
                ("action", &action_label(&change.action)),
                ("from", &place(change.from_room.clone(), change.from)),
                ("to", &place(change.to_room.clone(), change.to)),
            ],
        );
        view! { <li>{text}</li> }
    };
    view! {
        <section class="planner-history" aria-labelledby="planner-history-heading">
            <h2 id="planner-history-heading">{t(Msg::PlannerHistoryHeading)}</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(changes) if changes.is_empty() => view! { <p>{t(Msg::PlannerHistoryEmpty)}</p> }.into_any(),
                        Ok(changes) => view! { <ul>{changes.into_iter().map(line).collect_view()}</ul> }.into_any(),
                        Err(err) => view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
