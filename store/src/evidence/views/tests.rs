use super::*;
use crate::testing::{Demo, cycle_of, demo, institution, user};

/// 2026-11-23 16:30 UTC: 23.30 on the 23rd in WIB (Magetan), 00.30 on the 24th in WITA
/// (Banjarmasin).
const EVENING: i64 = 1_795_451_400;
const BUDI: &str = "Panti Asuhan Budi Mulia"; // Kota Banjarmasin (63.71)
const KASIH: &str = "Panti Asuhan Kasih Bunda"; // Kota Banjarbaru (63.72)
const SUNAN: &str = "Panti Asuhan Sunan Giri"; // Kabupaten Magetan (35.20)

/// An evidence file of the demo cycle of `name` (self-assessments submitted with files).
async fn evidence_of(d: &Demo, name: &str) -> crate::evidence::EvidenceRow {
    let cycle = cycle_of(&d.store, name).await;
    crate::evidence::list(&d.store, &cycle).await.unwrap().into_iter().next().expect("demo evidence")
}

/// A view of `file_id` (viewed once) by `username` at `at`.
async fn viewed(d: &Demo, source: Source, file_id: &str, institution: &str, username: &str, at: i64) {
    let place = crate::institutions::get(&d.store, institution).await.unwrap().unwrap().reference();
    log(&d.store, source, file_id, &place, &user(&d.store, username).await, "thumbnail").await.unwrap();
    sqlx::query("update file_views set created_at = $1 where file_id = $2")
        .bind(at)
        .bind(file_id)
        .execute(&d.store.pool)
        .await
        .unwrap();
}

struct World {
    d: Demo,
    budi: String,
    kasih: String,
    sunan: String,
}

/// One view of each of three institutions' evidence and one of a site photo of Budi Mulia.
async fn world() -> World {
    let d = demo().await;
    let (budi, kasih, sunan) =
        (institution(&d.store, BUDI).await, institution(&d.store, KASIH).await, institution(&d.store, SUNAN).await);
    let (ek, es) = (evidence_of(&d, KASIH).await, evidence_of(&d, SUNAN).await);
    // Budi Mulia's draft has no files yet: its manager's own upload.
    let budi_cycle = cycle_of(&d.store, BUDI).await;
    let own = crate::evidence::NewEvidence {
        id: "budi-dapur",
        cycle_id: &budi_cycle,
        indicator_code: "SP.1.01",
        kind: "photo",
        blob: crate::evidence::Blob {
            sha256: &ek.sha256,
            content_type: "image/jpeg",
            size_bytes: 1,
            width: 1,
            height: 1,
        },
        caption: "Dapur <b>50%</b>",
        uploaded_by: &user(&d.store, "pengelola").await,
    };
    crate::evidence::add(&d.store, own).await.unwrap().unwrap();
    sqlx::query(
        "insert into visit_photos (id, cycle_id, assessor_id, indicator_code, sha256, caption, created_at)
         values ('foto-lapangan', $1, $2, 'SP.1.02', $3, 'Kamar mandi', 0)",
    )
    .bind(&budi_cycle)
    .bind(user(&d.store, "asesor1").await)
    .bind(&ek.sha256)
    .execute(&d.store.pool)
    .await
    .unwrap();
    // The same moment is past midnight in Banjarmasin and not yet in Magetan.
    viewed(&d, Source::Evidence, "budi-dapur", &budi, "dinsos", EVENING).await;
    viewed(&d, Source::Evidence, &es.id, &sunan, "dinsos.magetan", EVENING + 1).await;
    viewed(&d, Source::Evidence, &ek.id, &kasih, "dinsos.kalsel", EVENING + 3600).await;
    viewed(&d, Source::SitePhoto, "foto-lapangan", &budi, "admin", EVENING + 7200).await;
    World { d, budi, kasih, sunan }
}

/// The institutions of the views listed, by name.
async fn names(w: &World, scope: Scope<'_>, site_photos: bool, filter: &Filter) -> Vec<String> {
    let page = list(&w.d.store, scope, site_photos, filter, PageRequest::first()).await.unwrap().unwrap();
    page.rows.into_iter().map(|r| r.institution_name).collect()
}

