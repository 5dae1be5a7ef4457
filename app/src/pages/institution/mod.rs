//! An institution's profile and legal documents.

mod form;

use crate::api::institution;
use crate::components::document_status::document_status;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use crate::model::InstitutionView;
use leptos::prelude::*;

use leptos_router::hooks::use_params_map;

#[component]
pub fn InstitutionPage() -> impl IntoView {
    let params = use_params_map();
    let update = ServerAction::<crate::api::UpdateInstitution>::new();
    let data = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), update.version().get()),
        |(id, _)| institution(id),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(i) => view! { <Profile institution=i update /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Profile(institution: InstitutionView, update: ServerAction<crate::api::UpdateInstitution>) -> impl IntoView {
    let lang = use_lang();
    let i = institution;
    let (reg, reg_tone) = document_status(lang, &i.registration);
    let (permit, permit_tone) = document_status(lang, &i.permit);
    let rows = vec![
        (lang.t("profile-address"), i.address.clone()),
        (lang.t("profile-region"), format!("{}, {}", i.regency_name, i.province_name)),
        (lang.t("profile-foundation"), i.foundation.clone()),
        (lang.t("profile-capacity"), i.capacity.to_string()),
        (lang.t("profile-children"), i.children_count.to_string()),
        (lang.t("profile-staff"), i.staff_count.to_string()),
    ];
    view! {
        <crate::components::page_title::PageTitle text=i.name.clone() />
        <section class="hero">
            <p class="eyebrow">{lang.t("profile-eyebrow")}</p>
            <h1>{i.name.clone()}</h1>
            {i
                .evidence_log
                .then(|| {
                    view! {
                        <p>
                            <a
                                class="btn btn-small"
                                href=format!("/evidence-views?institution_id={}", i.id)
                                data-testid="institution-evidence-log"
                            >
                                {lang.t("evidence-log-open")}
                            </a>
                        </p>
                    }
                })}
        </section>
        <section class="card">
            <dl class="facts">
                {rows
                    .into_iter()
                    .map(|(k, v)| {
                        view! {
                            <div>
                                <dt>{k}</dt>
                                <dd>{v}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
        <section class="card">
            <h2>{lang.t("home-legal")}</h2>
            <ul class="status-list">
                <li class=format!("tone-{reg_tone}")>
                    <span>{lang.t("doc-registration")} " " <small>{i.registration_number.clone()}</small></span>
                    <strong>{reg}</strong>
                </li>
                <li class=format!("tone-{permit_tone}")>
                    <span>{lang.t("doc-permit")} " " <small>{i.permit_number.clone()}</small></span>
                    <strong>{permit}</strong>
                </li>
            </ul>
        </section>
        {i
            .editable
            .then(|| {
                view! {
                    <form::ProfileForm
                        id=i.id.clone()
                        profile=i.profile.clone()
                        children_count=i.children_count
                        action=update
                    />
                }
            })}
    }
}
