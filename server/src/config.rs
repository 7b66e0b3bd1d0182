//! Configuration from environment variables; the README lists them with their defaults.
use leptos::prelude::LeptosOptions;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    /// `TREFFPUNKT_MODE=demo` seeds the demo house into an empty database.
    pub demo: bool,
    /// `DATABASE_URL`: `sqlite:…` (default: a file in the data directory) or `postgres://…`.
    pub database_url: String,
    /// `TREFFPUNKT_PUBLIC_URL`, e.g. `https://treffpunkt.example.org`: the address
    /// people use, for every absolute link and the Origin check of writes. Required
    /// in production; demo mode uses the listen address. With `https` cookies are
    /// `Secure` and browsers are told to stay on HTTPS.
    pub public_url: String,
    /// `TREFFPUNKT_PAGE_CACHE_SECONDS` (default 1, 0 turns it off): how long an
    /// anonymous page may be served from this server's cache (see `page_cache`).
    pub page_cache: Duration,
    /// `TREFFPUNKT_TRUSTED_PROXY`, e.g. `127.0.0.1`: the reverse proxy in front of
    /// this server. Only for connections from it is the client taken from the
    /// last `X-Forwarded-For` entry (the one the proxy wrote), for the login limits.
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// `TREFFPUNKT_SMTP_URL`, e.g. `smtp://127.0.0.1:25` or `smtps://user:password@mail.example.org`.
    pub smtp_url: Option<String>,
    /// `TREFFPUNKT_MAIL_FROM`: the sender of every mail (required with SMTP outside demo mode).
    pub mail_from: Option<String>,
    /// `TREFFPUNKT_MAIL_POLL_MS` (default 2000): how often the outbox is checked.
    pub mail_poll: Duration,
    /// `TREFFPUNKT_RETENTION_DAYS` (default 183): how long the personal data of
    /// declined and withdrawn offers is kept.
    pub retention_days: i64,
    pub leptos: LeptosOptions,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let mode = std::env::var("TREFFPUNKT_MODE").unwrap_or_else(|_| "production".to_owned());
        let demo = match mode.as_str() {
            "demo" => true,
            "production" => false,
            other => {
                return Err(format!(
                    "TREFFPUNKT_MODE must be demo or production, not {other:?}"
                ));
            }
        };
        let database_url = database_url_from_env()?;
        let leptos = leptos_options()?;
        let public_url = match non_empty("TREFFPUNKT_PUBLIC_URL") {
            Some(url) => parse_public_url(&url)?,
            None if demo => listen_url(leptos.site_addr),
            None => {
                return Err("TREFFPUNKT_PUBLIC_URL is required in production, e.g. https://treffpunkt.example.org".to_owned());
            }
        };
        if let Some(start) = app::kernel::clock::from_env()? {
            // Sessions, login limits and the mail worker run on this clock: a
            // production server must keep the real one.
            if !demo {
                return Err(format!(
                    "{} is for demos and tests; production runs on the real time",
                    app::kernel::clock::CLOCK_VAR
                ));
            }
            tracing::warn!(%start, "the clock is set by {}", app::kernel::clock::CLOCK_VAR);
        }
        let trusted_proxy = match non_empty("TREFFPUNKT_TRUSTED_PROXY") {
            Some(ip) => Some(ip.trim().parse().map_err(|_| {
                format!("TREFFPUNKT_TRUSTED_PROXY must be an IP address, not {ip:?}")
            })?),
            None => None,
        };
        let page_cache = match std::env::var("TREFFPUNKT_PAGE_CACHE_SECONDS") {
            Ok(value) => value
                .parse::<f64>()
                .ok()
                .filter(|s| (0.0..=3600.0).contains(s))
                .map(Duration::from_secs_f64)
                .ok_or_else(|| {
                    format!(
                        "TREFFPUNKT_PAGE_CACHE_SECONDS must be 0 to 3600 seconds, not {value:?}"
                    )
                })?,
            Err(_) => Duration::from_secs(1),
        };
        let smtp_url = non_empty("TREFFPUNKT_SMTP_URL");
        let mail_from = non_empty("TREFFPUNKT_MAIL_FROM");
        if smtp_url.is_some() && mail_from.is_none() && !demo {
            return Err(
                "TREFFPUNKT_MAIL_FROM is required when TREFFPUNKT_SMTP_URL is set".to_owned(),
            );
        }
        let mail_poll = match std::env::var("TREFFPUNKT_MAIL_POLL_MS") {
            Ok(value) => value
                .parse::<u64>()
                .ok()
                .filter(|ms| (50..=3_600_000).contains(ms))
                .map(Duration::from_millis)
                .ok_or_else(|| {
                    format!("TREFFPUNKT_MAIL_POLL_MS must be 50 to 3600000, not {value:?}")
                })?,
            Err(_) => Duration::from_secs(2),
        };
        let retention_days = match std::env::var("TREFFPUNKT_RETENTION_DAYS") {
            Ok(value) => value
                .parse::<i64>()
                .ok()
                .filter(|days| (1..=3650).contains(days))
                .ok_or_else(|| {
                    format!("TREFFPUNKT_RETENTION_DAYS must be 1 to 3650, not {value:?}")
                })?,
            Err(_) => 183,
        };
        Ok(Self {
            demo,
            database_url,
            public_url,
            page_cache,
            trusted_proxy,
            smtp_url,
            mail_from,
            mail_poll,
            retention_days,
            leptos,
        })
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// `http(s)://host[:port]` with an optional path, without a trailing slash.
pub fn parse_public_url(url: &str) -> Result<String, String> {
    let url = url.trim().trim_end_matches('/');
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .map(|rest| rest.split('/').next().unwrap_or_default());
    match host {
        Some(host)
            if !host.is_empty()
                && !url.chars().any(|c| {
                    c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>')
                })
                && host.chars().all(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')
                }) =>
        {
            Ok(url.to_owned())
        }
        _ => Err(format!(
            "TREFFPUNKT_PUBLIC_URL must be like https://treffpunkt.example.org, not {url:?}"
        )),
    }
}

/// The address a demo serves on, as a URL; a wildcard address means this machine.
pub fn listen_url(addr: std::net::SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() {
        std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)
    } else {
        addr.ip()
    };
    format!("http://{}", std::net::SocketAddr::new(ip, addr.port()))
}

/// `DATABASE_URL`, or a SQLite file in `TREFFPUNKT_DATA_DIR` (created if missing).
pub fn database_url_from_env() -> Result<String, String> {
    if let Some(url) = non_empty("DATABASE_URL") {
        return Ok(url);
    }
    let data_dir =
        PathBuf::from(std::env::var("TREFFPUNKT_DATA_DIR").unwrap_or_else(|_| "data".to_owned()));
    std::fs::create_dir_all(&data_dir).map_err(|e| {
        format!(
            "cannot create the data directory {}: {e}",
            data_dir.display()
        )
    })?;
    Ok(format!(
        "sqlite://{}/treffpunkt.sqlite3",
        data_dir.display()
    ))
}

fn non_empty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Leptos's own settings (`LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT`, …), which
/// cargo-leptos sets; outside it the defaults match `Cargo.toml`.
pub fn leptos_options() -> Result<LeptosOptions, String> {
    let mut options = leptos::prelude::get_configuration(None)
        .map_err(|e| format!("invalid Leptos configuration: {e}"))?
        .leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "treffpunkt".into();
    }
    Ok(options)
}
