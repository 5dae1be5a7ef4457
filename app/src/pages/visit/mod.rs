//! The assessor's desk review and site visit on a tablet: one indicator at a time or a
//! compact grid, rubric levels as large tap targets, notes, marks to check on site, and
//! everything written on the device first, then synced. "Prepare for offline" stores the page,
//! the app and the evidence thumbnails in the browser so that the visit works with no network.

mod offline;
mod photos;
mod queue;

use crate::api::visit::{SyncResult, submit_visit, sync_visit, visit_package};
use crate::components::error_view::ErrorView;
use crate::components::state_badge::StateBadge;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::model::{EvidenceView, OwnScoreView, SitePhotoView, VisitView};
use domain::visit::VisitChange;
use domain::{CycleState, Indicator, Score};
use leptos::prelude::*;

use leptos_router::hooks::use_params_map;
use photos::{SendFile, Waiting};
use std::collections::BTreeMap;
use std::time::Duration;

#[component]
pub fn VisitPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, visit_package);
    view! {
        <crate::components::page_title::PageTitle text=lang.t("visit-title") />
        <Suspense fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Visit v /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Photo thumbnails and document links of one indicator's evidence.
#[component]
pub fn Thumbnails(files: Vec<EvidenceView>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="thumbs">
            {files
                .into_iter()
                .map(|f| {
                    if f.kind == "photo" {
                        view! {
                            <li>
                                <a href=format!("/evidence/{}/full", f.id) target="_blank" rel="external">
                                    <img src=format!("/evidence/{}/thumbnail", f.id) alt=f.caption.clone() width="120" height="90" />
                                </a>
                            </li>
                        }
                        .into_any()
                    } else {
                        view! {
                            <li>
                                <a class="doc" href=format!("/evidence/{}/full", f.id) target="_blank" rel="external">
                                    {if f.caption.is_empty() { lang.t("evidence-document") } else { f.caption.clone() }}
                                </a>
                            </li>
                        }
                        .into_any()
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    One,
    Grid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum SyncState {
    Idle,
    Sending,
    Offline,
    /// The server refused; the key explains why. Changes stay on the device.
    Refused(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Prep {
    No,
    Working,
    Ready,
    Failed(String),
}

#[derive(Debug, Clone)]
enum Edit {
    Score(u8),
    Note(String),
    ToggleCheck,
}

#[component]
fn Visit(v: VisitView) -> impl IntoView {
    let lang = use_lang();
    let queue_key = format!("{}.{}", v.cycle_id, v.assessor_id);
    let cycle_id = v.cycle_id.clone();
    let indicators: Vec<(usize, Indicator)> = v
        .instrument
        .components
        .iter()
        .enumerate()
        .flat_map(|(n, c)| c.indicators.iter().map(move |i| (n, i.clone())))
        .collect();
    let total = indicators.len();
    let own = RwSignal::new(v.own.clone());
    let pending = RwSignal::new(0usize);
    let sync_state = RwSignal::new(SyncState::Idle);
    let online = RwSignal::new(true);
    let mode = RwSignal::new(Mode::One);
    let current = RwSignal::new(0usize);
    let prep = RwSignal::new(Prep::No);
    let locked = RwSignal::new(v.submitted || v.state != CycleState::AssessorsAssigned);
    let submit_error = RwSignal::new(None::<String>);
    let submitted_now = RwSignal::new(false);
    let photos = RwSignal::new(v.photos.clone());
    let waiting = RwSignal::new(Vec::<Waiting>::new());
    let indicators = StoredValue::new(indicators);
    let v = StoredValue::new(v);
    let (send_photos, add_photo) = photo_senders(queue_key.clone(), cycle_id.clone(), photos, waiting, sync_state);

    // Sending: everything unsent, in order, one request at a time; what arrives meanwhile
    // goes in the next request.
    let in_flight = StoredValue::new(false);
    // Bumped when changes arrived while a request was in flight: they go out next.
    let again = RwSignal::new(0u32);
    let sync_now = Callback::new({
        let (queue_key, cycle_id) = (queue_key.clone(), cycle_id.clone());
        move |()| {
            let items = queue::unsent(&queue_key);
            pending.set(items.len());
            if items.is_empty() || in_flight.get_value() {
                return;
            }
            in_flight.set_value(true);
            sync_state.set(SyncState::Sending);
            let (queue_key, cycle_id) = (queue_key.clone(), cycle_id.clone());
            leptos::task::spawn_local(async move {
                let result = sync_visit(cycle_id, items).await;
                in_flight.set_value(false);
                match result {
                    Ok(SyncResult::Stored(ids)) => {
                        let left = queue::confirm(&queue_key, &ids);
                        pending.set(left);
                        online.set(true);
                        sync_state.set(SyncState::Idle);
                        if left > 0 {
                            again.update(|k| *k += 1);
                        }
                    }
                    Ok(SyncResult::Closed) => sync_state.set(SyncState::Refused("visit-error-closed".into())),
                    Err(AppError::Transport(_)) => {
                        online.set(false);
                        sync_state.set(SyncState::Offline);
                    }
                    Err(e) => sync_state.set(SyncState::Refused(e.message_key().to_string())),
                }
            });
        }
    });
    Effect::new(move |previous: Option<()>| {
        again.track();
        if previous.is_some() {
            sync_now.run(());
        }
    });
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let schedule = move |delay: u64| {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(set_timeout_with_handle(move || sync_now.run(()), Duration::from_millis(delay)).ok());
    };

    let record = Callback::new({
        let queue_key = queue_key.clone();
        move |(code, edit): (String, Edit)| {
            if locked.get_untracked() {
                return;
            }
            let mut s: OwnScoreView = own.with_untracked(|m| m.get(&code).cloned()).unwrap_or_default();
            match edit {
                Edit::Score(n) => s.score = Some(n),
                Edit::Note(text) => s.note = text,
                Edit::ToggleCheck => s.check_on_site = !s.check_on_site,
            }
            own.update(|m| {
                m.insert(code.clone(), s.clone());
            });
            let change = VisitChange {
                change_id: crate::pages::self_assessment::queue::new_change_id(),
                code,
                score: s.score.and_then(|n| Score::parse(n.into()).ok()),
                note: s.note,
                check_on_site: s.check_on_site,
            };
            if !queue::put(&queue_key, change) {
                sync_state.set(SyncState::Refused("visit-error-storage".into()));
            }
            pending.set(queue::unsent(&queue_key).len());
            schedule(700);
        }
    });

    // After hydration: show what this device holds (newer than a page served from the
    // offline cache), then send what is unsent.
    Effect::new({
        let queue_key = queue_key.clone();
        move |_| {
            offline::register();
            online.set(offline::online());
            let local = queue::load(&queue_key);
            if !local.is_empty() {
                own.update(|m| {
                    for e in &local {
                        let c = &e.change;
                        m.insert(
                            c.code.clone(),
                            OwnScoreView {
                                score: c.score.map(|s| s.value()),
                                note: c.note.clone(),
                                check_on_site: c.check_on_site,
                            },
                        );
                    }
                });
            }
            sync_now.run(());
            send_photos.run(true);
            let path = format!("/visits/{}", v.with_value(|v| v.cycle_id.clone()));
            leptos::task::spawn_local(async move {
                if offline::is_prepared(&path).await {
                    prep.set(Prep::Ready);
                }
            });
        }
    });
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        online.set(true);
        sync_now.run(());
        send_photos.run(false);
    });
    let on_offline = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    // Retries while something is unsent; started in the browser only.
    let retry = StoredValue::new(None::<IntervalHandle>);
    Effect::new(move |_| {
        if retry.get_value().is_none() {
            let handle = set_interval_with_handle(
                move || {
                    if pending.get_untracked() > 0 {
                        sync_now.run(());
                    }
                    send_photos.run(false);
                },
                Duration::from_secs(15),
            );
            retry.set_value(handle.ok());
        }
    });
    let photos_waiting = move || waiting.with(|w| w.iter().filter(|p| p.refused.is_none()).count());
    let before_unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if !crate::components::sign_out::signing_out() && (pending.get_untracked() > 0 || photos_waiting() > 0) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || {
        on_online.remove();
        on_offline.remove();
        before_unload.remove();
        if let Some(r) = retry.get_value() {
            r.clear();
        }
    });

    let scored = move || {
        own.with(|m| {
            indicators
                .with_value(|l| l.iter().filter(|(_, i)| m.get(&i.code).is_some_and(|s| s.score.is_some())).count())
        })
    };
    let jump_to_unscored = move |_| {
        let start = current.get_untracked();
        let found = own.with_untracked(|m| {
            indicators.with_value(|l| {
                (1..=l.len())
                    .map(|k| (start + k) % l.len())
                    .find(|&n| m.get(&l[n].1.code).is_none_or(|s| s.score.is_none()))
            })
        });
        if let Some(n) = found {
            current.set(n);
            mode.set(Mode::One);
        }
    };
    let prepare = move |_| {
        prep.set(Prep::Working);
        let mut urls = vec![format!("/visits/{}", v.with_value(|v| v.cycle_id.clone()))];
        urls.extend(offline::app_files());
        v.with_value(|v| {
            for f in v.evidence.values().flatten().filter(|f| f.kind == "photo") {
                urls.push(format!("/evidence/{}/thumbnail", f.id));
            }
        });
        leptos::task::spawn_local(async move {
            match offline::prepare(urls).await {
                Ok(_) => prep.set(Prep::Ready),
                Err(e) => prep.set(Prep::Failed(e)),
            }
        });
    };
    let submit = {
        let (cycle_id, queue_key) = (cycle_id.clone(), queue_key.clone());
        move |_| {
            let (cycle_id, queue_key) = (cycle_id.clone(), queue_key.clone());
            leptos::task::spawn_local(async move {
                match submit_visit(cycle_id).await {
                    Ok(_) => {
                        queue::clear(&queue_key);
                        locked.set(true);
                        submitted_now.set(true);
                        submit_error.set(None);
                    }
                    Err(e) => submit_error.set(Some(e.message_key().to_string())),
                }
            });
        }
    };

    let unsynced_text = move || match (pending.get(), sync_state.get()) {
        (_, SyncState::Refused(key)) => lang.t(&key),
        (0, _) => lang.t("visit-all-synced"),
        (n, SyncState::Sending) => lang.t_with("visit-sending", &[("count", n.to_string())]),
        (n, _) => lang.t_with("visit-unsynced", &[("count", n.to_string())]),
    };
    let unsynced_class = move || match (pending.get(), sync_state.get()) {
        (_, SyncState::Refused(_)) => "sync-status bad",
        (0, _) => "sync-status good",
        _ => "sync-status warn",
    };
    let prep_text = move || match prep.get() {
        Prep::No => lang.t("visit-prepare"),
        Prep::Working => lang.t("visit-preparing"),
        Prep::Ready => lang.t("visit-prepared"),
        Prep::Failed(_) => lang.t("visit-prepare-failed"),
    };
    let can_submit =
        move || !locked.get() && scored() == total && pending.get() == 0 && photos_waiting() == 0 && online.get();
    let (name, regency, address, visit_on, state, reconciles, version) = v.with_value(|v| {
        (
            v.institution_name.clone(),
            v.regency_name.clone(),
            v.address.clone(),
            v.visit_on.clone(),
            v.state,
            v.reconciles,
            v.instrument_version.clone(),
        )
    });
    let others = v.with_value(|v| (v.submitted_count, v.assessor_count));
    let cycle_for_link = cycle_id.clone();

    view! {
        <section class="hero visit-hero">
            <p class="eyebrow">{lang.t("visit-title")} " · " {lang.t_with("home-instrument-version", &[("version", version)])}</p>
            <h1>{name}</h1>
            <p>
                <StateBadge state /> " " <span class="muted">{regency} " · " {address}</span>
                {visit_on.map(|d| view! { " · " <strong>{lang.t_with("home-visit-on", &[("date", lang.date(&d))])}</strong> })}
            </p>
        </section>
        <div class="visit-bar" role="region" aria-label=lang.t("visit-status")>
            <span class="visit-progress" data-testid="visit-progress">
                {move || lang.t_with("visit-progress", &[("scored", scored().to_string()), ("total", total.to_string())])}
            </span>
            <span class=unsynced_class data-testid="unsynced" role="status">{unsynced_text}</span>
            {move || (photos_waiting() > 0).then(|| view! {
                <span class="sync-status warn" data-testid="photos-waiting">
                    {lang.t_with("visit-photos-waiting", &[("count", photos_waiting().to_string())])}
                </span>
            })}
            <span class="net" class:offline=move || !online.get() data-testid="network">
                {move || if online.get() { lang.t("visit-online") } else { lang.t("visit-offline") }}
            </span>
            <button type="button" class="btn btn-small" data-testid="prepare" on:click=prepare
                disabled=move || matches!(prep.get(), Prep::Working) class:ready=move || prep.get() == Prep::Ready>
                {prep_text}
            </button>
        </div>
        <div class="visit-tools">
            <div class="segmented" role="group" aria-label=lang.t("visit-mode")>
                <button type="button" aria-pressed=move || (mode.get() == Mode::One).to_string() on:click=move |_| mode.set(Mode::One)>
                    {lang.t("visit-mode-one")}
                </button>
                <button type="button" aria-pressed=move || (mode.get() == Mode::Grid).to_string() on:click=move |_| mode.set(Mode::Grid)>
                    {lang.t("visit-mode-grid")}
                </button>
            </div>
            <button type="button" class="btn" on:click=jump_to_unscored>{lang.t("visit-jump-unscored")}</button>
        </div>
        <nav class="component-tabs" aria-label=lang.t("assessment-components")>
            {v.with_value(|v| {
                v.instrument
                    .components
                    .iter()
                    .enumerate()
                    .map(|(n, c)| {
                        let first = indicators.with_value(|l| l.iter().position(|(k, _)| *k == n).unwrap_or(0));
                        let codes: Vec<String> = c.indicators.iter().map(|i| i.code.clone()).collect();
                        let count = codes.len();
                        let done = move || own.with(|m| codes.iter().filter(|c| m.get(*c).is_some_and(|s| s.score.is_some())).count());
                        let selected = move || indicators.with_value(|l| l.get(current.get()).map(|x| x.0)) == Some(n);
                        view! {
                            <button type="button" class="component-tab" class:selected=selected
                                aria-current=move || selected().then_some("true") on:click=move |_| current.set(first)>
                                <strong>{c.code.clone()}</strong>
                                <span class="tab-name">{c.name.clone()}</span>
                                <span class="tab-progress">{move || format!("{}/{}", done(), count)}</span>
                            </button>
                        }
                    })
                    .collect_view()
            })}
        </nav>
        {move || match mode.get() {
            Mode::One => {
                let n = current.get();
                indicators.with_value(|l| l.get(n).cloned()).map(|(_, ind)| {
                    view! { <OneIndicator ind n total v own record locked current photos waiting add_photo /> }
                }).into_any()
            }
            Mode::Grid => {
                // The grid shows the component of the current indicator; a tab changes it.
                current.track();
                view! { <Grid v indicators own record locked current mode /> }.into_any()
            }
        }}
        <section class="card submit-card">
            {move || submitted_now.get().then(|| view! { <p class="notice" role="status">{lang.t("visit-submitted")}</p> })}
            {move || (locked.get() && !submitted_now.get()).then(|| view! { <p class="notice">{lang.t("visit-closed")}</p> })}
            <p class="muted">{lang.t_with("visit-others", &[("done", others.0.to_string()), ("total", others.1.to_string())])}</p>
            {move || submit_error.get().map(|k| view! { <p class="alert" role="alert">{lang.t(&k)}</p> })}
            <button type="button" class="btn btn-primary" disabled=move || !can_submit() on:click=submit>
                {lang.t("visit-submit")}
            </button>
            <p class="muted small">{lang.t("visit-submit-hint")}</p>
            {reconciles.then(|| view! { <a class="btn" href=format!("/reconcile/{cycle_for_link}")>{lang.t("visit-open-reconcile")}</a> })}
        </section>
    }
    .into_any()
}

#[component]
fn LevelButtons(
    code: String,
    levels: Vec<(u8, String, String)>,
    own: RwSignal<BTreeMap<String, OwnScoreView>>,
    record: Callback<(String, Edit)>,
    locked: RwSignal<bool>,
    compact: bool,
) -> impl IntoView {
    let lang = use_lang();
    let score = {
        let code = code.clone();
        move || own.with(|m| m.get(&code).and_then(|s| s.score))
    };
    view! {
        <div class="levels-grid" class:compact=compact role="group" aria-label=lang.t("visit-score")>
            {levels
                .into_iter()
                .map(|(n, label, descriptor)| {
                    let code = code.clone();
                    let score = score.clone();
                    let chosen = move || score() == Some(n);
                    view! {
                        <button type="button" class="level" class:selected=chosen.clone()
                            aria-pressed=move || chosen().to_string()
                            aria-label=format!("{n} {label}")
                            disabled=move || locked.get()
                            on:click=move |_| record.run((code.clone(), Edit::Score(n)))>
                            <span class="level-number">{n}</span>
                            {(!compact).then(|| view! {
                                <span class="level-label">{label.clone()}</span>
                                <span class="level-descriptor">{descriptor.clone()}</span>
                            })}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

fn levels_of(v: &VisitView, ind: &Indicator) -> Vec<(u8, String, String)> {
    v.instrument
        .rubric
        .iter()
        .map(|r| (r.level, r.label.clone(), v.instrument.descriptor(ind, r.level).to_string()))
        .collect()
}

#[component]
fn OneIndicator(
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
        let label = levels.iter().find(|l| l.0 == s).map(|l| l.1.clone()).unwrap_or_default();
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
        <article class="card indicator-card visit-card" class:critical=ind.critical data-code=code.clone() data-testid="visit-indicator">
            <div class="indicator-head">
                <span class="code">{code.clone()}</span>
                {ind.critical.then(|| view! { <span class="badge critical-badge">{lang.t("instrument-critical")}</span> })}
                <span class="muted">{format!("{} / {}", n + 1, total)}</span>
            </div>
            <p class="indicator-text">{ind.text.clone()}</p>
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
            <label class="narrative-label" for=format!("note-{code}")>{lang.t("visit-note")}</label>
            <textarea id=format!("note-{code}") rows="3" prop:value=note disabled=move || locked.get()
                on:input=move |ev| record.run((code_note.clone(), Edit::Note(event_target_value(&ev))))></textarea>
            <photos::SitePhotos code=code.clone() photos waiting locked add=add_photo />
            <div class="visit-nav">
                <button type="button" class="btn" disabled=n == 0 on:click=move |_| current.set(n.saturating_sub(1))>
                    {lang.t("visit-previous")}
                </button>
                <button type="button" class="btn check-toggle" aria-pressed=move || check.get().to_string()
                    disabled=move || locked.get()
                    on:click=move |_| record.run((code_check.clone(), Edit::ToggleCheck))>
                    {move || if check.get() { lang.t("visit-checked-mark") } else { lang.t("visit-check-mark") }}
                </button>
                <button type="button" class="btn btn-primary" disabled=is_last on:click=move |_| current.set(n + 1)>
                    {lang.t("visit-next")}
                </button>
            </div>
        </article>
    }
}

#[component]
fn Grid(
    v: StoredValue<VisitView>,
    indicators: StoredValue<Vec<(usize, Indicator)>>,
    own: RwSignal<BTreeMap<String, OwnScoreView>>,
    record: Callback<(String, Edit)>,
    locked: RwSignal<bool>,
    current: RwSignal<usize>,
    mode: RwSignal<Mode>,
) -> impl IntoView {
    let lang = use_lang();
    let component = indicators.with_value(|l| l.get(current.get_untracked()).map(|x| x.0).unwrap_or(0));
    let rows: Vec<(usize, Indicator)> = indicators.with_value(|l| {
        l.iter().enumerate().filter(|(_, (c, _))| *c == component).map(|(n, (_, i))| (n, i.clone())).collect()
    });
    view! {
        <p class="muted small">{lang.t("visit-grid-legend")}</p>
        <ul class="grid-list" data-testid="visit-grid">
            {rows
                .into_iter()
                .map(|(n, ind)| {
                    let code = ind.code.clone();
                    let levels = v.with_value(|v| levels_of(v, &ind));
                    let self_score = v.with_value(|v| v.answers.get(&code).and_then(|a| a.self_score));
                    let check = {
                        let code = code.clone();
                        move || own.with(|m| m.get(&code).is_some_and(|s| s.check_on_site))
                    };
                    let code_check = code.clone();
                    view! {
                        <li class="grid-row" class:critical=ind.critical data-code=code.clone()>
                            <button type="button" class="grid-code" on:click=move |_| { current.set(n); mode.set(Mode::One); }>
                                {code.clone()}
                            </button>
                            <span class="grid-text">{ind.text.clone()}</span>
                            <span class="grid-self" title=lang.t("visit-self")>
                                {self_score.map(|s| s.to_string()).unwrap_or_else(|| "–".into())}
                            </span>
                            <LevelButtons code=code.clone() levels own record locked compact=true />
                            <button type="button" class="grid-check" aria-pressed=move || check().to_string()
                                aria-label=lang.t("visit-check-mark") disabled=move || locked.get()
                                on:click=move |_| record.run((code_check.clone(), Edit::ToggleCheck))>
                                "⚑"
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The two photo actions: send what waits on the device (`true` first loads it from there),
/// and add a new photo (shrunk, kept on the device, then sent).
#[cfg(feature = "hydrate")]
fn photo_senders(
    queue: String,
    cycle_id: String,
    photos: RwSignal<BTreeMap<String, Vec<SitePhotoView>>>,
    waiting: RwSignal<Vec<Waiting>>,
    sync_state: RwSignal<SyncState>,
) -> (Callback<bool>, Callback<(String, String, SendFile)>) {
    use crate::pages::self_assessment::upload::{Sent, send, shrink};
    use photos::device;

    let busy = StoredValue::new(false);
    let send_all = Callback::new({
        let (queue, cycle_id) = (queue.clone(), cycle_id.clone());
        move |load: bool| {
            if busy.get_value() {
                return;
            }
            busy.set_value(true);
            let (queue, cycle_id) = (queue.clone(), cycle_id.clone());
            leptos::task::spawn_local(async move {
                if load {
                    let mut items = device::list(&queue);
                    for w in items.iter_mut() {
                        if let Some(blob) = device::bytes(&queue, &w.id).await {
                            w.preview = web_sys::Url::create_object_url_with_blob(&blob).unwrap_or_default();
                        }
                    }
                    waiting.set(items);
                }
                for w in waiting.get_untracked().into_iter().filter(|w| w.refused.is_none()) {
                    let Some(blob) = device::bytes(&queue, &w.id).await else { continue };
                    let url = format!("/visit-photos/{cycle_id}/{}", w.code);
                    match send(&url, &w.id, &w.caption, &blob, "foto.jpg", |_| {}).await {
                        Sent::Answered(200, body) => {
                            if let Ok(p) = serde_json::from_str::<SitePhotoView>(&body) {
                                photos.update(|m| {
                                    let list = m.entry(w.code.clone()).or_default();
                                    if !list.iter().any(|x| x.id == p.id) {
                                        list.push(p);
                                    }
                                });
                            }
                            device::forget(&queue, &w.id).await;
                            let _ = web_sys::Url::revoke_object_url(&w.preview);
                            waiting.update(|list| list.retain(|x| x.id != w.id));
                        }
                        Sent::Answered(status, body) if status != 401 && status < 500 => {
                            let key = serde_json::from_str::<serde_json::Value>(&body)
                                .ok()
                                .and_then(|v| v["key"].as_str().map(String::from))
                                .unwrap_or_else(|| "error-internal".into());
                            device::mark_refused(&queue, &w.id, &key);
                            waiting.update(|list| {
                                for x in list.iter_mut().filter(|x| x.id == w.id) {
                                    x.refused = Some(key.clone());
                                }
                            });
                        }
                        // No network, signed out or a server fault: it stays and is retried.
                        _ => break,
                    }
                }
                busy.set_value(false);
            });
        }
    });
    let add = Callback::new(move |(code, caption, file): (String, String, SendFile)| {
        let queue = queue.clone();
        leptos::task::spawn_local(async move {
            let blob = shrink(&file).await;
            let w = Waiting {
                id: crate::pages::self_assessment::queue::new_change_id(),
                code,
                caption,
                refused: None,
                preview: web_sys::Url::create_object_url_with_blob(&blob).unwrap_or_default(),
            };
            if device::keep(&queue, &w, &blob).await.is_err() {
                sync_state.set(SyncState::Refused("visit-error-storage".into()));
                return;
            }
            waiting.update(|list| list.push(w));
            send_all.run(false);
        });
    });
    (send_all, add)
}

#[cfg(not(feature = "hydrate"))]
fn photo_senders(
    _queue: String,
    _cycle_id: String,
    _photos: RwSignal<BTreeMap<String, Vec<SitePhotoView>>>,
    _waiting: RwSignal<Vec<Waiting>>,
    _sync_state: RwSignal<SyncState>,
) -> (Callback<bool>, Callback<(String, String, SendFile)>) {
    (Callback::new(|_| {}), Callback::new(|_| {}))
}
