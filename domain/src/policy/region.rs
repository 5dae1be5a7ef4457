//! Where a Dinsos officer works, and which institutions that covers.

use super::InstitutionRef;
use serde::{Deserialize, Serialize};

/// The region a Dinsos officer works for: a whole province or one regency/city in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegionScope {
    Province { province: String },
    Regency { province: String, regency: String },
}

impl RegionScope {
    /// The province code, whichever the scope is.
    pub fn province(&self) -> &str {
        let (RegionScope::Province { province } | RegionScope::Regency { province, .. }) = self;
        province
    }

    pub fn covers(&self, institution: &InstitutionRef) -> bool {
        match self {
            RegionScope::Province { province } => *province == institution.province,
            RegionScope::Regency { province, regency } => {
                *province == institution.province && *regency == institution.regency
            }
        }
    }
}
