//! The mails about an offer, in the recipient's language: what happened, the
//! offer's title, the words of the other side, and the link to the thread.
use crate::i18n::{Locale, Msg};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// To the author: the house has it.
    Received,
    /// To the author: the house wrote in the thread.
    HouseWrote,
    /// To the organisers: the author wrote in the thread.
    AuthorWrote,
    ChangesAsked,
    Accepted,
    Declined,
}

pub fn link(site: &str, offer_id: i64) -> String {
    format!("{site}/offers/{offer_id}")
}

/// The subject and plain-text body of one mail.
pub fn compose(
    locale: Locale,
    kind: Kind,
    title: &str,
    text: &str,
    link: &str,
) -> (String, String) {
    let (subject, intro) = match kind {
        Kind::Received => (Msg::MailOfferReceivedSubject, Msg::MailOfferReceivedBody),
        Kind::HouseWrote => (
            Msg::MailOfferHouseWroteSubject,
            Msg::MailOfferHouseWroteBody,
        ),
        Kind::AuthorWrote => (
            Msg::MailOfferAuthorWroteSubject,
            Msg::MailOfferAuthorWroteBody,
        ),
        Kind::ChangesAsked => (Msg::MailOfferChangesSubject, Msg::MailOfferChangesBody),
        Kind::Accepted => (Msg::MailOfferAcceptedSubject, Msg::MailOfferAcceptedBody),
        Kind::Declined => (Msg::MailOfferDeclinedSubject, Msg::MailOfferDeclinedBody),
    };
    let subject = format!("{}: {title}", subject.text(locale));
    let quoted = match text.trim() {
        "" => String::new(),
        text => format!("{text}\n\n"),
    };
    let body = format!(
        "{}\n\n{title}\n\n{quoted}{}\n{link}\n",
        intro.text(locale),
        Msg::MailOfferLink.text(locale)
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_names_the_offer_quotes_the_words_and_links_the_thread() {
        let (subject, body) = compose(
            Locale::En,
            Kind::ChangesAsked,
            "Repair café",
            "Which Saturday?",
            &link("https://treffpunkt.example", 7),
        );
        assert!(subject.ends_with(": Repair café"), "{subject}");
        assert!(body.contains("Which Saturday?"), "{body}");
        assert!(
            body.contains("https://treffpunkt.example/offers/7"),
            "{body}"
        );
        let (german, _) = compose(Locale::De, Kind::ChangesAsked, "Repair café", "", "");
        assert_ne!(german, subject, "in the recipient's language");
    }
}
