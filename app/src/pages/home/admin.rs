use super::Tile;
use crate::i18n::use_lang;
use crate::model::StateCount;
use leptos::prelude::*;

#[component]
pub fn AdminHome(
    institutions: i64,
    users: i64,
    instrument: Option<(String, usize)>,
    counts: Vec<StateCount>,
) -> impl IntoView {
    let lang = use_lang();
    let instrument_text = match instrument {
        Some((version, n)) => lang.t_with("home-admin-instrument", &[("version", version), ("count", n.to_string())]),
        None => lang.t("home-admin-no-instrument"),
    };
    let cycles: i64 = counts.iter().map(|c| c.count).sum();
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t("home-admin-eyebrow")}</p>
            <h1>{lang.t("home-admin-title")}</h1>
        </section>
        <p>
            <a class="btn" href="/dashboard">
                {lang.t("home-open-dashboard")}
            </a>
        </p>
        <section class="tiles">
            <Tile count=institutions label=lang.t("home-admin-institutions") />
            <Tile count=users label=lang.t("home-admin-users") />
            <Tile count=cycles label=lang.t("home-admin-cycles") />
        </section>
        <crate::components::exports::ExportLinks />
        <crate::pages::onboarding::OnboardingLinks />
        <section class="card">
            <h2>{lang.t("nav-instrument")}</h2>
            <p>{instrument_text}</p>
            <p class="actions">
                <a class="btn" href="/instrument">
                    {lang.t("home-open-instrument")}
                </a>
                " "
                <a class="btn" href="/instrument/versions">
                    {lang.t("versions-open")}
                </a>
            </p>
        </section>
    }
}
