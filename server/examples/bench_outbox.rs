//! The outbox's benchmark: how many mails a second reach the SMTP server.
//!
//!   bench_outbox run DATABASE_URL N                queues N mails and waits until the
//!                                                  running servers have sent them all
//!   bench_outbox here DATABASE_URL SMTP_URL N      queues N mails and sends them from
//!                                                  this process (`deliver_all`)
use app::db::Db;
use app::i18n::Locale;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["run", url, n] => run(url, count(n)?, None).await,
        ["here", url, smtp, n] => run(url, count(n)?, Some(smtp)).await,
        _ => Err("usage: bench_outbox run DATABASE_URL N | here DATABASE_URL SMTP_URL N".into()),
    }
}

fn count(text: &str) -> Result<usize, String> {
    text.parse().map_err(|_| format!("not a number: {text}"))
}

async fn run(url: &str, n: usize, smtp: Option<&str>) -> Result<(), String> {
    let db = Db::connect(url).await.map_err(|e| e.to_string())?;
    let fail = |e: app::db::StoreError| e.to_string();
    let mut tx = db.begin_write().await.map_err(fail)?;
    for i in 0..n {
        tx.queue_mail(
            &format!("person{i}@example.org"),
            Locale::De,
            &format!("Nachricht {i}"),
            "Guten Tag,\n\nbis bald.\n",
        )
        .await
        .map_err(fail)?;
    }
    tx.commit().await.map_err(fail)?;
    let start = Instant::now();
    if let Some(smtp) = smtp {
        let mailer = server::mail::Mailer::smtp(smtp, "Treffpunkt <haus@example.org>")?;
        server::mail::deliver_all(&db, &mailer).await;
    }
    while !db.unsent_mails().await.map_err(fail)?.is_empty() {
        if start.elapsed() > Duration::from_secs(600) {
            return Err("not all mails were sent within 10 minutes".into());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{n} mails in {seconds:.2} s: {:.0} mails/s",
        n as f64 / seconds
    );
    Ok(())
}
