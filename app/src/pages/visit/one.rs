//! One indicator at a time: the desk review (self-score, narrative, evidence), the levels, a
//! note, site photos, the mark to check on site, and previous/next.

use super::levels::{LevelButtons, levels_of};
use super::photos::{SendFile, SitePhotos};
use super::sync::Edit;
use crate::components::thumbnails::Thumbnails;
use crate::device::photo_queue::Waiting;
use crate::i18n::use_lang;
use crate::model::{OwnScoreView, SitePhotoView, VisitView};
use domain::Indicator;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn OneIndicator(
    ind: Indicator,
    n: usize,
    total: usize,
    v: StoredValue<VisitView>,
    own: RwSignal<BTreeMap<String, OwnScoreView>>,
    record: Callback<(String, Edit)>,
    locked: RwSignal<bool>,
    current: RwSignal<usize>,
    photos: RwSignal<BTreeMap<String, Vec<SitePhotoView>>>,
    waiting: RwSignal<Vec<Waiting>>,
    add_photo: Callback<(String, String, SendFile)>,
) -> impl IntoView {
    let lang = use_lang();
    let code = ind.code.clone();
    let (answer, files, levels) = v.with_value(|v| {
        (v.answers.get(&code).cloned(), v.evidence.get(&code).cloned().unwrap_or_default(), levels_of(v, &ind))
    });
    let self_label = answer.as_ref().and_then(|a| a.self_score).map(|s| {
        let label = levels.iter().find(|l| l.0 == s.value()).map(|l| l.1.clone()).unwrap_or_default();
        lang.t_with("visit-self-score", &[("score", s.to_string()), ("label", label)])
    });
    let note = {
        let code = code.clone();
        move || own.with(|m| m.get(&code).map(|s| s.note.clone()).unwrap_or_default())
    };
    let check = Signal::derive({
        let code = code.clone();
        move || own.with(|m| m.get(&code).is_some_and(|s| s.check_on_site))
    });
    let code_note = code.clone();
    let code_check = code.clone();
    let is_last = n + 1 == total;
    view! {
        <article
            class="card indicator-card visit-card"
            class:critical=ind.critical
            data-code=code.clone()
            data-testid="visit-indicator"
        >
            <div class="indicator-head">
                <span class="code">{code.clone()}</span>
                {ind
                    .critical
                    .then(|| view! { <span class="badge critical-badge">{lang.t("instrument-critical")}</span> })}
                <span class="muted">{format!("{} / {}", n + 1, total)}</span>
            </div>
            <h2 class="indicator-text">{ind.text.clone()}</h2>
            <p class="muted small">{ind.guidance.clone()}</p>
            <div class="desk-review">
                <h3>{lang.t("visit-desk-review")}</h3>
                <p>{self_label.unwrap_or_else(|| lang.t("intake-no-score"))}</p>
                {answer.filter(|a| !a.narrative.is_empty()).map(|a| view! { <p class="narrative">{a.narrative}</p> })}
                {if files.is_empty() {
                    view! { <p class="muted small">{lang.t("visit-no-evidence")}</p> }.into_any()
                } else {
                    view! { <Thumbnails files /> }.into_any()
                }}
            </div>
            <LevelButtons code=code.clone() levels own record locked compact=false />
            <label class="narrative-label" for=format!("note-{code}")>
                {lang.t("visit-note")}
            </label>
            <textarea
                id=format!("note-{code}")
                rows="3"
                prop:value=note
                disabled=move || locked.get()
                on:input=move |ev| record.run((code_note.clone(), Edit::Note(event_target_value(&ev))))
            ></textarea>
            <SitePhotos code=code.clone() photos waiting locked add=add_photo />
            <div class="visit-nav">
                <button type="button" class="btn" disabled=n == 0 on:click=move |_| current.set(n.saturating_sub(1))>
                    {lang.t("visit-previous")}
                </button>
                <button
                    type="button"
                    class="btn check-toggle"
                    aria-pressed=move || check.get().to_string()
                    disabled=move || locked.get()
                    on:click=move |_| record.run((code_check.clone(), Edit::ToggleCheck))
                >
                    {move || if check.get() { lang.t("visit-checked-mark") } else { lang.t("visit-check-mark") }}
                </button>
                <button type="button" class="btn btn-primary" disabled=is_last on:click=move |_| current.set(n + 1)>
                    {lang.t("visit-next")}
                </button>
            </div>
        </article>
    }
}
