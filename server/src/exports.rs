//! `GET /exports/results.csv` and `GET /exports/results.xlsx`: every accreditation cycle in the
//! person's region with its outcome and per-indicator scores, as `store::exports::results`
//! builds it. Dinsos officers get their region, administrators everything, nobody else anything.
//!
//! Plain HTTP routes rather than server functions, so that a link downloads the file.

use crate::AppState;
use crate::respond::SignedIn;
use app::error::AppError;
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use domain::Action;
use std::io::Write;
use store::accounts::SessionUser;
use store::exports::ResultRows;

const CSV_TYPE: &str = "text/csv; charset=utf-8";
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /exports/results.csv`, streamed: the header row leaves at once and each cycle's row as
/// the database gives it, so the national export starts at once and needs constant memory.
pub async fn csv(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    period: Result<Query<Period>, QueryRejection>,
) -> Result<Response, AppError> {
    use tokio_stream::StreamExt;
    let (export, slot) = results(&state, &user, period).await?;
    let header = csv_line(&export.columns).map_err(AppError::internal)?;
    let rows = tokio_stream::wrappers::ReceiverStream::new(export.rows).map(move |row| match row {
        // The slot is held until the last row has left.
        Ok(cells) => csv_line(&cells).inspect(|_| {
            let _ = &slot;
        }),
        Err(e) => {
            // The status is sent already: the download ends short and the browser reports it failed.
            tracing::error!(%e, "results export stopped");
            Err(std::io::Error::other("export stopped"))
        }
    });
    let body = Body::from_stream(tokio_stream::once(Ok(header)).chain(rows));
    Ok(crate::respond::attachment(body, CSV_TYPE, &file_name("csv")))
}

/// `GET /exports/results.xlsx`, streamed like the CSV: the workbook's ZIP is written front to
/// back (`crate::xlsx`) on a blocking thread while the rows arrive, and leaves as it is written.
pub async fn xlsx(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    period: Result<Query<Period>, QueryRejection>,
) -> Result<Response, AppError> {
    let (export, slot) = results(&state, &user, period).await?;
    let (sink, body) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    tokio::task::spawn_blocking(move || {
        let ResultRows { columns, mut rows } = export;
        let numeric: Vec<bool> = columns.iter().map(|c| store::exports::is_numeric_column(c)).collect();
        let rows = std::iter::from_fn(|| rows.blocking_recv().map(|row| row.map_err(|e| e.to_string())));
        let out = std::io::BufWriter::with_capacity(64 * 1024, Sink(sink.clone()));
        let written = crate::xlsx::write(out, &columns, &numeric, store::exports::FIXED_COLUMNS.len(), rows)
            .and_then(|mut out| out.flush().map_err(|e| e.to_string()));
        if let Err(e) = written {
            // The status is sent already: the download ends short and the browser reports it failed.
            tracing::error!(%e, "results workbook stopped");
            let _ = sink.blocking_send(Err(std::io::Error::other("export stopped")));
        }
        drop(slot);
    });
    let body = Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(body));
    Ok(crate::respond::attachment(body, XLSX_TYPE, &file_name("xlsx")))
}

/// Bytes written on the blocking thread, handed to the response body as they come; a client
/// that went away stops the writer.
struct Sink(tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the download was cancelled"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// National exports each hold a database reader and tens of MB while they run: at most this
/// many at once, so that memory stays bounded however many officers click at the same moment.
static EXPORT_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// How long an export waits for a slot before the person is told to try again.
const EXPORT_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// The rows the person may export (the region the policy lets them see), and the export slot
/// held while they are sent.
async fn results(
    state: &AppState,
    user: &SessionUser,
    period: Result<Query<Period>, QueryRejection>,
) -> Result<(ResultRows, tokio::sync::SemaphorePermit<'static>), AppError> {
    let visible = domain::visible_scope(Some(&user.actor), Action::ExportResults)?;
    let year = match period.map(|Query(p)| p.year) {
        Ok(None) => None,
        Ok(Some(y)) if y.is_empty() => None,
        Ok(Some(y)) => Some(y.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(year_error)?),
        Err(_) => return Err(year_error()),
    };
    let slot = match tokio::time::timeout(EXPORT_WAIT, EXPORT_SLOTS.acquire()).await {
        Ok(Ok(slot)) => slot,
        _ => return Err(AppError::busy("export-busy")),
    };
    let export = store::exports::stream_results(&state.store, visible.region()?, year).await?;
    tracing::info!(user = %user.actor.user_id, columns = export.columns.len(), "results export started");
    Ok((export, slot))
}

/// `?year=2026`: only the cycles begun that year; empty or absent means every year.
#[derive(serde::Deserialize)]
pub struct Period {
    year: Option<String>,
}

fn year_error() -> AppError {
    AppError::bad_request("export-error-year")
}

/// One CSV record, its cells defused.
fn csv_line(cells: &[String]) -> Result<Bytes, std::io::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for cell in cells {
        w.write_field(domain::import::defuse(cell).as_bytes())?;
    }
    w.write_record(None::<&[u8]>)?;
    w.into_inner().map(Bytes::from).map_err(|e| e.into_error())
}

fn file_name(extension: &str) -> String {
    format!("lksa-results-{}.{extension}", store::today())
}
