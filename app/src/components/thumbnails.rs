//! Photo thumbnails and document links of evidence, as the desk review and the intake show them.

use crate::i18n::use_lang;
use crate::model::EvidenceView;
use leptos::prelude::*;

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
                        view! { <PhotoThumb base="/evidence" id=f.id.clone() caption=f.caption.clone() /> }.into_any()
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

/// One photo as a thumbnail in a list, linked to the full picture; `base` is where the
/// photos are served (`/evidence`, `/visit-photos`).
#[component]
pub fn PhotoThumb(base: &'static str, id: String, caption: String) -> impl IntoView {
    view! {
        <li>
            <a href=format!("{base}/{id}/full") target="_blank" rel="external">
                <img src=format!("{base}/{id}/thumbnail") alt=caption width="120" height="90" />
            </a>
        </li>
    }
}
