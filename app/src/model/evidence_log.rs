//! What the evidence access log page shows: who opened which stored file, when.

use super::PageInfo;
use domain::Role;
use domain::audit::Zone;
use serde::{Deserialize, Serialize};

/// One time someone opened a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileViewItem {
    /// Unix seconds.
    pub at: i64,
    /// The institution's time zone: the time is shown as its people read it.
    pub zone: Zone,
    pub viewer_name: String,
    pub viewer_username: String,
    pub viewer_role: Role,
    pub institution_id: String,
    pub institution_name: String,
    pub indicator_code: Option<String>,
    /// The caption the uploader typed (may be empty).
    pub caption: String,
    /// `photo` or `document`.
    pub kind: String,
    /// `evidence`, `site_photo` or `appeal_file`.
    pub source: String,
    /// `full` or `thumbnail`.
    pub variant: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceLogView {
    pub views: Vec<FileViewItem>,
    pub page: PageInfo,
    /// The one institution the log is narrowed to, (id, name), when one was chosen.
    pub institution: Option<(String, String)>,
    /// The reader sees one institution's log only (a manager): no institution filter.
    pub one_institution: bool,
    /// Why nothing is listed although there may be views (translation key): a typed name
    /// matched too many institutions or people.
    pub notice: Option<String>,
}
