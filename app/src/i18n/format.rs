//! Dates, times and sorting in the visitor's language; the words and the order
//! come from the language files (`DateLong`, `MonthYear`, `TimeRange` …).
use super::{Locale, Msg};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

const WEEKDAYS_SHORT: [Msg; 7] = [
    Msg::WeekdayShortMon,
    Msg::WeekdayShortTue,
    Msg::WeekdayShortWed,
    Msg::WeekdayShortThu,
    Msg::WeekdayShortFri,
    Msg::WeekdayShortSat,
    Msg::WeekdayShortSun,
];
const WEEKDAYS: [Msg; 7] = [
    Msg::WeekdayMon,
    Msg::WeekdayTue,
    Msg::WeekdayWed,
    Msg::WeekdayThu,
    Msg::WeekdayFri,
    Msg::WeekdaySat,
    Msg::WeekdaySun,
];
/// Month names standing alone ("Dezember 2026").
const MONTHS: [Msg; 12] = [
    Msg::MonthJan,
    Msg::MonthFeb,
    Msg::MonthMar,
    Msg::MonthApr,
    Msg::MonthMay,
    Msg::MonthJun,
    Msg::MonthJul,
    Msg::MonthAug,
    Msg::MonthSep,
    Msg::MonthOct,
    Msg::MonthNov,
    Msg::MonthDec,
];
/// Month names inside a date, where some languages decline them (Ukrainian
/// "1 грудня" beside "грудень 2026").
const MONTHS_IN_DATE: [Msg; 12] = [
    Msg::MonthInDateJan,
    Msg::MonthInDateFeb,
    Msg::MonthInDateMar,
    Msg::MonthInDateApr,
    Msg::MonthInDateMay,
    Msg::MonthInDateJun,
    Msg::MonthInDateJul,
    Msg::MonthInDateAug,
    Msg::MonthInDateSep,
    Msg::MonthInDateOct,
    Msg::MonthInDateNov,
    Msg::MonthInDateDec,
];

/// A key that sorts labels as a German reader expects: case and umlauts do not
/// push a word to the end ("Ärztin" sorts with "Arzt").
pub fn sort_key(label: &str) -> String {
    label
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            'ä' => vec!['a'],
            'ö' => vec!['o'],
            'ü' => vec!['u'],
            'ß' => vec!['s', 's'],
            other => vec![other],
        })
        .collect()
}

/// "Dezember 2026" / "December 2026".
pub fn format_month(locale: Locale, date: NaiveDate) -> String {
    Msg::MonthYear.fill(
        locale,
        &[
            ("month", &MONTHS[date.month0() as usize].text(locale)),
            ("year", &date.year()),
        ],
    )
}

/// The weekday's abbreviation and full name: ("Mo.", "Montag").
pub fn weekday_name(locale: Locale, day: Weekday) -> (&'static str, &'static str) {
    let i = day.num_days_from_monday() as usize;
    (WEEKDAYS_SHORT[i].text(locale), WEEKDAYS[i].text(locale))
}

/// "Di., 1. Dezember 2026" / "Tue 1 December 2026".
pub fn format_date(locale: Locale, date: NaiveDate) -> String {
    Msg::DateLong.fill(
        locale,
        &[
            ("weekday", &weekday_name(locale, date.weekday()).0),
            ("day", &date.day()),
            (
                "month",
                &MONTHS_IN_DATE[date.month0() as usize].text(locale),
            ),
            ("year", &date.year()),
        ],
    )
}

