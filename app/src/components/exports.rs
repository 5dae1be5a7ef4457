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
            // A plain GET form: the chosen format's button downloads the file, with or without JavaScript.
            <form method="get" action="/exports/results.xlsx" class="form-grid">
                <label>
                    {lang.t("export-year")} <select name="year">
                        <option value="">{lang.t("export-all-years")}</option>
                        {years()
                            .into_iter()
                            .map(|y| view! { <option value=y.to_string()>{y.to_string()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <div class="actions">
                    <button type="submit" class="btn">
                        {lang.t("export-xlsx")}
                    </button>
                    <button type="submit" class="btn" formaction="/exports/results.csv">
                        {lang.t("export-csv")}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The years a cycle can have begun in, newest first: from the first year of online
/// accreditation to next year.
fn years() -> Vec<i32> {
    let this_year = current_year();
    (2024..=this_year + 1).rev().collect()
}

/// The current calendar year on the server and in the browser alike (the page renders the same
/// list on both sides, so hydration matches within a year's turn).
fn current_year() -> i32 {
    #[cfg(feature = "ssr")]
    {
        time::OffsetDateTime::now_utc().year()
    }
    #[cfg(not(feature = "ssr"))]
    {
        js_sys::Date::new_0().get_full_year() as i32
    }
}
