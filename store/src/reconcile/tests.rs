use super::*;
use crate::testing::{codes, cycle_state, demo, first_score, score, user, visited};
use crate::visit::{as_scores, scores_of};
use domain::Scores;
use domain::reconcile::ReconcileError;

#[tokio::test]
async fn reconciliation_stores_finals_result_and_audits_overrides() {
    let d = demo().await;
    let s = &d.store;
    let (cycle, a1, a2) = visited(&d).await;
    let supervisor = user(s, "supervisor").await;
    let first = as_scores(&scores_of(s, &cycle, &a1).await.unwrap());
    let second = as_scores(&scores_of(s, &cycle, &a2).await.unwrap());
    assert_eq!(first.len(), d.instrument.indicator_count());

    // The reconciler takes asesor1's score everywhere except the first indicator, which gets
    // a score neither assessor gave (3 and 4).
    let codes = codes(&d.instrument);
    let mut finals: Vec<FinalScore> = codes
        .iter()
        .enumerate()
        .map(|(n, code)| FinalScore { code: code.clone(), score: score(first_score(n)), reason: String::new() })
        .collect();
    finals[0].score = score(1);
    assert_ne!(Some(&finals[0].score), first.get(&codes[0]));
    assert_ne!(Some(&finals[0].score), second.get(&codes[0]));

    assert_eq!(
        reconcile(s, &supervisor, &cycle, &d.instrument, &finals).await.unwrap(),
        ReconcileOutcome::Invalid(ReconcileError::ReasonRequired(vec![codes[0].clone()]))
    );
    assert_eq!(cycle_state(s, &cycle).await, "visited");
    assert!(finals_of(s, &cycle).await.is_empty());
    assert_eq!(result(s, &cycle).await.unwrap(), None);

    finals[0].reason = "  Izin operasional kedaluwarsa; perpanjangan belum diajukan  ".into();
    let expected_scores: Scores = finals.iter().map(|f| (f.code.clone(), f.score)).collect();
    let expected = domain::evaluate(&d.instrument, &expected_scores).unwrap();
    let ReconcileOutcome::Reconciled(evaluation) =
        reconcile(s, &supervisor, &cycle, &d.instrument, &finals).await.unwrap()
    else {
        panic!("expected the cycle to be reconciled")
    };
    assert_eq!(evaluation.grade, expected.grade);
    assert_eq!(*evaluation, expected);

    let mut stored_finals = finals_of(s, &cycle).await;
    stored_finals.sort_by(|a, b| a.code.cmp(&b.code));
    let mut wanted = finals.clone();
    wanted[0].reason = wanted[0].reason.trim().to_string();
    wanted.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(stored_finals, wanted);
    assert_eq!(result(s, &cycle).await.unwrap(), Some(expected.clone()));
    assert_eq!(cycle_state(s, &cycle).await, "reconciled");

    let overrides: Vec<(String, Option<String>)> =
        sqlx::query_as("select entity_id, actor_user_id from audit_events where action = 'override_score' and entity_id like $1 || '/%'")
            .bind(&cycle)
            .fetch_all(&s.pool)
            .await
            .unwrap();
    assert_eq!(overrides, [(format!("{cycle}/{}", codes[0]), Some(supervisor.clone()))]);
    let (total, grade): (i64, String) =
        sqlx::query_as("select total_hundredths, recommended_grade from cycle_results where cycle_id = $1")
            .bind(&cycle)
            .fetch_one(&s.pool)
            .await
            .unwrap();
    assert_eq!((total, grade.as_str()), (expected.total_hundredths, expected.grade.code()));

    // Reconciling twice is refused by the workflow.
    assert_eq!(
        reconcile(s, &supervisor, &cycle, &d.instrument, &finals).await.unwrap(),
        ReconcileOutcome::NotAllowed(CycleState::Reconciled)
    );
}

async fn finals_of(s: &Store, cycle: &str) -> Vec<FinalScore> {
    finals(s, cycle).await.unwrap()
}
