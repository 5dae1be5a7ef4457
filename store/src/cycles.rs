//! Accreditation cycles: the record that moves through the workflow for one institution.

use crate::{Db, Result, Store, StoreError, audit, new_id, now};
use domain::{CycleRef, CycleState, IllegalTransition, RegionScope, Transition};
use sqlx::{AssertSqlSafe, FromRow, Row, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CycleRow {
    pub id: String,
    pub institution_id: String,
    pub instrument_version_id: String,
    pub instrument_version: String,
    pub state: String,
    pub grade: Option<String>,
    pub visit_on: Option<String>,
    pub valid_until: Option<String>,
    pub updated_at: i64,
}

impl CycleRow {
    pub fn state(&self) -> Option<CycleState> {
        CycleState::from_code(&self.state)
    }
}

/// A cycle an assessor or supervisor is assigned to, for their work list.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AssignmentRow {
    pub cycle_id: String,
    pub duty: String,
    pub state: String,
    pub visit_on: Option<String>,
    pub institution_name: String,
    pub regency_name: String,
    /// Indicators of the cycle's instrument version.
    pub indicator_count: i64,
    /// Indicators this person has given a score so far (notes and marks alone do not count).
    pub scored: i64,
    /// This person has submitted their visit scores.
    #[sqlx(try_from = "crate::Flag")]
    pub submitted: bool,
}

const SELECT: &str = "select c.id, c.institution_id, c.instrument_version_id, v.version as instrument_version,
        c.state, c.grade, c.visit_on, c.valid_until, c.updated_at
   from cycles c join instrument_versions v on v.id = c.instrument_version_id";

pub async fn create(
    store: &Store,
    institution_id: &str,
    instrument_version_id: &str,
    state: CycleState,
) -> Result<String> {
    let id = new_id();
    let t = now();
    let mut tx = store.write_tx().await?;
    sqlx::query(
        "insert into cycles (id, institution_id, instrument_version_id, state, created_at, updated_at, state_entered_at,
                             regency_id, province_id)
         select $1, $2, $3, $4, $5, $5, $5, i.regency_id, r.province_id
           from institutions i join regencies r on r.id = i.regency_id where i.id = $2",
    )
    .bind(&id)
    .bind(institution_id)
    .bind(instrument_version_id)
    .bind(state.code())
    .bind(t)
    .execute(&mut *tx)
    .await?;
    crate::audit::record(&mut tx, None, "create_cycle", "cycle", &id, None, Some(&state_change(state))).await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets fields that later workflow steps fill in (demo data and tests).
pub async fn set_outcome(
    store: &Store,
    id: &str,
    grade: Option<&str>,
    visit_on: Option<&str>,
    valid_until: Option<&str>,
) -> Result<()> {
    sqlx::query("update cycles set grade = $2, visit_on = $3, valid_until = $4, updated_at = $5 where id = $1")
        .bind(id)
        .bind(grade)
        .bind(visit_on)
        .bind(valid_until)
        .bind(now())
        .execute(&store.pool)
        .await?;
    Ok(())
}

pub async fn assign(store: &Store, cycle_id: &str, user_id: &str, duty: &str) -> Result<()> {
    sqlx::query("insert into cycle_assignments (cycle_id, user_id, duty, created_at) values ($1, $2, $3, $4)")
        .bind(cycle_id)
        .bind(user_id)
        .bind(duty)
        .bind(now())
        .execute(&store.pool)
        .await?;
    Ok(())
}

pub async fn get(store: &Store, id: &str) -> Result<Option<CycleRow>> {
    Ok(sqlx::query_as(AssertSqlSafe(format!("{SELECT} where c.id = $1"))).bind(id).fetch_optional(&store.pool).await?)
}

/// The institution's most recent cycle.
pub async fn latest_for_institution(store: &Store, institution_id: &str) -> Result<Option<CycleRow>> {
    Ok(sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} where c.institution_id = $1 order by c.created_at desc limit 1"
    )))
    .bind(institution_id)
    .fetch_optional(&store.pool)
    .await?)
}

