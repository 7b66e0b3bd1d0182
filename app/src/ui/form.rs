//! Form fields with a visible label, an optional hint, and the server's message
//! for the field right beneath it, announced to screen readers.
use crate::calendar::api::Choice;
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::ui::providers::t;
use leptos::prelude::*;

/// The message an action's last result holds for `field`, if any.
pub fn field_error<T, S>(value: S, field: &'static str) -> Signal<Option<Msg>>
where
    S: With<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.field(field))
        })
    })
}

/// For the places where the server writes text into a page raw: `<title>`
/// (leptos_meta) and `<textarea>` (tachys).
#[cfg(feature = "ssr")]
pub use crate::kernel::text::escape_html;

fn described_by(name: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let ids: Vec<String> = [(has_hint, "hint"), (has_error, "error")]
        .into_iter()
        .filter(|(present, _)| *present)
        .map(|(_, kind)| format!("{name}-{kind}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// Label, hint and error around one control.
#[component]
fn FieldFrame(
    name: &'static str,
    label: Msg,
    hint: Option<Msg>,
    required: bool,
    error: Signal<Option<Msg>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=name>
                {t(label)}
                {required.then(|| view! { <span class="field__required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p class="field__hint" id=format!("{name}-hint")>{t(h)}</p> })}
            {children()}
            <p class="field__error" id=format!("{name}-error")>
                {move || error.get().map(t)}
            </p>
        </div>
    }
}

/// A one-line input (`kind` is its `type`).
#[component]
pub fn TextField(
    /// The input's `name` and `id`, and the key of the server's message for it.
    name: &'static str,
    label: Msg,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// What the field shows first (the stored value when editing).
    #[prop(optional, into)]
    value: Option<String>,
    #[prop(optional)] min: Option<&'static str>,
    #[prop(optional)] max: Option<&'static str>,
    #[prop(into)] error: Signal<Option<Msg>>,
) -> impl IntoView {
    view! {
        <FieldFrame name label hint required error>
            <input
                class="field__control"
                type=kind
                id=name
                name=name
                value=value
                min=min
                max=max
                maxlength=maxlength
                autocomplete=autocomplete
                aria-required=required.then_some("true")
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || described_by(name, hint.is_some(), error.get().is_some())
            />
        </FieldFrame>
    }
}

#[component]
pub fn TextAreaField(
    name: &'static str,
    label: Msg,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(into)] error: Signal<Option<Msg>>,
) -> impl IntoView {
    // tachys 0.2.19 writes a `<textarea>`'s children raw on the server (as for
    // `<script>`), so `</textarea>` in a stored text would end the field and
    // what follows would be markup: the server escapes the text itself. The
    // browser never re-reads these children on hydration and builds them as a
    // text node otherwise, which is never markup, so it keeps the text as is.
    // An HTML parser drops one line break right after `<textarea>`: a text that
    // starts with one gets one more.
    #[cfg(feature = "ssr")]
    let value = value.map(|text| {
        let escaped = escape_html(&text);
        if escaped.starts_with(['\n', '\r']) {
            format!("\n{escaped}")
        } else {
            escaped
        }
    });
    view! {
        <FieldFrame name label hint required=false error>
            <textarea
                class="field__control field__control--multiline"
                id=name
                name=name
                rows="4"
                maxlength=maxlength
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || described_by(name, hint.is_some(), error.get().is_some())
            >
                {value}
            </textarea>
        </FieldFrame>
    }
}

#[component]
pub fn SelectField(
    name: &'static str,
    label: Msg,
    choices: Vec<Choice>,
    #[prop(optional)] required: bool,
    /// The choice selected first (the stored one when editing).
    #[prop(optional)]
    selected: Option<i64>,
    #[prop(into)] error: Signal<Option<Msg>>,
) -> impl IntoView {
    view! {
        <FieldFrame name label hint=None required error>
            <select
                class="field__control"
                id=name
                name=name
                aria-required=required.then_some("true")
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || described_by(name, false, error.get().is_some())
            >
                <option value="">{t(Msg::ChooseOption)}</option>
                {choices
                    .into_iter()
                    .map(|c| {
                        view! {
                            <option value=c.id.to_string() selected=(selected == Some(c.id)).then_some("")>
                                {c.label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </FieldFrame>
    }
}

/// A choice among fixed codes, each with its translated label.
#[component]
pub fn CodeSelectField(
    name: &'static str,
    label: Msg,
    choices: Vec<(&'static str, Msg)>,
    #[prop(into)] selected: String,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(into)] error: Signal<Option<Msg>>,
) -> impl IntoView {
    view! {
        <FieldFrame name label hint required=false error>
            <select
                class="field__control"
                id=name
                name=name
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || described_by(name, hint.is_some(), error.get().is_some())
            >
                {choices
                    .into_iter()
                    .map(|(code, label)| {
                        view! { <option value=code selected=(code == selected).then_some("")>{t(label)}</option> }
                    })
                    .collect_view()}
            </select>
        </FieldFrame>
    }
}

/// A checkbox with its label beside it; ticked, it sends `value`.
#[component]
pub fn CheckField(
    name: &'static str,
    label: Msg,
    #[prop(optional)] checked: bool,
    #[prop(default = "on")] value: &'static str,
) -> impl IntoView {
    view! {
        <div class="check">
            <input type="checkbox" id=name name=name value=value checked=checked.then_some("") />
            <label for=name>{t(label)}</label>
        </div>
    }
}

/// The form-level message of an action's last error, as an alert above the button.
#[component]
pub fn FormAlert<T, S>(value: S) -> impl IntoView
where
    T: 'static,
    S: With<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    let message = move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .map(AppError::summary)
        })
    };
    view! {
        <p class="form-alert" role="alert">
            {move || message().map(t)}
        </p>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_textarea_holds_its_text_escaped_on_the_server() {
        // Signals live in an owner's arena.
        let owner = Owner::new();
        let html = owner.with(|| {
            view! {
                <TextAreaField
                    name="description"
                    label=Msg::FieldDescription
                    value="\n</textarea><img src=x onerror=alert(1)> & \"mehr\""
                    error=Signal::stored(None)
                />
            }
            .to_html()
        });
        assert!(!html.contains("</textarea><img"), "{html}");
        assert!(
            html.contains(
                ">\n\n&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;mehr&quot;</textarea>"
            ),
            "{html}"
        );
    }
}
