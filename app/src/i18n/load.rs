//! Where each language's texts are served, and (in the browser) fetching the
//! page's language before hydration. The server names the file by its content's
//! hash, so browsers may keep it for a year.
use super::Locale;

/// The `<meta>` that tells the browser where the page's texts are.
pub const TEXTS_META: &str = "treffpunkt-texts";

/// `/texts/de.<hash>.txt`.
#[cfg(feature = "ssr")]
pub fn texts_path(locale: Locale) -> &'static str {
    use sha2::{Digest, Sha256};
    use std::sync::OnceLock;
    static PATHS: [OnceLock<String>; Locale::ALL.len()] =
        [const { OnceLock::new() }; Locale::ALL.len()];
    PATHS[locale as usize].get_or_init(|| {
        let digest = Sha256::digest(super::source(locale).as_bytes());
        let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("/texts/{}.{hash}.txt", locale.code())
    })
}

/// The language whose texts `path` names, if it is one of today's paths.
#[cfg(feature = "ssr")]
pub fn texts_at(path: &str) -> Option<Locale> {
    Locale::ALL.into_iter().find(|l| texts_path(*l) == path)
}

/// Fetches and installs the texts the page's `<meta>` names, for its `<html lang>`.
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub async fn load_page_texts() -> Result<(), String> {
    use wasm_bindgen_futures::JsFuture;
    use web_sys::wasm_bindgen::JsCast;
    let fail = |what: &str| format!("cannot load the page's texts: {what}");
    let window = web_sys::window().ok_or_else(|| fail("no window"))?;
    let document = window.document().ok_or_else(|| fail("no document"))?;
    let locale = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Locale::from_code(&code))
        .unwrap_or_default();
    let path = document
        .query_selector(&format!("meta[name=\"{TEXTS_META}\"]"))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .ok_or_else(|| fail("no meta"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&path))
        .await
        .map_err(|_| fail("no answer"))?
        .dyn_into()
        .map_err(|_| fail("not a response"))?;
    if !response.ok() {
        return Err(fail(&format!("status {}", response.status())));
    }
    let text = JsFuture::from(response.text().map_err(|_| fail("no body"))?)
        .await
        .map_err(|_| fail("unreadable body"))?
        .as_string()
        .ok_or_else(|| fail("not text"))?;
    super::install(locale, text)
}
