//! The planner's verdicts and placements in words, for the live region, the
//! drop target's hint and the move dialog. The same words on the server's page
//! and in the browser.
use crate::i18n::{Locale, Msg, format_date, format_time_range};
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use crate::planner::plan::Plan;
use crate::planner::refusal::conflict_msg;
use crate::planner::rules::{Conflict, QuietDay, Verdict, Warning};
use chrono::{DateTime, Utc};

/// A feature slug in words; an unknown slug as it is.
pub fn feature_label(locale: Locale, slug: &str) -> String {
    let msg = match slug {
        "step_free" => Msg::FeatureStepFree,
        "kitchen" => Msg::FeatureKitchen,
        "projector" => Msg::FeatureProjector,
        "stage" => Msg::FeatureStage,
        "piano" => Msg::FeaturePiano,
        "hearing_loop" => Msg::FeatureHearingLoop,
        "mats" => Msg::FeatureMats,
        "workbench" => Msg::FeatureWorkbench,
        other => return other.to_owned(),
    };
    msg.text(locale).to_owned()
}

pub fn features_label(locale: Locale, slugs: &[String]) -> String {
    slugs
        .iter()
        .map(|s| feature_label(locale, s))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quiet_day_label(locale: Locale, day: QuietDay) -> &'static str {
    match day {
        QuietDay::GoodFriday => Msg::QuietGoodFriday,
        QuietDay::AllSaints => Msg::QuietAllSaints,
        QuietDay::NationalDayOfMourning => Msg::QuietRemembrance,
        QuietDay::SundayOfTheDead => Msg::QuietDeadSunday,
    }
    .text(locale)
}

/// "Seminarraum" for a room id, or "Ohne Raum".
pub fn room_label(locale: Locale, plan: &Plan, room_id: Option<i64>) -> String {
    match room_id.and_then(|id| plan.room(id)) {
        Some(room) => room.name.clone(),
        None => Msg::PlannerTray.text(locale).to_owned(),
    }
}

/// "Di., 8. Dezember 2026, 10:00–11:00 Uhr".
pub fn when_label(locale: Locale, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> String {
    let (start, end) = (
        utc_to_local(starts_at, HOUSE_ZONE),
        utc_to_local(ends_at, HOUSE_ZONE),
    );
    format!(
        "{}, {}",
        format_date(locale, start.date()),
        format_time_range(locale, start, end)
    )
}

pub fn conflict_text(locale: Locale, plan: &Plan, conflict: &Conflict) -> String {
    match conflict {
        Conflict::RoomTaken { occurrence_id, .. } => match plan.item(*occurrence_id) {
            Some(other) => Msg::PlannerTakenBy.fill(locale, &[("title", &other.title)]),
            None => Msg::RoomTaken.text(locale).to_owned(),
        },
        Conflict::OutsideOpeningHours { opens, closes, .. } => {
            let hours = format!("{}–{}", opens.format("%H:%M"), closes.format("%H:%M"));
            Msg::PlannerOutsideHoursDetail.fill(locale, &[("hours", &hours)])
        }
        other => conflict_msg(other).text(locale).to_owned(),
    }
}

pub fn warning_text(locale: Locale, warning: &Warning) -> String {
    match warning {
        Warning::OverCapacity {
            capacity,
            attendance,
        } => Msg::PlannerWarnCapacity.fill(
            locale,
            &[("capacity", capacity), ("attendance", attendance)],
        ),
        Warning::MissingFeature { feature } => {
            Msg::PlannerWarnFeature.fill(locale, &[("feature", &feature_label(locale, feature))])
        }
        Warning::LoudOnQuietDay { date, day } => Msg::PlannerWarnQuietDay.fill(
            locale,
            &[
                ("date", &format_date(locale, *date)),
                ("day", &quiet_day_label(locale, *day)),
            ],
        ),
    }
}

/// "passt", or every conflict and then every warning, in sentences.
pub fn verdict_text(locale: Locale, plan: &Plan, verdict: &Verdict) -> String {
    if verdict.conflicts.is_empty() && verdict.warnings.is_empty() {
        return Msg::PlannerFits.text(locale).to_owned();
    }
    verdict
        .conflicts
        .iter()
        .map(|c| conflict_text(locale, plan, c))
        .chain(verdict.warnings.iter().map(|w| warning_text(locale, w)))
        .collect::<Vec<_>>()
        .join(" · ")
}
