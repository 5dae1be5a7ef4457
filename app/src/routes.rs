//! The pages the router loads on demand. Built with `cargo leptos build --split`, the pages are
//! grouped into a few WASM chunks by who opens them, each fetched the first time one of its pages
//! is opened (and preloaded by the server for the page it renders), so the first download holds
//! only the shell: the header, the translations, the router and the sign-in page.
//!
//! Few groups rather than one chunk per page: the splitter gives every set of groups that share
//! code a chunk of its own, and a page that needs a hundred small modules spends longer
//! instantiating them than it saves in bytes (BENCHMARKS.md "First load"). Without `--split`
//! they are ordinary routes.

use leptos::prelude::*;
use leptos_router::{Lazy, LazyRoute};

/// Declares the pages of one chunk: a route type per page and one lazily loaded function that
/// renders any of them (`$preload` is the loader `#[lazy]` generates for it in the browser).
macro_rules! page_group {
    ($group:ident, $preload:ident, $pages:ident { $($route:ident => $page:path,)* }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $pages {
            $($route,)*
        }

        #[leptos::lazy]
        fn $group(page: $pages) -> AnyView {
            match page {
                $($pages::$route => $page().into_any(),)*
            }
        }

        $(
            #[doc = concat!("`", stringify!($page), "`, in the `", stringify!($group), "` chunk.")]
            pub struct $route;

            impl $route {
                /// This page as the router's view.
                pub fn route() -> Lazy<$route> {
                    Lazy::new()
                }
            }

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    $group($pages::$route).await
                }

                // The router fetches the chunk before it hydrates or renders the page, so the
                // page's view is ready when its turn comes.
                async fn preload() {
                    #[cfg(feature = "hydrate")]
                    $preload().await;
                }
            }
        )*
    };
}

// Every role's home page.
page_group!(home_pages, __preload_home_pages, HomePages {
    Home => crate::pages::home::HomePage,
});

// Open to anyone: the registry, certificate verification, the instrument.
page_group!(public_pages, __preload_public_pages, PublicPages {
    Registry => crate::pages::registry::RegistryPage,
    Verify => crate::pages::certificate::VerifyPage,
    Instrument => crate::pages::instrument::InstrumentPage,
});

// The institution manager's self-assessment.
page_group!(manager_pages, __preload_manager_pages, ManagerPages {
    SelfAssessment => crate::pages::self_assessment::SelfAssessmentPage,
});

// The assessor's visit and conflict declarations.
page_group!(assessor_pages, __preload_assessor_pages, AssessorPages {
    Visit => crate::pages::visit::VisitPage,
    Conflicts => crate::pages::conflicts::ConflictsPage,
});

// People: accounts, one's own password, and setting a password through a one-time link.
page_group!(people_pages, __preload_people_pages, PeoplePages {
    People => crate::pages::people::PeoplePage,
    Person => crate::pages::people::PersonPage,
    Account => crate::pages::people::AccountPage,
    Invite => crate::pages::people::InvitePage,
});

// Dinsos and the supervisor: intake, reconciliation, decisions, the audit trail, the dashboard,
// institutions and the evidence access log (which managers open too, like their institution's page).
page_group!(office_pages, __preload_office_pages, OfficePages {
    Dashboard => crate::pages::dashboard::DashboardPage,
    Intake => crate::pages::intake::IntakePage,
    Review => crate::pages::intake::ReviewPage,
    Reconcile => crate::pages::reconcile::ReconcilePage,
    Audit => crate::pages::audit::AuditPage,
    Decision => crate::pages::decision::DecisionPage,
    Institution => crate::pages::institution::InstitutionPage,
    RegisterInstitution => crate::pages::onboarding::RegisterPage,
    ImportInstitutions => crate::pages::onboarding::ImportPage,
    ImportPreview => crate::pages::onboarding::ImportPreviewPage,
    InstrumentVersions => crate::pages::instrument_versions::InstrumentVersionsPage,
    InstrumentVersionReview => crate::pages::instrument_versions::VersionReviewPage,
    EvidenceLog => crate::pages::evidence_log::EvidenceLogPage,
});
