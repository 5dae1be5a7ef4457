use super::*;
use crate::self_assessment::{AnswerInput, save_answer};
use crate::testing::{Demo, cycle_of, demo, user};
use domain::instrument_diff::{IndicatorChange, Moved};

const BUDI_MULIA: &str = "Panti Asuhan Budi Mulia";

/// The current version with PR.1.01 reworded, SP.9.02 removed and SP.9.03 added in its place.
async fn next(d: &Demo) -> Instrument {
    let (_, mut i) = crate::instruments::current(&d.store, &d.instrument.code).await.unwrap().unwrap();
    i.version = "2099.1".into();
    i.components[0].indicators[0].text.push_str(" (diubah)");
    let sp = i.components.iter_mut().find(|c| c.code == "SP").unwrap();
    let mut gone = sp.indicators.pop().unwrap();
    assert_eq!(gone.code, "SP.9.02");
    gone.code = "SP.9.03".into();
    sp.indicators.push(gone);
    i
}

async fn answer(d: &Demo, cycle: &str, code: &str, score: u8, narrative: &str) {
    let manager = sqlx::query_scalar::<_, String>(
        "select u.id from users u join cycles c on c.institution_id = u.institution_id where c.id = $1 limit 1",
    )
    .bind(cycle)
    .fetch_one(&d.store.pool)
    .await
    .unwrap();
    let revision: i64 = sqlx::query_scalar(
        "select coalesce(max(revision), 0) from answers where cycle_id = $1 and indicator_code = $2",
    )
    .bind(cycle)
    .bind(code)
    .fetch_one(&d.store.pool)
    .await
    .unwrap();
    let input = AnswerInput {
        change_id: crate::new_id(),
        indicator_code: code.into(),
        base_revision: revision,
        self_score: Some(crate::testing::score(score)),
        narrative: narrative.into(),
    };
    save_answer(&d.store, &manager, cycle, &input).await.unwrap();
}

#[tokio::test]
async fn an_uploaded_version_waits_for_review_and_publishing_makes_it_current() {
    let d = demo().await;
    let admin = user(&d.store, "admin").await;
    let (before, published) = crate::instruments::current(&d.store, &d.instrument.code).await.unwrap().unwrap();
    assert_eq!(published.version, "2026.2", "the demo administrator published the shipped version");
    let Loaded::Inserted { id } = upload(&d.store, &next(&d).await, &admin).await.unwrap() else { panic!("inserted") };
    let (current, _) = crate::instruments::current(&d.store, &d.instrument.code).await.unwrap().unwrap();
    assert_eq!(current, before, "an upload changes nothing until it is published");

    let (base, changes) = review(&d.store, &id).await.unwrap().unwrap();
    assert_eq!(base.as_deref(), Some("2026.2"));
    assert_eq!(changes.count(|c| matches!(c, IndicatorChange::Changed { .. })), 1);
    assert_eq!(changes.find("SP.9.03"), Some(&IndicatorChange::Added { code: "SP.9.03".into() }));
    assert_eq!(changes.find("SP.9.02"), Some(&IndicatorChange::Removed { code: "SP.9.02".into() }));

    let refused = migrate_drafts(&d.store, &id, &BTreeMap::new(), &admin).await.unwrap();
    assert_eq!(refused, Err(MigrateRefused::NotCurrent), "drafts move only to the published version");
    assert!(publish(&d.store, &id, &admin).await.unwrap());
    assert!(!publish(&d.store, &id, &admin).await.unwrap(), "publishing twice does nothing");
    let (current, _) = crate::instruments::current(&d.store, &d.instrument.code).await.unwrap().unwrap();
    assert_eq!(current, id);
    let rows = list(&d.store, &d.instrument.code).await.unwrap();
    assert_eq!(rows[0].version, "2099.1");
    assert!(rows.iter().all(|r| r.published_at.is_some()));
    let (base, again) = review(&d.store, &id).await.unwrap().unwrap();
    assert_eq!((base.as_deref(), again), (Some("2026.2"), changes), "published: still against the one before");
}

