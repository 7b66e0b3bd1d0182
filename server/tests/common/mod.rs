//! What the HTTP test files share: a real server on a real socket over a fresh
//! database, and a browser-like client.
#![allow(dead_code)]
use app::calendar::rules::SeriesDetails;
use app::db::testing::TestDb;
use app::series::recurrence::Series;
use chrono::{Duration, NaiveDate};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue, ORIGIN};
use serde_json::Value;
use server::config::{Config, leptos_options};
use std::collections::BTreeSet;

fn server_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime")
    })
}

/// Runs a test's body on the runtime the test servers share. Clients, servers and
/// databases then live in one runtime: a test body on a runtime of its own, next to
/// servers on another, now and then waited for ever on a request (about one run of
/// the calendar tests in 70).
pub fn run<F: std::future::Future>(body: F) -> F::Output {
    server_runtime().block_on(body)
}

pub const ORGANISER: &str = "organisation@example.org";
pub const RESIDENT: &str = "nachbarschaft@example.org";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub test_db: TestDb,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_on(TestDb::sqlite().await, true).await
    }

    pub async fn spawn_on(test_db: TestDb, demo: bool) -> Self {
        Self::spawn_with_mail(test_db, demo, None).await
    }

    pub async fn spawn_with_mail(test_db: TestDb, demo: bool, smtp_url: Option<String>) -> Self {
        Self::spawn_with(test_db, demo, smtp_url, |_| {}).await
    }

    /// A server whose configuration `adjust` changes before it starts.
    pub async fn spawn_with(
        test_db: TestDb,
        demo: bool,
        smtp_url: Option<String>,
        adjust: impl FnOnce(&mut Config),
    ) -> Self {
        // `RUST_LOG=…` shows the servers' logs, for a test that fails or waits.
        if std::env::var_os("RUST_LOG").is_some() {
            server::telemetry::init();
        }
        // Bound first: the server's public URL, which its links and its Origin
        // check use, is the address it listens on.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let mut config = Config {
            demo,
            database_url: test_db.url.clone(),
            public_url: base.clone(),
            page_cache: std::time::Duration::from_secs(30),
            trusted_proxy: None,
            mail_from: smtp_url
                .as_ref()
                .map(|_| "Treffpunkt <haus@example.org>".to_owned()),
            smtp_url,
            mail_poll: std::time::Duration::from_millis(100),
            retention_days: 183,
            leptos: leptos_options().expect("Leptos options"),
        };
        adjust(&mut config);
        // Every test server runs on one runtime that lives as long as the test
        // process: a server started on a test's own runtime could be left with
        // work on a runtime that an earlier, finished test already shut down.
        let (ready, prepared) = tokio::sync::oneshot::channel();
        server_runtime().spawn(async move {
            let (router, _db) = server::prepare(&config).await.expect("prepare the app");
            let _ = ready.send(());
            server::serve(listener, router).await
        });
        prepared.await.expect("server started");
        let client = client_for(&base);
        Self {
            base,
            client,
            test_db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn call(&self, function: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{function}")))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn login(&self, email: &str, password: &str) -> StatusCode {
        self.call(
            "accounts/login",
            &[("email", email), ("password", password)],
        )
        .await
        .status()
    }

    /// Titles of the public dates in 2030, the year the tests plan in.
    pub async fn upcoming_titles(&self) -> Vec<String> {
        let response = self
            .client
            .get(self.url("/api/v1/events?from=2030-01-01&to=2030-12-31"))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.expect("json");
        body["events"]
            .as_array()
            .map(|events| {
                events
                    .iter()
                    .map(|e| e["title"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub async fn first_room_and_category(&self) -> (String, String) {
        let options: Value = self
            .call("calendar/create_form_choices", &[])
            .await
            .json()
            .await
            .expect("json");
        let room = options["rooms"][0]["id"]
            .as_i64()
            .expect("a room")
            .to_string();
        let category = options["categories"][0]["id"]
            .as_i64()
            .expect("a category")
            .to_string();
        (room, category)
    }
}

/// A browser-like client: keeps cookies and names this site as the Origin of its writes.
pub fn client_for(base: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(ORIGIN, HeaderValue::from_str(base).expect("origin"));
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Today, by the one clock the servers use too (`TREFFPUNKT_CLOCK` sets it).
pub fn today() -> NaiveDate {
    app::kernel::clock::today()
}

/// The first day from `days` days ahead that begins six weeks of weekly dates on
/// which the demo house is open and that are no public holidays, so that neither
/// a date nor a short weekly series created there is skipped, whatever the day.
pub fn open_day(days: i64) -> NaiveDate {
    let mut day = today() + Duration::days(days);
    loop {
        let open = |week: i64| {
            let date = day + Duration::weeks(week);
            app::demo::next_open_day(date) == date
        };
        if (0..6).all(open) {
            return day;
        }
        day += Duration::days(1);
    }
}

/// A date with `seats` seats, a week ahead, directly in the store.
pub async fn course(app: &TestApp, seats: i32) -> i64 {
    course_with(app, "Kochkurs", seats).await
}

/// A date like [`course`] with five seats and the given title, stored as it is
/// (the store does not judge titles; the server functions do).
pub async fn course_titled(app: &TestApp, title: &str) -> i64 {
    course_with(app, title, 5).await
}

async fn course_with(app: &TestApp, title: &str, seats: i32) -> i64 {
    let db = &app.test_db.db;
    let room = db.rooms().await.expect("rooms")[0].room_id;
    let category = db.categories().await.expect("categories")[0].category_id;
    let mut details = SeriesDetails::simple(title, "", category, room);
    details.seats = Some(seats);
    let start = open_day(9);
    let series = Series {
        first_start: start.and_hms_opt(6, 0, 0).expect("time"),
        duration_minutes: 60,
        rule: None,
        exceptions: BTreeSet::new(),
        restored: BTreeSet::new(),
        skip_public_holidays: false,
        skip_school_holidays: false,
    };
    db.create_series(&details, &series, None, today())
        .await
        .expect("course")
        .first_occurrence_id
}

/// A client signed in as one of the demo accounts (password `DEMO_PASSWORD`).
pub async fn signed_in(base: &str, email: &str) -> reqwest::Client {
    let client = client_for(base);
    let response = client
        .post(format!("{base}/api/accounts/login"))
        .form(&[("email", email), ("password", app::demo::DEMO_PASSWORD)])
        .send()
        .await
        .expect("login");
    assert!(response.status().is_success(), "login {email}");
    client
}

pub async fn signed_up(app: &TestApp, email: &str) -> reqwest::Client {
    let client = client_for(&app.base);
    let response = client
        .post(app.url("/api/accounts/signup"))
        .form(&[
            ("email", email),
            ("display_name", "Test Person"),
            ("password", "ein-langes-passwort"),
        ])
        .send()
        .await
        .expect("signup");
    assert!(response.status().is_success() || response.status().is_redirection());
    client
}

pub async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    function: &str,
    id: i64,
) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/calendar/{function}")))
        .form(&[("occurrence_id", id.to_string())])
        .send()
        .await
        .expect("request")
}

/// The built `treffpunkt` binary, serving on a free port until dropped: with
/// another one (or a test server), two processes that share only the database.
pub struct ServerProcess {
    pub child: std::process::Child,
    pub base: String,
}

impl ServerProcess {
    pub async fn start(database_url: &str) -> Self {
        Self::start_with(database_url, &[]).await
    }

    /// A server process with more environment, set after (and so over) the usual.
    pub async fn start_with(database_url: &str, env: &[(&str, String)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("free port")
            .local_addr()
            .expect("addr")
            .port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_treffpunkt"))
            .env("DATABASE_URL", database_url)
            // The same clock as the servers in this process, to the millisecond.
            .env(
                app::kernel::clock::OFFSET_VAR,
                app::kernel::clock::offset_ms().to_string(),
            )
            .env("TREFFPUNKT_MODE", "demo")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("RUST_LOG", "warn")
            .envs(env.iter().map(|(name, value)| (*name, value.as_str())))
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start the server binary");
        let base = format!("http://127.0.0.1:{port}");
        let process = Self { child, base };
        for _ in 0..200 {
            if let Ok(r) = reqwest::get(format!("{}/healthz", process.base)).await
                && r.status() == StatusCode::OK
            {
                return process;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the server process did not become healthy");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

/// The Python with icalendar, recurring_ical_events and aiosmtpd that `.ci/dev test`
/// installs; outside CI a missing one skips these checks with a message.
pub fn python() -> Option<std::path::PathBuf> {
    use std::path::PathBuf;
    let path = std::env::var_os("TREFFPUNKT_PYTHON").map_or_else(
        || {
            let home = std::env::var_os("HOME").unwrap_or_default();
            PathBuf::from(home).join(".cache/treffpunkt-tools/venv/bin/python")
        },
        PathBuf::from,
    );
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI needs the Python checkers at {}",
        path.display()
    );
    eprintln!("skipped: no Python checkers at {}", path.display());
    None
}

/// A helper script of the interop tests.
pub fn interop(script: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop")
        .join(script)
}

/// A real SMTP server (aiosmtpd) on a free port: the process (it stops when
/// dropped), the directory where it stores each mail it accepts, and its
/// `smtp://` address. `None` (skipped) without the Python checkers outside CI.
pub async fn smtp_sink() -> Option<(tokio::process::Child, tempfile::TempDir, String)> {
    use tokio::io::AsyncBufReadExt;
    let python = python()?;
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        listener.local_addr().expect("address").port()
    };
    let inbox = tempfile::tempdir().expect("inbox");
    let mut sink = tokio::process::Command::new(python)
        .arg(interop("smtp_sink.py"))
        .arg(port.to_string())
        .arg(inbox.path())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start the SMTP server");
    let stdout = sink.stdout.take().expect("stdout");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let ready = lines.next_line().await.expect("read").unwrap_or_default();
    assert_eq!(ready, "ready");
    Some((sink, inbox, format!("smtp://127.0.0.1:{port}")))
}
