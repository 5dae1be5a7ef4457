//! Tables for exports (CSV, XLSX): one row per accreditation cycle with its institution, its
//! outcome and the self-score and final score of every indicator.
//!
//! Score columns are keyed by indicator code, never by position, so that one export can hold
//! cycles of several instrument versions: each answer sits under its own code, and a code that
//! a cycle's version does not have is simply empty in that cycle's row. Nothing about children,
//! narratives, evidence or notes is exported: only scores and outcomes.

use crate::DbRow;
use crate::{Result, Store, StoreError};
use domain::RegionScope;
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;

/// A plain table, ready to be written in any format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The columns every results export starts with; indicator columns follow.
pub const FIXED_COLUMNS: [&str; 11] = [
    "institution_id",
    "institution_name",
    "province",
    "regency",
    "cycle_id",
    "instrument_version",
    "state",
    "grade",
    "valid_until",
    "total",
    "recommended_grade",
];

const SELF_SUFFIX: &str = ":self";
const FINAL_SUFFIX: &str = ":final";

/// The column of an indicator's self-score, e.g. `PR.1.01:self`.
pub fn self_column(code: &str) -> String {
    format!("{code}{SELF_SUFFIX}")
}

/// The column of an indicator's final (reconciled) score, e.g. `PR.1.01:final`.
pub fn final_column(code: &str) -> String {
    format!("{code}{FINAL_SUFFIX}")
}

/// Whether a column holds numbers (the total and the scores), for formats that type cells.
pub fn is_numeric_column(column: &str) -> bool {
    column == "total" || column.ends_with(SELF_SUFFIX) || column.ends_with(FINAL_SUFFIX)
}

/// Cycles joined to their institution's region, filtered by `crate::region_filter`.
const CYCLES_IN_REGION: &str = "from cycles c
   join institutions i on i.id = c.institution_id
   join regencies r on r.id = i.regency_id";

/// Cycles whose score rows are read in one query while streaming.
const CHUNK: usize = 100;

/// Rows in flight between the database and the writer: a slow client holds the reader back
/// instead of the server buffering the country in memory.
const BUFFERED_ROWS: usize = 256;

/// A results export being read: its columns now, its rows as they come, in order.
pub struct ResultRows {
    pub columns: Vec<String>,
    pub rows: tokio::sync::mpsc::Receiver<Result<Vec<String>>>,
}

/// Every cycle within `scope` (`None` = everywhere) with its scores, one row per cycle, read
/// from the database in chunks of [`CHUNK`] cycles while the receiver takes them: memory stays
/// constant whatever the country's size, and the first rows leave at once.
///
/// `started_in` keeps only the cycles begun in that calendar year (UTC).
pub async fn stream_results(store: &Store, scope: Option<&RegionScope>, started_in: Option<i32>) -> Result<ResultRows> {
    let (condition, value) = crate::region_filter(scope);
    let codes = indicator_codes(store, condition, value).await?;
    let mut columns: Vec<String> = FIXED_COLUMNS.iter().map(|c| c.to_string()).collect();
    let mut column_of = HashMap::new();
    for code in codes {
        column_of.insert(code.clone(), columns.len());
        columns.push(self_column(&code));
        columns.push(final_column(&code));
    }
    let (tx, rx) = tokio::sync::mpsc::channel(BUFFERED_ROWS);
    let period = match started_in {
        Some(year) => {
            let start = |y: i32| {
                time::Date::from_calendar_date(y, time::Month::January, 1)
                    .map(|d| d.midnight().assume_utc().unix_timestamp())
                    .map_err(|e| StoreError::Corrupt(format!("year {y}: {e}")))
            };
            format!("c.created_at >= {} and c.created_at < {}", start(year)?, start(year + 1)?)
        }
        None => "1 = 1".to_string(),
    };
    let (store, scope, width) = (store.clone(), scope.cloned(), columns.len());
    tokio::spawn(async move {
        if let Err(e) = send_rows(&store, scope.as_ref(), &period, width, &column_of, &tx).await {
            let _ = tx.send(Err(e)).await;
        }
    });
    Ok(ResultRows { columns, rows: rx })
}

/// The whole export as one table (small regions and tests).
pub async fn results(store: &Store, scope: Option<&RegionScope>) -> Result<Export> {
    let mut stream = stream_results(store, scope, None).await?;
    let mut rows = Vec::new();
    while let Some(row) = stream.rows.recv().await {
        rows.push(row?);
    }
    Ok(Export { columns: stream.columns, rows })
}

