//! The audit trail of a cycle: who did what, when, with the value before and after.

use crate::api::audit::cycle_audit;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use leptos::prelude::*;

use crate::i18n::Lang;
use domain::audit::{Change, Zone};
use leptos_router::hooks::use_params_map;

/// "24 November 2026 07.30 WITA": the local time of the institution's province.
fn moment(lang: Lang, zone: Zone, t: i64) -> String {
    let (date, hour, minute) = zone.local(t);
    format!("{} {} {}", lang.date(&date), lang.time(hour, minute), zone.name())
}

/// What an event changed, in words: level names, step names, grades, people.
fn words(lang: Lang, levels: &[String], change: &Change) -> String {
    let level = |score: &Option<u8>| match score {
        Some(n) => {
            let name = levels.get(usize::from(*n)).cloned().unwrap_or_default();
            lang.t_with("audit-level", &[("level", n.to_string()), ("name", name)])
        }
        None => lang.t("audit-no-score"),
    };
    let quoted = |label: &str, text: &str| {
        if text.trim().is_empty() { String::new() } else { format!("; {}: “{}”", lang.t(label), text.trim()) }
    };
    match change {
        Change::SelfScore { score } => level(score),
        Change::VisitScore { score, note, check_on_site } => {
            let check = if *check_on_site { format!("; {}", lang.t("audit-check-on-site")) } else { String::new() };
            format!("{}{}{check}", level(score), quoted("audit-note", note))
        }
        Change::AssessorScores { first, second } => {
            lang.t_with("audit-assessor-scores", &[("first", level(first)), ("second", level(second))])
        }
        Change::FinalScore { score, reason } => format!("{}{}", level(score), quoted("audit-reason", reason)),
        Change::State { state } => lang.t(&format!("state-{state}")),
        Change::Result { total_hundredths, grade } => {
            lang.t_with("audit-result", &[("total", lang.percent(*total_hundredths)), ("grade", grade.clone())])
        }
        Change::Decision { kind, grade } => {
            let kind = lang.t(&format!("decision-kind-{}", kind.replace('_', "-")));
            match grade {
                Some(g) => lang.t_with("audit-decision", &[("kind", kind), ("grade", g.clone())]),
                None => kind,
            }
        }
        Change::Team { people, visit_on } => {
            let date = visit_on.as_deref().map(|d| lang.t_with("home-visit-on", &[("date", lang.date(d))]));
            people.iter().cloned().chain(date).collect::<Vec<_>>().join("; ")
        }
        Change::Permit { number, expires_on } => lang.t_with(
            "audit-permit",
            &[
                ("number", number.clone().unwrap_or_else(|| "–".into())),
                ("until", expires_on.as_deref().map(|d| lang.date(d)).unwrap_or_else(|| "–".into())),
            ],
        ),
        Change::Text { text } => text.clone(),
        Change::Account { role, place } => {
            let role = lang.t(&format!("role-{role}"));
            place.iter().fold(role, |role, place| format!("{role}; {place}"))
        }
        Change::AccountStatus { status } => lang.t(&format!("account-status-{}", status.replace('_', "-"))),
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
            )
        },
        |(id, page)| cycle_audit(id, page),
    );
    view! {
        <crate::components::page_title::PageTitle text=lang.t("audit-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        view! {
                            <section class="hero">
                                <p class="eyebrow">{lang.t("audit-title")}</p>
                                <h1>{v.institution_name.clone()}</h1>
                                <p class="muted">{lang.t_with("audit-count", &[("count", lang.count(v.total))])}</p>
                            </section>
                            <section class="card">
                                <table class="compare audit" data-testid="audit">
                                    <thead>
                                        <tr>
                                            <th>{lang.t("audit-when")}</th>
                                            <th>{lang.t("audit-who")}</th>
                                            <th>{lang.t("audit-what")}</th>
                                            <th>{lang.t("audit-change")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {v
                                            .entries
                                            .clone()
                                            .into_iter()
                                            .map(|e| {
                                                let say = |c: &Change| words(lang, &v.levels, c);
                                                let change = match (&e.before, &e.after) {
                                                    (Some(b), Some(a)) => format!("{} → {}", say(b), say(a)),
                                                    (None, Some(c)) | (Some(c), None) => say(c),
                                                    (None, None) => String::new(),
                                                };
                                                view! {
                                                    <tr>
                                                        <td class="audit-when">{moment(lang, v.zone, e.at)}</td>
                                                        <td>
                                                            {e.actor.clone().unwrap_or_else(|| lang.t("audit-system"))}
                                                        </td>
                                                        <td>
                                                            {lang
                                                                .t(&format!("audit-action-{}", e.action.replace('_', "-")))}
                                                            " " {e.part.clone().unwrap_or_default()}
                                                        </td>
                                                        <td class="audit-change">{change}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                <crate::components::pager::Pager info=v.page />
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_reads_as_words_in_both_languages() {
        let levels: Vec<String> =
            ["Tidak ada bukti", "Belum sesuai", "Sebagian sesuai", "Sesuai", "Sesuai, berkelanjutan"]
                .map(String::from)
                .to_vec();
        let changes = [
            Change::SelfScore { score: Some(3) },
            Change::SelfScore { score: None },
            Change::VisitScore { score: Some(2), note: "pintu darurat".into(), check_on_site: true },
            Change::AssessorScores { first: Some(4), second: None },
            Change::FinalScore { score: Some(3), reason: "dokumen ada".into() },
            Change::State { state: "submitted".into() },
            Change::Result { total_hundredths: 7370, grade: "B".into() },
            Change::Decision { kind: "approve".into(), grade: Some("B".into()) },
            Change::Decision { kind: "send_back".into(), grade: None },
            Change::Team { people: vec!["Ahmad Fauzi".into()], visit_on: Some("2026-12-08".into()) },
            Change::Permit { number: None, expires_on: Some("2029-01-31".into()) },
            Change::Account { role: "institution_manager".into(), place: Some("LKSA Muhammadiyah Magetan".into()) },
            Change::AccountStatus { status: "invitation_issued".into() },
            Change::AccountStatus { status: "deactivated".into() },
        ];
        for lang in [Lang::Id, Lang::En] {
            for c in &changes {
                let text = words(lang, &levels, c);
                assert!(!text.is_empty(), "{c:?}");
                for raw in ["Some(", "None", "[", "_", "audit-", "state-", "decision-", "role-", "account-"] {
                    assert!(!text.contains(raw), "{c:?} in {lang:?}: {text}");
                }
            }
        }
        assert_eq!(words(Lang::Id, &levels, &changes[0]), "tingkat 3 (Sesuai)");
        assert_eq!(words(Lang::Id, &levels, &changes[6]), "total 73,70 %, peringkat B");
        assert_eq!(words(Lang::En, &levels, &changes[6]), "total 73.70 %, grade B");
        assert_eq!(moment(Lang::Id, Zone::Wita, 1_795_476_600), "24 November 2026 07.30 WITA");
        assert_eq!(moment(Lang::En, Zone::Wib, 1_795_476_600), "24 November 2026 06:30 WIB");
    }
}
