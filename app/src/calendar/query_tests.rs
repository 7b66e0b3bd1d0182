//! Unit tests of `calendar_query`, kept apart so the module stays readable.
use super::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
}

#[test]
fn machine_dates_parse_strictly() {
    assert_eq!(parse_machine_date("2026-12-01"), Some(date("2026-12-01")));
    assert_eq!(parse_machine_date("2026-3-5"), Some(date("2026-03-05")));
    for bad in [
        "2026-02-30",
        "2026-12",
        "2026-12-01x",
        "+2026-12-01",
        "20266-01-01",
        "",
        "2026--1-01",
    ] {
        assert_eq!(parse_machine_date(bad), None, "{bad}");
    }
}

#[test]
fn malformed_parameters_fall_back_to_defaults() {
    let q = CalendarQuery::from_pairs([
        ("view", "year"),
        ("date", "2026-02-30"),
        ("room", "-3"),
        ("group", "abc"),
        ("category", "<script>"),
        ("audience", "aliens"),
        ("language", "xx"),
        ("free", "maybe"),
    ]);
    assert_eq!(q, CalendarQuery::default());
    assert_eq!(q.to_query_string(), "");
}

#[test]
fn a_deserialised_query_gets_exactly_the_url_s_clamps() {
    let long = format!("Kaffee {}", "x".repeat(250_000));
    let from_url = CalendarQuery::from_pairs([
        ("view", "month"),
        ("date", "+262142-01-01"),
        ("category", " <script> "),
        ("room", "-3"),
        ("group", "7"),
        ("language", " tr "),
        ("q", long.as_str()),
    ]);
    let wire = serde_json::json!({
        "view": "Month",
        "date": "+262142-01-01",
        "filter": {
            "category": " <script> ", "room": -3, "group": 7, "language": " tr ",
            "free": false, "step_free": false, "text": long,
        },
    });
    let deserialised: CalendarQuery = serde_json::from_value(wire).expect("a query");
    assert_eq!(deserialised, from_url);
    assert_eq!(deserialised.date, None, "year 262142 means today");
    assert_eq!(deserialised.filter.text.chars().count(), SEARCH_MAX_CHARS);
    assert_eq!(deserialised.filter.category, None);
    assert_eq!(deserialised.filter.room, None);
    assert_eq!(deserialised.filter.group, Some(7));
    assert_eq!(deserialised.filter.language.as_deref(), Some("tr"));
    assert_eq!(
        deserialised.clone().clamped(),
        deserialised,
        "clamps hold once applied"
    );
}

#[test]
fn the_edges_of_the_clamps() {
    let year = |y: i32| NaiveDate::from_ymd_opt(y, 6, 1);
    for (y, kept) in [(1999, false), (2000, true), (2100, true), (2101, false)] {
        let q = CalendarQuery {
            date: year(y),
            ..Default::default()
        };
        assert_eq!(q.clamped().date.is_some(), kept, "{y}");
    }
    let text = format!("  {}  ", "ä".repeat(SEARCH_MAX_CHARS + 1));
    let f = Filter::from_pairs([("q", text.as_str())]);
    assert_eq!(
        f.text,
        "ä".repeat(SEARCH_MAX_CHARS),
        "cut by characters, not bytes"
    );
    let omitted: CalendarQuery = serde_json::from_str("{}").expect("defaults");
    assert_eq!(omitted, CalendarQuery::default());
}

#[test]
fn a_state_survives_the_round_trip_through_the_url() {
    let q = CalendarQuery::from_pairs([
        ("view", "month"),
        ("date", "2026-12-05"),
        ("category", "repair-cafe"),
        ("audience", "families"),
        ("room", "3"),
        ("language", "tr"),
        ("free", "1"),
        ("step_free", "on"),
        ("q", "Fahrrad & Kaffee"),
    ]);
    let text = q.to_query_string();
    assert_eq!(
        text,
        "?view=month&date=2026-12-05&category=repair-cafe&audience=families&room=3&language=tr&free=1&step_free=1&q=Fahrrad%20%26%20Kaffee"
    );
}

#[test]
fn a_month_shows_whole_weeks_and_steps_by_month() {
    let q = CalendarQuery {
        view: View::Month,
        date: Some(date("2027-02-14")),
        ..Default::default()
    };
    assert_eq!(
        q.range(date("2026-11-25")),
        (date("2027-02-01"), date("2027-02-28"))
    );
    assert_eq!(q.step(date("2026-11-25"), true), date("2027-03-01"));
    let december = q.with_date(date("2026-12-31"));
    assert_eq!(
        december.range(date("2026-11-25")),
        (date("2026-11-30"), date("2027-01-03"))
    );
    assert_eq!(december.step(date("2026-11-25"), false), date("2026-11-01"));
}

#[test]
fn filters_combine() {
    let languages = vec!["de".to_owned(), "tr".to_owned()];
    let facts = Facts {
        category_slug: "repair-cafe",
        audience: &[Audience::Everyone],
        room_id: Some(2),
        group_id: None,
        languages: &languages,
        free: true,
        step_free: true,
        title: "Repair-Café",
        description: "Wir reparieren Fahrräder und Toaster.",
    };
    let mut f = Filter::from_pairs([("category", "repair-cafe"), ("language", "tr")]);
    assert!(f.matches(&facts));
    f.audience = Some(Audience::Seniors);
    assert!(f.matches(&facts), "everyone includes seniors");
    f.text = "REPAIR toaster".to_owned();
    assert!(f.matches(&facts));
    f.text = "toaster yoga".to_owned();
    assert!(!f.matches(&facts));
    f.text.clear();
    f.room = Some(3);
    assert!(!f.matches(&facts));
}
