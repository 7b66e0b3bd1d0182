//! Log-in and sign-up pages.
use crate::accounts::fields as accounts_fields;
use crate::accounts::rules::{DisplayName, Email, Password};
use crate::i18n::Msg;
use crate::ui::form::{FormAlert, TextField, field_error};
use crate::ui::providers::{t, use_auth};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = use_auth().login;
    let value = login.value();
    view! {
        <Title text=t(Msg::LoginHeading) />
        <section class="narrow" aria-labelledby="login-heading">
            <h1 id="login-heading">{t(Msg::LoginHeading)}</h1>
            <p>{t(Msg::LoginIntro)}</p>
            <ActionForm action=login attr:class="form" attr:novalidate=true>
                <TextField
                    name={accounts_fields::EMAIL}
                    label=Msg::FieldEmail
                    kind="email"
                    required=true
                    maxlength=Email::MAX_LEN
                    autocomplete="email"
                    error=field_error(value, accounts_fields::EMAIL)
                />
                <TextField
                    name={accounts_fields::PASSWORD}
                    label=Msg::FieldPassword
                    kind="password"
                    required=true
                    autocomplete="current-password"
                    error=field_error(value, accounts_fields::PASSWORD)
                />
                <FormAlert value />
                <button class="button" type="submit" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { t(Msg::Loading) } else { t(Msg::SubmitLogin) }}
                </button>
            </ActionForm>
            <p>{t(Msg::NoAccountYet)} " " <A href="/signup">{t(Msg::NavSignup)}</A></p>
        </section>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let signup = use_auth().signup;
    let value = signup.value();
    view! {
        <Title text=t(Msg::SignupHeading) />
        <section class="narrow" aria-labelledby="signup-heading">
            <h1 id="signup-heading">{t(Msg::SignupHeading)}</h1>
            <ActionForm action=signup attr:class="form" attr:novalidate=true>
                <TextField
                    name={accounts_fields::DISPLAY_NAME}
                    label=Msg::FieldDisplayName
                    required=true
                    maxlength=DisplayName::MAX_CHARS
                    autocomplete="nickname"
                    error=field_error(value, accounts_fields::DISPLAY_NAME)
                />
                <TextField
                    name={accounts_fields::EMAIL}
                    label=Msg::FieldEmail
                    kind="email"
                    required=true
                    maxlength=Email::MAX_LEN
                    autocomplete="email"
                    error=field_error(value, accounts_fields::EMAIL)
                />
                <TextField
                    name={accounts_fields::PASSWORD}
                    label=Msg::FieldPassword
                    kind="password"
                    hint=Msg::PasswordHint
                    required=true
                    maxlength=Password::MAX_CHARS
                    autocomplete="new-password"
                    error=field_error(value, accounts_fields::PASSWORD)
                />
                <FormAlert value />
                <button class="button" type="submit" disabled=move || signup.pending().get()>
                    {move || if signup.pending().get() { t(Msg::Saving) } else { t(Msg::SubmitSignup) }}
                </button>
            </ActionForm>
            <p>{t(Msg::HaveAccount)} " " <A href="/login">{t(Msg::NavLogin)}</A></p>
        </section>
    }
}
