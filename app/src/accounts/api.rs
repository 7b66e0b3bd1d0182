//! Sign-up, log-in, log-out and the signed-in account.
use crate::accounts::permissions;
use crate::accounts::rules::Role;
use crate::kernel::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as the pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Offers waiting for the house, for an organiser's navigation.
    pub open_offers: i64,
    /// Room requests waiting for the house, likewise.
    pub open_requests: i64,
}

impl SessionUser {
    pub fn can_create_event(&self) -> bool {
        permissions::can_create_event(&self.roles)
    }

    pub fn can_administer(&self) -> bool {
        permissions::can_administer(&self.roles)
    }

    pub fn can_moderate(&self) -> bool {
        permissions::can_moderate(&self.roles)
    }
}

#[server(endpoint = "accounts/current_user")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let account = ssr::signed_in().await?;
    let Some(account) = account else {
        return Ok(None);
    };
    let (open_offers, open_requests) = if permissions::can_moderate(&account.roles) {
        let db = crate::kernel::request::db()?;
        (db.open_offer_count().await?, db.open_request_count().await?)
    } else {
        (0, 0)
    };
    Ok(Some(SessionUser {
        display_name: account.display_name,
        roles: account.roles,
        open_offers,
        open_requests,
    }))
}

#[server(endpoint = "accounts/login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::login(&email, &password).await)
}

#[server(endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::logout().await)
}

