use super::*;
use crate::institutions::{NewInstitution, create, create_province, create_regency};
use crate::testing::store;
use domain::{CycleState, Instrument};

const INSTRUMENT: &str = include_str!("../../../instrument/snpa-lksa-2026.1.toml");
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

#[tokio::test]
async fn a_year_keeps_only_the_cycles_begun_in_it() {
    let d = crate::testing::demo().await;
    let cycle: String =
        sqlx::query_scalar("select id from cycles order by id limit 1").fetch_one(&d.store.pool).await.unwrap();
    // Begun on 1 May 2024 (UTC); every other demo cycle begins today.
    sqlx::query("update cycles set created_at = 1714521600 where id = $1")
        .bind(&cycle)
        .execute(&d.store.pool)
        .await
        .unwrap();
    let mut rows = stream_results(&d.store, None, Some(2024)).await.unwrap().rows;
    let mut found = Vec::new();
    while let Some(row) = rows.recv().await {
        found.push(row.unwrap()[4].clone());
    }
    assert_eq!(found, std::slice::from_ref(&cycle));
    let mut rows = stream_results(&d.store, None, Some(2023)).await.unwrap().rows;
    assert!(rows.recv().await.is_none(), "nothing begun in 2023");
    let all = results(&d.store, None).await.unwrap();
    assert!(all.rows.len() > 1 && all.rows.iter().any(|r| r[4] == cycle));
}
