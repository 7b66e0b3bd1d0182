//! The iCalendar HTTP handlers: the public feed, one date's file, and a person's
//! private feed.
use super::ics::{calendar_header, feed_name, write_event, write_series};
use super::{Pairs, filter_of, internal, locale_of, site};
use crate::state::ServerState;
use app::calendar::api::ssr::{day_bounds, today};
use app::calendar::api::{CalendarEvent, public};
use app::calendar::query::Filter;
use app::calendar::rules::Exposure;
use app::calendar::store::{CalendarRow, parse_date};
use app::db::Db;
use app::i18n::Locale;
use app::series::recurrence::horizon;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How far back the public feed reaches.
const FEED_PAST_MONTHS: u32 = 3;

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
