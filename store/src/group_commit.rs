//! Group commit: writes that arrive together share one transaction and one commit (one fsync
//! for many saves), each inside its own savepoint so that one refused write undoes only itself.
//! A caller is answered only after the shared commit is durable, so "saved" still means saved.
//!
//! The score saves of hundreds of assessors at once are many tiny transactions; on SQLite
//! (one writer, `synchronous = FULL`) their commits, not their work, bound the rate.

use crate::{Db, Result, StoreError};
use sqlx::{Pool, Transaction};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::{mpsc, oneshot};

/// The most writes one transaction carries.
const MAX_BATCH: usize = 64;

type Finish = Box<dyn FnOnce(std::result::Result<(), String>) + Send>;
type Job = Box<
    dyn for<'t> FnOnce(&'t mut Transaction<'static, Db>) -> Pin<Box<dyn Future<Output = Finish> + Send + 't>> + Send,
>;

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
    pub(crate) fn start(pool: Pool<Db>) -> GroupCommit {
        let (queue, jobs) = mpsc::channel(1024);
        tokio::spawn(commit_loop(pool, jobs));
        GroupCommit { queue }
    }

    /// Runs `write` in the next shared transaction and answers once that transaction committed.
    pub async fn run<T: Send + 'static>(&self, write: Write<T>) -> Result<T> {
        let (answer, answered) = oneshot::channel::<Result<T>>();
        let job: Job = Box::new(move |tx| {
            Box::pin(async move {
                let outcome = in_savepoint(tx, write).await;
                Box::new(move |committed: std::result::Result<(), String>| {
                    let _ = answer.send(match committed {
                        Ok(()) => outcome,
                        Err(e) => Err(StoreError::Task(format!("shared commit failed: {e}"))),
                    });
                }) as Finish
            })
        });
        self.queue.send(job).await.map_err(|_| StoreError::Task("the committer stopped".into()))?;
        answered.await.map_err(|_| StoreError::Task("the write was not committed".into()))?
    }
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

async fn commit_loop(pool: Pool<Db>, mut jobs: mpsc::Receiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        // BEGIN IMMEDIATE: see `Store::write_tx`.
        let mut tx = match pool.begin_with("BEGIN IMMEDIATE").await {
            Ok(tx) => tx,
            Err(e) => {
                tracing::error!(%e, writes = batch.len(), "group commit could not begin");
                // Dropping the jobs answers every waiting caller with an error; nothing was written.
                drop(batch);
                continue;
            }
        };
        let mut finishers = Vec::with_capacity(batch.len());
        for job in batch {
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
}
