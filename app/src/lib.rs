//! The Leptos application: routes, pages, components and server functions.
//! Built with `ssr` into the server and with `hydrate` into the browser's WASM.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod device;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod routes;

use i18n::{provide_lang, use_lang};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The Content-Security-Policy of a server-rendered page: scripts only from this site or
/// carrying this response's nonce (Leptos' hydration script), WASM compiled, nothing framed.
#[cfg(feature = "ssr")]
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Where the server's header middleware learns the nonce Leptos put on this page's scripts: the
/// middleware puts an empty slot into the request, the page fills it while rendering, and the
/// middleware writes the policy once the response is built. (Leptos' `ResponseOptions` headers
/// were seen missing on some page loads after client-side navigation; this does not rely on them.)
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct NonceSlot(pub std::sync::Arc<std::sync::Mutex<Option<String>>>);

/// Records this response's nonce in the request's [`NonceSlot`]. Called while a page renders.
#[cfg(feature = "ssr")]
pub fn record_nonce() {
    let Some(nonce) = leptos::nonce::use_nonce() else { return };
    let Some(parts) = use_context::<http::request::Parts>() else { return };
    if let Some(slot) = parts.extensions.get::<NonceSlot>()
        && let Ok(mut slot) = slot.0.lock()
    {
        *slot = Some(nonce.to_string());
    }
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    record_nonce();
    let lang = provide_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f5b4f" />
                <leptos_meta::HashedStylesheet options=options.clone() id="leptos" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <link rel="icon" type="image/x-icon" href="/favicon.ico" />
                <AutoReload options=options.clone() />
                // Hydration starts when the browser is idle and its files load at low priority, so
                // the server-rendered page paints first (its forms and links work without WASM).
                <HydrationScripts options defer=true />
                <leptos_meta::MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = provide_lang();
    let user = Resource::new(|| (), |_| api::current_user());
    provide_context(user);

    view! {
        <crate::components::page_title::PageTitle text=lang.t("app-name") />
        <Router>
            <components::layout::Header />
            <main class="page" id="main">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=routes::Home::route() ssr=SsrMode::Async />
                    <Route path=path!("/login") view=pages::login::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/self-assessment") view=routes::SelfAssessment::route() ssr=SsrMode::Async />
                    <Route path=path!("/instrument") view=routes::Instrument::route() ssr=SsrMode::Async />
                    <Route
                        path=path!("/instrument/versions")
                        view=routes::InstrumentVersions::route()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/instrument/versions/:id")
                        view=routes::InstrumentVersionReview::route()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/dashboard") view=routes::Dashboard::route() ssr=SsrMode::Async />
                    <Route path=path!("/intake") view=routes::Intake::route() ssr=SsrMode::Async />
                    <Route path=path!("/intake/:id") view=routes::Review::route() ssr=SsrMode::Async />
                    <Route path=path!("/visits/:id") view=routes::Visit::route() ssr=SsrMode::Async />
                    <Route path=path!("/reconcile/:id") view=routes::Reconcile::route() ssr=SsrMode::Async />
                    <Route path=path!("/audit/:id") view=routes::Audit::route() ssr=SsrMode::Async />
                    <Route path=path!("/decisions/:id") view=routes::Decision::route() ssr=SsrMode::Async />
                    <Route path=path!("/registry") view=routes::Registry::route() ssr=SsrMode::Async />
                    <Route path=path!("/verify/:code") view=routes::Verify::route() ssr=SsrMode::Async />
                    <Route path=path!("/conflicts") view=routes::Conflicts::route() ssr=SsrMode::Async />
                    <Route
                        path=path!("/institutions/new")
                        view=routes::RegisterInstitution::route()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/institutions/import")
                        view=routes::ImportInstitutions::route()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/institutions/import/:id")
                        view=routes::ImportPreview::route()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/institutions/:id") view=routes::Institution::route() ssr=SsrMode::Async />
                    <Route path=path!("/people") view=routes::People::route() ssr=SsrMode::Async />
                    <Route path=path!("/evidence-views") view=routes::EvidenceLog::route() ssr=SsrMode::Async />
                    <Route path=path!("/people/:id") view=routes::Person::route() ssr=SsrMode::Async />
                    <Route path=path!("/account") view=routes::Account::route() ssr=SsrMode::Async />
                    <Route path=path!("/invite/:token") view=routes::Invite::route() ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="footer">
                {use_lang().t("footer-privacy")} " · " <a href="/registry">{use_lang().t("nav-registry")}</a>
            </footer>
            <device::stopped::Stopped />
        </Router>
    }
}