/// "18:00".
pub fn format_clock(t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "2026-12-01T18:00", as HTML's `datetime` attribute wants it.
pub fn machine_date_time(t: NaiveDateTime) -> String {
    format!("{}T{}", machine_date(t.date()), format_clock(t))
}

/// "2026-12-01".
pub fn machine_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// "18:00–20:00 Uhr", with the end date when the event runs past midnight.
pub fn format_time_range(locale: Locale, start: NaiveDateTime, end: NaiveDateTime) -> String {
    let (start_clock, end_clock) = (format_clock(start), format_clock(end));
    if end.date() == start.date() {
        Msg::TimeRange.fill(locale, &[("start", &start_clock), ("end", &end_clock)])
    } else {
        Msg::TimeRangeOvernight.fill(
            locale,
            &[
                ("start", &start_clock),
                ("date", &format_date(locale, end.date())),
                ("end", &end_clock),
            ],
        )
    }
}

/// "4,50 €" / "€4.50".
pub fn format_euros(locale: Locale, cents: i64) -> String {
    let amount = format!(
        "{}{}{:02}",
        cents / 100,
        Msg::DecimalSeparator.text(locale),
        cents % 100
    );
    Msg::PriceEuros.fill(locale, &[("amount", &amount)])
}

/// A category's name: known categories by their key in the language files,
/// any other by the name it was stored with.
pub fn category_label(locale: Locale, slug: &str, stored_name: &str) -> String {
    let msg = match slug {
        "repair-cafe" => Msg::CategoryRepairCafe,
        "concert" => Msg::CategoryConcert,
        "talk" => Msg::CategoryTalk,
        "consultation" => Msg::CategoryConsultation,
        "tenant-counselling" => Msg::CategoryTenantCounselling,
        "social-counselling" => Msg::CategorySocialCounselling,
        "refugee-work" => Msg::CategoryRefugeeWork,
        "homework-help" => Msg::CategoryHomeworkHelp,
        "theatre-history" => Msg::CategoryTheatreHistory,
        "festival" => Msg::CategoryFestival,
        "course" => Msg::CategoryCourse,
        "library" => Msg::CategoryLibrary,
        "gymnastics" => Msg::CategoryGymnastics,
        "yoga" => Msg::CategoryYoga,
        "parent-child-gym" => Msg::CategoryParentChildGym,
        "private-use" => Msg::CategoryPrivateUse,
        "open-cafe" => Msg::CategoryOpenCafe,
        _ => return stored_name.to_owned(),
    };
    msg.text(locale).to_owned()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn labels_sort_regardless_of_case_and_umlauts() {
        let mut labels = vec![
            "Yoga",
            "Öffentliches Café",
            "eltern-Kind-Turnen",
            "Offenes Café",
            "Zumba",
        ];
        labels.sort_by_cached_key(|l| sort_key(l));
        assert_eq!(
            labels,
            [
                "eltern-Kind-Turnen",
                "Offenes Café",
                "Öffentliches Café",
                "Yoga",
                "Zumba"
            ]
        );
    }

    #[test]
    fn dates_and_times_read_naturally_in_each_language() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date");
        assert_eq!(format_date(Locale::De, date), "Di., 1. Dezember 2026");
        assert_eq!(format_date(Locale::En, date), "Tue 1 December 2026");
        assert_eq!(format_month(Locale::De, date), "Dezember 2026");
        let start = date.and_hms_opt(18, 0, 0).expect("valid time");
        let end = date.and_hms_opt(20, 30, 0).expect("valid time");
        assert_eq!(format_time_range(Locale::De, start, end), "18:00–20:30 Uhr");
        assert_eq!(format_time_range(Locale::En, start, end), "18:00–20:30");
        assert_eq!(machine_date_time(start), "2026-12-01T18:00");
        let next_day = NaiveDate::from_ymd_opt(2026, 12, 2)
            .expect("valid")
            .and_hms_opt(1, 5, 0)
            .expect("valid");
        assert_eq!(
            format_time_range(Locale::De, start, next_day),
            "18:00–Mi., 2. Dezember 2026, 01:05 Uhr"
        );
        assert_eq!(format_euros(Locale::De, 450), "4,50 €");
        assert_eq!(format_euros(Locale::En, 450), "€4.50");
    }

    #[test]
    fn every_language_names_each_month_and_weekday_differently() {
        for locale in Locale::ALL {
            let mut months: Vec<&str> = MONTHS.iter().map(|m| m.text(locale)).collect();
            months.dedup();
            assert_eq!(months.len(), 12, "{}", locale.code());
            let mut days: Vec<&str> = WEEKDAYS_SHORT.iter().map(|d| d.text(locale)).collect();
            days.sort();
            days.dedup();
            assert_eq!(days.len(), 7, "{}", locale.code());
        }
    }
}
