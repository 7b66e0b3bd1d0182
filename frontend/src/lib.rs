//! The browser entry point: hydrates the server-rendered page.
// The lazy routes' view types are deep; the release build's layout queries need room.
#![recursion_limit = "512"]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Pages are lazy routes: hydration waits for the opened page's part of the WASM.
    leptos::mount::hydrate_lazy(app::App);
}
