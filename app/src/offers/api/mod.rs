//! The offers' server functions: the author writes, submits, edits and
//! withdraws; both sides write in the thread; organisers decide. Every write
//! checks on the server who may do it.
use crate::calendar::api::Choice;
use crate::kernel::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

/// One line of a list of offers (the author's own, or the house's queue).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OfferSummary {
    pub offer_id: i64,
    pub title: String,
    pub status: String,
    /// `None` once the author deleted their account.
    pub author_name: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub messages: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OfferMessage {
    pub message_id: i64,
    pub from_house: bool,
    pub author_name: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// An offer as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OfferRecord {
    pub offer_id: i64,
    pub account_id: Option<i64>,
    pub group_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub audience: String,
    pub languages: String,
    pub frequency: String,
    pub preferred_times: String,
    pub expected_participants: Option<i32>,
    pub needs_features: String,
    pub volunteers_needed: bool,
    pub contact: String,
    pub status: String,
    pub decision_reason: String,
    pub series_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Everything the offer page shows: the offer (none for a new one), its
/// description as safe HTML, the thread, and what the visitor may do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferPageData {
    pub offer: Option<OfferRecord>,
    pub description_html: String,
    pub messages: Vec<OfferMessage>,
    pub is_author: bool,
    pub is_house: bool,
    pub categories: Vec<Choice>,
    pub groups: Vec<Choice>,
    /// For the organiser's accept form.
    pub rooms: Vec<Choice>,
}

/// The offer form as a browser sends it: text, and a checkbox per choice
/// (present when ticked).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferFormFields {
    pub offer_id: Option<String>,
    pub intent: Option<String>,
    pub website: Option<String>,
    pub title: String,
    pub description: String,
    pub category_id: String,
    pub group_id: Option<String>,
    pub frequency: Option<String>,
    pub preferred_times: Option<String>,
    pub expected_participants: Option<String>,
    pub volunteers_needed: Option<String>,
    pub contact: Option<String>,
    pub audience_everyone: Option<String>,
    pub audience_children: Option<String>,
    pub audience_youth: Option<String>,
    pub audience_families: Option<String>,
    pub audience_seniors: Option<String>,
    pub language_de: Option<String>,
    pub language_en: Option<String>,
    pub language_tr: Option<String>,
    pub language_ar: Option<String>,
    pub language_uk: Option<String>,
    pub language_ru: Option<String>,
    pub needs_step_free: Option<String>,
    pub needs_kitchen: Option<String>,
    pub needs_projector: Option<String>,
    pub needs_stage: Option<String>,
    pub needs_piano: Option<String>,
    pub needs_hearing_loop: Option<String>,
    pub needs_mats: Option<String>,
    pub needs_workbench: Option<String>,
}

/// The page of one offer, or with `offer_id` "new" the empty form.
#[server(endpoint = "offers/page", input = GetUrl)]
pub async fn offer_page(offer_id: String) -> Result<OfferPageData, AppError> {
    let result = ssr::page(&offer_id).await;
    if let Err(err) = &result {
        crate::kernel::request::set_page_status(err);
    }
    result
}

/// Saves the signed-in person's offer as a draft or submits it; then shows it.
#[server(endpoint = "offers/save")]
pub async fn save_offer(#[server(flatten)] fields: OfferFormFields) -> Result<i64, AppError> {
    crate::kernel::request::respond(ssr::save(&fields).await)
}

/// Takes the author's offer back before a decision.
#[server(endpoint = "offers/withdraw")]
pub async fn withdraw_offer(offer_id: String) -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::withdraw(&offer_id).await)
}

/// A message in the offer's thread, from its author or from the house.
#[server(endpoint = "offers/message")]
pub async fn post_offer_message(offer_id: String, body: String) -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::message(&offer_id, &body).await)
}

/// The organiser's decision form: the decision and its reason, and for
/// accepting the first date, how often it repeats and a room if one is free.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionFields {
    pub offer_id: String,
    pub decision: String,
    pub reason: String,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub repeat: Option<String>,
    pub count: Option<String>,
    pub room_id: Option<String>,
}

/// An organiser asks for changes, accepts or declines.
#[server(endpoint = "offers/decide")]
pub async fn decide_offer(#[server(flatten)] fields: DecisionFields) -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::decide(&fields).await)
}

/// The signed-in person's offers.
#[server(endpoint = "offers/mine", input = GetUrl)]
pub async fn my_offers() -> Result<Vec<OfferSummary>, AppError> {
    let result = ssr::mine().await;
    if let Err(err) = &result {
        crate::kernel::request::set_page_status(err);
    }
    result
}

/// One page of the house's queue, as the organisers see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub items: Vec<OfferSummary>,
    /// All offers waiting for the house, on every page.
    pub waiting: i64,
    pub next_page: Option<i64>,
}

/// The house's queue of offers, for organisers, a page at a time (from 0).
#[server(endpoint = "offers/queue", input = GetUrl)]
pub async fn offer_queue(page: i64) -> Result<QueuePage, AppError> {
    let result = ssr::queue(page).await;
    if let Err(err) = &result {
        crate::kernel::request::set_page_status(err);
    }
    result
}

impl OfferRecord {
    pub fn state(&self) -> crate::offers::rules::OfferStatus {
        crate::offers::rules::OfferStatus::from_code(&self.status)
            .unwrap_or(crate::offers::rules::OfferStatus::Draft)
    }

    /// The series an accepted offer becomes: its texts and audience, public
    /// once an organiser publishes it, in no room until one is chosen.
    pub fn series_details(&self) -> crate::calendar::rules::SeriesDetails {
        use crate::calendar::query::Audience;
        crate::calendar::rules::SeriesDetails {
            title: self.title.clone(),
            description: self.description.clone(),
            category_id: self.category_id,
            group_id: self.group_id,
            room_id: None,
            audience: Audience::parse_list(&self.audience),
            languages: self.languages.split(',').map(str::to_owned).collect(),
            price: crate::calendar::rules::Price::Free,
            accessibility: String::new(),
            contact: self.contact.clone(),
            seats: None,
            visibility: crate::calendar::rules::Visibility::Public,
            counselling: false,
        }
    }
}
