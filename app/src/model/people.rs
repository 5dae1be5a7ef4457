//! What the people pages receive: accounts, the choices of the "new account" form, links.

use domain::Role;
use serde::{Deserialize, Serialize};

/// One account in the list, with what the reader may do to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountItem {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    /// Institution, regency or province name.
    pub place: Option<String>,
    pub can_approve: bool,
    pub email: Option<String>,
    /// `invited`, `active` or `deactivated`.
    pub status: String,
    /// The policy lets the reader issue links and deactivate or reactivate it.
    pub manageable: bool,
}

/// The accounts page: a page of accounts and the choices the reader has when creating one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsView {
    pub accounts: Vec<AccountItem>,
    pub page: crate::model::PageInfo,
    /// The roles the reader may create.
    pub roles: Vec<Role>,
    /// (id, name, regency) of the institutions in the reader's region, narrowed by name.
    pub institutions: Vec<(String, String, String)>,
    /// (code, name) of the provinces and regencies the reader may give officers and assessors.
    pub regions: Vec<(String, String)>,
    /// The start of a link, `…/invite/`, for a link handed over in the page's address.
    pub link_base: String,
}

/// A link to hand to a person: shown once, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedLink {
    pub full_name: String,
    /// The whole address, `…/invite/{token}`.
    pub url: String,
    /// Whether the link was also e-mailed.
    pub mail: MailStatus,
}

/// What became of the e-mail of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    /// E-mailed to the account's address.
    Sent,
    /// The mail server refused it or did not answer in time: the link must be handed over.
    Failed,
    /// The account has no e-mail address.
    NoAddress,
    /// The server has no mail server configured.
    #[default]
    NotConfigured,
}

impl MailStatus {
    pub const ALL: [MailStatus; 4] =
        [MailStatus::Sent, MailStatus::Failed, MailStatus::NoAddress, MailStatus::NotConfigured];

    /// The code in a page's address (`?mail=sent`) and in its translation key (`people-mail-sent`).
    pub fn code(self) -> &'static str {
        match self {
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
            MailStatus::NoAddress => "no-address",
            MailStatus::NotConfigured => "not-configured",
        }
    }

    pub fn from_code(code: &str) -> MailStatus {
        MailStatus::ALL.into_iter().find(|m| m.code() == code).unwrap_or_default()
    }
}

/// What the invitation page knows about its link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteView {
    /// `ok`, `used`, `expired`, `replaced` or `unknown`.
    pub state: String,
    pub full_name: String,
    pub username: String,
    /// `invitation` or `reset`.
    pub purpose: String,
}

/// One change to an account, as its history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Unix seconds.
    pub at: i64,
    /// Who made the change; `None` for the system.
    pub actor: Option<String>,
    /// The audit action's code (`create_account`, `issue_reset`, …).
    pub action: String,
    pub before: Option<domain::audit::Change>,
    pub after: Option<domain::audit::Change>,
}

/// A person's page: the account, what the reader may do with it, and its latest changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub account: AccountItem,
    /// The time zone of the account's place (or the reader's), for the history's times.
    pub zone: domain::audit::Zone,
    /// Newest first, at most a screenful.
    pub history: Vec<HistoryEntry>,
}
