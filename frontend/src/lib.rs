//! The browser entry point: fetches the page's texts, then hydrates the
//! server-rendered page. Without its texts the page stays as the server sent it,
//! which works without JavaScript.
// The lazy routes' view types are deep; the release build's layout queries need room.
#![recursion_limit = "512"]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        match app::i18n::load_page_texts().await {
            // Pages are lazy routes: hydration waits for the opened page's part of the WASM.
            Ok(()) => leptos::mount::hydrate_lazy(app::App),
            Err(problem) => leptos::logging::error!("{problem}"),
        }
    });
}
