//! The plan as the planner page shows it: the house's rooms, the dates placed
//! in them over one day or week, and the tray of dates without a room. Plain
//! data, so the browser can judge a drag with the same rules as the server.
use super::rules::{Candidate, Conflict, OpeningHours, PlannerContext, RoomInfo, RoomUse, Warning};
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// One day with rooms as columns, or one week with rooms as rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanView {
    Day,
    #[default]
    Week,
}

impl PlanView {
    pub fn code(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "day" => Some(Self::Day),
            "week" => Some(Self::Week),
            _ => None,
        }
    }

    /// The days shown for `date`: that day, or its week from Monday.
    pub fn days(self, date: NaiveDate) -> Vec<NaiveDate> {
        match self {
            Self::Day => vec![date],
            Self::Week => {
                let monday =
                    date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
                monday.iter_days().take(7).collect()
            }
        }
    }
}

/// A room with its name, as the planner shows and judges it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRoom {
    pub name: String,
    pub info: RoomInfo,
}

/// A date as the planner moves it. `version` grows with every change, so a
/// move based on an older one is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItem {
    pub occurrence_id: i64,
    pub series_id: i64,
    pub version: i64,
    pub title: String,
    pub room_id: Option<i64>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub expected_attendance: Option<u32>,
    pub needs_features: Vec<String>,
    pub loud: bool,
    /// One date of a recurring series.
    pub repeating: bool,
    /// A private use or counselling: a plan on a door says only "occupied".
    pub private: bool,
}

impl PlanItem {
    pub fn starts_local(&self) -> NaiveDateTime {
        utc_to_local(self.starts_at, HOUSE_ZONE)
    }

    pub fn ends_local(&self) -> NaiveDateTime {
        utc_to_local(self.ends_at, HOUSE_ZONE)
    }

    /// This date placed in `room_id` from `starts_at` to `ends_at`.
    pub fn candidate(
        &self,
        room_id: i64,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    ) -> Candidate {
        Candidate {
            occurrence_id: Some(self.occurrence_id),
            room_id,
            starts_at,
            ends_at,
            expected_attendance: self.expected_attendance,
            required_features: self.needs_features.clone(),
            loud: self.loud,
        }
    }

    pub fn room_use(&self) -> Option<RoomUse> {
        self.room_id.map(|room_id| RoomUse {
            occurrence_id: self.occurrence_id,
            room_id,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        })
    }
}

/// Everything the planner page shows for one house, view and date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub house_id: i64,
    pub house_name: String,
    pub view: PlanView,
    pub days: Vec<NaiveDate>,
    pub rooms: Vec<PlanRoom>,
    /// The rooms shown; all when the filter is empty.
    pub room_filter: Vec<i64>,
    /// Dates placed in a room on the shown days.
    pub items: Vec<PlanItem>,
    /// Upcoming dates without a room.
    pub tray: Vec<PlanItem>,
    pub opening_hours: OpeningHours,
    pub closures: Vec<(NaiveDate, String)>,
    pub now: DateTime<Utc>,
}

impl Plan {
    /// The state the rule set judges a drag against.
    pub fn context(&self) -> PlannerContext {
        PlannerContext {
            rooms: self.rooms.iter().map(|r| r.info.clone()).collect(),
            uses: self.items.iter().filter_map(PlanItem::room_use).collect(),
            opening_hours: self.opening_hours,
            closures: self.closures.iter().map(|(date, _)| *date).collect(),
        }
    }

    pub fn shown_rooms(&self) -> impl Iterator<Item = &PlanRoom> {
        self.rooms.iter().filter(|room| {
            self.room_filter.is_empty() || self.room_filter.contains(&room.info.room_id)
        })
    }

    pub fn room(&self, room_id: i64) -> Option<&PlanRoom> {
        self.rooms.iter().find(|r| r.info.room_id == room_id)
    }

    pub fn item(&self, occurrence_id: i64) -> Option<&PlanItem> {
        self.items
            .iter()
            .chain(&self.tray)
            .find(|i| i.occurrence_id == occurrence_id)
    }

    pub fn closure(&self, date: NaiveDate) -> Option<&str> {
        self.closures
            .iter()
            .find(|(d, _)| *d == date)
            .map(|(_, reason)| reason.as_str())
    }

    /// The placed dates in `room_id` that start on `date`, by start.
    pub fn items_on(&self, room_id: i64, date: NaiveDate) -> Vec<&PlanItem> {
        let mut items: Vec<&PlanItem> = self
            .items
            .iter()
            .filter(|i| i.room_id == Some(room_id) && i.starts_local().date() == date)
            .collect();
        items.sort_by_key(|i| (i.starts_at, i.occurrence_id));
        items
    }

