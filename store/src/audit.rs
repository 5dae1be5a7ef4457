//! Audit trail: who did what, when, with the state before and after. Written inside the
//! same transaction as the change it describes.

use crate::{Db, Result, new_id, now};
use sqlx::Transaction;

pub async fn record(
    tx: &mut Transaction<'_, Db>,
    actor_user_id: Option<&str>,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "insert into audit_events (id, actor_user_id, action, entity, entity_id, before_state, after_state, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(actor_user_id)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(before)
    .bind(after)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
