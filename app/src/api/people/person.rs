use crate::error::AppError;
use crate::model::people::PersonView;
use leptos::prelude::*;

/// One account for the people who may manage it: its details and its latest changes (created,
/// links issued, password set or changed, deactivated, reactivated), in words on the page.
#[server(endpoint = "person")]
pub async fn person(user_id: String) -> Result<PersonView, AppError> {
    use crate::api::ssr::*;
    use crate::model::people::HistoryEntry;

    let user = require_user().await?;
    super::ssr::manageable(&user, &user_id).await?;
    let db = store()?;
    let row = store::people::account(&db, &user_id).await?.ok_or_else(AppError::not_found)?;
    let province = row
        .reference
        .institution
        .as_ref()
        .map(|i| i.province.clone())
        .or_else(|| row.reference.scope.as_ref().map(|s| s.province().to_string()))
        .or_else(|| user.actor.scope.as_ref().map(|s| s.province().to_string()))
        .unwrap_or_default();
    let history = store::people::history(&db, &user_id).await?;
    Ok(PersonView {
        zone: domain::audit::zone_of_province(&province),
        account: super::accounts::item(&user, row),
        history: history
            .into_iter()
            .map(|e| HistoryEntry {
                at: e.created_at,
                actor: e.actor,
                action: e.action,
                before: e.before,
                after: e.after,
            })
            .collect(),
    })
}
