//! The two photo actions: send what waits on the device (`true` first loads it from there),
//! and add a new photo (shrunk, kept on the device, then sent). Only the browser sends; on
//! the server both do nothing.

use super::outbox::SyncState;
use super::photos::SendFile;
use crate::device::photo_queue::Waiting;
use crate::model::SitePhotoView;
use leptos::prelude::*;
use std::collections::BTreeMap;

pub fn senders(
    queue: String,
    cycle_id: String,
    photos: RwSignal<BTreeMap<String, Vec<SitePhotoView>>>,
    waiting: RwSignal<Vec<Waiting>>,
    sync_state: RwSignal<SyncState>,
) -> (Callback<bool>, Callback<(String, String, SendFile)>) {
    #[cfg(feature = "hydrate")]
    {
        use crate::device::new_change_id;
        use crate::device::photo_queue::PhotoQueue;
        use crate::device::storage::Local;
        use crate::device::upload::{Sent, send, shrink};
        // Object URLs of previews live as strings in a signal until the photo is sent, longer
        // than a scope: gloo-file's drop-revoked ObjectUrl does not fit, web-sys's Url does.
        use web_sys::Url;

        let device = PhotoQueue::new(Local, &queue);
        let busy = StoredValue::new(false);
        let send_all = Callback::new({
            let device = device.clone();
            move |load: bool| {
                if busy.get_value() {
                    return;
                }
                busy.set_value(true);
                let (device, cycle_id) = (device.clone(), cycle_id.clone());
                leptos::task::spawn_local(async move {
                    if load {
                        let mut items = device.list();
                        for w in items.iter_mut() {
                            if let Some(blob) = device.bytes(&w.id).await {
                                w.preview = Url::create_object_url_with_blob(&blob).unwrap_or_default();
                            }
                        }
                        waiting.set(items);
                    }
                    for w in waiting.get_untracked().into_iter().filter(|w| w.refused.is_none()) {
                        let Some(blob) = device.bytes(&w.id).await else { continue };
                        let url = format!("/visit-photos/{cycle_id}/{}", w.code);
                        match send(&url, &w.id, &w.caption, &blob, "foto.jpg", |_| {}).await {
                            Sent::Answered(200, body) => {
                                if let Ok(p) = serde_json::from_str::<SitePhotoView>(&body) {
                                    photos.update(|m| {
                                        let list = m.entry(w.code.clone()).or_default();
                                        if !list.iter().any(|x| x.id == p.id) {
                                            list.push(p);
                                        }
                                    });
                                }
                                device.forget(&w.id).await;
                                let _ = Url::revoke_object_url(&w.preview);
                                waiting.update(|list| list.retain(|x| x.id != w.id));
                            }
                            Sent::Answered(status, body) if status != 401 && status < 500 => {
                                let key = serde_json::from_str::<serde_json::Value>(&body)
                                    .ok()
                                    .and_then(|v| v["key"].as_str().map(String::from))
                                    .unwrap_or_else(|| "error-internal".into());
                                device.mark_refused(&w.id, &key);
                                waiting.update(|list| {
                                    for x in list.iter_mut().filter(|x| x.id == w.id) {
                                        x.refused = Some(key.clone());
                                    }
                                });
                            }
                            // No network, signed out or a server fault: it stays and is retried.
                            _ => break,
                        }
                    }
                    busy.set_value(false);
                });
            }
        });
        let add = Callback::new(move |(code, caption, file): (String, String, SendFile)| {
            let device = device.clone();
            leptos::task::spawn_local(async move {
                let blob = shrink(&file).await;
                let w = Waiting {
                    id: new_change_id(),
                    code,
                    caption,
                    refused: None,
                    preview: Url::create_object_url_with_blob(&blob).unwrap_or_default(),
                };
                if device.keep(&w, &blob).await.is_err() {
                    sync_state.set(SyncState::Refused("visit-error-storage".into()));
                    return;
                }
                waiting.update(|list| list.push(w));
                send_all.run(false);
            });
        });
        (send_all, add)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (queue, cycle_id, photos, waiting, sync_state);
        (Callback::new(|_| {}), Callback::new(|_| {}))
    }
}
