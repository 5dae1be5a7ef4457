use super::*;
use crate::testing::{INSTRUMENT, store};
use domain::Grade;

const PASSWORD: &str = "nasional-2026";

async fn generated(scale: &Scale) -> (Store, crate::testing::TempDir, Generated) {
    let (s, dir) = store().await;
    let instrument = crate::instruments::parse(INSTRUMENT).unwrap();
    let crate::instruments::Loaded::Inserted { id } = crate::instruments::load(&s, &instrument).await.unwrap() else {
        panic!("instrument not inserted")
    };
    let hash = s.hasher.hash(PASSWORD.into()).await.unwrap();
    let out = generate(&s, &id, scale, &hash).await.unwrap();
    eprintln!("scale {}: {out:?}", scale.institutions);
    (s, dir, out)
}

async fn count(s: &Store, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&s.pool).await.unwrap()
}

#[test]
fn national_counts_are_the_published_ones() {
    let counts = plan::fate_counts(NATIONAL_INSTITUTIONS);
    let decided = |g: Grade| {
        counts.iter().find(|(f, _)| f.state == Some(domain::CycleState::Decided) && f.grade == Some(g)).unwrap().1
    };
    assert_eq!((decided(Grade::A), decided(Grade::B), decided(Grade::C)), (871, 4439, 6897));
    assert_eq!(counts.iter().map(|c| c.1).sum::<usize>(), NATIONAL_INSTITUTIONS);
    for n in [13, 100, 300, 1000] {
        let counts = plan::fate_counts(n);
        assert_eq!(counts.iter().map(|c| c.1).sum::<usize>(), n);
        assert!(counts.iter().all(|c| c.1 > 0), "{n}: {counts:?}");
    }
    assert_eq!(staff_counts(NATIONAL_INSTITUTIONS), (601, 40));
}

#[tokio::test]
async fn a_generated_country_is_consistent_and_reproducible() {
    let scale = Scale { institutions: 300, seed: 7, now: 1_795_000_000 };
    let (s, _dir, out) = generated(&scale).await;
    assert_eq!(out.institutions, 300);
    assert_eq!(count(&s, "select count(*) from institutions").await, 300);
    assert_eq!(count(&s, "select count(*) from provinces").await, 38);
    assert_eq!(count(&s, "select count(*) from regencies").await, 514);

    // States and grades in the national proportions; every state present.
    let expected = plan::fate_counts(300);
    let by_state: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "select c.state, c.grade, count(*) from cycles c
          where c.created_at = (select max(created_at) from cycles d where d.institution_id = c.institution_id)
          group by c.state, c.grade",
    )
    .fetch_all(&s.pool)
    .await
    .unwrap();
    for (fate, n) in &expected {
        let Some(state) = fate.state else { continue };
        let found: i64 = by_state
            .iter()
            .filter(|(st, g, _)| {
                st == state.code()
                    && (state != domain::CycleState::Decided || g.as_deref() == fate.grade.map(|g| g.code()))
            })
            .map(|r| r.2)
            .sum();
        assert_eq!(found as usize, *n, "{state:?} {:?}", fate.grade);
    }
    let never = expected.iter().find(|(f, _)| f.state.is_none()).unwrap().1 as i64;
    assert_eq!(count(&s, "select count(*) from institutions i where not exists (select 1 from cycles c where c.institution_id = i.id)").await, never);
    assert!(count(&s, "select count(*) from cycles where state = 'expired' and institution_id in (select institution_id from cycles where state = 'decided')").await > 0, "history");

    // The grade decided is the one the engine recommended and the one on the certificate.
    let mismatched = count(
        &s,
        "select count(*) from cycles c join cycle_results r on r.cycle_id = c.id join certificates ce on ce.cycle_id = c.id
          where c.state in ('decided', 'appealed', 'expired')
            and (r.recommended_grade <> c.grade or ce.grade <> c.grade or c.grade is null)",
    )
    .await;
    assert_eq!(mismatched, 0);
    assert_eq!(
        count(&s, "select count(*) from cycles where state in ('decided', 'appealed', 'expired')").await,
        count(&s, "select count(*) from certificates").await
    );
    for (json, grade) in
        sqlx::query_as::<_, (String, String)>("select evaluation, recommended_grade from cycle_results")
            .fetch_all(&s.pool)
            .await
            .unwrap()
    {
        let e: domain::Evaluation = serde_json::from_str(&json).unwrap();
        assert_eq!(e.grade.code(), grade);
    }
    assert_eq!(
        count(&s, "select count(*) from cycles where state = 'decided' and valid_until < '2026-11-19'").await,
        0
    );

    // The per-component rows are what the migration's backfill computes from the score rows.
    let stored: Vec<(String, String, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "select cycle_id, component_code, self_earned, self_possible, final_earned, final_possible, final_percent_hundredths
           from cycle_component_results order by cycle_id, component_code",
    )
    .fetch_all(&s.pool)
    .await
    .unwrap();
    let backfill = include_str!("../../migrations/20261201000001_national_size.sql");
    let select = &backfill[backfill.find("select c.id, ind.component_code").unwrap()..];
    let select = &select[..select.find(';').unwrap()];
    let computed: Vec<(String, String, i64, i64, i64, i64, i64)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{select} order by 1, 2"))).fetch_all(&s.pool).await.unwrap();
    assert!(!stored.is_empty());
    assert_eq!(stored, computed);

    // Every regency of some province has institutions.
    let full: i64 = count(
        &s,
        "select count(*) from provinces p where not exists (select 1 from regencies r where r.province_id = p.id
            and not exists (select 1 from institutions i where i.regency_id = r.id))",
    )
    .await;
    assert!(full > 0);

    // Certificates expiring within half a year for the dashboard; unique numbers and codes hold by constraint.
    assert!(count(&s, "select count(*) from notifications where kind = 'decided'").await > 0);

    for username in [manager_username(1), dinsos_username("31.71"), ADMIN_USERNAME.into()] {
        assert!(crate::accounts::login(&s, &username, PASSWORD, "ip").await.unwrap().is_ok(), "{username}");
    }
    let instrument: String = sqlx::query_scalar("select id from instrument_versions").fetch_one(&s.pool).await.unwrap();
    assert!(generate(&s, &instrument, &scale, "x").await.is_err(), "a second run is refused");

    // The same seed gives the same data.
    let (again, _dir2, out2) = generated(&scale).await;
    assert_eq!(Generated { millis: 0, ..out.clone() }, Generated { millis: 0, ..out2 });
    for sql in [
        "select id || name || regency_id || address || foundation || registration_number from institutions order by id",
        "select id || institution_id || state || coalesce(grade, '') || state_entered_at from cycles order by id",
        "select number || verification_code || valid_until from certificates order by number",
        "select cycle_id || indicator_code || self_score from answers order by 1",
    ] {
        let a: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(&s.pool).await.unwrap();
        let b: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(&again.pool).await.unwrap();
        assert_eq!(a, b, "{sql}");
    }
}

