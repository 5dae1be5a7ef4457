//! Fixtures shared by the store's tests.

use super::*;
use crate::visit::{SyncOutcome, VisitSubmitOutcome, submit, sync};
use domain::visit::VisitChange;
use domain::{Instrument, Score};

/// A fresh database in a temporary directory, migrated. Each test gets its own.
pub async fn store() -> (Store, TempDir) {
    let (s, dir, _) = store_at().await;
    (s, dir)
}

/// [`store`] with the database's address, for a second server on the same database.
pub async fn store_at() -> (Store, TempDir, String) {
    let dir = TempDir::new();
    let url = crate::test_db::fresh(&dir.0).await.expect("a test database");
    (Store::open(&url).await.expect("open test database"), dir, url)
}

pub struct TempDir(pub std::path::PathBuf);
impl TempDir {
    fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!("lksa-store-{}", new_id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(crate) const INSTRUMENT: &str = include_str!("../../instrument/snpa-lksa-2026.1.toml");
/// The demo institution whose cycle has asesor1, asesor2 and the supervisor assigned.
pub(crate) const AISYIYAH: &str = "Panti Asuhan Putri Aisyiyah";

pub(crate) struct Demo {
    pub(crate) store: Store,
    pub(crate) _dir: TempDir,
    pub(crate) instrument: Instrument,
    pub(crate) version: String,
    /// The database's address: [`Store::open`] on it is a second server.
    pub(crate) url: String,
}

/// A fresh database with the real instrument and the demo data loaded.
pub(crate) async fn demo() -> Demo {
    let (s, dir, url) = store_at().await;
    let instrument = crate::instruments::parse(INSTRUMENT).unwrap();
    let crate::instruments::Loaded::Inserted { id: version } = crate::instruments::load(&s, &instrument).await.unwrap()
    else {
        panic!("instrument not inserted")
    };
    crate::demo::seed(&s, &version, None).await.unwrap();
    Demo { store: s, _dir: dir, instrument, version, url }
}

/// The same as [`demo`], as a tuple.
pub(crate) async fn seeded() -> (Store, TempDir, Instrument) {
    let d = demo().await;
    (d.store, d._dir, d.instrument)
}

pub(crate) async fn user(s: &Store, username: &str) -> String {
    sqlx::query_scalar("select id from users where username = $1").bind(username).fetch_one(&s.pool).await.unwrap()
}

pub(crate) async fn institution(s: &Store, name: &str) -> String {
    sqlx::query_scalar("select id from institutions where name = $1").bind(name).fetch_one(&s.pool).await.unwrap()
}

pub(crate) async fn cycle_of(s: &Store, institution_name: &str) -> String {
    let id = institution(s, institution_name).await;
    crate::cycles::latest_for_institution(s, &id).await.unwrap().unwrap().id
}

pub(crate) async fn cycle_state(s: &Store, cycle_id: &str) -> String {
    crate::cycles::get(s, cycle_id).await.unwrap().unwrap().state
}

pub(crate) async fn count(s: &Store, sql: &'static str, cycle_id: &str) -> i64 {
    sqlx::query_scalar(sql).bind(cycle_id).fetch_one(&s.pool).await.unwrap()
}

pub(crate) fn score(v: u8) -> Score {
    Score::parse(v.into()).unwrap()
}

pub(crate) fn change(id: &str, code: &str, value: Option<u8>, note: &str) -> VisitChange {
    VisitChange {
        change_id: id.into(),
        code: code.into(),
        score: value.map(score),
        note: note.into(),
        check_on_site: false,
    }
}

pub(crate) fn codes(i: &Instrument) -> Vec<String> {
    i.indicators().map(|(_, x)| x.code.clone()).collect()
}

/// asesor1's score of the n-th indicator.
pub(crate) fn first_score(n: usize) -> u8 {
    3 + (n % 2) as u8
}

/// asesor2's score of the n-th indicator: always one level apart from asesor1's.
pub(crate) fn second_score(n: usize) -> u8 {
    4 - (n % 2) as u8
}

/// One change per indicator of the instrument, scored by `value`.
pub(crate) fn score_everything(i: &Instrument, prefix: &str, value: fn(usize) -> u8) -> Vec<VisitChange> {
    codes(i).iter().enumerate().map(|(n, code)| change(&format!("{prefix}-{n}"), code, Some(value(n)), "")).collect()
}

pub(crate) fn stored(outcome: SyncOutcome) -> (Vec<String>, usize) {
    match outcome {
        SyncOutcome::Stored { applied, duplicates } => (applied, duplicates),
        SyncOutcome::Closed => panic!("the visit should be open"),
    }
}

/// Both assessors score every indicator and submit: the Aisyiyah cycle becomes visited.
pub(crate) async fn visited(d: &Demo) -> (String, String, String) {
    let s = &d.store;
    let cycle = cycle_of(s, AISYIYAH).await;
    let (a1, a2) = (user(s, "asesor1").await, user(s, "asesor2").await);
    stored(sync(s, &a1, &cycle, &d.instrument, &score_everything(&d.instrument, "a1", first_score)).await.unwrap());
    stored(sync(s, &a2, &cycle, &d.instrument, &score_everything(&d.instrument, "a2", second_score)).await.unwrap());
    assert_eq!(
        submit(s, &a1, &cycle, &d.instrument).await.unwrap(),
        VisitSubmitOutcome::Submitted { visit_complete: false }
    );
    assert_eq!(
        submit(s, &a2, &cycle, &d.instrument).await.unwrap(),
        VisitSubmitOutcome::Submitted { visit_complete: true }
    );
    assert_eq!(cycle_state(s, &cycle).await, "visited");
    (cycle, a1, a2)
}

/// The demo institution (Kabupaten Magetan) whose cycle is reconciled.
pub(crate) const SUNAN_GIRI: &str = "Panti Asuhan Sunan Giri";

/// A reconciled cycle of `name` with a stored result recommending `grade`.
pub(crate) async fn reconciled(s: &Store, name: &str, grade: &str) -> String {
    let institution: String =
        sqlx::query_scalar("select id from institutions where name = $1").bind(name).fetch_one(&s.pool).await.unwrap();
    let cycle = crate::cycles::latest_for_institution(s, &institution).await.unwrap().unwrap().id;
    sqlx::query("update cycles set state = 'reconciled' where id = $1").bind(&cycle).execute(&s.pool).await.unwrap();
    // Demo cycles decided on paper carry a certificate; this one starts again from reconciliation.
    sqlx::query("update institutions set certificate_id = null where certificate_id in (select id from certificates where cycle_id = $1)")
        .bind(&cycle)
        .execute(&s.pool)
        .await
        .unwrap();
    sqlx::query("delete from certificates where cycle_id = $1").bind(&cycle).execute(&s.pool).await.unwrap();
    // Demo cycles reconciled through the workflow have a result already: this one replaces it.
    sqlx::query("delete from cycle_results where cycle_id = $1").bind(&cycle).execute(&s.pool).await.unwrap();
    sqlx::query(
        "insert into cycle_results (cycle_id, evaluation, total_hundredths, recommended_grade, reconciled_by, created_at)
         values ($1, '{}', 8000, $2, $3, 0)",
    )
    .bind(&cycle)
    .bind(grade)
    .bind(user(s, "supervisor").await)
    .execute(&s.pool)
    .await
    .unwrap();
    cycle
}
