//! The pure rules of offers: their states and who moves them where, and what a
//! valid offer, message and decision are. No database, no HTTP: the browser
//! runs them too.
use crate::calendar::query::{Audience, LANGUAGES};
use crate::calendar::rules::{
    DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS, breaks_line, has_stray_controls,
};
use crate::i18n::Msg;
use crate::kernel::error::FieldError;
use crate::offers::fields;
use serde::{Deserialize, Serialize};

/// Free-text fields such as "how often" and "contact".
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
pub const MESSAGE_MAX_CHARS: usize = 4000;
pub const PARTICIPANTS_MAX: i32 = 500;

/// The room features an offer may ask for, as the rooms name them.
pub const FEATURES: [&str; 8] = [
    "step_free",
    "kitchen",
    "projector",
    "stage",
    "piano",
    "hearing_loop",
    "mats",
    "workbench",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferStatus {
    /// Written, seen by its author alone.
    Draft,
    /// Waiting for the house.
    Submitted,
    /// The house asked for changes; waiting for the author.
    NeedsChanges,
    Accepted,
    Declined,
    /// Taken back by its author before a decision.
    Withdrawn,
}

impl OfferStatus {
    pub const ALL: [OfferStatus; 6] = [
        Self::Draft,
        Self::Submitted,
        Self::NeedsChanges,
        Self::Accepted,
        Self::Declined,
        Self::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::NeedsChanges => "needs_changes",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Self::Draft => Msg::OfferStatusDraft,
            Self::Submitted => Msg::OfferStatusSubmitted,
            Self::NeedsChanges => Msg::OfferStatusNeedsChanges,
            Self::Accepted => Msg::OfferStatusAccepted,
            Self::Declined => Msg::OfferStatusDeclined,
            Self::Withdrawn => Msg::OfferStatusWithdrawn,
        }
    }

    /// What happens next, in the author's words.
    pub fn next_step(self) -> Msg {
        match self {
            Self::Draft => Msg::OfferNextDraft,
            Self::Submitted => Msg::OfferNextSubmitted,
            Self::NeedsChanges => Msg::OfferNextNeedsChanges,
            Self::Accepted => Msg::OfferNextAccepted,
            Self::Declined | Self::Withdrawn => Msg::OfferNextClosed,
        }
    }

    /// The author may change the offer (and submit it again).
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::NeedsChanges)
    }

    /// The author may take it back: any time before a decision.
    pub fn withdrawable(self) -> bool {
        matches!(self, Self::Draft | Self::Submitted | Self::NeedsChanges)
    }

    /// The house sees it: once it was submitted.
    pub fn visible_to_house(self) -> bool {
        self != Self::Draft
    }

    /// Both sides may still write in the thread.
    pub fn open_for_messages(self) -> bool {
        matches!(self, Self::Submitted | Self::NeedsChanges)
    }
}

/// What an organiser decides about a submitted offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    AskChanges,
    Accept,
    Decline,
}

impl Decision {
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "ask_changes" => Some(Self::AskChanges),
            "accept" => Some(Self::Accept),
            "decline" => Some(Self::Decline),
            _ => None,
        }
    }

    /// The states it may be taken from: changes are asked of a submitted offer
    /// only; accepting and declining need no answer to an open question.
    pub fn from_states(self) -> &'static [OfferStatus] {
        match self {
            Self::AskChanges => &[OfferStatus::Submitted],
            Self::Accept | Self::Decline => &[OfferStatus::Submitted, OfferStatus::NeedsChanges],
        }
    }

    pub fn outcome(self) -> OfferStatus {
        match self {
            Self::AskChanges => OfferStatus::NeedsChanges,
            Self::Accept => OfferStatus::Accepted,
            Self::Decline => OfferStatus::Declined,
        }
    }

    /// The author must learn why when the answer is not a yes.
    pub fn needs_reason(self) -> bool {
        self != Self::Accept
    }
}

/// The offer form as typed, before any check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfferInput {
    pub title: String,
    pub description: String,
    pub category_id: String,
    pub group_id: String,
    pub audience: Vec<Audience>,
    pub languages: Vec<String>,
    pub frequency: String,
    pub preferred_times: String,
    pub expected_participants: String,
    pub needs_features: Vec<String>,
    pub volunteers_needed: bool,
    pub contact: String,
}

/// An offer that passed every rule that needs no database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferDraft {
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub group_id: Option<i64>,
    pub audience: Vec<Audience>,
    pub languages: Vec<String>,
    pub frequency: String,
    pub preferred_times: String,
    pub expected_participants: Option<i32>,
    pub needs_features: Vec<String>,
    pub volunteers_needed: bool,
    pub contact: String,
}

