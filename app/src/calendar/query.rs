//! What the calendar shows: view, date and filters, as a URL holds them, and the
//! filter rule every public listing (page, feeds, JSON API) applies.
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum View {
    Month,
    Week,
    Day,
    #[default]
    Agenda,
}

impl View {
    pub const ALL: [View; 4] = [View::Month, View::Week, View::Day, View::Agenda];

    pub fn code(self) -> &'static str {
        match self {
            View::Month => "month",
            View::Week => "week",
            View::Day => "day",
            View::Agenda => "list",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// Who an event is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Audience {
    Children,
    Youth,
    Families,
    Seniors,
    Everyone,
}

impl Audience {
    pub const ALL: [Audience; 5] = [
        Audience::Everyone,
        Audience::Children,
        Audience::Youth,
        Audience::Families,
        Audience::Seniors,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Audience::Children => "children",
            Audience::Youth => "youth",
            Audience::Families => "families",
            Audience::Seniors => "seniors",
            Audience::Everyone => "everyone",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Reads the stored comma list, ignoring unknown entries.
    pub fn parse_list(text: &str) -> Vec<Self> {
        text.split(',')
            .filter_map(|c| Self::from_code(c.trim()))
            .collect()
    }
}

/// The languages events are held in, by ISO 639-1 code.
pub const LANGUAGES: [&str; 6] = ["de", "en", "tr", "ar", "uk", "ru"];

/// The longest text search that is honoured; longer input is cut.
pub const SEARCH_MAX_CHARS: usize = 100;

/// The years a calendar date may name; others mean today.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The calendar's state in the URL. Anything unknown or malformed falls back to
/// the default, so a shared link never breaks the page. However it arrives, from
/// a URL or deserialised as a server function's argument, it passes
/// [`CalendarQuery::clamped`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "WireQuery")]
pub struct CalendarQuery {
    pub view: View,
    /// `None` means today.
    pub date: Option<NaiveDate>,
    pub filter: Filter,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "WireFilter")]
pub struct Filter {
    pub category: Option<String>,
    pub audience: Option<Audience>,
    pub room: Option<i64>,
    pub group: Option<i64>,
    pub language: Option<String>,
    pub free: bool,
    pub step_free: bool,
    pub text: String,
}

/// What the filter looks at in one event, after privacy redaction.
pub struct Facts<'a> {
    pub category_slug: &'a str,
    pub audience: &'a [Audience],
    pub room_id: Option<i64>,
    pub group_id: Option<i64>,
    pub languages: &'a [String],
    pub free: bool,
    pub step_free: bool,
    pub title: &'a str,
    pub description: &'a str,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Reads filter parameters; malformed values are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self::unchecked_from_pairs(pairs).clamped()
    }

    /// The parameters as they come, for [`Filter::clamped`] to judge.
    fn unchecked_from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = Filter::default();
        for (key, value) in pairs {
            match key {
                "category" => filter.category = Some(value.to_owned()),
                "audience" => filter.audience = Audience::from_code(value.trim()),
                "room" => filter.room = value.trim().parse().ok(),
                "group" => filter.group = value.trim().parse().ok(),
                "language" => filter.language = Some(value.to_owned()),
                "free" => filter.free = is_on(value.trim()),
                "step_free" => filter.step_free = is_on(value.trim()),
                "q" => filter.text = value.to_owned(),
                _ => {}
            }
        }
        filter
    }

    /// The limits every filter keeps, from a URL or a server function alike:
    /// a category is a slug, ids are positive, a language one of [`LANGUAGES`],
    /// and the search at most [`SEARCH_MAX_CHARS`]; anything else is dropped.
    pub fn clamped(self) -> Self {
        let trimmed = |text: String| text.trim().to_owned();
        Self {
            category: self.category.map(trimmed).filter(|c| is_slug(c)),
            audience: self.audience,
            room: self.room.filter(|id| *id > 0),
            group: self.group.filter(|id| *id > 0),
            language: self
                .language
                .map(trimmed)
                .filter(|l| LANGUAGES.contains(&l.as_str())),
            free: self.free,
            step_free: self.step_free,
            text: self.text.trim().chars().take(SEARCH_MAX_CHARS).collect(),
        }
    }

    /// The filter as URL parameters, in a fixed order, without empty ones.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(c) = &self.category {
            pairs.push(("category", c.clone()));
        }
        if let Some(a) = self.audience {
            pairs.push(("audience", a.code().to_owned()));
        }
        if let Some(r) = self.room {
            pairs.push(("room", r.to_string()));
        }
        if let Some(g) = self.group {
            pairs.push(("group", g.to_string()));
        }
        if let Some(l) = &self.language {
            pairs.push(("language", l.clone()));
        }
        if self.free {
            pairs.push(("free", "1".to_owned()));
        }
        if self.step_free {
            pairs.push(("step_free", "1".to_owned()));
        }
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        pairs
    }

    pub fn matches(&self, event: &Facts<'_>) -> bool {
        self.category
            .as_deref()
            .is_none_or(|c| c == event.category_slug)
            && self.audience.is_none_or(|a| {
                event.audience.contains(&a) || event.audience.contains(&Audience::Everyone)
            })
            && self.room.is_none_or(|r| event.room_id == Some(r))
            && self.group.is_none_or(|g| event.group_id == Some(g))
            && self
                .language
                .as_deref()
                .is_none_or(|l| event.languages.iter().any(|e| e == l))
            && (!self.free || event.free)
            && (!self.step_free || event.step_free)
            && (self.text.is_empty() || text_matches(&self.text, event.title, event.description))
    }
}

