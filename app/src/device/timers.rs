//! Timers through gloo-timers: a debounced call (autosave after typing, sync after a tap)
//! and a repeating one (retries while something is unsent). Both stop when the component
//! that made them is cleaned up. No timer runs on the server.

use leptos::prelude::*;
use std::time::Duration;

#[cfg(feature = "hydrate")]
type Pending = send_wrapper::SendWrapper<gloo_timers::callback::Timeout>;
#[cfg(not(feature = "hydrate"))]
type Pending = ();

/// Runs the latest scheduled call once its delay has passed without another being scheduled.
#[derive(Debug, Clone, Copy)]
pub struct Debounce {
    pending: StoredValue<Option<Pending>>,
}

impl Default for Debounce {
    fn default() -> Self {
        Self::new()
    }
}

impl Debounce {
    pub fn new() -> Self {
        Debounce { pending: StoredValue::new(None) }
    }

    /// Calls `f` after `delay`, cancelling a call scheduled earlier and not yet made.
    pub fn schedule(&self, delay: Duration, f: impl FnOnce() + 'static) {
        #[cfg(feature = "hydrate")]
        {
            let timeout = gloo_timers::callback::Timeout::new(millis(delay), f);
            // The earlier timeout is dropped here, which cancels it.
            self.pending.set_value(Some(send_wrapper::SendWrapper::new(timeout)));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (self.pending, delay, f);
    }
}

/// Calls `f` every `period` while the current component lives.
pub fn every(period: Duration, f: impl FnMut() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let interval = send_wrapper::SendWrapper::new(gloo_timers::callback::Interval::new(millis(period), f));
        // Dropping the interval stops it.
        on_cleanup(move || drop(interval));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (period, f);
}

/// `f`'s output, or `None` when it did not finish within `limit` (it is then dropped, which
/// abandons the request it was making). Without a browser, `f` is simply awaited.
pub async fn within<T>(limit: Duration, f: impl Future<Output = T>) -> Option<T> {
    #[cfg(feature = "hydrate")]
    {
        use std::task::Poll;
        let mut f = std::pin::pin!(f);
        let mut timeout = std::pin::pin!(gloo_timers::future::TimeoutFuture::new(millis(limit)));
        std::future::poll_fn(|cx| {
            if let Poll::Ready(v) = f.as_mut().poll(cx) {
                return Poll::Ready(Some(v));
            }
            if timeout.as_mut().poll(cx).is_ready() {
                return Poll::Ready(None);
            }
            Poll::Pending
        })
        .await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = limit;
        Some(f.await)
    }
}

#[cfg(feature = "hydrate")]
fn millis(d: Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}