fn short_text(field: &str, text: &str, errors: &mut Vec<FieldError>) -> String {
    let text = text.trim();
    if text.chars().count() > SHORT_TEXT_MAX_CHARS {
        errors.push(FieldError::new(field, Msg::TextTooLong));
    } else if breaks_line(text) {
        errors.push(FieldError::new(field, Msg::OneLineOnly));
    }
    text.to_owned()
}

fn positive_id(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|id| *id > 0)
}

impl OfferInput {
    /// Checks every field and reports every problem at once, each at its field.
    pub fn parse(&self) -> Result<OfferDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            errors.push(FieldError::new(fields::TITLE, Msg::TitleRequired));
        } else if title.chars().count() > TITLE_MAX_CHARS {
            errors.push(FieldError::new(fields::TITLE, Msg::TitleTooLong));
        } else if breaks_line(title) {
            errors.push(FieldError::new(fields::TITLE, Msg::OneLineOnly));
        }
        if self.description.chars().count() > DESCRIPTION_MAX_CHARS {
            errors.push(FieldError::new(
                fields::DESCRIPTION,
                Msg::DescriptionTooLong,
            ));
        } else if has_stray_controls(&self.description) {
            errors.push(FieldError::new(fields::DESCRIPTION, Msg::ControlCharacters));
        }
        let category_id = positive_id(&self.category_id);
        if category_id.is_none() {
            errors.push(FieldError::new(fields::CATEGORY_ID, Msg::CategoryRequired));
        }
        let group_id = match self.group_id.trim() {
            "" => None,
            text => {
                let id = positive_id(text);
                if id.is_none() {
                    errors.push(FieldError::new(fields::GROUP_ID, Msg::GroupUnknown));
                }
                id
            }
        };
        let expected_participants = match self.expected_participants.trim() {
            "" => None,
            text => {
                let n = text
                    .parse::<i32>()
                    .ok()
                    .filter(|n| (1..=PARTICIPANTS_MAX).contains(n));
                if n.is_none() {
                    errors.push(FieldError::new(
                        fields::EXPECTED_PARTICIPANTS,
                        Msg::ParticipantsInvalid,
                    ));
                }
                n
            }
        };
        let frequency = short_text(fields::FREQUENCY, &self.frequency, &mut errors);
        let preferred_times =
            short_text(fields::PREFERRED_TIMES, &self.preferred_times, &mut errors);
        let contact = short_text(fields::CONTACT, &self.contact, &mut errors);
        let mut audience: Vec<Audience> = Audience::ALL
            .into_iter()
            .filter(|a| self.audience.contains(a))
            .collect();
        if audience.is_empty() {
            audience.push(Audience::Everyone);
        }
        let mut languages: Vec<String> = LANGUAGES
            .into_iter()
            .filter(|code| self.languages.iter().any(|l| l == code))
            .map(str::to_owned)
            .collect();
        if languages.is_empty() {
            languages.push("de".to_owned());
        }
        let needs_features = FEATURES
            .into_iter()
            .filter(|f| self.needs_features.iter().any(|n| n == f))
            .map(str::to_owned)
            .collect();
        match category_id {
            Some(category_id) if errors.is_empty() => Ok(OfferDraft {
                title: title.to_owned(),
                description: self.description.trim_end().to_owned(),
                category_id,
                group_id,
                audience,
                languages,
                frequency,
                preferred_times,
                expected_participants,
                needs_features,
                volunteers_needed: self.volunteers_needed,
                contact,
            }),
            _ => Err(errors),
        }
    }
}

/// A message in an offer's thread: not empty, not longer than [`MESSAGE_MAX_CHARS`].
pub fn parse_message(field: &str, text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        Err(FieldError::new(field, Msg::MessageRequired))
    } else if text.chars().count() > MESSAGE_MAX_CHARS {
        Err(FieldError::new(field, Msg::TextTooLong))
    } else if has_stray_controls(text) {
        Err(FieldError::new(field, Msg::ControlCharacters))
    } else {
        Ok(text.to_owned())
    }
}

/// A decision's reason: required unless the offer is accepted.
pub fn parse_reason(decision: Decision, text: &str) -> Result<String, FieldError> {
    if !decision.needs_reason() && text.trim().is_empty() {
        return Ok(String::new());
    }
    parse_message(fields::REASON, text)
}

mod accept;
pub use accept::{AcceptedDates, REPEATS, parse_accept};

#[cfg(test)]
mod tests;
