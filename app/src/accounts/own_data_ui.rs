//! "Your account": what is stored about the signed-in person, a download of it
//! all, and deleting the account. Works without JavaScript: a link and a form.
use super::fields;
use super::own_data::{ChangePassword, DeleteAccount, PersonalData, UpdateProfile, my_data};
use super::rules::{DisplayName, Email, Password, Role};
use crate::i18n::{Locale, Msg, format_date};
use crate::kernel::error::AppError;
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use crate::ui::form::{FormAlert, TextField, field_error};
use crate::ui::providers::{t, use_auth, use_locale};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let update = ServerAction::<UpdateProfile>::new();
    let data = Resource::new(move || update.version().get(), |_| my_data());
    view! {
        <Title text=t(Msg::AccountHeading) />
        <h1>{t(Msg::AccountHeading)}</h1>
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => {
                        let (name, email) = (data.display_name.clone(), data.email.clone());
                        EitherOf3::A(view! {
                            <StoredData data />
                            <ProfileForm update name email />
                            <PasswordForm />
                            <DeleteAccountForm />
                        })
                    }
                    Err(AppError::Unauthorized) => EitherOf3::B(view! {
                        <p>{t(Msg::ErrorUnauthorized)} " " <a href="/login">{t(Msg::NavLogin)}</a></p>
                    }),
                    Err(err) => EitherOf3::C(view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }),
                }
            })}
        </Transition>
    }
}

fn role_name(role: &str) -> &'static str {
    match Role::parse(role) {
        Some(Role::Resident) => t(Msg::RoleResident),
        Some(Role::Volunteer) => t(Msg::RoleVolunteer),
        Some(Role::Organiser) => t(Msg::RoleOrganiser),
        Some(Role::Admin) => t(Msg::RoleAdmin),
        None => "",
    }
}

#[component]
fn StoredData(data: PersonalData) -> impl IntoView {
    let locale = use_locale();
    let language = Locale::from_code(&data.language)
        .unwrap_or_default()
        .native_name();
    let since = data
        .created_at
        .map(|at| format_date(locale, utc_to_local(at, HOUSE_ZONE).date()))
        .unwrap_or_default();
    let roles = data
        .roles
        .iter()
        .map(|r| role_name(r))
        .collect::<Vec<_>>()
        .join(", ");
    let feed = if data.private_feed_since.is_some() {
        t(Msg::Yes)
    } else {
        t(Msg::No)
    };
    let count = |n: usize| n.to_string();
    view! {
        <section class="card" aria-labelledby="stored-heading">
            <h2 id="stored-heading">{t(Msg::AccountStoredHeading)}</h2>
            <p>{t(Msg::AccountStoredIntro)}</p>
            <dl class="facts">
                <dt>{t(Msg::FieldDisplayName)}</dt><dd>{data.display_name}</dd>
                <dt>{t(Msg::FieldEmail)}</dt><dd>{data.email}</dd>
                <dt>{t(Msg::AccountLanguage)}</dt><dd>{language}</dd>
                <dt>{t(Msg::AccountRoles)}</dt><dd>{roles}</dd>
                <dt>{t(Msg::AccountSince)}</dt><dd>{since}</dd>
                <dt>{t(Msg::AccountGroups)}</dt><dd>{count(data.groups.len())}</dd>
                <dt>{t(Msg::AccountRegistrations)}</dt><dd>{count(data.registrations.len())}</dd>
                <dt>{t(Msg::PrivateFeedHeading)}</dt><dd>{feed}</dd>
                <dt>{t(Msg::AccountSessions)}</dt><dd>{count(data.sessions.len())}</dd>
                <dt>{t(Msg::AccountMails)}</dt><dd>{count(data.mails.len())}</dd>
            </dl>
            <p>
                <a class="button button--secondary" href="/api/accounts/my_data" download="treffpunkt-daten.json">
                    {t(Msg::AccountDownload)}
                </a>
            </p>
        </section>
    }
}

#[component]
fn ProfileForm(update: ServerAction<UpdateProfile>, name: String, email: String) -> impl IntoView {
    let value = update.value();
    let auth = use_auth();
    let saved = move || matches!(value.get(), Some(Ok(())));
    // The header shows the name: fetch it again once it changed.
    Effect::new(move |_| {
        if saved() {
            auth.user.refetch();
        }
    });
    view! {
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t(Msg::AccountProfileHeading)}</h2>
            <ActionForm action=update attr:class="form" attr:novalidate=true>
                <TextField
                    name={fields::DISPLAY_NAME}
                    label=Msg::FieldDisplayName
                    required=true
                    maxlength=DisplayName::MAX_CHARS
                    autocomplete="nickname"
                    value=name
                    error=field_error(value, fields::DISPLAY_NAME)
                />
                <TextField
                    name={fields::EMAIL}
                    label=Msg::FieldEmail
                    kind="email"
                    required=true
                    maxlength=Email::MAX_LEN
                    autocomplete="email"
                    value=email
                    error=field_error(value, fields::EMAIL)
                />
                <FormAlert value />
                <p class="form-success" role="status">{move || saved().then(|| t(Msg::ChangesSaved))}</p>
                <button class="button" type="submit" disabled=move || update.pending().get()>
                    {move || if update.pending().get() { t(Msg::Saving) } else { t(Msg::SaveChanges) }}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let value = change.value();
    let changed = move || matches!(value.get(), Some(Ok(())));
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{t(Msg::AccountPasswordHeading)}</h2>
            <ActionForm action=change attr:class="form" attr:novalidate=true>
                <TextField
                    name={fields::CURRENT_PASSWORD}
                    label=Msg::FieldCurrentPassword
                    kind="password"
                    required=true
                    maxlength=Password::MAX_CHARS
                    autocomplete="current-password"
                    error=field_error(value, fields::CURRENT_PASSWORD)
                />
                <TextField
                    name={fields::NEW_PASSWORD}
                    label=Msg::FieldNewPassword
                    kind="password"
                    hint=Msg::PasswordHint
                    required=true
                    maxlength=Password::MAX_CHARS
                    autocomplete="new-password"
                    error=field_error(value, fields::NEW_PASSWORD)
                />
                <FormAlert value />
                <p class="form-success" role="status">{move || changed().then(|| t(Msg::PasswordChanged))}</p>
                <button class="button" type="submit" disabled=move || change.pending().get()>
                    {move || if change.pending().get() { t(Msg::Saving) } else { t(Msg::AccountPasswordSubmit) }}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn DeleteAccountForm() -> impl IntoView {
    let delete = ServerAction::<DeleteAccount>::new();
    let value = delete.value();
    let auth = use_auth();
    // After a deletion the header must stop showing the person as signed in.
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(()))) {
            auth.user.refetch();
        }
    });
    view! {
        <section class="card card--danger" aria-labelledby="delete-heading">
            <h2 id="delete-heading">{t(Msg::AccountDeleteHeading)}</h2>
            <p>{t(Msg::AccountDeleteIntro)}</p>
            <ActionForm action=delete attr:class="form" attr:novalidate=true>
                <TextField
                    name={fields::PASSWORD}
                    label=Msg::AccountDeletePassword
                    kind="password"
                    required=true
                    maxlength=Password::MAX_CHARS
                    autocomplete="current-password"
                    error=field_error(value, fields::PASSWORD)
                />
                <FormAlert value />
                <button class="button button--danger" type="submit" disabled=move || delete.pending().get()>
                    {move || if delete.pending().get() { t(Msg::Saving) } else { t(Msg::AccountDeleteSubmit) }}
                </button>
            </ActionForm>
        </section>
    }
}
