//! The outbox with whole server processes and a real SMTP server (aiosmtpd):
//! two processes on one PostgreSQL deliver 500 queued mails, each received
//! once; a process killed in the middle of delivery loses none, and after a
//! restart at most the mails that were in flight (one per sender) arrive twice,
//! with the same `Message-ID`.
mod common;

use app::db::Db;
use app::db::testing::TestDb;
use app::i18n::Locale;
use app::outbox::rules::{CLAIM_SECONDS, message_id};
use common::{ServerProcess, run, smtp_sink};
use server::mail::SENDERS;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

async fn queue(db: &Db, count: usize) -> BTreeSet<String> {
    let mut tx = db.begin_write().await.expect("begin");
    for i in 0..count {
        tx.queue_mail(
            &format!("person{i}@example.org"),
            Locale::De,
            &format!("Nachricht {i}"),
            "Guten Tag,\n\nbis bald.\n",
        )
        .await
        .expect("queue");
    }
    tx.commit().await.expect("commit");
    db.unsent_mails()
        .await
        .expect("outbox")
        .iter()
        .map(|m| message_id(m.outbox_id, m.created_at, "localhost"))
        .collect()
}

fn received(inbox: &Path) -> usize {
    std::fs::read_dir(inbox).expect("inbox").count()
}

/// How often each `Message-ID` arrived.
fn arrivals(inbox: &Path) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for entry in std::fs::read_dir(inbox).expect("inbox").flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("mail");
        let id = text
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("message-id")
                    .then(|| value.trim().to_owned())
            })
            .expect("a Message-ID");
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

/// A demo-mode server process that sends through `smtp`, its clock `ahead` of ours.
async fn sender(url: &str, smtp: &str, ahead: Duration) -> ServerProcess {
    let offset = app::kernel::clock::offset_ms() + i64::try_from(ahead.as_millis()).unwrap_or(0);
    ServerProcess::start_with(
        url,
        &[
            ("TREFFPUNKT_SMTP_URL", smtp.to_owned()),
            ("TREFFPUNKT_MAIL_POLL_MS", "50".to_owned()),
            (app::kernel::clock::OFFSET_VAR, offset.to_string()),
        ],
    )
    .await
}

async fn wait_until_sent(db: &Db, within: Duration) {
    let start = Instant::now();
    while !db.unsent_mails().await.expect("outbox").is_empty() {
        assert!(
            start.elapsed() < within,
            "the outbox was not emptied in {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[test]
fn two_processes_on_postgres_deliver_500_mails_each_once() {
    run(async {
        let Some(test) = TestDb::postgres().await else {
            return;
        };
        let Some((_sink, inbox, smtp)) = smtp_sink().await else {
            return;
        };
        // The first process seeds the demo house (which sends nothing).
        let first = sender(&test.url, &smtp, Duration::ZERO).await;
        let expected = queue(&test.db, 500).await;
        let second = sender(&test.url, &smtp, Duration::ZERO).await;
        wait_until_sent(&test.db, Duration::from_secs(120)).await;
        let counts = arrivals(inbox.path());
        assert_eq!(counts.len(), 500, "every mail arrived");
        assert!(counts.values().all(|n| *n == 1), "none twice");
        assert_eq!(
            counts.keys().cloned().collect::<BTreeSet<_>>(),
            expected,
            "each with its row's Message-ID"
        );
        drop(first);
        drop(second);
        test.cleanup().await;
    });
}

async fn killed_in_the_middle(test: TestDb) {
    let Some((_sink, inbox, smtp)) = smtp_sink().await else {
        return;
    };
    let first = sender(&test.url, &smtp, Duration::ZERO).await;
    let expected = queue(&test.db, 1000).await;
    let start = Instant::now();
    while received(inbox.path()) < 50 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "delivery started"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut first = first;
    first.child.kill().expect("kill -9");
    first.child.wait().expect("ended");
    let unsent = test.db.unsent_mails().await.expect("outbox").len();
    let arrived = received(inbox.path());
    assert!(unsent > 0, "killed while mails were still waiting");
    // A mail each sender had handed over but not yet marked sent counts twice here.
    assert!(
        (1000..=1000 + SENDERS).contains(&(arrived + unsent)),
        "nothing lost: {arrived} arrived and {unsent} wait"
    );
    // Restarted after the dead process's claim ran out: its clock is that far on.
    let ahead = Duration::from_secs(u64::try_from(CLAIM_SECONDS).unwrap_or(120) + 10);
    let restarted = sender(&test.url, &smtp, ahead).await;
    wait_until_sent(&test.db, Duration::from_secs(120)).await;
    let counts = arrivals(inbox.path());
    assert_eq!(
        counts.keys().cloned().collect::<BTreeSet<_>>(),
        expected,
        "every mail, with its row's Message-ID"
    );
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        twice.len() <= SENDERS && twice.iter().all(|(_, n)| **n == 2),
        "at most the mails in flight (one per sender) twice: {twice:?}"
    );
    drop(restarted);
    test.cleanup().await;
}

#[test]
fn a_killed_process_loses_no_mail_on_sqlite() {
    run(async { killed_in_the_middle(TestDb::sqlite().await).await });
}

#[test]
fn a_killed_process_loses_no_mail_on_postgres() {
    run(async {
        if let Some(test) = TestDb::postgres().await {
            killed_in_the_middle(test).await;
        }
    });
}
