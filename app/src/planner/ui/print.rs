//! The printable weekly plan of one room, for its door: A4, the week's days
//! with their dates, private uses only as "occupied".
use crate::i18n::{Msg, format_clock, format_date};
use crate::planner::api::planner_plan;
use crate::planner::plan::{Plan, PlanQuery};
use crate::ui::providers::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PrintRoomWeek() -> impl IntoView {
    let map = use_query_map();
    let query = Memo::new(move |_| {
        map.with(|m| PlanQuery {
            house: m.get("house").unwrap_or_default(),
            view: "week".to_owned(),
            date: m.get("date").unwrap_or_default(),
            rooms: m.get("rooms").unwrap_or_default(),
            ..PlanQuery::default()
        })
    });
    let plan = Resource::new(move || query.get(), planner_plan);
    view! {
        <Title text=t(Msg::PlannerPrintLink) />
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(plan) => view! { <DoorPlan plan /> }.into_any(),
                    Err(err) => view! {
                        <h1>{t(Msg::PlannerPrintLink)}</h1>
                        <p class="form-alert" role="alert">{t(err.summary())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DoorPlan(plan: Plan) -> impl IntoView {
    let locale = use_locale();
    let Some(room) = plan.shown_rooms().next().cloned() else {
        return view! { <p>{t(Msg::ErrorNotFound)}</p> }.into_any();
    };
    let (first, last) = (
        plan.days.first().copied().unwrap_or_default(),
        plan.days.last().copied().unwrap_or_default(),
    );
    let rows = plan
        .days
        .iter()
        .map(|day| {
            let uses = plan
                .items_on(room.info.room_id, *day)
                .into_iter()
                .map(|item| {
                    let what = if item.private {
                        t(Msg::PlannerOccupied).to_owned()
                    } else {
                        item.title.clone()
                    };
                    let time = format!(
                        "{}–{}",
                        format_clock(item.starts_local()),
                        format_clock(item.ends_local())
                    );
                    view! { <li><span class="door-plan__time">{time}</span> " " {what}</li> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{format_date(locale, *day)}</th>
                    <td><ul>{uses}</ul></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="door-plan">
            <h1>{room.name.clone()}</h1>
            <p>{format!("{} – {} · {}", format_date(locale, first), format_date(locale, last), plan.house_name)}</p>
            <table>
                <caption class="visually-hidden">{room.name.clone()}</caption>
                <tbody>{rows}</tbody>
            </table>
        </article>
    }
    .into_any()
}
