//! The demo house: the Alte Körne Haus with rooms, categories, groups, events
//! over the coming weeks and one account per role. Seeded only in demo mode,
//! and only into an empty database.
use super::calendar::NewRoom;
use super::{Db, StoreResult};
use crate::domain::accounts::{DisplayName, Email, Role};
use crate::domain::calendar::{NewEvent, RoomBuffers, TimeSlot};
use crate::domain::time::{HOUSE_ZONE, local_to_utc};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

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

const ROOMS: [DemoRoom; 6] = [
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

/// (weekday, week offset, start, minutes, title, description, room index, category slug)
type DemoEvent = (
    Weekday,
    i64,
    (u32, u32),
    i64,
    &'static str,
    &'static str,
    usize,
    &'static str,
);

const EVENTS: [DemoEvent; 20] = [
    (
        Weekday::Sat,
        0,
        (14, 0),
        180,
        "Repair-Café",
        "Bringen Sie Kaputtes mit: Wir reparieren gemeinsam.",
        4,
        "repair-cafe",
    ),
    (
        Weekday::Mon,
        0,
        (15, 0),
        120,
        "Hausaufgabenhilfe",
        "Für Schüler*innen der Klassen 1 bis 7. Ohne Anmeldung.",
        2,
        "homework-help",
    ),
    (
        Weekday::Tue,
        0,
        (18, 0),
        90,
        "Yoga für alle",
        "Sanftes Yoga, auch für Einsteigende. Matten sind da.",
        3,
        "yoga",
    ),
    (
        Weekday::Wed,
        0,
        (10, 0),
        60,
        "Eltern-Kind-Turnen",
        "Für Kinder von 1 bis 4 Jahren mit einer Begleitperson.",
        3,
        "parent-child-gym",
    ),
    (
        Weekday::Thu,
        0,
        (9, 0),
        180,
        "Mieterberatung",
        "Offene Sprechstunde des Mietervereins.",
        5,
        "tenant-counselling",
    ),
    (
        Weekday::Fri,
        0,
        (19, 30),
        120,
        "Konzert: Klezmer im Saal",
        "Das Trio Freilach spielt. Eintritt frei, Spenden erbeten.",
        0,
        "concert",
    ),
    (
        Weekday::Wed,
        0,
        (15, 0),
        120,
        "Offenes Nachbarschaftscafé",
        "Kaffee, Kuchen und Gespräche.",
        1,
        "open-cafe",
    ),
    (
        Weekday::Mon,
        1,
        (15, 0),
        120,
        "Hausaufgabenhilfe",
        "Für Schüler*innen der Klassen 1 bis 7. Ohne Anmeldung.",
        2,
        "homework-help",
    ),
    (
        Weekday::Tue,
        1,
        (18, 0),
        90,
        "Yoga für alle",
        "Sanftes Yoga, auch für Einsteigende. Matten sind da.",
        3,
        "yoga",
    ),
    (
        Weekday::Tue,
        1,
        (10, 0),
        120,
        "Deutschkurs A2",
        "Kurs der Volkshochschule Dortmund.",
        2,
        "course",
    ),
    (
        Weekday::Wed,
        1,
        (17, 0),
        60,
        "Bürgersprechstunde",
        "Die Bezirksvertretung hört zu.",
        5,
        "consultation",
    ),
    (
        Weekday::Thu,
        1,
        (19, 0),
        90,
        "Vortrag: Körne im Wandel",
        "Die Geschichtswerkstatt zeigt alte Fotos aus dem Viertel.",
        2,
        "talk",
    ),
    (
        Weekday::Fri,
        1,
        (10, 0),
        120,
        "Beratung für Geflüchtete",
        "Offene Sprechstunde der Flüchtlingssozialarbeit.",
        5,
        "refugee-work",
    ),
    (
        Weekday::Sat,
        1,
        (19, 0),
        150,
        "Theater: Die Körner Bühne probt öffentlich",
        "Schauen Sie bei der Probe zu.",
        0,
        "theatre-history",
    ),
    (
        Weekday::Mon,
        2,
        (15, 0),
        120,
        "Hausaufgabenhilfe",
        "Für Schüler*innen der Klassen 1 bis 7. Ohne Anmeldung.",
        2,
        "homework-help",
    ),
    (
        Weekday::Tue,
        2,
        (18, 0),
        90,
        "Yoga für alle",
        "Sanftes Yoga, auch für Einsteigende. Matten sind da.",
        3,
        "yoga",
    ),
    (
        Weekday::Wed,
        2,
        (14, 0),
        120,
        "Digitale Sprechstunde",
        "Hilfe mit Smartphone, Tablet und der Onleihe.",
        1,
        "library",
    ),
    (
        Weekday::Thu,
        2,
        (10, 0),
        60,
        "Gymnastik 60+",
        "Bewegung im Sitzen und Stehen.",
        3,
        "gymnastics",
    ),
    (
        Weekday::Sat,
        2,
        (14, 0),
        180,
        "Repair-Café",
        "Bringen Sie Kaputtes mit: Wir reparieren gemeinsam.",
        4,
        "repair-cafe",
    ),
    (
        Weekday::Sat,
        3,
        (13, 0),
        300,
        "Winterfest im Hof",
        "Musik, Essen aus aller Welt und Programm für Kinder.",
        0,
        "festival",
    ),
];

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
    let mut category_ids = Vec::new();
    for (slug, de, en) in CATEGORIES {
        category_ids.push((slug, db.create_category(slug, de, en).await?));
    }
    let mut group_ids = Vec::new();
    for (name, description) in GROUPS {
        group_ids.push(db.create_group(house_id, name, description).await?);
    }
    for (email, name, roles) in DEMO_ACCOUNTS {
        let email = Email::parse(email).map_err(|m| super::StoreError::Setup(format!("{m:?}")))?;
        let name =
            DisplayName::parse(name).map_err(|m| super::StoreError::Setup(format!("{m:?}")))?;
        let account_id = db
            .create_account(&email, &name, password_hash, roles)
            .await?;
        if roles.contains(&Role::Organiser) {
            for group_id in &group_ids {
                db.add_group_member(*group_id, account_id).await?;
            }
        }
    }
    for (weekday, week, (hour, minute), minutes, title, description, room, slug) in EVENTS {
        let mut date = date_in_week(today, week, weekday);
        if date <= today {
            date += Duration::weeks(1);
        }
        let start_local =
            date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
        let end_local = start_local + Duration::minutes(minutes);
        let (Ok(starts_at), Ok(ends_at)) = (
            local_to_utc(start_local, HOUSE_ZONE),
            local_to_utc(end_local, HOUSE_ZONE),
        ) else {
            continue;
        };
        let category_id = category_ids
            .iter()
            .find(|(s, _)| *s == slug)
            .map_or(1, |(_, id)| *id);
        let event = NewEvent {
            title: title.to_owned(),
            description: description.to_owned(),
            room_id: room_ids[room],
            category_id,
            slot: TimeSlot { starts_at, ends_at },
            starts_local: start_local,
        };
        // A demo date that a moved-on week made collide is simply left out.
        match db.create_event(&event, None).await {
            Ok(_) | Err(super::StoreError::App(_)) => {}
            Err(other) => return Err(other),
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
