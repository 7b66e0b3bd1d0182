//! The server's side of the room requests' functions: who asks, what they may
//! see and do, and the checks before the store.
use super::{BookingSettingsData, RequestFormFields, RequestPageData, RequestSummary};
use crate::accounts::api::ssr::{require, signed_in};
use crate::accounts::limits::{limit_posts, limit_submissions};
use crate::accounts::permissions::{can_administer, can_moderate};
use crate::accounts::store::AccountRow;
use crate::bookings::fields;
use crate::bookings::rules::{RULES_MAX_CHARS, RequestInput, parse_fee, week_busy};
use crate::calendar::api::ssr::{day_bounds, today};
use crate::calendar::rules::has_stray_controls;
use crate::i18n::{Locale, Msg};
use crate::kernel::clock::now;
use crate::kernel::error::AppError;
use crate::kernel::request::{db, request_locale, request_parts, site_url};
use crate::offers::rules::parse_message;
use crate::series::api::ssr::parse_id;
use chrono::{Datelike, Days, NaiveDate};

async fn signed_in_account() -> Result<AccountRow, AppError> {
    signed_in().await?.ok_or(AppError::Unauthorized)
}

/// The Monday of the week holding `week` (a date), else of this week.
fn monday_of(week: &str) -> NaiveDate {
    let day = NaiveDate::parse_from_str(week.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&d.year()))
        .unwrap_or_else(today);
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

pub async fn page(room: &str, week: &str) -> Result<RequestPageData, AppError> {
    signed_in_account().await?;
    let db = db()?;
    let rooms = db.requestable_rooms().await?;
    let chosen = room.trim().parse::<i64>().ok();
    let room_id = chosen
        .filter(|id| rooms.iter().any(|r| r.room_id == *id))
        .or_else(|| rooms.first().map(|r| r.room_id));
    let monday = monday_of(week);
    let week = match room_id {
        Some(room_id) => {
            let last = monday + Days::new(6);
            let (starts_at, ends_at) = day_bounds(monday, last);
            let window = crate::calendar::rules::TimeSlot { starts_at, ends_at };
            let (uses, gap) = db.room_busy(room_id, window).await?;
            week_busy(monday, &uses, gap)
        }
        None => Vec::new(),
    };
    Ok(RequestPageData {
        rooms,
        room_id,
        monday: Some(monday),
        week,
        house_rules: db.house_rules(request_locale()).await?,
    })
}

pub async fn request(f: &RequestFormFields) -> Result<i64, AppError> {
    let account = signed_in_account().await?;
    // People leave the hidden field empty; a form-filling bot does not.
    if f.website.as_deref().is_some_and(|w| !w.is_empty()) {
        return Err(AppError::BadRequest);
    }
    limit_posts(account.account_id, &request_parts()?).await?;
    let input = RequestInput {
        room_id: f.room_id.clone(),
        date: f.date.clone(),
        starts: f.starts.clone(),
        ends: f.ends.clone(),
        purpose: f.purpose.clone(),
        guests: f.guests.clone(),
        contact: f.contact.clone().unwrap_or_default(),
        rules_accepted: f.rules_accepted.is_some(),
    };
    let draft = input.parse(now()).map_err(AppError::Invalid)?;
    let id = db()?
        .request_room(account.account_id, &draft, &site_url())
        .await?;
    leptos_axum::redirect("/offers#requests");
    Ok(id)
}

pub async fn withdraw(request_id: &str) -> Result<(), AppError> {
    let account = signed_in_account().await?;
    let request_id = parse_id(request_id)?;
    limit_submissions(account.account_id).await?;
    Ok(db()?
        .withdraw_request(account.account_id, request_id)
        .await?)
}

pub async fn decide(request_id: &str, decision: &str, reason: &str) -> Result<(), AppError> {
    let account = require(can_moderate).await?;
    let request_id = parse_id(request_id)?;
    let approve = match decision {
        "approve" => true,
        "decline" => false,
        _ => return Err(AppError::BadRequest),
    };
    let reason = if approve && reason.trim().is_empty() {
        String::new()
    } else {
        parse_message(fields::REASON, reason).map_err(|e| AppError::Invalid(vec![e]))?
    };
    limit_submissions(account.account_id).await?;
    Ok(db()?
        .decide_request(
            account.account_id,
            request_id,
            approve,
            &reason,
            today(),
            &site_url(),
        )
        .await?)
}

pub async fn message(request_id: &str, body: &str) -> Result<(), AppError> {
    let account = signed_in_account().await?;
    let request_id = parse_id(request_id)?;
    let body = parse_message(fields::BODY, body).map_err(|e| AppError::Invalid(vec![e]))?;
    limit_posts(account.account_id, &request_parts()?).await?;
    Ok(db()?
        .post_request_message(
            account.account_id,
            can_moderate(&account.roles),
            request_id,
            &body,
            &site_url(),
        )
        .await?)
}

/// The requests with their conversations.
async fn with_messages(mut requests: Vec<RequestSummary>) -> Result<Vec<RequestSummary>, AppError> {
    let ids: Vec<i64> = requests.iter().map(|r| r.request_id).collect();
    for (request_id, message) in db()?.request_messages(&ids).await? {
        if let Some(request) = requests.iter_mut().find(|r| r.request_id == request_id) {
            request.messages.push(message);
        }
    }
    Ok(requests)
}

pub async fn mine() -> Result<Vec<RequestSummary>, AppError> {
    let account = signed_in_account().await?;
    with_messages(db()?.my_requests(account.account_id).await?).await
}

pub async fn queue() -> Result<Vec<RequestSummary>, AppError> {
    require(can_moderate).await?;
    with_messages(db()?.request_queue().await?).await
}

pub async fn settings() -> Result<BookingSettingsData, AppError> {
    require(can_administer).await?;
    let db = db()?;
    Ok(BookingSettingsData {
        rooms: db.booking_rooms().await?,
        house_rules: db.all_house_rules().await?,
    })
}

pub async fn save_rules(language: &str, body: &str) -> Result<(), AppError> {
    let account = require(can_administer).await?;
    let locale = Locale::from_code(language).ok_or(AppError::BadRequest)?;
    let body = body.trim();
    if body.chars().count() > RULES_MAX_CHARS {
        return Err(AppError::invalid(fields::BODY, Msg::TextTooLong));
    }
    if has_stray_controls(body) {
        return Err(AppError::invalid(fields::BODY, Msg::ControlCharacters));
    }
    Ok(db()?
        .set_house_rules(account.account_id, locale, body)
        .await?)
}

pub async fn save_room(room_id: &str, fee: &str, bookable: bool) -> Result<(), AppError> {
    let account = require(can_administer).await?;
    let room_id = parse_id(room_id)?;
    let fee = parse_fee(fee).map_err(|msg| AppError::invalid(fields::FEE, msg))?;
    Ok(db()?
        .set_room_booking(account.account_id, room_id, bookable, fee)
        .await?)
}
