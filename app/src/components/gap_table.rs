//! The head and rows of a table that sets a self-assessment beside the final score and their gap.

use crate::i18n::use_lang;
use leptos::prelude::*;

/// The column heads: `first` names what a row is, then self-score, final score and gap.
#[component]
pub fn GapHead(first: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <thead>
            <tr>
                <th>{lang.t(first)}</th>
                <th>{lang.t("decision-self")}</th>
                <th>{lang.t("decision-final")}</th>
                <th>{lang.t("decision-gap")}</th>
            </tr>
        </thead>
    }
}

/// One row: what it is, the self-score, the final score and the gap, as text.
#[component]
pub fn GapRow(label: String, own: String, fin: String, gap: String) -> impl IntoView {
    view! {
        <tr>
            <td>{label}</td>
            <td>{own}</td>
            <td>{fin}</td>
            <td>{gap}</td>
        </tr>
    }
}
