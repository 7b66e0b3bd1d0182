//! The demo house: the Alte Körne Haus with rooms, categories, groups, events
//! over the coming weeks and one account per role. Seeded only in demo mode,
//! and only into an empty database.
use crate::accounts::rules::{DisplayName, Email, Role};
use crate::calendar::holidays::is_public_holiday_nrw;
use crate::calendar::house::NewRoom;
use crate::calendar::query::Audience;
use crate::calendar::rules::{Price, SeriesDetails, Visibility};
use crate::db::{Db, StoreResult};
use crate::kernel::time::HOUSE_ZONE;
use crate::rooms::rules::RoomBuffers;
use crate::series::recurrence::{Rule, Series};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use std::collections::BTreeSet;

/// The password of every demo account; the README shows it.
pub const DEMO_PASSWORD: &str = "treffpunkt-demo";

/// (e-mail, display name, roles) of the demo accounts.
pub const DEMO_ACCOUNTS: [(&str, &str, &[Role]); 4] = [
    (
        "admin@example.org",
        "Alex Admin",
        &[Role::Admin, Role::Organiser],
    ),
    (
        "organisation@example.org",
        "Olga Organisation",
        &[Role::Organiser],
    ),
    (
        "ehrenamt@example.org",
        "Emre Ehrenamt",
        &[Role::Volunteer, Role::Resident],
    ),
    (
        "nachbarschaft@example.org",
        "Nora Nachbarin",
        &[Role::Resident],
    ),
];

const CATEGORIES: [(&str, &str, &str); 17] = [
    ("repair-cafe", "Repair-Café", "Repair café"),
    ("concert", "Konzert", "Concert"),
    ("talk", "Vortrag & Gespräch", "Talk"),
    ("consultation", "Bürgersprechstunde", "Consultation hours"),
    ("tenant-counselling", "Mieterberatung", "Tenant counselling"),
    ("social-counselling", "Sozialberatung", "Social counselling"),
    (
        "refugee-work",
        "Flüchtlingssozialarbeit",
        "Refugee social work",
    ),
    ("homework-help", "Hausaufgabenhilfe", "Homework help"),
    (
        "theatre-history",
        "Theater- & Geschichtsprojekt",
        "Theatre & history project",
    ),
    ("festival", "Fest", "Festival"),
    (
        "course",
        "Sprach- & VHS-Kurs",
        "Language & adult education course",
    ),
    (
        "library",
        "Digitale Stadtteilbibliothek",
        "Digital neighbourhood library",
    ),
    ("gymnastics", "Gymnastik", "Gymnastics"),
    ("yoga", "Yoga", "Yoga"),
    (
        "parent-child-gym",
        "Eltern-Kind-Turnen",
        "Parent-and-child gym",
    ),
    ("private-use", "Private Nutzung", "Private use"),
    ("open-cafe", "Offenes Café", "Open café"),
];

struct DemoRoom {
    name: &'static str,
    capacity: i32,
    features: &'static [&'static str],
    resident_bookable: bool,
    buffers: (i32, i32),
    colour: &'static str,
}

const ROOMS: [DemoRoom; 8] = [
    DemoRoom {
        name: "Großer Saal",
        capacity: 120,
        features: &["step_free", "stage", "piano", "projector", "hearing_loop"],
        resident_bookable: true,
        buffers: (30, 30),
        colour: "#8a3b12",
    },
    DemoRoom {
        name: "Nachbarschaftscafé",
        capacity: 40,
        features: &["step_free", "kitchen"],
        resident_bookable: true,
        buffers: (15, 15),
        colour: "#2f6b3a",
    },
    DemoRoom {
        name: "Seminarraum",
        capacity: 20,
        features: &["step_free", "projector"],
        resident_bookable: false,
        buffers: (0, 10),
        colour: "#1f4f7a",
    },
    DemoRoom {
        name: "Bewegungsraum",
        capacity: 25,
        features: &["step_free", "mats"],
        resident_bookable: false,
        buffers: (10, 10),
        colour: "#6b3f8a",
    },
    DemoRoom {
        name: "Werkstatt",
        capacity: 12,
        features: &["workbench"],
        resident_bookable: false,
        buffers: (15, 15),
        colour: "#7a5a1f",
    },
    DemoRoom {
        name: "Beratungszimmer",
        capacity: 4,
        features: &["step_free"],
        resident_bookable: false,
        buffers: (0, 10),
        colour: "#4a4a4a",
    },
    DemoRoom {
        name: "Saal A",
        capacity: 60,
        features: &["step_free", "stage", "piano", "hearing_loop"],
        resident_bookable: false,
        buffers: (30, 30),
        colour: "#a0522d",
    },
    DemoRoom {
        name: "Saal B",
        capacity: 60,
        features: &["step_free", "projector"],
        resident_bookable: false,
        buffers: (30, 30),
        colour: "#b5651d",
    },
];

