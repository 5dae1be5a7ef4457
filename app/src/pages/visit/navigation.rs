//! Moving through the visit: one indicator or the grid, the jump to the next unscored
//! indicator, and a tab per component with its progress.

use super::Mode;
use crate::i18n::use_lang;
use crate::model::{OwnScoreView, VisitView};
use domain::Indicator;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn Navigation(
    v: StoredValue<VisitView>,
    indicators: StoredValue<Vec<(usize, Indicator)>>,
    own: RwSignal<BTreeMap<String, OwnScoreView>>,
    current: RwSignal<usize>,
    mode: RwSignal<Mode>,
) -> impl IntoView {
    let lang = use_lang();
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
    view! {
        <div class="visit-tools">
            <div class="segmented" role="group" aria-label=lang.t("visit-mode")>
                <button
                    type="button"
                    aria-pressed=move || (mode.get() == Mode::One).to_string()
                    on:click=move |_| mode.set(Mode::One)
                >
                    {lang.t("visit-mode-one")}
                </button>
                <button
                    type="button"
                    aria-pressed=move || (mode.get() == Mode::Grid).to_string()
                    on:click=move |_| mode.set(Mode::Grid)
                >
                    {lang.t("visit-mode-grid")}
                </button>
            </div>
            <button type="button" class="btn" on:click=jump_to_unscored>
                {lang.t("visit-jump-unscored")}
            </button>
        </div>
        <nav class="component-tabs" aria-label=lang.t("assessment-components")>
            {v
                .with_value(|v| {
                    v.instrument
                        .components
                        .iter()
                        .enumerate()
                        .map(|(n, c)| {
                            let first = indicators.with_value(|l| l.iter().position(|(k, _)| *k == n).unwrap_or(0));
                            let codes: Vec<String> = c.indicators.iter().map(|i| i.code.clone()).collect();
                            let count = codes.len();
                            let done = move || {
                                own.with(|m| {
                                    codes.iter().filter(|c| m.get(*c).is_some_and(|s| s.score.is_some())).count()
                                })
                            };
                            let selected = move || {
                                indicators.with_value(|l| l.get(current.get()).map(|x| x.0)) == Some(n)
                            };
                            view! {
                                <button
                                    type="button"
                                    class="component-tab"
                                    class:selected=selected
                                    aria-current=move || selected().then_some("true")
                                    on:click=move |_| current.set(first)
                                >
                                    <strong>{c.code.clone()}</strong>
                                    <span class="tab-name">{c.name.clone()}</span>
                                    <span class="tab-progress">{move || format!("{}/{}", done(), count)}</span>
                                </button>
                            }
                        })
                        .collect_view()
                })}
        </nav>
    }
}
