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
                <link rel="stylesheet" id="leptos" href="/pkg/lksa.css" />
                <link rel="icon" type="image/x-icon" href="/favicon.ico" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
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
    // Marks the document once the WASM has taken over, so tests can wait for interactivity.
    Effect::new(|_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <crate::components::page_title::PageTitle text=lang.t("app-name") />
        <Router>
            <components::layout::Header />
            <main class="page" id="main">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=pages::login::LoginPage />
                    <Route
                        path=path!("/self-assessment")
                        view=pages::self_assessment::SelfAssessmentPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/instrument") view=pages::instrument::InstrumentPage ssr=SsrMode::Async />
                    <Route path=path!("/dashboard") view=pages::dashboard::DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/intake") view=pages::intake::IntakePage ssr=SsrMode::Async />
                    <Route path=path!("/intake/:id") view=pages::intake::ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/visits/:id") view=pages::visit::VisitPage ssr=SsrMode::Async />
                    <Route path=path!("/reconcile/:id") view=pages::reconcile::ReconcilePage ssr=SsrMode::Async />
                    <Route path=path!("/audit/:id") view=pages::audit::AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/decisions/:id") view=pages::decision::DecisionPage ssr=SsrMode::Async />
                    <Route path=path!("/registry") view=pages::registry::RegistryPage ssr=SsrMode::Async />
                    <Route path=path!("/verify/:code") view=pages::certificate::VerifyPage ssr=SsrMode::Async />
                    <Route path=path!("/conflicts") view=pages::conflicts::ConflictsPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/institutions/:id")
                        view=pages::institution::InstitutionPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            <footer class="footer">
                {use_lang().t("footer-privacy")} " · " <a href="/registry">{use_lang().t("nav-registry")}</a>
            </footer>
        </Router>
    }
}
