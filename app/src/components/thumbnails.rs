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
                        view! {
                            <li>
                                <a href=format!("/evidence/{}/full", f.id) target="_blank" rel="external">
                                    <img
                                        src=format!("/evidence/{}/thumbnail", f.id)
                                        alt=f.caption.clone()
                                        width="120"
                                        height="90"
                                    />
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
