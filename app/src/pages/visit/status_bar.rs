//! The bar above the indicators: progress, what is not synced yet, photos waiting, the
//! network, and "Prepare for offline", which stores the page, the app and the evidence
//! thumbnails in the browser so that the visit works with no network.

use super::sync::Sync;
use crate::device::{delivery, offline};
use crate::i18n::use_lang;
use crate::model::VisitView;
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Prep {
    No,
    Working,
    Ready,
    Failed(String),
}

#[component]
pub fn StatusBar(
    v: StoredValue<VisitView>,
    sync: Sync,
    scored: Signal<usize>,
    total: usize,
    locked: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let Sync { pending, delivery: state, online, photos_waiting, .. } = sync;
    let prep = RwSignal::new(Prep::No);
    let page = v.with_value(|v| format!("/visits/{}", v.cycle_id));

    // After hydration: a visit prepared earlier says so.
    Effect::new({
        let page = page.clone();
        move |_| {
            let page = page.clone();
            leptos::task::spawn_local(async move {
                if offline::is_prepared(&page).await {
                    prep.set(Prep::Ready);
                }
            });
        }
    });
    let prepare = move |_| {
        prep.set(Prep::Working);
        // The visit, the home page that lists the visits (where the installed app starts), every
        // file of the app, and the evidence photos' thumbnails.
        let mut urls = vec![page.clone(), "/".to_string()];
        v.with_value(|v| {
            for f in v.evidence.values().flatten().filter(|f| f.kind == "photo") {
                urls.push(format!("/evidence/{}/thumbnail", f.id));
            }
        });
        leptos::task::spawn_local(async move {
            let files = offline::app_files().await;
            urls.extend(files.urls);
            match offline::prepare(urls, files.complete).await {
                Ok(_) => prep.set(Prep::Ready),
                Err(e) => prep.set(Prep::Failed(e)),
            }
        });
    };

    let unsynced_text = move || delivery::describe(lang, pending.get(), &state.get());
    let unsynced_class = move || format!("sync-status {}", delivery::tone(pending.get(), &state.get()));
    let prep_text = move || match prep.get() {
        Prep::No => lang.t("visit-prepare"),
        Prep::Working => lang.t("visit-preparing"),
        Prep::Ready => lang.t("visit-prepared"),
        Prep::Failed(_) => lang.t("visit-prepare-failed"),
    };

    view! {
        {move || {
            locked
                .get()
                .then(|| {
                    view! {
                        <p class="notice visit-closed" data-testid="visit-closed">
                            {lang.t("visit-closed")}
                        </p>
                    }
                })
        }}
        <div class="visit-bar" role="region" aria-label=lang.t("visit-status")>
            <span class="visit-progress" data-testid="visit-progress">
                {move || {
                    lang.t_with("visit-progress", &[("scored", scored.get().to_string()), ("total", total.to_string())])
                }}
            </span>
            <span class=unsynced_class data-testid="unsynced" role="status">
                {unsynced_text}
            </span>
            {move || {
                (photos_waiting.get() > 0)
                    .then(|| {
                        view! {
                            <span class="sync-status warn" data-testid="photos-waiting">
                                {lang.t_with("visit-photos-waiting", &[("count", photos_waiting.get().to_string())])}
                            </span>
                        }
                    })
            }}
            <span class="net" class:offline=move || !online.get() data-testid="network">
                {move || if online.get() { lang.t("visit-online") } else { lang.t("visit-offline") }}
            </span>
            <button
                type="button"
                class="btn btn-small"
                class:hidden=move || locked.get()
                data-testid="prepare"
                on:click=prepare
                disabled=move || matches!(prep.get(), Prep::Working)
                class:ready=move || prep.get() == Prep::Ready
            >
                {prep_text}
            </button>
        </div>
    }
}
