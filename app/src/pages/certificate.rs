//! The certificate card on the decision page: grade, number, validity, the PDF and the public
//! verification link.

use crate::i18n::use_lang;
use crate::model::CertificateView;
use leptos::prelude::*;

#[component]
pub fn CertificateCard(c: CertificateView, cycle_id: String) -> impl IntoView {
    let lang = use_lang();
    let id_cert = cycle_id;
    view! {
        <section class="card tone-good certificate-card" data-testid="certificate">
            <h2>{lang.t_with("decision-certificate", &[("grade", c.grade.clone())])}</h2>
            <p>{lang.t_with("decision-certificate-number", &[("number", c.number.clone())])}</p>
            <p>{lang.t_with("decision-valid-until", &[("date", lang.date(&c.valid_until))])}</p>
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
