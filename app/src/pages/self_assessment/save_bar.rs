//! The page-wide save status, kept at the bottom of the screen: on a phone the card that was
//! just tapped may be far from its own status line, and a manager must see at a glance
//! whether everything reached the server, what is waiting on the device, why, and when the
//! next try is.

use super::card::SaveBoard;
use crate::device::delivery::{self, Delivery};
use crate::device::{events, offline};
use crate::i18n::use_lang;
use leptos::prelude::*;

/// The state of the whole page from its cards': a refusal first, then the earliest retry,
/// then sending.
fn overall(board: &std::collections::BTreeMap<String, Delivery>) -> Delivery {
    let mut result = Delivery::Sent;
    for d in board.values() {
        result = match (result, d) {
            (r @ Delivery::Refused(_), _) => r,
            (_, Delivery::Refused(k)) => Delivery::Refused(k.clone()),
            (Delivery::Waiting { why, next_try_ms }, Delivery::Waiting { next_try_ms: other, .. })
                if next_try_ms <= *other =>
            {
                Delivery::Waiting { why, next_try_ms }
            }
            (_, w @ Delivery::Waiting { .. }) => w.clone(),
            (w @ Delivery::Waiting { .. }, _) => w,
            (_, Delivery::Sending) => Delivery::Sending,
            (r, Delivery::Sent) => r,
        };
    }
    result
}

#[component]
pub fn SaveBar(board: SaveBoard) -> impl IntoView {
    let lang = use_lang();
    let SaveBoard(board) = board;
    let online = RwSignal::new(true);
    Effect::new(move |_| online.set(offline::online()));
    events::on_window("online", move |_| online.set(true));
    events::on_window("offline", move |_| online.set(false));
    let state = Memo::new(move |_| board.with(|b| (b.len(), overall(b))));
    view! {
        <div class="save-bar" role="status" aria-label=lang.t("delivery-page") data-testid="save-bar">
            <span class=move || {
                state.with(|(n, d)| format!("sync-status {}", delivery::tone(*n, d)))
            }>{move || state.with(|(n, d)| delivery::describe(lang, *n, d))}</span>
            {move || { (!online.get()).then(|| view! { <span class="net offline">{lang.t("visit-offline")}</span> }) }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::delivery::Why;

    #[test]
    fn a_refusal_outweighs_a_wait_and_the_earliest_retry_is_shown() {
        let wait = |ms: f64| Delivery::Waiting { why: Why::Unreachable, next_try_ms: ms };
        let board = |items: Vec<Delivery>| {
            items.into_iter().enumerate().map(|(k, d)| (k.to_string(), d)).collect::<std::collections::BTreeMap<_, _>>()
        };
        assert_eq!(overall(&board(vec![])), Delivery::Sent);
        assert_eq!(overall(&board(vec![Delivery::Sending, wait(9.0), wait(4.0)])), wait(4.0));
        assert_eq!(overall(&board(vec![wait(4.0), Delivery::Sending])), wait(4.0));
        assert_eq!(overall(&board(vec![Delivery::Sending, Delivery::Sending])), Delivery::Sending);
        let refused = Delivery::Refused("save-error".into());
        assert_eq!(overall(&board(vec![wait(1.0), refused.clone(), Delivery::Sending])), refused);
    }
}
