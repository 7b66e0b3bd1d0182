//! The outbox worker: sends the e-mails that changes wrote to the outbox, by SMTP,
//! or in demo mode without SMTP to the log. Any server may send any mail; a claim
//! in the database keeps two servers from sending the same one.
use app::db::Db;
use app::registrations::store::OutboxMail;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
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

    async fn send(&self, mail: &OutboxMail) -> Result<bool, String> {
        match self {
            Self::Smtp { transport, from } => {
                let to = mail
                    .recipient
                    .parse::<Mailbox>()
                    .map_err(|e| format!("bad recipient: {e}"))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(&mail.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.body.clone())
                    .map_err(|e| format!("cannot build the message: {e}"))?;
                transport
                    .send(message)
                    .await
                    .map_err(|e| format!("SMTP failed: {e}"))?;
                Ok(true)
            }
            Self::Log => {
                tracing::info!(to = %mail.recipient, subject = %mail.subject, body = %mail.body, "mail (demo mode, not sent)");
                Ok(true)
            }
            Self::Hold => Ok(false),
        }
    }
}

/// Sends what is due once; returns how many mails went out.
pub async fn deliver_due(db: &Db, mailer: &Mailer) -> usize {
    if matches!(mailer, Mailer::Hold) {
        return 0;
    }
    let mails = match db.claim_mails(20).await {
        Ok(mails) => mails,
        Err(err) => {
            tracing::error!(error = %err, "cannot read the outbox");
            return 0;
        }
    };
    let mut sent = 0;
    for mail in mails {
        let outcome = match mailer.send(&mail).await {
            Ok(true) => db.mark_mail_sent(mail.outbox_id).await.map(|()| sent += 1),
            Ok(false) => Ok(()),
            Err(err) => {
                tracing::warn!(outbox_id = mail.outbox_id, error = %err, "mail not sent; will retry");
                db.mark_mail_failed(mail.outbox_id, &err).await
            }
        };
        if let Err(err) = outcome {
            tracing::error!(error = %err, "cannot update the outbox");
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
            deliver_due(&mail_db, &mailer).await;
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
