use crate::components::document_status::document_status;
use crate::components::state_badge::StateBadge;
use crate::i18n::use_lang;
use crate::model::{CycleView, InstitutionView};
use domain::CycleState;
use leptos::prelude::*;

#[component]
pub fn ManagerHome(institution: InstitutionView, cycle: Option<CycleView>) -> impl IntoView {
    let lang = use_lang();
    let legal_ok = institution.registration.allows_application() && institution.permit.allows_application();
    let next_key = match (&cycle, legal_ok) {
        (_, false) => "next-manager-legal",
        (None, true) => "next-manager-start",
        (Some(c), true) => match c.state {
            CycleState::Draft => "next-manager-draft",
            CycleState::Returned => "next-manager-returned",
            CycleState::Submitted => "next-manager-submitted",
            CycleState::Accepted | CycleState::AssessorsAssigned => "next-manager-visit",
            CycleState::Visited | CycleState::Reconciled => "next-manager-wait-decision",
            CycleState::Decided | CycleState::Appealed => "next-manager-decided",
            CycleState::Expired => "next-manager-start",
        },
    };
    let (reg_text, reg_tone) = document_status(lang, &institution.registration);
    let (permit_text, permit_tone) = document_status(lang, &institution.permit);
    let profile_href = format!("/institutions/{}", institution.id);
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t("home-manager-eyebrow")}</p>
            <h1>{institution.name.clone()}</h1>
            <p class="muted">{format!("{}, {}", institution.regency_name, institution.province_name)}</p>
        </section>
        <section class="card next-step" aria-labelledby="next-step-title">
            <h2 id="next-step-title">{lang.t("home-next-step")}</h2>
            <p class="next-text">{lang.t(next_key)}</p>
            {cycle
                .as_ref()
                .map(|c| {
                    let decided = matches!(c.state, CycleState::Decided | CycleState::Appealed);
                    view! {
                        {if decided {
                            view! {
                                <a class="btn btn-primary" href=format!("/decisions/{}", c.id)>
                                    {lang.t("home-open-decision")}
                                </a>
                            }
                                .into_any()
                        } else {
                            view! {
                                <a class="btn btn-primary" href="/self-assessment">
                                    {lang.t("home-open-assessment")}
                                </a>
                            }
                                .into_any()
                        }}
                        <p>
                            {lang.t("home-cycle-state")} " " <StateBadge state=c.state />
                            <span class="muted">
                                " · "
                                {lang.t_with("home-instrument-version", &[("version", c.instrument_version.clone())])}
                            </span>
                        </p>
                    }
                })}
        </section>
        <section class="card">
            <h2>{lang.t("home-legal")}</h2>
            <ul class="status-list">
                <li class=format!("tone-{reg_tone}")>
                    <span>{lang.t("doc-registration")}</span>
                    <strong>{reg_text}</strong>
                </li>
                <li class=format!("tone-{permit_tone}")>
                    <span>{lang.t("doc-permit")}</span>
                    <strong>{permit_text}</strong>
                </li>
            </ul>
            <a class="btn" href=profile_href>
                {lang.t("home-open-profile")}
            </a>
        </section>
    }
}
