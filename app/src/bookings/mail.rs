//! The mails about a room request, in the recipient's language: what happened,
//! the room and the time, the house's words, and the link to the person's list.
use crate::i18n::{Locale, Msg, format_date, format_time_range};
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use chrono::{DateTime, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Received,
    Approved,
    Declined,
    /// The day before an approved booking.
    Reminder,
    /// To the person: the house wrote about the request.
    HouseWrote,
    /// To the organisers: the person wrote about their request.
    RequesterWrote,
}

/// "Café, Sa., 20. März 2027, 15:00–19:30 Uhr".
pub fn when(
    locale: Locale,
    room: &str,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> String {
    let (start, end) = (
        utc_to_local(starts_at, HOUSE_ZONE),
        utc_to_local(ends_at, HOUSE_ZONE),
    );
    format!(
        "{room}, {}, {}",
        format_date(locale, start.date()),
        format_time_range(locale, start, end)
    )
}

pub fn link(site: &str) -> String {
    format!("{site}/offers")
}

/// The subject and plain-text body of one mail; `when` is the room and time as
/// the recipient reads them.
pub fn compose(locale: Locale, kind: Kind, when: &str, text: &str, link: &str) -> (String, String) {
    let (subject, intro) = match kind {
        Kind::Received => (
            Msg::MailRequestReceivedSubject,
            Msg::MailRequestReceivedBody,
        ),
        Kind::Approved => (
            Msg::MailRequestApprovedSubject,
            Msg::MailRequestApprovedBody,
        ),
        Kind::Declined => (
            Msg::MailRequestDeclinedSubject,
            Msg::MailRequestDeclinedBody,
        ),
        Kind::Reminder => (
            Msg::MailRequestReminderSubject,
            Msg::MailRequestReminderBody,
        ),
        Kind::HouseWrote => (
            Msg::MailRequestHouseWroteSubject,
            Msg::MailRequestHouseWroteBody,
        ),
        Kind::RequesterWrote => (
            Msg::MailRequestRequesterWroteSubject,
            Msg::MailRequestRequesterWroteBody,
        ),
    };
    let subject = format!("{}: {when}", subject.text(locale));
    let quoted = match text.trim() {
        "" => String::new(),
        text => format!("{text}\n\n"),
    };
    let body = format!(
        "{}\n\n{when}\n\n{quoted}{}\n{link}\n",
        intro.text(locale),
        Msg::MailRequestLink.text(locale)
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_names_room_and_time_quotes_the_reason_and_links_the_list() {
        let when = "Café, Sa 20.03.2027, 15:00–19:30";
        let (subject, body) = compose(
            Locale::En,
            Kind::Declined,
            when,
            "The café is being painted.",
            &link("https://treffpunkt.example"),
        );
        assert!(subject.ends_with(when), "{subject}");
        assert!(body.contains("The café is being painted."), "{body}");
        assert!(body.contains("https://treffpunkt.example/offers"), "{body}");
        let (german, _) = compose(Locale::De, Kind::Declined, when, "", "");
        assert_ne!(german, subject, "in the recipient's language");
    }
}
