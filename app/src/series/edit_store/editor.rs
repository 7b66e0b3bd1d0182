//! What the series editor reads: the series, its dates to come, and the dates
//! holidays or closures skip.
use crate::args;
use crate::calendar::rules::SeriesDetails;
use crate::calendar::status::DateStatus;
use crate::calendar::store::{SeriesDefinitionRow, parse_date};
use crate::db::{Db, StoreResult};
use crate::i18n::machine_date;
use crate::series::recurrence::{Series, Skip};
use chrono::{DateTime, NaiveDate, Utc};

/// What an organiser's series editor shows.
#[derive(Clone, Debug)]
pub struct SeriesEditorRows {
    pub series_id: i64,
    pub opened_date: NaiveDate,
    pub opened_is_override: bool,
    pub definition: SeriesDefinitionRow,
    pub series: Series,
    pub details: SeriesDetails,
    pub dates: Vec<EditorDateRow>,
    pub skipped: Vec<(NaiveDate, Skip)>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EditorDateRow {
    pub occurrence_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub status: DateStatus,
    pub is_override: bool,
    pub room_name: Option<String>,
}

impl Db {
    /// What the series editor shows for the date `occurrence_id`: the series,
    /// its dates from `today` on, and the dates holidays or closures skip.
    pub async fn series_editor(
        &self,
        occurrence_id: i64,
        today: NaiveDate,
    ) -> StoreResult<Option<SeriesEditorRows>> {
        let mut tx = self.begin_read().await?;
        let Some(opened) = tx.opened_date(occurrence_id).await? else {
            return Ok(None);
        };
        let Some(definition) = tx.series_definition(opened.series_id).await? else {
            return Ok(None);
        };
        let marked = tx.series_marks_of(opened.series_id).await?;
        let Some(series) = definition.series(&marked) else {
            return Ok(None);
        };
        let Some(details) = tx.series_details(opened.series_id).await? else {
            return Ok(None);
        };
        let dates: Vec<EditorDateRow> = tx
            .all(
                "select o.occurrence_id, o.starts_at, o.ends_at, o.status, o.is_override, r.name as room_name
                 from occurrence o left join room r on r.room_id = o.room_id
                 where o.series_id = $1 and o.local_date >= $2
                 order by o.starts_at limit 60",
                args![opened.series_id, machine_date(today)],
            )
            .await?;
        let closures = tx.house_closures(definition.house_id).await?;
        tx.commit().await?;
        let until = definition
            .materialised_until
            .as_deref()
            .and_then(parse_date)
            .unwrap_or(today);
        let skipped = series
            .expand(today, until, &closures)
            .into_iter()
            .filter_map(|o| o.skipped.map(|why| (o.date, why)))
            .take(60)
            .collect();
        let opened_date = opened
            .local_date
            .as_deref()
            .and_then(parse_date)
            .unwrap_or(series.first_start.date());
        Ok(Some(SeriesEditorRows {
            series_id: opened.series_id,
            opened_date,
            opened_is_override: opened.is_override,
            definition,
            series,
            details,
            dates,
            skipped,
        }))
    }
}
