//! The filter form above every view: search, category, audience, room, group and more.
use super::body::hidden_fields;
use super::body::href;
use super::labels::{audience_label, language_name};
use crate::calendar::api::FilterChoices;
use crate::calendar::query::{Audience, CalendarQuery, LANGUAGES};
use crate::i18n::Msg;
use crate::ui::providers::{t, use_locale};
use leptos::prelude::*;

#[component]
pub(super) fn Filters(query: CalendarQuery, choices: FilterChoices) -> impl IntoView {
    let locale = use_locale();
    let f = query.filter.clone();
    let categories = choices
        .categories
        .into_iter()
        .map(|c| (c.slug, c.label))
        .collect::<Vec<_>>();
    let audiences = Audience::ALL
        .iter()
        .map(|a| (a.code().to_owned(), t(audience_label(*a)).to_owned()))
        .collect::<Vec<_>>();
    let rooms = choices
        .rooms
        .into_iter()
        .map(|r| (r.id.to_string(), r.label))
        .collect::<Vec<_>>();
    let groups = choices
        .groups
        .into_iter()
        .map(|g| (g.id.to_string(), g.label))
        .collect::<Vec<_>>();
    let languages = LANGUAGES
        .iter()
        .map(|l| ((*l).to_owned(), language_name(locale, l).to_owned()))
        .collect::<Vec<_>>();
    let open = !f.is_empty();
    let text = f.text.clone();
    let category = f.category.clone();
    let audience = f.audience.map(|a| a.code().to_owned());
    let room = f.room.map(|r| r.to_string());
    let group = f.group.map(|g| g.to_string());
    let language = f.language.clone();
    let (free, step_free) = (f.free, f.step_free);
    view! {
        <details class="filters" open=open>
            <summary>{t(Msg::FiltersHeading)}</summary>
            <form method="get" action="/calendar" class="filters__form">
                {hidden_fields(&query, true)}
                <div class="filters__grid">
                    <div class="field filters__search">
                        <label for="filter-q">{t(Msg::FilterSearch)}</label>
                        <input id="filter-q" class="field__control" type="search" name="q" value=text maxlength="100" />
                    </div>
                    <FilterSelect name="category" label=Msg::FieldCategory choices=categories selected=category />
                    <FilterSelect name="audience" label=Msg::FilterAudience choices=audiences selected=audience />
                    <FilterSelect name="room" label=Msg::FieldRoom choices=rooms selected=room />
                    <FilterSelect name="group" label=Msg::FilterGroup choices=groups selected=group />
                    <FilterSelect name="language" label=Msg::FilterLanguage choices=languages selected=language />
                    <div class="filters__checks">
                        <label class="check">
                            <input type="checkbox" name="free" value="1" checked=free />
                            {t(Msg::FilterFree)}
                        </label>
                        <label class="check">
                            <input type="checkbox" name="step_free" value="1" checked=step_free />
                            {t(Msg::FilterStepFree)}
                        </label>
                    </div>
                </div>
                <p class="filters__actions">
                    <button class="button" type="submit">{t(Msg::ApplyFilters)}</button>
                    " "
                    <a href=href(&query.without_filter())>{t(Msg::ClearFilters)}</a>
                </p>
            </form>
        </details>
    }
}

#[component]
fn FilterSelect(
    name: &'static str,
    label: Msg,
    choices: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    let id = format!("filter-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <select id=id class="field__control" name=name>
                <option value="">{t(Msg::FilterAll)}</option>
                {choices
                    .into_iter()
                    .map(|(value, label)| {
                        let is_selected = selected.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=is_selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
