//! Evidence for one indicator: what is attached, and adding photos (camera or gallery) or
//! PDFs. With JavaScript, photos are shrunk on the device and uploaded with a progress bar
//! and a retry button; without it, a plain multipart form posts the file.

use crate::device::new_change_id;
use crate::i18n::use_lang;
use crate::model::EvidenceView;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Progress {
    Sending(f64),
    Failed(String),
}

#[derive(Clone)]
struct Upload {
    id: String,
    name: String,
    progress: RwSignal<Progress>,
    #[cfg(feature = "hydrate")]
    file: send_wrapper::SendWrapper<gloo_file::File>,
}

#[component]
pub fn EvidencePanel(cycle_id: String, code: String, items: Vec<EvidenceView>, editable: bool) -> impl IntoView {
    let lang = use_lang();
    let items = RwSignal::new(items);
    let uploads = RwSignal::new(Vec::<Upload>::new());
    let caption = RwSignal::new(String::new());
    let action = format!("/evidence/{cycle_id}/{code}");
    let target = StoredValue::new(action.clone());

    #[cfg(feature = "hydrate")]
    let start = move |up: Upload| {
        let action = target.get_value();
        let text = caption.get_untracked();
        leptos::task::spawn_local(async move {
            use crate::device::upload::{Sent, send, shrink};
            up.progress.set(Progress::Sending(0.0));
            let blob = shrink(up.file.as_ref()).await;
            let p = up.progress;
            let name = if blob.type_() == "image/jpeg" { "foto.jpg".to_string() } else { up.name.clone() };
            match send(&action, &up.id, &text, &blob, &name, move |f| p.set(Progress::Sending(f))).await {
                Sent::Answered(200, body) => {
                    if let Ok(v) = serde_json::from_str::<EvidenceView>(&body) {
                        items.update(|list| {
                            if !list.iter().any(|i| i.id == v.id) {
                                list.push(v)
                            }
                        });
                    }
                    uploads.update(|list| list.retain(|u| u.id != up.id));
                    caption.set(String::new());
                }
                Sent::Answered(_, body) => {
                    let message = serde_json::from_str::<serde_json::Value>(&body)
                        .ok()
                        .and_then(|v| v["error"].as_str().map(String::from))
                        .unwrap_or_else(|| lang.t("error-internal"));
                    up.progress.set(Progress::Failed(message));
                }
                Sent::NoNetwork => up.progress.set(Progress::Failed(lang.t("upload-no-network"))),
            }
        });
    };

    #[cfg(feature = "hydrate")]
    let picked = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(files) = input.files() else { return };
        for file in gloo_file::FileList::from(files).iter() {
            let up = Upload {
                id: new_change_id(),
                name: file.name(),
                progress: RwSignal::new(Progress::Sending(0.0)),
                file: send_wrapper::SendWrapper::new(file.clone()),
            };
            uploads.update(|list| list.push(up.clone()));
            start(up);
        }
        input.set_value("");
    };
    #[cfg(not(feature = "hydrate"))]
    let picked = move |_ev: leptos::ev::Event| {
        let _ = target;
    };

    #[cfg(feature = "hydrate")]
    let retry = move |id: String| {
        if let Some(up) = uploads.get_untracked().into_iter().find(|u| u.id == id) {
            start(up);
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let retry = move |_id: String| {};

    view! {
        <section class="evidence" aria-label=lang.t("evidence-title")>
            <h3 class="evidence-title">{lang.t("evidence-title")}</h3>
            <ul class="evidence-list" data-testid="evidence-list">
                <For each=move || items.get() key=|i| i.id.clone() let:item>
                    <li class="evidence-item">
                        {if item.kind == "photo" {
                            view! {
                                <a href=format!("/evidence/{}/full", item.id) target="_blank" rel="external">
                                    <img
                                        src=format!("/evidence/{}/thumbnail", item.id)
                                        alt=item.caption.clone()
                                        loading="lazy"
                                        width="120"
                                    />
                                </a>
                            }
                                .into_any()
                        } else {
                            view! {
                                <a
                                    class="doc"
                                    href=format!("/evidence/{}/full", item.id)
                                    target="_blank"
                                    rel="external"
                                >
                                    {lang.t("evidence-pdf")}
                                </a>
                            }
                                .into_any()
                        }} <span class="small">{item.caption.clone()}</span>
                    </li>
                </For>
            </ul>
            <ul class="uploads">
                <For each=move || uploads.get() key=|u| u.id.clone() let:up>
                    <li class="upload">
                        <span class="small">{up.name.clone()}</span>
                        {move || match up.progress.get() {
                            Progress::Sending(f) => {
                                view! {
                                    <progress max="1" value=f.to_string()>
                                        {format!("{:.0}%", f * 100.0)}
                                    </progress>
                                }
                                    .into_any()
                            }
                            Progress::Failed(message) => {
                                let id = up.id.clone();
                                view! {
                                    <span class="alert small" role="alert">
                                        {message}
                                    </span>
                                    <button type="button" class="btn" on:click=move |_| retry(id.clone())>
                                        {lang.t("upload-retry")}
                                    </button>
                                }
                                    .into_any()
                            }
                        }}
                    </li>
                </For>
            </ul>
            {editable
                .then(|| {
                    view! {
                        <p class="privacy-reminder">{lang.t("evidence-no-faces")}</p>
                        <form
                            method="post"
                            action=action.clone()
                            enctype="multipart/form-data"
                            class="evidence-form"
                            on:submit=|ev| ev.prevent_default()
                        >
                            <input type="hidden" name="id" value=new_change_id() />
                            <label class="small">
                                {lang.t("evidence-caption")}
                                <input
                                    type="text"
                                    name="caption"
                                    maxlength="500"
                                    prop:value=caption
                                    on:input=move |ev| caption.set(event_target_value(&ev))
                                />
                            </label>
                            <div class="evidence-buttons">
                                <label class="btn file-btn">
                                    {lang.t("evidence-camera")}
                                    <input
                                        type="file"
                                        accept="image/*"
                                        capture="environment"
                                        class="sr-only"
                                        on:change=picked
                                        data-testid="camera-input"
                                    />
                                </label>
                                <label class="btn file-btn">
                                    {lang.t("evidence-pick")}
                                    <input
                                        type="file"
                                        name="file"
                                        accept="image/*,application/pdf"
                                        multiple
                                        class="sr-only"
                                        on:change=picked
                                        data-testid="file-input"
                                    />
                                </label>
                                <noscript>
                                    <button type="submit" class="btn btn-primary">
                                        {lang.t("evidence-upload")}
                                    </button>
                                </noscript>
                            </div>
                        </form>
                    }
                })}
        </section>
    }
    .into_any()
}
