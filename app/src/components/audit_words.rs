//! Audit events in words, in the reader's language and the local time of the place: used by the
//! audit trail of a cycle and the history of an account, so both say the same things the same way.

use crate::i18n::Lang;
use domain::audit::Change;

/// What an event changed, in words: level names, step names, grades, people.
pub fn words(lang: Lang, levels: &[String], change: &Change) -> String {
    let level = |score: &Option<u8>| match score {
        Some(n) => {
            let name = levels.get(usize::from(*n)).cloned().unwrap_or_default();
            lang.t_with("audit-level", &[("level", n.to_string()), ("name", name)])
        }
        None => lang.t("audit-no-score"),
    };
    let quoted = |label: &str, text: &str| {
        if text.trim().is_empty() { String::new() } else { format!("; {}: “{}”", lang.t(label), text.trim()) }
    };
    match change {
        Change::SelfScore { score } => level(score),
        Change::VisitScore { score, note, check_on_site } => {
            let check = if *check_on_site { format!("; {}", lang.t("audit-check-on-site")) } else { String::new() };
            format!("{}{}{check}", level(score), quoted("audit-note", note))
        }
        Change::AssessorScores { first, second } => {
            lang.t_with("audit-assessor-scores", &[("first", level(first)), ("second", level(second))])
        }
        Change::FinalScore { score, reason } => format!("{}{}", level(score), quoted("audit-reason", reason)),
        Change::State { state } => lang.t(&format!("state-{state}")),
        Change::Result { total_hundredths, grade } => {
            lang.t_with("audit-result", &[("total", lang.percent(*total_hundredths)), ("grade", grade.clone())])
        }
        Change::Decision { kind, grade } => {
            let kind = lang.t(&format!("decision-kind-{}", kind.replace('_', "-")));
            match grade {
                Some(g) => lang.t_with("audit-decision", &[("kind", kind), ("grade", g.clone())]),
                None => kind,
            }
        }
        Change::Team { people, visit_on } => {
            let date = visit_on.as_deref().map(|d| lang.t_with("home-visit-on", &[("date", lang.date(d))]));
            people.iter().cloned().chain(date).collect::<Vec<_>>().join("; ")
        }
        Change::Permit { number, expires_on } => lang.t_with(
            "audit-permit",
            &[
                ("number", number.clone().unwrap_or_else(|| "–".into())),
                ("until", expires_on.as_deref().map(|d| lang.date(d)).unwrap_or_else(|| "–".into())),
            ],
        ),
        Change::Text { text } => text.clone(),
        Change::Account { role, place } => {
            let role = lang.t(&format!("role-{role}"));
            place.iter().fold(role, |role, place| format!("{role}; {place}"))
        }
        Change::AccountStatus { status } => lang.t(&format!("account-status-{}", status.replace('_', "-"))),
        Change::InstrumentVersion { version } => {
            lang.t_with("audit-instrument-version", &[("version", version.clone())])
        }
    }
}

/// What kind of event it was: "Decision", "Account created", …
pub fn action(lang: Lang, code: &str) -> String {
    lang.t(&format!("audit-action-{}", code.replace('_', "-")))
}

/// An event's change: "before → after", or the one side it has.
pub fn before_after(lang: Lang, levels: &[String], before: Option<&Change>, after: Option<&Change>) -> String {
    let say = |c: &Change| words(lang, levels, c);
    match (before, after) {
        (Some(b), Some(a)) => format!("{} → {}", say(b), say(a)),
        (None, Some(c)) | (Some(c), None) => say(c),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::audit::Zone;

    #[test]
    fn every_change_reads_as_words_in_both_languages() {
        let levels: Vec<String> =
            ["Tidak ada bukti", "Belum sesuai", "Sebagian sesuai", "Sesuai", "Sesuai, berkelanjutan"]
                .map(String::from)
                .to_vec();
        let changes = [
            Change::SelfScore { score: Some(3) },
            Change::SelfScore { score: None },
            Change::VisitScore { score: Some(2), note: "pintu darurat".into(), check_on_site: true },
            Change::AssessorScores { first: Some(4), second: None },
            Change::FinalScore { score: Some(3), reason: "dokumen ada".into() },
            Change::State { state: "submitted".into() },
            Change::Result { total_hundredths: 7370, grade: "B".into() },
            Change::Decision { kind: "approve".into(), grade: Some("B".into()) },
            Change::Decision { kind: "send_back".into(), grade: None },
            Change::Team { people: vec!["Ahmad Fauzi".into()], visit_on: Some("2026-12-08".into()) },
            Change::Permit { number: None, expires_on: Some("2029-01-31".into()) },
            Change::Account { role: "institution_manager".into(), place: Some("LKSA Muhammadiyah Magetan".into()) },
            Change::AccountStatus { status: "invitation_issued".into() },
            Change::AccountStatus { status: "deactivated".into() },
            Change::InstrumentVersion { version: "2026.2".into() },
        ];
        for lang in [Lang::Id, Lang::En] {
            for c in &changes {
                let text = words(lang, &levels, c);
                assert!(!text.is_empty(), "{c:?}");
                for raw in ["Some(", "None", "[", "_", "audit-", "state-", "decision-", "role-", "account-"] {
                    assert!(!text.contains(raw), "{c:?} in {lang:?}: {text}");
                }
            }
        }
        assert_eq!(words(Lang::Id, &levels, &changes[0]), "tingkat 3 (Sesuai)");
        assert_eq!(words(Lang::Id, &levels, &changes[6]), "total 73,70 %, peringkat B");
        assert_eq!(words(Lang::En, &levels, &changes[6]), "total 73.70 %, grade B");
        assert_eq!(Lang::Id.moment(Zone::Wita, 1_795_476_600), "24 November 2026 07.30 WITA");
        assert_eq!(Lang::En.moment(Zone::Wib, 1_795_476_600), "24 November 2026 06:30 WIB");
    }

    /// Every event of an account's history and of onboarding has a name in both languages.
    #[test]
    fn account_and_onboarding_events_have_names() {
        let codes = [
            "create_account",
            "issue_invitation",
            "issue_reset",
            "set_password",
            "change_password",
            "deactivate_account",
            "reactivate_account",
            "sign_in",
            "register_institution",
            "import_institution",
            "import_update_institution",
        ];
        for lang in [Lang::Id, Lang::En] {
            for code in codes {
                let name = action(lang, code);
                assert!(!name.contains("audit-action") && !name.contains('_'), "{code} in {lang:?}: {name}");
            }
        }
        let words = before_after(
            Lang::En,
            &[],
            Some(&Change::AccountStatus { status: "active".into() }),
            Some(&Change::AccountStatus { status: "deactivated".into() }),
        );
        assert_eq!(words, "Active → Deactivated");
    }
}
