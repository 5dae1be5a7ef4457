//! One indicator: rubric levels as large tap targets, a narrative, and autosave.
//!
//! Without JavaScript the card is a plain form: a level button or "Simpan" posts it.
//! With JavaScript every change is kept in localStorage first, then sent; one request per
//! card at a time, the latest state wins, and a save that meets a newer version from another
//! tab or device shows that version with a message instead of silently overwriting it.

use crate::api::self_assessment::{SaveResult, save_answer};
use crate::device::answer_queue::{AnswerQueue, Pending};
use crate::device::delivery::{ANSWER_WITHIN, Delivery, Why, backoff, why_failed};
use crate::device::storage::Local;
use crate::device::timers::{self, Debounce};
use crate::device::{clock, events, new_change_id, offline};
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::model::AnswerView;
use domain::Indicator;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    Saving,
    Saved,
    /// Kept on this device; tried again at `next_try_ms` and when the network returns.
    NotSentYet {
        why: Why,
        next_try_ms: f64,
    },
    Conflict,
    Failed(String),
}

impl Status {
    /// What the page-wide save bar counts: `None` when nothing of this card is unsent.
    fn delivery(&self) -> Option<Delivery> {
        match self {
            Status::Saving => Some(Delivery::Sending),
            Status::NotSentYet { why, next_try_ms } => Some(Delivery::Waiting { why: *why, next_try_ms: *next_try_ms }),
            Status::Failed(key) => Some(Delivery::Refused(key.clone())),
            Status::Idle | Status::Saved | Status::Conflict => None,
        }
    }
}

/// The unsent edits of every card on the page, by indicator code: the page-wide save bar reads it.
#[derive(Debug, Clone, Copy)]
pub struct SaveBoard(pub RwSignal<std::collections::BTreeMap<String, Delivery>>);

/// A rubric level as the buttons show it; the generic descriptors are listed once above the
/// cards (`RubricLegend`), an indicator's own descriptors on its buttons.
#[derive(Clone)]
pub struct Level {
    pub level: u8,
    pub label: String,
    pub descriptor: String,
}

