//! The admin's server functions. Every one checks the admin role on the server.
use crate::kernel::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A mail that had all its attempts, as the admin page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedMailView {
    pub outbox_id: i64,
    pub recipient: String,
    pub subject: String,
    pub attempts: i32,
    pub last_error: String,
    pub failed_at: chrono::DateTime<chrono::Utc>,
}

/// The mails that could not be delivered, newest failure first (admins only).
#[server(endpoint = "admin/failed_mails")]
pub async fn failed_mails() -> Result<Vec<FailedMailView>, AppError> {
    use crate::accounts::permissions::can_administer;
    use crate::kernel::request::{db, set_page_status};
    let result = async {
        crate::accounts::api::ssr::require(can_administer).await?;
        let mails = db()?.failed_mails().await?;
        Ok(mails
            .into_iter()
            .map(|m| FailedMailView {
                outbox_id: m.outbox_id,
                recipient: m.recipient,
                subject: m.subject,
                attempts: m.attempts,
                last_error: m.last_error.unwrap_or_default(),
                failed_at: m.failed_at,
            })
            .collect())
    }
    .await;
    if let Err(err) = &result {
        set_page_status(err);
    }
    result
}

/// Gives a failed mail a fresh set of attempts (admins only); answers its recipient.
#[server(endpoint = "admin/retry_mail")]
pub async fn retry_mail(outbox_id: String) -> Result<String, AppError> {
    use crate::accounts::permissions::can_administer;
    use crate::kernel::request::{db, respond};
    use crate::series::api::ssr::parse_id;
    respond(
        async {
            let admin = crate::accounts::api::ssr::require(can_administer).await?;
            let id = parse_id(&outbox_id)?;
            let recipient = db()?.retry_failed_mail(id).await?;
            tracing::info!(
                outbox_id = id,
                by = admin.account_id,
                "failed mail queued again"
            );
            Ok(recipient)
        }
        .await,
    )
}
