//! Telling every open planner that the plan changed. A saved move is published
//! once it is committed: on SQLite to this process's planners; on PostgreSQL
//! through `NOTIFY` in the move's transaction, which every server process
//! (this one included) hears with `LISTEN` and passes on to its planners.
use crate::db::Db;
use std::sync::OnceLock;
use tokio::sync::broadcast;

/// The PostgreSQL channel the servers listen on.
pub const CHANNEL: &str = "treffpunkt_planner";

/// One committed change: its row in `planner_change`, the date and its new version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanChanged {
    pub change_id: i64,
    pub occurrence_id: i64,
    pub version: i64,
}

impl PlanChanged {
    /// `change_id,occurrence_id,version`: the NOTIFY payload and the event's data.
    pub fn payload(&self) -> String {
        format!("{},{},{}", self.change_id, self.occurrence_id, self.version)
    }

    pub fn parse(payload: &str) -> Option<Self> {
        let mut parts = payload.split(',').map(|p| p.trim().parse::<i64>().ok());
        Some(Self {
            change_id: parts.next()??,
            occurrence_id: parts.next()??,
            version: parts.next()??,
        })
    }
}

fn sender() -> &'static broadcast::Sender<PlanChanged> {
    static SENDER: OnceLock<broadcast::Sender<PlanChanged>> = OnceLock::new();
    SENDER.get_or_init(|| broadcast::channel(1024).0)
}

/// The changes from now on, for one open planner.
pub fn subscribe() -> broadcast::Receiver<PlanChanged> {
    sender().subscribe()
}

/// Passes a committed change on to this process's planners.
pub fn publish(change: PlanChanged) {
    // Nobody listening is fine: no planner is open.
    let _ = sender().send(change);
}

/// On PostgreSQL, hears every server's changes and passes them on, listening
/// again after a lost connection. On SQLite there is one process: nothing to hear.
pub fn listen(db: &Db) {
    let Db::Postgres(pool) = db else {
        return;
    };
    let pool = pool.clone();
    tokio::spawn(async move {
        loop {
            match sqlx::postgres::PgListener::connect_with(&pool).await {
                Ok(mut listener) => {
                    if let Err(err) = listener.listen(CHANNEL).await {
                        tracing::warn!(error = %err, "cannot listen for planner changes");
                    } else {
                        while let Ok(note) = listener.recv().await {
                            if let Some(change) = PlanChanged::parse(note.payload()) {
                                publish(change);
                            }
                        }
                    }
                }
                Err(err) => tracing::warn!(error = %err, "cannot connect to hear planner changes"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payload_reads_back_and_junk_is_ignored() {
        let change = PlanChanged {
            change_id: 7,
            occurrence_id: 42,
            version: 3,
        };
        assert_eq!(PlanChanged::parse(&change.payload()), Some(change));
        assert_eq!(PlanChanged::parse("7,42"), None);
        assert_eq!(PlanChanged::parse("a,b,c"), None);
    }
}
