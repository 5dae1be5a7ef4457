//! Where the device's unsent work stands, said truthfully: sent, being sent, waiting (why, and
//! when the next try is), or refused. Shared by the visit and the self-assessment: both keep
//! edits on the device first, send them, and try again on a schedule when sending failed.

use crate::i18n::Lang;
use std::time::Duration;

/// How long a request may go unanswered before the device stops waiting and tries again later.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The browser says it has no network.
    Offline,
    /// The request failed at once although the browser says it is online (server down, connection refused or reset).
    Unreachable,
    /// The server did not answer within [`ANSWER_WITHIN`].
    NoAnswer,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// Nothing unsent.
    Sent,
    Sending,
    /// Kept on this device; the next try is at `next_try_ms` (milliseconds since the epoch).
    Waiting {
        why: Why,
        next_try_ms: f64,
    },
    /// The server refused; the key says why. The edit stays on the device.
    Refused(String),
}

impl Why {
    /// The message key of the reason.
    pub fn key(self) -> &'static str {
        match self {
            Why::Offline => "delivery-why-offline",
            Why::Unreachable => "delivery-why-unreachable",
            Why::NoAnswer => "delivery-why-no-answer",
        }
    }
}

/// The wait before try number `attempt` (0-based) after a failure: 2, 4, 8, 16, then 30 seconds.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_secs((2u64 << attempt.min(4)).min(30))
}

/// The reason a failed send gives, from what the browser says of its network.
pub fn why_failed(timed_out: bool, browser_online: bool) -> Why {
    match (timed_out, browser_online) {
        (_, false) => Why::Offline,
        (true, true) => Why::NoAnswer,
        (false, true) => Why::Unreachable,
    }
}

/// One line for `pending` unsent edits in state `d`, e.g. "3 perubahan tersimpan di perangkat
/// ini, belum terkirim: server tidak menjawab. Dicoba lagi pukul 10.42.15."
pub fn describe(lang: Lang, pending: usize, d: &Delivery) -> String {
    let count = ("count", lang.count(pending as i64));
    match d {
        Delivery::Refused(key) => lang.t(key),
        _ if pending == 0 => lang.t("delivery-sent"),
        Delivery::Sent => lang.t_with("delivery-kept", &[count]),
        Delivery::Sending => lang.t_with("delivery-sending", &[count]),
        Delivery::Waiting { why, next_try_ms } => {
            let (h, m, s) = super::clock::local_hms(*next_try_ms);
            lang.t_with("delivery-waiting", &[count, ("why", lang.t(why.key())), ("at", lang.clock(h, m, s))])
        }
    }
}

/// The CSS tone of a state.
pub fn tone(pending: usize, d: &Delivery) -> &'static str {
    match d {
        Delivery::Refused(_) => "bad",
        _ if pending == 0 => "good",
        _ => "warn",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_then_stays_at_thirty_seconds() {
        let waits: Vec<u64> = (0..7).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(backoff(u32::MAX).as_secs(), 30);
    }

    #[test]
    fn the_reason_is_what_is_true() {
        assert_eq!(why_failed(false, true), Why::Unreachable, "online but refused: not 'offline'");
        assert_eq!(why_failed(true, true), Why::NoAnswer);
        assert_eq!(why_failed(false, false), Why::Offline);
        assert_eq!(why_failed(true, false), Why::Offline);
    }

    #[test]
    fn every_state_is_put_in_words_in_both_languages() {
        for lang in [Lang::Id, Lang::En] {
            let waiting = Delivery::Waiting { why: Why::NoAnswer, next_try_ms: 0.0 };
            for (pending, d) in [
                (0, Delivery::Sent),
                (2, Delivery::Sent),
                (2, Delivery::Sending),
                (1200, waiting.clone()),
                (2, Delivery::Refused("visit-error-closed".into())),
            ] {
                let text = describe(lang, pending, &d);
                assert!(!text.is_empty() && !text.contains("delivery-") && !text.contains('{'), "{text}");
            }
            let text = describe(lang, 1200, &waiting);
            assert!(text.contains(if lang == Lang::Id { "1.200" } else { "1,200" }), "{text}");
        }
    }
}
