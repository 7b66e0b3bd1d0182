//! The outbox worker: sends the e-mails that changes wrote to the outbox, by SMTP,
//! or in demo mode without SMTP to the log. Any server may send any mail; it
//! claims one at a time (see `app::outbox`), so two servers never send the same.
use app::db::Db;
use app::outbox::rules::{SEND_SECONDS, html_body, message_id};
use app::outbox::store::OutboxMail;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: Box<AsyncSmtpTransport<Tokio1Executor>>,
        from: Mailbox,
    },
    /// Demo mode without SMTP: the mail is written to the log and counts as sent.
    Log,
    /// Production without SMTP: mails wait in the outbox until SMTP is configured.
    Hold,
}

impl Mailer {
    /// `smtp://host:port` (plain, for a relay on the same host), `smtp://host:587?tls=required`
    /// (STARTTLS) or `smtps://user:password@host:465`.
    pub fn smtp(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("TREFFPUNKT_SMTP_URL is not a valid SMTP address: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("TREFFPUNKT_MAIL_FROM is not a valid sender: {e}"))?;
        Ok(Self::Smtp {
            transport: Box::new(transport),
            from,
        })
    }

    /// Hands one mail over. An error says whether trying again can help: a
    /// refused recipient (SMTP 5xx) stays refused, a connection may come back.
    async fn send(&self, mail: &OutboxMail) -> Result<(), SendError> {
        match self {
            Self::Smtp { transport, from } => {
                let to = mail
                    .recipient
                    .parse::<Mailbox>()
                    .map_err(|e| SendError::permanent(format!("bad recipient: {e}")))?;
                let domain = from.email.domain().to_owned();
                let html = html_body(mail.locale(), &mail.subject, &mail.body);
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(&mail.subject)
                    .message_id(Some(message_id(mail.outbox_id, mail.created_at, &domain)))
                    .multipart(MultiPart::alternative_plain_html(mail.body.clone(), html))
                    .map_err(|e| SendError::permanent(format!("cannot build the message: {e}")))?;
                // Bounded, so the claim (twice as long) outlives every attempt.
                let sending = transport.send(message);
                match tokio::time::timeout(Duration::from_secs(SEND_SECONDS), sending).await {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(SendError {
                        permanent: e.is_permanent(),
                        text: format!("SMTP failed: {e}"),
                    }),
                    Err(_) => Err(SendError {
                        permanent: false,
                        text: format!("SMTP took longer than {SEND_SECONDS} s"),
                    }),
                }
            }
            Self::Log => {
                tracing::info!(to = %mail.recipient, subject = %mail.subject, body = %mail.body, "mail (demo mode, not sent)");
                Ok(())
            }
            Self::Hold => Err(SendError {
                permanent: false,
                text: "no SMTP server configured".to_owned(),
            }),
        }
    }
}

struct SendError {
    permanent: bool,
    text: String,
}

impl SendError {
    fn permanent(text: String) -> Self {
        Self {
            permanent: true,
            text,
        }
    }
}

/// Sends due mails, one claim at a time, until none is due; returns how many went out.
pub async fn deliver_due(db: &Db, mailer: &Mailer) -> usize {
    if matches!(mailer, Mailer::Hold) {
        return 0;
    }
    let mut sent = 0;
    loop {
        let mail = match db.claim_next_mail(app::kernel::clock::now()).await {
            Ok(Some(mail)) => mail,
            Ok(None) => return sent,
            Err(err) => {
                tracing::error!(error = %err, "cannot read the outbox");
                return sent;
            }
        };
        let outcome = match mailer.send(&mail).await {
            Ok(()) => db
                .mark_mail_sent(mail.outbox_id, app::kernel::clock::now())
                .await
                .map(|()| sent += 1),
            Err(err) => {
                tracing::warn!(outbox_id = mail.outbox_id, attempt = mail.attempts, permanent = err.permanent, error = %err.text, "mail not sent");
                db.mark_mail_failed(&mail, &err.text, err.permanent, app::kernel::clock::now())
                    .await
            }
        };
        if let Err(err) = outcome {
            tracing::error!(error = %err, "cannot update the outbox");
            return sent;
        }
    }
}

/// Mails one process sends at once. lettre 0.11.23 writes the end of a mail's
/// DATA as a write of its own with Nagle's algorithm on, so each mail waits for
/// the SMTP server's delayed ACK (about 40 ms): one sender alone manages about
/// 20 mails a second. Each sender claims its own mail, so none is sent twice.
pub const SENDERS: usize = 8;

/// Sends every due mail with [`SENDERS`] senders at once; returns how many went out.
pub async fn deliver_all(db: &Db, mailer: &Mailer) -> usize {
    let mut senders = tokio::task::JoinSet::new();
    for _ in 0..SENDERS {
        let (db, mailer) = (db.clone(), mailer.clone());
        senders.spawn(async move { deliver_due(&db, &mailer).await });
    }
    let mut sent = 0;
    while let Some(result) = senders.join_next().await {
        match result {
            Ok(n) => sent += n,
            Err(err) => tracing::error!(error = %err, "a mail sender stopped"),
        }
    }
    sent
}

/// Polls the outbox and keeps the series horizon moving, until the process ends.
pub fn spawn_workers(db: Db, mailer: Mailer, poll: Duration) {
    let mail_db = db.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(poll);
        loop {
            tick.tick().await;
            deliver_all(&mail_db, &mailer).await;
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(6 * 3600));
        loop {
            tick.tick().await;
            let today = app::calendar::api::ssr::today();
            match db.extend_horizons(today).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(dates = n, "stored new dates of recurring series"),
                Err(err) => tracing::error!(error = %err, "cannot extend the series horizon"),
            }
        }
    });
}