/// Number of cycles per state within a region (`None` = everywhere).
pub async fn count_by_state(store: &Store, scope: Option<&RegionScope>) -> Result<Vec<(String, i64)>> {
    // An index-only count, nationally or within a region (cycles carry their region).
    let base = "select c.state, count(*) as n from cycles c";
    let (condition, value) = crate::cycle_region_filter(scope);
    let query = sqlx::query(AssertSqlSafe(format!("{base} where {condition} group by c.state")));
    let rows = match value {
        Some(v) => query.bind(v),
        None => query,
    }
    .fetch_all(&store.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.get("state"), r.get("n"))).collect())
}

/// The cycles a person is assigned to, soonest visit first, each with the person's own scoring
/// progress and whether they submitted it (one query: counted by subqueries on the primary keys).
pub async fn assignments(store: &Store, user_id: &str) -> Result<Vec<AssignmentRow>> {
    Ok(sqlx::query_as(
        "select c.id as cycle_id, a.duty, c.state, c.visit_on, i.name as institution_name, r.name as regency_name,
                v.indicator_count,
                (select count(*) from visit_scores s
                  where s.cycle_id = c.id and s.assessor_id = a.user_id and s.score is not null) as scored,
                (case when exists (select 1 from visit_submissions vs
                         where vs.cycle_id = c.id and vs.assessor_id = a.user_id) then 1 else 0 end) as submitted
           from cycle_assignments a
           join cycles c on c.id = a.cycle_id
           join instrument_versions v on v.id = c.instrument_version_id
           join institutions i on i.id = c.institution_id
           join regencies r on r.id = i.regency_id
          where a.user_id = $1
          order by c.visit_on is null, c.visit_on, i.name",
    )
    .bind(user_id)
    .fetch_all(&store.pool)
    .await?)
}

/// Who reconciles each cycle `user_id` is assigned to (cycle id → user id), read in one query
/// for a list of assignments; [`reference`] answers the same for one cycle.
pub async fn reconcilers_of(store: &Store, user_id: &str) -> Result<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "select team.cycle_id, team.user_id, team.duty
           from cycle_assignments mine
           join cycle_assignments team on team.cycle_id = mine.cycle_id
          where mine.user_id = $1
          order by team.cycle_id, team.created_at, team.user_id",
    )
    .bind(user_id)
    .fetch_all(&store.pool)
    .await?;
    let mut teams: std::collections::BTreeMap<String, Team> = Default::default();
    for (cycle, user, duty) in rows {
        teams.entry(cycle).or_default().add(user, &duty);
    }
    Ok(teams
        .into_iter()
        .filter_map(|(cycle, team)| {
            Some((cycle, domain::policy::reconciler(team.supervisor.as_deref(), &team.assessors)?.to_string()))
        })
        .collect())
}

/// The people of a cycle's visit, read from its assignments in the order they were assigned.
#[derive(Default)]
struct Team {
    supervisor: Option<String>,
    /// The lead assessor first.
    assessors: Vec<String>,
}

impl Team {
    fn add(&mut self, user: String, duty: &str) {
        if duty == "supervisor" {
            self.supervisor = Some(user);
        } else {
            self.assessors.push(user);
        }
    }
}

/// The policy's view of a cycle: its institution and the people assigned to it.
pub async fn reference(store: &Store, cycle_id: &str) -> Result<Option<CycleRef>> {
    Ok(reference_with_row(store, cycle_id).await?.map(|(reference, _)| reference))
}

