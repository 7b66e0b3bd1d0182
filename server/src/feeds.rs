//! iCalendar feeds (RFC 5545) and the read-only JSON API of public events.
//!
//! A series is published once, with its rule, exception dates for every date the
//! rule gives but the house does not hold, and an overriding instance
//! (RECURRENCE-ID) for every date that was changed or cancelled, so calendar
//! programs expand it to exactly the dates the page shows.
use crate::router::ServerState;
use app::calendar::api::ssr::{day_bounds, today};
use app::calendar::api::{CalendarEvent, public};
use app::calendar::query::Filter;
use app::calendar::rules::{Exposure, Price};
use app::calendar::store::{CalendarRow, parse_date};
use app::db::Db;
use app::i18n::{Locale, Msg};
use app::kernel::time::{HOUSE_ZONE, utc_to_local};
use app::series::recurrence::{Ending, Rule, horizon};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Days, Months, NaiveDate, NaiveDateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How far back the public feed reaches.
const FEED_PAST_MONTHS: u32 = 3;
/// The widest window the JSON API answers in one request.
const API_MAX_DAYS: i64 = 366;
const PRODID: &str = "-//Treffpunkt//Alte Koerne Haus//DE";

/// The Europe/Berlin zone as calendar programs expect it next to TZID references.
const VTIMEZONE_BERLIN: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Berlin\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

type Pairs = Vec<(String, String)>;

fn filter_of(pairs: &Pairs) -> Filter {
    Filter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn locale_of(pairs: &Pairs) -> Locale {
    pairs
        .iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Locale::from_code(v))
        .unwrap_or_default()
}

