//! Writes every area makes inside its own transaction: a mail for the outbox
//! (sent by the worker only once the change that caused it is committed) and
//! a line in the audit log.
use super::{StoreResult, Tx, instant, now};
use crate::args;

impl Tx {
    /// Queues a mail in the outbox, in this transaction.
    pub async fn queue_mail(
        &mut self,
        recipient: &str,
        subject: &str,
        body: &str,
    ) -> StoreResult<()> {
        self.execute(
            "insert into outbox (recipient, subject, body, created_at) values ($1, $2, $3, $4)",
            args![recipient, subject, body, instant(now())],
        )
        .await?;
        Ok(())
    }

    /// Records who (`None`: the system) did what to which subject (`series:12`, `occurrence:7`).
    pub async fn audit(&mut self, by: Option<i64>, action: &str, subject: &str) -> StoreResult<()> {
        self.execute(
            "insert into audit_log (account_id, action, subject) values ($1, $2, $3)",
            args![by, action, subject],
        )
        .await?;
        Ok(())
    }
}
