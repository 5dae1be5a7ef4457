//! Receiving uploaded files within a fixed memory budget, whatever arrives.
//!
//! An upload costs memory twice: its body while it is read (up to [`BODY_LIMIT`]) and the decode
//! while the media pipeline works on it (up to `media::Limits::peak_bytes_per_job`). Both are
//! bounded by semaphores taken *before* the bytes are read or decoded, and the queue in front of
//! them is bounded too: a request that finds it full, or waits too long, is told to send again
//! (503 with a translated sentence) and nothing is stored. So the server's upload memory is at
//! most `BODY_SLOTS × BODY_LIMIT + jobs × peak_bytes_per_job`, on any machine.

use crate::AppState;
use app::error::AppError;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::http::StatusCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use store::Claim;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Bodies above this are cut off by the server before the pipeline's own (translated) limit,
/// which is lower, so a person normally sees the friendly message.
pub const BODY_LIMIT: usize = 20 * 1024 * 1024;
/// Uploads whose bodies may be in memory at once: 8 × 20 MiB = 160 MiB at most.
pub const BODY_SLOTS: usize = 8;
/// Requests allowed to wait for a body slot; beyond this they are refused at once.
pub const MAX_WAITING: usize = 64;
/// How long a request waits for a slot before it is told to send again.
pub const WAIT: Duration = Duration::from_secs(30);
/// Memory the media pipeline may use at once; decides how many images are decoded in parallel.
pub const MEDIA_BUDGET_BYTES: usize = 512 * 1024 * 1024;

/// The semaphores that hold upload memory to a fixed budget (shared by every upload route).
#[derive(Debug, Clone)]
pub struct UploadGate {
    bodies: Arc<Semaphore>,
    jobs: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
    wait: Duration,
}

impl UploadGate {
    pub fn new(cores: usize, limits: &media::Limits) -> UploadGate {
        let by_memory = (MEDIA_BUDGET_BYTES / limits.peak_bytes_per_job().max(1)).max(1);
        UploadGate::with_sizes(BODY_SLOTS, cores.clamp(1, by_memory), MAX_WAITING, WAIT)
    }

    fn with_sizes(bodies: usize, jobs: usize, max_waiting: usize, wait: Duration) -> UploadGate {
        UploadGate {
            bodies: Arc::new(Semaphore::new(bodies)),
            jobs: Arc::new(Semaphore::new(jobs)),
            waiting: Arc::new(AtomicUsize::new(0)),
            max_waiting,
            wait,
        }
    }

    /// A share of the body budget for an upload read by its own route (spreadsheet imports);
    /// `None` when the queue is full or the wait ran out.
    pub async fn body_slot(&self) -> Option<OwnedSemaphorePermit> {
        self.wait_for(&self.bodies).await
    }

    /// Image decodes that may run at once.
    pub fn jobs(&self) -> usize {
        self.jobs.available_permits()
    }

    async fn wait_for(&self, semaphore: &Arc<Semaphore>) -> Option<OwnedSemaphorePermit> {
        if let Ok(p) = semaphore.clone().try_acquire_owned() {
            return Some(p);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let permit = tokio::time::timeout(self.wait, semaphore.clone().acquire_owned()).await.ok().and_then(Result::ok);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        permit
    }
}

/// What a multipart upload form carries: a client-generated `id`, a `caption` and the `file`.
pub struct Upload {
    pub id: String,
    pub caption: String,
    pub bytes: Vec<u8>,
    /// Holds this upload's share of the body budget until the upload is answered.
    _slot: OwnedSemaphorePermit,
}

fn too_large_or_bad(e: axum::extract::multipart::MultipartError) -> &'static str {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE { "media-too-large" } else { "upload-bad-request" }
}

