//! What the onboarding pages (register an institution, import a spreadsheet) receive.

use serde::{Deserialize, Serialize};

/// A regency or city the registration form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegencyChoice {
    /// BPS code, e.g. `63.71`.
    pub id: String,
    pub name: String,
    pub province: String,
}

/// One problem of an imported file, with the row and column it is in when it has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemView {
    pub row: Option<u32>,
    pub column: Option<String>,
    /// Translation key of the message.
    pub key: String,
}

/// How many institutions a confirmed import created, updated and left as they were, and how
/// many managers it invited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeView {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub invited: u32,
}

/// A manager invited by an import, with the one-time link to hand over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitedManager {
    pub row: u32,
    pub institution: String,
    pub full_name: String,
    pub username: String,
    pub url: String,
    pub mail: crate::model::people::MailStatus,
}

/// A checked file: its rows, its problems (the first [`ImportView::SHOWN`]) and, once
/// confirmed, what the import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: String,
    pub file_name: String,
    pub rows: u32,
    pub problems: Vec<ProblemView>,
    pub problem_count: u32,
    pub outcome: Option<OutcomeView>,
    /// The invitation links of the managers, on the first showing after confirmation only.
    pub invited: Vec<InvitedManager>,
}

impl ImportView {
    /// Problems listed on the page; a file with more says how many there are in all.
    pub const SHOWN: usize = 200;
}
