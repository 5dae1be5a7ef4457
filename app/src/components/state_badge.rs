use crate::i18n::use_lang;
use domain::CycleState;
use leptos::prelude::*;

/// The cycle state as a coloured, translated label.
#[component]
pub fn StateBadge(state: CycleState) -> impl IntoView {
    let lang = use_lang();
    view! { <span class=format!("badge state-{}", state.code())>{lang.t(&format!("state-{}", state.code()))}</span> }
}
