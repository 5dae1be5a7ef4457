//! Tables for exports (CSV, XLSX): one row per accreditation cycle with its institution, its
//! outcome and the self-score and final score of every indicator.
//!
//! Score columns are keyed by indicator code, never by position, so that one export can hold
//! cycles of several instrument versions: each answer sits under its own code, and a code that
//! a cycle's version does not have is simply empty in that cycle's row. Nothing about children,
//! narratives, evidence or notes is exported: only scores and outcomes.

use crate::{Result, Store};
use domain::RegionScope;
use sqlx::sqlite::SqliteRow;
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

impl Export {
    /// Whether a column holds numbers (the total and the scores), for formats that type cells.
    pub fn is_numeric(&self, column: usize) -> bool {
        self.columns.get(column).is_some_and(|c| c == "total" || c.ends_with(SELF_SUFFIX) || c.ends_with(FINAL_SUFFIX))
    }
}

/// Cycles joined to their institution's region, filtered by `crate::region_filter`.
const CYCLES_IN_REGION: &str = "from cycles c
   join institutions i on i.id = c.institution_id
   join regencies r on r.id = i.regency_id";

/// Every cycle within `scope` (`None` = everywhere) with its scores, one row per cycle.
pub async fn results(store: &Store, scope: Option<&RegionScope>) -> Result<Export> {
    let (condition, value) = crate::region_filter(scope);

    let codes = indicator_codes(store, condition, value).await?;
    let mut columns: Vec<String> = FIXED_COLUMNS.iter().map(|c| c.to_string()).collect();
    let mut column_of = HashMap::new();
    for code in codes {
        column_of.insert(code.clone(), columns.len());
        columns.push(self_column(&code));
        columns.push(final_column(&code));
    }

    let cycles = fetch(
        store,
        format!(
            "select i.id as institution_id, i.name as institution_name, p.name as province, r.name as regency,
                    c.id as cycle_id, v.version, c.state, c.grade, c.valid_until,
                    cr.total_hundredths, cr.recommended_grade
               {CYCLES_IN_REGION}
               join provinces p on p.id = r.province_id
               join instrument_versions v on v.id = c.instrument_version_id
               left join cycle_results cr on cr.cycle_id = c.id
              where {condition}
              order by p.name, r.name, i.name, c.created_at, c.id"
        ),
        value,
    )
    .await?;
    let mut rows = Vec::with_capacity(cycles.len());
    let mut row_of = HashMap::new();
    for c in cycles {
        let mut row = vec![String::new(); columns.len()];
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

    // Joined through the cycle's own version, so an answer stored under a code that version
    // does not have (there should be none) never lands in another version's column.
    let scores = fetch(
        store,
        format!(
            "select c.id as cycle_id, d.code, a.self_score, f.score as final_score
               {CYCLES_IN_REGION}
               join indicators d on d.instrument_version_id = c.instrument_version_id
               left join answers a on a.cycle_id = c.id and a.indicator_code = d.code
               left join final_scores f on f.cycle_id = c.id and f.indicator_code = d.code
              where {condition} and (a.self_score is not null or f.score is not null)"
        ),
        value,
    )
    .await?;
    for s in scores {
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
    Ok(Export { columns, rows })
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

async fn fetch(store: &Store, sql: String, value: Option<&str>) -> Result<Vec<SqliteRow>> {
    let query = sqlx::query(AssertSqlSafe(sql));
    Ok(match value {
        Some(v) => query.bind(v),
        None => query,
    }
    .fetch_all(&store.pool)
    .await?)
}

/// Hundredths of a percent as "78.25".
fn percent(hundredths: i64) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::institutions::{NewInstitution, create, create_province, create_regency};
    use crate::testing::store;
    use domain::{CycleState, Instrument};

    const INSTRUMENT: &str = include_str!("../../instrument/snpa-lksa-2026.1.toml");
    /// The first indicator of the shipped version, gone from the next one.
    const REMOVED: &str = "PR.1.01";
    /// The next version's new code for the shipped version's last indicator.
    const RENAMED: &str = "HP.9.99";
    const ADMIN: &str = "u-admin";

    fn self_score(cycle: usize, k: usize) -> i64 {
        ((cycle + k) % 5) as i64
    }

    fn final_score(cycle: usize, k: usize) -> i64 {
        ((cycle + 2 * k + 1) % 5) as i64
    }

    /// The shipped instrument under a new version, with its last indicator renamed and its
    /// first one removed.
    fn next_version(shipped: &Instrument) -> Instrument {
        let mut next = shipped.clone();
        next.version = "2027.1".into();
        next.components.last_mut().unwrap().indicators.last_mut().unwrap().code = RENAMED.into();
        assert_eq!(next.components[0].indicators.remove(0).code, REMOVED);
        next.validate().unwrap();
        next
    }

    async fn institution(s: &Store, name: &str, regency: &str) -> String {
        let n = NewInstitution {
            name: name.into(),
            regency_id: regency.into(),
            address: "Jl. Contoh No. 1".into(),
            foundation: "Yayasan Contoh".into(),
            capacity: 20,
            children_count: 15,
            staff_count: 4,
            registration_number: None,
            registration_expires_on: None,
            permit_number: None,
            permit_expires_on: None,
        };
        create(s, n).await.unwrap()
    }

    /// A self-score (with a narrative that must never be exported) for every indicator of the
    /// cycle's version and, when reconciled, a final score (with a reason) too.
    async fn score(s: &Store, cycle: &str, n: usize, instrument: &Instrument, reconciled: bool) {
        for (k, (_, indicator)) in instrument.indicators().enumerate() {
            sqlx::query(
                "insert into answers (cycle_id, indicator_code, self_score, narrative, revision, created_at, updated_at)
                 values ($1, $2, $3, 'RAHASIA: nama anak', 1, 0, 0)",
            )
            .bind(cycle)
            .bind(&indicator.code)
            .bind(self_score(n, k))
            .execute(&s.pool)
            .await
            .unwrap();
            if reconciled {
                sqlx::query(
                    "insert into final_scores (cycle_id, indicator_code, score, reason, set_by, created_at)
                     values ($1, $2, $3, 'RAHASIA: catatan', $4, 0)",
                )
                .bind(cycle)
                .bind(&indicator.code)
                .bind(final_score(n, k))
                .bind(ADMIN)
                .execute(&s.pool)
                .await
                .unwrap();
            }
        }
    }

    #[test]
    fn totals_read_as_percentages() {
        assert_eq!(percent(7825), "78.25");
        assert_eq!(percent(5), "0.05");
        assert_eq!(percent(10_000), "100.00");
    }

    #[tokio::test]
    async fn every_score_sits_under_its_own_code_across_instrument_versions() {
        let (s, _dir) = store().await;
        let shipped = crate::instruments::parse(INSTRUMENT).unwrap();
        let next = next_version(&shipped);
        let mut version_ids = Vec::new();
        for instrument in [&shipped, &next] {
            let id = match crate::instruments::load(&s, instrument).await.unwrap() {
                crate::instruments::Loaded::Inserted { id } => id,
                other => panic!("{other:?}"),
            };
            version_ids.push(id);
        }
        create_province(&s, "63", "Kalimantan Selatan").await.unwrap();
        create_province(&s, "35", "Jawa Timur").await.unwrap();
        create_regency(&s, "63.71", "63", "Kota Banjarmasin").await.unwrap();
        create_regency(&s, "63.72", "63", "Kota Banjarbaru").await.unwrap();
        create_regency(&s, "35.20", "35", "Kabupaten Magetan").await.unwrap();
        sqlx::query(
            "insert into users (id, username, full_name, password_hash, role, created_at, updated_at)
             values ($1, 'admin', 'Admin', '-', 'administrator', 0, 0)",
        )
        .bind(ADMIN)
        .execute(&s.pool)
        .await
        .unwrap();
        let banjarmasin = institution(&s, "Panti Asuhan Budi Mulia", "63.71").await;
        let banjarbaru = institution(&s, "LKSA Darul Aitam", "63.72").await;
        let magetan = institution(&s, "LKSA Muhammadiyah Magetan", "35.20").await;

        // One cycle per version for each institution in Kalimantan Selatan; every other one reconciled.
        let mut cycles = HashMap::new();
        for institution in [&banjarmasin, &banjarbaru] {
            for (version_id, instrument) in version_ids.iter().zip([&shipped, &next]) {
                let n = cycles.len();
                let id = crate::cycles::create(&s, institution, version_id, CycleState::Reconciled).await.unwrap();
                score(&s, &id, n, instrument, n % 2 == 0).await;
                cycles.insert(id, (n, instrument, n % 2 == 0));
            }
        }
        let first = cycles.iter().find(|(_, (n, ..))| *n == 0).map(|(id, _)| id.clone()).unwrap();
        sqlx::query(
            "insert into cycle_results (cycle_id, evaluation, total_hundredths, recommended_grade, reconciled_by, created_at)
             values ($1, '{}', 7825, 'B', $2, 0)",
        )
        .bind(&first)
        .bind(ADMIN)
        .execute(&s.pool)
        .await
        .unwrap();
        // A stray answer under a code the cycle's version lacks stays out of the export.
        sqlx::query(
            "insert into answers (cycle_id, indicator_code, self_score, revision, created_at, updated_at)
             values ($1, $2, 4, 1, 0, 0)",
        )
        .bind(&first)
        .bind(RENAMED)
        .execute(&s.pool)
        .await
        .unwrap();
        crate::cycles::create(&s, &magetan, &version_ids[0], CycleState::Draft).await.unwrap();

        let kalsel = RegionScope::Province { province: "63".into() };
        let export = results(&s, Some(&kalsel)).await.unwrap();
        assert_eq!(export.columns[..FIXED_COLUMNS.len()], FIXED_COLUMNS);
        assert_eq!(export.columns[FIXED_COLUMNS.len()], self_column(REMOVED), "instrument order");
        let shipped_last = &shipped.components.last().unwrap().indicators.last().unwrap().code;
        for code in [REMOVED, RENAMED, shipped_last.as_str()] {
            assert!(export.columns.contains(&self_column(code)), "{code}");
            assert!(export.columns.contains(&final_column(code)), "{code}");
        }
        let codes: Vec<&str> =
            export.columns[FIXED_COLUMNS.len()..].iter().filter_map(|c| c.strip_suffix(SELF_SUFFIX)).collect();
        assert_eq!(codes.len(), shipped.indicator_count() + 1, "the union of both versions' codes");
        assert_eq!(export.rows.len(), 4, "Magetan is outside the scope");

        for row in &export.rows {
            assert_eq!(row.len(), export.columns.len());
            assert!(row.iter().all(|cell| !cell.contains("RAHASIA")), "no narratives or reasons");
            let (n, instrument, reconciled) = cycles[&row[4]];
            assert_eq!(row[5], instrument.version);
            assert_eq!(row[6], "reconciled");
            let (total, grade) = if row[4] == first { ("78.25", "B") } else { ("", "") };
            assert_eq!((row[9].as_str(), row[10].as_str()), (total, grade));
            for code in &codes {
                let at = |suffix: &str| export.columns.iter().position(|c| *c == format!("{code}{suffix}")).unwrap();
                let (own_self, own_final) = (&row[at(SELF_SUFFIX)], &row[at(FINAL_SUFFIX)]);
                match instrument.indicators().position(|(_, i)| i.code == *code) {
                    Some(k) => {
                        assert_eq!(*own_self, self_score(n, k).to_string(), "{code} in cycle {n}");
                        let want = if reconciled { final_score(n, k).to_string() } else { String::new() };
                        assert_eq!(*own_final, want, "{code} in cycle {n}");
                    }
                    None => assert_eq!((own_self.as_str(), own_final.as_str()), ("", ""), "{code} in cycle {n}"),
                }
            }
        }

        let banjarmasin_only = RegionScope::Regency { province: "63".into(), regency: "63.71".into() };
        let export = results(&s, Some(&banjarmasin_only)).await.unwrap();
        assert_eq!(export.rows.len(), 2);
        assert!(export.rows.iter().all(|r| r[0] == banjarmasin && r[3] == "Kota Banjarmasin"));

        let everywhere = results(&s, None).await.unwrap();
        assert_eq!(everywhere.rows.len(), 5);
        let draft = everywhere.rows.iter().find(|r| r[0] == magetan).unwrap();
        assert_eq!(draft[2], "Jawa Timur");
        assert!(draft[FIXED_COLUMNS.len()..].iter().all(String::is_empty), "no answers yet");
        assert_eq!(everywhere, results(&s, None).await.unwrap(), "deterministic");
    }

    #[tokio::test]
    async fn an_empty_region_gives_only_the_fixed_columns() {
        let (s, _dir) = store().await;
        let export = results(&s, None).await.unwrap();
        assert_eq!(export.columns, FIXED_COLUMNS);
        assert!(export.rows.is_empty());
    }
}
