//! Dinsos intake: the queue of applications, accepting a complete submission, conflicts of
//! interest, and assigning the assessors and the visit date. Each write checks the cycle's
//! state inside its own transaction and records an audit event in that same transaction.
//!
//! On PostgreSQL these transactions need `select ... for update` on the cycle row; SQLite's
//! single writer gives the same guarantee here.

use crate::cycles::transition;
use crate::paging::{Page, PageRequest};
use crate::{Result, Store, StoreError, audit, new_id, now};
use domain::{CycleState, RegionScope, Transition};
use sqlx::{AssertSqlSafe, FromRow, Row};

/// One application in a Dinsos officer's queue.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct QueueRow {
    pub cycle_id: String,
    pub institution_id: String,
    pub institution_name: String,
    pub regency_name: String,
    pub state: String,
    pub visit_on: Option<String>,
    /// When the latest submission arrived (unix seconds); None if never submitted.
    pub submitted_at: Option<i64>,
    pub rounds: i64,
    pub updated_at: i64,
}

/// Applications from submission to reconciliation in a region, oldest waiting first, a page at
/// a time.
pub async fn queue(store: &Store, scope: Option<&RegionScope>, page: PageRequest) -> Result<Page<QueueRow>> {
    let (condition, value) = crate::region_filter(scope);
    let sql = format!(
        "select c.id as cycle_id, i.id as institution_id, i.name as institution_name, r.name as regency_name,
                c.state, c.visit_on, c.updated_at,
                (select max(s.created_at) from submissions s where s.cycle_id = c.id) as submitted_at,
                (select count(*) from submissions s where s.cycle_id = c.id) as rounds
           from cycles c
           join institutions i on i.id = c.institution_id
           join regencies r on r.id = i.regency_id
          where {condition} and c.state in ('submitted', 'returned', 'accepted', 'assessors_assigned', 'visited', 'reconciled', 'appealed')
          order by case c.state when 'submitted' then 0 when 'appealed' then 1 when 'reconciled' then 2 when 'accepted' then 3 else 4 end,
                   c.updated_at, c.id
          limit {} offset {}",
        page.limit(),
        page.offset()
    );
    let query = sqlx::query_as(AssertSqlSafe(sql));
    let rows = match value {
        Some(v) => query.bind(v),
        None => query,
    }
    .fetch_all(&store.pool)
    .await?;
    Ok(Page::of(rows, page))
}

/// The latest submission time and round of a cycle, and the indicators changed in it.
pub async fn latest_submission(store: &Store, cycle_id: &str) -> Result<Option<(i64, i64, Vec<String>)>> {
    let row = sqlx::query(
        "select created_at, round, changed_indicators from submissions where cycle_id = $1 order by round desc limit 1",
    )
    .bind(cycle_id)
    .fetch_optional(&store.pool)
    .await?;
    row.map(|r| {
        let changed: Vec<String> =
            serde_json::from_str(r.get("changed_indicators")).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok((r.get("created_at"), r.get("round"), changed))
    })
    .transpose()
}

