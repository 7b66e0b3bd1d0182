//! The public face of stored rows: what anyone may see of an event. Used by
//! the pages, the feeds and the JSON API alike.
use super::CalendarEvent;
use crate::calendar::query::{Audience, Facts, Filter};
use crate::calendar::rules::{Exposure, Price};
use crate::calendar::status::{DateStatus, SeriesStatus};
use crate::calendar::store::CalendarRow;
use crate::i18n::{Locale, Msg, category_label};
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};

/// The row as the public may see it, or `None` if it must stay hidden.
pub fn event(row: CalendarRow, locale: Locale) -> Option<CalendarEvent> {
    let exposure = Exposure::of(row.visibility, row.privacy == "counselling")?;
    let full = exposure == Exposure::Full;
    let (title, category_slug, category) = match exposure {
        Exposure::Full => {
            let category = category_label(locale, &row.category_slug, &row.category_de);
            (row.title, row.category_slug, category)
        }
        Exposure::Counselling => (
            Msg::CounsellingLabel.text(locale).to_owned(),
            String::new(),
            Msg::CounsellingLabel.text(locale).to_owned(),
        ),
        Exposure::Occupied => (
            Msg::OccupiedLabel.text(locale).to_owned(),
            String::new(),
            Msg::OccupiedLabel.text(locale).to_owned(),
        ),
    };
    let step_free = row
        .room_features
        .as_deref()
        .is_some_and(|f| f.split(',').any(|x| x == "step_free"));
    let seats_left = row
        .seats
        .map(|s| (i64::from(s) - row.confirmed).max(0))
        .filter(|_| full);
    Some(CalendarEvent {
        occurrence_id: row.occurrence_id,
        series_id: row.series_id,
        title,
        description: if full { row.description } else { String::new() },
        starts_local: utc_to_local(row.starts_at, HOUSE_ZONE),
        ends_local: utc_to_local(row.ends_at, HOUSE_ZONE),
        room_id: row.room_id,
        room_name: row.room_name,
        category_slug,
        category,
        group_id: row.group_id.filter(|_| full),
        group_name: row.group_name.filter(|_| full),
        exposure,
        cancelled: row.occurrence_status != DateStatus::Scheduled
            || row.series_status == SeriesStatus::Cancelled,
        recurring: row.rrule.is_some(),
        audience: if full {
            Audience::parse_list(&row.audience)
        } else {
            Vec::new()
        },
        languages: if full {
            row.languages
                .split(',')
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        },
        price: if full {
            Price::from_stored(&row.price_kind, row.price_cents)
        } else {
            Price::Free
        },
        step_free,
        accessibility: if full {
            row.accessibility
        } else {
            String::new()
        },
        contact: if full { row.contact } else { String::new() },
        seats: row.seats.filter(|_| full),
        seats_left,
    })
}

/// Whether the public event passes the filter (judged on what the public sees).
pub fn passes(filter: &Filter, event: &CalendarEvent) -> bool {
    filter.matches(&Facts {
        category_slug: &event.category_slug,
        audience: &event.audience,
        room_id: event.room_id,
        group_id: event.group_id,
        languages: &event.languages,
        free: event.price.is_free(),
        step_free: event.step_free,
        title: &event.title,
        description: &event.description,
    })
}
