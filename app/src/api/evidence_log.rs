//! The evidence access log: who opened which stored file and when, newest first, for the
//! part of the country `domain::policy::evidence_log` gives the reader.

use crate::error::AppError;
use crate::model::evidence_log::EvidenceLogView;
use leptos::prelude::*;

/// Longest typed name searched for; longer text is cut, not refused.
#[cfg(feature = "ssr")]
const MAX_SEARCH_CHARS: usize = 100;

/// One page of the log. `institution_id` narrows it to one institution (the link from an
/// institution's page), `institution` and `person` to names holding that text, `from` and `to`
/// (`YYYY-MM-DD`, either may be empty) to days in each institution's local time.
#[server(endpoint = "evidence_log")]
pub async fn evidence_log(
    #[server(default)] page: u32,
    #[server(default)] institution_id: String,
    #[server(default)] institution: String,
    #[server(default)] person: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<EvidenceLogView, AppError> {
    use crate::api::ssr::*;
    use crate::model::evidence_log::FileViewItem;
    use domain::{Action, Resource, Visible};
    use store::evidence::views::{Filter, Scope, TooBroad};

    let user = require_user().await?;
    let allowed = domain::policy::evidence_log::scope(Some(&user.actor))?;
    let db = store()?;
    let scope = match &allowed.rows {
        Visible::Everything => Scope::Everywhere,
        Visible::Region(region) => Scope::Region(region),
        Visible::Institution(id) => Scope::Institution(id),
        Visible::Assigned(_) => return Err(domain::Denied::NotApplicable.into()),
    };
    let chosen = match institution_id.trim() {
        "" => None,
        id => {
            let row = store::institutions::get(&db, id).await?.ok_or_else(AppError::not_found)?;
            authorize(Some(&user), Action::ViewEvidenceLog, Resource::Institution(&row.reference()))?;
            Some((row.id, row.name))
        }
    };
    let day = |text: &str| match text.trim() {
        "" => Ok(None),
        text => domain::dates::epoch_day(text).map(Some).ok_or_else(|| AppError::invalid("evidence-log-error-date")),
    };
    let (from_day, to_day) = (day(&from)?, day(&to)?);
    if from_day.zip(to_day).is_some_and(|(from, to)| from > to) {
        return Err(AppError::invalid("evidence-log-error-range"));
    }
    let cut = |text: &str| text.trim().chars().take(MAX_SEARCH_CHARS).collect::<String>();
    let filter = Filter {
        institution_id: chosen.as_ref().map(|(id, _)| id.clone()),
        institution_name: cut(&institution),
        person: cut(&person),
        from_day,
        to_day,
    };
    let request = store::paging::PageRequest::new(page);
    let (found, notice) = match store::evidence::views::list(&db, scope, allowed.site_photos, &filter, request).await? {
        Ok(found) => (found, None),
        Err(TooBroad::Institution) => (empty(request), Some("evidence-log-too-broad-institution")),
        Err(TooBroad::Person) => (empty(request), Some("evidence-log-too-broad-person")),
    };
    Ok(EvidenceLogView {
        page: (&found).into(),
        views: found
            .rows
            .into_iter()
            .map(|v| FileViewItem {
                at: v.at,
                zone: domain::audit::zone_of_province(&v.province_id),
                viewer_name: v.viewer_name,
                viewer_username: v.viewer_username,
                viewer_role: v.viewer_role,
                institution_id: v.institution_id,
                institution_name: v.institution_name,
                indicator_code: v.indicator_code,
                caption: v.caption,
                kind: v.kind,
                source: v.source.code().into(),
                variant: v.variant,
            })
            .collect(),
        institution: chosen,
        one_institution: matches!(allowed.rows, Visible::Institution(_)),
        notice: notice.map(String::from),
    })
}

#[cfg(feature = "ssr")]
fn empty(request: store::paging::PageRequest) -> store::paging::Page<store::evidence::views::ViewRow> {
    store::paging::Page { rows: vec![], number: request.number(), more: false }
}
