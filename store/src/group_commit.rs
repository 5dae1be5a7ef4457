//! Group commit: writes that arrive together share one transaction and one commit (one fsync
//! for many saves), each inside its own savepoint so that one refused write undoes only itself.
//! A caller is answered only after the shared commit is durable, so "saved" still means saved.
//!
//! The score saves of hundreds of assessors at once are many tiny transactions; on SQLite
//! (one writer, `synchronous = FULL`) their commits, not their work, bound the rate.
//!
//! On PostgreSQL several batches run side by side, from one server and from several. Each write
//! names what it locks (a cycle): a batch holds the shared form of the global write lock (so a
//! [`crate::write_tx`] writer, which takes it exclusively, still writes alone) and the exclusive
//! lock of every key it carries, taken in ascending order so that two batches never wait on each
//! other in a circle. Writes to the same cycle therefore still happen one after the other.

use crate::{Db, Result, StoreError};
use sqlx::{AssertSqlSafe, Pool, Transaction};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::{Semaphore, mpsc, oneshot};

/// The most writes one transaction carries.
const MAX_BATCH: usize = 64;
/// Batches one server commits at once on PostgreSQL (SQLite has one writer: one batch).
const POSTGRES_BATCHES: usize = 4;

type Finish = Box<dyn FnOnce(std::result::Result<(), String>) + Send>;
type Job = (
    i32,
    Box<
        dyn for<'t> FnOnce(&'t mut Transaction<'static, Db>) -> Pin<Box<dyn Future<Output = Finish> + Send + 't>>
            + Send,
    >,
);

/// A write to run inside the shared transaction.
pub type Write<T> = Box<
    dyn for<'t> FnOnce(&'t mut Transaction<'static, Db>) -> Pin<Box<dyn Future<Output = Result<T>> + Send + 't>> + Send,
>;

/// The queue of writes waiting for the next shared transaction: cheap to clone.
#[derive(Clone, Debug)]
pub struct GroupCommit {
    queue: mpsc::Sender<Job>,
}

impl GroupCommit {
    /// Starts the committer on the current runtime.
    pub(crate) fn start(pool: Pool<Db>, backend: crate::Backend) -> GroupCommit {
        let (queue, jobs) = mpsc::channel(1024);
        tokio::spawn(commit_loop(pool, backend, jobs));
        GroupCommit { queue }
    }

    /// Runs `write` in the next shared transaction and answers once that transaction committed.
    /// `key` names what the write changes (a cycle id): writes with the same key never run side
    /// by side.
    pub async fn run<T: Send + 'static>(&self, key: &str, write: Write<T>) -> Result<T> {
        let (answer, answered) = oneshot::channel::<Result<T>>();
        let job: Job = (
            lock_key(key),
            Box::new(move |tx| {
                Box::pin(async move {
                    let outcome = in_savepoint(tx, write).await;
                    Box::new(move |committed: std::result::Result<(), String>| {
                        let _ = answer.send(match committed {
                            Ok(()) => outcome,
                            Err(e) => Err(StoreError::Task(format!("shared commit failed: {e}"))),
                        });
                    }) as Finish
                })
            }),
        );
        self.queue.send(job).await.map_err(|_| StoreError::Task("the committer stopped".into()))?;
        answered.await.map_err(|_| StoreError::Task("the write was not committed".into()))?
    }
}

/// A key's number in PostgreSQL's advisory lock space (FNV-1a: the same on every server).
fn lock_key(key: &str) -> i32 {
    let hash = key.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    hash as i32
}

async fn in_savepoint<T>(tx: &mut Transaction<'static, Db>, write: Write<T>) -> Result<T> {
    sqlx::query("savepoint one_write").execute(&mut **tx).await?;
    let outcome = write(tx).await;
    let end = if outcome.is_ok() { "release savepoint one_write" } else { "rollback to savepoint one_write" };
    sqlx::query(end).execute(&mut **tx).await?;
    if outcome.is_err() {
        sqlx::query("release savepoint one_write").execute(&mut **tx).await?;
    }
    outcome
}

async fn commit_loop(pool: Pool<Db>, backend: crate::Backend, mut jobs: mpsc::Receiver<Job>) {
    let slots = Arc::new(Semaphore::new(match backend {
        crate::Backend::Sqlite => 1,
        crate::Backend::Postgres => POSTGRES_BATCHES,
    }));
    while let Some(first) = jobs.recv().await {
        // Waiting for a free slot lets the next batch fill up meanwhile.
        let Ok(slot) = slots.clone().acquire_owned().await else { return };
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        // Its own task: a write that panics fails its batch (the callers hear an error), never
        // the committer, which goes on with the next batch.
        let batch = tokio::spawn(commit(pool.clone(), backend, batch));
        tokio::spawn(async move {
            if let Err(e) = batch.await {
                tracing::error!(%e, "a group commit failed unexpectedly");
            }
            drop(slot);
        });
    }
}

