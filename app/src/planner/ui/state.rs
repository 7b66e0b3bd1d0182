//! The planner page's state and what an organiser does with it: pick a date
//! up, move it by keyboard or pointer, put it down, undo and redo. Every
//! change is shown at once and then decided by the server; a refusal rolls
//! the page back and says why.
use super::describe::{room_label, verdict_text, when_label};
use crate::i18n::{Locale, Msg, machine_date_time};
use crate::kernel::error::AppError;
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use crate::planner::api::{MoveFields, planner_move, planner_plan, planner_series_check};
use crate::planner::plan::{Plan, PlanItem, PlanQuery, SeriesClash};
use crate::planner::rules::{Verdict, judge};
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;

/// Where a date is: a room (`None`: the tray) and its time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub room_id: Option<i64>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Placement {
    pub fn of(item: &PlanItem) -> Self {
        Self {
            room_id: item.room_id,
            starts_at: item.starts_at,
            ends_at: item.ends_at,
        }
    }
}

/// A date picked up and where it would go now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pick {
    pub occurrence_id: i64,
    pub to: Placement,
}

/// One saved change, for undo and redo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub occurrence_id: i64,
    pub before: Placement,
    pub after: Placement,
}

/// What a saved move does to the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum After {
    Record,
    Undone(Step),
    Redone(Step),
}

/// The undo history keeps at least this many of the organiser's own steps.
pub const HISTORY_STEPS: usize = 50;

#[derive(Clone, Copy)]
pub struct PlannerState {
    pub query: Memo<PlanQuery>,
    pub plan: RwSignal<Plan>,
    pub picked: RwSignal<Option<Pick>>,
    /// The live region's text: every move, conflict and warning is said there.
    pub said: RwSignal<String>,
    pub undo: RwSignal<Vec<Step>>,
    pub redo: RwSignal<Vec<Step>>,
    /// The date whose "Move…" dialog is open.
    pub dialog: RwSignal<Option<i64>>,
    pub saving: RwSignal<bool>,
    /// A pointer press on a date that may become a drag.
    pub press: StoredValue<Option<super::input::Press>>,
    /// A pointer drags a date: the dates let the pointer through to the cells.
    pub dragging: RwSignal<bool>,
    /// A series date put somewhere new: which of its dates should follow.
    pub scope_ask: RwSignal<Option<(i64, Placement)>>,
    /// The dates of a series that would not fit the asked move.
    pub clashes: RwSignal<Vec<SeriesClash>>,
    pub locale: Locale,
}

impl PlannerState {
    pub fn new(plan: Plan, query: Memo<PlanQuery>, locale: Locale) -> Self {
        Self {
            query,
            plan: RwSignal::new(plan),
            picked: RwSignal::new(None),
            said: RwSignal::new(String::new()),
            undo: RwSignal::new(Vec::new()),
            redo: RwSignal::new(Vec::new()),
            dialog: RwSignal::new(None),
            saving: RwSignal::new(false),
            press: StoredValue::new(None),
            dragging: RwSignal::new(false),
            scope_ask: RwSignal::new(None),
            clashes: RwSignal::new(Vec::new()),
            locale,
        }
    }

    pub fn say(&self, text: String) {
        self.said.set(text);
    }

    /// The rule set's verdict on putting `id` at `to`, against the plan shown.
    pub fn verdict(&self, occurrence_id: i64, to: Placement) -> Verdict {
        let Some(room_id) = to.room_id else {
            return Verdict::default();
        };
        self.plan.with_untracked(|plan| {
            plan.item(occurrence_id)
                .map(|item| {
                    judge(
                        &item.candidate(room_id, to.starts_at, to.ends_at),
                        &plan.context(),
                    )
                })
                .unwrap_or_default()
        })
    }

