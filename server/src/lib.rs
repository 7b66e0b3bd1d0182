//! The Treffpunkt server: configuration, router, security, and the admin command line.
pub mod cli;
pub mod config;
pub mod feeds;
pub mod mail;
pub mod page_cache;
pub mod planner_events;
pub mod router;
pub mod security;
pub mod state;
pub mod telemetry;

use app::db::Db;
use app::kernel::request::AppContext;
use axum::serve::ListenerExt;
use config::Config;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Opens the database, seeds the demo house when asked to, and builds the router.
pub async fn prepare(config: &Config) -> Result<(axum::Router, Db), String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    if db.is_empty().await.map_err(|e| e.to_string())? {
        if config.demo {
            seed_demo(&db).await?;
        } else {
            tracing::warn!(
                "the database is empty; create the first admin with `treffpunkt admin create --email …`"
            );
        }
    }
    let today = app::calendar::api::ssr::today();
    db.extend_horizons(today)
        .await
        .map_err(|e| format!("cannot extend the series horizon: {e}"))?;
    let mailer = match (&config.smtp_url, config.demo) {
        (Some(url), _) => mail::Mailer::smtp(
            url,
            config
                .mail_from
                .as_deref()
                .unwrap_or("Treffpunkt <treffpunkt@localhost>"),
        )?,
        (None, true) => mail::Mailer::Log,
        (None, false) => {
            tracing::warn!("TREFFPUNKT_SMTP_URL is not set: e-mails wait in the outbox");
            mail::Mailer::Hold
        }
    };
    mail::spawn_workers(db.clone(), mailer, config.mail_poll);
    spawn_daily_jobs(db.clone(), config.retention_days, config.public_url.clone());
    app::planner::live::listen(&db);
    app::accounts::api::ssr::warm_up().await;
    let context = AppContext {
        db: db.clone(),
        secure_cookies: config.secure_cookies(),
        public_url: config.public_url.clone(),
        public: Arc::new(app::calendar::api::ssr::PublicData::new(config.page_cache)),
        trusted_proxy: config.trusted_proxy,
    };
    Ok((router::router(config, context), db))
}

async fn seed_demo(db: &Db) -> Result<(), String> {
    let hash = app::accounts::api::ssr::hash_password(app::demo::DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| e.to_string())?;
    app::demo::seed(db, &hash, app::kernel::clock::today())
        .await
        .map_err(|e| format!("cannot seed the demo house: {e}"))?;
    tracing::info!("seeded the demo house (Alte Körne Haus)");
    Ok(())
}

/// Serves until SIGTERM or Ctrl-C, then lets open requests finish.
pub async fn serve(listener: TcpListener, router: axum::Router) -> std::io::Result<()> {
    // Nagle's algorithm would hold back the streamed page's later segments until
    // the client's delayed ACK, about 40 ms per response.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing open requests");
}

/// Once an hour, whether today's retention run is due; the first server to
/// ask on a day does it (`Db::run_daily_retention`).
/// The daily jobs, tried every hour; whichever server comes first on a day does
/// each: retention, and the reminders for tomorrow's room bookings.
fn spawn_daily_jobs(db: Db, days: i64, site: String) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let today = app::calendar::api::ssr::today();
            match db
                .run_daily_retention(today, chrono::Duration::days(days))
                .await
            {
                Ok(Some(n)) => {
                    tracing::info!(offers = n, "forgot the personal data of closed offers")
                }
                Ok(None) => {}
                Err(err) => tracing::error!(error = %err, "the retention run failed"),
            }
            match db.send_booking_reminders(today, &site).await {
                Ok(Some(n)) => tracing::info!(reminders = n, "reminded tomorrow's room bookings"),
                Ok(None) => {}
                Err(err) => tracing::error!(error = %err, "the booking reminders failed"),
            }
        }
    });
}