/// The great hall can be divided: it is Saal A and Saal B together.
const ROOM_PARTS: [(usize, usize); 2] = [(0, 6), (0, 7)];

/// A demo date without a room: it waits in the planner's tray.
const NO_ROOM: usize = usize::MAX;

/// Opening hours, Monday first: (opens, closes) in local time.
/// (hour, minute) in local time.
type Clock = (u32, u32);

const OPENING_HOURS: [Option<(Clock, Clock)>; 7] = [
    Some(((8, 0), (22, 0))),
    Some(((8, 0), (22, 0))),
    Some(((8, 0), (22, 0))),
    Some(((8, 0), (22, 0))),
    Some(((8, 0), (22, 0))),
    Some(((9, 0), (22, 0))),
    Some(((10, 0), (18, 0))),
];

/// What some demo series need of their room: (title, expected people,
/// features, loud).
const PLANNING_NEEDS: [(&str, Option<i32>, &[&str], bool); 6] = [
    ("Konzert: Klezmer im Saal", Some(100), &["stage"], true),
    ("Winterfest im Hof", Some(80), &["step_free"], true),
    ("Familienfeier", Some(35), &["kitchen"], true),
    (
        "Theater: Die Körner Bühne probt öffentlich",
        Some(60),
        &["stage"],
        false,
    ),
    (
        "Ukrainisches Gesprächscafé",
        Some(15),
        &["kitchen", "step_free"],
        false,
    ),
    ("Chorprobe Körner Stimmen", Some(25), &["piano"], true),
];

const GROUPS: [(&str, &str); 4] = [
    (
        "Repair-Café Körne",
        "Ehrenamtliche reparieren mit Ihnen Elektrogeräte, Fahrräder und Kleidung.",
    ),
    (
        "Theatergruppe Körner Bühne",
        "Laientheater aus dem Viertel, neue Mitspielende willkommen.",
    ),
    (
        "Geschichtswerkstatt Körne",
        "Wir erforschen die Geschichte des Stadtteils.",
    ),
    (
        "Hausaufgabenhilfe-Team",
        "Studierende und Ruheständler*innen helfen bei den Hausaufgaben.",
    ),
];

/// One demo series: a rule (or none for a single date), given relative to today.
struct DemoSeries {
    title: &'static str,
    description: &'static str,
    room: usize,
    category: &'static str,
    group: Option<usize>,
    /// For single dates: the weekday and the week after this one.
    single: Option<(Weekday, i64)>,
    rule: Option<&'static str>,
    time: (u32, u32),
    minutes: i64,
    seats: Option<i32>,
    audience: &'static [Audience],
    languages: &'static [&'static str],
    price: Price,
    skip_public_holidays: bool,
    skip_school_holidays: bool,
    counselling: bool,
    visibility: Visibility,
    accessibility: &'static str,
    contact: &'static str,
}

const DEFAULT: DemoSeries = DemoSeries {
    title: "",
    description: "",
    room: 0,
    category: "",
    group: None,
    single: None,
    rule: None,
    time: (10, 0),
    minutes: 60,
    seats: None,
    audience: &[Audience::Everyone],
    languages: &["de"],
    price: Price::Free,
    skip_public_holidays: true,
    skip_school_holidays: false,
    counselling: false,
    visibility: Visibility::Public,
    accessibility: "",
    contact: "",
};

/// How many series the demo house has.
pub const SERIES_COUNT: usize = 19;

