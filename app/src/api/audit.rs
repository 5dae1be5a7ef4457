//! The audit trail of one cycle, for Dinsos of the region and administrators.

use crate::error::AppError;
use domain::audit::{Change, Zone};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Unix seconds.
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    /// The part of the cycle, e.g. an indicator code, when the event is about one.
    pub part: Option<String>,
    pub before: Option<Change>,
    pub after: Option<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub cycle_id: String,
    pub institution_name: String,
    /// The time zone of the institution's province: times are shown as its people read them.
    pub zone: Zone,
    /// The rubric's level names, 0 to 4, in the instrument's words.
    pub levels: Vec<String>,
    /// One page of the trail, oldest first.
    pub entries: Vec<AuditEntry>,
    pub page: crate::model::PageInfo,
    /// Events in the whole trail.
    pub total: i64,
}

#[server(endpoint = "cycle_audit")]
pub async fn cycle_audit(cycle_id: String, #[server(default)] page: u32) -> Result<AuditView, AppError> {
    use crate::api::ssr::*;
    use domain::Action;

    let user = require_user().await?;
    let (_, row, instrument) = cycle_with_instrument(&user, &cycle_id, Action::ViewAudit).await?;
    let db = store()?;
    let institution = store::institutions::get(&db, &row.institution_id)
        .await?
        .ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
    let prefix = format!("{cycle_id}/");
    let (found, total) = store::audit::for_cycle(&db, &cycle_id, store::paging::PageRequest::new(page)).await?;
    Ok(AuditView {
        zone: domain::audit::zone_of_province(&institution.province_id),
        levels: instrument.rubric.iter().map(|r| r.label.clone()).collect(),
        institution_name: institution.name,
        page: (&found).into(),
        total,
        entries: found
            .rows
            .into_iter()
            .map(|e| AuditEntry {
                at: e.created_at,
                actor: e.actor,
                part: e.entity_id.strip_prefix(&prefix).map(String::from),
                action: e.action,
                before: e.before,
                after: e.after,
            })
            .collect(),
        cycle_id,
    })
}
