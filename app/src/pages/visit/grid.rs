//! The compact grid: every indicator of the current component in a row with its self-score,
//! level numbers and the mark to check on site.

use super::Mode;
use super::levels::{LevelButtons, levels_of};
use super::sync::Edit;
use crate::i18n::use_lang;
use crate::model::{OwnScoreView, VisitView};
use domain::Indicator;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn Grid(
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
                            <button
                                type="button"
                                class="grid-code"
                                on:click=move |_| {
                                    current.set(n);
                                    mode.set(Mode::One);
                                }
                            >
                                {code.clone()}
                            </button>
                            <span class="grid-text">{ind.text.clone()}</span>
                            <span class="grid-self" title=lang.t("visit-self")>
                                {self_score.map(|s| s.to_string()).unwrap_or_else(|| "–".into())}
                            </span>
                            <LevelButtons code=code.clone() levels own record locked compact=true />
                            <button
                                type="button"
                                class="grid-check"
                                aria-pressed=move || check().to_string()
                                aria-label=lang.t("visit-check-mark")
                                disabled=move || locked.get()
                                on:click=move |_| record.run((code_check.clone(), Edit::ToggleCheck))
                            >
                                "⚑"
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
