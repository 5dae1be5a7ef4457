//! The public registry of accredited institutions. No sign-in; never children's data, evidence
//! or scores per indicator.

use crate::api::registry::registry;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::pager::Pager;
use crate::i18n::use_lang;
use leptos::prelude::*;

use leptos_router::hooks::use_query_map;

#[component]
pub fn RegistryPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let data = Resource::new(
        move || (get("name"), get("province"), get("regency"), get("grade"), get("page").parse().unwrap_or(1)),
        |(n, p, r, g, page)| registry(n, p, r, g, page),
    );
    view! {
        <crate::components::page_title::PageTitle text=lang.t("registry-title") />
        <section class="hero">
            <p class="eyebrow">{lang.t("registry-eyebrow")}</p>
            <h1>{lang.t("registry-title")}</h1>
            <p class="muted">{lang.t("registry-intro")}</p>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        let (name, province, regency, grade) = (
                            get("name"),
                            get("province"),
                            get("regency"),
                            get("grade"),
                        );
                        view! {
                            // A plain GET form: works without JavaScript, and the URL can be shared.
                            <form method="get" action="/registry" class="card form-grid" role="search">
                                <label>{lang.t("registry-name")} <input type="search" name="name" value=name /></label>
                                <FilterSelect
                                    label="registry-province"
                                    name="province"
                                    options=v.provinces.iter().map(|(id, n)| (id.clone(), n.clone())).collect()
                                    selected=province
                                />
                                // Regencies follow the chosen province (a national list would weigh more than the results).
                                {(!v.regencies.is_empty())
                                    .then(|| {
                                        view! {
                                            <FilterSelect
                                                label="registry-regency"
                                                name="regency"
                                                options=v.regencies.clone()
                                                selected=regency
                                            />
                                        }
                                    })}
                                <FilterSelect
                                    label="registry-grade"
                                    name="grade"
                                    options=["A", "B", "C"].map(|g| (g.to_string(), g.to_string())).to_vec()
                                    selected=grade
                                />
                                <button type="submit" class="btn btn-primary">
                                    {lang.t("registry-search")}
                                </button>
                            </form>
                            <p class="muted" data-testid="registry-count">
                                {lang.t_with("registry-count", &[("count", lang.count(v.total))])}
                            </p>
                            <ul class="queue" data-testid="registry">
                                {v
                                    .items
                                    .into_iter()
                                    .map(|i| {
                                        view! {
                                            <li class="card queue-item">
                                                <div class="queue-link">
                                                    <strong>{i.name.clone()}</strong>
                                                    <span class="muted">
                                                        {format!("{}, {}", i.regency_name, i.province_name)}
                                                    </span>
                                                </div>
                                                <div class="queue-meta">
                                                    <span class="grade-chip">{i.grade.clone()}</span>
                                                    <span class:overdue=!i
                                                        .valid>
                                                        {if i.valid {
                                                            lang.t_with(
                                                                "decision-valid-until",
                                                                &[("date", lang.date(&i.valid_until))],
                                                            )
                                                        } else {
                                                            lang.t_with(
                                                                "registry-expired",
                                                                &[("date", lang.date(&i.valid_until))],
                                                            )
                                                        }}
                                                    </span>
                                                    <a
                                                        class="btn btn-small"
                                                        href=format!("/verify/{}", i.verification_code)
                                                    >
                                                        {lang.t("registry-verify")}
                                                    </a>
                                                </div>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            <Pager info=v.page />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A choice of the search form: "all" first, then `options` as (value, text); the one whose
/// value is `selected` is chosen.
#[component]
fn FilterSelect(
    label: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    selected: String,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label>
            {lang.t(label)} <select name=name>
                <option value="">{lang.t("registry-all")}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let chosen = value == selected;
                        view! {
                            <option value=value selected=chosen>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
