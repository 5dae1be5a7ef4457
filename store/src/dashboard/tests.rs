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
    crate::demo::seed(&s, &id).await.unwrap();
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
async fn ageing_counts_days_since_the_latest_transition_into_the_state() {
    let (s, _dir, _) = demo().await;
    let cycle = cycle_of(&s, "Panti Asuhan Sunan Giri").await;
    let day = 86_400;
    let base = time::Date::parse("2026-11-01", time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap()
        .midnight()
        .assume_utc()
        .unix_timestamp();
    // Entered 'reconciled' twice: only the later one counts.
    for (id, at) in [("t1", base - 20 * day), ("t2", base - 6 * day + 3600)] {
        sqlx::query(
            "insert into audit_events (id, actor_user_id, action, entity, entity_id, before_state, after_state, created_at)
             values ($1, null, 'transition', 'cycle', $2, 'visited', 'reconciled', $3)",
        )
        .bind(id)
        .bind(&cycle)
        .bind(at)
        .execute(&s.pool)
        .await
        .unwrap();
    }
    let d = dashboard(&s, None, "2026-11-01").await.unwrap();
    let reconciled = d.ageing.iter().find(|a| a.state == CycleState::Reconciled).unwrap();
    assert_eq!((reconciled.cycles, reconciled.max_days, reconciled.average_days), (1, 6, 6));
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

async fn store_result(s: &Store, cycle: &str, evaluation: &domain::Evaluation) {
    sqlx::query(
        "insert into cycle_results (cycle_id, evaluation, total_hundredths, recommended_grade, reconciled_by, created_at)
         values ($1, $2, $3, $4, $5, 0)",
    )
    .bind(cycle)
    .bind(serde_json::to_string(evaluation).unwrap())
    .bind(evaluation.total_hundredths)
    .bind(evaluation.grade.code())
    .bind(admin(s).await)
    .execute(&s.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn component_averages_and_self_score_gaps() {
    let (s, _dir, instrument) = demo().await;
    let reconciled = cycle_of(&s, "Panti Asuhan Sunan Giri").await; // Magetan, 35.20
    let decided = cycle_of(&s, "Panti Asuhan Bhakti Luhur").await; // Madiun, 35.77
    let threes = domain::evaluate(&instrument, &all_scored(&instrument, 3)).unwrap();
    let fours = domain::evaluate(&instrument, &all_scored(&instrument, 4)).unwrap();
    store_result(&s, &reconciled, &threes).await;
    store_result(&s, &decided, &fours).await;

    let d = dashboard(&s, None, "2026-11-01").await.unwrap();
    assert_eq!(d.components.len(), instrument.components.len());
    for (avg, (a, b)) in d.components.iter().zip(threes.components.iter().zip(&fours.components)) {
        assert_eq!(avg.code, a.code);
        assert_eq!(avg.cycles, 2);
        assert_eq!(avg.average_hundredths, (a.percent_hundredths + b.percent_hundredths + 1) / 2);
    }
    assert!(dashboard(&s, Some(&banjarmasin()), "2026-11-01").await.unwrap().components.is_empty());

    // Final scores for the first component only: self-scores 4 and 1 alternating, final 2.
    let component = &instrument.components[0];
    let admin = admin(&s).await;
    sqlx::query("delete from answers where cycle_id = $1").bind(&reconciled).execute(&s.pool).await.unwrap();
    let (mut self_earned, mut final_earned, mut possible) = (0i64, 0i64, 0i64);
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
        if c.code != component.code {
            continue;
        }
        sqlx::query(
            "insert into final_scores (cycle_id, indicator_code, score, set_by, created_at) values ($1, $2, 2, $3, 0)",
        )
        .bind(&reconciled)
        .bind(&indicator.code)
        .bind(&admin)
        .execute(&s.pool)
        .await
        .unwrap();
        let w = i64::from(indicator.weight);
        self_earned += own * w;
        final_earned += 2 * w;
        possible += 4 * w;
    }
    let d = dashboard(&s, None, "2026-11-01").await.unwrap();
    let expected_self = (self_earned * 10_000 * 2 + possible) / (possible * 2);
    let expected_final = (final_earned * 10_000 * 2 + possible) / (possible * 2);
    assert_eq!(expected_final, 5000);
    let first = d.gaps.iter().find(|g| g.component == component.code).unwrap();
    assert_eq!((first.self_hundredths, first.final_hundredths), (expected_self, expected_final));
    assert_eq!(first.gap_hundredths(), expected_self - 5000);
    assert_eq!(d.gaps.len(), 1, "only components with final scores");
    assert_eq!(d.gaps_by_regency.len(), 1);
    assert_eq!(d.gaps_by_regency[0].regency_id, "35.20");
    assert_eq!(d.gaps_by_regency[0].gaps, d.gaps);
    assert!(dashboard(&s, Some(&banjarmasin()), "2026-11-01").await.unwrap().gaps.is_empty());
}
