//! The outbox's pure rules: when to try again, the stable `Message-ID`, and the
//! HTML part, made from the plain text so it can carry no markup of its own.
use crate::i18n::Locale;
use crate::kernel::text::escape_html as escape;
use chrono::{DateTime, Duration, Utc};

/// Attempts before a mail counts as failed (about four hours of retries).
pub const MAX_ATTEMPTS: i32 = 8;

/// How long a server holds a claimed mail: twice as long as a delivery may take
/// ([`SEND_SECONDS`]), so a claim never runs out while its mail is being sent.
pub const CLAIM_SECONDS: i64 = 120;

/// The worker gives up on one delivery after this long (and tries again later).
pub const SEND_SECONDS: u64 = 60;
const _: () = assert!(CLAIM_SECONDS >= 2 * SEND_SECONDS as i64);

/// The pause after the `attempts`-th failed attempt: 1, 2, 4 … minutes, doubling;
/// `None` once the mail has had all its attempts and counts as failed.
pub fn retry_delay(attempts: i32) -> Option<Duration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = attempts.clamp(1, MAX_ATTEMPTS) - 1;
    Some(Duration::minutes(1i64 << doublings))
}

/// The `Message-ID` of an outbox row: the same for every attempt to send it, and
/// different for every row, also across databases (the row's creation instant).
pub fn message_id(outbox_id: i64, created_at: DateTime<Utc>, domain: &str) -> String {
    format!(
        "<treffpunkt.{outbox_id}.{}@{domain}>",
        created_at.timestamp()
    )
}

/// The HTML part of a mail: its plain text, escaped, in paragraphs, in the
/// recipient's language and writing direction.
pub fn html_body(locale: Locale, subject: &str, text: &str) -> String {
    let paragraphs: String = text
        .trim()
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let lines: Vec<String> = p.trim().lines().map(escape).collect();
            format!("<p>{}</p>\n", lines.join("<br>\n"))
        })
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"{}\" dir=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em\">\n{paragraphs}</body>\n</html>\n",
        locale.code(),
        locale.dir(),
        escape(subject)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_until_the_last_attempt() {
        let minutes: Vec<i64> = (1..MAX_ATTEMPTS)
            .map(|n| retry_delay(n).expect("a retry").num_minutes())
            .collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 64]);
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
        assert_eq!(retry_delay(MAX_ATTEMPTS + 3), None);
        assert_eq!(retry_delay(0), Some(Duration::minutes(1)));
    }

    #[test]
    fn message_ids_are_stable_and_distinct() {
        let at = DateTime::parse_from_rfc3339("2026-12-06T10:00:00Z")
            .expect("instant")
            .with_timezone(&Utc);
        let id = message_id(42, at, "example.org");
        assert_eq!(id, message_id(42, at, "example.org"));
        assert_eq!(id, "<treffpunkt.42.1796551200@example.org>");
        assert_ne!(id, message_id(43, at, "example.org"));
        assert_ne!(id, message_id(42, at + Duration::seconds(1), "example.org"));
    }

    #[test]
    fn the_html_part_escapes_markup_and_keeps_paragraphs() {
        let html = html_body(
            Locale::Ar,
            "Kurs <b>",
            "Hallo,\n\n<script>alert(1)</script> & \"x\"\nZeile 2\n",
        );
        assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
        assert!(html.contains("<title>Kurs &lt;b&gt;</title>"), "{html}");
        assert!(html.contains("<p>Hallo,</p>"), "{html}");
        assert!(
            html.contains(
                "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;<br>\nZeile 2</p>"
            ),
            "{html}"
        );
        assert!(!html.contains("<script>"));
    }
}
