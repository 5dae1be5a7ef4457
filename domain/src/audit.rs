//! What an audit event changed, as data: written by the store beside each change, read back
//! by the audit page, which puts it into words in the reader's language. One type for both
//! directions, so that no page ever shows a value as the program spells it (`Some(3)`).
//!
//! Events written before this type existed carry free-form text; [`Change::read`] turns those
//! into the same values where their shape is known, and into [`Change::Text`] otherwise.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Change {
    /// A self-score (and narrative) as the institution saved it.
    SelfScore { score: Option<u8> },
    /// One assessor's score of one indicator during the visit.
    VisitScore {
        score: Option<u8>,
        #[serde(default)]
        note: String,
        #[serde(default)]
        check_on_site: bool,
    },
    /// The two assessors' scores of an indicator, before the reconciler decided.
    AssessorScores { first: Option<u8>, second: Option<u8> },
    /// The reconciled score of an indicator and why it differs from the assessors.
    FinalScore { score: Option<u8>, reason: String },
    /// A step of the workflow, by its code (`draft`, `submitted`, …).
    State { state: String },
    /// The reconciled result: total in hundredths of a percent and the recommended grade.
    Result { total_hundredths: i64, grade: String },
    /// `approve`, `reject` or `send_back`, with the grade decided.
    Decision { kind: String, grade: Option<String> },
    /// The visit team, by name, and the visit date.
    Team { people: Vec<String>, visit_on: Option<String> },
    /// The operating permit after a profile update.
    Permit { number: Option<String>, expires_on: Option<String> },
    /// A number or text that speaks for itself: a certificate number, appeal reasons.
    Text { text: String },
    /// An account as created: its role code and where the person works (institution or region name).
    Account { role: String, place: Option<String> },
    /// An account's status (`invited`, `active`, `deactivated`) or a password step
    /// (`invitation_issued`, `reset_issued`, `password_set`, `password_changed`).
    AccountStatus { status: String },
    /// The instrument version a cycle uses, or a version published.
    InstrumentVersion { version: String },
}

