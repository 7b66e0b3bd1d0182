//! The frame around every page: skip link, header with navigation and language
//! switch, footer.
use crate::i18n::{Locale, Msg};
use crate::ui::providers::{t, use_auth, use_locale};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn SkipLink() -> impl IntoView {
    view! { <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a> }
}

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-header__brand" href="/">
                    <span class="site-header__name">{t(Msg::AppName)}</span>
                    <span class="site-header__house">"Alte Körne Haus"</span>
                </a>
                <nav class="site-nav" aria-label=t(Msg::MainNavigation)>
                    <ul class="site-nav__list">
                        <li>
                            <A href="/">{t(Msg::NavProgramme)}</A>
                        </li>
                        <li>
                            <A href="/calendar">{t(Msg::NavCalendar)}</A>
                        </li>
                        <AccountLinks />
                    </ul>
                </nav>
                <LanguageSwitch />
            </div>
        </header>
    }
}

/// Log-in and sign-up links, or the signed-in name with a log-out button.
#[component]
fn AccountLinks() -> impl IntoView {
    let auth = use_auth();
    let logged_out = move || {
        view! {
            <li>
                <A href="/login">{t(Msg::NavLogin)}</A>
            </li>
            <li>
                <A href="/signup">{t(Msg::NavSignup)}</A>
            </li>
        }
    };
    view! {
        <Transition fallback=logged_out>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => Either::Left(
                        view! {
                            {user.can_create_event().then(|| view! {
                                <li>
                                    <A href="/planner">{t(Msg::NavPlanner)}</A>
                                </li>
                            })}
                            {user.can_moderate().then(|| {
                                let label = match user.open_offers {
                                    0 => t(Msg::NavOfferQueue).to_owned(),
                                    n => Msg::NavOfferQueueCount.fill(use_locale(), &[("count", &n)]),
                                };
                                let requests = match user.open_requests {
                                    0 => t(Msg::NavRequestQueue).to_owned(),
                                    n => Msg::NavRequestQueueCount.fill(use_locale(), &[("count", &n)]),
                                };
                                view! {
                                    <li>
                                        <A href="/moderation/offers">{label}</A>
                                    </li>
                                    <li>
                                        <A href="/moderation/requests">{requests}</A>
                                    </li>
                                }
                            })}
                            <li>
                                <A href="/offers">{t(Msg::NavMyOffers)}</A>
                            </li>
                            {user.can_administer().then(|| view! {
                                <li>
                                    <A href="/admin/mail">{t(Msg::NavAdminMail)}</A>
                                </li>
                                <li>
                                    <A href="/admin/rooms">{t(Msg::NavAdminRooms)}</A>
                                </li>
                            })}
                            <li>
                                <A href="/my">{t(Msg::NavMyCalendar)}</A>
                            </li>
                            <li class="site-nav__user">
                                <span class="visually-hidden">{t(Msg::SignedInAs)} " "</span>
                                <A href="/account" attr:title=t(Msg::AccountLinkLabel)>{user.display_name}</A>
                            </li>
                            <li>
                                <ActionForm action=auth.logout>
                                    <button class="button button--link" type="submit">{t(Msg::NavLogout)}</button>
                                </ActionForm>
                            </li>
                        },
                    ),
                    _ => Either::Right(logged_out()),
                }
            })}
        </Transition>
    }
}

/// A plain form, so it works without JavaScript; the server sets the cookie and
/// sends the visitor back to the page they were on.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let current = use_locale();
    let location = use_location();
    let back = move || {
        let path = location.pathname.get();
        let query = location.search.get();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    };
    view! {
        <form class="language-switch" method="post" action="/language">
            <input type="hidden" name="back" value=back />
            <fieldset class="language-switch__set">
                <legend class="visually-hidden">{t(Msg::LanguageLabel)}</legend>
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <button
                                class="language-switch__option"
                                type="submit"
                                name="lang"
                                value=locale.code()
                                lang=locale.code()
                                aria-current=(locale == current).then_some("true")
                            >
                                {locale.native_name()}
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </form>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    // Effects run in the browser only, once the page has hydrated: the browser
    // tests wait for this mark on every page.
    Effect::new(|_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <footer class="site-footer">
            <p>"Alte Körne Haus · Dortmund"</p>
            <p>{t(Msg::FooterNote)}</p>
        </footer>
    }
}
