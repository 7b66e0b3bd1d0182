//! Writes every area makes inside its own transaction: a line in the audit log,
//! and the claim of a daily job.
//! (A mail for the outbox is queued by `outbox::store`.)
use super::{StoreResult, Tx};
use crate::args;
use chrono::NaiveDate;

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

    /// Claims `job` for `day` inside this transaction: true for the first
    /// claim of the day on any server (a second waits for the first to commit
    /// or roll back, then finds the row or takes it).
    pub async fn claim_daily_job(&mut self, job: &str, day: NaiveDate) -> StoreResult<bool> {
        let claimed = self
            .execute(
                "insert into job_run (job, run_on) values ($1, $2) on conflict do nothing",
                args![job, crate::i18n::machine_date(day)],
            )
            .await?;
        Ok(claimed == 1)
    }
}
