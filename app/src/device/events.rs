//! Window event listeners (online, offline, beforeunload) through gloo-events, removed when
//! the component that added them is cleaned up. Nothing is listened to on the server.

/// Calls `f` on every `event` at the window while the current component lives.
pub fn on_window(event: &'static str, f: impl FnMut(&web_sys::Event) + 'static) {
    listen(event, false, f)
}

/// Like [`on_window`], for a listener that may call `preventDefault` (beforeunload): gloo's
/// listeners are passive unless asked.
pub fn on_window_preventable(event: &'static str, f: impl FnMut(&web_sys::Event) + 'static) {
    listen(event, true, f)
}

fn listen(event: &'static str, preventable: bool, f: impl FnMut(&web_sys::Event) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_events::{EventListener, EventListenerOptions};
        let Some(window) = web_sys::window() else { return };
        let options =
            if preventable { EventListenerOptions::enable_prevent_default() } else { EventListenerOptions::default() };
        let listener = send_wrapper::SendWrapper::new(EventListener::new_with_options(&window, event, options, f));
        // Dropping the listener removes it.
        leptos::prelude::on_cleanup(move || drop(listener));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, preventable, f);
}
