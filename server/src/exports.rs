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
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::Action;
use store::accounts::SessionUser;
use store::exports::ResultRows;

const CSV_TYPE: &str = "text/csv; charset=utf-8";
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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
    Ok(attachment(body, CSV_TYPE, "csv"))
}

/// `GET /exports/results.xlsx`: written row by row to a temporary file by the workbook's
/// constant-memory mode, then streamed from that file.
pub async fn xlsx(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    period: Result<Query<Period>, QueryRejection>,
) -> Result<Response, AppError> {
    use tokio_stream::StreamExt;
    let (export, slot) = results(&state, &user, period).await?;
    let file = tempfile::NamedTempFile::new().map_err(AppError::internal)?;
    let path = file.path().to_path_buf();
    // Building and zipping the workbook is CPU work: keep it off the async workers.
    tokio::task::spawn_blocking(move || to_xlsx(export, &path)).await?.map_err(AppError::internal)?;
    // Open before the temporary file is removed: the open file stays readable until sent.
    let opened = tokio::fs::File::open(file.path()).await.map_err(AppError::internal)?;
    drop(file);
    let body = tokio_util::io::ReaderStream::new(opened).map(move |chunk| {
        let _ = &slot;
        chunk
    });
    Ok(attachment(Body::from_stream(body), XLSX_TYPE, "xlsx"))
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
        w.write_field(defuse(cell).as_bytes())?;
    }
    w.write_record(None::<&[u8]>)?;
    w.into_inner().map(Bytes::from).map_err(|e| e.into_error())
}

/// Spreadsheets run a CSV cell that starts like a formula; names come from people's input, so
/// such a cell is prefixed with an apostrophe and opens as the text it is.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}").into() } else { cell.into() }
}

fn to_xlsx(mut export: ResultRows, path: &std::path::Path) -> Result<(), String> {
    use rust_xlsxwriter::{Format, Workbook, XlsxError};
    let too_large = |_: std::num::TryFromIntError| XlsxError::RowColumnLimitError.to_string();
    let e = |e: XlsxError| e.to_string();
    let numeric: Vec<bool> = export.columns.iter().map(|c| store::exports::is_numeric_column(c)).collect();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory().map_err(e)?;
    sheet.set_name("results").map_err(e)?;
    let bold = Format::new().set_bold();
    for (c, name) in export.columns.iter().enumerate() {
        let col = u16::try_from(c).map_err(too_large)?;
        sheet.write_string_with_format(0, col, name, &bold).map_err(e)?;
        sheet.set_column_width(col, if c < store::exports::FIXED_COLUMNS.len() { 24 } else { 12 }).map_err(e)?;
    }
    let mut last_row = 0u32;
    while let Some(row) = export.rows.blocking_recv() {
        let row = row.map_err(|e| e.to_string())?;
        last_row += 1;
        for (c, cell) in row.iter().enumerate() {
            let col = u16::try_from(c).map_err(too_large)?;
            // Scores and totals as numbers so they can be summed and charted; ids, dates and
            // versions ("2026.1") stay text.
            match cell.parse::<f64>() {
                _ if cell.is_empty() => {}
                Ok(n) if numeric[c] => {
                    sheet.write_number(last_row, col, n).map_err(e)?;
                }
                _ => {
                    sheet.write_string(last_row, col, cell).map_err(e)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(e)?;
    if let Some(last) = export.columns.len().checked_sub(1) {
        sheet.autofilter(0, 0, last_row, u16::try_from(last).map_err(too_large)?).map_err(e)?;
    }
    book.save(path).map_err(e)
}

fn attachment(body: Body, content_type: &'static str, extension: &str) -> Response {
    let filename = format!("lksa-results-{}.{extension}", store::today());
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_look_like_formulas_open_as_text() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("Panti Asuhan Budi Mulia"), "Panti Asuhan Budi Mulia");
        assert_eq!(defuse("78.25"), "78.25");
        assert_eq!(defuse(""), "");
    }
}
