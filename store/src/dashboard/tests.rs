use super::*;
use crate::testing::{TempDir, store};
use domain::{Instrument, Score, Scores};

const INSTRUMENT: &str = include_str!("../../../instrument/snpa-lksa-2026.1.toml");

fn banjarmasin() -> RegionScope {
    RegionScope::Regency { province: "63".into(), regency: "63.71".into() }
}

async fn demo() -> (Store, TempDir, Instrument) {
    let (s, dir) = store().await;
    let instrument = crate::instruments::parse(INSTRUMENT).unwrap();
    let crate::instruments::Loaded::Inserted { id } = crate::instruments::load(&s, &instrument).await.unwrap() else {
        panic!("instrument not inserted")
    };
    crate::demo::seed(&s, &id, None).await.unwrap();
    (s, dir, instrument)
}

async fn cycle_of(s: &Store, name: &str) -> String {
    let id: String =
        sqlx::query_scalar("select id from institutions where name = $1").bind(name).fetch_one(&s.pool).await.unwrap();
    crate::cycles::latest_for_institution(s, &id).await.unwrap().unwrap().id
}

async fn admin(s: &Store) -> String {
    sqlx::query_scalar("select id from users where username = 'admin'").fetch_one(&s.pool).await.unwrap()
}

/// (state, grade) of every cycle in the regency (`None` = all), read independently.
async fn cycles_in(s: &Store, regency: Option<&str>) -> Vec<(String, Option<String>)> {
    let all: Vec<(String, Option<String>, String)> = sqlx::query_as(
        "select c.state, c.grade, i.regency_id from cycles c join institutions i on i.id = c.institution_id",
    )
    .fetch_all(&s.pool)
    .await
    .unwrap();
    all.into_iter().filter(|(.., r)| regency.is_none_or(|x| x == r)).map(|(st, g, _)| (st, g)).collect()
}

#[tokio::test]
async fn counts_by_state_and_grade_match_an_independent_count() {
    let (s, _dir, _) = demo().await;
    for (scope, regency) in [(Some(banjarmasin()), Some("63.71")), (None, None)] {
        let d = dashboard(&s, scope.as_ref(), "2026-11-01").await.unwrap();
        let cycles = cycles_in(&s, regency).await;
        assert!(!cycles.is_empty());
        for (state, n) in &d.by_state {
            let expected = cycles.iter().filter(|(st, _)| st == state.code()).count() as i64;
            assert_eq!(*n, expected, "{state:?} in {regency:?}");
        }
        assert_eq!(d.by_state.iter().map(|(_, n)| n).sum::<i64>(), cycles.len() as i64);
        for (grade, n) in &d.by_grade {
            let expected =
                cycles.iter().filter(|(st, g)| st == "decided" && g.as_deref() == Some(grade.code())).count() as i64;
            assert_eq!(*n, expected, "{grade:?} in {regency:?}");
        }
        let waiting = cycles.iter().filter(|(st, _)| AGEING_STATES.iter().any(|a| a.code() == st)).count() as i64;
        assert_eq!(d.ageing.iter().map(|a| a.cycles).sum::<i64>(), waiting);
    }
    let all = dashboard(&s, None, "2026-11-01").await.unwrap();
    assert!(all.by_grade.iter().map(|(_, n)| n).sum::<i64>() >= 1);
}