const SERIES: [DemoSeries; SERIES_COUNT] = [
    DemoSeries {
        title: "Repair-Café",
        description: "Bringen Sie Kaputtes mit: Ehrenamtliche reparieren mit Ihnen Elektrogeräte, Fahrräder und Kleidung.",
        room: 4,
        category: "repair-cafe",
        group: Some(0),
        rule: Some("FREQ=MONTHLY;BYDAY=1SA"),
        time: (14, 0),
        minutes: 180,
        languages: &["de", "en"],
        price: Price::Donation,
        accessibility: "Die Werkstatt hat eine Stufe am Eingang; wir helfen gern beim Tragen.",
        contact: "repaircafe@example.org",
        ..DEFAULT
    },
    DemoSeries {
        title: "Hausaufgabenhilfe",
        description: "Für Schüler*innen der Klassen 1 bis 7. Ohne Anmeldung. In den Schulferien ist Pause.",
        room: 2,
        category: "homework-help",
        group: Some(3),
        rule: Some("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH"),
        time: (15, 0),
        minutes: 120,
        audience: &[Audience::Children, Audience::Youth],
        skip_school_holidays: true,
        ..DEFAULT
    },
    DemoSeries {
        title: "Yoga für alle",
        description: "Sanftes Yoga, auch für Einsteigende. Matten sind da. Bitte melden Sie sich an: 12 Plätze.",
        room: 3,
        category: "yoga",
        rule: Some("FREQ=WEEKLY;BYDAY=TU"),
        time: (18, 0),
        minutes: 90,
        seats: Some(12),
        price: Price::Donation,
        ..DEFAULT
    },
    DemoSeries {
        title: "Eltern-Kind-Turnen",
        description: "Für Kinder von 1 bis 4 Jahren mit einer Begleitperson. 8 Plätze, bitte anmelden.",
        room: 3,
        category: "parent-child-gym",
        rule: Some("FREQ=WEEKLY;BYDAY=WE"),
        time: (10, 0),
        minutes: 60,
        seats: Some(8),
        audience: &[Audience::Families, Audience::Children],
        price: Price::Amount(200),
        skip_school_holidays: true,
        accessibility: "Stufenloser Zugang, Platz für Kinderwagen im Flur.",
        ..DEFAULT
    },
    DemoSeries {
        title: "Mieterberatung",
        description: "Offene Sprechstunde des Mietervereins.",
        room: 5,
        category: "tenant-counselling",
        rule: Some("FREQ=WEEKLY;BYDAY=TH;INTERVAL=2"),
        time: (9, 0),
        minutes: 180,
        counselling: true,
        ..DEFAULT
    },
    DemoSeries {
        title: "Offenes Nachbarschaftscafé",
        description: "Kaffee, Kuchen und Gespräche. Wir sprechen Deutsch, Türkisch und Arabisch.",
        room: 1,
        category: "open-cafe",
        rule: Some("FREQ=WEEKLY;BYDAY=WE"),
        time: (15, 0),
        minutes: 120,
        languages: &["de", "tr", "ar"],
        price: Price::Donation,
        ..DEFAULT
    },
    DemoSeries {
        title: "Deutschkurs A2",
        description: "Kurs der Volkshochschule Dortmund, 12 Termine.",
        room: 2,
        category: "course",
        rule: Some("FREQ=WEEKLY;BYDAY=TU;COUNT=12"),
        time: (10, 0),
        minutes: 120,
        seats: Some(15),
        price: Price::Amount(6000),
        ..DEFAULT
    },
    DemoSeries {
        title: "Bürgersprechstunde",
        description: "Die Bezirksvertretung hört zu, jeden zweiten Mittwoch im Monat.",
        room: 5,
        category: "consultation",
        rule: Some("FREQ=MONTHLY;BYDAY=2WE"),
        time: (17, 0),
        minutes: 60,
        ..DEFAULT
    },
    DemoSeries {
        title: "Beratung für Geflüchtete",
        description: "Offene Sprechstunde der Flüchtlingssozialarbeit.",
        room: 5,
        category: "refugee-work",
        rule: Some("FREQ=WEEKLY;BYDAY=FR"),
        time: (10, 0),
        minutes: 120,
        languages: &["de", "ar", "uk", "en"],
        counselling: true,
        ..DEFAULT
    },
    DemoSeries {
        title: "Gymnastik 60+",
        description: "Bewegung im Sitzen und Stehen. 15 Plätze, bitte anmelden.",
        room: 3,
        category: "gymnastics",
        rule: Some("FREQ=WEEKLY;BYDAY=TH"),
        time: (10, 0),
        minutes: 60,
        seats: Some(15),
        audience: &[Audience::Seniors],
        ..DEFAULT
    },
    DemoSeries {
        title: "Digitale Sprechstunde",
        description: "Hilfe mit Smartphone, Tablet und der Onleihe.",
        room: 1,
        category: "library",
        rule: Some("FREQ=WEEKLY;BYDAY=WE;INTERVAL=2"),
        time: (11, 0),
        minutes: 120,
        audience: &[Audience::Seniors],
        ..DEFAULT
    },
    DemoSeries {
        title: "Nähkurs für Einsteigende",
        description: "Sechs Samstage an der Nähmaschine. Nur 2 Plätze – bitte anmelden.",
        room: 1,
        category: "course",
        rule: Some("FREQ=WEEKLY;BYDAY=SA;COUNT=6"),
        time: (10, 0),
        minutes: 120,
        seats: Some(2),
        price: Price::Amount(1500),
        ..DEFAULT
    },
    DemoSeries {
        title: "Konzert: Klezmer im Saal",
        description: "Das Trio Freilach spielt. Eintritt frei, Spenden erbeten.",
        room: 0,
        category: "concert",
        single: Some((Weekday::Fri, 0)),
        time: (19, 30),
        minutes: 150,
        price: Price::Donation,
        accessibility: "Stufenlos, mit Induktionsschleife für Hörgeräte.",
        ..DEFAULT
    },
    DemoSeries {
        title: "Vortrag: Körne im Wandel",
        description: "Die Geschichtswerkstatt zeigt alte Fotos aus dem Viertel.",
        room: 2,
        category: "talk",
        group: Some(2),
        single: Some((Weekday::Thu, 1)),
        time: (19, 0),
        minutes: 90,
        ..DEFAULT
    },
    DemoSeries {
        title: "Theater: Die Körner Bühne probt öffentlich",
        description: "Schauen Sie bei der Probe zu.",
        room: 0,
        category: "theatre-history",
        group: Some(1),
        single: Some((Weekday::Sat, 1)),
        time: (19, 0),
        minutes: 150,
        ..DEFAULT
    },
    DemoSeries {
        title: "Familienfeier",
        description: "Private Feier.",
        room: 1,
        category: "private-use",
        single: Some((Weekday::Sat, 2)),
        time: (15, 0),
        minutes: 300,
        visibility: Visibility::Private,
        ..DEFAULT
    },
    DemoSeries {
        title: "Winterfest im Hof",
        description: "Musik, Essen aus aller Welt und Programm für Kinder.",
        room: 0,
        category: "festival",
        single: Some((Weekday::Sat, 3)),
        time: (13, 0),
        minutes: 300,
        audience: &[Audience::Everyone, Audience::Families],
        languages: &["de", "tr", "ar", "uk"],
        ..DEFAULT
    },
    DemoSeries {
        title: "Ukrainisches Gesprächscafé",
        description: "Ein Angebot aus der Nachbarschaft: Ukrainisch und Deutsch im Gespräch.",
        room: NO_ROOM,
        category: "open-cafe",
        single: Some((Weekday::Tue, 1)),
        time: (16, 0),
        minutes: 90,
        languages: &["uk", "de"],
        ..DEFAULT
    },
    DemoSeries {
        title: "Chorprobe Körner Stimmen",
        description: "Der Nachbarschaftschor sucht noch einen Raum mit Klavier.",
        room: NO_ROOM,
        category: "concert",
        rule: Some("FREQ=WEEKLY;BYDAY=MO;COUNT=8"),
        time: (19, 0),
        minutes: 90,
        ..DEFAULT
    },
];

