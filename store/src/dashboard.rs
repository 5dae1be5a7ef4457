//! The figures of the Dinsos and administrator dashboard, within a region (`None` = everywhere).
//!
//! Only plain aggregates are read with SQL (portable: no date functions); date arithmetic and
//! the parsing of stored evaluations happen here in Rust.

use crate::{Result, Store};
use domain::{CycleState, Grade, RegionScope};
use sqlx::{AssertSqlSafe, Row};
use std::collections::BTreeMap;

/// Accreditations whose validity ends within this many days are listed as expiring.
pub const EXPIRY_HORIZON_DAYS: i64 = 183;

/// States in which a cycle waits on someone, so the time spent in them matters.
pub const AGEING_STATES: [CycleState; 5] = [
    CycleState::Submitted,
    CycleState::Accepted,
    CycleState::AssessorsAssigned,
    CycleState::Visited,
    CycleState::Reconciled,
];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dashboard {
    /// Every state in workflow order, with zero where none.
    pub by_state: Vec<(CycleState, i64)>,
    /// Decided cycles per grade, A to TT, with zero where none.
    pub by_grade: Vec<(Grade, i64)>,
    pub ageing: Vec<Ageing>,
    /// Soonest (or longest expired) first.
    pub expiring: Vec<Expiring>,
    pub components: Vec<ComponentAverage>,
    pub gaps: Vec<Gap>,
    pub gaps_by_regency: Vec<RegencyGaps>,
}

/// Whole days cycles have spent in their current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ageing {
    pub state: CycleState,
    pub cycles: i64,
    pub average_days: i64,
    pub max_days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiring {
    pub institution_id: String,
    pub institution_name: String,
    pub regency_name: String,
    pub grade: Option<String>,
    pub valid_until: String,
    /// Negative once expired.
    pub days_left: i64,
}

/// The average final percentage of one component over reconciled and decided cycles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentAverage {
    pub code: String,
    pub name: String,
    pub cycles: i64,
    pub average_hundredths: i64,
}

/// Self-score percentage against the assessors' final percentage for one component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub component: String,
    pub self_hundredths: i64,
    pub final_hundredths: i64,
}

