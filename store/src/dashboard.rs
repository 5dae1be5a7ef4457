//! The figures of the Dinsos and administrator dashboard, within a region (`None` = everywhere).
//!
//! Only plain aggregates are read with SQL (portable: no date functions), over indexed columns
//! and summary rows (`cycle_component_results`, `cycles.state_entered_at`) kept current by the
//! workflow's own transactions: at national size (14,445 institutions, millions of score rows)
//! no request reads score rows.

use crate::{Result, Store};
use domain::{CycleState, Grade, RegionScope};
use sqlx::{AssertSqlSafe, Row};
use std::collections::BTreeMap;

/// Accreditations whose validity ends within this many days are listed as expiring.
pub const EXPIRY_HORIZON_DAYS: i64 = 183;

/// The expiring accreditations listed on the dashboard; the rest are counted.
pub const EXPIRING_SHOWN: usize = 25;

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
    /// Soonest (or longest expired) first; at most [`EXPIRING_SHOWN`].
    pub expiring: Vec<Expiring>,
    /// How many accreditations expire within the horizon (or have expired), listed or not.
    pub expiring_total: i64,
    pub components: Vec<ComponentAverage>,
    pub gaps: Vec<Gap>,
    /// One level below the scope: per province nationally, per regency within a province.
    pub gaps_by_area: Vec<AreaGaps>,
    pub area_level: AreaLevel,
}

/// What the rows of [`Dashboard::gaps_by_area`] are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AreaLevel {
    Province,
    #[default]
    Regency,
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
pub struct AreaGaps {
    pub area_id: String,
    pub area_name: String,
    pub gaps: Vec<Gap>,
}

/// Cycles with their institution's regency (and province), for the region filter.
const FROM: &str = "from cycles c
    join institutions i on i.id = c.institution_id
    join regencies r on r.id = i.regency_id";

