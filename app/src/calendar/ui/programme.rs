//! The programme page: upcoming events, and for organisers the create-event form.
use crate::calendar::api::{EventFormChoices, create_form_choices};
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::series::api::CreateEvent;
use crate::series::ui::form::{SeriesFields, SeriesPrefill};
use crate::ui::form::FormAlert;
use crate::ui::providers::{t, use_auth};
use crate::ui::server_html::ServerHtml;
use leptos::either::Either;
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let auth = use_auth();
    let create = ServerAction::<CreateEvent>::new();
    // Resources are created here, outside any Suspense, so that server and browser
    // number them alike. The form's choices reload only on login or logout, so a
    // refused submission never re-renders the form and loses what was typed.
    let choices = Resource::new(
        move || (auth.login.version().get(), auth.logout.version().get()),
        |_| create_form_choices(),
    );
    let events = Resource::new(move || create.version().get(), |_| programme_list());

    view! {
        <Title text=t(Msg::NavProgramme) />
        <h1>{t(Msg::UpcomingHeading)}</h1>
        <p class="lead">{t(Msg::UpcomingIntro)}</p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                choices.await.ok().flatten().map(|choices| view! { <CreateEventForm action=create choices /> })
            })}
        </Transition>
        <section class="programme" aria-labelledby="upcoming-list-heading">
            <h2 id="upcoming-list-heading" class="visually-hidden">{t(Msg::UpcomingHeading)}</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(list) => Either::Left(view! { <div inner_html=list.html></div> }),
                        Err(err) => Either::Right(view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The upcoming dates as HTML (see `ui::server_html`): on the server straight
/// from the kept copy, in the browser (after creating a date) from the server.
async fn programme_list() -> Result<ServerHtml, AppError> {
    #[cfg(feature = "ssr")]
    {
        use crate::kernel::request::{request_locale, respond};
        respond(
            crate::calendar::api::ssr::programme_html(request_locale())
                .await
                .map(ServerHtml::in_page),
        )
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::calendar::api::programme_html().await
    }
}

#[component]
fn CreateEventForm(action: ServerAction<CreateEvent>, choices: EventFormChoices) -> impl IntoView {
    let EventFormChoices { rooms, categories } = choices;
    let form = NodeRef::<html::Form>::new();
    let value = action.value();
    let created = move || matches!(value.get(), Some(Ok(_)));
    // A saved event empties the form for the next one; on an error everything typed stays.
    Effect::new(move || {
        if created()
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });

    view! {
        <section class="card create-event" aria-labelledby="create-event-heading">
            <h2 id="create-event-heading">{t(Msg::CreateEventHeading)}</h2>
            <p class="card__intro">{t(Msg::CreateEventIntro)}</p>
            <ActionForm action node_ref=form attr:class="form" attr:novalidate=true>
                <SeriesFields prefill=SeriesPrefill::default() rooms categories value />
                <FormAlert value />
                <p class="form-success" role="status">
                    {move || {
                        value
                            .get()
                            .and_then(Result::ok)
                            .map(|id| {
                                view! {
                                    {t(Msg::EventCreated)}
                                    " "
                                    <a href=format!("/events/{id}")>{t(Msg::OpenCreatedEvent)}</a>
                                }
                            })
                    }}
                </p>
                <button class="button" type="submit" disabled=move || action.pending().get()>
                    {move || {
                        if action.pending().get() { t(Msg::Saving) } else { t(Msg::SubmitCreateEvent) }
                    }}
                </button>
            </ActionForm>
        </section>
    }
}
