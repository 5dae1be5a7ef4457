//! The notice on a self-assessment that moved to a newer instrument version: what changed for
//! this institution and what it must look at again, each line linking to its indicator.

use super::card::Level;
use crate::i18n::use_lang;
use crate::model::MigrationNotice;
use crate::pages::instrument_versions::aspect_words;
use domain::instrument_diff::Moved;
use leptos::prelude::*;

/// The page of the component an indicator belongs to (codes start with their component's code).
fn link(code: &str) -> String {
    let component = code.split('.').next().unwrap_or_default();
    format!("/self-assessment?c={component}#{code}")
}

#[component]
pub fn MigrationBanner(notice: MigrationNotice, levels: Vec<Level>) -> impl IntoView {
    let lang = use_lang();
    let level = move |score: Option<u8>| match score.and_then(|s| levels.iter().find(|l| l.level == s)) {
        Some(l) => lang.t_with("audit-level", &[("level", l.level.to_string()), ("name", l.label.clone())]),
        None => lang.t("audit-no-score"),
    };
    let lines: Vec<(String, String)> = notice
        .report
        .iter()
        .map(|m| match m {
            Moved::Recheck { code, aspects, score } => {
                let what = aspects.iter().map(|a| aspect_words(lang, a)).collect::<Vec<_>>().join(", ");
                let text = lang
                    .t_with("sa-migrated-recheck", &[("code", code.clone()), ("what", what), ("level", level(*score))]);
                (link(code), text)
            }
            Moved::Rescore { code, previous } => {
                let text =
                    lang.t_with("sa-migrated-rescore", &[("code", code.clone()), ("level", level(Some(*previous)))]);
                (link(code), text)
            }
            Moved::Mapped { from, to, .. } => {
                (link(to), lang.t_with("sa-migrated-mapped", &[("from", from.clone()), ("to", to.clone())]))
            }
            Moved::New { code } => (link(code), lang.t_with("sa-migrated-new", &[("code", code.clone())])),
            Moved::Withdrawn { code, .. } => {
                (String::new(), lang.t_with("sa-migrated-withdrawn", &[("code", code.clone())]))
            }
        })
        .collect();
    let open = lines.len() <= 10;
    let lead = lang.t_with(
        if lines.is_empty() { "sa-migrated-nothing" } else { "sa-migrated-lead" },
        &[("when", lang.moment(notice.zone, notice.at)), ("from", notice.from_version.clone())],
    );
    view! {
        <details class="card tone-warn migration-notice" data-testid="migration-notice" open=open>
            <summary>
                <h2>{lang.t_with("sa-migrated-title", &[("to", notice.to_version.clone())])}</h2>
            </summary>
            <p>{lead}</p>
            <ul class="rows">
                {lines
                    .into_iter()
                    .map(|(href, text)| {
                        if href.is_empty() {
                            view! { <li>{text}</li> }.into_any()
                        } else {
                            view! {
                                <li>
                                    <a href=href>{text}</a>
                                </li>
                            }
                                .into_any()
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}
