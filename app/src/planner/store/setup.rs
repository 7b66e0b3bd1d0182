//! What the planner needs set up about a house: which rooms combine others,
//! when the house is open, and what a series needs of its room.
use crate::args;
use crate::db::{Db, StoreResult};
use chrono::{NaiveTime, Weekday};

impl Db {
    /// Records that `whole` is (partly) made of `part`: a use of one blocks the other.
    pub async fn add_room_part(&self, whole: i64, part: i64) -> StoreResult<()> {
        self.execute(
            "insert into room_part (whole_room_id, part_room_id) values ($1, $2)",
            args![whole, part],
        )
        .await?;
        Ok(())
    }

    /// Sets the opening hours of one weekday; `None` closes the house that day.
    pub async fn set_opening_hours(
        &self,
        house_id: i64,
        weekday: Weekday,
        hours: Option<(NaiveTime, NaiveTime)>,
    ) -> StoreResult<()> {
        let day = i32::try_from(weekday.number_from_monday()).unwrap_or(1);
        let mut tx = self.begin_write().await?;
        tx.execute(
            "delete from opening_hours where house_id = $1 and weekday = $2",
            args![house_id, day],
        )
        .await?;
        if let Some((opens, closes)) = hours {
            tx.execute(
                "insert into opening_hours (house_id, weekday, opens, closes) values ($1, $2, $3, $4)",
                args![
                    house_id,
                    day,
                    opens.format("%H:%M").to_string(),
                    closes.format("%H:%M").to_string()
                ],
            )
            .await?;
        }
        tx.commit().await
    }

    /// What a series needs of its room: how many people are expected, which
    /// features (slugs), and whether it is loud (music, a party).
    pub async fn set_planning_needs(
        &self,
        series_id: i64,
        expected_attendance: Option<i32>,
        needs_features: &[&str],
        loud: bool,
    ) -> StoreResult<()> {
        self.execute(
            "update event_series set expected_attendance = $1, needs_features = $2, loud = $3
             where series_id = $4",
            args![
                expected_attendance,
                needs_features.join(","),
                loud,
                series_id
            ],
        )
        .await?;
        Ok(())
    }
}