    /// "Seminarraum, Di., 8. Dezember 2026, 10:00–11:00 Uhr: passt".
    pub fn describe_target(&self, occurrence_id: i64, to: Placement) -> String {
        let verdict = self.verdict(occurrence_id, to);
        self.plan.with_untracked(|plan| {
            Msg::PlannerTarget.fill(
                self.locale,
                &[
                    ("room", &room_label(self.locale, plan, to.room_id)),
                    ("when", &when_label(self.locale, to.starts_at, to.ends_at)),
                    ("verdict", &verdict_text(self.locale, plan, &verdict)),
                ],
            )
        })
    }

    pub fn pick(&self, occurrence_id: i64) {
        let Some(item) = self
            .plan
            .with_untracked(|plan| plan.item(occurrence_id).cloned())
        else {
            return;
        };
        let from = Placement::of(&item);
        self.picked.set(Some(Pick {
            occurrence_id,
            to: from,
        }));
        let room = self
            .plan
            .with_untracked(|plan| room_label(self.locale, plan, from.room_id));
        self.say(Msg::PlannerPickedUp.fill(
            self.locale,
            &[
                ("title", &item.title),
                ("room", &room),
                (
                    "when",
                    &when_label(self.locale, from.starts_at, from.ends_at),
                ),
            ],
        ));
    }

    pub fn cancel_pick(&self) {
        if self.picked.get_untracked().is_some() {
            self.picked.set(None);
            self.say(Msg::PlannerMoveCancelled.text(self.locale).to_owned());
        }
    }

    /// Shows the picked date at `to` and says whether it fits there.
    pub fn aim(&self, to: Placement) {
        let Some(pick) = self.picked.get_untracked() else {
            return;
        };
        if pick.to == to {
            return;
        }
        self.picked.set(Some(Pick { to, ..pick }));
        self.say(self.describe_target(pick.occurrence_id, to));
    }

    /// Moves the picked date by rooms (in the shown order), by minutes, or
    /// changes its end by minutes.
    pub fn nudge(&self, rooms: i32, minutes: i64, end_minutes: i64) {
        let Some(pick) = self.picked.get_untracked() else {
            return;
        };
        let mut to = pick.to;
        if rooms != 0 {
            let order: Vec<i64> = self
                .plan
                .with_untracked(|plan| plan.shown_rooms().map(|r| r.info.room_id).collect());
            let at = to
                .room_id
                .and_then(|id| order.iter().position(|r| *r == id));
            let next = match at {
                Some(i) => i as i64 + i64::from(rooms),
                None => 0,
            };
            if let Some(room) = usize::try_from(next).ok().and_then(|i| order.get(i)) {
                to.room_id = Some(*room);
            }
        }
        to.starts_at += Duration::minutes(minutes);
        to.ends_at += Duration::minutes(minutes + end_minutes);
        if to.ends_at <= to.starts_at {
            return;
        }
        self.aim(to);
    }

    /// Puts the picked date down where it is aimed: refused at once when the
    /// rules say no, after a confirmation when they warn, then saved.
    pub fn put_down(&self) {
        let Some(pick) = self.picked.get_untracked() else {
            return;
        };
        self.picked.set(None);
        let Some(item) = self
            .plan
            .with_untracked(|plan| plan.item(pick.occurrence_id).cloned())
        else {
            return;
        };
        if Placement::of(&item) == pick.to {
            self.say(Msg::PlannerMoveCancelled.text(self.locale).to_owned());
            return;
        }
        self.place(pick.occurrence_id, pick.to);
    }

    /// Judges a placement as the server will, asks to confirm warnings, then saves.
    pub fn place(&self, occurrence_id: i64, to: Placement) {
        let verdict = self.verdict(occurrence_id, to);
        let reasons = self
            .plan
            .with_untracked(|plan| verdict_text(self.locale, plan, &verdict));
        if !verdict.fits() {
            self.say(Msg::PlannerRefused.fill(self.locale, &[("reason", &reasons)]));
            return;
        }
        let series_date = self.plan.with_untracked(|plan| {
            plan.item(occurrence_id)
                .is_some_and(|item| item.repeating && item.room_id.is_some())
        });
        if series_date && to.room_id.is_some() {
            self.clashes.set(Vec::new());
            self.scope_ask.set(Some((occurrence_id, to)));
            return;
        }
        self.place_date(occurrence_id, to);
    }

