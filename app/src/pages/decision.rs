//! The decision on a cycle: the reconciled result for the officer with approval rights (approve,
//! reject with reasons, send back), the certificate once accredited, and the appeal: filed by
//! the institution within the window, decided by another officer.

use crate::api::decision::{Decide, FileAppeal, ResolveAppeal, decision_page};
use crate::api::self_assessment::StartSelfAssessment;
use crate::components::error_view::ErrorView;
use crate::components::evaluation::EvaluationView;
use crate::components::state_badge::StateBadge;
use crate::i18n::use_lang;
use crate::model::DecisionView;
use domain::scoring::pct;
use leptos::form::ActionForm;
use leptos::prelude::*;

use leptos_router::hooks::use_params_map;

#[component]
pub fn DecisionPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let decide = ServerAction::<Decide>::new();
    let appeal = ServerAction::<FileAppeal>::new();
    let resolve = ServerAction::<ResolveAppeal>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                decide.version().get(),
                appeal.version().get(),
                resolve.version().get(),
            )
        },
        |(id, ..)| decision_page(id),
    );
    view! {
        <crate::components::page_title::PageTitle text=lang.t("decision-title") />
        <Suspense fallback=move || {
            view! { <p class="loading">{lang.t("loading")}</p> }
        }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Decision v decide appeal resolve /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Decision(
    v: DecisionView,
    decide: ServerAction<Decide>,
    appeal: ServerAction<FileAppeal>,
    resolve: ServerAction<ResolveAppeal>,
) -> impl IntoView {
    let lang = use_lang();
    let decide_error = move || decide.value().get().and_then(|r| r.err()).map(|e| lang.t(e.message_key()));
    let appeal_error = move || appeal.value().get().and_then(|r| r.err()).map(|e| lang.t(e.message_key()));
    let resolve_error = move || resolve.value().get().and_then(|r| r.err()).map(|e| lang.t(e.message_key()));
    let recommended = v.result.as_ref().map(|e| e.grade.code().to_string()).unwrap_or_default();
    let (id, id_appeal, id_resolve, id_cert) =
        (v.cycle_id.clone(), v.cycle_id.clone(), v.cycle_id.clone(), v.cycle_id.clone());
    let appeal_until = v.appeal_until.clone().unwrap_or_default();
    let id_reject = v.cycle_id.clone();
    let id_back = v.cycle_id.clone();
    let id_audit = v.cycle_id.clone();
    let id_files = v.cycle_id.clone();
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t("decision-title")}</p>
            <h1>{v.institution_name.clone()}</h1>
            <p>
                <StateBadge state=v.state />
                " "
                <span class="muted">{v.regency_name.clone()}</span>
            </p>
        </section>
        {v
            .certificate
            .clone()
            .map(|c| {
                view! {
                    <section class="card tone-good certificate-card" data-testid="certificate">
                        <h2>{lang.t_with("decision-certificate", &[("grade", c.grade.clone())])}</h2>
                        <p>{lang.t_with("decision-certificate-number", &[("number", c.number.clone())])}</p>
                        <p>{lang.t_with("decision-valid-until", &[("date", lang.date(&c.valid_until))])}</p>
                        <div class="actions">
                            <a
                                class="btn btn-primary"
                                href=format!("/certificates/{}", id_cert)
                                rel="external"
                                download=""
                            >
                                {lang.t("decision-download")}
                            </a>
                            <a class="btn" href=format!("/verify/{}", c.verification_code)>
                                {lang.t("decision-verify-link")}
                            </a>
                        </div>
                    </section>
                }
            })}
        {v
            .blocked
            .clone()
            .map(|k| {
                view! {
                    <p class="card tone-warn" data-testid="decision-blocked">
                        {lang.t(&k)}
                    </p>
                }
            })}
        {v
            .result
            .clone()
            .map(|e| {
                view! {
                    <section class="card">
                        <h2>{lang.t("decision-result")}</h2>
                        <EvaluationView evaluation=e />
                    </section>
                }
            })}
        <section class="card">
            <h2>{lang.t("decision-comparison")}</h2>
            <table class="compare">
                <thead>
                    <tr>
                        <th>{lang.t("reconcile-indicator")}</th>
                        <th>{lang.t("decision-self")}</th>
                        <th>{lang.t("decision-final")}</th>
                        <th>{lang.t("decision-gap")}</th>
                    </tr>
                </thead>
                <tbody>
                    {v
                        .comparison
                        .iter()
                        .map(|(code, name, own, fin)| {
                            let gap = match (own, fin) {
                                (Some(a), Some(b)) => pct(a - b),
                                _ => "–".into(),
                            };
                            view! {
                                <tr>
                                    <td>{format!("{code} {name}")}</td>
                                    <td>{own.map(pct).unwrap_or_else(|| "–".into())}</td>
                                    <td>{fin.map(pct).unwrap_or_else(|| "–".into())}</td>
                                    <td>{gap}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
        {v
            .can_decide
            .then(|| {
                view! {
                    <section class="card action-bar" aria-labelledby="decide-title">
                        <h2 id="decide-title">{lang.t("decision-decide")}</h2>
                        {move || {
                            decide_error()
                                .map(|e| {
                                    view! {
                                        <p class="alert" role="alert">
                                            {e}
                                        </p>
                                    }
                                })
                        }}
                        <ActionForm action=decide>
                            <input type="hidden" name="cycle_id" value=id.clone() />
                            <input type="hidden" name="kind" value="approve" />
                            <button type="submit" class="btn btn-primary">
                                {lang.t_with("decision-approve", &[("grade", recommended.clone())])}
                            </button>
                        </ActionForm>
                        <ActionForm action=decide attr:class="form-grid">
                            <input type="hidden" name="cycle_id" value=id_reject.clone() />
                            <input type="hidden" name="kind" value="reject" />
                            <label>
                                {lang.t("decision-reject-reasons")}
                                <textarea name="reasons" rows="2" required></textarea>
                            </label>
                            <button type="submit" class="btn btn-danger">
                                {lang.t("decision-reject")}
                            </button>
                        </ActionForm>
                        <ActionForm action=decide attr:class="form-grid">
                            <input type="hidden" name="cycle_id" value=id_back.clone() />
                            <input type="hidden" name="kind" value="send_back" />
                            <label>
                                {lang.t("decision-send-back-reason")}
                                <textarea name="reasons" rows="2" required></textarea>
                            </label>
                            <button type="submit" class="btn">
                                {lang.t("decision-send-back")}
                            </button>
                        </ActionForm>
                    </section>
                }
            })}
        {v
            .appeal
            .clone()
            .map(|a| {
                view! {
                    <section class="card" data-testid="appeal">
                        <h2>{lang.t_with("appeal-filed", &[("date", lang.date(&a.filed_on))])}</h2>
                        <p class="narrative">{a.reasons.clone()}</p>
                        {a
                            .outcome
                            .clone()
                            .map(|o| {
                                let text = match (o.as_str(), a.outcome_grade.clone()) {
                                    ("changed", Some(g)) => lang.t_with("appeal-changed", &[("grade", g)]),
                                    _ => lang.t("appeal-upheld"),
                                };
                                view! {
                                    <p class="notice" data-testid="appeal-outcome">
                                        {text}
                                    </p>
                                    <p>{a.outcome_reasons.clone().unwrap_or_default()}</p>
                                }
                            })}
                    </section>
                }
            })}
        {(!v.appeal_files.is_empty() || v.can_add_appeal_files)
            .then(|| {
                view! {
                    <AppealFiles
                        cycle_id=id_files.clone()
                        files=v.appeal_files.clone()
                        can_add=v.can_add_appeal_files
                    />
                }
            })}
        {v
            .can_appeal
            .then(|| {
                view! {
                    <section class="card" aria-labelledby="appeal-title">
                        <h2 id="appeal-title">{lang.t("appeal-title")}</h2>
                        <p class="muted">{lang.t_with("appeal-until", &[("date", lang.date(&appeal_until))])}</p>
                        {move || {
                            appeal_error()
                                .map(|e| {
                                    view! {
                                        <p class="alert" role="alert">
                                            {e}
                                        </p>
                                    }
                                })
                        }}
                        <ActionForm action=appeal attr:class="form">
                            <input type="hidden" name="cycle_id" value=id_appeal.clone() />
                            <label for="appeal-reasons">{lang.t("appeal-reasons")}</label>
                            <textarea id="appeal-reasons" name="reasons" rows="4" required></textarea>
                            <button type="submit" class="btn btn-primary">
                                {lang.t("appeal-submit")}
                            </button>
                        </ActionForm>
                    </section>
                }
            })}
        {v
            .can_resolve
            .then(|| {
                view! {
                    <section class="card action-bar" aria-labelledby="resolve-title">
                        <h2 id="resolve-title">{lang.t("appeal-resolve")}</h2>
                        {move || {
                            resolve_error()
                                .map(|e| {
                                    view! {
                                        <p class="alert" role="alert">
                                            {e}
                                        </p>
                                    }
                                })
                        }}
                        <ActionForm action=resolve attr:class="form-grid">
                            <input type="hidden" name="cycle_id" value=id_resolve.clone() />
                            <label>
                                {lang.t("appeal-outcome")} <select name="outcome">
                                    <option value="uphold">{lang.t("appeal-uphold")}</option>
                                    {["A", "B", "C", "TT"]
                                        .into_iter()
                                        .map(|g| {
                                            view! {
                                                <option value=g>
                                                    {lang.t_with("appeal-change-to", &[("grade", g.to_string())])}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                            <label>
                                {lang.t("decision-reasons")} <textarea name="reasons" rows="2" required></textarea>
                            </label>
                            <button type="submit" class="btn btn-primary">
                                {lang.t("appeal-decide")}
                            </button>
                        </ActionForm>
                    </section>
                }
            })}
        {v.can_reaccredit.then(|| view! { <Reaccredit /> })}
        {v
            .can_audit
            .then(|| {
                view! {
                    <p>
                        <a class="btn" href=format!("/audit/{}", id_audit)>
                            {lang.t("audit-open")}
                        </a>
                    </p>
                }
            })}
        {(!v.history.is_empty())
            .then(|| {
                view! {
                    <section class="card">
                        <h2>{lang.t("decision-history")}</h2>
                        <ul class="rows" data-testid="decision-history">
                            {v
                                .history
                                .iter()
                                .map(|d| {
                                    view! {
                                        <li>
                                            <span>
                                                {lang.t(&format!("decision-kind-{}", d.kind.replace('_', "-")))} " "
                                                {d.grade.clone().unwrap_or_default()}
                                            </span>
                                            <span class="muted">
                                                {lang.date(&d.decided_on)} " " {d.reasons.clone()}
                                            </span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
    }
    .into_any()
}

/// Starts the next accreditation on the current instrument version, then opens it.
#[component]
fn Reaccredit() -> impl IntoView {
    let lang = use_lang();
    let start = ServerAction::<StartSelfAssessment>::new();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = start.value().get() {
            navigate("/self-assessment", Default::default());
        }
    });
    let error = move || start.value().get().and_then(|r| r.err()).map(|e| lang.t(e.message_key()));
    view! {
        <section class="card tone-warn">
            <h2>{lang.t("reaccredit-title")}</h2>
            <p>{lang.t("reaccredit-hint")}</p>
            {move || {
                error()
                    .map(|e| {
                        view! {
                            <p class="alert" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            <ActionForm action=start>
                <button type="submit" class="btn btn-primary">
                    {lang.t("reaccredit-start")}
                </button>
            </ActionForm>
        </section>
    }
}

/// Evidence for the appeal: listed for everyone entitled to the cycle; the institution adds
/// photos or PDFs with a plain form (works without JavaScript) through the evidence pipeline.
#[component]
fn AppealFiles(cycle_id: String, files: Vec<crate::model::EvidenceView>, can_add: bool) -> impl IntoView {
    let lang = use_lang();
    let upload_id = crate::device::new_change_id();
    view! {
        <section class="card" aria-labelledby="appeal-files-title">
            <h2 id="appeal-files-title">{lang.t("appeal-files")}</h2>
            <ul class="thumbs" data-testid="appeal-files">
                {files
                    .into_iter()
                    .map(|f| {
                        let label = if f.caption.is_empty() { lang.t("evidence-document") } else { f.caption.clone() };
                        view! {
                            <li>
                                <a
                                    class="doc"
                                    href=format!("/appeal-files/{}/full", f.id)
                                    target="_blank"
                                    rel="external"
                                >
                                    {label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {can_add
                .then(|| {
                    view! {
                        <form
                            method="post"
                            enctype="multipart/form-data"
                            action=format!("/appeal-files/{cycle_id}")
                            class="form-grid"
                        >
                            <input type="hidden" name="id" value=upload_id.clone() />
                            <label>
                                {lang.t("appeal-file-caption")} <input type="text" name="caption" maxlength="500" />
                            </label>
                            <label>
                                {lang.t("appeal-file")}
                                <input
                                    type="file"
                                    name="file"
                                    accept="image/*,application/pdf"
                                    required
                                    data-testid="appeal-file-input"
                                />
                            </label>
                            <button type="submit" class="btn">
                                {lang.t("appeal-file-add")}
                            </button>
                        </form>
                    }
                })}
        </section>
    }
}