async fn rows(store: &Store, scope: Option<&RegionScope>, sql: String) -> Result<Vec<crate::DbRow>> {
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

/// Whole days since the unix epoch of a UTC date, as SQL can compare with `unix / 86400`.
fn epoch_day(d: time::Date) -> i64 {
    d.midnight().assume_utc().unix_timestamp().div_euclid(86_400)
}

/// Rounded to the nearest hundredth of a percent; 0 when nothing is possible.
fn percent_hundredths(earned: i64, possible: i64) -> i64 {
    if possible <= 0 { 0 } else { (earned * 20_000 + possible) / (possible * 2) }
}

/// `sum / n` rounded half up; 0 when `n` is 0.
fn average(sum: i64, n: i64) -> i64 {
    if n <= 0 { 0 } else { (sum * 2 + n) / (n * 2) }
}

pub async fn dashboard(store: &Store, scope: Option<&RegionScope>, today: &str) -> Result<Dashboard> {
    let today_date = parse_date(today).ok_or_else(|| crate::StoreError::Corrupt(format!("not a date: {today}")))?;
    let (by_state, by_grade) = counts(store, scope).await?;
    let (expiring, expiring_total) = expiring(store, scope, today_date).await?;
    Ok(Dashboard {
        by_state,
        by_grade,
        ageing: ageing(store, scope, today_date).await?,
        expiring,
        expiring_total,
        ..scores(store, scope).await?
    })
}

type Counts = (Vec<(CycleState, i64)>, Vec<(Grade, i64)>);

/// Cycles per state and decided cycles per grade: an index-only count nationally.
async fn counts(store: &Store, scope: Option<&RegionScope>) -> Result<Counts> {
    let (cond, _) = crate::cycle_region_filter(scope);
    let sql = format!("select c.state, c.grade, count(*) as n from cycles c where {cond} group by c.state, c.grade");
    let mut by_state: Vec<(CycleState, i64)> = CycleState::ALL.into_iter().map(|s| (s, 0)).collect();
    let mut by_grade: Vec<(Grade, i64)> = Grade::ALL.into_iter().map(|g| (g, 0)).collect();
    for row in rows(store, scope, sql).await? {
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
    Ok((by_state, by_grade))
}

/// Whole days cycles have waited in each waiting state, from `cycles.state_entered_at`.
async fn ageing(store: &Store, scope: Option<&RegionScope>, today: time::Date) -> Result<Vec<Ageing>> {
    let (cond, _) = crate::cycle_region_filter(scope);
    let states: Vec<String> = AGEING_STATES.iter().map(|s| format!("'{}'", s.code())).collect();
    // Days are counted in whole UTC dates and never negative (a clock ahead of today).
    let elapsed = format!("({} - coalesce(c.state_entered_at, c.updated_at) / 86400)", epoch_day(today));
    let days = format!("case when {elapsed} > 0 then {elapsed} else 0 end");
    let sql = format!(
        "select c.state, count(*) as n, cast(sum({days}) as bigint) as total, max({days}) as longest
           from cycles c where {cond} and c.state in ({}) group by c.state",
        states.join(", ")
    );
    let found = rows(store, scope, sql).await?;
    Ok(AGEING_STATES
        .into_iter()
        .map(|state| {
            let row = found.iter().find(|r| r.get::<String, _>("state") == state.code());
            let (cycles, total, longest) = row.map_or((0, 0, 0), |r| (r.get("n"), r.get("total"), r.get("longest")));
            Ageing { state, cycles, average_days: average(total, cycles), max_days: longest }
        })
        .collect())
}

/// Institutions whose latest accreditation ends within the horizon (or has ended): the soonest
/// [`EXPIRING_SHOWN`] and how many there are.
async fn expiring(store: &Store, scope: Option<&RegionScope>, today: time::Date) -> Result<(Vec<Expiring>, i64)> {
    let (cond, _) = crate::cycle_region_filter(scope);
    let horizon = today + time::Duration::days(EXPIRY_HORIZON_DAYS);
    let sql = format!(
        "select i.id, i.name, r.name as regency_name, c.grade, c.valid_until {FROM}
          where {cond} and c.state in ('decided', 'expired') and c.valid_until is not null
            and c.valid_until < '{}'
            and not exists (select 1 from cycles later where later.institution_id = c.institution_id
                             and later.state in ('decided', 'expired') and later.valid_until > c.valid_until)
          order by c.valid_until, i.name, i.id",
        horizon + time::Duration::days(1)
    );
    let mut list: Vec<Expiring> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in rows(store, scope, sql).await? {
        let valid_until: String = row.get("valid_until");
        let Some(until) = parse_date(&valid_until) else { continue };
        let institution_id: String = row.get("id");
        // Two cycles ending on the same day: the institution is listed once.
        if !seen.insert(institution_id.clone()) {
            continue;
        }
        list.push(Expiring {
            institution_id,
            institution_name: row.get("name"),
            regency_name: row.get("regency_name"),
            grade: row.get("grade"),
            days_left: (until - today).whole_days(),
            valid_until,
        });
    }
    let total = list.len() as i64;
    list.truncate(EXPIRING_SHOWN);
    Ok((list, total))
}

/// Component averages and self-score gaps from the per-component summary of reconciled cycles,
/// per area one level below the scope.
async fn scores(store: &Store, scope: Option<&RegionScope>) -> Result<Dashboard> {
    // The regencies' totals (a few thousand rows nationally), summed by area and named after.
    let (area_level, area, condition) = match scope {
        None => (AreaLevel::Province, "t.province_id", "1 = 1"),
        Some(RegionScope::Province { .. }) => (AreaLevel::Regency, "t.regency_id", "t.province_id = $1"),
        Some(RegionScope::Regency { .. }) => (AreaLevel::Regency, "t.regency_id", "t.regency_id = $1"),
    };
    let names_of_areas = match area_level {
        AreaLevel::Province => "select id, name from provinces",
        AreaLevel::Regency => "select id, name from regencies",
    };
    let sql = format!(
        "select s.area_id, coalesce(a.name, s.area_id) as area_name, s.component_code, s.averaged, s.percent_sum,
                s.se, s.sp, s.fe, s.fp
           from (select {area} as area_id, t.component_code,
                        cast(sum(case when t.state in ('reconciled', 'decided') then t.cycles else 0 end) as bigint) as averaged,
                        cast(sum(case when t.state in ('reconciled', 'decided') then t.percent_sum else 0 end) as bigint) as percent_sum,
                        cast(sum(t.self_earned) as bigint) as se, cast(sum(t.self_possible) as bigint) as sp,
                        cast(sum(t.final_earned) as bigint) as fe, cast(sum(t.final_possible) as bigint) as fp
                   from regency_component_totals t
                  where {condition}
                  group by {area}, t.component_code) s
           left join ({names_of_areas}) a on a.id = s.area_id"
    );
    let names = component_names(store).await?;
    let order = |code: &str| names.iter().position(|(c, _)| c == code).unwrap_or(usize::MAX);
    let mut by_component: BTreeMap<(usize, String), [i64; 6]> = BTreeMap::new();
    let mut by_area: BTreeMap<(String, String), Vec<Gap>> = BTreeMap::new();
    for row in rows(store, scope, sql).await? {
        let code: String = row.get("component_code");
        let v: [i64; 6] = ["averaged", "percent_sum", "se", "sp", "fe", "fp"].map(|k| row.get::<i64, _>(k));
        let total = by_component.entry((order(&code), code.clone())).or_default();
        for (t, x) in total.iter_mut().zip(v) {
            *t += x;
        }
        by_area.entry((row.get("area_name"), row.get("area_id"))).or_default().push(Gap {
            component: code,
            self_hundredths: percent_hundredths(v[2], v[3]),
            final_hundredths: percent_hundredths(v[4], v[5]),
        });
    }
    let name_of =
        |code: &str| names.iter().find(|(c, _)| c == code).map_or_else(|| code.to_string(), |(_, n)| n.clone());
    Ok(Dashboard {
        components: by_component
            .iter()
            .filter(|(_, v)| v[0] > 0)
            .map(|((_, code), v)| ComponentAverage {
                code: code.clone(),
                name: name_of(code),
                cycles: v[0],
                average_hundredths: average(v[1], v[0]),
            })
            .collect(),
        gaps: by_component
            .into_iter()
            .map(|((_, component), v)| Gap {
                component,
                self_hundredths: percent_hundredths(v[2], v[3]),
                final_hundredths: percent_hundredths(v[4], v[5]),
            })
            .collect(),
        gaps_by_area: by_area
            .into_iter()
            .map(|((area_name, area_id), mut gaps)| {
                gaps.sort_by_key(|g| order(&g.component));
                AreaGaps { area_id, area_name, gaps }
            })
            .collect(),
        area_level,
        ..Dashboard::default()
    })
}

/// Component codes and names in instrument order, the newest version's naming winning.
async fn component_names(store: &Store) -> Result<Vec<(String, String)>> {
    let ids: Vec<String> = sqlx::query_scalar("select id from instrument_versions order by created_at, version")
        .fetch_all(&store.pool)
        .await?;
    let mut names: Vec<(String, String)> = Vec::new();
    for id in ids {
        for c in crate::instruments::by_id(store, &id).await?.map(|i| i.components.clone()).unwrap_or_default() {
            match names.iter_mut().find(|(code, _)| *code == c.code) {
                Some(entry) => entry.1 = c.name,
                None => names.push((c.code, c.name)),
            }
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests;
