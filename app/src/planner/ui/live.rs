//! Following other organisers' changes: the server's events (see the server's
//! `planner_events`) make the page fetch the plan again, unless the change is
//! one the page already shows. After a lost connection the browser reconnects
//! by itself, and the page catches up with one fetch.
use super::state::PlannerState;

/// `change_id,occurrence_id,version` → (occurrence_id, version).
fn parse(data: &str) -> Option<(i64, i64)> {
    let mut parts = data
        .split(',')
        .skip(1)
        .map(|p| p.trim().parse::<i64>().ok());
    Some((parts.next()??, parts.next()??))
}

/// Whether the page already shows this version of the date (its own move).
fn already_shown(state: PlannerState, data: &str) -> bool {
    use leptos::prelude::WithUntracked;
    // A series move names no version (0): its dates are fetched again.
    parse(data).is_some_and(|(id, version)| {
        version > 0
            && state
                .plan
                .with_untracked(|plan| plan.item(id).is_some_and(|item| item.version >= version))
    })
}

pub fn follow(state: PlannerState) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::on_cleanup;
        use leptos::wasm_bindgen::{JsCast, closure::Closure};
        use leptos::web_sys::{EventSource, MessageEvent};
        use send_wrapper::SendWrapper;
        let Ok(source) = EventSource::new("/api/planner/events") else {
            return;
        };
        let on_plan = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data().as_string().unwrap_or_default();
            if !already_shown(state, &data) {
                state.reload();
            }
        });
        let opened_before = std::cell::Cell::new(false);
        let on_open = Closure::<dyn FnMut()>::new(move || {
            if opened_before.replace(true) {
                state.reload();
            }
        });
        let _ = source.add_event_listener_with_callback("plan", on_plan.as_ref().unchecked_ref());
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        let kept = SendWrapper::new((source, on_plan, on_open));
        on_cleanup(move || kept.take().0.close());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, already_shown);
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_event_names_the_date_and_its_version() {
        assert_eq!(super::parse("7,42,3"), Some((42, 3)));
        assert_eq!(super::parse("lagged"), None);
    }
}