#[tokio::test]
async fn ageing_counts_days_since_the_cycle_entered_its_state() {
    let (s, _dir, _) = demo().await;
    // A real transition stamps the day it happened: accepted today, waiting 0 days.
    let submitted = cycle_of(&s, "LKSA Al-Hidayah").await;
    assert!(crate::intake::accept(&s, &admin(&s).await, &submitted).await.unwrap());
    let d = dashboard(&s, None, &crate::today()).await.unwrap();
    let accepted = d.ageing.iter().find(|a| a.state == CycleState::Accepted).unwrap();
    assert!(accepted.cycles >= 1);
    assert_eq!(accepted.max_days, 0);

    let cycle = cycle_of(&s, "Panti Asuhan Sunan Giri").await;
    let base = time::Date::parse("2026-11-01", time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap()
        .midnight()
        .assume_utc()
        .unix_timestamp();
    // Entered 'reconciled' six days (and an hour) before the morning of 1 November.
    sqlx::query("update cycles set state_entered_at = $2 where id = $1")
        .bind(&cycle)
        .bind(base - 6 * 86_400 + 3600)
        .execute(&s.pool)
        .await
        .unwrap();
    let d = dashboard(&s, None, "2026-11-01").await.unwrap();
    let reconciled = d.ageing.iter().find(|a| a.state == CycleState::Reconciled).unwrap();
    assert_eq!((reconciled.cycles, reconciled.max_days, reconciled.average_days), (1, 6, 6));
    // A clock behind the stamp never gives negative days.
    let d = dashboard(&s, None, "2026-10-01").await.unwrap();
    let reconciled = d.ageing.iter().find(|a| a.state == CycleState::Reconciled).unwrap();
    assert_eq!((reconciled.max_days, reconciled.average_days), (0, 0));
}

#[tokio::test]
async fn accreditations_expiring_within_183_days_are_listed() {
    let (s, _dir, _) = demo().await;
    let today = crate::today();
    let d = dashboard(&s, None, &today).await.unwrap();
    let decided = sqlx::query_as::<_, (String, String)>(
        "select c.id, i.name from cycles c join institutions i on i.id = c.institution_id where c.state = 'decided'",
    )
    .fetch_all(&s.pool)
    .await
    .unwrap();
    let (cycle, name) =
        decided.into_iter().find(|(_, n)| !d.expiring.iter().any(|e| &e.institution_name == n)).unwrap();
    let soon = (parse_date(&today).unwrap() + time::Duration::days(30)).to_string();
    sqlx::query("update cycles set valid_until = $2 where id = $1")
        .bind(&cycle)
        .bind(&soon)
        .execute(&s.pool)
        .await
        .unwrap();
    let d = dashboard(&s, None, &today).await.unwrap();
    let e = d.expiring.iter().find(|e| e.institution_name == name).expect("listed as expiring");
    assert_eq!((e.days_left, e.valid_until.as_str()), (30, soon.as_str()));
    assert!(d.expiring.iter().all(|e| e.days_left <= EXPIRY_HORIZON_DAYS));
    // Far in the future: no longer listed.
    sqlx::query("update cycles set valid_until = '2099-01-01' where id = $1")
        .bind(&cycle)
        .execute(&s.pool)
        .await
        .unwrap();
    let d = dashboard(&s, None, &today).await.unwrap();
    assert!(!d.expiring.iter().any(|e| e.institution_name == name));
}

fn all_scored(instrument: &Instrument, value: i64) -> Scores {
    instrument.indicators().map(|(_, i)| (i.code.clone(), Score::parse(value).unwrap())).collect()
}

/// The reconciliation's rows for `evaluation`, with its per-component summary as the
/// reconciliation writes it.
async fn store_result(s: &Store, cycle: &str, evaluation: &domain::Evaluation) {
    let mut tx = s.write_tx().await.unwrap();
    sqlx::query("delete from cycle_results where cycle_id = $1").bind(cycle).execute(&mut *tx).await.unwrap();
    sqlx::query(
        "insert into cycle_results (cycle_id, evaluation, total_hundredths, recommended_grade, reconciled_by, created_at)
         values ($1, $2, $3, $4, $5, 0)",
    )
    .bind(cycle)
    .bind(serde_json::to_string(evaluation).unwrap())
    .bind(evaluation.total_hundredths)
    .bind(evaluation.grade.code())
    .bind(admin(s).await)
    .execute(&mut *tx)
    .await
    .unwrap();
    crate::summary::record_components(&mut tx, cycle, evaluation).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn component_averages_and_self_score_gaps() {
    let (s, _dir, instrument) = demo().await;
    let reconciled = cycle_of(&s, "Panti Asuhan Sunan Giri").await; // Magetan, 35.20
    let decided = cycle_of(&s, "Panti Asuhan Bhakti Luhur").await; // Madiun, 35.77
    let threes = domain::evaluate(&instrument, &all_scored(&instrument, 3)).unwrap();
    let fours = domain::evaluate(&instrument, &all_scored(&instrument, 4)).unwrap();
    // Only these two cycles keep results: the demo's other decided cycle (Kota Banjarbaru) is left out.
    let others: Vec<String> =
        sqlx::query_scalar("select distinct cycle_id from cycle_component_results where cycle_id not in ($1, $2)")
            .bind(&reconciled)
            .bind(&decided)
            .fetch_all(&s.pool)
            .await
            .unwrap();
    assert_eq!(others.len(), 1, "{others:?}");
    let mut tx = s.write_tx().await.unwrap();
    for other in &others {
        sqlx::query("delete from cycle_component_results where cycle_id = $1")
            .bind(other)
            .execute(&mut *tx)
            .await
            .unwrap();
        crate::summary::refresh_totals(&mut tx, Some(other)).await.unwrap();
    }
    tx.commit().await.unwrap();
    store_result(&s, &reconciled, &threes).await;
    store_result(&s, &decided, &fours).await;

    let d = dashboard(&s, None, "2026-11-01").await.unwrap();
    assert_eq!(d.components.len(), instrument.components.len());
    for ((avg, (a, b)), c) in
        d.components.iter().zip(threes.components.iter().zip(&fours.components)).zip(&instrument.components)
    {
        assert_eq!((&avg.code, &avg.name), (&c.code, &c.name), "instrument order and names");
        assert_eq!(avg.cycles, 2);
        assert_eq!(avg.average_hundredths, (a.percent_hundredths + b.percent_hundredths + 1) / 2);
    }
    assert!(dashboard(&s, Some(&banjarmasin()), "2026-11-01").await.unwrap().components.is_empty());

    // Self-scores 4 and 1 alternating, every final score 2.
    sqlx::query("delete from answers where cycle_id = $1").bind(&reconciled).execute(&s.pool).await.unwrap();
    let component = &instrument.components[0];
    let (mut self_earned, mut possible) = (0i64, 0i64);
    for (n, (c, indicator)) in instrument.indicators().enumerate() {
        let own = if n % 2 == 0 { 4 } else { 1 };
        sqlx::query(
            "insert into answers (cycle_id, indicator_code, self_score, narrative, revision, created_at, updated_at)
             values ($1, $2, $3, '', 1, 0, 0)",
        )
        .bind(&reconciled)
        .bind(&indicator.code)
        .bind(own)
        .execute(&s.pool)
        .await
        .unwrap();
        if c.code == component.code {
            let w = i64::from(indicator.weight);
            self_earned += own * w;
            possible += 4 * w;
        }
    }
    let twos = domain::evaluate(&instrument, &all_scored(&instrument, 2)).unwrap();
    store_result(&s, &reconciled, &twos).await;
    // Only the reconciled cycle keeps results (its regency's totals rebuilt as the store does).
    let mut tx = s.write_tx().await.unwrap();
    sqlx::query("delete from cycle_component_results where cycle_id = $1")
        .bind(&decided)
        .execute(&mut *tx)
        .await
        .unwrap();
    crate::summary::refresh_totals(&mut tx, Some(&decided)).await.unwrap();
    tx.commit().await.unwrap();

    let d = dashboard(&s, None, "2026-11-01").await.unwrap();
    let expected_self = (self_earned * 10_000 * 2 + possible) / (possible * 2);
    let first = d.gaps.iter().find(|g| g.component == component.code).unwrap();
    assert_eq!((first.self_hundredths, first.final_hundredths), (expected_self, 5000));
    assert_eq!(first.gap_hundredths(), expected_self - 5000);
    assert_eq!(d.gaps.len(), instrument.components.len());
    // Nationally per province; within a province per regency.
    assert_eq!(d.area_level, AreaLevel::Province);
    assert_eq!(d.gaps_by_area.len(), 1);
    assert_eq!((d.gaps_by_area[0].area_id.as_str(), &d.gaps_by_area[0].gaps), ("35", &d.gaps));
    let jatim = RegionScope::Province { province: "35".into() };
    let d = dashboard(&s, Some(&jatim), "2026-11-01").await.unwrap();
    assert_eq!(d.area_level, AreaLevel::Regency);
    assert_eq!(d.gaps_by_area.iter().map(|a| a.area_id.as_str()).collect::<Vec<_>>(), ["35.20"]);
    assert!(dashboard(&s, Some(&banjarmasin()), "2026-11-01").await.unwrap().gaps.is_empty());
}

#[tokio::test]
async fn a_reconciliation_writes_the_component_summary_the_backfill_would() {
    let (s, _dir, instrument) = demo().await;
    let cycle = cycle_of(&s, "Panti Asuhan Sunan Giri").await;
    let twos = domain::evaluate(&instrument, &all_scored(&instrument, 2)).unwrap();
    store_result(&s, &cycle, &twos).await;
    let written: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "select component_code, self_earned, self_possible, final_earned, final_possible
           from cycle_component_results where cycle_id = $1 order by component_code",
    )
    .bind(&cycle)
    .fetch_all(&s.pool)
    .await
    .unwrap();
    // The same figures straight from the score rows (as the migration's backfill reads them).
    let mut expected: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "select ind.component_code, coalesce(sum(a.self_score * ind.weight), 0), coalesce(sum(4 * ind.weight), 0), 0, 0
           from cycles c join indicators ind on ind.instrument_version_id = c.instrument_version_id
           join answers a on a.cycle_id = c.id and a.indicator_code = ind.code
          where c.id = $1 group by ind.component_code order by ind.component_code",
    )
    .bind(&cycle)
    .fetch_all(&s.pool)
    .await
    .unwrap();
    for e in &mut expected {
        let c = twos.components.iter().find(|c| c.code == e.0).unwrap();
        (e.3, e.4) = (c.earned as i64, c.possible as i64);
    }
    assert_eq!(written, expected);
    assert_eq!(written.len(), instrument.components.len());

    // The copy of the cycle's state follows every transition, in the transition's transaction.
    let states = |s: Store, cycle: String| async move {
        sqlx::query_scalar::<_, String>("select distinct state from cycle_component_results where cycle_id = $1")
            .bind(cycle)
            .fetch_all(&s.pool)
            .await
            .unwrap()
    };
    assert_eq!(states(s.clone(), cycle.clone()).await, ["reconciled"]);
    let mut tx = s.write_tx().await.unwrap();
    crate::cycles::transition(&mut tx, &cycle, domain::Transition::Decide, None).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    assert_eq!(states(s.clone(), cycle.clone()).await, ["decided"]);
    let d = dashboard(&s, None, "2026-11-01").await.unwrap();
    assert!(d.components.iter().all(|c| c.cycles >= 1), "a decided cycle is averaged");
}
