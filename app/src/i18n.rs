//! The translation layer: Fluent files under `app/locales/<lang>/`, Bahasa Indonesia first.
//!
//! The language is chosen per request (a `lang` cookie set by `/lang/<code>`), written into
//! `<html lang>` by the server and read back from there when the page hydrates, so both
//! sides render the same words. Switching language is a plain link, so it works without JS.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "id",
        // No Unicode isolation marks around arguments: they confuse screen readers and tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub const LANG_COOKIE: &str = "lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Id,
    En,
}

static ID: LanguageIdentifier = langid!("id");
static EN: LanguageIdentifier = langid!("en");

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }

    /// The text for `key` in this language.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// The text for `key` with named arguments, e.g. `[("count", "3".into())]`.
    pub fn t_with(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
        LOCALES.lookup_with_args(self.id(), key, &args)
    }

    /// An ISO date ('2029-03-31') as people write it: "31 Maret 2029" / "31 March 2029".
    /// Anything that is not an ISO date is shown as it is.
    pub fn date(self, iso: &str) -> String {
        let mut parts = iso.splitn(3, '-');
        match (
            parts.next(),
            parts.next().and_then(|m| m.parse::<u8>().ok()),
            parts.next().and_then(|d| d.parse::<u8>().ok()),
        ) {
            (Some(year), Some(month @ 1..=12), Some(day)) => {
                format!("{day} {} {year}", self.t(&format!("month-{month}")))
            }
            _ => iso.to_string(),
        }
    }

    /// A time of day: "07.30" in Bahasa Indonesia, "07:30" in English.
    /// "24 November 2026 07.30 WITA": a moment (Unix seconds) in a time zone of Indonesia.
    pub fn moment(self, zone: domain::audit::Zone, t: i64) -> String {
        let (date, hour, minute) = zone.local(t);
        format!("{} {} {}", self.date(&date), self.time(hour, minute), zone.name())
    }

    pub fn time(self, hour: u8, minute: u8) -> String {
        let mark = if self == Lang::En { ':' } else { '.' };
        format!("{hour:02}{mark}{minute:02}")
    }

    /// A time of day with seconds: "10.42.15" in Bahasa Indonesia, "10:42:15" in English.
    pub fn clock(self, hour: u8, minute: u8, second: u8) -> String {
        let mark = if self == Lang::En { ':' } else { '.' };
        format!("{}{mark}{second:02}", self.time(hour, minute))
    }

    /// Hundredths of a percent as the language writes them: "73,70 %" in Bahasa Indonesia,
    /// "73.70 %" in English; "-0,50 %" keeps its sign.
    pub fn percent(self, hundredths: i64) -> String {
        let sign = if hundredths < 0 { "-" } else { "" };
        let (whole, frac) = (hundredths.unsigned_abs() / 100, hundredths.unsigned_abs() % 100);
        let mark = if self == Lang::En { '.' } else { ',' };
        format!("{sign}{}{mark}{frac:02} %", self.count(whole as i64))
    }

    /// A whole number with its thousands grouped as the language writes them: "12.347" in
    /// Bahasa Indonesia, "12,347" in English.
    pub fn count(self, n: impl Into<i64>) -> String {
        let n: i64 = n.into();
        let digits = n.unsigned_abs().to_string();
        let mark = if self == Lang::En { ',' } else { '.' };
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (k, d) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k).is_multiple_of(3) {
                out.push(mark);
            }
            out.push(d);
        }
        out
    }

    /// The language chosen by a `Cookie` header value, Bahasa Indonesia when none is chosen.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|part| part.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Lang::from_code(value.trim()))
            .unwrap_or_default()
    }
}

/// The language of the current page.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Decides the page language and makes it available to every component.
pub fn provide_lang() -> Lang {
    let lang = detect();
    provide_context(lang);
    lang
}

#[cfg(feature = "ssr")]
fn detect() -> Lang {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header)
        })
        .unwrap_or_default()
}

/// In the browser: the language the server rendered the page in.
#[cfg(not(feature = "ssr"))]
fn detect() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        gloo_utils::document_element().get_attribute("lang").and_then(|code| Lang::from_code(&code)).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    Lang::default()
}

#[cfg(test)]
mod tests {