/// The days around Christmas and New Year on which the house is closed.
const CLOSED_DAYS: [(u32, u32); 5] = [(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)];

/// Whether the demo house is closed on `date` (its Christmas break).
pub fn is_closed(date: NaiveDate) -> bool {
    CLOSED_DAYS.contains(&(date.month(), date.day()))
}

/// The first day from `date` on which the demo house is open and that is no
/// public holiday: a single date placed there is never skipped.
pub fn next_open_day(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    while is_closed(day) || is_public_holiday_nrw(day).is_some() {
        day += Duration::days(1);
    }
    day
}

/// The date of a demo single event: its weekday in its week, a week on while that
/// is not after `today`, on a closure or a holiday the series skips (the demo then
/// works whatever day it starts on).
fn single_date(today: NaiveDate, week: i64, weekday: Weekday, skips_holidays: bool) -> NaiveDate {
    let mut date = date_in_week(today, week, weekday);
    while date <= today
        || is_closed(date)
        || (skips_holidays && is_public_holiday_nrw(date).is_some())
    {
        date += Duration::weeks(1);
    }
    date
}

/// The date of `weekday` in the week `week_offset` weeks after the one holding `today`.
fn date_in_week(today: NaiveDate, week_offset: i64, weekday: Weekday) -> NaiveDate {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    monday
        + Duration::weeks(week_offset)
        + Duration::days(i64::from(weekday.num_days_from_monday()))
}

