//! Houses, rooms, categories and events as the calendar reads and writes them.
use super::{Backend, Db, StoreResult, instant, on_db};
use crate::domain::calendar::{NewEvent, RoomBuffers, collision_bounds};
use crate::error::AppError;
use crate::i18n::Msg;
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UpcomingRow {
    pub occurrence_id: i64,
    pub title: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room_name: Option<String>,
    pub category_de: String,
    pub category_en: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RoomRow {
    pub room_id: i64,
    pub house_id: i64,
    pub name: String,
    pub capacity: i32,
    pub features: String,
    pub resident_bookable: bool,
    pub buffer_before_minutes: i32,
    pub buffer_after_minutes: i32,
    pub colour: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CategoryRow {
    pub category_id: i64,
    pub slug: String,
    pub name_de: String,
    pub name_en: String,
}

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
    /// Public, published, not cancelled occurrences that have not ended yet, soonest first.
    pub async fn upcoming_events(
        &self,
        from: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<UpcomingRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, UpcomingRow>(
                "select o.occurrence_id, s.title, s.description, o.starts_at, o.ends_at,
                        r.name as room_name, c.name_de as category_de, c.name_en as category_en
                 from occurrence o
                 join event_series s on s.series_id = o.series_id
                 join category c on c.category_id = s.category_id
                 left join room r on r.room_id = o.room_id
                 where s.visibility = 'public' and s.status = 'published' and o.status = 'scheduled'
                   and o.ends_at > $1
                 order by o.starts_at, o.occurrence_id
                 limit $2",
            )
            .bind(instant(from))
            .bind(limit)
            .fetch_all(pool)
            .await?)
        })
    }

    pub async fn rooms(&self) -> StoreResult<Vec<RoomRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, RoomRow>(
                "select room_id, house_id, name, capacity, features, resident_bookable,
                        buffer_before_minutes, buffer_after_minutes, colour
                 from room order by name",
            )
            .fetch_all(pool)
            .await?)
        })
    }

    pub async fn categories(&self) -> StoreResult<Vec<CategoryRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, CategoryRow>("select category_id, slug, name_de, name_en from category order by name_de")
                .fetch_all(pool)
                .await?)
        })
    }

    pub async fn create_house(&self, name: &str, address: &str) -> StoreResult<i64> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar("insert into house (name, address) values ($1, $2) returning house_id")
                .bind(name)
                .bind(address)
                .fetch_one(pool)
                .await?)
        })
    }

    pub async fn create_room(&self, house_id: i64, room: &NewRoom<'_>) -> StoreResult<i64> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar(
                "insert into room (house_id, name, capacity, features, resident_bookable,
                                   buffer_before_minutes, buffer_after_minutes, colour)
                 values ($1, $2, $3, $4, $5, $6, $7, $8) returning room_id",
            )
            .bind(house_id)
            .bind(room.name)
            .bind(room.capacity)
            .bind(room.features.join(","))
            .bind(room.resident_bookable)
            .bind(room.buffers.before_minutes)
            .bind(room.buffers.after_minutes)
            .bind(room.colour)
            .fetch_one(pool)
            .await?)
        })
    }

    pub async fn create_category(
        &self,
        slug: &str,
        name_de: &str,
        name_en: &str,
    ) -> StoreResult<i64> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar("insert into category (slug, name_de, name_en) values ($1, $2, $3) returning category_id")
                .bind(slug)
                .bind(name_de)
                .bind(name_en)
                .fetch_one(pool)
                .await?)
        })
    }

    pub async fn create_group(
        &self,
        house_id: i64,
        name: &str,
        description: &str,
    ) -> StoreResult<i64> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar(
                "insert into community_group (house_id, name, description) values ($1, $2, $3) returning group_id",
            )
            .bind(house_id)
            .bind(name)
            .bind(description)
            .fetch_one(pool)
            .await?)
        })
    }

    pub async fn add_group_member(&self, group_id: i64, account_id: i64) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("insert into group_member (group_id, account_id) values ($1, $2) on conflict do nothing")
                .bind(group_id)
                .bind(account_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Creates a single-date event with its one occurrence, or refuses it at the
    /// field: unknown room or category, or a room already taken at that time
    /// (buffers included). The room's row is locked first, so concurrent requests
    /// for one room, on one server or many, are decided one after the other.
    pub async fn create_event(
        &self,
        event: &NewEvent,
        created_by: Option<i64>,
    ) -> StoreResult<i64> {
        let begin = self.begin_write_sql();
        on_db!(self, pool, backend => {
            let mut tx = pool.begin_with(begin).await?;
            let lock_room = match backend {
                Backend::Sqlite => "select house_id, buffer_before_minutes, buffer_after_minutes from room where room_id = $1",
                Backend::Postgres => "select house_id, buffer_before_minutes, buffer_after_minutes from room where room_id = $1 for update",
            };
            let room: Option<(i64, i32, i32)> =
                sqlx::query_as(lock_room).bind(event.room_id).fetch_optional(&mut *tx).await?;
            let category: Option<i64> = sqlx::query_scalar("select category_id from category where category_id = $1")
                .bind(event.category_id)
                .fetch_optional(&mut *tx)
                .await?;
            let mut errors = Vec::new();
            if category.is_none() {
                errors.push(crate::error::FieldError::new("category_id", Msg::CategoryUnknown));
            }
            let Some((house_id, before_minutes, after_minutes)) = room else {
                errors.insert(0, crate::error::FieldError::new("room_id", Msg::RoomUnknown));
                return Err(AppError::Invalid(errors).into());
            };
            if !errors.is_empty() {
                return Err(AppError::Invalid(errors).into());
            }
            let bounds = collision_bounds(event.slot, RoomBuffers { before_minutes, after_minutes });
            let taken: i64 = sqlx::query_scalar(
                "select count(*) from occurrence o join event_series s on s.series_id = o.series_id
                 where o.room_id = $1 and o.status = 'scheduled' and s.status <> 'cancelled'
                   and o.starts_at < $2 and o.ends_at > $3",
            )
            .bind(event.room_id)
            .bind(instant(bounds.ends_at))
            .bind(instant(bounds.starts_at))
            .fetch_one(&mut *tx)
            .await?;
            if taken > 0 {
                return Err(AppError::invalid("room_id", Msg::RoomTaken).into());
            }
            let series_id: i64 = sqlx::query_scalar(
                "insert into event_series (house_id, title, description, category_id, created_by)
                 values ($1, $2, $3, $4, $5) returning series_id",
            )
            .bind(house_id)
            .bind(&event.title)
            .bind(&event.description)
            .bind(event.category_id)
            .bind(created_by)
            .fetch_one(&mut *tx)
            .await?;
            let occurrence_id: i64 = sqlx::query_scalar(
                "insert into occurrence (series_id, room_id, starts_at, ends_at) values ($1, $2, $3, $4) returning occurrence_id",
            )
            .bind(series_id)
            .bind(event.room_id)
            .bind(instant(event.slot.starts_at))
            .bind(instant(event.slot.ends_at))
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("insert into audit_log (account_id, action, subject) values ($1, $2, $3)")
                .bind(created_by)
                .bind("event.create")
                .bind(format!("occurrence:{occurrence_id}"))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(occurrence_id)
        })
    }

    /// Whether the database holds neither a house nor an account: the only state
    /// in which demo data (with its known passwords) may be seeded.
    pub async fn is_empty(&self) -> StoreResult<bool> {
        on_db!(self, pool => {
            let rows: i64 = sqlx::query_scalar("select (select count(*) from house) + (select count(*) from account)")
                .fetch_one(pool)
                .await?;
            Ok(rows == 0)
        })
    }
}
