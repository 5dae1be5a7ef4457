//! Submitting this assessor's scores: possible once every indicator is scored and everything
//! on the device reached the server; the device's queue is then forgotten.

use super::sync::Sync;
use crate::api::visit::submit_visit;
use crate::components::error_view::{Alert, StatusText};
use crate::device::storage::Local;
use crate::device::visit_queue::VisitQueue;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn SubmitCard(
    cycle_id: String,
    queue_key: String,
    sync: Sync,
    locked: RwSignal<bool>,
    scored: Signal<usize>,
    total: usize,
    /// How many assessors submitted, of how many, when the page was loaded.
    others: (usize, usize),
    /// This assessor had submitted when the page was loaded.
    submitted: bool,
    reconciles: bool,
) -> impl IntoView {
    let lang = use_lang();
    let submit_error = RwSignal::new(None::<String>);
    let submitted_now = RwSignal::new(false);
    let done = move || others.0 + usize::from(submitted_now.get());
    let can_submit = move || {
        !locked.get()
            && scored.get() == total
            && sync.pending.get() == 0
            && sync.photos_waiting.get() == 0
            && sync.online.get()
    };
    let submit = {
        let cycle_id = cycle_id.clone();
        move |_| {
            let (cycle_id, queue_key) = (cycle_id.clone(), queue_key.clone());
            leptos::task::spawn_local(async move {
                match submit_visit(cycle_id).await {
                    Ok(_) => {
                        VisitQueue::new(Local, &queue_key).clear();
                        locked.set(true);
                        submitted_now.set(true);
                        submit_error.set(None);
                    }
                    Err(e) => submit_error.set(Some(e.message_key().to_string())),
                }
            });
        }
    };
    view! {
        <section class="card submit-card">
            {move || {
                (submitted || submitted_now.get())
                    .then(|| {
                        view! { <StatusText text=lang.t("visit-submitted") /> }
                    })
            }} <p class="muted" data-testid="visit-others">
                {move || {
                    lang.t_with("visit-others", &[("done", done().to_string()), ("total", others.1.to_string())])
                }}
            </p> <Alert text=Signal::derive(move || submit_error.get().map(|k| lang.t(&k))) />
            {move || {
                (!locked.get())
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn-primary"
                                disabled=move || !can_submit()
                                on:click=submit.clone()
                            >
                                {lang.t("visit-submit")}
                            </button>
                            <p class="muted small">{lang.t("visit-submit-hint")}</p>
                        }
                    })
            }}
            {reconciles
                .then(|| {
                    view! {
                        <a class="btn" href=format!("/reconcile/{cycle_id}")>
                            {lang.t("visit-open-reconcile")}
                        </a>
                    }
                })}
        </section>
    }
}