#[server(endpoint = "accounts/signup")]
pub async fn signup(email: String, display_name: String, password: String) -> Result<(), AppError> {
    crate::kernel::request::respond(ssr::signup(&email, &display_name, &password).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::accounts::limits::{self, LoginBuckets};
    use crate::accounts::rules::{DisplayName, Email, Password, Role};
    use crate::accounts::store::AccountRow;
    use crate::db::Db;
    use crate::i18n::Msg;
    use crate::kernel::error::{AppError, FieldError};
    use crate::kernel::request::{app_context, cookie, db, request_parts};
    use argon2::Argon2;
    use argon2::password_hash::{
        PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
    };
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use chrono::Duration;
    use http::header::SET_COOKIE;
    use http::{HeaderValue, request::Parts};
    use rand::RngCore;
    use sha2::{Digest, Sha256};
    use std::sync::OnceLock;

    pub const SESSION_COOKIE: &str = "tp_session";
    /// Password hashing takes ~19 MiB and a core for tens of milliseconds; a
    /// burst of logins waits in line instead of exhausting memory.
    static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    const SESSION_DAYS: i64 = 30;

    /// Every write server function counts its submissions (see `accounts::limits`).
    pub use crate::accounts::limits::limit_submissions;

    /// argon2id with the crate's defaults (19 MiB, 2 passes), on a blocking thread.
    pub async fn hash_password(password: String) -> Result<String, AppError> {
        let _permit = HASHING
            .acquire()
            .await
            .map_err(|e| internal("hash queue", e))?;
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
        })
        .await
        .map_err(|e| internal("hash task", e))?
        .map_err(|e| internal("hash", e))
    }

    async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
        let _permit = HASHING
            .acquire()
            .await
            .map_err(|e| internal("verify queue", e))?;
        tokio::task::spawn_blocking(move || {
            let parsed = PasswordHash::new(&hash).map_err(|e| internal("stored hash", e))?;
            Ok(Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok())
        })
        .await
        .map_err(|e| internal("verify task", e))?
    }

    /// Computes the decoy hash ahead of the first login, off the async workers.
    pub async fn warm_up() {
        drop(tokio::task::spawn_blocking(decoy_hash).await);
    }

    /// A hash to verify against when the e-mail is unknown, so that an unknown
    /// address costs as much time as a wrong password.
    fn decoy_hash() -> &'static str {
        static DECOY: OnceLock<String> = OnceLock::new();
        DECOY.get_or_init(|| {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(b"not a password anyone has", &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        })
    }

    fn internal(what: &str, err: impl std::fmt::Display) -> AppError {
        tracing::error!(error = %err, "{what} failed");
        AppError::Internal
    }

    /// Only the hash of a session token is stored: a leaked database holds no live sessions.
    pub fn token_hash(token: &str) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
    }

    pub fn new_token() -> String {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn secure(parts: &Parts) -> bool {
        let forwarded_https = parts
            .headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
        app_context().map(|c| c.secure_cookies).unwrap_or(false) || forwarded_https
    }

    fn set_cookie(value: String) -> Result<(), AppError> {
        let header = HeaderValue::from_str(&value).map_err(|e| internal("cookie header", e))?;
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(SET_COOKIE, header);
        }
        Ok(())
    }

    fn session_cookie(parts: &Parts, token: &str, max_age_seconds: i64) -> String {
        let secure = if secure(parts) { "; Secure" } else { "" };
        format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
        )
    }

    /// The account behind the request's session cookie, if any.
    pub async fn signed_in() -> Result<Option<AccountRow>, AppError> {
        let parts = request_parts()?;
        let Some(token) = cookie(&parts, SESSION_COOKIE) else {
            return Ok(None);
        };
        Ok(db()?.session_account(&token_hash(&token)).await?)
    }

    /// The signed-in account if `allowed` says yes: 401 without a session, 403 without the role.
    pub async fn require(allowed: fn(&[Role]) -> bool) -> Result<AccountRow, AppError> {
        let account = signed_in().await?.ok_or(AppError::Unauthorized)?;
        if allowed(&account.roles) {
            Ok(account)
        } else {
            Err(AppError::Forbidden)
        }
    }

    async fn start_session(db: &Db, parts: &Parts, account_id: i64) -> Result<(), AppError> {
        db.purge_expired_sessions().await?;
        let token = new_token();
        db.create_session(
            account_id,
            &token_hash(&token),
            Duration::days(SESSION_DAYS),
        )
        .await?;
        set_cookie(session_cookie(parts, &token, SESSION_DAYS * 24 * 3600))
    }

    pub async fn login(email: &str, password: &str) -> Result<(), AppError> {
        let parts = request_parts()?;
        let db = db()?;
        let email = Email::parse(email)
            .map_err(|msg| AppError::invalid(crate::accounts::fields::EMAIL, msg))?;
        // Counted per address and client, never per address alone: a stranger's
        // wrong guesses must not keep the owner out.
        let buckets = LoginBuckets::new(email.as_str(), &parts);
        limits::start_login_attempt(&buckets).await?;
        let row = db.login_row(&email).await?;
        let stored = row
            .as_ref()
            .map_or_else(|| decoy_hash().to_owned(), |r| r.password_hash.clone());
        let matches = verify_password(password.to_owned(), stored).await?;
        match row {
            Some(row) if matches => {
                limits::login_succeeded(&buckets).await?;
                // A new session replaces the one this browser presented, if any.
                if let Some(old) = cookie(&parts, SESSION_COOKIE) {
                    db.delete_session(&token_hash(&old)).await?;
                }
                start_session(&db, &parts, row.account_id).await?;
                leptos_axum::redirect("/");
                Ok(())
            }
            _ => Err(AppError::invalid(
                crate::accounts::fields::PASSWORD,
                Msg::LoginFailed,
            )),
        }
    }

    pub async fn logout() -> Result<(), AppError> {
        let parts = request_parts()?;
        if let Some(token) = cookie(&parts, SESSION_COOKIE) {
            db()?.delete_session(&token_hash(&token)).await?;
        }
        set_cookie(session_cookie(&parts, "", 0))?;
        leptos_axum::redirect("/");
        Ok(())
    }

    /// Checks the signed-in person's password again, for a change a session
    /// left open on a shared computer must not allow; a mismatch is told at `field`.
    async fn confirm_password(
        account: &AccountRow,
        password: &str,
        field: &'static str,
    ) -> Result<(), AppError> {
        let wrong = || AppError::invalid(field, Msg::PasswordWrong);
        if password.chars().count() > Password::MAX_CHARS {
            return Err(wrong());
        }
        let email = Email::parse(&account.email).map_err(|_| AppError::Internal)?;
        let row = db()?
            .login_row(&email)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if verify_password(password.to_owned(), row.password_hash).await? {
            Ok(())
        } else {
            Err(wrong())
        }
    }

    /// Changes the signed-in person's name and e-mail address.
    pub async fn update_profile(display_name: &str, email: &str) -> Result<(), AppError> {
        use crate::accounts::fields::{DISPLAY_NAME, EMAIL};
        let account = signed_in().await?.ok_or(AppError::Unauthorized)?;
        let (name, email) = match (DisplayName::parse(display_name), Email::parse(email)) {
            (Ok(name), Ok(email)) => (name, email),
            (name, email) => {
                let errors = [(DISPLAY_NAME, name.err()), (EMAIL, email.err())]
                    .into_iter()
                    .filter_map(|(field, msg)| msg.map(|m| FieldError::new(field, m)))
                    .collect();
                return Err(AppError::Invalid(errors));
            }
        };
        limit_submissions(account.account_id).await?;
        db()?
            .update_profile(account.account_id, &name, &email)
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict(msg) => AppError::invalid(EMAIL, msg),
                other => other,
            })
    }

    /// Changes the password once the current one is given; every other
    /// session of the account ends, this one stays.
    pub async fn change_password(current: &str, new: &str) -> Result<(), AppError> {
        use crate::accounts::fields::{CURRENT_PASSWORD, NEW_PASSWORD};
        let parts = request_parts()?;
        let account = signed_in().await?.ok_or(AppError::Unauthorized)?;
        limit_submissions(account.account_id).await?;
        let new = Password::parse(new).map_err(|msg| AppError::invalid(NEW_PASSWORD, msg))?;
        confirm_password(&account, current, CURRENT_PASSWORD).await?;
        let hash = hash_password(new.as_str().to_owned()).await?;
        let token = cookie(&parts, SESSION_COOKIE).unwrap_or_default();
        db()?
            .change_password(account.account_id, &hash, &token_hash(&token))
            .await?;
        Ok(())
    }

    /// Deletes the signed-in account once its password is given again (a
    /// session left open on a shared computer is not enough), then ends the session.
    pub async fn delete_own_account(password: &str) -> Result<(), AppError> {
        let parts = request_parts()?;
        let account = signed_in().await?.ok_or(AppError::Unauthorized)?;
        limit_submissions(account.account_id).await?;
        confirm_password(&account, password, crate::accounts::fields::PASSWORD).await?;
        db()?.delete_account(account.account_id).await?;
        tracing::info!(
            account_id = account.account_id,
            "account deleted by its owner"
        );
        set_cookie(session_cookie(&parts, "", 0))?;
        leptos_axum::redirect("/");
        Ok(())
    }

    pub async fn signup(email: &str, display_name: &str, password: &str) -> Result<(), AppError> {
        let parts = request_parts()?;
        let db = db()?;
        let email = Email::parse(email);
        let name = DisplayName::parse(display_name);
        let password = Password::parse(password);
        let (email, name, password) = match (email, name, password) {
            (Ok(e), Ok(n), Ok(p)) => (e, n, p),
            (e, n, p) => {
                let errors = [
                    (crate::accounts::fields::EMAIL, e.err()),
                    (crate::accounts::fields::DISPLAY_NAME, n.err()),
                    (crate::accounts::fields::PASSWORD, p.err()),
                ]
                .into_iter()
                .filter_map(|(field, msg)| msg.map(|m| FieldError::new(field, m)))
                .collect();
                return Err(AppError::Invalid(errors));
            }
        };
        limits::limit_signups(&parts).await?;
        let hash = hash_password(password.as_str().to_owned()).await?;
        let account_id = db
            .create_account(&email, &name, &hash, &[Role::Resident])
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict(msg) => AppError::invalid(crate::accounts::fields::EMAIL, msg),
                other => other,
            })?;
        // Mails go out in the language the account was made in.
        db.set_account_language(account_id, crate::kernel::request::request_locale().code())
            .await?;
        start_session(&db, &parts, account_id).await?;
        leptos_axum::redirect("/");
        Ok(())
    }
}
