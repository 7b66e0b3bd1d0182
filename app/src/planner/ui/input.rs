//! Keyboard, pointer and touch on the planner. Enter (or a click) picks a date
//! up and puts it down; arrows move it by slot or by room, Shift+arrows change
//! its end, Escape cancels. A pointer drags it (touch: after a long press), by
//! its lower edge it resizes; dropped on the tray it leaves the plan.
#[cfg(feature = "hydrate")]
use super::state::Placement;
use super::state::PlannerState;
use crate::planner::rules::{FINE_SNAP_MINUTES, SNAP_MINUTES};
use leptos::prelude::*;

/// A press on a date that may become a drag.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Press {
    pub occurrence_id: i64,
    pub x: f64,
    pub y: f64,
    pub touch: bool,
    pub at_ms: f64,
    /// Pressed on the lower edge: the drag changes the end.
    pub resize: bool,
    pub dragging: bool,
}

/// How far a mouse moves before a press becomes a drag, in pixels.
#[cfg(feature = "hydrate")]
const DRAG_PIXELS: f64 = 4.0;
/// How long a finger rests on a date before it is picked up, in milliseconds.
#[cfg(feature = "hydrate")]
const LONG_PRESS_MS: f64 = 400.0;

fn step_minutes(fine: bool) -> i64 {
    i64::from(if fine {
        FINE_SNAP_MINUTES
    } else {
        SNAP_MINUTES
    })
}

/// Moves the focus to a date's button once the page has drawn it.
pub fn focus_item(occurrence_id: i64) {
    focus_first(&format!(
        "[data-item=\"{occurrence_id}\"] .plan-item-handle"
    ));
}

