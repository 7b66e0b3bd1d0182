//! The planner's storage: the plan of one house for some days, and a move
//! decided inside one transaction under the house's lock, with the same rule
//! set the browser ran while the organiser dragged.
use super::plan::{Plan, PlanItem, PlanRoom, PlanView};
use super::rules::{DayHours, OpeningHours, PlannerContext, RoomInfo, RoomUse};
use crate::args;
use crate::calendar::rules::TimeSlot;
use crate::calendar::store::parse_date;
use crate::db::{Db, StoreResult, Tx, instant};
use crate::kernel::time::{HOUSE_ZONE, local_to_utc};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

mod history;
mod moves;
mod series;
mod setup;

pub use moves::{MoveOutcome, PlanMove};

/// How far before and after a placement other uses are read to judge it: more
/// than any buffer a room has.
const JUDGE_MARGIN_HOURS: i64 = 26;

/// How many dates without a room the tray lists.
const TRAY_LIMIT: i64 = 200;

#[derive(sqlx::FromRow)]
struct ItemRow {
    occurrence_id: i64,
    series_id: i64,
    version: i64,
    title: String,
    room_id: Option<i64>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    attendance: Option<i32>,
    needs_features: String,
    loud: bool,
    repeating: bool,
    private: bool,
}

impl ItemRow {
    fn item(self) -> PlanItem {
        PlanItem {
            occurrence_id: self.occurrence_id,
            series_id: self.series_id,
            version: self.version,
            title: self.title,
            room_id: self.room_id,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            expected_attendance: self.attendance.and_then(|n| u32::try_from(n).ok()),
            needs_features: split_list(&self.needs_features),
            loud: self.loud,
            repeating: self.repeating,
            private: self.private,
        }
    }
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The scheduled dates of a house's series that are not cancelled; the caller adds its filter.
const ITEMS_SQL: &str = "select o.occurrence_id, o.series_id, cast(o.version as bigint) as version,
        s.title, o.room_id, o.starts_at, o.ends_at,
        coalesce(s.expected_attendance, s.seats) as attendance, s.needs_features, s.loud,
        (s.rrule is not null) as repeating,
        (s.visibility = 'private' or s.privacy = 'counselling') as private
     from occurrence o join event_series s on s.series_id = o.series_id
     where s.house_id = $1 and o.status = 'scheduled' and s.status <> 'cancelled'";

impl Tx {
    /// The house's rooms with what they combine, by name.
    pub async fn planner_rooms(&mut self, house_id: i64) -> StoreResult<Vec<PlanRoom>> {
        let rows: Vec<(i64, String, i32, String, i32, i32)> = self
            .all(
                "select room_id, name, capacity, features, buffer_before_minutes, buffer_after_minutes
                 from room where house_id = $1 order by name, room_id",
                args![house_id],
            )
            .await?;
        let parts: Vec<(i64, i64)> = self
            .all(
                "select p.whole_room_id, p.part_room_id from room_part p
                 join room r on r.room_id = p.whole_room_id where r.house_id = $1",
                args![house_id],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(room_id, name, capacity, features, before, after)| PlanRoom {
                    name,
                    info: RoomInfo {
                        room_id,
                        parts: parts
                            .iter()
                            .filter(|(whole, _)| *whole == room_id)
                            .map(|(_, part)| *part)
                            .collect(),
                        capacity: u32::try_from(capacity).unwrap_or(0),
                        features: split_list(&features),
                        buffer_before_minutes: before,
                        buffer_after_minutes: after,
                    },
                },
            )
            .collect())
    }

    /// The house's opening hours; a house without any is open around the clock.
    pub async fn opening_hours(&mut self, house_id: i64) -> StoreResult<OpeningHours> {
        let rows: Vec<(i32, String, String)> = self
            .all(
                "select weekday, opens, closes from opening_hours where house_id = $1",
                args![house_id],
            )
            .await?;
        if rows.is_empty() {
            return Ok(OpeningHours::every_day(DayHours {
                opens: NaiveTime::MIN,
                closes: NaiveTime::MIN,
            }));
        }
        let mut week = [None; 7];
        for (weekday, opens, closes) in rows {
            let time = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
            let slot = usize::try_from(weekday - 1).ok().filter(|i| *i < 7);
            if let (Some(slot), Some(opens), Some(closes)) = (slot, time(&opens), time(&closes)) {
                week[slot] = Some(DayHours { opens, closes });
            }
        }
        Ok(OpeningHours { week })
    }

    async fn closures_between(
        &mut self,
        house_id: i64,
        first: NaiveDate,
        last: NaiveDate,
    ) -> StoreResult<Vec<(NaiveDate, String)>> {
        let rows: Vec<(String, String)> = self
            .all(
                "select local_date, reason from closure
                 where house_id = $1 and local_date >= $2 and local_date <= $3 order by local_date",
                args![house_id, first.to_string(), last.to_string()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(date, reason)| parse_date(&date).map(|d| (d, reason)))
            .collect())
    }

