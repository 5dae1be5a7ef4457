//! A checked spreadsheet: its problems by row and column, or the button that imports it, and
//! what the import did.

use super::{UploadForm, problem_text};
use crate::api::onboarding::view::{ImportView, InvitedManager, OutcomeView};
use crate::api::onboarding::{ConfirmImport, import_preview};
use crate::components::error_view::{ErrorAlert, ErrorView, StatusText};
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::i18n::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let confirm = ServerAction::<ConfirmImport>::new();
    let data = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), confirm.version().get()),
        |(id, _)| import_preview(id),
    );
    view! {
        <PageTitle text=lang.t("import-preview-title") />
        <section class="hero">
            <p class="eyebrow">{lang.t("onboarding-eyebrow")}</p>
            <h1>{lang.t("import-preview-title")}</h1>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Preview view confirm /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Preview(view: ImportView, confirm: ServerAction<ConfirmImport>) -> impl IntoView {
    let lang = use_lang();
    let file = lang.t_with("import-file-name", &[("name", view.file_name.clone())]);
    let body = if let Some(outcome) = view.outcome {
        let invited = view.invited.clone();
        view! { <Outcome outcome invited /> }.into_any()
    } else if view.problem_count > 0 {
        let shown = view.problems.len();
        let more = (view.problem_count as usize > shown)
            .then(|| lang.t_with("import-more-problems", &[("count", lang.count(i64::from(view.problem_count)))]));
        view! {
            <section class="card tone-warn" role="alert">
                <h2>{lang.t_with("import-problem-count", &[("count", lang.count(i64::from(view.problem_count)))])}</h2>
                <p>{lang.t("import-fix-and-upload")}</p>
                <ol class="rows import-problems">
                    {view.problems.iter().map(|p| view! { <li>{problem_text(lang, p)}</li> }).collect_view()}
                </ol>
                {more.map(|m| view! { <p class="muted">{m}</p> })}
            </section>
            <UploadForm />
        }
        .into_any()
    } else {
        let error = Signal::derive(move || confirm.value().get().and_then(Result::err));
        view! {
            <section class="card">
                <p>{lang.t_with("import-ready", &[("count", lang.count(i64::from(view.rows)))])}</p>
                <ErrorAlert error />
                <ActionForm action=confirm>
                    <input type="hidden" name="id" value=view.id.clone() />
                    <button type="submit" class="btn btn-primary btn-block">
                        {lang.t("import-confirm")}
                    </button>
                </ActionForm>
            </section>
        }
        .into_any()
    };
    view! {
        <p class="muted">{file}</p>
        {body}
    }
}

#[component]
fn Outcome(outcome: OutcomeView, invited: Vec<InvitedManager>) -> impl IntoView {
    let lang = use_lang();
    let text = if outcome.created == 0 && outcome.updated == 0 {
        lang.t_with("import-no-changes", &[("count", lang.count(i64::from(outcome.unchanged)))])
    } else {
        lang.t_with(
            "import-done",
            &[
                ("created", lang.count(i64::from(outcome.created))),
                ("updated", lang.count(i64::from(outcome.updated))),
                ("unchanged", lang.count(i64::from(outcome.unchanged))),
            ],
        )
    };
    let invited_text = (outcome.invited > 0)
        .then(|| lang.t_with("import-invited", &[("count", lang.count(i64::from(outcome.invited)))]));
    view! {
        <section class="card">
            <StatusText text />
            {invited_text.map(|t| view! { <p>{t}</p> })}
            {(!invited.is_empty()).then(|| view! { <InvitedLinks invited /> })}
            <p class="actions">
                <a class="btn" href="/">
                    {lang.t("nav-home")}
                </a>
                " "
                <a class="btn" href="/institutions/import">
                    {lang.t("import-another")}
                </a>
            </p>
        </section>
    }
}

/// The managers' one-time links, shown once: to copy, or to download as a CSV file (built here
/// from what the page shows, so the links are not fetched again).
#[component]
fn InvitedLinks(invited: Vec<InvitedManager>) -> impl IntoView {
    let lang = use_lang();
    let csv = links_csv(lang, &invited);
    view! {
        <h2>{lang.t("import-links-title")}</h2>
        <p class="muted">{lang.t("import-links-once")}</p>
        <p>
            <a class="btn" href=csv download="tautan-undangan-pengelola.csv" rel="external" data-testid="links-csv">
                {lang.t("import-links-csv")}
            </a>
        </p>
        <div class="table-scroll">
            <table class="compare people" data-testid="invited-managers">
                <thead>
                    <tr>
                        <th>{lang.t("people-full-name")}</th>
                        <th>{lang.t("people-institution")}</th>
                        <th>{lang.t("people-email")}</th>
                        <th>{lang.t("people-link-label")}</th>
                    </tr>
                </thead>
                <tbody>
                    {invited
                        .into_iter()
                        .map(|m| {
                            view! {
                                <tr>
                                    <td class="person">
                                        <strong>{m.full_name.clone()}</strong>
                                        <br />
                                        <span class="muted">{m.username.clone()}</span>
                                    </td>
                                    <td data-label=lang
                                        .t(
                                            "people-institution",
                                        )>
                                        {lang
                                            .t_with(
                                                "import-row-institution",
                                                &[("row", m.row.to_string()), ("name", m.institution.clone())],
                                            )}
                                    </td>
                                    <td data-label=lang
                                        .t("people-email")>{lang.t(&format!("people-mail-{}", m.mail.code()))}</td>
                                    <td class="person-actions">
                                        <input type="text" readonly value=m.url.clone() data-testid="invite-link" />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The links as a CSV file in a `data:` address: a header row in the reader's language, each
/// cell quoted and formula-neutralised (names come from the uploaded file).
pub fn links_csv(lang: crate::i18n::Lang, invited: &[InvitedManager]) -> String {
    let cell = |s: &str| format!("\"{}\"", domain::import::defuse(s).replace('"', "\"\""));
    let header = [
        "import-links-row",
        "people-institution",
        "people-full-name",
        "login-username",
        "people-link-label",
        "people-email",
    ]
    .map(|k| cell(&lang.t(k)))
    .join(",");
    let mut text = format!("\u{feff}{header}\r\n");
    for m in invited {
        let cells = [
            m.row.to_string(),
            m.institution.clone(),
            m.full_name.clone(),
            m.username.clone(),
            m.url.clone(),
            lang.t(&format!("people-mail-{}", m.mail.code())),
        ];
        text.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        text.push_str("\r\n");
    }
    let encoded: String = text
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("data:text/csv;charset=utf-8,{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::people::MailStatus;

    #[test]
    fn the_links_file_neutralises_formulas_and_quotes() {
        let m = InvitedManager {
            row: 2,
            institution: "=HYPERLINK(\"http://x\")".into(),
            full_name: "Siti \"Ani\" Rahayu".into(),
            username: "siti.rahayu".into(),
            url: "http://localhost/invite/abc".into(),
            mail: MailStatus::Sent,
        };
        let url = links_csv(crate::i18n::Lang::En, &[m]);
        let encoded = url.strip_prefix("data:text/csv;charset=utf-8,").unwrap();
        let bytes: Vec<u8> = {
            let b = encoded.as_bytes();
            let mut out = vec![];
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'%' {
                    out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).unwrap());
                    i += 3;
                } else {
                    out.push(b[i]);
                    i += 1;
                }
            }
            out
        };
        let text = String::from_utf8(bytes).unwrap();
        let row = text.lines().nth(1).unwrap();
        assert_eq!(
            row,
            "\"2\",\"'=HYPERLINK(\"\"http://x\"\")\",\"Siti \"\"Ani\"\" Rahayu\",\"siti.rahayu\",\"http://localhost/invite/abc\",\"The link was also e-mailed to the account's address.\""
        );
        assert!(text.starts_with('\u{feff}'));
    }
}