async fn begin(pool: &Pool<Db>, backend: crate::Backend, mut keys: Vec<i32>) -> Result<Transaction<'static, Db>> {
    match backend {
        crate::Backend::Sqlite => crate::write_tx(pool, backend).await,
        crate::Backend::Postgres => {
            keys.sort_unstable();
            keys.dedup();
            // One statement; PostgreSQL evaluates a select list from left to right, so the locks
            // are taken in this order. The keys are numbers computed here, never text from a request.
            let locks: Vec<String> = std::iter::once(format!("pg_advisory_xact_lock_shared({})", crate::WRITE_LOCK))
                .chain(keys.iter().map(|k| format!("pg_advisory_xact_lock({}, {k})", crate::WRITE_LOCK)))
                .collect();
            let mut tx = pool.begin().await?;
            sqlx::query(AssertSqlSafe(format!("select 1 from (select {}) as locked", locks.join(", "))))
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }
}

async fn commit(pool: Pool<Db>, backend: crate::Backend, batch: Vec<Job>) {
    let keys = batch.iter().map(|(key, _)| *key).collect();
    let mut tx = match begin(&pool, backend, keys).await {
        Ok(tx) => tx,
        Err(e) => {
            // Dropping the jobs answers every waiting caller with an error; nothing was written.
            tracing::error!(%e, writes = batch.len(), "group commit could not begin");
            return;
        }
    };
    let mut finishers = Vec::with_capacity(batch.len());
    for (_, job) in batch {
        finishers.push(job(&mut tx).await);
    }
    let committed = tx.commit().await.map_err(|e| e.to_string());
    if let Err(e) = &committed {
        tracing::error!(%e, writes = finishers.len(), "group commit failed");
    }
    for finish in finishers {
        finish(committed.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{store, store_at};

    fn insert(n: i64) -> Write<i64> {
        Box::new(move |tx| {
            Box::pin(async move {
                sqlx::query("insert into t (n) values ($1)").bind(n).execute(&mut **tx).await?;
                crate::audit::record(tx, None, "test_write", "t", &n.to_string(), None, None).await?;
                if n % 10 == 0 {
                    return Err(StoreError::Corrupt(format!("{n} refused")));
                }
                Ok(n)
            })
        })
    }

    /// Two servers on one database, 200 writes under 7 keys at once: on PostgreSQL batches of
    /// different keys commit side by side, and their audit events still get numbers of their own.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_share_commits_and_a_refused_one_undoes_only_itself() {
        let (s, _dir, url) = store_at().await;
        let other = crate::Store::open(&url).await.unwrap();
        sqlx::query("create table t (n integer primary key)").execute(&s.pool).await.unwrap();
        let writes: Vec<_> = (0..200)
            .map(|n| {
                tokio::spawn({
                    let group = if n % 2 == 0 { s.group.clone() } else { other.group.clone() };
                    async move { group.run(&format!("key{}", n % 7), insert(n)).await }
                })
            })
            .collect();
        let mut answered = Vec::new();
        for w in writes {
            match w.await.unwrap() {
                Ok(n) => answered.push(n),
                Err(StoreError::Corrupt(_)) => {}
                Err(e) => panic!("{e}"),
            }
        }
        let stored: Vec<i64> = sqlx::query_scalar("select n from t order by n").fetch_all(&s.pool).await.unwrap();
        let expected: Vec<i64> = (0..200).filter(|n| n % 10 != 0).collect();
        answered.sort();
        assert_eq!(answered, expected, "every write answered as saved");
        assert_eq!(stored, expected, "stored once each, the refused ones undone");
        let (events, numbers): (i64, i64) =
            sqlx::query_as("select count(*), count(distinct seq) from audit_events where action = 'test_write'")
                .fetch_one(&s.pool)
                .await
                .unwrap();
        assert_eq!((events, numbers), (expected.len() as i64, expected.len() as i64), "one numbered event each");
    }

    #[tokio::test]
    async fn a_write_that_panics_fails_alone_and_the_committer_goes_on() {
        let (s, _dir) = store().await;
        sqlx::query("create table t (n integer primary key)").execute(&s.pool).await.unwrap();
        let panics: Write<i64> = Box::new(|_| Box::pin(async { panic!("a bug in one write") }));
        assert!(s.group.run("one", panics).await.is_err());
        assert_eq!(s.group.run("one", insert(7)).await.unwrap(), 7);
        let stored: Vec<i64> = sqlx::query_scalar("select n from t").fetch_all(&s.pool).await.unwrap();
        assert_eq!(stored, [7]);
    }
}