/// Seeds the demo house relative to `today` (local date); dates already past in
/// this week move a week on, so every demo event is upcoming.
pub async fn seed(db: &Db, password_hash: &str, today: NaiveDate) -> StoreResult<()> {
    let house_id = db.create_house("Alte Körne Haus", "Dortmund-Körne").await?;
    let mut room_ids = Vec::new();
    for room in &ROOMS {
        let new = NewRoom {
            name: room.name,
            capacity: room.capacity,
            features: room.features,
            resident_bookable: room.resident_bookable,
            buffers: RoomBuffers {
                before_minutes: room.buffers.0,
                after_minutes: room.buffers.1,
            },
            colour: room.colour,
        };
        room_ids.push(db.create_room(house_id, &new).await?);
    }
    for (whole, part) in ROOM_PARTS {
        db.add_room_part(room_ids[whole], room_ids[part]).await?;
    }
    for (weekday, hours) in (0u8..7)
        .filter_map(|n| Weekday::try_from(n).ok())
        .zip(OPENING_HOURS)
    {
        let time = |(h, m): (u32, u32)| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
        db.set_opening_hours(house_id, weekday, hours.map(|(o, c)| (time(o), time(c))))
            .await?;
    }
    let mut category_ids = Vec::new();
    for (slug, de, en) in CATEGORIES {
        category_ids.push((slug, db.create_category(slug, de, en).await?));
    }
    let mut group_ids = Vec::new();
    for (name, description) in GROUPS {
        group_ids.push(db.create_group(house_id, name, description).await?);
    }
    for (email, name, roles) in DEMO_ACCOUNTS {
        let email =
            Email::parse(email).map_err(|m| crate::db::StoreError::Setup(format!("{m:?}")))?;
        let name =
            DisplayName::parse(name).map_err(|m| crate::db::StoreError::Setup(format!("{m:?}")))?;
        let account_id = db
            .create_account(&email, &name, password_hash, roles)
            .await?;
        if roles.contains(&Role::Organiser) {
            for group_id in &group_ids {
                db.add_group_member(*group_id, account_id).await?;
            }
        }
    }
    for (month, day) in CLOSED_DAYS {
        for year in [today.year(), today.year() + 1] {
            if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                db.add_closure(house_id, date, "Weihnachtspause").await?;
            }
        }
    }
    // Series start tomorrow; their first stored date is the first the rule gives.
    let tomorrow = today + Duration::days(1);
    for demo in &SERIES {
        let date = match demo.single {
            Some((weekday, week)) => single_date(today, week, weekday, demo.skip_public_holidays),
            None => tomorrow,
        };
        let time = NaiveTime::from_hms_opt(demo.time.0, demo.time.1, 0).unwrap_or_default();
        let rule = match demo.rule {
            Some(text) => Some(
                Rule::parse_rrule(text, HOUSE_ZONE)
                    .map_err(|m| crate::db::StoreError::Setup(format!("{}: {m:?}", demo.title)))?,
            ),
            None => None,
        };
        let series = Series {
            first_start: date.and_time(time),
            duration_minutes: demo.minutes,
            rule,
            exceptions: BTreeSet::new(),
            restored: BTreeSet::new(),
            skip_public_holidays: demo.skip_public_holidays,
            skip_school_holidays: demo.skip_school_holidays,
        };
        let category_id = category_ids
            .iter()
            .find(|(s, _)| *s == demo.category)
            .map_or(1, |(_, id)| *id);
        let details = SeriesDetails {
            title: demo.title.to_owned(),
            description: demo.description.to_owned(),
            category_id,
            group_id: demo.group.map(|g| group_ids[g]),
            room_id: room_ids.get(demo.room).copied(),
            audience: demo.audience.to_vec(),
            languages: demo.languages.iter().map(|l| (*l).to_owned()).collect(),
            price: demo.price,
            accessibility: demo.accessibility.to_owned(),
            contact: demo.contact.to_owned(),
            seats: demo.seats,
            visibility: demo.visibility,
            counselling: demo.counselling,
        };
        let created = db.create_series(&details, &series, None, today).await?;
        if let Some((_, attendance, features, loud)) = PLANNING_NEEDS
            .iter()
            .find(|(title, ..)| *title == demo.title)
        {
            db.set_planning_needs(created.series_id, *attendance, features, *loud)
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        let wednesday = NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid");
        assert_eq!(
            date_in_week(wednesday, 0, Weekday::Mon),
            NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid")
        );
        assert_eq!(
            date_in_week(wednesday, 1, Weekday::Sat),
            NaiveDate::from_ymd_opt(2026, 12, 5).expect("valid")
        );
    }
}
