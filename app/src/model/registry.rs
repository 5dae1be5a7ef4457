//! What the public registry and the certificate check send to pages.

use super::PageInfo;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryItem {
    pub name: String,
    pub province_name: String,
    pub regency_name: String,
    pub grade: String,
    pub valid_until: String,
    pub valid: bool,
    pub number: String,
    pub verification_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryView {
    pub items: Vec<RegistryItem>,
    pub page: PageInfo,
    /// How many institutions match the filters, on every page.
    pub total: i64,
    pub provinces: Vec<(String, String)>,
    /// The regencies of the chosen province (none until one is chosen): (id, name).
    pub regencies: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyView {
    pub number: String,
    pub institution_name: String,
    pub regency_name: String,
    pub province_name: String,
    pub grade: String,
    pub issued_on: String,
    pub valid_until: String,
    /// 'valid', 'expired' or 'revoked'
    pub status: String,
}
