//! The planner page `/planner`: a room × time grid for a day or a week, the
//! tray of dates without a room, and the ways to move a date: drag, keyboard,
//! or the "Move…" dialog. It renders on the server as tables a screen reader
//! can walk; hydration adds the moving.
pub mod describe;
mod dialog;
mod grid;
pub mod history;
mod input;
mod live;
pub mod print;
pub mod state;
mod suggest;
mod toolbar;
mod tray;

use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::planner::api::planner_plan;
use crate::planner::plan::{Plan, PlanQuery, PlanView};
use crate::ui::not_found::NotFoundPage;
use crate::ui::providers::{t, use_locale};
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use state::PlannerState;

/// The planner's query as the URL holds it.
fn use_plan_query() -> Memo<PlanQuery> {
    let map = use_query_map();
    Memo::new(move |_| {
        map.with(|m| PlanQuery {
            house: m.get("house").unwrap_or_default(),
            view: m.get("view").unwrap_or_default(),
            date: m.get("date").unwrap_or_default(),
            rooms: m.get("rooms").unwrap_or_default(),
            tray: m.get("tray").unwrap_or_default(),
            opened: m.get("move").unwrap_or_default(),
        })
    })
}

#[component]
pub fn PlannerPage() -> impl IntoView {
    let query = use_plan_query();
    let plan = Resource::new(move || query.get(), planner_plan);
    view! {
        <Title text=t(Msg::PlannerHeading) />
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(plan) => EitherOf4::A(view! { <Planner plan query /> }),
                    Err(AppError::NotFound) => EitherOf4::B(view! { <NotFoundPage /> }),
                    Err(AppError::Unauthorized) => EitherOf4::C(view! {
                        <h1>{t(Msg::PlannerHeading)}</h1>
                        <p class="form-alert" role="alert">
                            {t(Msg::ErrorUnauthorized)} " " <a href="/login">{t(Msg::NavLogin)}</a>
                        </p>
                    }),
                    Err(err) => EitherOf4::D(view! {
                        <h1>{t(Msg::PlannerHeading)}</h1>
                        <p class="form-alert" role="alert">{t(err.summary())}</p>
                    }),
                }
            })}
        </Transition>
    }
}

#[component]
fn Planner(plan: Plan, query: Memo<PlanQuery>) -> impl IntoView {
    let locale = use_locale();
    let opened = query.with_untracked(PlanQuery::opened);
    let state = PlannerState::new(plan, query, locale);
    state.dialog.set(opened);
    live::follow(state);
    // Effects run in the browser once this part of the page has hydrated (it
    // arrives as a lazy chunk, after the rest of the page): the mark says that
    // dragging and the keys work now.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    input::follow_stray_keys(state);
    let view_kind = move || state.plan.with(|p| p.view);
    view! {
        <h1>{t(Msg::PlannerHeading)}</h1>
        <p class="planner-intro">{t(Msg::PlannerIntro)}</p>
        <toolbar::Toolbar state />
        <div class="planner" class:dragging=move || state.dragging.get()
            data-ready=move || ready.get().then_some("true") on:keydown=move |ev| input::on_key(state, ev)
            on:click=move |ev| input::on_click(state, ev)
            on:pointerdown=move |ev| input::on_pointer_down(state, ev)
            on:pointermove=move |ev| input::on_pointer_move(state, ev)
            on:pointerup=move |ev| input::on_pointer_up(state, ev)
            on:pointercancel=move |_| input::on_pointer_cancel(state)>
            <div class="planner-grid">
                {move || match view_kind() {
                    PlanView::Day => Either::Left(view! { <grid::DayGrid state /> }),
                    PlanView::Week => Either::Right(view! { <grid::WeekGrid state /> }),
                }}
            </div>
            <tray::Tray state />
        </div>
        {move || (view_kind() == PlanView::Week).then(|| view! { <grid::Occupancy state /> })}
        <p class="planner-help">{t(Msg::PlannerKeyboardHelp)}</p>
        <p class="visually-hidden" role="status" aria-live="polite" data-planner-live>{move || state.said.get()}</p>
        {move || state.dialog.get().map(|id| view! { <dialog::MoveDialog state occurrence_id=id /> })}
        {move || state.scope_ask.get().map(|(id, to)| view! { <dialog::ScopeDialog state occurrence_id=id to /> })}
    }
}

/// The planner's address for the same query at another view or date.
pub fn plan_href(state: PlannerState, view: PlanView, date: chrono::NaiveDate) -> String {
    state.query.with_untracked(|q| q.href(view, date))
}
