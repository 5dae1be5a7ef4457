//! Site photos: taken with the tablet's camera, shrunk on the device like evidence, and kept in
//! the browser's cache storage until the server has them, so that photos taken without a
//! signal survive a reload and are sent when the network returns.

use crate::i18n::use_lang;
use crate::model::SitePhotoView;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A photo waiting on the device; its bytes are in cache storage under [`blob_key`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub id: String,
    pub code: String,
    pub caption: String,
    /// Why the server refused it, if it did (translation key); it is then not retried.
    #[serde(default)]
    pub refused: Option<String>,
    /// Object URL of the local copy for the preview (not stored).
    #[serde(skip)]
    pub preview: String,
}

#[cfg(feature = "hydrate")]
pub mod device {
    use super::Waiting;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    const CACHE: &str = "lksa-site-photos-v1";

    fn blob_key(queue: &str, id: &str) -> String {
        format!("/visit-photo-queue/{queue}/{id}")
    }

    fn list_key(queue: &str) -> String {
        format!("lksa.visitphotos.{queue}")
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn list(queue: &str) -> Vec<Waiting> {
        storage()
            .and_then(|s| s.get_item(&list_key(queue)).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    fn save_list(queue: &str, items: &[Waiting]) -> bool {
        let Some(s) = storage() else { return false };
        let Ok(json) = serde_json::to_string(items) else { return false };
        if items.is_empty() {
            s.remove_item(&list_key(queue)).is_ok()
        } else {
            s.set_item(&list_key(queue), &json).is_ok()
        }
    }

    async fn cache() -> Result<web_sys::Cache, JsValue> {
        let caches = web_sys::window().ok_or("no window")?.caches()?;
        Ok(JsFuture::from(caches.open(CACHE)).await?.unchecked_into())
    }

    /// Keeps the photo's bytes and its entry on the device.
    pub async fn keep(queue: &str, w: &Waiting, blob: &web_sys::Blob) -> Result<(), JsValue> {
        let response = web_sys::Response::new_with_opt_blob(Some(blob))?;
        JsFuture::from(cache().await?.put_with_str(&blob_key(queue, &w.id), &response)).await?;
        let mut items = list(queue);
        items.retain(|i| i.id != w.id);
        items.push(Waiting { preview: String::new(), ..w.clone() });
        if save_list(queue, &items) { Ok(()) } else { Err("storage refused".into()) }
    }

    pub async fn bytes(queue: &str, id: &str) -> Option<web_sys::Blob> {
        let found = JsFuture::from(cache().await.ok()?.match_with_str(&blob_key(queue, id))).await.ok()?;
        let response: web_sys::Response = found.dyn_into().ok()?;
        JsFuture::from(response.blob().ok()?).await.ok()?.dyn_into().ok()
    }

    pub async fn forget(queue: &str, id: &str) {
        if let Ok(c) = cache().await {
            let _ = JsFuture::from(c.delete_with_str(&blob_key(queue, id))).await;
        }
        let mut items = list(queue);
        items.retain(|i| i.id != id);
        save_list(queue, &items);
    }

    pub fn mark_refused(queue: &str, id: &str, key: &str) {
        let mut items = list(queue);
        for i in items.iter_mut().filter(|i| i.id == id) {
            i.refused = Some(key.to_string());
        }
        save_list(queue, &items);
    }
}

/// Site photos of one indicator: those on the server, those waiting on the device, and the
/// camera button.
#[component]
pub fn SitePhotos(
    code: String,
    photos: RwSignal<BTreeMap<String, Vec<SitePhotoView>>>,
    waiting: RwSignal<Vec<Waiting>>,
    locked: RwSignal<bool>,
    add: Callback<(String, String, SendFile)>,
) -> impl IntoView {
    let lang = use_lang();
    let caption = RwSignal::new(String::new());
    let stored = {
        let code = code.clone();
        move || photos.with(|m| m.get(&code).cloned().unwrap_or_default())
    };
    let local = {
        let code = code.clone();
        move || waiting.with(|w| w.iter().filter(|p| p.code == code).cloned().collect::<Vec<_>>())
    };
    let input_id = format!("site-photo-{code}");
    let code_add = code.clone();
    view! {
        <div class="site-photos">
            <h3>{lang.t("visit-photos")}</h3>
            <ul class="thumbs" data-testid="site-photos">
                {move || stored().into_iter().map(|p| view! {
                    <li>
                        <a href=format!("/visit-photos/{}/full", p.id) target="_blank" rel="external">
                            <img src=format!("/visit-photos/{}/thumbnail", p.id) alt=p.caption.clone() width="120" height="90" />
                        </a>
                    </li>
                }).collect_view()}
                {move || local().into_iter().map(|p| view! {
                    <li class="waiting" data-testid="site-photo-waiting">
                        <img src=p.preview.clone() alt=p.caption.clone() width="120" height="90" />
                        <span class="small">
                            {match &p.refused { Some(k) => lang.t(k), None => lang.t("visit-photo-waiting") }}
                        </span>
                    </li>
                }).collect_view()}
            </ul>
            <div class="photo-add">
                <input type="text" placeholder=lang.t("visit-photo-caption") aria-label=lang.t("visit-photo-caption")
                    prop:value=move || caption.get() on:input=move |ev| caption.set(event_target_value(&ev))
                    disabled=move || locked.get() />
                <label class="btn" for=input_id.clone() class:disabled=move || locked.get()>{lang.t("visit-photo-take")}</label>
                <input id=input_id type="file" accept="image/*" capture="environment" class="sr-only" data-testid="site-photo-input"
                    disabled=move || locked.get()
                    on:change=move |ev| {
                        if let Some(file) = selected_file(&ev) {
                            add.run((code_add.clone(), caption.get_untracked(), file));
                            caption.set(String::new());
                        }
                    } />
            </div>
        </div>
    }
}

/// A chosen file, carried through signals in the browser only.
#[cfg(feature = "hydrate")]
pub type SendFile = send_wrapper::SendWrapper<web_sys::File>;
#[cfg(not(feature = "hydrate"))]
pub type SendFile = ();

#[cfg(feature = "hydrate")]
fn selected_file(ev: &leptos::ev::Event) -> Option<SendFile> {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(send_wrapper::SendWrapper::new(file))
}

#[cfg(not(feature = "hydrate"))]
fn selected_file(_ev: &leptos::ev::Event) -> Option<SendFile> {
    None
}
