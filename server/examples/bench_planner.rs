//! The planner's benchmark: a house of 8 rooms with 400 dates in one week, and
//! organisers moving dates through the HTTP endpoint.
//!
//!   bench_planner seed DATABASE_URL MONDAY          seeds the house, prints its id
//!   bench_planner moves BASE HOUSE MONDAY SECONDS [ORGANISERS]
//!       ORGANISERS (default 20) signed-in organisers each move their own dates
//!       back and forth for SECONDS; prints moves/s and the round trip's p50/p99
use app::calendar::house::NewRoom;
use app::calendar::rules::SeriesDetails;
use app::db::Db;
use app::rooms::rules::RoomBuffers;
use app::series::recurrence::Series;
use chrono::{Duration, NaiveDate, NaiveTime};
use std::collections::BTreeSet;
use std::time::Instant;

const ROOMS: usize = 8;
const DATES: usize = 400;

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["seed", url, monday] => seed(url, parse_day(monday)?).await,
        ["moves", base, house, monday, seconds, rest @ ..] => {
            let organisers = rest.first().map_or(Ok(20), |n| n.parse().map_err(|_| "ORGANISERS"))?;
            let seconds: u64 = seconds.parse().map_err(|_| "SECONDS must be a number")?;
            moves(base, house, parse_day(monday)?, seconds, organisers).await
        }
        _ => Err("usage: bench_planner seed DATABASE_URL MONDAY | moves BASE HOUSE MONDAY SECONDS [ORGANISERS]".into()),
    }
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| format!("{text}: {e}"))
}

async fn seed(url: &str, monday: NaiveDate) -> Result<(), String> {
    let db = Db::connect(url).await.map_err(|e| e.to_string())?;
    let fail = |e: app::db::StoreError| e.to_string();
    let house = db
        .create_house("Planungshaus", "Dortmund")
        .await
        .map_err(fail)?;
    let mut rooms = Vec::new();
    for i in 0..ROOMS {
        let room = NewRoom {
            name: &format!("Raum {i}"),
            capacity: 30,
            features: &["step_free"],
            resident_bookable: false,
            buffers: RoomBuffers::default(),
            colour: "#336699",
        };
        rooms.push(db.create_room(house, &room).await.map_err(fail)?);
    }
    let category = db.categories().await.map_err(fail)?[0].category_id;
    // Per room and day seven dates of an hour, half an hour apart, from 8:00.
    for n in 0..DATES {
        let room = rooms[n % ROOMS];
        let day = monday + Duration::days(((n / ROOMS) % 7) as i64);
        let slot = (n / (ROOMS * 7)) as u32;
        let start = NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default()
            + Duration::minutes(i64::from(slot) * 90);
        let details = SeriesDetails::simple(&format!("Termin {n}"), "", category, room);
        db.create_series(
            &details,
            &single(day, start),
            None,
            monday - Duration::days(7),
        )
        .await
        .map_err(fail)?;
    }
    for n in 0..40 {
        let mut details = SeriesDetails::simple(&format!("Wartet {n}"), "", category, rooms[0]);
        details.room_id = None;
        let start = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
        db.create_series(
            &details,
            &single(monday, start),
            None,
            monday - Duration::days(7),
        )
        .await
        .map_err(fail)?;
    }
    println!("{house}");
    Ok(())
}

fn single(day: NaiveDate, start: NaiveTime) -> Series {
    Series {
        first_start: day.and_time(start),
        duration_minutes: 60,
        rule: None,
        exceptions: BTreeSet::new(),
        restored: BTreeSet::new(),
        skip_public_holidays: false,
        skip_school_holidays: false,
    }
}

async fn organiser(base: &str) -> Result<reqwest::Client, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, base.parse().map_err(|_| "origin")?);
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .map_err(|e| e.to_string())?;
    let response = client
        .post(format!("{base}/api/accounts/login"))
        .form(&[
            ("email", "organisation@example.org"),
            ("password", app::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("login: {}", response.status()));
    }
    Ok(client)
}

async fn moves(
    base: &str,
    house: &str,
    monday: NaiveDate,
    seconds: u64,
    organisers: usize,
) -> Result<(), String> {
    let client = organiser(base).await?;
    let plan: app::planner::plan::Plan = client
        .post(format!("{base}/api/planner/plan"))
        .form(&[
            ("house", house),
            ("view", "week"),
            ("date", &monday.to_string()),
            ("rooms", ""),
            ("tray", ""),
            ("opened", ""),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    if plan.items.len() < organisers {
        return Err(format!("only {} dates in the plan", plan.items.len()));
    }
    let deadline = Instant::now() + std::time::Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for o in 0..organisers {
        let mine: Vec<_> = plan
            .items
            .iter()
            .skip(o)
            .step_by(organisers)
            .cloned()
            .collect();
        let base = base.to_owned();
        let client = organiser(&base).await?;
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut items = mine;
            let mut turn = 0usize;
            while Instant::now() < deadline {
                let i = turn % items.len();
                let item = &items[i];
                // Back and forth by a quarter of an hour: always free, always judged.
                let shift = if (turn / items.len()).is_multiple_of(2) {
                    15
                } else {
                    -15
                };
                let (start, end) = (
                    item.starts_local() + Duration::minutes(shift),
                    item.ends_local() + Duration::minutes(shift),
                );
                let form = [
                    ("occurrence_id", item.occurrence_id.to_string()),
                    ("version", item.version.to_string()),
                    (
                        "room_id",
                        item.room_id.map(|r| r.to_string()).unwrap_or_default(),
                    ),
                    ("starts_at", start.format("%Y-%m-%dT%H:%M").to_string()),
                    ("ends_at", end.format("%Y-%m-%dT%H:%M").to_string()),
                ];
                let sent = Instant::now();
                let response = client
                    .post(format!("{base}/api/planner/move"))
                    .form(&form)
                    .send()
                    .await;
                let saved = match response {
                    Ok(r) if r.status().is_success() => {
                        r.json::<app::planner::plan::PlanItem>().await.ok()
                    }
                    _ => None,
                };
                latencies.push(sent.elapsed());
                match saved {
                    Some(saved) => items[i] = saved,
                    None => return Err("a move was refused".to_owned()),
                }
                turn += 1;
            }
            Ok(latencies)
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.map_err(|e| e.to_string())??);
    }
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    println!(
        "{} moves by {organisers} organisers in {seconds} s: {:.0} moves/s, round trip p50 {:.1} ms, p99 {:.1} ms",
        all.len(),
        all.len() as f64 / seconds as f64,
        at(0.5).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0
    );
    Ok(())
}
