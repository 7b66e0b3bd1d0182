//! The RFC 5545 writer: the calendar's header, one event, and a series as one
//! rule with its exception dates and overriding instances.
use app::calendar::api::CalendarEvent;
use app::calendar::rules::Exposure;
use app::calendar::store::{CalendarRow, parse_date};
use app::i18n::{Locale, Msg};
use app::kernel::time::{HOUSE_ZONE, utc_to_local};
use app::series::recurrence::{Ending, Rule};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::collections::{BTreeSet, HashMap};

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

/// The calendar's name in other programs.
pub(super) fn feed_name(locale: Locale) -> &'static str {
    Msg::FeedName.text(locale)
}

pub(super) fn calendar_header(name: &str) -> String {
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
pub(super) fn write_series(
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

pub(super) struct SeriesLines {
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

pub(super) fn write_event(
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
