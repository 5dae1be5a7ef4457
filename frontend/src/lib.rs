#![recursion_limit = "256"]
//! Hydrates the server-rendered page in the browser.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A panic stops the app: log it, and tell the person (app::device::stopped).
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        app::device::stopped::show(&info.to_string());
    }));
    // Lazy routes: the page's chunk is fetched before its HTML is hydrated (what
    // `leptos::mount::hydrate_lazy` does). Once all of the page is hydrated, the document says so
    // (`<html data-hydrated>`), for tests and scripts that wait until a page is interactive.
    wasm_bindgen_futures::spawn_local(async {
        let owner =
            leptos::mount::hydrate_from_async(leptos::prelude::document().body().expect("a body"), app::App).await;
        owner.forget();
        if let Some(html) = leptos::prelude::document().document_element() {
            let _ = html.set_attribute("data-hydrated", "true");
        }
    });
}