    /// Saves one date's new place after the organiser confirmed any warnings.
    pub fn place_date(&self, occurrence_id: i64, to: Placement) {
        let verdict = self.verdict(occurrence_id, to);
        let reasons = self
            .plan
            .with_untracked(|plan| verdict_text(self.locale, plan, &verdict));
        let confirmed = verdict.warnings.is_empty() || confirm(&reasons, self.locale);
        if !confirmed {
            self.say(Msg::PlannerMoveCancelled.text(self.locale).to_owned());
            return;
        }
        self.save(occurrence_id, to, true, After::Record);
    }

    /// Moves a series date with its following dates (or all): the server
    /// judges every date first; clashes are listed and nothing is saved.
    pub fn place_series(&self, occurrence_id: i64, to: Placement, following: bool) {
        let Some(item) = self
            .plan
            .with_untracked(|plan| plan.item(occurrence_id).cloned())
        else {
            return;
        };
        let scope = if following { "following" } else { "all" };
        let state = *self;
        state.saving.set(true);
        leptos::task::spawn_local(async move {
            let mut fields = move_fields(&item, to, false, Some(scope));
            let checked = planner_series_check(fields.clone()).await;
            let answer = match checked {
                Ok(check) if !check.clashes.is_empty() => {
                    state.saving.set(false);
                    state.say(Msg::PlannerSeriesConflicts.text(state.locale).to_owned());
                    state.clashes.set(check.clashes);
                    return;
                }
                Ok(check) => {
                    let reasons: Vec<String> = check
                        .warnings
                        .iter()
                        .map(|w| super::describe::warning_text(state.locale, w))
                        .collect();
                    if !reasons.is_empty() && !confirm(&reasons.join(" · "), state.locale) {
                        state.saving.set(false);
                        state.scope_ask.set(None);
                        state.say(Msg::PlannerMoveCancelled.text(state.locale).to_owned());
                        return;
                    }
                    fields.confirmed = Some("on".to_owned());
                    planner_move(fields).await
                }
                Err(err) => Err(err),
            };
            state.saving.set(false);
            state.scope_ask.set(None);
            match answer {
                Ok(_) => {
                    state
                        .say(Msg::PlannerSeriesSaved.fill(state.locale, &[("title", &item.title)]));
                    state.reload();
                }
                Err(err) => {
                    let reason = err.summary().text(state.locale);
                    state.say(Msg::PlannerRefused.fill(state.locale, &[("reason", &reason)]));
                }
            }
        });
    }

    pub fn undo_last(&self) {
        let Some(step) = self.undo.with_untracked(|steps| steps.last().copied()) else {
            self.say(Msg::PlannerNothingToUndo.text(self.locale).to_owned());
            return;
        };
        self.save(step.occurrence_id, step.before, true, After::Undone(step));
    }

    pub fn redo_last(&self) {
        let Some(step) = self.redo.with_untracked(|steps| steps.last().copied()) else {
            self.say(Msg::PlannerNothingToRedo.text(self.locale).to_owned());
            return;
        };
        self.save(step.occurrence_id, step.after, true, After::Redone(step));
    }