    #[test]
    fn counts_group_thousands_as_each_language_writes_them() {
        assert_eq!(Lang::Id.count(12_347), "12.347");
        assert_eq!(Lang::En.count(12_347), "12,347");
        assert_eq!(Lang::Id.count(1_000_000), "1.000.000");
        assert_eq!(Lang::Id.count(999), "999");
        assert_eq!(Lang::Id.count(0), "0");
        assert_eq!(Lang::En.count(-4_500), "-4,500");
    }

    #[test]
    fn percentages_use_each_languages_decimal_mark() {
        assert_eq!(Lang::Id.percent(7_370), "73,70 %");
        assert_eq!(Lang::En.percent(7_370), "73.70 %");
        assert_eq!(Lang::Id.percent(7_100), "71,00 %");
        assert_eq!(Lang::Id.percent(5), "0,05 %");
        assert_eq!(Lang::Id.percent(-50), "-0,50 %");
        assert_eq!(Lang::En.percent(-1_225), "-12.25 %");
        assert_eq!(Lang::Id.percent(10_000), "100,00 %");
    }

    use super::*;
    use std::collections::BTreeSet;

    fn keys(lang: &str) -> BTreeSet<String> {
        let text = std::fs::read_to_string(format!("{}/locales/{lang}/main.ftl", env!("CARGO_MANIFEST_DIR"))).unwrap();
        text.lines()
            .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && !l.starts_with('.'))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    /// A key defined twice makes the loader panic at start-up.
    #[test]
    fn no_key_is_defined_twice() {
        for lang in ["id", "en"] {
            let text =
                std::fs::read_to_string(format!("{}/locales/{lang}/main.ftl", env!("CARGO_MANIFEST_DIR"))).unwrap();
            let mut seen = BTreeSet::new();
            for line in text.lines().filter(|l| !l.starts_with([' ', '#', '.'])) {
                if let Some((k, _)) = line.split_once(" =") {
                    assert!(seen.insert(k.trim().to_string()), "{lang}: {k} defined twice");
                }
            }
        }
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let (id, en) = (keys("id"), keys("en"));
        assert!(id.len() > 50);
        assert_eq!(id.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in English");
        assert_eq!(en.difference(&id).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in Indonesian");
    }

    /// Every `t("…")` / `t_with("…"` key used in the source exists in the Indonesian file.
    #[test]
    fn every_key_used_in_code_exists() {
        let id = keys("id");
        let mut missing = vec![];
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let src = std::fs::read_to_string(&path).unwrap();
            for marker in [".t(\"", ".t_with(\""] {
                for piece in src.split(marker).skip(1) {
                    let key = piece.split('"').next().unwrap();
                    if !id.contains(key) && !key.is_empty() {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "untranslated keys: {missing:#?}");
    }

    /// Labels looked up with computed keys (`state-…`, `role-…`) exist for every value.
    #[test]
    fn every_state_role_duty_and_evidence_kind_has_a_label() {
        use domain::{CycleState, EvidenceKind, Role};
        let (id, en) = (keys("id"), keys("en"));
        let mut wanted: Vec<String> = CycleState::ALL.iter().map(|s| format!("state-{}", s.code())).collect();
        wanted.extend(Role::ALL.iter().map(|r| format!("role-{}", r.code())));
        wanted.extend(
            [EvidenceKind::Document, EvidenceKind::Photo, EvidenceKind::Interview, EvidenceKind::Observation]
                .iter()
                .map(|e| format!("evidence-{}", e.code())),
        );
        wanted.extend(["duty-assessor".to_string(), "duty-supervisor".to_string()]);
        wanted.extend((1..=12).map(|m| format!("month-{m}")));
        for key in wanted {
            assert!(id.contains(&key) && en.contains(&key), "{key}");
        }
    }

    #[test]
    fn indonesian_is_the_default_and_cookies_switch() {
        assert_eq!(Lang::from_cookie_header(""), Lang::Id);
        assert_eq!(Lang::from_cookie_header("session=abc; lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=fr"), Lang::Id);
        assert_eq!(Lang::Id.t("nav-home"), "Beranda");
        assert_eq!(Lang::En.t("nav-home"), "Home");
        assert_eq!(Lang::Id.date("2029-03-31"), "31 Maret 2029");
        assert_eq!(Lang::En.date("2026-08-05"), "5 August 2026");
        assert_eq!(Lang::En.date("besok"), "besok");
        assert_eq!(Lang::Id.t_with("instrument-count", &[("count", "220".into())]), "220 indikator");
    }
}
