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