async fn send_rows(
    store: &Store,
    scope: Option<&RegionScope>,
    period: &str,
    width: usize,
    column_of: &HashMap<String, usize>,
    tx: &tokio::sync::mpsc::Sender<Result<Vec<String>>>,
) -> Result<()> {
    let (condition, value) = crate::region_filter(scope);
    // Only the ids in export order are held (under 1 MB for the country); each chunk's fields
    // and scores are read when the receiver has taken the previous chunk.
    let order: Vec<String> = fetch(
        store,
        format!(
            "select c.id {CYCLES_IN_REGION}
               join provinces p on p.id = r.province_id
              where {condition} and {period}
              order by p.name, r.name, i.name, c.created_at, c.id"
        ),
        value,
    )
    .await?
    .iter()
    .map(|r| r.try_get("id"))
    .collect::<std::result::Result<_, _>>()?;
    for ids in order.chunks(CHUNK) {
        let mut fields = sqlx::query(AssertSqlSafe(format!(
            "select i.id as institution_id, i.name as institution_name, p.name as province, r.name as regency,
                    c.id as cycle_id, v.version, c.state, c.grade, c.valid_until,
                    cr.total_hundredths, cr.recommended_grade
               {CYCLES_IN_REGION}
               join provinces p on p.id = r.province_id
               join instrument_versions v on v.id = c.instrument_version_id
               left join cycle_results cr on cr.cycle_id = c.id
              where c.id in ({})",
            placeholders(ids.len())
        )));
        for id in ids {
            fields = fields.bind(id);
        }
        let mut by_id: HashMap<String, DbRow> = HashMap::new();
        for row in fields.fetch_all(&store.pool).await? {
            by_id.insert(row.try_get("cycle_id")?, row);
        }
        let mut rows = Vec::with_capacity(ids.len());
        let mut row_of = HashMap::new();
        for c in ids.iter().filter_map(|id| by_id.get(id)) {
            let mut row = vec![String::new(); width];
            let cycle_id: String = c.try_get("cycle_id")?;
            let total: Option<i64> = c.try_get("total_hundredths")?;
            let fixed = [
                c.try_get("institution_id")?,
                c.try_get("institution_name")?,
                c.try_get("province")?,
                c.try_get("regency")?,
                cycle_id.clone(),
                c.try_get("version")?,
                c.try_get("state")?,
                c.try_get::<Option<String>, _>("grade")?.unwrap_or_default(),
                c.try_get::<Option<String>, _>("valid_until")?.unwrap_or_default(),
                total.map(percent).unwrap_or_default(),
                c.try_get::<Option<String>, _>("recommended_grade")?.unwrap_or_default(),
            ];
            for (cell, value) in row.iter_mut().zip(fixed) {
                *cell = value;
            }
            row_of.insert(cycle_id, rows.len());
            rows.push(row);
        }
        fill_scores(store, &mut rows, &row_of, column_of).await?;
        for row in rows {
            if tx.send(Ok(row)).await.is_err() {
                return Ok(()); // The client went away: stop reading.
            }
        }
    }
    Ok(())
}

/// The self-scores and final scores of the chunk's cycles, each under its own code, joined
/// through the cycle's own version so that an answer stored under a code that version does not
/// have (there should be none) never lands in another version's column.
async fn fill_scores(
    store: &Store,
    rows: &mut [Vec<String>],
    row_of: &HashMap<String, usize>,
    column_of: &HashMap<String, usize>,
) -> Result<()> {
    let ids: Vec<&String> = row_of.keys().collect();
    let sql = format!(
        "select c.id as cycle_id, d.code, a.self_score, f.score as final_score
           from cycles c
           join indicators d on d.instrument_version_id = c.instrument_version_id
           left join answers a on a.cycle_id = c.id and a.indicator_code = d.code
           left join final_scores f on f.cycle_id = c.id and f.indicator_code = d.code
          where c.id in ({}) and (a.self_score is not null or f.score is not null)",
        placeholders(ids.len())
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(id);
    }
    for s in query.fetch_all(&store.pool).await? {
        let cycle: String = s.try_get("cycle_id")?;
        let code: String = s.try_get("code")?;
        let (Some(&row), Some(&column)) = (row_of.get(&cycle), column_of.get(&code)) else { continue };
        if let Some(v) = s.try_get::<Option<i64>, _>("self_score")? {
            rows[row][column] = v.to_string();
        }
        if let Some(v) = s.try_get::<Option<i64>, _>("final_score")? {
            rows[row][column + 1] = v.to_string();
        }
    }
    Ok(())
}

/// The codes of every instrument version used by a cycle in the region, in instrument order:
/// each code at its position in the newest version that has it (ties by code), so codes only an
/// older version has sit next to where they stood there.
async fn indicator_codes(store: &Store, condition: &str, value: Option<&str>) -> Result<Vec<String>> {
    let rows = fetch(
        store,
        format!(
            "select d.code, d.position
               from indicators d
               join instrument_versions v on v.id = d.instrument_version_id
              where d.instrument_version_id in (select c.instrument_version_id {CYCLES_IN_REGION} where {condition})
              order by v.created_at, v.version"
        ),
        value,
    )
    .await?;
    let mut position = HashMap::new();
    for row in rows {
        // Later rows belong to newer versions and overwrite older positions.
        position.insert(row.try_get::<String, _>("code")?, row.try_get::<i64, _>("position")?);
    }
    let mut codes: Vec<(i64, String)> = position.into_iter().map(|(code, p)| (p, code)).collect();
    codes.sort();
    Ok(codes.into_iter().map(|(_, code)| code).collect())
}

async fn fetch(store: &Store, sql: String, value: Option<&str>) -> Result<Vec<DbRow>> {
    let query = sqlx::query(AssertSqlSafe(sql));
    Ok(match value {
        Some(v) => query.bind(v),
        None => query,
    }
    .fetch_all(&store.pool)
    .await?)
}

/// `$1, $2, …, $n`
fn placeholders(n: usize) -> String {
    (1..=n).map(|k| format!("${k}")).collect::<Vec<_>>().join(", ")
}

/// Hundredths of a percent as "78.25".
fn percent(hundredths: i64) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests;
