//! "Mail delivery": the mails that had all their attempts, each with a button to
//! send it again. A form per mail, so it works without JavaScript too.
use super::api::{FailedMailView, RetryMail, failed_mails};
use crate::i18n::{Msg, format_clock, format_date};
use crate::kernel::error::AppError;
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use crate::ui::providers::{t, use_locale};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FailedMailsPage() -> impl IntoView {
    let retry = ServerAction::<RetryMail>::new();
    let mails = Resource::new(move || retry.version().get(), |_| failed_mails());
    view! {
        <Title text=t(Msg::AdminMailHeading) />
        <h1>{t(Msg::AdminMailHeading)}</h1>
        <p>{t(Msg::AdminMailIntro)}</p>
        <RetryOutcome retry />
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match mails.await {
                    Ok(mails) => EitherOf3::A(view! { <FailedMails mails retry /> }),
                    Err(AppError::Unauthorized) => EitherOf3::B(view! {
                        <p>{t(Msg::ErrorUnauthorized)} " " <a href="/login">{t(Msg::NavLogin)}</a></p>
                    }),
                    Err(err) => EitherOf3::C(view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }),
                }
            })}
        </Transition>
    }
}

/// Says that a retry was accepted (or why not), where a screen reader hears it.
#[component]
fn RetryOutcome(retry: ServerAction<RetryMail>) -> impl IntoView {
    view! {
        <div role="status" aria-live="polite">
            {move || match retry.value().get() {
                Some(Ok(recipient)) => Some(Either::Left(view! {
                    <p class="form-success">
                        {Msg::AdminMailRetried.fill(use_locale(), &[("recipient", &recipient)])}
                    </p>
                })),
                Some(Err(err)) => Some(Either::Right(view! { <p class="form-alert">{t(err.summary())}</p> })),
                None => None,
            }}
        </div>
    }
}

#[component]
fn FailedMails(mails: Vec<FailedMailView>, retry: ServerAction<RetryMail>) -> impl IntoView {
    if mails.is_empty() {
        return Either::Left(view! {
            <div class="empty-state"><p>{t(Msg::AdminMailEmpty)}</p></div>
        });
    }
    let locale = use_locale();
    Either::Right(view! {
        <div class="table-scroll">
            <table class="data-table">
                <caption>{t(Msg::AdminMailCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::AdminMailRecipient)}</th>
                        <th scope="col">{t(Msg::AdminMailSubject)}</th>
                        <th scope="col">{t(Msg::AdminMailAttempts)}</th>
                        <th scope="col">{t(Msg::AdminMailError)}</th>
                        <th scope="col">{t(Msg::AdminMailFailedAt)}</th>
                        <td></td>
                    </tr>
                </thead>
                <tbody>
                    {mails
                        .into_iter()
                        .map(|mail| {
                            let local = utc_to_local(mail.failed_at, HOUSE_ZONE);
                            let when = format!("{}, {}", format_date(locale, local.date()), format_clock(local));
                            view! {
                                <tr>
                                    <th scope="row">{mail.recipient.clone()}</th>
                                    <td>{mail.subject.clone()}</td>
                                    <td>{mail.attempts}</td>
                                    <td class="data-table__error">{mail.last_error}</td>
                                    <td>{when}</td>
                                    <td>
                                        <ActionForm action=retry>
                                            <input type="hidden" name="outbox_id" value=mail.outbox_id.to_string() />
                                            <button class="button button--secondary" type="submit">
                                                {t(Msg::AdminMailRetry)}
                                                <span class="visually-hidden">": " {mail.subject} " → " {mail.recipient}</span>
                                            </button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    })
}