#[tokio::test]
async fn drafts_move_with_their_rules_and_decided_cycles_stay() {
    let d = demo().await;
    let admin = user(&d.store, "admin").await;
    let draft = cycle_of(&d.store, BUDI_MULIA).await;
    answer(&d, &draft, "PR.1.01", 3, "Tanda daftar ada").await;
    answer(&d, &draft, "PR.1.02", 2, "").await;
    answer(&d, &draft, "SP.9.02", 4, "Catatan yang harus tetap ada").await;
    let decided: Vec<String> = sqlx::query_scalar("select id from cycles where state = 'decided' order by id")
        .fetch_all(&d.store.pool)
        .await
        .unwrap();
    assert!(!decided.is_empty());

    let Loaded::Inserted { id } = upload(&d.store, &next(&d).await, &admin).await.unwrap() else { panic!("inserted") };
    assert!(publish(&d.store, &id, &admin).await.unwrap());
    let drafts = drafts_to_migrate(&d.store, &id).await.unwrap();
    assert!(drafts >= 1);
    let wrong = BTreeMap::from([("SP.9.02".to_string(), Rule::Map("PR.1.02".into()))]);
    assert!(matches!(migrate_drafts(&d.store, &id, &wrong, &admin).await.unwrap(), Err(MigrateRefused::Plan(_))));
    assert_eq!(drafts_to_migrate(&d.store, &id).await.unwrap(), drafts, "a refused plan moves nothing");

    let rules = BTreeMap::from([("SP.9.02".to_string(), Rule::Map("SP.9.03".into()))]);
    assert_eq!(migrate_drafts(&d.store, &id, &rules, &admin).await.unwrap(), Ok(drafts));
    assert_eq!(migrate_drafts(&d.store, &id, &rules, &admin).await.unwrap(), Ok(0), "running it again moves nothing");

    let on: String = sqlx::query_scalar("select instrument_version_id from cycles where id = $1")
        .bind(&draft)
        .fetch_one(&d.store.pool)
        .await
        .unwrap();
    assert_eq!(on, id);
    let moved: (i64, String, i64) = sqlx::query_as(
        "select self_score, narrative, revision from answers where cycle_id = $1 and indicator_code = 'SP.9.03'",
    )
    .bind(&draft)
    .fetch_one(&d.store.pool)
    .await
    .unwrap();
    assert_eq!(
        (moved.0, moved.1.as_str(), moved.2),
        (4, "Catatan yang harus tetap ada", 2),
        "mapped with a new revision"
    );
    let report = migration_of(&d.store, &draft).await.unwrap().unwrap();
    assert_eq!(report.to_version, "2099.1");
    assert!(report.report.contains(&Moved::Recheck {
        code: "PR.1.01".into(),
        aspects: vec![domain::instrument_diff::Aspect::Wording],
        score: Some(3)
    }));
    assert!(report.report.contains(&Moved::Mapped { from: "SP.9.02".into(), to: "SP.9.03".into(), score: Some(4) }));
    assert!(!report.report.iter().any(|m| matches!(m, Moved::Recheck { code, .. } if code == "PR.1.02")));
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_events where action = 'migrate_instrument' and entity_id = $1")
            .bind(&draft)
            .fetch_one(&d.store.pool)
            .await
            .unwrap();
    assert_eq!(audited, 2, "the demo moved it to 2026.2, this test to 2099.1");

    let still: i64 =
        sqlx::query_scalar("select count(*) from cycles where state = 'decided' and instrument_version_id = $1")
            .bind(&id)
            .fetch_one(&d.store.pool)
            .await
            .unwrap();
    assert_eq!(still, 0, "decided cycles stay on their version");
}

#[tokio::test]
async fn a_removed_indicator_answer_is_kept_with_the_migration() {
    let d = demo().await;
    let admin = user(&d.store, "admin").await;
    let draft = cycle_of(&d.store, BUDI_MULIA).await;
    answer(&d, &draft, "SP.9.02", 1, "Narasi lama").await;
    let Loaded::Inserted { id } = upload(&d.store, &next(&d).await, &admin).await.unwrap() else { panic!("inserted") };
    publish(&d.store, &id, &admin).await.unwrap();
    migrate_drafts(&d.store, &id, &BTreeMap::new(), &admin).await.unwrap().unwrap();
    let left: i64 =
        sqlx::query_scalar("select count(*) from answers where cycle_id = $1 and indicator_code = 'SP.9.02'")
            .bind(&draft)
            .fetch_one(&d.store.pool)
            .await
            .unwrap();
    assert_eq!(left, 0, "an answer that no longer counts leaves the self-assessment");
    let report = migration_of(&d.store, &draft).await.unwrap().unwrap();
    assert!(report.report.contains(&Moved::Withdrawn { code: "SP.9.02".into(), previous: Some(1) }));
    assert!(report.report.contains(&Moved::New { code: "SP.9.03".into() }));
    assert_eq!(report.withdrawn[0].narrative, "Narasi lama", "and is kept with the migration");
}
