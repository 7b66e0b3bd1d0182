//! The room requests' server functions: a signed-in person asks for a room and
//! may take the request back; organisers approve or decline; admins set the
//! house rules and each room's fee. Every write checks on the server who may do it.
use crate::bookings::rules::BusyDay;
use crate::kernel::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

/// One request as its person and the house's queue list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RequestSummary {
    pub request_id: i64,
    pub room_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub purpose: String,
    pub guests: i32,
    pub contact: String,
    pub status: String,
    pub decision_reason: String,
    /// `None` once the person deleted their account.
    pub requester_name: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The conversation about it, oldest first (read after the row).
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub messages: Vec<crate::offers::api::OfferMessage>,
}

/// A room residents may request, with what the form tells about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RequestableRoom {
    pub room_id: i64,
    pub name: String,
    pub capacity: i32,
    pub fee_cents: Option<i32>,
    pub resident_bookable: bool,
}

/// The request page: the rooms to choose from, the chosen room's week, and
/// the house rules in the visitor's language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPageData {
    pub rooms: Vec<RequestableRoom>,
    pub room_id: Option<i64>,
    pub monday: Option<NaiveDate>,
    pub week: Vec<BusyDay>,
    pub house_rules: String,
}

/// The rooms a resident may request, the chosen one's week from the Monday
/// of `week` (a date; empty: this week), and the house rules.
#[server(endpoint = "bookings/page", input = GetUrl)]
pub async fn request_page(room: String, week: String) -> Result<RequestPageData, AppError> {
    let result = ssr::page(&room, &week).await;
    if let Err(err) = &result {
        crate::kernel::request::set_page_status(err);
    }
    result
}

/// The request form as a browser sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFormFields {
    pub room_id: String,
    pub date: String,
    pub starts: String,
    pub ends: String,
    pub purpose: String,
    pub guests: String,
    pub contact: Option<String>,
    pub rules_accepted: Option<String>,
    pub website: Option<String>,
}

/// Sends the signed-in person's request to the house; answers its id.
#[server(endpoint = "bookings/request")]
pub async fn request_room(#[server(flatten)] fields: RequestFormFields) -> Result<i64, AppError> {
    crate::kernel::request::respond(ssr::request(&fields).await)
}

/// Takes the person's own request back before a decision.
#[server(endpoint = "bookings/withdraw")]
pub async fn withdraw_request(request_id: String) -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::withdraw(&request_id).await)
}

/// A message about a waiting request, from its person or from the house.
#[server(endpoint = "bookings/message")]
pub async fn post_request_message(request_id: String, body: String) -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::message(&request_id, &body).await)
}

/// An organiser approves ("approve") or declines ("decline", with a reason).
#[server(endpoint = "bookings/decide")]
pub async fn decide_request(
    request_id: String,
    decision: String,
    reason: String,
) -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::decide(&request_id, &decision, &reason).await)
}

/// The signed-in person's requests.
#[server(endpoint = "bookings/mine", input = GetUrl)]
pub async fn my_requests() -> Result<Vec<RequestSummary>, AppError> {
    let result = ssr::mine().await;
    if let Err(err) = &result {
        crate::kernel::request::set_page_status(err);
    }
    result
}

/// The house's requests: the waiting ones, oldest first, then the last decided.
#[server(endpoint = "bookings/queue", input = GetUrl)]
pub async fn request_queue() -> Result<Vec<RequestSummary>, AppError> {
    let result = ssr::queue().await;
    if let Err(err) = &result {
        crate::kernel::request::set_page_status(err);
    }
    result
}

/// What the admin's settings page edits: every room, and the house rules per language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingSettingsData {
    pub rooms: Vec<RequestableRoom>,
    /// (language code, text) for every language of the site.
    pub house_rules: Vec<(String, String)>,
}

#[server(endpoint = "bookings/settings", input = GetUrl)]
pub async fn booking_settings() -> Result<BookingSettingsData, AppError> {
    let result = ssr::settings().await;
    if let Err(err) = &result {
        crate::kernel::request::set_page_status(err);
    }
    result
}

/// The house rules in one language (admins only).
#[server(endpoint = "bookings/save_rules")]
pub async fn save_house_rules(language: String, body: String) -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::save_rules(&language, &body).await)
}

/// Whether residents may request a room, and its fee (admins only).
#[server(endpoint = "bookings/save_room")]
pub async fn save_room_booking(
    room_id: String,
    fee: String,
    bookable: Option<String>,
) -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::save_room(&room_id, &fee, bookable.is_some()).await)
}