    /// The dates placed in a room of the house that overlap `window`.
    async fn placed_items(
        &mut self,
        house_id: i64,
        window: TimeSlot,
    ) -> StoreResult<Vec<PlanItem>> {
        let rows: Vec<ItemRow> = self
            .all(
                &format!(
                    "{ITEMS_SQL} and o.room_id is not null and o.starts_at < $2 and o.ends_at > $3
                     order by o.starts_at, o.occurrence_id"
                ),
                args![house_id, instant(window.ends_at), instant(window.starts_at)],
            )
            .await?;
        Ok(rows.into_iter().map(ItemRow::item).collect())
    }

    pub(crate) async fn plan_item(&mut self, occurrence_id: i64) -> StoreResult<Option<PlanItem>> {
        let sql = ITEMS_SQL.replace("s.house_id = $1", "o.occurrence_id = $1");
        let row: Option<ItemRow> = self.optional(&sql, args![occurrence_id]).await?;
        Ok(row.map(ItemRow::item))
    }

    /// What a placement from `starts_at` to `ends_at` in the house is judged against.
    pub async fn planner_context(
        &mut self,
        house_id: i64,
        slot: TimeSlot,
    ) -> StoreResult<PlannerContext> {
        let margin = Duration::hours(JUDGE_MARGIN_HOURS);
        let window = TimeSlot {
            starts_at: slot.starts_at - margin,
            ends_at: slot.ends_at + margin,
        };
        let rooms = self.planner_rooms(house_id).await?;
        let uses: Vec<RoomUse> = self
            .placed_items(house_id, window)
            .await?
            .iter()
            .filter_map(PlanItem::room_use)
            .collect();
        let first = window.starts_at.with_timezone(&HOUSE_ZONE).date_naive();
        let last = window.ends_at.with_timezone(&HOUSE_ZONE).date_naive();
        Ok(PlannerContext {
            rooms: rooms.into_iter().map(|r| r.info).collect(),
            uses,
            opening_hours: self.opening_hours(house_id).await?,
            closures: self
                .closures_between(house_id, first, last)
                .await?
                .into_iter()
                .map(|(date, _)| date)
                .collect(),
        })
    }
}

impl Db {
    /// The houses, by id, with their names.
    pub async fn houses(&self) -> StoreResult<Vec<(i64, String)>> {
        self.all(
            "select house_id, name from house order by house_id",
            args![],
        )
        .await
    }

    /// The plan of a house (the first when `house_id` is `None`) for the days
    /// `view` shows around `date`; `None` when there is no such house.
    pub async fn plan(
        &self,
        house_id: Option<i64>,
        view: PlanView,
        date: NaiveDate,
        room_filter: Vec<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Plan>> {
        let houses = self.houses().await?;
        let house = match house_id {
            Some(id) => houses.into_iter().find(|(h, _)| *h == id),
            None => houses.into_iter().next(),
        };
        let Some((house_id, house_name)) = house else {
            return Ok(None);
        };
        let days = view.days(date);
        let (Some(first), Some(last)) = (days.first().copied(), days.last().copied()) else {
            return Ok(None);
        };
        let day_start = |d: NaiveDate| {
            local_to_utc(d.and_time(NaiveTime::MIN), HOUSE_ZONE)
                .unwrap_or_else(|_| d.and_time(NaiveTime::MIN).and_utc())
        };
        let window = TimeSlot {
            starts_at: day_start(first),
            ends_at: day_start(last + Duration::days(1)),
        };
        let mut tx = self.begin_read().await?;
        let rooms = tx.planner_rooms(house_id).await?;
        let items = tx.placed_items(house_id, window).await?;
        let tray_rows: Vec<ItemRow> = tx
            .all(
                &format!(
                    "{ITEMS_SQL} and o.room_id is null and o.ends_at > $2
                     order by o.starts_at, o.occurrence_id limit {TRAY_LIMIT}"
                ),
                args![house_id, instant(now)],
            )
            .await?;
        let opening_hours = tx.opening_hours(house_id).await?;
        let closures = tx.closures_between(house_id, first, last).await?;
        tx.commit().await?;
        let room_filter = room_filter
            .into_iter()
            .filter(|id| rooms.iter().any(|r| r.info.room_id == *id))
            .collect();
        Ok(Some(Plan {
            house_id,
            house_name,
            view,
            days,
            rooms,
            room_filter,
            items,
            tray: tray_rows.into_iter().map(ItemRow::item).collect(),
            opening_hours,
            closures,
            now,
        }))
    }
}
