//! Writes every area makes inside its own transaction: a line in the audit log.
//! (A mail for the outbox is queued by `outbox::store`.)
use super::{StoreResult, Tx};
use crate::args;

impl Tx {
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
