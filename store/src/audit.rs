//! Audit trail: who did what, when, with the state before and after. Written inside the
//! same transaction as the change it describes.

use crate::DbConn;
use crate::{Db, Result, new_id, now};
use domain::audit::Change;
use sqlx::{AssertSqlSafe, Transaction};

pub async fn record(
    tx: &mut Transaction<'_, Db>,
    actor_user_id: Option<&str>,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: Option<&Change>,
    after: Option<&Change>,
) -> Result<()> {
    record_on(tx, actor_user_id, action, entity, entity_id, before, after).await
}

/// [`record`] on a connection that is inside a write transaction already.
pub async fn record_on(
    conn: &mut DbConn,
    actor_user_id: Option<&str>,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: Option<&Change>,
    after: Option<&Change>,
) -> Result<()> {
    // SQLite has one writer: max + 1 is the next number. PostgreSQL's column takes the next value
    // of a sequence by default, as score saves of different cycles commit side by side there.
    let seq = match conn.backend_name() {
        "SQLite" => "(select coalesce(max(seq), 0) + 1 from audit_events)",
        _ => "default",
    };
    sqlx::query(AssertSqlSafe(format!(
        "insert into audit_events (id, actor_user_id, action, entity, entity_id, before_state, after_state, created_at, seq)
         values ($1, $2, $3, $4, $5, $6, $7, $8, {seq})"
    )))
    .bind(new_id())
    .bind(actor_user_id)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(before.map(Change::write))
    .bind(after.map(Change::write))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
struct StoredEvent {
    action: String,
    entity: String,
    entity_id: String,
    before_state: Option<String>,
    after_state: Option<String>,
    created_at: i64,
    actor: Option<String>,
}

/// One event, with what it changed read back as values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<Change>,
    pub after: Option<Change>,
    /// Unix seconds.
    pub created_at: i64,
    pub actor: Option<String>,
}

impl From<StoredEvent> for EventRow {
    fn from(e: StoredEvent) -> Self {
        let read = |s: Option<String>| s.map(|s| Change::read(&e.action, &s));
        EventRow {
            before: read(e.before_state),
            after: read(e.after_state),
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            created_at: e.created_at,
            actor: e.actor,
        }
    }
}

/// The audit trail of a cycle, a page at a time, and how many events it has: events on the
/// cycle and on its parts (scores, photos, `cycle/part` ids), oldest first, with who acted.
/// Evidence views are counted separately, not listed.
pub async fn for_cycle(
    store: &crate::Store,
    cycle_id: &str,
    page: crate::paging::PageRequest,
) -> Result<(crate::paging::Page<EventRow>, i64)> {
    // Parts as an index range ('0' sorts right after '/'), not `like`, which no index serves.
    const OF_CYCLE: &str = "(e.entity_id = $1 or (e.entity_id > $1 || '/' and e.entity_id < $1 || '0'))";
    let rows: Vec<StoredEvent> = sqlx::query_as(AssertSqlSafe(format!(
        "select e.action, e.entity, e.entity_id, e.before_state, e.after_state, e.created_at, u.full_name as actor
           from audit_events e left join users u on u.id = e.actor_user_id
          where {OF_CYCLE}
          order by e.created_at, e.seq
          limit $2 offset $3"
    )))
    .bind(cycle_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&store.pool)
    .await?;
    let total = sqlx::query_scalar(AssertSqlSafe(format!("select count(*) from audit_events e where {OF_CYCLE}")))
        .bind(cycle_id)
        .fetch_one(&store.pool)
        .await?;
    let rows = rows.into_iter().map(EventRow::from).collect();
    Ok((crate::paging::Page::of(rows, page), total))
}

/// The newest `limit` events about one thing (an account: `user`, its id), newest first, with
/// who acted; events of the action `leave_out` are not counted.
pub async fn latest_for(
    store: &crate::Store,
    entity: &str,
    entity_id: &str,
    leave_out: &str,
    limit: i64,
) -> Result<Vec<EventRow>> {
    let rows: Vec<StoredEvent> = sqlx::query_as(
        "select e.action, e.entity, e.entity_id, e.before_state, e.after_state, e.created_at, u.full_name as actor
           from audit_events e left join users u on u.id = e.actor_user_id
          where e.entity_id = $2 and e.entity = $1 and e.action <> $3
          order by e.created_at desc, e.seq desc
          limit $4",
    )
    .bind(entity)
    .bind(entity_id)
    .bind(leave_out)
    .bind(limit)
    .fetch_all(&store.pool)
    .await?;
    Ok(rows.into_iter().map(EventRow::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paging::PageRequest;

    /// Events of the same second come back in the order they were written, whatever their
    /// (random) ids; oldest first on the cycle's trail, newest first in an account's history.
    #[tokio::test]
    async fn events_of_one_second_keep_their_order() {
        let (s, _dir) = crate::testing::store().await;
        let steps = ["draft", "submitted", "returned", "submitted", "complete", "scheduled", "visited"];
        for step in steps {
            let mut tx = s.write_tx().await.unwrap();
            let state = Change::State { state: step.into() };
            record(&mut tx, None, "transition", "cycle", "c1", None, Some(&state)).await.unwrap();
            record(&mut tx, None, "transition", "user", "u1", None, Some(&state)).await.unwrap();
            tx.commit().await.unwrap();
        }
        sqlx::query("update audit_events set created_at = 1800000000").execute(&s.pool).await.unwrap();
        let (page, total) = for_cycle(&s, "c1", PageRequest::first()).await.unwrap();
        assert_eq!(total, 7);
        let read: Vec<Change> = page.rows.into_iter().filter_map(|e| e.after).collect();
        let written: Vec<Change> = steps.iter().map(|s| Change::State { state: s.to_string() }).collect();
        assert_eq!(read, written);
        let latest: Vec<Change> =
            latest_for(&s, "user", "u1", "sign_in", 3).await.unwrap().into_iter().filter_map(|e| e.after).collect();
        assert_eq!(latest, written.iter().rev().take(3).cloned().collect::<Vec<_>>());
    }
}
