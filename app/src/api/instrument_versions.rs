//! Instrument versions for administrators: the list, the review of one version against the
//! version published before it, publishing, and moving open self-assessments to it. The upload
//! itself is the plain route `server/src/instrument_versions.rs` (a file from a form).

use crate::error::AppError;
use crate::model::instrument_versions::{VersionReview, VersionsView};
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
fn summary(
    row: store::instrument_versions::VersionRow,
    current: Option<&str>,
) -> crate::model::instrument_versions::VersionSummary {
    crate::model::instrument_versions::VersionSummary {
        current: current == Some(row.id.as_str()),
        id: row.id,
        version: row.version,
        title: row.title,
        indicator_count: row.indicator_count,
        uploaded_at: row.created_at,
        uploaded_by: row.uploaded_by,
        published_at: row.published_at,
        published_by: row.published_by,
        cycles: row.cycles,
    }
}

#[cfg(feature = "ssr")]
async fn manager() -> Result<store::accounts::SessionUser, AppError> {
    use super::ssr::*;
    let user = require_user().await?;
    authorize(Some(&user), domain::Action::ManageInstrument, domain::Resource::Instrument)?;
    Ok(user)
}

#[cfg(feature = "ssr")]
async fn current_id(db: &store::Store) -> Result<Option<String>, AppError> {
    Ok(store::instruments::current(db, super::ssr::INSTRUMENT_CODE).await?.map(|(id, _)| id))
}

/// Every version of the instrument, newest first.
#[server(endpoint = "instrument_versions")]
pub async fn instrument_versions() -> Result<VersionsView, AppError> {
    use super::ssr::*;
    manager().await?;
    let db = store()?;
    let current = current_id(&db).await?;
    let rows = store::instrument_versions::list(&db, INSTRUMENT_CODE).await?;
    Ok(VersionsView { versions: rows.into_iter().map(|r| summary(r, current.as_deref())).collect() })
}

/// One version and what changes against the version published before it.
#[server(endpoint = "instrument_version")]
pub async fn instrument_version(id: String) -> Result<VersionReview, AppError> {
    use super::ssr::*;
    use crate::model::instrument_versions::{ChangeKind, ChangeLine};
    use domain::instrument_diff::IndicatorChange;
    manager().await?;
    let db = store()?;
    let row = store::instrument_versions::find(&db, &id).await?.ok_or_else(AppError::not_found)?;
    let (base, diff) = store::instrument_versions::review(&db, &id).await?.ok_or_else(AppError::not_found)?;
    let new = store::instruments::by_id(&db, &id).await?.ok_or_else(AppError::not_found)?;
    let old = match store::instrument_versions::base_of(&db, &id).await? {
        Some(base_id) => store::instruments::by_id(&db, &base_id).await?,
        None => None,
    };
    let text_in = |i: Option<&domain::Instrument>, code: &str| {
        i.and_then(|i| i.find_indicator(code)).map(|(_, ind)| ind.text.clone())
    };
    let changes = diff
        .indicators
        .iter()
        .map(|c| {
            let code = c.code().to_string();
            let (kind, aspects) = match c {
                IndicatorChange::Added { .. } => (ChangeKind::Added, vec![]),
                IndicatorChange::Removed { .. } => (ChangeKind::Removed, vec![]),
                IndicatorChange::Changed { aspects, .. } => (ChangeKind::Changed, aspects.clone()),
            };
            let now = text_in(Some(&new), &code);
            let before = text_in(old.as_deref(), &code);
            let was = (kind == ChangeKind::Changed && before != now).then(|| before.clone()).flatten();
            ChangeLine { text: now.or(before).unwrap_or_default(), was, code, kind, aspects }
        })
        .collect();
    let current = current_id(&db).await?;
    let drafts = if current.as_deref() == Some(id.as_str()) {
        store::instrument_versions::drafts_to_migrate(&db, &id).await?
    } else {
        0
    };
    Ok(VersionReview {
        version: summary(row, current.as_deref()),
        base,
        changes,
        component_weights: diff.component_weights,
        grading_changed: diff.grading_changed,
        drafts,
    })
}

/// Makes the version the one new cycles use. Publishing it again changes nothing.
#[server(endpoint = "publish_instrument")]
pub async fn publish_instrument(id: String) -> Result<(), AppError> {
    use super::ssr::*;
    let user = manager().await?;
    let db = store()?;
    store::instrument_versions::find(&db, &id).await?.ok_or_else(AppError::not_found)?;
    store::instrument_versions::publish(&db, &id, &user.actor.user_id).await?;
    Ok(())
}

/// Moves every open self-assessment to the current version. `rules` maps an indicator code to
/// `keep`, `reset` or `map:CODE` (an indicator added in this version); the rest keep the defaults.
#[server(endpoint = "migrate_instrument_drafts")]
pub async fn migrate_instrument_drafts(
    id: String,
    #[server(default)] rules: BTreeMap<String, String>,
) -> Result<usize, AppError> {
    use super::ssr::*;
    use domain::instrument_diff::Rule;
    use store::instrument_versions::MigrateRefused;
    let user = manager().await?;
    let chosen = rules
        .into_iter()
        .map(|(code, rule)| {
            let rule = match rule.as_str() {
                "keep" => Rule::Keep,
                "reset" => Rule::Reset,
                other => Rule::Map(
                    other.strip_prefix("map:").ok_or_else(|| AppError::invalid("instrument-rule-unknown"))?.to_string(),
                ),
            };
            Ok((code, rule))
        })
        .collect::<Result<BTreeMap<_, _>, AppError>>()?;
    match store::instrument_versions::migrate_drafts(&store()?, &id, &chosen, &user.actor.user_id).await? {
        Ok(moved) => Ok(moved),
        Err(MigrateRefused::NotCurrent) => Err(AppError::conflict("instrument-migrate-not-current")),
        Err(MigrateRefused::Plan(_)) => Err(AppError::invalid("instrument-rule-invalid")),
    }
}
