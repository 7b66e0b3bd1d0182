//! The plan as tables: one day with rooms as columns and hours as rows, or one
//! week with rooms as rows and days as columns; and the week's occupancy.
//! Each cell names its room and time (`data-room`, `data-date`, `data-hour`)
//! for the pointer; each date is a button to pick up and a link to its dialog.
use super::state::{Pick, PlannerState};
use crate::calendar::holidays::is_public_holiday_nrw;
use crate::i18n::{Msg, format_clock, format_date, machine_date, weekday_name};
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use crate::planner::plan::{Plan, PlanItem};
use crate::ui::providers::{t, use_locale};
use chrono::{Datelike, NaiveDate, Timelike};
use leptos::prelude::*;

/// The day grid places dates by classes, not inline styles (which the
/// Content-Security-Policy refuses): `at-N` starts N minutes into the hour,
/// `len-N` lasts N five-minute steps, up to [`LONGEST_STEPS`] (see `style/main.css`).
const LONGEST_STEPS: i64 = 144;

fn place_classes(minute: u32, minutes: i64) -> String {
    format!(
        "at-{} len-{}",
        minute / 5 * 5,
        (minutes / 5).clamp(1, LONGEST_STEPS)
    )
}

/// The dates to draw: the plan's, with the picked one at its aimed place.
fn shown_items(plan: &Plan, picked: Option<Pick>) -> Vec<(PlanItem, bool)> {
    let mut items: Vec<(PlanItem, bool)> = plan.items.iter().cloned().map(|i| (i, false)).collect();
    if let Some(pick) = picked
        && let Some(item) = plan.item(pick.occurrence_id).cloned()
        && let Some(room_id) = pick.to.room_id
    {
        items.retain(|(i, _)| i.occurrence_id != pick.occurrence_id);
        items.push((
            PlanItem {
                room_id: Some(room_id),
                starts_at: pick.to.starts_at,
                ends_at: pick.to.ends_at,
                ..item
            },
            true,
        ));
    }
    items
}

fn closed_reason(plan: &Plan, date: NaiveDate) -> Option<String> {
    plan.closure(date)
        .map(|reason| {
            if reason.is_empty() {
                t(Msg::PlannerClosed).to_owned()
            } else {
                format!("{} ({reason})", t(Msg::PlannerClosed))
            }
        })
        .or_else(|| {
            plan.opening_hours
                .on(date.weekday())
                .is_none()
                .then(|| t(Msg::PlannerClosed).to_owned())
        })
}

fn day_heading(plan: &Plan, date: NaiveDate) -> impl IntoView + use<> {
    let locale = use_locale();
    let (short, _) = weekday_name(locale, date.weekday());
    let marks = [
        closed_reason(plan, date),
        is_public_holiday_nrw(date).map(|_| t(Msg::PlannerHoliday).to_owned()),
    ]
    .into_iter()
    .flatten()
    .map(|mark| view! { <span class="planner-mark">{mark}</span> })
    .collect_view();
    view! {
        <time datetime=machine_date(date)>{format!("{short} {}.{}.", date.day(), date.month())}</time>
        {marks}
    }
}

fn print_href(plan: &Plan, room_id: i64) -> String {
    let date = plan.days.first().copied().unwrap_or_default();
    format!(
        "/planner/print?house={}&date={}&rooms={room_id}",
        plan.house_id,
        machine_date(date)
    )
}

