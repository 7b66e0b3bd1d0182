//! The server's side of the offers' functions: who asks, what they may see
//! and do, and the checks before the store.
use super::{DecisionFields, OfferFormFields, OfferPageData, OfferSummary};
use crate::accounts::api::ssr::{require, signed_in};
use crate::accounts::limits::{limit_posts, limit_submissions};
use crate::accounts::permissions::can_moderate;
use crate::accounts::store::AccountRow;
use crate::calendar::api::Choice;
use crate::calendar::query::Audience;
use crate::kernel::error::AppError;
use crate::kernel::markdown::to_safe_html;
use crate::kernel::request::{db, request_parts, site_url};
use crate::offers::fields;
use crate::offers::rules::{
    Decision, OfferInput, OfferStatus, parse_accept, parse_message, parse_reason,
};
use crate::offers::store::AcceptPlan;
use crate::series::api::ssr::parse_id;
use crate::series::recurrence::Series;

fn anyone(_: &[crate::accounts::rules::Role]) -> bool {
    true
}

async fn signed_in_account() -> Result<AccountRow, AppError> {
    signed_in().await?.ok_or(AppError::Unauthorized)
}

pub async fn page(offer_id: &str) -> Result<OfferPageData, AppError> {
    let account = signed_in_account().await?;
    let db = db()?;
    let choices = crate::calendar::api::ssr::form_choices().await?;
    let groups = db
        .member_groups(account.account_id)
        .await?
        .into_iter()
        .map(|(id, label)| Choice { id, label })
        .collect();
    if offer_id == "new" {
        return Ok(OfferPageData {
            is_author: true,
            categories: choices.categories,
            groups,
            ..OfferPageData::default()
        });
    }
    let offer = db
        .offer(parse_id(offer_id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = OfferStatus::from_code(&offer.status).ok_or(AppError::NotFound)?;
    let is_author = offer.account_id == Some(account.account_id);
    let is_house = can_moderate(&account.roles) && status.visible_to_house();
    if !is_author && !is_house {
        // Someone else's offer is as good as none.
        return Err(AppError::NotFound);
    }
    let messages = db.offer_messages(offer.offer_id).await?;
    Ok(OfferPageData {
        description_html: to_safe_html(&offer.description),
        offer: Some(offer),
        messages,
        is_author,
        is_house,
        categories: choices.categories,
        groups,
        rooms: if is_house { choices.rooms } else { Vec::new() },
    })
}

fn ticked(field: &Option<String>) -> bool {
    field.is_some()
}

pub fn offer_input(f: &OfferFormFields) -> OfferInput {
    let text = |field: &Option<String>| field.clone().unwrap_or_default();
    let audience = [
        (Audience::Everyone, &f.audience_everyone),
        (Audience::Children, &f.audience_children),
        (Audience::Youth, &f.audience_youth),
        (Audience::Families, &f.audience_families),
        (Audience::Seniors, &f.audience_seniors),
    ];
    let languages = [
        ("de", &f.language_de),
        ("en", &f.language_en),
        ("tr", &f.language_tr),
        ("ar", &f.language_ar),
        ("uk", &f.language_uk),
        ("ru", &f.language_ru),
    ];
    let features = [
        ("step_free", &f.needs_step_free),
        ("kitchen", &f.needs_kitchen),
        ("projector", &f.needs_projector),
        ("stage", &f.needs_stage),
        ("piano", &f.needs_piano),
        ("hearing_loop", &f.needs_hearing_loop),
        ("mats", &f.needs_mats),
        ("workbench", &f.needs_workbench),
    ];
    OfferInput {
        title: f.title.clone(),
        description: f.description.clone(),
        category_id: f.category_id.clone(),
        group_id: text(&f.group_id),
        audience: audience
            .into_iter()
            .filter(|(_, t)| ticked(t))
            .map(|(a, _)| a)
            .collect(),
        languages: languages
            .into_iter()
            .filter(|(_, t)| ticked(t))
            .map(|(code, _)| code.to_owned())
            .collect(),
        frequency: text(&f.frequency),
        preferred_times: text(&f.preferred_times),
        expected_participants: text(&f.expected_participants),
        needs_features: features
            .into_iter()
            .filter(|(_, t)| ticked(t))
            .map(|(code, _)| code.to_owned())
            .collect(),
        volunteers_needed: ticked(&f.volunteers_needed),
        contact: text(&f.contact),
    }
}

pub async fn save(f: &OfferFormFields) -> Result<i64, AppError> {
    let account = require(anyone).await?;
    // People leave the hidden field empty; a form-filling bot does not.
    if f.website.as_deref().is_some_and(|w| !w.is_empty()) {
        return Err(AppError::BadRequest);
    }
    let offer_id = match f.offer_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => Some(parse_id(id)?),
    };
    let submit = match f.intent.as_deref() {
        Some("submit") => true,
        None | Some("draft") => false,
        Some(_) => return Err(AppError::BadRequest),
    };
    limit_posts(account.account_id, &request_parts()?).await?;
    let draft = offer_input(f).parse().map_err(AppError::Invalid)?;
    let id = db()?
        .save_offer(account.account_id, offer_id, &draft, submit, &site_url())
        .await?;
    leptos_axum::redirect(&format!("/offers/{id}"));
    Ok(id)
}

pub async fn withdraw(offer_id: &str) -> Result<(), AppError> {
    let account = signed_in_account().await?;
    let offer_id = parse_id(offer_id)?;
    limit_submissions(account.account_id).await?;
    Ok(db()?.withdraw_offer(account.account_id, offer_id).await?)
}

pub async fn message(offer_id: &str, body: &str) -> Result<(), AppError> {
    let account = signed_in_account().await?;
    let offer_id = parse_id(offer_id)?;
    let body = parse_message(fields::BODY, body).map_err(|e| AppError::Invalid(vec![e]))?;
    limit_posts(account.account_id, &request_parts()?).await?;
    Ok(db()?
        .post_offer_message(
            account.account_id,
            can_moderate(&account.roles),
            offer_id,
            &body,
            &site_url(),
        )
        .await?)
}

pub async fn decide(f: &DecisionFields) -> Result<(), AppError> {
    let account = require(can_moderate).await?;
    let offer_id = parse_id(&f.offer_id)?;
    let decision = Decision::from_code(&f.decision).ok_or(AppError::BadRequest)?;
    let reason = parse_reason(decision, &f.reason);
    let plan = match decision {
        Decision::Accept => Some(accept_plan(f)),
        _ => None,
    };
    let (reason, plan) = match (reason, plan) {
        (Ok(reason), None) => (reason, None),
        (Ok(reason), Some(Ok(plan))) => (reason, Some(plan)),
        (reason, plan) => {
            let mut errors: Vec<_> = reason.err().into_iter().collect();
            if let Some(Err(more)) = plan {
                errors.extend(more);
            }
            return Err(AppError::Invalid(errors));
        }
    };
    limit_submissions(account.account_id).await?;
    db()?
        .decide_offer(
            account.account_id,
            offer_id,
            decision,
            &reason,
            plan,
            &site_url(),
        )
        .await?;
    Ok(())
}

fn accept_plan(f: &DecisionFields) -> Result<AcceptPlan, Vec<crate::kernel::error::FieldError>> {
    use crate::kernel::error::FieldError;
    let text = |field: &Option<String>| field.clone().unwrap_or_default();
    let room_id = match text(&f.room_id).trim() {
        "" => Ok(None),
        id => parse_id(id)
            .map(Some)
            .map_err(|_| FieldError::new(fields::ROOM_ID, crate::i18n::Msg::RoomUnknown)),
    };
    let dates = parse_accept(
        &text(&f.starts_at),
        &text(&f.ends_at),
        &text(&f.repeat),
        &text(&f.count),
    );
    match (dates, room_id) {
        (Ok(dates), Ok(room_id)) => Ok(AcceptPlan {
            series: Series {
                first_start: dates.first_start,
                duration_minutes: dates.duration_minutes,
                rule: dates.rule,
                exceptions: Default::default(),
                restored: Default::default(),
                skip_public_holidays: true,
                skip_school_holidays: false,
            },
            room_id,
            today: crate::calendar::api::ssr::today(),
        }),
        (dates, room) => {
            let mut errors = dates.err().unwrap_or_default();
            errors.extend(room.err());
            Err(errors)
        }
    }
}

pub async fn mine() -> Result<Vec<OfferSummary>, AppError> {
    let account = signed_in_account().await?;
    Ok(db()?.my_offers(account.account_id).await?)
}

pub async fn queue(page: i64) -> Result<super::QueuePage, AppError> {
    require(can_moderate).await?;
    Ok(db()?.offer_queue(page).await?)
}
