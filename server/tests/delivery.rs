//! What a browser receives: compressed pages, feeds and JSON; the built files as
//! their precompressed copies with long-lived caching; links that no request
//! header can change, not even in the page cache.
mod common;

use app::db::testing::TestDb;
use common::{TestApp, run};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, HOST};
use std::io::Read;

fn unbrotli(bytes: &[u8]) -> String {
    let mut text = String::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_string(&mut text)
        .expect("valid brotli");
    text
}

fn ungzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("valid gzip");
    text
}

async fn fetch(app: &TestApp, path: &str, encodings: &str) -> (Option<String>, Vec<u8>) {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .header(ACCEPT, "text/html,application/json,text/calendar,*/*")
        .header(ACCEPT_ENCODING, encodings)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let encoding = response
        .headers()
        .get(CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    (encoding, response.bytes().await.expect("body").to_vec())
}

#[test]
fn pages_feeds_and_json_arrive_compressed_when_the_browser_accepts_it() {
    run(async {
        let app = TestApp::spawn().await;
        // The month two weeks ahead has dates whatever the day.
        let month = format!("/calendar?view=month&date={}", common::open_day(14));
        for (path, marker) in [
            ("/", "class=\"event-card\""),
            (month.as_str(), "class=\"month__entry"),
            ("/feeds/calendar.ics", "BEGIN:VCALENDAR"),
            ("/api/v1/events", "\"events\""),
        ] {
            let (plain_encoding, plain) = fetch(&app, path, "identity").await;
            assert_eq!(plain_encoding, None, "{path}");
            let plain = String::from_utf8(plain).expect("utf-8");
            assert!(plain.contains(marker), "{path}");

            let (encoding, body) = fetch(&app, path, "br, gzip").await;
            assert_eq!(encoding.as_deref(), Some("br"), "{path}");
            assert!(
                body.len() * 3 < plain.len(),
                "{path}: {} of {} bytes",
                body.len(),
                plain.len()
            );
            assert!(unbrotli(&body).contains(marker), "{path}");

            let (encoding, body) = fetch(&app, path, "gzip").await;
            assert_eq!(encoding.as_deref(), Some("gzip"), "{path}");
            assert!(ungzip(&body).contains(marker), "{path}");
        }
        app.test_db.cleanup().await;
    });
}

/// A site root like the release build's: a hashed file with its brotli and gzip copies.
fn built_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("a directory");
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg");
    let js = "export function hydrate() { /* the app */ }\n".repeat(50);
    std::fs::write(pkg.join("treffpunkt.AbC123.js"), &js).expect("js");
    let mut br = Vec::new();
    brotli::BrotliCompress(&mut js.as_bytes(), &mut br, &Default::default()).expect("brotli");
    std::fs::write(pkg.join("treffpunkt.AbC123.js.br"), &br).expect("br");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, js.as_bytes()).expect("gzip");
    std::fs::write(
        pkg.join("treffpunkt.AbC123.js.gz"),
        gz.finish().expect("gzip"),
    )
    .expect("gz");
    site
}

