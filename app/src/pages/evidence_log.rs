//! The evidence access log (`/evidence-views`): who opened which evidence file, photo or
//! thumbnail, and when, newest first. Dinsos officers read their region's, administrators the
//! whole country's, a manager who opened its own institution's files. The filters are a plain
//! GET form, so the page works without JavaScript and a filtered log can be shared as a link.

use crate::api::evidence_log::evidence_log;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::pager::Pager;
use crate::i18n::{Lang, use_lang};
use crate::model::evidence_log::{EvidenceLogView, FileViewItem};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Where the file comes from, in words.
fn source_words(lang: Lang, source: &str) -> String {
    lang.t(match source {
        "site_photo" => "evidence-log-source-site-photo",
        "appeal_file" => "evidence-log-source-appeal-file",
        _ => "evidence-log-source-evidence",
    })
}

/// The original file or its thumbnail, in words.
fn variant_words(lang: Lang, variant: &str) -> String {
    lang.t(if variant == "thumbnail" { "evidence-log-variant-thumbnail" } else { "evidence-log-variant-full" })
}

/// A photo or a document, in words.
fn kind_words(lang: Lang, kind: &str) -> String {
    lang.t(if kind == "document" { "evidence-log-kind-document" } else { "evidence-log-kind-photo" })
}

#[component]
pub fn EvidenceLogPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let data = Resource::new(
        move || {
            (
                get("page").parse().unwrap_or(1),
                get("institution_id"),
                get("institution"),
                get("person"),
                get("from"),
                get("to"),
            )
        },
        |(page, institution_id, institution, person, from, to)| {
            evidence_log(page, institution_id, institution, person, from, to)
        },
    );
    view! {
        <crate::components::page_title::PageTitle text=lang.t("evidence-log-title") />
        <section class="hero">
            <p class="eyebrow">{lang.t("evidence-log-eyebrow")}</p>
            <h1>{lang.t("evidence-log-title")}</h1>
            <p class="muted">{lang.t("evidence-log-intro")}</p>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        view! {
                            <Filters one_institution=v.one_institution chosen=v.institution.clone() />
                            <Views view=v />
                        }
                            .into_any()
                    }
                    Err(error) => {
                        // A refused filter (a date that is no date) keeps the form as it was typed.
                        view! {
                            <Filters one_institution=false chosen=None />
                            <ErrorView error />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The filter form, filled in from the address.
#[component]
fn Filters(one_institution: bool, chosen: Option<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let get = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    view! {
        <form
            method="get"
            action="/evidence-views"
            class="card form-grid"
            role="search"
            data-testid="evidence-log-filters"
        >
            // Kept from the address even when the answer was refused, so a corrected date keeps it.
            {(!get("institution_id").is_empty())
                .then(|| view! { <input type="hidden" name="institution_id" value=get("institution_id") /> })}
            {chosen
                .map(|(_, name)| {
                    view! {
                        <p data-testid="evidence-log-institution">
                            <strong>{lang.t("evidence-log-institution")} ": "</strong>
                            {name}
                            {(!one_institution)
                                .then(|| {
                                    view! {
                                        " · "
                                        <a href="/evidence-views">{lang.t("evidence-log-all-institutions")}</a>
                                    }
                                })}
                        </p>
                    }
                })}
            {(!one_institution)
                .then(|| {
                    view! {
                        <label>
                            {lang.t("evidence-log-institution-search")}
                            <input type="search" name="institution" value=get("institution") maxlength="100" />
                        </label>
                    }
                })}
            <label>
                {lang.t("evidence-log-person-search")}
                <input type="search" name="person" value=get("person") maxlength="100" />
            </label>
            <label>{lang.t("evidence-log-from")} <input type="date" name="from" value=get("from") /></label>
            <label>{lang.t("evidence-log-to")} <input type="date" name="to" value=get("to") /></label>
            <div class="actions">
                <button type="submit" class="btn btn-primary">
                    {lang.t("evidence-log-show")}
                </button>
                <a href="/evidence-views">{lang.t("evidence-log-clear")}</a>
            </div>
        </form>
    }
}

/// One page of views, or why there is none.
#[component]
fn Views(view: EvidenceLogView) -> impl IntoView {
    let lang = use_lang();
    if let Some(key) = view.notice {
        return view! {
            <p class="alert" role="status" data-testid="evidence-log-notice">
                {lang.t(&key)}
            </p>
        }
        .into_any();
    }
    if view.views.is_empty() {
        return view! {
            <p class="card muted" data-testid="evidence-log-empty">
                {lang.t("evidence-log-empty")}
            </p>
        }
        .into_any();
    }
    view! {
        <section class="card">
            <table class="compare file-views" data-testid="evidence-log">
                <thead>
                    <tr>
                        <th>{lang.t("evidence-log-when")}</th>
                        <th>{lang.t("evidence-log-who")}</th>
                        <th>{lang.t("evidence-log-institution")}</th>
                        <th>{lang.t("evidence-log-indicator")}</th>
                        <th>{lang.t("evidence-log-file")}</th>
                        <th>{lang.t("evidence-log-variant")}</th>
                    </tr>
                </thead>
                <tbody>{view.views.into_iter().map(|v| view! { <Row view=v /> }).collect_view()}</tbody>
            </table>
            <Pager info=view.page />
        </section>
    }
    .into_any()
}

#[component]
fn Row(view: FileViewItem) -> impl IntoView {
    let lang = use_lang();
    let v = view;
    let caption = if v.caption.trim().is_empty() { lang.t("evidence-log-no-caption") } else { v.caption.clone() };
    let role = lang.t(&format!("role-{}", v.viewer_role.code()));
    view! {
        <tr data-testid="file-view">
            <td class="view-when">{lang.moment(v.zone, v.at)}</td>
            <td>
                <strong>{v.viewer_name.clone()}</strong>
                <br />
                <span class="muted">{format!("{role} · {}", v.viewer_username)}</span>
            </td>
            // On a narrow screen the cells stack; the labels say what the short ones are.
            <td data-label=lang.t("evidence-log-institution")>{v.institution_name.clone()}</td>
            <td data-label=lang
                .t("evidence-log-indicator")>{v.indicator_code.clone().unwrap_or_else(|| "–".into())}</td>
            <td>
                {caption} <br />
                <span class="muted">
                    {format!("{} · {}", kind_words(lang, &v.kind), source_words(lang, &v.source))}
                </span>
            </td>
            <td data-label=lang.t("evidence-log-variant")>{variant_words(lang, &v.variant)}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::audit::Zone;

    #[test]
    fn every_code_reads_as_words_in_both_languages() {
        for lang in [Lang::Id, Lang::En] {
            let words = [
                source_words(lang, "evidence"),
                source_words(lang, "site_photo"),
                source_words(lang, "appeal_file"),
                variant_words(lang, "full"),
                variant_words(lang, "thumbnail"),
                kind_words(lang, "photo"),
                kind_words(lang, "document"),
            ];
            for w in &words {
                assert!(!w.is_empty() && !w.contains("evidence-log-"), "{lang:?}: {w}");
            }
            let distinct: std::collections::BTreeSet<_> = words.iter().collect();
            assert_eq!(distinct.len(), words.len(), "{lang:?}: {words:?}");
        }
        assert_eq!(Lang::Id.moment(Zone::Wita, 1_795_451_400), "24 November 2026 00.30 WITA");
        assert_eq!(Lang::En.moment(Zone::Wib, 1_795_451_400), "23 November 2026 23:30 WIB");
    }
}
