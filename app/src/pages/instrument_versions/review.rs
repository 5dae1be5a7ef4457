//! One instrument version against the version published before it: what changed, indicator by
//! indicator; publishing it; then moving open self-assessments to it with a rule per changed
//! or removed indicator.

use super::state_of;
use crate::api::instrument_versions::{MigrateInstrumentDrafts, PublishInstrument, instrument_version};
use crate::components::error_view::{ErrorAlert, ErrorView, StatusText};
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::i18n::{Lang, use_lang};
use crate::model::instrument_versions::{ChangeKind, ChangeLine, VersionReview};
use domain::instrument_diff::Aspect;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// What changed about an indicator, in words.
pub fn aspect_words(lang: Lang, aspect: &Aspect) -> String {
    match aspect {
        Aspect::Wording => lang.t("aspect-wording"),
        Aspect::Guidance => lang.t("aspect-guidance"),
        Aspect::Weight { from, to } => {
            lang.t_with("aspect-weight", &[("from", from.to_string()), ("to", to.to_string())])
        }
        Aspect::Critical { to: true } => lang.t("aspect-critical-on"),
        Aspect::Critical { to: false } => lang.t("aspect-critical-off"),
        Aspect::Rubric => lang.t("aspect-rubric"),
        Aspect::Evidence => lang.t("aspect-evidence"),
        Aspect::Component => lang.t("aspect-component"),
    }
}

#[component]
pub fn VersionReviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let publish = ServerAction::<PublishInstrument>::new();
    let migrate = ServerAction::<MigrateInstrumentDrafts>::new();
    let data = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), publish.version().get(), migrate.version().get()),
        |(id, ..)| instrument_version(id),
    );
    view! {
        <PageTitle text=lang.t("versions-review-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(review) => view! { <Review review publish migrate /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Review(
    review: VersionReview,
    publish: ServerAction<PublishInstrument>,
    migrate: ServerAction<MigrateInstrumentDrafts>,
) -> impl IntoView {
    let lang = use_lang();
    let v = review.version.clone();
    let id = v.id.clone();
    let unpublished = v.published_at.is_none();
    let count = |kind: ChangeKind| lang.count(review.changes.iter().filter(|c| c.kind == kind).count() as i64);
    let summary = match &review.base {
        Some(base) => lang.t_with(
            "versions-summary",
            &[
                ("base", base.clone()),
                ("changed", count(ChangeKind::Changed)),
                ("added", count(ChangeKind::Added)),
                ("removed", count(ChangeKind::Removed)),
            ],
        ),
        None => lang.t("versions-first"),
    };
    let weights = review
        .component_weights
        .iter()
        .map(|(code, from, to)| {
            lang.t_with(
                "versions-component-weight",
                &[("code", code.clone()), ("from", from.to_string()), ("to", to.to_string())],
            )
        })
        .collect::<Vec<_>>();
    let grading = review.grading_changed.then(|| lang.t("versions-grading-changed"));
    let added: Vec<String> =
        review.changes.iter().filter(|c| c.kind == ChangeKind::Added).map(|c| c.code.clone()).collect();
    let migrating = v.current && review.drafts > 0;
    let lines = review.changes.clone();
    let list = move |with_rules: bool| {
        let added = added.clone();
        view! {
            <ul class="rows changes" data-testid="changes">
                {lines.iter().map(|c| view! { <Line line=c.clone() added=added.clone() with_rules /> }).collect_view()}
            </ul>
        }
    };
    let publish_error = Signal::derive(move || publish.value().get().and_then(Result::err));
    let migrate_error = Signal::derive(move || migrate.value().get().and_then(Result::err));
    let moved = move || migrate.value().get().and_then(Result::ok);
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t("versions-title")}</p>
            <h1>{lang.t_with("instrument-version", &[("version", v.version.clone())])}</h1>
            <p>
                <span class="badge" data-testid="version-state">
                    {state_of(lang, &v)}
                </span>
            </p>
            <p class="muted">{v.title.clone()}</p>
        </section>
        <section class="card">
            <p data-testid="diff-summary">{summary}</p>
            {weights.into_iter().map(|w| view! { <p>{w}</p> }).collect_view()}
            {grading.map(|g| view! { <p>{g}</p> })}
            {unpublished
                .then(|| {
                    view! {
                        <ErrorAlert error=publish_error />
                        <ActionForm action=publish>
                            <input type="hidden" name="id" value=id.clone() />
                            <p class="muted">{lang.t("versions-publish-hint")}</p>
                            <button type="submit" class="btn btn-primary btn-block">
                                {lang.t("versions-publish")}
                            </button>
                        </ActionForm>
                    }
                })}
            {move || {
                moved()
                    .map(|n| {
                        view! {
                            <StatusText text=lang.t_with("versions-migrated", &[("count", lang.count(n as i64))]) />
                        }
                    })
            }}
            <p>
                <a href="/instrument/versions">{lang.t("versions-all")}</a>
            </p>
        </section>
        {if migrating {
            view! {
                <section class="card">
                    <h2>{lang.t_with("versions-migrate-title", &[("count", lang.count(review.drafts as i64))])}</h2>
                    <p>{lang.t("versions-migrate-hint")}</p>
                    <ErrorAlert error=migrate_error />
                    <ActionForm action=migrate>
                        <input type="hidden" name="id" value=v.id.clone() />
                        {list(true)}
                        <button type="submit" class="btn btn-primary btn-block">
                            {lang.t_with("versions-migrate", &[("count", lang.count(review.drafts as i64))])}
                        </button>
                    </ActionForm>
                </section>
            }
                .into_any()
        } else {
            view! { <section class="card">{list(false)}</section> }.into_any()
        }}
    }
}

#[component]
fn Line(line: ChangeLine, added: Vec<String>, with_rules: bool) -> impl IntoView {
    let lang = use_lang();
    let kind = match line.kind {
        ChangeKind::Added => lang.t("versions-kind-added"),
        ChangeKind::Removed => lang.t("versions-kind-removed"),
        ChangeKind::Changed => lang.t("versions-kind-changed"),
    };
    let aspects = line.aspects.iter().map(|a| aspect_words(lang, a)).collect::<Vec<_>>().join("; ");
    let name = format!("rules[{}]", line.code);
    let rule = match (with_rules, line.kind) {
        (true, ChangeKind::Changed) => Some(
            view! {
                <label>
                    {lang.t("versions-rule")} <select name=name>
                        <option value="keep" selected>
                            {lang.t("versions-rule-keep")}
                        </option>
                        <option value="reset">{lang.t("versions-rule-reset")}</option>
                    </select>
                </label>
            }
            .into_any(),
        ),
        (true, ChangeKind::Removed) => Some(
            view! {
                <label>
                    {lang.t("versions-rule")} <select name=name>
                        <option value="reset" selected>
                            {lang.t("versions-rule-withdraw")}
                        </option>
                        {added
                            .into_iter()
                            .map(|to| {
                                let label = lang.t_with("versions-rule-map", &[("code", to.clone())]);
                                view! { <option value=format!("map:{to}")>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        <li data-code=line.code.clone()>
            <p>
                <strong>{line.code.clone()}</strong>
                " "
                <span class="badge">{kind}</span>
            </p>
            <p>{line.text.clone()}</p>
            {line.was.clone().map(|was| view! { <p class="muted">{lang.t_with("versions-was", &[("text", was)])}</p> })}
            {(!aspects.is_empty())
                .then(|| view! { <p class="muted">{lang.t_with("versions-what-changed", &[("what", aspects)])}</p> })}
            {rule}
        </li>
    }
}