fn internal(err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "feed failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

fn calendar_response(body: String, filename: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// `GET /feeds/calendar.ics?category=…&room=…`: the public calendar, filtered like the page.
pub async fn public_feed(State(state): State<ServerState>, Query(pairs): Query<Pairs>) -> Response {
    let filter = filter_of(&pairs);
    let locale = locale_of(&pairs);
    let today = today();
    let first = today
        .checked_sub_months(Months::new(FEED_PAST_MONTHS))
        .unwrap_or(today);
    match public_calendar(
        &state.app.db,
        &filter,
        locale,
        first,
        horizon(today),
        &site(&state),
    )
    .await
    {
        Ok(body) => calendar_response(body, "treffpunkt.ics"),
        Err(err) => internal(err),
    }
}

fn site(state: &ServerState) -> String {
    state.app.public_url.clone()
}

/// The public calendar between two local dates as an iCalendar text.
pub async fn public_calendar(
    db: &Db,
    filter: &Filter,
    locale: Locale,
    first: NaiveDate,
    last: NaiveDate,
    site: &str,
) -> Result<String, app::db::StoreError> {
    let (from, to) = day_bounds(first, last);
    let rows = db.feed_rows(from, to).await?;
    let definitions: HashMap<i64, _> = db
        .feed_series(from, to)
        .await?
        .into_iter()
        .map(|s| (s.series_id, s))
        .collect();
    let mut marks: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (series_id, date, kind) in db.series_marks().await? {
        marks.entry(series_id).or_default().push((date, kind));
    }
    let closures: BTreeSet<NaiveDate> = db.closures().await?.into_iter().map(|(d, _)| d).collect();

    // Each stored date, public view, whether it passes the filter, by series.
    let mut by_series: BTreeMap<i64, Vec<(CalendarRow, CalendarEvent, bool)>> = BTreeMap::new();
    for row in rows {
        let Some(event) = public::event(row.clone(), locale) else {
            continue;
        };
        let passes = public::passes(filter, &event);
        by_series
            .entry(row.series_id)
            .or_default()
            .push((row, event, passes));
    }

    let mut out = calendar_header(feed_name(locale));
    for (series_id, dates) in by_series {
        if !dates.iter().any(|(_, _, passes)| *passes) {
            continue;
        }
        let series = definitions.get(&series_id).and_then(|d| {
            let definition = d.definition();
            let series = definition.series(marks.get(&series_id).map_or(&[][..], Vec::as_slice))?;
            let rule = series.rule.clone()?;
            let until = d.materialised_until.as_deref().and_then(parse_date)?;
            Some((series, rule, until))
        });
        match series {
            Some((series, rule, until)) => {
                write_series(
                    &mut out, site, series_id, &series, &rule, until, &dates, &closures, first,
                );
            }
            None => {
                for (row, event, passes) in &dates {
                    if *passes {
                        write_event(
                            &mut out,
                            site,
                            &format!("occurrence-{}", row.occurrence_id),
                            event,
                            None,
                        );
                    }
                }
            }
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    Ok(out)
}

/// The calendar's name in other programs.
fn feed_name(locale: Locale) -> &'static str {
    Msg::FeedName.text(locale)
}

fn calendar_header(name: &str) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    line(&mut out, "PRODID", PRODID);
    out.push_str("CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    line(&mut out, "X-WR-CALNAME", &escape(name));
    out.push_str("X-WR-TIMEZONE:Europe/Berlin\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n");
    out.push_str(VTIMEZONE_BERLIN);
    out
}

#[allow(clippy::too_many_arguments)]
fn write_series(
    out: &mut String,
    site: &str,
    series_id: i64,
    series: &app::series::recurrence::Series,
    rule: &Rule,
    until: NaiveDate,
    dates: &[(CalendarRow, CalendarEvent, bool)],
    closures: &BTreeSet<NaiveDate>,
    window_start: NaiveDate,
) {
    // The feed's rule stops where stored dates stop; the horizon moves on by itself.
    let ending = match rule.ending {
        Ending::On(date) => Ending::On(date.min(until)),
        Ending::After(n) => {
            let all = rule.dates(series.first_start.date(), until).len();
            if (all as u32) < n {
                Ending::On(until)
            } else {
                Ending::After(n)
            }
        }
        Ending::Never => Ending::On(until),
    };
    let feed_rule = Rule {
        ending,
        ..rule.clone()
    };
    let Some(template) = dates
        .iter()
        .find(|(_, _, passes)| *passes)
        .map(|(_, e, _)| e)
    else {
        return;
    };
    let uid = format!("series-{series_id}");
    let stored: HashMap<NaiveDate, &(CalendarRow, CalendarEvent, bool)> = dates
        .iter()
        .filter_map(|d| {
            d.0.local_date
                .as_deref()
                .and_then(parse_date)
                .map(|date| (date, d))
        })
        .collect();
    let expanded = series.expand(series.first_start.date(), until, closures);
    let mut exdates = Vec::new();
    let mut overrides = Vec::new();
    for occurrence in &expanded {
        let original = utc_to_local(occurrence.starts_at, HOUSE_ZONE);
        if occurrence.skipped.is_some() {
            exdates.push(original);
            continue;
        }
        if occurrence.date < window_start {
            continue;
        }
        match stored.get(&occurrence.date) {
            Some((row, event, true)) => {
                let same = row.starts_at == occurrence.starts_at
                    && row.ends_at == occurrence.ends_at
                    && !event.cancelled
                    && event.room_name == template.room_name;
                if !same {
                    overrides.push((original, event));
                }
            }
            _ => exdates.push(original),
        }
    }
    let mut master = template.clone();
    master.starts_local = series.first_start;
    master.ends_local = series.first_start + chrono::Duration::minutes(series.duration_minutes);
    master.cancelled = false;
    let extra = SeriesLines {
        rrule: feed_rule.to_rrule(HOUSE_ZONE),
        exdates,
    };
    write_event(out, site, &uid, &master, Some(&extra));
    for (original, event) in overrides {
        write_event(
            out,
            site,
            &uid,
            event,
            Some(&SeriesLines::instance(original)),
        );
    }
}

struct SeriesLines {
    rrule: String,
    exdates: Vec<NaiveDateTime>,
}

impl SeriesLines {
    /// Marks an overriding instance: the RECURRENCE-ID travels in `exdates[0]`.
    fn instance(original: NaiveDateTime) -> Self {
        Self {
            rrule: String::new(),
            exdates: vec![original],
        }
    }
}

fn local_stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn write_event(
    out: &mut String,
    site: &str,
    uid: &str,
    event: &CalendarEvent,
    series: Option<&SeriesLines>,
) {
    out.push_str("BEGIN:VEVENT\r\n");
    line(out, "UID", &format!("{uid}@treffpunkt"));
    line(out, "DTSTAMP", &utc_stamp(app::db::now()));
    line(
        out,
        "DTSTART;TZID=Europe/Berlin",
        &local_stamp(event.starts_local),
    );
    line(
        out,
        "DTEND;TZID=Europe/Berlin",
        &local_stamp(event.ends_local),
    );
    match series {
        Some(lines) if !lines.rrule.is_empty() => {
            line(out, "RRULE", &lines.rrule);
            for chunk in lines.exdates.chunks(20) {
                let dates: Vec<String> = chunk.iter().map(|d| local_stamp(*d)).collect();
                line(out, "EXDATE;TZID=Europe/Berlin", &dates.join(","));
            }
        }
        Some(lines) => {
            if let Some(original) = lines.exdates.first() {
                line(
                    out,
                    "RECURRENCE-ID;TZID=Europe/Berlin",
                    &local_stamp(*original),
                );
            }
        }
        None => {}
    }
    line(out, "SUMMARY", &escape(&event.title));
    if !event.description.is_empty() {
        line(out, "DESCRIPTION", &escape(&event.description));
    }
    let room = event.room_name.as_deref().unwrap_or("");
    let location = format!("Alte Körne Haus, {room}");
    line(out, "LOCATION", &escape(location.trim_end_matches(", ")));
    if event.exposure == Exposure::Full {
        line(out, "CATEGORIES", &escape(&event.category));
        line(
            out,
            "URL",
            &format!("{site}/events/{}", event.occurrence_id),
        );
    }
    if event.exposure == Exposure::Occupied {
        line(out, "TRANSP", "OPAQUE");
        line(out, "CLASS", "PRIVATE");
    }
    line(
        out,
        "STATUS",
        if event.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    );
    out.push_str("END:VEVENT\r\n");
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets without splitting a character.
fn line(out: &mut String, name: &str, value: &str) {
    let full = format!("{name}:{value}");
    let mut width = 0;
    for c in full.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// `GET /events/{id}/ics`: one date for "add to my calendar".
pub async fn event_file(State(state): State<ServerState>, Path(id): Path<String>) -> Response {
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let row = match state.app.db.calendar_row(id).await {
        Ok(row) => row,
        Err(err) => return internal(err),
    };
    let Some(event) = row
        .and_then(|row| public::event(row, Locale::De))
        .filter(|e| e.exposure != Exposure::Occupied)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut out = calendar_header(&event.title);
    write_event(
        &mut out,
        &site(&state),
        &format!("occurrence-{id}"),
        &event,
        None,
    );
    out.push_str("END:VCALENDAR\r\n");
    calendar_response(out, &format!("termin-{id}.ics"))
}

/// `GET /feeds/private/{token}.ics`: the dates one person registered for. The
/// token is the only key; a new one revokes it.
pub async fn private_feed(State(state): State<ServerState>, Path(file): Path<String>) -> Response {
    let Some(token) = file
        .strip_suffix(".ics")
        .filter(|t| !t.is_empty() && t.len() <= 100)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let hash = app::accounts::api::ssr::token_hash(token);
    let account = match state.app.db.account_by_feed_token(&hash).await {
        Ok(Some(account)) => account,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => return internal(err),
    };
    let rows = match state.app.db.registered_rows(account).await {
        Ok(rows) => rows,
        Err(err) => return internal(err),
    };
    let mut out = calendar_header("Treffpunkt – meine Termine");
    let site = site(&state);
    for row in rows {
        let id = row.occurrence_id;
        if let Some(event) = public::event(row, Locale::De) {
            write_event(&mut out, &site, &format!("registration-{id}"), &event, None);
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    let mut response = calendar_response(out, "meine-termine.ics");
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// `GET /api/v1/events?from=2026-12-01&to=2026-12-31&category=…`: public events as JSON.
pub async fn api_events(State(state): State<ServerState>, Query(pairs): Query<Pairs>) -> Response {
    let today = today();
    let date_param = |name: &str| -> Result<Option<NaiveDate>, String> {
        match pairs.iter().find(|(k, _)| k == name) {
            None => Ok(None),
            Some((_, v)) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| format!("{name} must be a date like 2026-12-01")),
        }
    };
    let (first, last) = match (date_param("from"), date_param("to")) {
        (Ok(from), Ok(to)) => {
            let first = from.unwrap_or(today);
            let last = to.unwrap_or_else(|| first.checked_add_days(Days::new(30)).unwrap_or(first));
            (first, last)
        }
        (Err(e), _) | (_, Err(e)) => return api_error(&e),
    };
    if last < first {
        return api_error("to must not be before from");
    }
    if (last - first).num_days() >= API_MAX_DAYS {
        return api_error("at most 366 days per request");
    }
    let filter = filter_of(&pairs);
    let locale = locale_of(&pairs);
    let (from, to) = day_bounds(first, last);
    let rows = match state.app.db.calendar_rows(from, to).await {
        Ok(rows) => rows,
        Err(err) => return internal(err),
    };
    let site = site(&state);
    let events: Vec<serde_json::Value> = rows
        .into_iter()
        .filter_map(|row| public::event(row, locale))
        .filter(|e| public::passes(&filter, e))
        .map(|e| api_event(&e, &site))
        .collect();
    let mut response = Json(serde_json::json!({
        "version": 1,
        "from": first.to_string(),
        "to": last.to_string(),
        "count": events.len(),
        "events": events,
    }))
    .into_response();
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

fn api_error(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": message })),
    )
        .into_response()
}

fn zoned(local: NaiveDateTime) -> String {
    app::series::recurrence::resolve_local(local, HOUSE_ZONE)
        .with_timezone(&HOUSE_ZONE)
        .to_rfc3339()
}

fn api_event(e: &CalendarEvent, site: &str) -> serde_json::Value {
    let full = e.exposure == Exposure::Full;
    serde_json::json!({
        "id": e.occurrence_id,
        "series_id": e.series_id,
        "title": e.title,
        "description": e.description,
        "start": zoned(e.starts_local),
        "end": zoned(e.ends_local),
        "kind": match e.exposure {
            Exposure::Full => "event",
            Exposure::Counselling => "counselling",
            Exposure::Occupied => "occupied",
        },
        "status": if e.cancelled { "cancelled" } else { "scheduled" },
        "room": e.room_name,
        "category": full.then(|| serde_json::json!({ "slug": e.category_slug, "name": e.category })),
        "group": e.group_name,
        "audience": e.audience.iter().map(|a| a.code()).collect::<Vec<_>>(),
        "languages": e.languages,
        "price": match e.price {
            Price::Free => serde_json::json!({ "kind": "free" }),
            Price::Donation => serde_json::json!({ "kind": "donation" }),
            Price::Amount(cents) => serde_json::json!({ "kind": "amount", "cents": cents, "currency": "EUR" }),
        },
        "step_free": e.step_free,
        "seats": e.seats,
        "seats_left": e.seats_left,
        "recurring": e.recurring,
        "url": (e.exposure != Exposure::Occupied).then(|| format!("{site}/events/{}", e.occurrence_id)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_folded_without_splitting_characters() {
        let mut out = String::new();
        line(&mut out, "SUMMARY", &"Ä".repeat(60));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "Ä".repeat(60)));
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(
            escape("Kaffee, Kuchen; mehr\\\nZeile"),
            "Kaffee\\, Kuchen\\; mehr\\\\\\nZeile"
        );
    }
}