#[tokio::test]
async fn each_scope_lists_its_own_institutions_views_newest_first() {
    let w = world().await;
    let all = Filter::default();
    let kalsel = RegionScope::Province { province: "63".into() };
    let banjarmasin = RegionScope::Regency { province: "63".into(), regency: "63.71".into() };
    let magetan = RegionScope::Regency { province: "35".into(), regency: "35.20".into() };
    assert_eq!(names(&w, Scope::Everywhere, true, &all).await, [BUDI, KASIH, SUNAN, BUDI]);
    assert_eq!(names(&w, Scope::Region(&kalsel), true, &all).await, [BUDI, KASIH, BUDI]);
    assert_eq!(names(&w, Scope::Region(&banjarmasin), true, &all).await, [BUDI, BUDI]);
    assert_eq!(names(&w, Scope::Region(&magetan), true, &all).await, [SUNAN]);
    // A manager's log: its own institution, without the assessors' site photos.
    assert_eq!(names(&w, Scope::Institution(&w.budi), false, &all).await, [BUDI]);
    // A filter never widens the scope.
    let other = Filter { institution_id: Some(w.sunan.clone()), ..Filter::default() };
    assert!(names(&w, Scope::Region(&banjarmasin), true, &other).await.is_empty());
    assert!(names(&w, Scope::Institution(&w.budi), false, &other).await.is_empty());

    let rows =
        list(&w.d.store, Scope::Institution(&w.budi), true, &all, PageRequest::first()).await.unwrap().unwrap().rows;
    let (photo, evidence) = (&rows[0], &rows[1]);
    assert_eq!((photo.source, photo.caption.as_str()), (Source::SitePhoto, "Kamar mandi"));
    assert_eq!(photo.indicator_code.as_deref(), Some("SP.1.02"));
    assert_eq!((evidence.source, evidence.kind.as_str()), (Source::Evidence, "photo"));
    assert_eq!((evidence.viewer_username.as_str(), evidence.viewer_role), ("dinsos", Role::DinsosOfficer));
    assert_eq!(
        (evidence.caption.as_str(), evidence.indicator_code.as_deref(), evidence.variant.as_str()),
        ("Dapur <b>50%</b>", Some("SP.1.01"), "thumbnail")
    );
    let place = (evidence.institution_name.as_str(), evidence.province_id.as_str(), evidence.at);
    assert_eq!(place, (BUDI, "63", EVENING));
}

#[tokio::test]
async fn filters_narrow_by_institution_person_and_local_day() {
    let w = world().await;
    let world = &w;
    let by = move |f: Filter| async move { names(world, Scope::Everywhere, true, &f).await };
    let name = |text: &str| Filter { institution_name: text.into(), ..Filter::default() };
    assert_eq!(by(name("  sunan GIRI ")).await, [SUNAN]);
    assert_eq!(by(name("panti asuhan")).await.len(), 4);
    assert!(by(name("%")).await.is_empty(), "a typed % matches only itself");
    assert_eq!(by(Filter { institution_id: Some(w.kasih.clone()), ..Filter::default() }).await, [KASIH]);
    let person = |text: &str| Filter { person: text.into(), ..Filter::default() };
    assert_eq!(by(person("DINSOS.MAGETAN")).await, [SUNAN], "by username, any case");
    assert_eq!(by(person("gusti RAH")).await, [KASIH], "by part of the name");
    assert!(by(person("tidak-ada")).await.is_empty());

    // Days in each institution's own time: 16.30 UTC is the 24th in Banjarmasin (WITA) and
    // still the 23rd in Magetan (WIB).
    let day = |from: &str, to: &str| Filter {
        from_day: domain::dates::epoch_day(from),
        to_day: domain::dates::epoch_day(to),
        ..Filter::default()
    };
    assert_eq!(by(day("2026-11-24", "2026-11-24")).await, [BUDI, KASIH, BUDI]);
    assert_eq!(by(day("2026-11-23", "2026-11-23")).await, [SUNAN], "23.30 WIB on the 23rd");
    assert_eq!(by(day("2026-11-24", "2026-12-31")).await.len(), 3);
    assert!(by(day("2026-11-25", "2026-12-31")).await.is_empty());
    assert_eq!(by(Filter { to_day: domain::dates::epoch_day("2026-11-23"), ..Filter::default() }).await, [SUNAN]);
    assert_eq!(by(Filter { from_day: domain::dates::epoch_day("2026-11-24"), ..Filter::default() }).await.len(), 3);
}

