//! The server's answer to a placement the rule set does not allow: the first
//! conflict as a translated refusal, or a request to confirm the warnings.
use super::fields;
use super::rules::{Conflict, Verdict};
use crate::i18n::Msg;
use crate::kernel::error::AppError;

/// The message for one conflict; the page says more with the conflict's details.
pub fn conflict_msg(conflict: &Conflict) -> Msg {
    match conflict {
        Conflict::EndNotAfterStart => Msg::EndBeforeStart,
        Conflict::TooLong { .. } => Msg::PlannerTooLong,
        Conflict::UnknownRoom { .. } => Msg::RoomUnknown,
        Conflict::RoomTaken { .. } => Msg::RoomTaken,
        Conflict::HouseClosedOnWeekday { .. } => Msg::PlannerClosedWeekday,
        Conflict::OutsideOpeningHours { .. } => Msg::PlannerOutsideHours,
        Conflict::ClosureDay { .. } => Msg::PlannerClosureDay,
    }
}

/// Why a placement is refused: a bad time or room at its field (422), a
/// collision with the plan (409), or warnings not yet confirmed (409).
pub fn refusal(verdict: &Verdict, confirmed: bool) -> Option<AppError> {
    if let Some(conflict) = verdict.conflicts.first() {
        let msg = conflict_msg(conflict);
        return Some(match conflict {
            Conflict::EndNotAfterStart | Conflict::TooLong { .. } => {
                AppError::invalid(fields::ENDS_AT, msg)
            }
            Conflict::UnknownRoom { .. } => AppError::invalid(fields::ROOM_ID, msg),
            _ => AppError::Conflict(msg),
        });
    }
    (!verdict.warnings.is_empty() && !confirmed)
        .then_some(AppError::Conflict(Msg::PlannerConfirmWarnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::rules::Warning;

    #[test]
    fn conflicts_refuse_and_warnings_wait_for_confirmation() {
        let fits = Verdict::default();
        assert_eq!(refusal(&fits, false), None);
        let warned = Verdict {
            conflicts: vec![],
            warnings: vec![Warning::MissingFeature {
                feature: "kitchen".into(),
            }],
        };
        assert_eq!(
            refusal(&warned, false),
            Some(AppError::Conflict(Msg::PlannerConfirmWarnings))
        );
        assert_eq!(refusal(&warned, true), None);
        let taken = Verdict {
            conflicts: vec![Conflict::RoomTaken {
                occurrence_id: 1,
                room_id: 2,
            }],
            warnings: warned.warnings.clone(),
        };
        assert_eq!(
            refusal(&taken, true),
            Some(AppError::Conflict(Msg::RoomTaken))
        );
        let backwards = Verdict {
            conflicts: vec![Conflict::EndNotAfterStart],
            warnings: vec![],
        };
        assert_eq!(
            refusal(&backwards, true).and_then(|e| e.field(fields::ENDS_AT)),
            Some(Msg::EndBeforeStart)
        );
    }
}
