//! The rubric levels of one indicator as tap targets: large with their descriptors on the
//! card, compact numbers in the grid.

use super::sync::Edit;
use crate::i18n::use_lang;
use crate::model::{OwnScoreView, VisitView};
use domain::Indicator;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn LevelButtons(
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
        move || own.with(|m| m.get(&code).and_then(|s| s.score).map(u8::from))
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
                        <button
                            type="button"
                            class="level"
                            class:selected=chosen.clone()
                            aria-pressed=move || chosen().to_string()
                            aria-label=format!("{n} {label}")
                            disabled=move || locked.get()
                            on:click=move |_| record.run((code.clone(), Edit::Score(n)))
                        >
                            <span class="level-number">{n}</span>
                            {(!compact)
                                .then(|| {
                                    view! {
                                        <span class="level-label">{label.clone()}</span>
                                        <span class="level-descriptor">{descriptor.clone()}</span>
                                    }
                                })}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

pub fn levels_of(v: &VisitView, ind: &Indicator) -> Vec<(u8, String, String)> {
    v.instrument
        .rubric
        .iter()
        .map(|r| (r.level, r.label.clone(), v.instrument.descriptor(ind, r.level).to_string()))
        .collect()
}