#[test]
fn built_files_are_served_precompressed_and_cached_for_a_year() {
    run(async {
        let site = built_site();
        let root = site.path().display().to_string();
        let app = TestApp::spawn_with(TestDb::sqlite().await, true, None, |config| {
            config.leptos.site_root = root.into();
            config.leptos.hash_files = true;
        })
        .await;
        let path = "/pkg/treffpunkt.AbC123.js";
        let get = |encodings: &'static str| {
            reqwest::Client::new()
                .get(app.url(path))
                .header(ACCEPT_ENCODING, encodings)
                .send()
        };
        let br = get("gzip, br").await.expect("request");
        assert_eq!(br.status(), StatusCode::OK);
        assert_eq!(br.headers()[CONTENT_ENCODING], "br");
        assert_eq!(
            br.headers()[CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        let on_disk = std::fs::read(site.path().join("pkg/treffpunkt.AbC123.js.br")).expect("br");
        assert_eq!(
            br.bytes().await.expect("body").to_vec(),
            on_disk,
            "the build's own copy"
        );

        let gz = get("gzip").await.expect("request");
        assert_eq!(gz.headers()[CONTENT_ENCODING], "gzip");
        assert!(ungzip(&gz.bytes().await.expect("body")).starts_with("export function hydrate"));

        let missing = reqwest::get(app.url("/pkg/treffpunkt.gibtsnicht.js"))
            .await
            .expect("request");
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(
            missing.headers().get(CACHE_CONTROL).is_none(),
            "a missing file is not kept for a year"
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn links_come_from_the_public_url_and_no_host_header_poisons_the_cache() {
    run(async {
        let app = TestApp::spawn().await;
        let client = reqwest::Client::new();
        let page = |host: Option<&'static str>| {
            let mut request = client
                .get(app.url("/calendar?view=month"))
                .header(ACCEPT, "text/html");
            if let Some(host) = host {
                request = request.header(HOST, host);
            }
            async move {
                request
                    .send()
                    .await
                    .expect("request")
                    .text()
                    .await
                    .expect("html")
            }
        };
        let poisoned = page(Some("evil.example")).await;
        assert!(
            !poisoned.contains("evil.example"),
            "the forged Host is not echoed"
        );
        let next = page(None).await;
        assert!(!next.contains("evil.example"), "the cached copy is clean");
        let public = app.base.trim_start_matches("http://");
        assert!(
            next.contains(&format!("webcal://{public}/feeds/calendar.ics")),
            "subscribe link from the public URL"
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn production_refuses_to_start_without_a_public_url_or_with_a_set_clock() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_treffpunkt"))
        .env("TREFFPUNKT_MODE", "production")
        .env_remove("TREFFPUNKT_PUBLIC_URL")
        .env("DATABASE_URL", "sqlite::memory:")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .expect("run the server binary");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("TREFFPUNKT_PUBLIC_URL is required"),
        "{stderr}"
    );

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_treffpunkt"))
        .env("TREFFPUNKT_MODE", "production")
        .env("TREFFPUNKT_PUBLIC_URL", "https://evil.example/\r\nX: 1")
        .env("DATABASE_URL", "sqlite::memory:")
        .output()
        .expect("run the server binary");
    assert!(!bad.status.success(), "a malformed public URL is refused");

    let clocked = std::process::Command::new(env!("CARGO_BIN_EXE_treffpunkt"))
        .env("TREFFPUNKT_MODE", "production")
        .env("TREFFPUNKT_PUBLIC_URL", "https://treffpunkt.example.org")
        .env("TREFFPUNKT_CLOCK", "2026-12-24")
        .env("DATABASE_URL", "sqlite::memory:")
        .output()
        .expect("run the server binary");
    assert!(!clocked.status.success(), "production keeps the real time");
    let stderr = String::from_utf8_lossy(&clocked.stderr);
    assert!(
        stderr.contains("TREFFPUNKT_CLOCK is for demos and tests"),
        "{stderr}"
    );
}

fn cache_hit(response: &reqwest::Response) -> bool {
    response.headers().get("x-treffpunkt-cache").is_some()
}

/// Whether the date `id` is listed as cancelled by the week view around `day`,
/// as the signed-in `client` gets it from the calendar's server function.
async fn cancelled_in_view(app: &TestApp, client: &reqwest::Client, day: &str, id: i64) -> bool {
    let data: serde_json::Value = client
        .post(app.url("/api/calendar/view"))
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(format!("query[view]=Week&query[date]={day}"))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let events = data["events"].as_array().expect("events");
    let event = events
        .iter()
        .find(|e| e["occurrence_id"].as_i64() == Some(id))
        .expect("the date is listed");
    event["cancelled"].as_bool().expect("a flag")
}

#[test]
fn kept_public_data_never_hides_this_server_s_own_writes_and_reading_keeps_it() {
    run(async {
        let app = TestApp::spawn().await;
        assert_eq!(
            app.login(common::ORGANISER, app::demo::DEMO_PASSWORD).await,
            StatusCode::OK
        );
        let id = common::course(&app, 3).await;
        let day = common::open_day(9).to_string();
        let anonymous = reqwest::Client::new();
        anonymous.get(app.url("/")).send().await.expect("page");
        assert!(cache_hit(
            &anonymous.get(app.url("/")).send().await.expect("page")
        ));
        assert!(!cancelled_in_view(&app, &app.client, &day, id).await);
        assert!(
            cache_hit(&anonymous.get(app.url("/")).send().await.expect("page")),
            "reading server functions leave the caches as they are"
        );
        let cancelled = app
            .call(
                "calendar/set_date_cancelled",
                &[("occurrence_id", &id.to_string()), ("cancelled", "true")],
            )
            .await;
        assert_eq!(cancelled.status(), StatusCode::OK);
        assert!(
            cancelled_in_view(&app, &app.client, &day, id).await,
            "the organiser sees the cancellation at once, although the view was kept for 30 s"
        );
        assert!(
            !cache_hit(&anonymous.get(app.url("/")).send().await.expect("page")),
            "the write made the page stale"
        );
        app.test_db.cleanup().await;
    });
}
