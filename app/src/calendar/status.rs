//! Where a series and each of its dates stand. Stored as lower-case codes; an
//! unknown code reads as the state that shows least to the public.
use serde::{Deserialize, Serialize};

/// Whether a date takes place (`occurrence.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateStatus {
    Scheduled,
    Cancelled,
}

impl DateStatus {
    pub fn of(cancelled: bool) -> Self {
        if cancelled {
            Self::Cancelled
        } else {
            Self::Scheduled
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Self {
        match code {
            "scheduled" => Self::Scheduled,
            _ => Self::Cancelled,
        }
    }
}

/// Where a series stands (`event_series.status`): only published ones are public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeriesStatus {
    Draft,
    Published,
    Cancelled,
}

impl SeriesStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Self {
        match code {
            "published" => Self::Published,
            "cancelled" => Self::Cancelled,
            _ => Self::Draft,
        }
    }
}

/// Rows read a status as text (`#[sqlx(try_from = "String")]`).
impl From<String> for DateStatus {
    fn from(code: String) -> Self {
        Self::from_code(&code)
    }
}

impl From<String> for super::rules::Visibility {
    fn from(code: String) -> Self {
        Self::from_code(&code)
    }
}

impl From<String> for SeriesStatus {
    fn from(code: String) -> Self {
        Self::from_code(&code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_unknown_ones_show_least() {
        for s in [DateStatus::Scheduled, DateStatus::Cancelled] {
            assert_eq!(DateStatus::from_code(s.code()), s);
        }
        for s in [
            SeriesStatus::Draft,
            SeriesStatus::Published,
            SeriesStatus::Cancelled,
        ] {
            assert_eq!(SeriesStatus::from_code(s.code()), s);
        }
        assert_eq!(DateStatus::from_code("SCHEDULED"), DateStatus::Cancelled);
        assert_eq!(SeriesStatus::from_code(""), SeriesStatus::Draft);
        assert_eq!(DateStatus::of(true), DateStatus::Cancelled);
    }
}