impl Gap {
    /// Positive when the institution rated itself higher than the assessors did.
    pub fn gap_hundredths(&self) -> i64 {
        self.self_hundredths - self.final_hundredths
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegencyGaps {
    pub regency_id: String,
    pub regency_name: String,
    pub gaps: Vec<Gap>,
}

const FROM: &str = "from cycles c
    join institutions i on i.id = c.institution_id
    join regencies r on r.id = i.regency_id";

async fn rows(store: &Store, scope: Option<&RegionScope>, sql: String) -> Result<Vec<sqlx::sqlite::SqliteRow>> {
    let (_, value) = crate::region_filter(scope);
    let query = sqlx::query(AssertSqlSafe(sql));
    Ok(match value {
        Some(v) => query.bind(v.to_string()),
        None => query,
    }
    .fetch_all(&store.pool)
    .await?)
}

fn parse_date(iso: &str) -> Option<time::Date> {
    time::Date::parse(iso.get(..10)?, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

fn date_of(unix: i64) -> Option<time::Date> {
    time::OffsetDateTime::from_unix_timestamp(unix).ok().map(|t| t.date())
}

/// Rounded to the nearest hundredth of a percent; 0 when nothing is possible.
fn percent_hundredths(earned: i64, possible: i64) -> i64 {
    if possible <= 0 { 0 } else { (earned * 20_000 + possible) / (possible * 2) }
}

pub async fn dashboard(store: &Store, scope: Option<&RegionScope>, today: &str) -> Result<Dashboard> {
    let (cond, _) = crate::region_filter(scope);
    let today_date = parse_date(today).ok_or_else(|| crate::StoreError::Corrupt(format!("not a date: {today}")))?;

    let mut by_state: Vec<(CycleState, i64)> = CycleState::ALL.into_iter().map(|s| (s, 0)).collect();
    let mut by_grade: Vec<(Grade, i64)> = Grade::ALL.into_iter().map(|g| (g, 0)).collect();
    for row in rows(
        store,
        scope,
        format!("select c.state, c.grade, count(*) as n {FROM} where {cond} group by c.state, c.grade"),
    )
    .await?
    {
        let state = CycleState::from_code(&row.get::<String, _>("state"));
        let n: i64 = row.get("n");
        if let Some(entry) = by_state.iter_mut().find(|(s, _)| Some(*s) == state) {
            entry.1 += n;
        }
        if state == Some(CycleState::Decided) {
            let grade = row.get::<Option<String>, _>("grade").and_then(|g| Grade::from_code(&g));
            if let Some(entry) = by_grade.iter_mut().find(|(g, _)| Some(*g) == grade) {
                entry.1 += n;
            }
        }
    }

    let mut days: BTreeMap<&'static str, Vec<i64>> = BTreeMap::new();
    let ageing_sql = format!(
        "select c.state, c.updated_at,
                (select max(a.created_at) from audit_events a
                  where a.entity = 'cycle' and a.action = 'transition' and a.entity_id = c.id
                    and a.after_state = c.state) as entered_at
           {FROM} where {cond}"
    );
    for row in rows(store, scope, ageing_sql).await? {
        let Some(state) = CycleState::from_code(&row.get::<String, _>("state")) else { continue };
        if !AGEING_STATES.contains(&state) {
            continue;
        }
        let entered: i64 = row.get::<Option<i64>, _>("entered_at").unwrap_or_else(|| row.get("updated_at"));
        let d = date_of(entered).map(|e| (today_date - e).whole_days().max(0)).unwrap_or(0);
        days.entry(state.code()).or_default().push(d);
    }
    let ageing = AGEING_STATES
        .into_iter()
        .map(|state| {
            let d = days.get(state.code()).cloned().unwrap_or_default();
            let cycles = d.len() as i64;
            let sum: i64 = d.iter().sum();
            Ageing {
                state,
                cycles,
                average_days: if cycles == 0 { 0 } else { (sum * 2 + cycles) / (cycles * 2) },
                max_days: d.into_iter().max().unwrap_or(0),
            }
        })
        .collect();

    Ok(Dashboard {
        by_state,
        by_grade,
        ageing,
        expiring: expiring(store, scope, today_date).await?,
        components: component_averages(store, scope).await?,
        ..gaps(store, scope).await?
    })
}

async fn expiring(store: &Store, scope: Option<&RegionScope>, today: time::Date) -> Result<Vec<Expiring>> {
    let (cond, _) = crate::region_filter(scope);
    let sql = format!(
        "select i.id, i.name, r.name as regency_name, c.grade, c.valid_until {FROM}
          where {cond} and c.state in ('decided', 'expired') and c.valid_until is not null"
    );
    // The latest validity per institution: a renewed accreditation replaces the old one.
    let mut latest: BTreeMap<String, Expiring> = BTreeMap::new();
    for row in rows(store, scope, sql).await? {
        let valid_until: String = row.get("valid_until");
        let Some(until) = parse_date(&valid_until) else { continue };
        let e = Expiring {
            institution_id: row.get("id"),
            institution_name: row.get("name"),
            regency_name: row.get("regency_name"),
            grade: row.get("grade"),
            days_left: (until - today).whole_days(),
            valid_until,
        };
        if latest.get(&e.institution_id).is_none_or(|old| old.valid_until < e.valid_until) {
            latest.insert(e.institution_id.clone(), e);
        }
    }
    let mut list: Vec<Expiring> = latest.into_values().filter(|e| e.days_left <= EXPIRY_HORIZON_DAYS).collect();
    list.sort_by(|a, b| a.days_left.cmp(&b.days_left).then_with(|| a.institution_name.cmp(&b.institution_name)));
    Ok(list)
}

async fn component_averages(store: &Store, scope: Option<&RegionScope>) -> Result<Vec<ComponentAverage>> {
    let (cond, _) = crate::region_filter(scope);
    let sql = format!(
        "select cr.evaluation {FROM} join cycle_results cr on cr.cycle_id = c.id
          where {cond} and c.state in ('reconciled', 'decided')"
    );
    // Keyed by code, in the order the instrument lists components.
    let mut sums: Vec<(String, String, i64, i64)> = vec![];
    for row in rows(store, scope, sql).await? {
        let evaluation: domain::Evaluation = serde_json::from_str(&row.get::<String, _>("evaluation"))
            .map_err(|e| crate::StoreError::Corrupt(format!("cycle_results.evaluation: {e}")))?;
        for c in evaluation.components {
            match sums.iter_mut().find(|s| s.0 == c.code) {
                Some(s) => {
                    s.2 += 1;
                    s.3 += c.percent_hundredths;
                }
                None => sums.push((c.code, c.name, 1, c.percent_hundredths)),
            }
        }
    }
    Ok(sums
        .into_iter()
        .map(|(code, name, cycles, sum)| ComponentAverage {
            code,
            name,
            cycles,
            average_hundredths: (sum * 2 + cycles) / (cycles * 2),
        })
        .collect())
}

/// Per regency and component, Σ(score × weight) and Σ(4 × weight) over the indicators scored,
/// in the cycles that have final scores.
async fn weighted(
    store: &Store,
    scope: Option<&RegionScope>,
    table: &str,
    column: &str,
) -> Result<BTreeMap<(String, String, String), (i64, i64)>> {
    let (cond, _) = crate::region_filter(scope);
    let sql = format!(
        "select r.id as regency_id, r.name as regency_name, ind.component_code,
                sum(s.{column} * ind.weight) as earned, sum(4 * ind.weight) as possible
           {FROM}
           join {table} s on s.cycle_id = c.id
           join indicators ind on ind.instrument_version_id = c.instrument_version_id and ind.code = s.indicator_code
          where {cond} and s.{column} is not null
            and exists (select 1 from final_scores f where f.cycle_id = c.id)
          group by r.id, r.name, ind.component_code"
    );
    let mut out = BTreeMap::new();
    for row in rows(store, scope, sql).await? {
        out.insert(
            (row.get("regency_id"), row.get("regency_name"), row.get("component_code")),
            (row.get::<i64, _>("earned"), row.get::<i64, _>("possible")),
        );
    }
    Ok(out)
}

async fn gaps(store: &Store, scope: Option<&RegionScope>) -> Result<Dashboard> {
    let own = weighted(store, scope, "answers", "self_score").await?;
    let assessed = weighted(store, scope, "final_scores", "score").await?;
    let mut by_component: BTreeMap<String, [i64; 4]> = BTreeMap::new();
    let mut by_regency: BTreeMap<(String, String), Vec<Gap>> = BTreeMap::new();
    for ((regency_id, regency_name, component), (fe, fp)) in &assessed {
        let key = (regency_id.clone(), regency_name.clone(), component.clone());
        let (se, sp) = own.get(&key).copied().unwrap_or((0, 0));
        let total = by_component.entry(component.clone()).or_default();
        for (t, v) in total.iter_mut().zip([se, sp, *fe, *fp]) {
            *t += v;
        }
        by_regency.entry((regency_id.clone(), regency_name.clone())).or_default().push(Gap {
            component: component.clone(),
            self_hundredths: percent_hundredths(se, sp),
            final_hundredths: percent_hundredths(*fe, *fp),
        });
    }
    Ok(Dashboard {
        gaps: by_component
            .into_iter()
            .map(|(component, [se, sp, fe, fp])| Gap {
                component,
                self_hundredths: percent_hundredths(se, sp),
                final_hundredths: percent_hundredths(fe, fp),
            })
            .collect(),
        gaps_by_regency: by_regency
            .into_iter()
            .map(|((regency_id, regency_name), gaps)| RegencyGaps { regency_id, regency_name, gaps })
            .collect(),
        ..Dashboard::default()
    })
}

#[cfg(test)]
mod tests;