    /// Shows the change at once, sends it, and keeps the server's answer: the
    /// saved date with its new version, or the refusal and the fresh plan.
    fn save(&self, occurrence_id: i64, to: Placement, confirmed: bool, after: After) {
        let Some(item) = self
            .plan
            .with_untracked(|plan| plan.item(occurrence_id).cloned())
        else {
            return;
        };
        let before = Placement::of(&item);
        let shown = self.plan.get_untracked();
        let mut optimistic = item.clone();
        optimistic.room_id = to.room_id;
        optimistic.starts_at = to.starts_at;
        optimistic.ends_at = to.ends_at;
        self.plan.update(|plan| put(plan, optimistic));
        let fields = move_fields(&item, to, confirmed, None);
        let state = *self;
        state.saving.set(true);
        leptos::task::spawn_local(async move {
            let answer = planner_move(fields).await;
            state.saving.set(false);
            match answer {
                Ok(saved) => {
                    let title = saved.title.clone();
                    let placed = Placement::of(&saved);
                    state.plan.update(|plan| put(plan, saved));
                    match after {
                        After::Record => {
                            state.undo.update(|steps| {
                                steps.push(Step {
                                    occurrence_id,
                                    before,
                                    after: placed,
                                });
                                if steps.len() > HISTORY_STEPS {
                                    steps.remove(0);
                                }
                            });
                            state.redo.update(Vec::clear);
                        }
                        After::Undone(step) => {
                            state.undo.update(|steps| {
                                steps.pop();
                            });
                            state.redo.update(|steps| steps.push(step));
                        }
                        After::Redone(step) => {
                            state.redo.update(|steps| {
                                steps.pop();
                            });
                            state.undo.update(|steps| steps.push(step));
                        }
                    }
                    state.say(state.saved_text(&title, placed));
                }
                Err(err) => {
                    state.plan.set(shown);
                    let reason = match &err {
                        AppError::Invalid(errors) => {
                            errors.first().map_or(Msg::ErrorInvalid, |e| e.msg)
                        }
                        other => other.summary(),
                    }
                    .text(state.locale);
                    state.say(Msg::PlannerRefused.fill(state.locale, &[("reason", &reason)]));
                    if matches!(err, AppError::Conflict(_) | AppError::NotFound) {
                        state.reload();
                    }
                }
            }
        });
    }

    fn saved_text(&self, title: &str, placed: Placement) -> String {
        match placed.room_id {
            None => Msg::PlannerSavedToTray.fill(self.locale, &[("title", &title)]),
            Some(_) => {
                let room = self
                    .plan
                    .with_untracked(|plan| room_label(self.locale, plan, placed.room_id));
                Msg::PlannerSaved.fill(
                    self.locale,
                    &[
                        ("title", &title),
                        ("room", &room),
                        (
                            "when",
                            &when_label(self.locale, placed.starts_at, placed.ends_at),
                        ),
                    ],
                )
            }
        }
    }

    /// Fetches the plan again: after a refusal, or when another organiser changed it.
    pub fn reload(&self) {
        let state = *self;
        let query = self.query.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(plan) = planner_plan(query).await {
                state.plan.set(plan);
            }
        });
    }
}

/// Puts a saved or optimistic date into the plan: into the grid when it has a
/// room, into the tray when not.
fn put(plan: &mut Plan, item: PlanItem) {
    plan.items.retain(|i| i.occurrence_id != item.occurrence_id);
    plan.tray.retain(|i| i.occurrence_id != item.occurrence_id);
    if item.room_id.is_some() {
        plan.items.push(item);
    } else {
        plan.tray.push(item);
        plan.tray.sort_by_key(|i| (i.starts_at, i.occurrence_id));
    }
}

pub fn move_fields(
    item: &PlanItem,
    to: Placement,
    confirmed: bool,
    scope: Option<&str>,
) -> MoveFields {
    MoveFields {
        occurrence_id: item.occurrence_id.to_string(),
        version: item.version.to_string(),
        room_id: to.room_id.map(|id| id.to_string()).unwrap_or_default(),
        starts_at: machine_date_time(utc_to_local(to.starts_at, HOUSE_ZONE)),
        ends_at: machine_date_time(utc_to_local(to.ends_at, HOUSE_ZONE)),
        confirmed: confirmed.then(|| "on".to_owned()),
        scope: scope.map(str::to_owned),
    }
}

/// Asks the organiser to confirm the warnings (the browser's own dialog,
/// which screen readers and keyboards handle).
fn confirm(reasons: &str, locale: Locale) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let question = format!("{reasons}\n\n{}", Msg::PlannerConfirmLabel.text(locale));
        window().confirm_with_message(&question).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (reasons, locale);
        false
    }
}