    /// Hours used of hours open in a room on a day, in minutes.
    pub fn occupancy(&self, room_id: i64, date: NaiveDate) -> (i64, i64) {
        let used = self
            .items_on(room_id, date)
            .iter()
            .map(|i| (i.ends_at - i.starts_at).num_minutes())
            .sum();
        let open = self
            .opening_hours
            .on(date.weekday())
            .map_or(0, |hours| hours.minutes());
        (used, open)
    }

    /// The whole hours the day grid shows: the widest opening of the shown
    /// days, widened to hold every shown date.
    pub fn hours(&self) -> std::ops::Range<u32> {
        let mut first = 24;
        let mut last = 0;
        for day in &self.days {
            if let Some(hours) = self.opening_hours.on(day.weekday()) {
                first = first.min(chrono::Timelike::hour(&hours.opens));
                last = last.max(hours.last_hour());
            }
        }
        for item in &self.items {
            let (start, end) = (item.starts_local(), item.ends_local());
            first = first.min(chrono::Timelike::hour(&start));
            let end_hour = if end.date() > start.date() {
                24
            } else {
                chrono::Timelike::hour(&end) + u32::from(chrono::Timelike::minute(&end) > 0)
            };
            last = last.max(end_hour);
        }
        if first >= last { 0..24 } else { first..last }
    }
}

/// One recorded change of a date in the planner: who did what, from where to where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanChange {
    pub at: DateTime<Utc>,
    /// `None` once the account is deleted.
    pub who: Option<String>,
    /// `place`, `move`, `resize` or `unschedule`.
    pub action: String,
    pub from_room: Option<String>,
    pub from: (DateTime<Utc>, DateTime<Utc>),
    pub to_room: Option<String>,
    pub to: (DateTime<Utc>, DateTime<Utc>),
}

/// One date of the series that would not fit after the move, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesClash {
    pub occurrence_id: i64,
    /// Where the date is now.
    pub starts_at: DateTime<Utc>,
    pub conflicts: Vec<Conflict>,
    /// The titles of the dates that take the room then.
    pub taken_by: Vec<String>,
    /// The new time does not exist that day (the spring clock change).
    pub skipped_hour: bool,
}

/// What a series move would meet: the dates that clash, and the warnings to confirm.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesCheck {
    pub clashes: Vec<SeriesClash>,
    pub warnings: Vec<Warning>,
}

/// What a browser asks the planner to show. Empty text means the default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanQuery {
    pub house: String,
    pub view: String,
    pub date: String,
    /// Room ids, comma-separated.
    pub rooms: String,
    /// Words the tray's dates must contain.
    pub tray: String,
    /// The date whose "Move…" dialog is open (`move=`), for browsers without JavaScript.
    pub opened: String,
}

impl PlanQuery {
    pub fn view(&self) -> PlanView {
        PlanView::from_code(&self.view).unwrap_or_default()
    }

    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d").ok()
    }

    pub fn opened(&self) -> Option<i64> {
        self.opened.trim().parse().ok()
    }

    pub fn room_filter(&self) -> Vec<i64> {
        self.rooms
            .split(',')
            .filter_map(|id| id.trim().parse().ok())
            .collect()
    }

    /// The planner's address for this query, with `view` and `date` replaced.
    pub fn href(&self, view: PlanView, date: NaiveDate) -> String {
        let mut href = format!("/planner?view={}&date={date}", view.code());
        if let Ok(house) = self.house.trim().parse::<i64>() {
            href.push_str(&format!("&house={house}"));
        }
        let rooms: Vec<String> = self.room_filter().iter().map(i64::to_string).collect();
        if !rooms.is_empty() {
            href.push_str(&format!("&rooms={}", rooms.join(",")));
        }
        if !self.tray.trim().is_empty() {
            href.push_str(&format!("&tray={}", percent_encode(self.tray.trim())));
        }
        href
    }
}

/// Encodes a query value: letters, digits and `-._~` stay, the rest as `%XX`.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_starts_on_monday_and_has_seven_days() {
        let sunday = NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
        let days = PlanView::Week.days(sunday);
        assert_eq!(days.len(), 7);
        assert_eq!(
            days[0],
            NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")
        );
        assert_eq!(PlanView::Day.days(sunday), vec![sunday]);
    }

    #[test]
    fn the_query_reads_its_fields_and_ignores_junk() {
        let query = PlanQuery {
            view: "day".into(),
            date: "2026-12-07".into(),
            rooms: "3, x,5".into(),
            tray: "Café & Chor".into(),
            ..PlanQuery::default()
        };
        assert_eq!(query.view(), PlanView::Day);
        assert_eq!(query.room_filter(), vec![3, 5]);
        assert_eq!(
            query.href(PlanView::Week, query.date().expect("date")),
            "/planner?view=week&date=2026-12-07&rooms=3,5&tray=Caf%C3%A9%20%26%20Chor"
        );
        let junk = PlanQuery {
            view: "month".into(),
            date: "gestern".into(),
            ..PlanQuery::default()
        };
        assert_eq!(junk.view(), PlanView::Week);
        assert_eq!(junk.date(), None);
    }
}
