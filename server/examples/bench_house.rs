//! Seeds a benchmark house into an empty database: 12 rooms, 60 weekly series and
//! 300 single events over the coming year (the size issue 3's budget names).
//!
//!   cargo run --release -p server --example bench_house -- sqlite://path/to/file.sqlite3
use app::calendar::house::NewRoom;
use app::calendar::rules::SeriesDetails;
use app::db::Db;
use app::kernel::time::HOUSE_ZONE;
use app::rooms::rules::RoomBuffers;
use app::series::recurrence::{Rule, Series};
use chrono::{Days, NaiveTime};
use std::collections::BTreeSet;

#[tokio::main]
async fn main() -> Result<(), String> {
    let url = std::env::args()
        .nth(1)
        .ok_or("usage: bench_house DATABASE_URL")?;
    let db = Db::connect(&url).await.map_err(|e| e.to_string())?;
    let house = db
        .create_house("Benchmark-Haus", "Dortmund")
        .await
        .map_err(|e| e.to_string())?;
    let mut rooms = Vec::new();
    for i in 0..12 {
        let room = NewRoom {
            name: &format!("Raum {i:02}"),
            capacity: 30,
            features: &["step_free"],
            resident_bookable: false,
            buffers: RoomBuffers::default(),
            colour: "#336699",
        };
        rooms.push(
            db.create_room(house, &room)
                .await
                .map_err(|e| e.to_string())?,
        );
    }
    let mut categories = Vec::new();
    for i in 0..10 {
        categories.push(
            db.create_category(
                &format!("kategorie-{i}"),
                &format!("Kategorie {i}"),
                &format!("Category {i}"),
            )
            .await
            .map_err(|e| e.to_string())?,
        );
    }
    let today = app::kernel::clock::today();
    let weekdays = ["MO", "TU", "WE", "TH", "FR"];
    let mut created = 0;
    for i in 0..60usize {
        let rule = Rule::parse_rrule(
            &format!("FREQ=WEEKLY;BYDAY={}", weekdays[i / 12]),
            HOUSE_ZONE,
        )
        .map_err(|e| format!("{e:?}"))?;
        let details = SeriesDetails::simple(
            &format!("Wöchentliche Gruppe {i}"),
            "Eine regelmäßige Gruppe im Haus, offen für alle aus der Nachbarschaft.",
            categories[i % 10],
            rooms[i % 12],
        );
        let series = Series {
            first_start: today.and_time(NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default()),
            duration_minutes: 90,
            rule: Some(rule),
            exceptions: BTreeSet::new(),
            restored: BTreeSet::new(),
            skip_public_holidays: i % 3 == 0,
            skip_school_holidays: i % 5 == 0,
        };
        db.create_series(&details, &series, None, today)
            .await
            .map_err(|e| e.to_string())?;
        created += 1;
    }
    let mut singles = 0;
    for j in 0..300u64 {
        let date = today
            .checked_add_days(Days::new(j * 365 / 300))
            .unwrap_or(today);
        let hour = if j % 2 == 0 { 10 } else { 14 };
        let details = SeriesDetails::simple(
            &format!("Einzeltermin {j}"),
            "Ein einmaliger Termin: Vortrag, Konzert oder Workshop.",
            categories[(j % 10) as usize],
            rooms[(j % 12) as usize],
        );
        let series = Series {
            first_start: date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default()),
            duration_minutes: 120,
            rule: None,
            exceptions: BTreeSet::new(),
            restored: BTreeSet::new(),
            skip_public_holidays: false,
            skip_school_holidays: false,
        };
        if db
            .create_series(&details, &series, None, today)
            .await
            .is_ok()
        {
            singles += 1;
        }
    }
    println!("seeded {created} weekly series and {singles} single events");
    Ok(())
}