/// Accepts a complete submission. `false` when the cycle is not waiting for the check.
pub async fn accept(store: &Store, user_id: &str, cycle_id: &str) -> Result<bool> {
    let mut tx = store.write_tx().await?;
    if transition(&mut tx, cycle_id, Transition::Accept, Some(user_id)).await?.is_err() {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct PersonRow {
    pub id: String,
    pub full_name: String,
    pub role: String,
}

/// Active assessors and supervisors, for the assignment form.
pub async fn visit_staff(store: &Store) -> Result<Vec<PersonRow>> {
    Ok(sqlx::query_as(
        "select id, full_name, role from users where active and role in ('assessor', 'supervisor') order by full_name",
    )
    .fetch_all(&store.pool)
    .await?)
}

/// People who declared a conflict of interest with an institution.
pub async fn conflicted(store: &Store, institution_id: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("select user_id from conflicts_of_interest where institution_id = $1")
        .bind(institution_id)
        .fetch_all(&store.pool)
        .await?)
}

/// Records an assessor's declared conflict of interest; declaring twice keeps the first.
pub async fn declare_conflict(store: &Store, user_id: &str, institution_id: &str, reason: &str) -> Result<()> {
    let mut tx = store.write_tx().await?;
    let id = new_id();
    let inserted = sqlx::query(
        "insert into conflicts_of_interest (id, user_id, institution_id, reason, created_at) values ($1, $2, $3, $4, $5)
         on conflict (user_id, institution_id) do nothing",
    )
    .bind(&id)
    .bind(user_id)
    .bind(institution_id)
    .bind(reason.trim())
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        audit::record(
            &mut tx,
            Some(user_id),
            "declare_conflict",
            "institution",
            institution_id,
            None,
            Some(&domain::audit::Change::Text { text: reason.trim().into() }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Institutions a person declared a conflict with: (institution id, name, reason).
pub async fn conflicts_of(store: &Store, user_id: &str) -> Result<Vec<(String, String, String)>> {
    let rows = sqlx::query(
        "select i.id, i.name, c.reason from conflicts_of_interest c join institutions i on i.id = c.institution_id
          where c.user_id = $1 order by i.name",
    )
    .bind(user_id)
    .fetch_all(&store.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.get("id"), r.get("name"), r.get("reason"))).collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment<'a> {
    pub lead: &'a str,
    pub second: &'a str,
    pub supervisor: Option<&'a str>,
    /// ISO date of the site visit.
    pub visit_on: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignOutcome {
    Assigned,
    NotAllowed(CycleState),
    /// The same person twice, or someone without the needed role.
    InvalidPeople,
    /// This person declared a conflict of interest with the institution.
    Conflict(String),
}

/// Assigns two assessors (the lead first) and optionally a supervisor, with the visit date.
pub async fn assign(store: &Store, user_id: &str, cycle_id: &str, a: &Assignment<'_>) -> Result<AssignOutcome> {
    let mut tx = store.write_tx().await?;
    if let Err(refused) = transition(&mut tx, cycle_id, Transition::AssignAssessors, Some(user_id)).await? {
        return Ok(AssignOutcome::NotAllowed(refused.from));
    }
    let people: Vec<(&str, &str)> =
        [Some((a.lead, "assessor")), Some((a.second, "assessor")), a.supervisor.map(|s| (s, "supervisor"))]
            .into_iter()
            .flatten()
            .collect();
    let mut seen = std::collections::BTreeSet::new();
    for (person, role) in &people {
        let actual: Option<String> = sqlx::query_scalar("select role from users where id = $1 and active")
            .bind(person)
            .fetch_optional(&mut *tx)
            .await?;
        // Supervisors may also act as assessors; assessors do not supervise.
        let fits = matches!(
            (actual.as_deref(), *role),
            (Some("assessor" | "supervisor"), "assessor") | (Some("supervisor"), "supervisor")
        );
        if !fits || !seen.insert(*person) {
            return Ok(AssignOutcome::InvalidPeople);
        }
    }
    for (person, _) in &people {
        let declared: Option<String> =
            sqlx::query_scalar("select id from conflicts_of_interest where user_id = $1 and institution_id = (select institution_id from cycles where id = $2)")
                .bind(person)
                .bind(cycle_id)
                .fetch_optional(&mut *tx)
                .await?;
        if declared.is_some() {
            return Ok(AssignOutcome::Conflict((*person).to_string()));
        }
    }
    let t = now();
    // created_at orders the assessors: the lead first.
    for (n, (person, duty)) in people.iter().enumerate() {
        sqlx::query("insert into cycle_assignments (cycle_id, user_id, duty, created_at) values ($1, $2, $3, $4)")
            .bind(cycle_id)
            .bind(person)
            .bind(duty)
            .bind(t + n as i64)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("update cycles set visit_on = $2 where id = $1")
        .bind(cycle_id)
        .bind(a.visit_on)
        .execute(&mut *tx)
        .await?;
    let mut people = Vec::new();
    for id in [Some(a.lead), Some(a.second), a.supervisor].into_iter().flatten() {
        let name: Option<String> =
            sqlx::query_scalar("select full_name from users where id = $1").bind(id).fetch_optional(&mut *tx).await?;
        people.extend(name);
    }
    let after = domain::audit::Change::Team { people, visit_on: Some(a.visit_on.into()) };
    audit::record(&mut tx, Some(user_id), "assign", "cycle", cycle_id, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(AssignOutcome::Assigned)
}

#[cfg(test)]
mod tests;