/// [`reference`] and the cycle's row, in three queries (each is a round trip on PostgreSQL,
/// and every request about a cycle starts here).
pub async fn reference_with_row(store: &Store, cycle_id: &str) -> Result<Option<(CycleRef, CycleRow)>> {
    let Some(cycle) = get(store, cycle_id).await? else { return Ok(None) };
    let Some(institution) = crate::institutions::get(store, &cycle.institution_id).await? else { return Ok(None) };
    // The people assigned in the order assigned, then the officer of the latest decision.
    let people = sqlx::query(
        "select user_id, duty from (
             select 0 as part, user_id, duty, created_at from cycle_assignments where cycle_id = $1
             union all
             select 1 as part, decided_by as user_id, 'decided' as duty, created_at
               from (select decided_by, created_at from decisions where cycle_id = $1 and kind <> 'send_back'
                      order by created_at desc limit 1) latest
         ) people
         order by part, created_at, user_id",
    )
    .bind(cycle_id)
    .fetch_all(&store.pool)
    .await?;
    let visit_complete = matches!(
        CycleState::from_code(&cycle.state),
        Some(
            CycleState::Visited
                | CycleState::Reconciled
                | CycleState::Decided
                | CycleState::Appealed
                | CycleState::Expired
        )
    );
    let (mut team, mut decided_by) = (Team::default(), None);
    for p in people {
        let user: String = p.get("user_id");
        match p.get::<String, _>("duty").as_str() {
            "decided" => decided_by = Some(user),
            duty => team.add(user, duty),
        }
    }
    let r = CycleRef {
        institution: institution.reference(),
        assessors: team.assessors,
        supervisor: team.supervisor,
        decided_by,
        visit_complete,
    };
    Ok(Some((r, cycle)))
}

/// The assessors assigned to a cycle, the lead first (everyone but the supervisor, as in
/// [`reference`]), read inside a transaction.
pub(crate) async fn assessors_in(tx: &mut Transaction<'_, Db>, cycle_id: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "select user_id from cycle_assignments where cycle_id = $1 and duty <> 'supervisor' order by created_at, user_id",
    )
    .bind(cycle_id)
    .fetch_all(&mut **tx)
    .await?)
}

/// The cycle's state, read inside the transaction that will change it.
pub(crate) async fn state(tx: &mut Transaction<'_, Db>, cycle_id: &str) -> Result<CycleState> {
    let code: String = sqlx::query_scalar("select state from cycles where id = $1")
        .bind(cycle_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("no cycle {cycle_id}")))?;
    CycleState::from_code(&code).ok_or_else(|| StoreError::Corrupt(format!("unknown state {code}")))
}

/// Moves a cycle one step through the workflow inside `tx`: reads its state, lets the domain
/// apply `transition`, stores the new state and writes the audit row (`transition`, the state
/// before and after, by `actor`; `None` is the system). The inner `Err` is the workflow's
/// refusal, and nothing is written then.
pub(crate) async fn transition(
    tx: &mut Transaction<'_, Db>,
    cycle_id: &str,
    transition: Transition,
    actor: Option<&str>,
) -> Result<Result<CycleState, IllegalTransition>> {
    transition_by(tx, cycle_id, |_| transition, actor).await
}

/// [`transition`] with the step chosen by the cycle's current state.
pub(crate) async fn transition_by(
    tx: &mut Transaction<'_, Db>,
    cycle_id: &str,
    choose: impl FnOnce(CycleState) -> Transition,
    actor: Option<&str>,
) -> Result<Result<CycleState, IllegalTransition>> {
    let from = state(tx, cycle_id).await?;
    let to = match from.apply(choose(from)) {
        Ok(to) => to,
        Err(refused) => return Ok(Err(refused)),
    };
    sqlx::query("update cycles set state = $2, updated_at = $3, state_entered_at = $3 where id = $1")
        .bind(cycle_id)
        .bind(to.code())
        .bind(now())
        .execute(&mut **tx)
        .await?;
    crate::summary::record_state(tx, cycle_id, to.code()).await?;
    audit::record(tx, actor, "transition", "cycle", cycle_id, Some(&state_change(from)), Some(&state_change(to)))
        .await?;
    Ok(Ok(to))
}

fn state_change(state: CycleState) -> domain::audit::Change {
    domain::audit::Change::State { state: state.code().into() }
}
