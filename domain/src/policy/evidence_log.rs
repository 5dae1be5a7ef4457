//! The evidence access log: the record of every time someone opened a stored file (the
//! institution's self-assessment evidence, an assessor's site photo, an appeal file), which the
//! personal data law asks for because those files show children's lives.
//!
//! Administrators read the whole log, a Dinsos officer the views of their region's
//! institutions, an institution manager who opened its own institution's files. A manager may
//! not see the assessors' site photos (`Resource::SitePhoto`), so their views, which name the
//! photo's caption and indicator, are left out of the manager's log too. Assessors keep no log:
//! they see files only of the visits they take part in.
//!
//! Asked as [`scope`] for the rows, as `visible_scope(actor, Action::ViewEvidenceLog)` for its
//! region, and as `can(actor, Action::ViewEvidenceLog, Resource::Institution(..))` for one
//! institution's part.

use super::{Actor, Denied, Role, Visible};
use serde::{Deserialize, Serialize};

/// The part of the log a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// Whose files' views: everything, a region's institutions, or one institution's.
    pub rows: Visible,
    /// Whether views of the site photos assessors took are included.
    pub site_photos: bool,
}

/// The part of the evidence access log `actor` may read.
pub fn scope(actor: Option<&Actor>) -> Result<Scope, Denied> {
    let actor = actor.ok_or(Denied::NotSignedIn)?;
    match actor.role {
        Role::Administrator => Ok(Scope { rows: Visible::Everything, site_photos: true }),
        Role::DinsosOfficer => {
            let region = actor.scope.clone().ok_or(Denied::OutOfScope)?;
            Ok(Scope { rows: Visible::Region(region), site_photos: true })
        }
        Role::InstitutionManager => {
            let institution = actor.institution.clone().ok_or(Denied::OutOfScope)?;
            Ok(Scope { rows: Visible::Institution(institution), site_photos: false })
        }
        Role::Assessor | Role::Supervisor => Err(Denied::WrongRole),
    }
}
