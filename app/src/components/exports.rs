use crate::i18n::use_lang;
use leptos::prelude::*;

/// Downloads of institutions and results, columns keyed by indicator code (Dinsos: their
/// region; administrators: everything).
#[component]
pub fn ExportLinks() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card">
            <h2>{lang.t("export-title")}</h2>
            <p class="muted">{lang.t("export-hint")}</p>
            <div class="actions">
                <a class="btn" href="/exports/results.xlsx" rel="external" download="">
                    {lang.t("export-xlsx")}
                </a>
                <a class="btn" href="/exports/results.csv" rel="external" download="">
                    {lang.t("export-csv")}
                </a>
            </div>
        </section>
    }
}