impl Change {
    /// Stored form.
    pub fn write(&self) -> String {
        // Serializing a plain enum of strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored value of the event `action`, including the forms used before this type.
    pub fn read(action: &str, stored: &str) -> Change {
        if stored.starts_with("{\"t\":")
            && let Ok(c) = serde_json::from_str::<Change>(stored)
        {
            return c;
        }
        legacy(action, stored).unwrap_or_else(|| Change::Text { text: stored.to_string() })
    }
}

/// The forms written before [`Change`]: `score=Some(3) rev=1`, `[3,"",false]`, `approve B`, …
fn legacy(action: &str, s: &str) -> Option<Change> {
    let level = |v: &serde_json::Value| v.as_u64().and_then(|n| u8::try_from(n).ok());
    match action {
        "save_answer" => {
            let score = s.strip_prefix("score=")?.split(' ').next()?;
            let score = match score {
                "None" => None,
                s => Some(s.strip_prefix("Some(")?.strip_suffix(')')?.parse().ok()?),
            };
            Some(Change::SelfScore { score })
        }
        "visit_score" => {
            let v: serde_json::Value = serde_json::from_str(s).ok()?;
            Some(Change::VisitScore {
                score: level(&v[0]),
                note: v[1].as_str()?.to_string(),
                check_on_site: v[2].as_bool()?,
            })
        }
        "override_score" => {
            let v: serde_json::Value = serde_json::from_str(s).ok()?;
            match &v[1] {
                serde_json::Value::String(reason) => {
                    Some(Change::FinalScore { score: level(&v[0]), reason: reason.clone() })
                }
                _ => Some(Change::AssessorScores { first: level(&v[0]), second: level(&v[1]) }),
            }
        }
        "reconcile" => {
            let v: serde_json::Value = serde_json::from_str(s).ok()?;
            Some(Change::Result { total_hundredths: v[0].as_i64()?, grade: v[1].as_str()?.to_string() })
        }
        "decision" => {
            let (kind, grade) = s.split_once(' ')?;
            let grade = (grade != "-").then(|| grade.to_string());
            Some(Change::Decision { kind: kind.to_string(), grade })
        }
        "transition" | "create_cycle" => Some(Change::State { state: s.to_string() }),
        _ => None,
    }
}

/// The time zone of a province, by its BPS code: WIB (UTC+7) for Sumatra, Java and West and
/// Central Kalimantan; WITA (UTC+8) for Bali, Nusa Tenggara, South, East and North Kalimantan
/// and Sulawesi; WIT (UTC+9) for Maluku and Papua. Unknown codes: WIB, where most people live.
pub fn zone_of_province(code: &str) -> Zone {
    let code = code.get(..2).unwrap_or("");
    if WITA_PROVINCES.contains(&code) {
        Zone::Wita
    } else if WIT_PROVINCES.contains(&code) {
        Zone::Wit
    } else {
        Zone::Wib
    }
}

/// The provinces (BPS codes) in WITA; queries that filter by local dates use the same lists.
pub const WITA_PROVINCES: [&str; 12] = ["51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"];
/// The provinces (BPS codes) in WIT.
pub const WIT_PROVINCES: [&str; 8] = ["81", "82", "91", "92", "93", "94", "95", "96"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Zone {
    Wib,
    Wita,
    Wit,
}

impl Zone {
    pub fn name(self) -> &'static str {
        match self {
            Zone::Wib => "WIB",
            Zone::Wita => "WITA",
            Zone::Wit => "WIT",
        }
    }

    pub fn offset_seconds(self) -> i64 {
        match self {
            Zone::Wib => 7 * 3600,
            Zone::Wita => 8 * 3600,
            Zone::Wit => 9 * 3600,
        }
    }

    /// ISO date, hour and minute of a unix time in this zone.
    pub fn local(self, unix_seconds: i64) -> (String, u8, u8) {
        let t = unix_seconds + self.offset_seconds();
        let date = crate::dates::add_days("1970-01-01", t.div_euclid(86_400)).unwrap_or_default();
        let s = t.rem_euclid(86_400);
        // Both below 60 and 24.
        (date, (s / 3600) as u8, (s % 3600 / 60) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_reads_back_as_written() {
        let all = [
            Change::SelfScore { score: Some(3) },
            Change::SelfScore { score: None },
            Change::VisitScore { score: Some(2), note: "pintu \"darurat\" terkunci".into(), check_on_site: true },
            Change::AssessorScores { first: Some(4), second: None },
            Change::FinalScore { score: Some(3), reason: "dokumen ada".into() },
            Change::State { state: "submitted".into() },
            Change::Result { total_hundredths: 7370, grade: "B".into() },
            Change::Decision { kind: "approve".into(), grade: Some("B".into()) },
            Change::Team { people: vec!["Ahmad".into()], visit_on: Some("2026-12-08".into()) },
            Change::Permit { number: None, expires_on: Some("2029-01-01".into()) },
            Change::Text { text: "{\"t\":1}".into() },
            Change::Account { role: "assessor".into(), place: Some("Kabupaten Magetan".into()) },
            Change::AccountStatus { status: "deactivated".into() },
        ];
        for c in all {
            assert_eq!(Change::read("any", &c.write()), c);
        }
    }

    #[test]
    fn the_old_forms_read_as_values() {
        assert_eq!(Change::read("save_answer", "score=Some(3) rev=1"), Change::SelfScore { score: Some(3) });
        assert_eq!(Change::read("save_answer", "score=None rev=4"), Change::SelfScore { score: None });
        assert_eq!(
            Change::read("visit_score", "[3,\"\",false]"),
            Change::VisitScore { score: Some(3), note: String::new(), check_on_site: false }
        );
        assert_eq!(Change::read("override_score", "[2,null]"), Change::AssessorScores { first: Some(2), second: None });
        assert_eq!(
            Change::read("override_score", "[4,\"foto\"]"),
            Change::FinalScore { score: Some(4), reason: "foto".into() }
        );
        assert_eq!(
            Change::read("reconcile", "[7370,\"B\"]"),
            Change::Result { total_hundredths: 7370, grade: "B".into() }
        );
        assert_eq!(
            Change::read("decision", "approve B"),
            Change::Decision { kind: "approve".into(), grade: Some("B".into()) }
        );
        assert_eq!(Change::read("decision", "send_back -"), Change::Decision { kind: "send_back".into(), grade: None });
        assert_eq!(Change::read("transition", "draft"), Change::State { state: "draft".into() });
        assert_eq!(Change::read("issue_certificate", "001/A"), Change::Text { text: "001/A".into() });
        assert_eq!(Change::read("save_answer", "garbage"), Change::Text { text: "garbage".into() });
    }

    #[test]
    fn local_time_follows_the_province() {
        // 2026-11-23 23:30 UTC.
        let t = 1_795_476_600;
        assert_eq!(zone_of_province("35").local(t), ("2026-11-24".into(), 6, 30));
        assert_eq!(zone_of_province("63.71").local(t), ("2026-11-24".into(), 7, 30));
        assert_eq!(zone_of_province("94").local(t).1, 8);
        assert_eq!(zone_of_province("31").local(t - 7 * 3600).0, "2026-11-23");
        assert_eq!(zone_of_province("61").name(), "WIB");
        assert_eq!(zone_of_province("").name(), "WIB");
    }
}
