//! The certificate: its card on the decision page (grade, number, validity, the PDF and the
//! public verification link) and the public verification page the QR code opens.

use crate::api::certificate::verify_certificate;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use crate::model::CertificateView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CertificateCard(c: CertificateView, cycle_id: String) -> impl IntoView {
    let lang = use_lang();
    let id_cert = cycle_id;
    view! {
        <section class="card tone-good certificate-card" data-testid="certificate">
            <h2>{lang.t_with("decision-certificate", &[("grade", c.grade.clone())])}</h2>
            <p>{lang.t_with("decision-certificate-number", &[("number", c.number.clone())])}</p>
            <p>{lang.t_with("decision-valid-until", &[("date", lang.date(&c.valid_until))])}</p>
            <p class="signatory" data-testid="signatory">
                {c
                    .decree_number
                    .clone()
                    .map(|n| view! { <span>{lang.t_with("decision-decree", &[("number", n)])}</span> })}
                <span>{lang.t("decision-signed-by")}</span>
                <strong>{c.signer_name.clone()}</strong>
                <span>{c.signer_position.clone()}</span>
            </p>
            <div class="actions">
                <a class="btn btn-primary" href=format!("/certificates/{}", id_cert) rel="external" download="">
                    {lang.t("decision-download")}
                </a>
                <a class="btn" href=format!("/verify/{}", c.verification_code)>
                    {lang.t("decision-verify-link")}
                </a>
            </div>
        </section>
    }
}

/// `/verify/{code}`: anyone checks a certificate by the code its URL and QR code carry.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("code").unwrap_or_default(), verify_certificate);
    view! {
        <crate::components::page_title::PageTitle text=lang.t("verify-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => {
                        let tone = if v.status == "valid" { "card tone-good verify" } else { "card tone-bad verify" };
                        view! {
                            <section class=tone data-testid="verify">
                                <p class="eyebrow">{lang.t("verify-title")}</p>
                                <h1>{lang.t(&format!("verify-status-{}", v.status))}</h1>
                                <dl class="facts">
                                    <div>
                                        <dt>{lang.t("verify-number")}</dt>
                                        <dd>{v.number}</dd>
                                    </div>
                                    <div>
                                        <dt>{lang.t("verify-institution")}</dt>
                                        <dd>{v.institution_name}</dd>
                                    </div>
                                    <div>
                                        <dt>{lang.t("verify-region")}</dt>
                                        <dd>{format!("{}, {}", v.regency_name, v.province_name)}</dd>
                                    </div>
                                    <div>
                                        <dt>{lang.t("registry-grade")}</dt>
                                        <dd>{v.grade}</dd>
                                    </div>
                                    <div>
                                        <dt>{lang.t("verify-issued")}</dt>
                                        <dd>{lang.date(&v.issued_on)}</dd>
                                    </div>
                                    <div>
                                        <dt>{lang.t("verify-valid-until")}</dt>
                                        <dd>{lang.date(&v.valid_until)}</dd>
                                    </div>
                                </dl>
                            </section>
                        }
                            .into_any()
                    }
                    Ok(None) => {
                        view! {
                            <section class="card tone-bad" data-testid="verify">
                                <h1>{lang.t("verify-unknown")}</h1>
                                <p>{lang.t("verify-unknown-hint")}</p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