/// One date in the grid or the tray: a button to pick it up (or drag it), and
/// a link to the dialog that moves it by form.
#[component]
pub fn ItemBox(
    state: PlannerState,
    item: PlanItem,
    #[prop(optional)] place: String,
    #[prop(optional)] picked: bool,
) -> impl IntoView {
    let locale = use_locale();
    let id = item.occurrence_id;
    let (start, end) = (item.starts_local(), item.ends_local());
    let date = format_date(locale, start.date());
    let move_href = state.query.with_untracked(|q| {
        let date = q.date().unwrap_or(start.date());
        format!(
            "{}&move={id}",
            q.href(state.plan.with_untracked(|p| p.view), date)
        )
    });
    let class = if picked {
        "plan-item picked"
    } else {
        "plan-item"
    };
    let verdict_class = picked.then(|| {
        let fits = state
            .picked
            .get_untracked()
            .is_some_and(|p| state.verdict(id, p.to).fits());
        if fits { " fits" } else { " conflicts" }
    });
    view! {
        <div class=format!("{class} {place}{}", verdict_class.unwrap_or_default()) data-item=id.to_string()>
            <button type="button" class="plan-item-handle" aria-pressed=picked.then_some("true")>
                <span class="plan-item-time">{format!("{}–{}", format_clock(start), format_clock(end))}</span>
                " "
                <span class="plan-item-title">{item.title.clone()}</span>
                <span class="visually-hidden">", " {date}</span>
            </button>
            <a class="plan-item-move" href=move_href data-move=id.to_string()>{t(Msg::PlannerMoveButton)}</a>
            <span class="plan-item-resize" aria-hidden="true" data-resize=id.to_string()></span>
        </div>
    }
}

