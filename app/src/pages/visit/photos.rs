//! Site photos: taken with the tablet's camera, shrunk on the device like evidence, and kept on
//! the device until the server has them (`crate::device::photo_queue`), so that photos taken
//! without a signal survive a reload and are sent when the network returns.

use crate::components::thumbnails::PhotoThumb;
use crate::device::photo_queue::Waiting;
use crate::i18n::use_lang;
use crate::model::SitePhotoView;
use leptos::prelude::*;
use std::collections::BTreeMap;

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
                {move || {
                    stored()
                        .into_iter()
                        .map(|p| {
                            view! { <PhotoThumb base="/visit-photos" id=p.id.clone() caption=p.caption.clone() /> }
                        })
                        .collect_view()
                }}
                {move || {
                    local()
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li class="waiting" data-testid="site-photo-waiting">
                                    <img src=p.preview.clone() alt=p.caption.clone() width="120" height="90" />
                                    <span class="small">
                                        {match &p.refused {
                                            Some(k) => lang.t(k),
                                            None => lang.t("visit-photo-waiting"),
                                        }}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="photo-add">
                <input
                    type="text"
                    placeholder=lang.t("visit-photo-caption")
                    aria-label=lang.t("visit-photo-caption")
                    prop:value=move || caption.get()
                    on:input=move |ev| caption.set(event_target_value(&ev))
                    disabled=move || locked.get()
                />
                <label class="btn" for=input_id.clone() class:disabled=move || locked.get()>
                    {lang.t("visit-photo-take")}
                </label>
                <input
                    id=input_id
                    type="file"
                    accept="image/*"
                    capture="environment"
                    class="sr-only"
                    data-testid="site-photo-input"
                    disabled=move || locked.get()
                    on:change=move |ev| {
                        if let Some(file) = selected_file(&ev) {
                            add.run((code_add.clone(), caption.get_untracked(), file));
                            caption.set(String::new());
                        }
                    }
                />
            </div>
        </div>
    }
}

/// A chosen file, carried through signals (used in the browser only).
pub type SendFile = send_wrapper::SendWrapper<web_sys::File>;

/// The file chosen in the input of a change event. Event handlers run in the browser only.
/// web-sys rather than gloo-file: this component is compiled for the server too, where the
/// gloo crates are not built.
fn selected_file(ev: &leptos::ev::Event) -> Option<SendFile> {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(send_wrapper::SendWrapper::new(file))
}