#[tokio::test]
async fn pages_hold_fifty_views_newest_first_without_overlap() {
    let d = demo().await;
    let budi = institution(&d.store, BUDI).await;
    let admin = user(&d.store, "admin").await;
    for n in 0..120 {
        sqlx::query(
            "insert into file_views (id, source, file_id, institution_id, regency_id, province_id, user_id, variant, created_at)
             values ($1, 'evidence', 'x', $2, '63.71', '63', $3, 'full', $4)",
        )
        .bind(format!("v{n:03}"))
        .bind(&budi)
        .bind(&admin)
        .bind(EVENING + n / 2) // pairs share a second: the id breaks the tie
        .execute(&d.store.pool)
        .await
        .unwrap();
    }
    let mut seen = vec![];
    for (number, size, more) in [(1, 50, true), (2, 50, true), (3, 20, false)] {
        let page = list(&d.store, Scope::Institution(&budi), false, &Filter::default(), PageRequest::new(number))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((page.rows.len(), page.more), (size, more), "page {number}");
        seen.extend(page.rows.into_iter().map(|r| r.at));
    }
    assert_eq!(seen.len(), 120);
    assert!(seen.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(count_for_file(&d.store, Source::Evidence, "x").await.unwrap(), 120);
}

/// A typed name that matches more institutions or people than a page is refused, not sorted.
#[tokio::test]
async fn a_name_matching_too_much_asks_for_more_of_it() {
    let w = world().await;
    for n in 0..=MAX_MATCHES {
        let twin = crate::institutions::NewInstitution {
            name: format!("Panti Kembar {n:02}"),
            regency_id: "63.71".into(),
            address: "Jl. Kembar".into(),
            foundation: String::new(),
            capacity: 10,
            children_count: 5,
            staff_count: 2,
            registration_number: None,
            registration_expires_on: None,
            permit_number: None,
            permit_expires_on: None,
        };
        crate::institutions::create(&w.d.store, twin).await.unwrap();
    }
    let broad = Filter { institution_name: "kembar".into(), ..Filter::default() };
    let got = list(&w.d.store, Scope::Everywhere, true, &broad, PageRequest::first()).await.unwrap();
    assert_eq!(got.err(), Some(TooBroad::Institution));
    // Within a region that holds none of them, the same name is no problem.
    let magetan = RegionScope::Regency { province: "35".into(), regency: "35.20".into() };
    assert!(names(&w, Scope::Region(&magetan), true, &broad).await.is_empty());
    let everyone = Filter { person: "a".into(), ..Filter::default() };
    let got = list(&w.d.store, Scope::Everywhere, true, &everyone, PageRequest::first()).await.unwrap();
    assert_eq!(got.err(), None, "the demo has fewer than {MAX_MATCHES} people");
}

/// Each way the log is read starts from one of the log's indexes, never a scan of every view.
/// (SQLite's plan, which is fixed by the schema; PostgreSQL's follows its statistics, and the
/// national benchmark measures it instead.)
#[tokio::test]
async fn every_reading_of_the_log_uses_an_index() {
    if crate::test_db::backend() == crate::Backend::Postgres {
        eprintln!("skipped on PostgreSQL: the plan checked is SQLite's");
        return;
    }
    let d = demo().await;
    let province = RegionScope::Province { province: "63".into() };
    let regency = RegionScope::Regency { province: "63".into(), regency: "63.71".into() };
    let ids = ["a".to_string(), "b".to_string()];
    let filters = [
        (Filter::default(), Matches::default()),
        (Filter::default(), Matches { people: Some(&ids), ..Matches::default() }),
        (Filter::default(), Matches { institutions: Some(&ids), ..Matches::default() }),
        (Filter { institution_id: Some("x".into()), ..Filter::default() }, Matches::default()),
        (Filter { from_day: Some(20_000), to_day: Some(20_010), ..Filter::default() }, Matches::default()),
    ];
    let scopes = [Scope::Everywhere, Scope::Region(&province), Scope::Region(&regency), Scope::Institution("x")];
    for scope in scopes {
        for (filter, matches) in &filters {
            let plan: Vec<(i64, i64, i64, String)> =
                query("explain query plan ", scope, true, filter, *matches, PageRequest::first())
                    .build_query_as()
                    .fetch_all(&d.store.pool)
                    .await
                    .unwrap();
            let steps: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
            let views = steps.iter().find(|s| s.starts_with("SCAN v") || s.starts_with("SEARCH v")).unwrap();
            assert!(views.contains("INDEX file_views_"), "{scope:?} {filter:?}: {steps:#?}");
        }
        // The scope alone is read in index order: no sort of the scope's views.
        let plan: Vec<(i64, i64, i64, String)> =
            query("explain query plan ", scope, true, &Filter::default(), Matches::default(), PageRequest::first())
                .build_query_as()
                .fetch_all(&d.store.pool)
                .await
                .unwrap();
        assert!(!plan.iter().any(|p| p.3.contains("TEMP B-TREE")), "{scope:?}: {plan:#?}");
    }
}