/// The generic rubric, once per page: what each level means for every indicator without
/// descriptors of its own.
#[component]
pub fn RubricLegend(levels: Vec<Level>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <details class="card rubric-legend" data-testid="rubric-legend">
            <summary>
                <h2>{lang.t("assessment-rubric-title")}</h2>
            </summary>
            <p class="muted small">{lang.t("assessment-rubric-note")}</p>
            <dl>
                {levels
                    .into_iter()
                    .map(|l| {
                        view! {
                            <dt>
                                <span class="level-number">{l.level}</span>
                                " "
                                {l.label}
                            </dt>
                            <dd>{l.descriptor}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
        </details>
    }
}

#[component]
pub fn IndicatorCard(
    cycle_id: String,
    indicator: Indicator,
    levels: Vec<Level>,
    answer: Option<AnswerView>,
    evidence: Vec<crate::model::EvidenceView>,
    reason: Option<String>,
    editable: bool,
    /// The instrument version in which this indicator changed, when the institution must re-check it.
    changed_in: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let answer = answer.unwrap_or(AnswerView { self_score: None, narrative: String::new(), revision: 0 });
    let code = indicator.code.clone();
    // The level being chosen, as the rubric buttons and the device queue carry it.
    let score = RwSignal::new(answer.self_score.map(u8::from));
    let narrative = RwSignal::new(answer.narrative.clone());
    let revision = RwSignal::new(answer.revision);
    let status = RwSignal::new(Status::Idle);
    let in_flight = StoredValue::new(false);
    let dirty = StoredValue::new(false);
    let timer = Debounce::new();
    // An edit that could not be sent is tried again after 2, 4, 8, 16 and then every 30 seconds,
    // besides when the browser says the network is back (that event alone can come too early or
    // never, on a connection that looks up but drops requests).
    let retry = Debounce::new();
    let attempts = StoredValue::new(0u32);
    let queue = AnswerQueue::new(Local, &cycle_id);
    if let Some(SaveBoard(board)) = use_context::<SaveBoard>() {
        let code = code.clone();
        Effect::new(move |_| {
            let d = status.with(Status::delivery);
            board.update(|b| match d {
                Some(d) => {
                    b.insert(code.clone(), d);
                }
                None => {
                    b.remove(&code);
                }
            });
        });
    }

    // The sender calls itself when edits arrived while a request was in flight, so it is
    // stored and looked up rather than captured.
    let sender = StoredValue::new(None::<Arc<dyn Fn(Option<Pending>) + Send + Sync>>);
    let send = move |p: Option<Pending>| {
        if let Some(f) = sender.get_value() {
            f(p)
        }
    };
    sender.set_value(Some(Arc::new({
        let (cycle_id, code, queue) = (cycle_id.clone(), code.clone(), queue.clone());
        move |resend: Option<Pending>| {
            let p = resend.unwrap_or_else(|| Pending {
                cycle_id: cycle_id.clone(),
                code: code.clone(),
                change_id: new_change_id(),
                base_revision: revision.get_untracked(),
                self_score: score.get_untracked(),
                narrative: narrative.get_untracked(),
            });
            queue.put(&p);
            if in_flight.get_value() {
                dirty.set_value(true);
                return;
            }
            in_flight.set_value(true);
            status.set(Status::Saving);
            let queue = queue.clone();
            leptos::task::spawn_local(async move {
                let request = save_answer(
                    p.cycle_id.clone(),
                    p.code.clone(),
                    p.change_id.clone(),
                    p.base_revision,
                    p.self_score,
                    None,
                    p.narrative.clone(),
                );
                // No answer in time counts as not sent: the edit stays queued and goes again
                // with the same change id, which the server stores once.
                let result: Result<SaveResult, Option<AppError>> = match timers::within(ANSWER_WITHIN, request).await {
                    Some(r) => r.map_err(Some),
                    None => Err(None),
                };
                in_flight.set_value(false);
                match result {
                    Ok(SaveResult::Saved { revision: r }) => {
                        attempts.set_value(0);
                        queue.confirm(&p);
                        revision.set(r);
                        status.set(Status::Saved);
                    }
                    Ok(SaveResult::Conflict { self_score, narrative: theirs, revision: r }) => {
                        queue.confirm(&p);
                        revision.set(r);
                        if self_score == p.self_score && theirs == p.narrative {
                            status.set(Status::Saved);
                        } else {
                            score.set(self_score);
                            narrative.set(theirs);
                            dirty.set_value(false);
                            status.set(Status::Conflict);
                        }
                    }
                    Err(failure @ (None | Some(AppError::Transport(_)))) => {
                        let n = attempts.get_value();
                        attempts.set_value(n.saturating_add(1));
                        let delay = backoff(n);
                        status.set(Status::NotSentYet {
                            why: why_failed(failure.is_none(), offline::online()),
                            next_try_ms: clock::now_ms() + delay.as_millis() as f64,
                        });
                        let (queue, code) = (queue.clone(), p.code.clone());
                        retry.schedule(delay, move || {
                            if matches!(status.get_untracked(), Status::NotSentYet { .. })
                                && let Some(p) = queue.pending_for(&code)
                            {
                                send(Some(p));
                            }
                        });
                        return;
                    }
                    Err(Some(e)) => {
                        queue.confirm(&p);
                        status.set(Status::Failed(e.message_key().to_string()));
                    }
                }
                if dirty.get_value() {
                    dirty.set_value(false);
                    send(None);
                }
            });
        }
    })));

    // An edit left unsent by a reload or a dropped connection is restored and sent again.
    Effect::new({
        let (queue, code) = (queue.clone(), code.clone());
        move |_| {
            if let Some(p) = queue.pending_for(&code) {
                score.set(p.self_score);
                narrative.set(p.narrative.clone());
                send(Some(p));
            }
        }
    });
    events::on_window("online", {
        let code = code.clone();
        move |_| {
            if matches!(status.get_untracked(), Status::NotSentYet { .. })
                && let Some(p) = queue.pending_for(&code)
            {
                send(Some(p));
            }
        }
    });

    let choose = move |level: u8| {
        score.set(Some(level));
        send(None);
    };
    let typed = move |text: String| {
        narrative.set(text);
        status.set(Status::Idle);
        timer.schedule(Duration::from_millis(800), move || send(None));
    };

    let status_text = move || match status.get() {
        Status::Idle => String::new(),
        Status::Saving => lang.t("save-saving"),
        Status::Saved => lang.t("save-saved"),
        Status::NotSentYet { why, next_try_ms } => {
            let (h, m, s) = clock::local_hms(next_try_ms);
            lang.t_with("save-offline", &[("why", lang.t(why.key())), ("at", lang.clock(h, m, s))])
        }
        Status::Conflict => lang.t("save-conflict"),
        Status::Failed(key) => lang.t(&key),
    };
    let status_class = move || match status.get() {
        Status::Saved => "save-status good",
        Status::NotSentYet { .. } | Status::Saving => "save-status warn",
        Status::Conflict | Status::Failed(_) => "save-status bad",
        Status::Idle => "save-status",
    };
    let form_change_id = format!("form-{}-{}", code, answer.revision);
    view! {
        <article class="card indicator-card" class:critical=indicator.critical id=code.clone() data-code=code.clone()>
            <form
                method="post"
                action="/api/save_answer"
                class="answer-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    send(None);
                }
            >
                <input type="hidden" name="cycle_id" value=cycle_id.clone() />
                <input type="hidden" name="code" value=code.clone() />
                <input type="hidden" name="change_id" value=form_change_id />
                <input type="hidden" name="base_revision" value=answer.revision.to_string() />
                {answer.self_score.map(|s| view! { <input type="hidden" name="current_score" value=s.to_string() /> })}
                <div class="indicator-head">
                    <span class="code">{code.clone()}</span>
                    {indicator
                        .critical
                        .then(|| view! { <span class="badge critical-badge">{lang.t("instrument-critical")}</span> })}
                </div>
                <h2 class="indicator-text">{indicator.text.clone()}</h2>
                <p class="muted small">{indicator.guidance.clone()}</p>
                {changed_in
                    .map(|version| {
                        view! {
                            <p class="alert recheck" data-testid="recheck">
                                {lang.t_with("sa-card-migrated", &[("version", version)])}
                            </p>
                        }
                    })}
                {reason
                    .map(|r| {
                        view! {
                            <p class="alert revision-reason">
                                <strong>{lang.t("assessment-reason")}</strong>
                                " "
                                {r}
                            </p>
                        }
                    })}
                <fieldset class="levels-grid" disabled=!editable>
                    <legend class="sr-only">{lang.t("assessment-self-score")}</legend>
                    {levels
                        .into_iter()
                        .map(|l| {
                            let n = l.level;
                            let own = indicator.descriptors.get(usize::from(n)).cloned();
                            view! {
                                <button
                                    type="submit"
                                    name="self_score"
                                    value=n.to_string()
                                    class="level"
                                    class:selected=move || score.get() == Some(n)
                                    aria-pressed=move || (score.get() == Some(n)).to_string()
                                    on:click=move |ev| {
                                        ev.prevent_default();
                                        choose(n);
                                    }
                                >
                                    <span class="level-number">{n}</span>
                                    <span class="level-label">{l.label}</span>
                                    {own.map(|d| view! { <span class="level-descriptor">{d}</span> })}
                                </button>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <p class=status_class role="status" data-testid="save-status">
                    {status_text}
                </p>
                <label class="narrative-label" for=format!("narrative-{code}")>
                    {lang.t("assessment-narrative")}
                </label>
                <textarea
                    id=format!("narrative-{code}")
                    name="narrative"
                    rows="3"
                    disabled=!editable
                    prop:value=move || narrative.get()
                    on:input=move |ev| typed(event_target_value(&ev))
                >
                    {answer.narrative}
                </textarea>
                <p class="muted small">{lang.t("assessment-evidence-hint")} " " {indicator.evidence_hint.clone()}</p>
                {editable
                    .then(|| {
                        view! {
                            <button type="submit" class="btn">
                                {lang.t("assessment-save")}
                            </button>
                        }
                    })}
            </form>
            <super::evidence::EvidencePanel cycle_id=cycle_id.clone() code=code.clone() items=evidence editable />
        </article>
    }
    .into_any()
}
