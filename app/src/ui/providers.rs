//! App-wide state: the visitor's language and the signed-in account.
use crate::accounts::api::{Login, Logout, SessionUser, Signup, current_user};
use crate::i18n::{Locale, Msg};
use crate::kernel::error::AppError;
use leptos::prelude::*;

/// The signed-in account and the actions that change it; the account is
/// fetched again whenever one of them completes.
#[derive(Clone, Copy)]
pub struct Auth {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub signup: ServerAction<Signup>,
    pub user: Resource<Result<Option<SessionUser>, AppError>>,
}

pub fn provide_auth() {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let signup = ServerAction::<Signup>::new();
    let user = Resource::new(
        move || {
            (
                login.version().get(),
                logout.version().get(),
                signup.version().get(),
            )
        },
        |_| current_user(),
    );
    provide_context(Auth {
        login,
        logout,
        signup,
        user,
    });
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(crate::ui::current_locale)
}

/// Translates a message into the visitor's language.
pub fn t(msg: Msg) -> &'static str {
    msg.text(use_locale())
}