/// Every word of the search occurs in title or description, ignoring case.
fn text_matches(search: &str, title: &str, description: &str) -> bool {
    let haystack = format!("{title}\n{description}").to_lowercase();
    search
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

fn is_slug(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 60
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_on(value: &str) -> bool {
    matches!(value, "1" | "on" | "true")
}

/// "2026-12-01" as a date. Written out rather than with chrono's format parser,
/// which would add its whole parsing machinery to the browser's WASM.
pub fn parse_machine_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.splitn(3, '-');
    let mut number = |max_len: usize| {
        parts
            .next()
            .filter(|p| (1..=max_len).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let (year, month, day) = (number(4)?, number(2)?, number(2)?);
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

impl CalendarQuery {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> Self {
        let mut query = CalendarQuery {
            filter: Filter::unchecked_from_pairs(pairs.clone()),
            ..Default::default()
        };
        for (key, value) in pairs {
            match key {
                "view" => query.view = View::from_code(value.trim()).unwrap_or_default(),
                "date" => query.date = parse_machine_date(value.trim()),
                _ => {}
            }
        }
        query.clamped()
    }

    /// The limits every calendar query keeps, from a URL or a server function
    /// alike: a date within [`YEARS`] (else today) and a [`Filter::clamped`] filter.
    /// A far-off year would make every view compute and query a range no one shows.
    pub fn clamped(self) -> Self {
        Self {
            view: self.view,
            date: self.date.filter(|d| YEARS.contains(&d.year())),
            filter: self.filter.clamped(),
        }
    }

    /// The URL query string, starting with `?` (or empty for the default state).
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.view != View::default() {
            pairs.push(("view", self.view.code().to_owned()));
        }
        if let Some(date) = self.date {
            pairs.push(("date", crate::i18n::machine_date(date)));
        }
        pairs.extend(self.filter.pairs());
        if pairs.is_empty() {
            return String::new();
        }
        let encoded: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        format!("?{}", encoded.join("&"))
    }

    pub fn with_view(&self, view: View) -> Self {
        Self {
            view,
            ..self.clone()
        }
    }

    pub fn with_date(&self, date: NaiveDate) -> Self {
        Self {
            date: Some(date),
            ..self.clone()
        }
    }

    pub fn without_filter(&self) -> Self {
        Self {
            filter: Filter::default(),
            ..self.clone()
        }
    }

    /// The first and last day the view shows. A month shows whole weeks.
    pub fn range(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let date = self.date.unwrap_or(today);
        match self.view {
            View::Day => (date, date),
            View::Week => {
                let week = date.week(Weekday::Mon);
                (week.first_day(), week.last_day())
            }
            View::Month => {
                let first = date.with_day(1).unwrap_or(date);
                let last = first
                    .checked_add_months(Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(first);
                (
                    first.week(Weekday::Mon).first_day(),
                    last.week(Weekday::Mon).last_day(),
                )
            }
            View::Agenda => (date, add_days(date, AGENDA_DAYS - 1)),
        }
    }

    /// The date one step back or forward in this view.
    pub fn step(&self, today: NaiveDate, forward: bool) -> NaiveDate {
        let date = self.date.unwrap_or(today);
        let days = match self.view {
            View::Day => 1,
            View::Week => 7,
            View::Agenda => AGENDA_DAYS,
            View::Month => {
                let first = date.with_day(1).unwrap_or(date);
                return if forward {
                    first.checked_add_months(Months::new(1))
                } else {
                    first.checked_sub_months(Months::new(1))
                }
                .unwrap_or(first);
            }
        };
        if forward {
            add_days(date, days)
        } else {
            date.checked_sub_days(Days::new(days)).unwrap_or(date)
        }
    }
}

/// A calendar query as it is deserialised, before [`CalendarQuery::clamped`]:
/// a server function's argument gets the URL's limits without any code of its own.
/// Fields it leaves out take their defaults, as a URL's do.
#[derive(Default, Deserialize)]
#[serde(default)]
struct WireQuery {
    view: View,
    date: Option<NaiveDate>,
    filter: Filter,
}

impl From<WireQuery> for CalendarQuery {
    fn from(wire: WireQuery) -> Self {
        CalendarQuery {
            view: wire.view,
            date: wire.date,
            filter: wire.filter,
        }
        .clamped()
    }
}

/// A filter as it is deserialised, before [`Filter::clamped`].
#[derive(Default, Deserialize)]
#[serde(default)]
struct WireFilter {
    category: Option<String>,
    audience: Option<Audience>,
    room: Option<i64>,
    group: Option<i64>,
    language: Option<String>,
    free: bool,
    step_free: bool,
    text: String,
}

impl From<WireFilter> for Filter {
    fn from(wire: WireFilter) -> Self {
        Filter {
            category: wire.category,
            audience: wire.audience,
            room: wire.room,
            group: wire.group,
            language: wire.language,
            free: wire.free,
            step_free: wire.step_free,
            text: wire.text,
        }
        .clamped()
    }
}

/// How many days the list view shows at once.
pub const AGENDA_DAYS: u64 = 28;

fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
