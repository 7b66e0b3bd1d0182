//! A person's own data (rule 6 of DESIGN.md): what is stored about them, as a
//! download, and deleting their account. Only ever about the signed-in account.
use crate::kernel::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// Everything stored about one account, as its owner downloads it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    pub email: String,
    pub display_name: String,
    pub language: String,
    pub created_at: Option<DateTime<Utc>>,
    pub roles: Vec<String>,
    pub groups: Vec<String>,
    pub registrations: Vec<RegistrationData>,
    pub private_feed_since: Option<DateTime<Utc>>,
    pub sessions: Vec<SessionData>,
    pub mails: Vec<MailData>,
    pub offers: Vec<OfferData>,
    pub offer_messages: Vec<OfferMessageData>,
    pub room_requests: Vec<RoomRequestData>,
    pub room_request_messages: Vec<RoomRequestMessageData>,
}

/// A message the account wrote about a room request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RoomRequestMessageData {
    pub request_id: i64,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A room the account asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RoomRequestData {
    pub request_id: i64,
    pub room: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub purpose: String,
    pub guests: i32,
    pub contact: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OfferData {
    pub offer_id: i64,
    pub title: String,
    pub description: String,
    pub status: String,
    pub contact: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A message the account wrote in an offer's thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OfferMessageData {
    pub offer_id: i64,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RegistrationData {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: String,
    pub registered_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SessionData {
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MailData {
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// The signed-in account's data. A GET, so a plain link downloads it.
#[server(endpoint = "accounts/my_data", input = GetUrl)]
pub async fn my_data() -> Result<PersonalData, AppError> {
    use crate::kernel::request::{db, set_page_status};
    let result = async {
        let account = super::api::ssr::signed_in()
            .await?
            .ok_or(AppError::Unauthorized)?;
        Ok(db()?.personal_data(account.account_id).await?)
    }
    .await;
    // A page's read and a download alike: a signed-out visitor gets 401.
    if let Err(err) = &result {
        set_page_status(err);
    }
    result
}

/// Changes the signed-in person's name and e-mail address.
#[server(endpoint = "accounts/update_profile")]
pub async fn update_profile(display_name: String, email: String) -> Result<(), AppError> {
    crate::kernel::request::respond(super::api::ssr::update_profile(&display_name, &email).await)
}

/// Changes the password once the current one is given; other devices are signed out.
#[server(endpoint = "accounts/change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    crate::kernel::request::respond(
        super::api::ssr::change_password(&current_password, &new_password).await,
    )
}

/// Deletes the signed-in account once its password confirms it: registrations
/// for coming dates are cancelled (waitlists move up), the mails to it are
/// forgotten, its sessions end.
#[server(endpoint = "accounts/delete_account")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    use crate::kernel::request::respond;
    respond(super::api::ssr::delete_own_account(&password).await)
}
