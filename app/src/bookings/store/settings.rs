//! The admin's settings for room requests: the house rules per language, and
//! each room's fee and whether residents may request it.
use super::ROOM_SELECT;
use crate::args;
use crate::bookings::api::RequestableRoom;
use crate::db::{Db, StoreResult, instant, now};
use crate::i18n::Locale;
use crate::kernel::error::AppError;

const FIRST_HOUSE: &str = "select house_id from house order by house_id limit 1";

impl Db {
    /// Every room of the house, by name.
    pub async fn booking_rooms(&self) -> StoreResult<Vec<RequestableRoom>> {
        self.all(&format!("{ROOM_SELECT} order by name"), args![])
            .await
    }

    /// The house rules in `locale`, else in German, else none.
    pub async fn house_rules(&self, locale: Locale) -> StoreResult<String> {
        let text: Option<String> = self
            .value_optional(
                &format!(
                    "select body from house_rules where house_id = ({FIRST_HOUSE})
                       and language in ($1, 'de') and body <> ''
                     order by case when language = $1 then 0 else 1 end limit 1"
                ),
                args![locale.code()],
            )
            .await?;
        Ok(text.unwrap_or_default())
    }

    /// The house rules in every language of the site, empty where none is written.
    pub async fn all_house_rules(&self) -> StoreResult<Vec<(String, String)>> {
        let stored: Vec<(String, String)> = self
            .all(
                &format!("select language, body from house_rules where house_id = ({FIRST_HOUSE})"),
                args![],
            )
            .await?;
        Ok(Locale::ALL
            .into_iter()
            .map(|locale| {
                let body = stored
                    .iter()
                    .find(|(code, _)| code == locale.code())
                    .map(|(_, body)| body.clone())
                    .unwrap_or_default();
                (locale.code().to_owned(), body)
            })
            .collect())
    }

    pub async fn set_house_rules(&self, by: i64, locale: Locale, body: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        tx.execute(
            &format!(
                "insert into house_rules (house_id, language, body, updated_at)
                 values (({FIRST_HOUSE}), $1, $2, $3)
                 on conflict (house_id, language) do update set body = $2, updated_at = $3"
            ),
            args![locale.code(), body, instant(now())],
        )
        .await?;
        tx.audit(Some(by), "settings.house_rules", locale.code())
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_room_booking(
        &self,
        by: i64,
        room_id: i64,
        bookable: bool,
        fee_cents: Option<i64>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let changed = tx
            .execute(
                "update room set resident_bookable = $2, fee_cents = $3 where room_id = $1",
                args![
                    room_id,
                    bookable,
                    fee_cents.and_then(|c| i32::try_from(c).ok())
                ],
            )
            .await?;
        if changed == 0 {
            return Err(AppError::NotFound.into());
        }
        tx.audit(Some(by), "settings.room", &format!("room:{room_id}"))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