#[tokio::test]
async fn generates_next_to_the_demo_data() {
    let d = crate::testing::demo().await;
    let hash = d.store.hasher.hash(PASSWORD.into()).await.unwrap();
    let out =
        generate(&d.store, &d.version, &Scale { institutions: 40, seed: 1, now: crate::now() }, &hash).await.unwrap();
    assert_eq!(out.institutions, 40);
    assert_eq!(count(&d.store, "select count(*) from institutions").await, 50);
    let demo_users = crate::demo::USERS.len() as i64;
    assert_eq!(count(&d.store, "select count(*) from users").await, demo_users + out.users as i64);
    assert!(crate::accounts::login(&d.store, "asesor1", crate::demo::DEMO_PASSWORD, "ip").await.unwrap().is_ok());
}

/// Timing at a scale of 500 (`NATIONAL_SCALE=14445` for the whole country); with
/// `NATIONAL_DB=sqlite:///path/national.db` the data set is kept in that (new) database:
/// `cargo test -p store --release national_timing -- --ignored --nocapture`.
#[tokio::test]
#[ignore]
async fn national_timing() {
    let n = std::env::var("NATIONAL_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    let scale = Scale::of(n);
    let out = match std::env::var("NATIONAL_DB") {
        Ok(url) => {
            let s = Store::open(&url).await.unwrap();
            let instrument = crate::instruments::parse(INSTRUMENT).unwrap();
            let (crate::instruments::Loaded::Inserted { id } | crate::instruments::Loaded::Unchanged { id }) =
                crate::instruments::load(&s, &instrument).await.unwrap();
            let hash = s.hasher.hash(PASSWORD.into()).await.unwrap();
            generate(&s, &id, &scale, &hash).await.unwrap()
        }
        Err(_) => generated(&scale).await.2,
    };
    eprintln!("{n} institutions in {} ms: {out:?}", out.millis);
}
