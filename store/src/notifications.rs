//! In-app notifications: to an institution's managers and to the Dinsos officers of its regency.
//! Written in the same transaction as the event they announce; each event is announced once
//! (a unique key), so several servers running the daily checks do not repeat them.

use crate::{Db, Result, Store, new_id, now};
use domain::RegionScope;
use sqlx::{FromRow, Transaction};

/// Announces `kind` about a cycle to its institution and to the Dinsos of its regency.
pub(crate) async fn announce(
    tx: &mut Transaction<'_, Db>,
    cycle_id: &str,
    kind: &str,
    detail: &str,
    key: &str,
) -> Result<()> {
    let (institution, regency): (String, String) = sqlx::query_as(
        "select i.id, i.regency_id from cycles c join institutions i on i.id = c.institution_id where c.id = $1",
    )
    .bind(cycle_id)
    .fetch_one(&mut **tx)
    .await?;
    for (recipient_kind, recipient) in [("institution", institution), ("regency", regency)] {
        sqlx::query(
            "insert into notifications (id, recipient_kind, recipient, kind, cycle_id, detail, dedupe_key, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (dedupe_key) do nothing",
        )
        .bind(new_id())
        .bind(recipient_kind)
        .bind(&recipient)
        .bind(kind)
        .bind(cycle_id)
        .bind(detail)
        .bind(format!("{recipient_kind}/{key}"))
        .bind(now())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Announces, once, every decided accreditation whose validity ends within `days` of `today`.
pub async fn announce_expiring(store: &Store, today: &str, days: i64) -> Result<usize> {
    let until = domain::dates::add_days(today, days).unwrap_or_else(|| today.to_string());
    let due: Vec<(String, String)> = sqlx::query_as(
        "select id, valid_until from cycles where state = 'decided' and valid_until is not null
            and valid_until >= $1 and valid_until <= $2",
    )
    .bind(today)
    .bind(&until)
    .fetch_all(&store.pool)
    .await?;
    let mut tx = store.write_tx().await?;
    for (cycle, valid_until) in &due {
        announce(&mut tx, cycle, "expiring", valid_until, &format!("expiring/{cycle}/{valid_until}")).await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct NotificationRow {
    pub kind: String,
    pub cycle_id: String,
    pub detail: String,
    pub created_at: i64,
    pub institution_name: String,
}

const SELECT: &str = "select n.kind, n.cycle_id, n.detail, n.created_at, i.name as institution_name
   from notifications n join cycles c on c.id = n.cycle_id join institutions i on i.id = c.institution_id";

/// The latest notifications for an institution's managers.
pub async fn for_institution(store: &Store, institution_id: &str, limit: i64) -> Result<Vec<NotificationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} where n.recipient_kind = 'institution' and n.recipient = $1 order by n.created_at desc limit $2"
    )))
    .bind(institution_id)
    .bind(limit)
    .fetch_all(&store.pool)
    .await?)
}

/// The latest notifications for Dinsos officers working in `scope`.
pub async fn for_region(store: &Store, scope: &RegionScope, limit: i64) -> Result<Vec<NotificationRow>> {
    let (condition, value) = match scope {
        RegionScope::Regency { regency, .. } => ("n.recipient = $1", regency.clone()),
        RegionScope::Province { province } => ("n.recipient like $1 || '.%'", province.clone()),
    };
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} where n.recipient_kind = 'regency' and {condition} order by n.created_at desc limit $2"
    )))
    .bind(value)
    .bind(limit)
    .fetch_all(&store.pool)
    .await?)
}