/// Reads an upload form once a body slot is free. Every refusal is a translated sentence.
pub async fn receive(state: &AppState, multipart: Result<Multipart, MultipartRejection>) -> Result<Upload, AppError> {
    let unprocessable = |e| AppError::invalid(too_large_or_bad(e));
    let Ok(mut multipart) = multipart else {
        return Err(AppError::bad_request("upload-bad-request"));
    };
    let Some(slot) = state.uploads.wait_for(&state.uploads.bodies).await else {
        return Err(AppError::busy("upload-busy"));
    };
    let (mut id, mut caption, mut bytes) = (String::new(), String::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(unprocessable)? {
        match field.name().unwrap_or("") {
            "id" => id = field.text().await.map_err(unprocessable)?,
            "caption" => caption = field.text().await.map_err(unprocessable)?,
            "file" => bytes = Some(field.bytes().await.map_err(unprocessable)?.to_vec()),
            _ => {}
        }
    }
    let id_ok = !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !id_ok || caption.chars().count() > 500 {
        return Err(AppError::invalid("assessment-bad-request"));
    }
    let Some(bytes) = bytes else { return Err(AppError::invalid("upload-missing-file")) };
    Ok(Upload { id, caption, bytes, _slot: slot })
}

/// Every upload's path after its policy check: read the form; answer this person's retry with
/// the record already stored (`claim`), refuse an id someone else's record has; otherwise
/// process and keep the file and store the record (`add`, which answers `None` when the id was
/// taken meanwhile).
pub async fn accept<T>(
    state: &AppState,
    multipart: Result<Multipart, MultipartRejection>,
    photos_only: bool,
    claim: impl AsyncFnOnce(&Upload) -> store::Result<Claim<T>>,
    add: impl AsyncFnOnce(&Upload, &media::Processed) -> store::Result<Option<T>>,
) -> Result<T, AppError> {
    let mut up = receive(state, multipart).await?;
    match claim(&up).await? {
        Claim::Free => {}
        Claim::Mine(row) => return Ok(row),
        Claim::Taken => return Err(AppError::conflict("upload-id-taken")),
    }
    let p = process_and_keep(state, std::mem::take(&mut up.bytes), photos_only).await?;
    add(&up, &p).await?.ok_or_else(|| AppError::conflict("upload-id-taken"))
}

/// Verifies, cleans and re-encodes an uploaded file (one of a bounded number of jobs) and keeps
/// the result and its thumbnail in the blob store.
pub async fn process_and_keep(
    state: &AppState,
    bytes: Vec<u8>,
    photos_only: bool,
) -> Result<media::Processed, AppError> {
    let Some(_job) = state.uploads.wait_for(&state.uploads.jobs).await else {
        return Err(AppError::busy("upload-busy"));
    };
    let limits = state.media_limits.clone();
    let p = tokio::task::spawn_blocking(move || media::process(&bytes, &limits))
        .await?
        .map_err(|e| AppError::invalid(e.message_key()))?;
    if photos_only && p.kind != media::Kind::Photo {
        return Err(AppError::invalid("visit-error-photo-only"));
    }
    state.blobs.put(&p.sha256, &p.bytes, p.thumbnail.as_deref()).await.map_err(AppError::internal)?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_in_parallel_are_bounded_by_memory_not_cores() {
        let limits = media::Limits::default();
        let gate = UploadGate::new(64, &limits);
        assert!(gate.jobs() * limits.peak_bytes_per_job() <= MEDIA_BUDGET_BYTES, "{} jobs", gate.jobs());
        assert!(gate.jobs() >= 1);
        assert_eq!(UploadGate::new(1, &limits).jobs(), 1);
    }

    #[tokio::test]
    async fn a_full_gate_refuses_instead_of_queueing_without_end() {
        let gate = UploadGate::with_sizes(1, 1, 1, Duration::from_millis(50));
        let held = gate.wait_for(&gate.bodies).await.expect("a free slot");
        // One may wait (and gives up after the wait), a second is refused at once.
        let (first, second) = tokio::join!(gate.wait_for(&gate.bodies), async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            let started = std::time::Instant::now();
            (gate.wait_for(&gate.bodies).await, started.elapsed())
        });
        assert!(first.is_none(), "the waiting upload gives up after the wait");
        assert!(second.0.is_none() && second.1 < Duration::from_millis(40), "beyond the queue: refused at once");
        drop(held);
        assert!(gate.wait_for(&gate.bodies).await.is_some(), "a freed slot is taken again");
    }
}
