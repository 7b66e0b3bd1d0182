//! The house's own records: rooms, categories, groups and closure days.
use crate::args;
use crate::db::{Db, StoreResult};
use crate::i18n::machine_date;
use crate::rooms::rules::RoomBuffers;
use chrono::NaiveDate;

/// What a new room needs; ids and timestamps come from the database.
pub struct NewRoom<'a> {
    pub name: &'a str,
    pub capacity: i32,
    pub features: &'a [&'a str],
    pub resident_bookable: bool,
    pub buffers: RoomBuffers,
    pub colour: &'a str,
}

impl Db {
    pub async fn create_house(&self, name: &str, address: &str) -> StoreResult<i64> {
        self.value(
            "insert into house (name, address) values ($1, $2) returning house_id",
            args![name, address],
        )
        .await
    }

    pub async fn create_room(&self, house_id: i64, room: &NewRoom<'_>) -> StoreResult<i64> {
        self.value(
            "insert into room (house_id, name, capacity, features, resident_bookable,
                               buffer_before_minutes, buffer_after_minutes, colour)
             values ($1, $2, $3, $4, $5, $6, $7, $8) returning room_id",
            args![
                house_id,
                room.name,
                room.capacity,
                room.features.join(","),
                room.resident_bookable,
                room.buffers.before_minutes,
                room.buffers.after_minutes,
                room.colour
            ],
        )
        .await
    }

    pub async fn create_category(
        &self,
        slug: &str,
        name_de: &str,
        name_en: &str,
    ) -> StoreResult<i64> {
        self.value(
            "insert into category (slug, name_de, name_en) values ($1, $2, $3) returning category_id",
            args![slug, name_de, name_en],
        )
        .await
    }

    pub async fn create_group(
        &self,
        house_id: i64,
        name: &str,
        description: &str,
    ) -> StoreResult<i64> {
        self.value(
            "insert into community_group (house_id, name, description) values ($1, $2, $3) returning group_id",
            args![house_id, name, description],
        )
        .await
    }

    pub async fn add_group_member(&self, group_id: i64, account_id: i64) -> StoreResult<()> {
        self.execute(
            "insert into group_member (group_id, account_id) values ($1, $2) on conflict do nothing",
            args![group_id, account_id],
        )
        .await?;
        Ok(())
    }

    /// Marks the house closed on a local date.
    pub async fn add_closure(
        &self,
        house_id: i64,
        date: NaiveDate,
        reason: &str,
    ) -> StoreResult<()> {
        self.execute(
            "insert into closure (house_id, local_date, reason) values ($1, $2, $3) on conflict do nothing",
            args![house_id, machine_date(date), reason],
        )
        .await?;
        Ok(())
    }
}
