//! In the browser: shrink a photo on the device (long edge 2048 px, JPEG 0.8) before it
//! crosses a slow mobile link, then upload it with progress. A 12 MP photo of 4 MB becomes
//! roughly 400 KB; the server still verifies and re-encodes whatever arrives.
//!
//! Raw web-sys here: gloo has no canvas encoding, and gloo-net's fetch reports no upload
//! progress, which only XMLHttpRequest gives.

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, FormData, HtmlCanvasElement, HtmlImageElement, ProgressEvent, XmlHttpRequest};

pub const LONG_EDGE: f64 = 2048.0;
pub const QUALITY: f64 = 0.8;

/// The photo, downscaled and re-encoded as JPEG; documents (and images the browser cannot
/// decode) are returned unchanged for the server to judge.
pub async fn shrink(file: &File) -> Blob {
    if !file.type_().starts_with("image/") {
        return file.clone().into();
    }
    match try_shrink(file).await {
        Ok(blob) => blob,
        Err(_) => file.clone().into(),
    }
}

async fn try_shrink(file: &File) -> Result<Blob, JsValue> {
    let img = HtmlImageElement::new()?;
    let decoded = {
        // Revoked when dropped, once decoded.
        let url = gloo_file::ObjectUrl::from(gloo_file::File::from(file.clone()));
        img.set_src(&url);
        JsFuture::from(img.decode()).await
    };
    decoded?;
    // Browsers apply the EXIF orientation when decoding, so width and height are as seen.
    let (w, h) = (f64::from(img.natural_width()), f64::from(img.natural_height()));
    let scale = (LONG_EDGE / w.max(h)).min(1.0);
    let (cw, ch) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
    let canvas: HtmlCanvasElement =
        web_sys::window().and_then(|w| w.document()).ok_or("no document")?.create_element("canvas")?.dyn_into()?;
    canvas.set_width(cw as u32);
    canvas.set_height(ch as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d")?.ok_or("no 2d context")?.dyn_into()?;
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, cw, ch)?;
    let promise = Promise::new(&mut |resolve, reject| {
        if canvas.to_blob_with_type_and_encoder_options(&resolve, "image/jpeg", &JsValue::from(QUALITY)).is_err() {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    let blob = JsFuture::from(promise).await?;
    blob.dyn_into::<Blob>()
}

pub enum Sent {
    /// HTTP status and response body.
    Answered(u16, String),
    /// No answer: the network is down or the connection dropped.
    NoNetwork,
}

/// Uploads one file as multipart (`id`, `caption`, `file`), reporting progress 0.0–1.0.
pub async fn send(
    url: &str,
    id: &str,
    caption: &str,
    blob: &Blob,
    name: &str,
    progress: impl Fn(f64) + 'static,
) -> Sent {
    match try_send(url, id, caption, blob, name, progress).await {
        Ok(sent) => sent,
        Err(_) => Sent::NoNetwork,
    }
}

async fn try_send(
    url: &str,
    id: &str,
    caption: &str,
    blob: &Blob,
    name: &str,
    progress: impl Fn(f64) + 'static,
) -> Result<Sent, JsValue> {
    let form = FormData::new()?;
    form.append_with_str("id", id)?;
    form.append_with_str("caption", caption)?;
    form.append_with_blob_and_filename("file", blob, name)?;
    let xhr = XmlHttpRequest::new()?;
    xhr.open("POST", url)?;
    xhr.set_request_header("Accept", "application/json")?;
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            progress(ev.loaded() / ev.total());
        }
    });
    xhr.upload()?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let finished = Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
        xhr.set_ontimeout(Some(&reject));
    });
    xhr.send_with_opt_form_data(Some(&form))?;
    let outcome = JsFuture::from(finished).await;
    drop(on_progress);
    if outcome.is_err() {
        return Ok(Sent::NoNetwork);
    }
    Ok(Sent::Answered(xhr.status()?, xhr.response_text()?.unwrap_or_default()))
}