/// Moves the focus to the first element `selector` finds, once it is drawn.
pub fn focus_first(selector: &str) {
    #[cfg(feature = "hydrate")]
    {
        let selector = selector.to_owned();
        leptos::prelude::request_animation_frame(move || {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(Some(el)) = leptos::prelude::document().query_selector(&selector)
                && let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>()
            {
                let _ = el.focus();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = selector;
}

pub fn on_key(state: PlannerState, ev: leptos::ev::KeyboardEvent) {
    let key = ev.key();
    let command = ev.ctrl_key() || ev.meta_key();
    if command && !in_field(&ev) {
        match key.as_str() {
            "z" | "Z" if !ev.shift_key() => state.undo_last(),
            "y" | "Y" | "z" | "Z" => state.redo_last(),
            _ => return,
        }
        ev.prevent_default();
        return;
    }
    let Some(pick) = state.picked.get_untracked() else {
        return;
    };
    let minutes = step_minutes(ev.alt_key());
    let forward = if is_rtl() { -1 } else { 1 };
    match (key.as_str(), ev.shift_key()) {
        ("ArrowUp", false) => state.nudge(0, -minutes, 0),
        ("ArrowDown", false) => state.nudge(0, minutes, 0),
        ("ArrowUp", true) => state.nudge(0, 0, -minutes),
        ("ArrowDown", true) => state.nudge(0, 0, minutes),
        ("ArrowLeft", _) => state.nudge(-forward, 0, 0),
        ("ArrowRight", _) => state.nudge(forward, 0, 0),
        ("PageUp", _) => state.nudge(0, -24 * 60, 0),
        ("PageDown", _) => state.nudge(0, 24 * 60, 0),
        ("Escape", _) => state.cancel_pick(),
        _ => return,
    }
    ev.prevent_default();
    focus_item(pick.occurrence_id);
}

/// Keys that land outside the planner while a date is picked up still steer it.
/// A move redraws the date's button in its new cell and focuses it on the next
/// frame; a key pressed before then (a fast hand, a held arrow) goes to the page.
pub fn follow_stray_keys(state: PlannerState) {
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let inside = target_element(&ev)
                .and_then(|el| el.closest(".planner").ok().flatten())
                .is_some();
            let Some(pick) = state.picked.get_untracked() else {
                return;
            };
            if inside || ev.default_prevented() {
                return;
            }
            if ev.key() == "Enter" {
                ev.prevent_default();
                state.put_down();
                focus_item(pick.occurrence_id);
            } else {
                on_key(state, ev);
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
}

pub fn on_click(state: PlannerState, ev: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        if let Some(press) = state.press.get_value()
            && press.dragging
        {
            state.press.set_value(None);
            return;
        }
        let Some(target) = target_element(&ev) else {
            return;
        };
        if target
            .closest("[data-planner-undo]")
            .ok()
            .flatten()
            .is_some()
        {
            state.undo_last();
            return;
        }
        if target
            .closest("[data-planner-redo]")
            .ok()
            .flatten()
            .is_some()
        {
            state.redo_last();
            return;
        }
        if let Some(id) = attribute_id(&target, "[data-move]", "data-move") {
            ev.prevent_default();
            state.picked.set(None);
            state.dialog.set(Some(id));
            return;
        }
        if target.closest(".plan-item-handle").ok().flatten().is_none() {
            return;
        }
        let Some(id) = attribute_id(&target, "[data-item]", "data-item") else {
            return;
        };
        match state.picked.get_untracked() {
            Some(pick) if pick.occurrence_id == id => state.put_down(),
            Some(_) => state.cancel_pick(),
            None => state.pick(id),
        }
        focus_item(id);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, ev);
}

pub fn on_pointer_down(state: PlannerState, ev: leptos::ev::PointerEvent) {
    #[cfg(feature = "hydrate")]
    {
        if ev.button() != 0 {
            return;
        }
        let Some(target) = target_element(&ev) else {
            return;
        };
        let resize = target.closest("[data-resize]").ok().flatten().is_some();
        if !resize && target.closest(".plan-item-handle").ok().flatten().is_none() {
            return;
        }
        let Some(id) = attribute_id(&target, "[data-item]", "data-item") else {
            return;
        };
        state.press.set_value(Some(Press {
            occurrence_id: id,
            x: f64::from(ev.client_x()),
            y: f64::from(ev.client_y()),
            touch: ev.pointer_type() == "touch",
            at_ms: js_sys_now(),
            resize,
            dragging: false,
        }));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, ev);
}

pub fn on_pointer_move(state: PlannerState, ev: leptos::ev::PointerEvent) {
    #[cfg(feature = "hydrate")]
    {
        let Some(mut press) = state.press.get_value() else {
            return;
        };
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if !press.dragging {
            let moved = (x - press.x).abs().max((y - press.y).abs());
            let ready = if press.touch {
                js_sys_now() - press.at_ms >= LONG_PRESS_MS
            } else {
                moved >= DRAG_PIXELS
            };
            if press.touch && !ready && moved > 8.0 {
                // A swipe before the long press: the finger scrolls.
                state.press.set_value(None);
                return;
            }
            if !ready {
                return;
            }
            press.dragging = true;
            state.press.set_value(Some(press));
            state.dragging.set(true);
            state.pick(press.occurrence_id);
            if let Some(el) = target_element(&ev) {
                let _ = el.set_pointer_capture(ev.pointer_id());
            }
        }
        ev.prevent_default();
        if let Some(to) = aimed_at(state, press, x, y, ev.alt_key()) {
            state.aim(to);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, ev);
}

pub fn on_pointer_up(state: PlannerState, ev: leptos::ev::PointerEvent) {
    #[cfg(feature = "hydrate")]
    {
        let Some(press) = state.press.get_value() else {
            return;
        };
        if !press.dragging {
            state.press.set_value(None);
            return;
        }
        ev.prevent_default();
        state.dragging.set(false);
        state.put_down();
        focus_item(press.occurrence_id);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, ev);
}

pub fn on_pointer_cancel(state: PlannerState) {
    state.dragging.set(false);
    if state.press.get_value().is_some_and(|p| p.dragging) {
        state.cancel_pick();
    }
    state.press.set_value(None);
}

/// Where the pointer at `(x, y)` would put the pressed date: the cell under
/// it gives room and day (and in the day grid the hour); the tray takes it
/// out of the plan.
#[cfg(feature = "hydrate")]
fn aimed_at(state: PlannerState, press: Press, x: f64, y: f64, fine: bool) -> Option<Placement> {
    use crate::kernel::time::{HOUSE_ZONE, local_to_utc, utc_to_local};
    use chrono::{Duration, NaiveDate, NaiveTime};
    let item = state
        .plan
        .with_untracked(|p| p.item(press.occurrence_id).cloned())?;
    let under = leptos::prelude::document().element_from_point(x as f32, y as f32)?;
    let current = state.picked.get_untracked().map(|p| p.to)?;
    if under.closest("[data-tray]").ok().flatten().is_some() {
        return Some(Placement {
            room_id: None,
            ..Placement::of(&item)
        });
    }
    let cell = under.closest("[data-room]").ok().flatten()?;
    let room_id: i64 = cell.get_attribute("data-room")?.parse().ok()?;
    let date = NaiveDate::parse_from_str(&cell.get_attribute("data-date")?, "%Y-%m-%d").ok()?;
    let duration = current.ends_at - current.starts_at;
    let start_local = utc_to_local(current.starts_at, HOUSE_ZONE);
    let step = step_minutes(fine);
    let at_pointer = match cell
        .get_attribute("data-hour")
        .and_then(|h| h.parse::<u32>().ok())
    {
        Some(hour) => {
            let rect = cell.get_bounding_client_rect();
            let share = ((y - rect.top()) / rect.height().max(1.0)).clamp(0.0, 0.999);
            let minute = (share * 60.0) as i64 / step * step;
            date.and_time(NaiveTime::from_hms_opt(hour, 0, 0)?) + Duration::minutes(minute)
        }
        None => date.and_time(start_local.time()),
    };
    let at = local_to_utc(at_pointer, HOUSE_ZONE).ok()?;
    if press.resize {
        let end = at + Duration::minutes(step);
        return (end > current.starts_at && room_id == current.room_id?).then_some(Placement {
            ends_at: end,
            ..current
        });
    }
    Some(Placement {
        room_id: Some(room_id),
        starts_at: at,
        ends_at: at + duration,
    })
}

#[cfg(feature = "hydrate")]
fn target_element(ev: &leptos::web_sys::Event) -> Option<leptos::web_sys::Element> {
    use leptos::wasm_bindgen::JsCast;
    ev.target()?.dyn_into::<leptos::web_sys::Element>().ok()
}

#[cfg(feature = "hydrate")]
fn attribute_id(from: &leptos::web_sys::Element, selector: &str, name: &str) -> Option<i64> {
    from.closest(selector)
        .ok()
        .flatten()?
        .get_attribute(name)?
        .parse()
        .ok()
}

#[cfg(feature = "hydrate")]
fn js_sys_now() -> f64 {
    leptos::prelude::window()
        .performance()
        .map_or(0.0, |p| p.now())
}

fn in_field(ev: &leptos::ev::KeyboardEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        target_element(ev)
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

fn is_rtl() -> bool {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::document().dir() == "rtl"
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}
