//! `GET /exports/results.csv` and `GET /exports/results.xlsx`: every accreditation cycle in the
//! person's region with its outcome and per-indicator scores, as `store::exports::results`
//! builds it. Dinsos officers get their region, administrators everything, nobody else anything.
//!
//! Plain HTTP routes rather than server functions, so that a link downloads the file.

use crate::AppState;
use crate::respond::SignedIn;
use app::error::AppError;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::Action;
use store::accounts::SessionUser;
use store::exports::Export;

const CSV_TYPE: &str = "text/csv; charset=utf-8";
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /exports/results.csv`
pub async fn csv(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Response, AppError> {
    let export = results(&state, &user).await?;
    Ok(attachment(to_csv(&export).map_err(AppError::internal)?, CSV_TYPE, "csv"))
}

/// `GET /exports/results.xlsx`
pub async fn xlsx(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Response, AppError> {
    let export = results(&state, &user).await?;
    // Building and zipping the workbook is CPU work: keep it off the async workers.
    let bytes = tokio::task::spawn_blocking(move || to_xlsx(&export)).await?.map_err(AppError::internal)?;
    Ok(attachment(bytes, XLSX_TYPE, "xlsx"))
}

/// The table the person may export: the region the policy lets them see.
async fn results(state: &AppState, user: &SessionUser) -> Result<Export, AppError> {
    let visible = domain::visible_scope(Some(&user.actor), Action::ExportResults)?;
    let export = store::exports::results(&state.store, visible.region()?).await?;
    tracing::info!(user = %user.actor.user_id, rows = export.rows.len(), "results exported");
    Ok(export)
}

fn to_csv(export: &Export) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&export.columns).map_err(|e| e.to_string())?;
    for row in &export.rows {
        for cell in row {
            w.write_field(defuse(cell).as_bytes()).map_err(|e| e.to_string())?;
        }
        w.write_record(None::<&[u8]>).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// Spreadsheets run a CSV cell that starts like a formula; names come from people's input, so
/// such a cell is prefixed with an apostrophe and opens as the text it is.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}").into() } else { cell.into() }
}

fn to_xlsx(export: &Export) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook, XlsxError};
    let too_large = |_: std::num::TryFromIntError| XlsxError::RowColumnLimitError;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("results")?;
    let bold = Format::new().set_bold();
    for (c, name) in export.columns.iter().enumerate() {
        sheet.write_string_with_format(0, u16::try_from(c).map_err(too_large)?, name, &bold)?;
    }
    for (r, row) in export.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(too_large)?;
        for (c, cell) in row.iter().enumerate() {
            let col = u16::try_from(c).map_err(too_large)?;
            // Scores and totals as numbers so they can be summed and charted; ids, dates and
            // versions ("2026.1") stay text.
            match cell.parse::<f64>() {
                _ if cell.is_empty() => {}
                Ok(n) if export.is_numeric(c) => {
                    sheet.write_number(r, col, n)?;
                }
                _ => {
                    sheet.write_string(r, col, cell)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if let Some(last) = export.columns.len().checked_sub(1) {
        let last_row = u32::try_from(export.rows.len()).map_err(too_large)?;
        sheet.autofilter(0, 0, last_row, u16::try_from(last).map_err(too_large)?)?;
    }
    sheet.autofit();
    book.save_to_buffer()
}

fn attachment(bytes: Vec<u8>, content_type: &'static str, extension: &str) -> Response {
    let filename = format!("lksa-results-{}.{extension}", store::today());
    let mut r = bytes.into_response();
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