#[component]
pub fn DayGrid(state: PlannerState) -> impl IntoView {
    let locale = use_locale();
    move || {
        let picked = state.picked.get();
        state.plan.with(|plan| {
            let date = plan.days.first().copied().unwrap_or_default();
            let hours = plan.hours();
            let rooms: Vec<_> = plan.shown_rooms().cloned().collect();
            let items = shown_items(plan, picked);
            let opening = plan.opening_hours.on(date.weekday());
            let closed = closed_reason(plan, date).is_some();
            let now = utc_to_local(plan.now, HOUSE_ZONE);
            let caption = Msg::PlannerGridCaption.fill(
                locale,
                &[("house", &plan.house_name), ("days", &format_date(locale, date))],
            );
            let header = rooms
                .iter()
                .map(|room| view! { <th scope="col">{room.name.clone()} <small>{room.info.capacity}</small></th> })
                .collect_view();
            let rows = hours
                .clone()
                .map(|hour| {
                    let open = !closed
                        && opening.is_some_and(|o| {
                            hour >= o.opens.hour() && (hour < o.last_hour())
                        });
                    let now_line = (now.date() == date && now.hour() == hour).then(|| {
                        let class = format!("planner-now at-{}", now.minute() / 5 * 5);
                        view! { <span class=class>{t(Msg::PlannerNowLine)}</span> }
                    });
                    let cells = rooms
                        .iter()
                        .map(|room| {
                            let room_id = room.info.room_id;
                            let here = items
                                .iter()
                                .filter(|(i, _)| {
                                    let start = i.starts_local();
                                    i.room_id == Some(room_id) && start.date() == date && start.hour() == hour
                                })
                                .map(|(item, picked)| {
                                    let place = place_classes(
                                        item.starts_local().minute(),
                                        (item.ends_at - item.starts_at).num_minutes(),
                                    );
                                    view! { <ItemBox state item=item.clone() place picked=*picked /> }
                                })
                                .collect_view();
                            view! {
                                <td class=if open { "slot" } else { "slot off-hours" }
                                    data-room=room_id.to_string() data-date=machine_date(date) data-hour=hour.to_string()>
                                    {here}
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row" class="planner-hour">{format!("{hour:02}:00")}{now_line}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="planner-day">
                    <caption>{caption} " · " {day_heading(plan, date)}</caption>
                    <thead><tr><th scope="col">{t(Msg::PlannerTime)}</th>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    }
}

#[component]
pub fn WeekGrid(state: PlannerState) -> impl IntoView {
    let locale = use_locale();
    move || {
        let picked = state.picked.get();
        state.plan.with(|plan| {
            let items = shown_items(plan, picked);
            let (first, last) = (
                plan.days.first().copied().unwrap_or_default(),
                plan.days.last().copied().unwrap_or_default(),
            );
            let caption = Msg::PlannerGridCaption.fill(
                locale,
                &[
                    ("house", &plan.house_name),
                    ("days", &format!("{} – {}", format_date(locale, first), format_date(locale, last))),
                ],
            );
            let header = plan
                .days
                .iter()
                .map(|d| {
                    let class = if closed_reason(plan, *d).is_some() { "closed" } else { "" };
                    view! { <th scope="col" class=class>{day_heading(plan, *d)}</th> }
                })
                .collect_view();
            let rows = plan
                .shown_rooms()
                .map(|room| {
                    let room_id = room.info.room_id;
                    let part_of = plan
                        .rooms
                        .iter()
                        .filter(|whole| whole.info.parts.contains(&room_id))
                        .map(|whole| Msg::PlannerPartOf.fill(locale, &[("room", &whole.name)]))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let cells = plan
                        .days
                        .iter()
                        .map(|date| {
                            let mut here: Vec<&(PlanItem, bool)> = items
                                .iter()
                                .filter(|(i, _)| i.room_id == Some(room_id) && i.starts_local().date() == *date)
                                .collect();
                            here.sort_by_key(|(i, _)| i.starts_at);
                            let list = here
                                .into_iter()
                                .map(|(item, picked)| view! { <li><ItemBox state item=item.clone() picked=*picked /></li> })
                                .collect_view();
                            let class = if closed_reason(plan, *date).is_some() { "slot closed" } else { "slot" };
                            view! {
                                <td class=class data-room=room_id.to_string() data-date=machine_date(*date)>
                                    <ul>{list}</ul>
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{room.name.clone()} " " <small>{room.info.capacity}</small>
                                <a class="planner-print" href=print_href(plan, room_id)>
                                    {t(Msg::PlannerPrintLink)}<span class="visually-hidden">": " {room.name.clone()}</span>
                                </a>
                                {(!part_of.is_empty()).then(|| view! { <small class="planner-part">{part_of}</small> })}
                            </th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="planner-week">
                    <caption>{caption}</caption>
                    <thead><tr><th scope="col">{t(Msg::PlannerRoom)}</th>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    }
}

/// The week's occupancy per room and day: hours used of hours open, as a heat
/// map with its numbers written out.
#[component]
pub fn Occupancy(state: PlannerState) -> impl IntoView {
    let locale = use_locale();
    move || {
        state.plan.with(|plan| {
            let header = plan
                .days
                .iter()
                .map(|d| view! { <th scope="col">{day_heading(plan, *d)}</th> })
                .collect_view();
            let rows = plan
                .shown_rooms()
                .map(|room| {
                    let cells = plan
                        .days
                        .iter()
                        .map(|date| {
                            let (used, open) = plan.occupancy(room.info.room_id, *date);
                            let share = if open > 0 { used * 100 / open } else { 0 };
                            let level = (share / 25).min(4);
                            let hours = |m: i64| format!("{:.1}", m as f64 / 60.0);
                            let text = Msg::PlannerOccupancyCell
                                .fill(locale, &[("used", &hours(used)), ("open", &hours(open))]);
                            view! { <td class=format!("heat heat-{level}")>{text}</td> }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{room.name.clone()}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <section class="planner-occupancy" aria-labelledby="planner-occupancy-heading">
                    <h2 id="planner-occupancy-heading">{t(Msg::PlannerOccupancyHeading)}</h2>
                    // Seven days do not fit a phone: the table scrolls on its own,
                    // by keyboard too, and the page keeps its width.
                    <div class="table-scroll" tabindex="0" role="group" aria-labelledby="planner-occupancy-heading">
                        <table>
                            <thead><tr><th scope="col">{t(Msg::PlannerRoom)}</th>{header}</tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </section>
            }
        })
    }
}
