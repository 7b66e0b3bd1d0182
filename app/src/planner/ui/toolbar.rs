//! The planner's toolbar: day or week, the date, the rooms shown, and undo and
//! redo. A plain GET form, so it works without JavaScript too.
use super::plan_href;
use super::state::PlannerState;
use crate::i18n::{Msg, machine_date};
use crate::planner::plan::PlanView;
use crate::ui::providers::t;
use chrono::Duration;
use leptos::prelude::*;

#[component]
pub fn Toolbar(state: PlannerState) -> impl IntoView {
    let plan = state.plan.get_untracked();
    let first = plan.days.first().copied().unwrap_or_default();
    let step = match plan.view {
        PlanView::Day => Duration::days(1),
        PlanView::Week => Duration::days(7),
    };
    let today = crate::kernel::time::utc_to_local(plan.now, crate::kernel::time::HOUSE_ZONE).date();
    let query = state.query.get_untracked();
    let view_option = |kind: PlanView, label: Msg| {
        view! { <option value=kind.code() selected=plan.view == kind>{t(label)}</option> }
    };
    let rooms = plan
        .rooms
        .iter()
        .map(|room| {
            let id = room.info.room_id;
            let selected = plan.room_filter.len() == 1 && plan.room_filter[0] == id;
            view! { <option value=id.to_string() selected=selected>{room.name.clone()}</option> }
        })
        .collect_view();
    view! {
        <nav class="planner-toolbar" aria-label=t(Msg::PlannerHeading)>
            <a href=plan_href(state, plan.view, first - step) rel="prev">{t(Msg::PlannerPrevious)}</a>
            <a href=plan_href(state, plan.view, today)>{t(Msg::PlannerToday)}</a>
            <a href=plan_href(state, plan.view, first + step) rel="next">{t(Msg::PlannerNext)}</a>
            <form method="get" action="/planner" class="planner-jump">
                <input type="hidden" name="house" value=plan.house_id.to_string() />
                <label>{t(Msg::PlannerWeek)} " / " {t(Msg::PlannerDay)}
                    <select name="view">
                        {view_option(PlanView::Week, Msg::PlannerWeek)}
                        {view_option(PlanView::Day, Msg::PlannerDay)}
                    </select>
                </label>
                <label>{t(Msg::FieldStartsAt)}
                    <input type="date" name="date" value=machine_date(first) required />
                </label>
                <label>{t(Msg::PlannerRoomsFilter)}
                    <select name="rooms">
                        <option value="">{t(Msg::PlannerAllRooms)}</option>
                        {rooms}
                    </select>
                </label>
                <input type="hidden" name="tray" value=query.tray.clone() />
                <button type="submit">{t(Msg::PlannerShowDate)}</button>
            </form>
            <button type="button" class="planner-undo" on:click=move |_| state.undo_last()
                disabled=move || state.undo.with(Vec::is_empty) || state.saving.get()>
                {t(Msg::PlannerUndo)}
            </button>
            <button type="button" class="planner-redo" on:click=move |_| state.redo_last()
                disabled=move || state.redo.with(Vec::is_empty) || state.saving.get()>
                {t(Msg::PlannerRedo)}
            </button>
        </nav>
    }
}
