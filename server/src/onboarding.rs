//! `POST /institution-imports`: a Dinsos list of institutions (CSV or XLSX, at most 20 MiB)
//! is read here, checked row by row by `domain::import`, and kept by `store::onboarding` until
//! the person confirms it on `/institutions/import/{id}`; nothing is written before.
//! `GET /institution-imports/template.csv` and `.xlsx`: the template with Indonesian headers.

use crate::AppState;
use crate::respond::SignedIn;
use app::error::AppError;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::import::{InstitutionRecord, MAX_ROWS, ManagerRecord, ProblemKind, check_sheet, defuse, template_columns};
use domain::profile::LegalDocument;
use domain::{Action, InstitutionRef, Resource};
use serde_json::json;
use store::accounts::SessionUser;

/// The largest file accepted; larger uploads answer 413 with a translated sentence.
pub const BODY_LIMIT: usize = 20 * 1024 * 1024;

fn may_register(user: &SessionUser) -> impl Fn(&InstitutionRef) -> bool + '_ {
    |at| domain::can(Some(&user.actor), Action::RegisterInstitution, Resource::Institution(at)).is_ok()
}

/// Reads, checks and keeps an uploaded file; answers the check as JSON (scripts, tests) or
/// sends a browser to the preview page.
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    SignedIn(user): SignedIn,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    domain::visible_scope(Some(&user.actor), Action::RegisterInstitution)?;
    let Ok(mut multipart) = multipart else { return Err(AppError::bad_request("upload-bad-request")) };
    let Some(_slot) = state.uploads.body_slot().await else { return Err(AppError::busy("upload-busy")) };
    let refused = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Ok(crate::respond::error(&headers, StatusCode::PAYLOAD_TOO_LARGE, "import-error-too-large"))
        } else {
            Err(AppError::bad_request("upload-bad-request"))
        }
    };
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name: String = field.file_name().unwrap_or("").chars().take(200).collect();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes)),
                    Err(e) => return refused(e),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => return refused(e),
        }
    }
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(AppError::invalid("upload-missing-file"));
    };
    let regencies = store::onboarding::regencies(&state.store).await?;
    let actor = user.clone();
    let checked = tokio::task::spawn_blocking(move || match read_rows(&bytes) {
        Ok(rows) => check_sheet(rows, &regencies, may_register(&actor)),
        Err(kind) => domain::import::Checked { records: vec![], problems: vec![domain::import::Problem::file(kind)] },
    })
    .await?;
    let mut problems = checked.problems;
    problems.extend(store::onboarding::foreign_matches(&state.store, &checked.records, may_register(&user)).await?);
    let may_invite = app::api::onboarding::import::may_invite(&user);
    problems.extend(store::onboarding::manager_matches(&state.store, &checked.records, may_invite).await?);
    problems.sort_by_key(|p| p.row);
    let id = store::onboarding::save_batch(&state.store, &user.actor.user_id, &file_name, &checked.records, &problems)
        .await?;
    tracing::info!(user = %user.actor.user_id, rows = checked.records.len(), problems = problems.len(), "institution import checked");
    let wants_json = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("json"));
    if wants_json {
        let lang = crate::respond::lang(&headers);
        let listed: Vec<_> = problems
            .iter()
            .map(|p| json!({ "row": p.row, "column": p.column, "key": p.kind.message_key(), "message": lang.t(p.kind.message_key()) }))
            .collect();
        return Ok(Json(json!({ "id": id, "rows": checked.records.len(), "problems": listed })).into_response());
    }
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/institutions/import/{id}")) {
        r.headers_mut().insert(header::LOCATION, location);
    }
    Ok(r)
}

/// The rows of the first sheet of an XLSX file, or of a CSV file (UTF-8, separated by commas,
/// semicolons or tabs, whichever the first line uses), as text cells. Reading stops past
/// [`MAX_ROWS`] so the check can say the file is too long without holding all of it.
pub fn read_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, ProblemKind> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ProblemKind::Encoding)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter =
        [b',', b';', b'\t'].into_iter().max_by_key(|d| first.bytes().filter(|b| b == d).count()).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = vec![];
    for record in reader.records().take(MAX_ROWS + 2) {
        let record = record.map_err(|_| ProblemKind::Unreadable)?;
        rows.push(record.iter().map(String::from).collect());
    }
    Ok(rows)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, ProblemKind> {
    use calamine::{Data, Reader, Xlsx};
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| ProblemKind::Unreadable)?;
    let Some(range) = book.worksheet_range_at(0) else { return Err(ProblemKind::Empty) };
    let range = range.map_err(|_| ProblemKind::Unreadable)?;
    // Rows above the first used one still count, so problems name the rows a person sees.
    let first = range.start().map_or(0, |(row, _)| row as usize);
    let mut rows = vec![vec![]; first.min(MAX_ROWS)];
    for row in range.rows().take(MAX_ROWS + 2) {
        rows.push(
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::DateTime(d) => {
                        domain::import::serial_date(d.as_f64()).unwrap_or_else(|| d.as_f64().to_string())
                    }
                    Data::DateTimeIso(s) => s.chars().take(10).collect(),
                    other => other.to_string(),
                })
                .collect(),
        );
    }
    Ok(rows)
}

/// An example row in the person's own region, so the template imports as it is.
async fn example(state: &AppState, user: &SessionUser) -> Result<Vec<String>, AppError> {
    let region = domain::visible_scope(Some(&user.actor), Action::RegisterInstitution)?.region()?.cloned();
    let options = store::onboarding::regency_options(&state.store, region.as_ref()).await?;
    let regency = options.first().map(|o| o.id.clone()).unwrap_or_else(|| "63.71".into());
    let code = regency.replace('.', "");
    Ok(domain::import::cells(&InstitutionRecord {
        name: "Panti Asuhan Contoh".into(),
        regency,
        address: "Jl. Contoh No. 1".into(),
        foundation: "Yayasan Contoh".into(),
        capacity: 40,
        children: 30,
        caregivers: 6,
        registration: LegalDocument {
            number: format!("TD-{code}/001/DINSOS/2026"),
            issued_on: "2026-01-15".into(),
            expires_on: "2031-01-14".into(),
        },
        permit: LegalDocument {
            number: format!("503/{code}/001/2026"),
            issued_on: "2026-01-15".into(),
            expires_on: "2029-01-14".into(),
        },
        manager: Some(ManagerRecord {
            full_name: "Nama Pengelola Contoh".into(),
            username: format!("pengelola.contoh.{code}"),
            email: None,
        }),
    }))
}

/// `GET /institution-imports/template.csv`.
pub async fn template_csv(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Response, AppError> {
    let row = example(&state, &user).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = template_columns().iter().map(|c| c.to_string()).collect();
    for record in [header, row] {
        w.write_record(record.iter().map(|c| defuse(c).into_owned())).map_err(AppError::internal)?;
    }
    let bytes = w.into_inner().map_err(AppError::internal)?;
    Ok(crate::respond::attachment(bytes, "text/csv; charset=utf-8", "templat-lksa.csv"))
}

/// `GET /institution-imports/template.xlsx`: every cell text, so codes like `35.20` stay as written.
pub async fn template_xlsx(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Response, AppError> {
    let row = example(&state, &user).await?;
    let columns: Vec<String> = template_columns().iter().map(|c| c.to_string()).collect();
    let text = vec![false; columns.len()];
    let bytes = crate::xlsx::write(Vec::new(), &columns, &text, columns.len(), std::iter::once(Ok(row)))
        .map_err(AppError::internal)?;
    Ok(crate::respond::attachment(bytes, crate::exports::XLSX_TYPE, "templat-lksa.xlsx"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_files_are_read_in_the_separator_they_use() {
        let rows = read_rows("\u{feff}nama;alamat\nLKSA A;\"Jl. B; No. 1\"\n".as_bytes()).unwrap();
        assert_eq!(rows, vec![vec!["nama", "alamat"], vec!["LKSA A", "Jl. B; No. 1"]]);
        assert_eq!(read_rows(b"nama,alamat\nx,y\n").unwrap()[1], vec!["x", "y"]);
        assert_eq!(read_rows(b"nama\n\xe9t\xe9\n"), Err(ProblemKind::Encoding));
        assert_eq!(read_rows(b"PK\x03\x04 not really"), Err(ProblemKind::Unreadable));
    }

    #[test]
    fn a_written_workbook_reads_back() {
        let columns = vec!["nama".to_string(), "kode_kabupaten_kota".to_string(), "kapasitas".to_string()];
        let rows = vec![Ok(vec!["=1+1".to_string(), "35.20".to_string(), "40".to_string()])];
        let bytes = crate::xlsx::write(Vec::new(), &columns, &[false, false, true], 3, rows.into_iter()).unwrap();
        let read = read_rows(&bytes).unwrap();
        assert_eq!(read[0], columns);
        assert_eq!(read[1], vec!["'=1+1", "35.20", "40"], "formulas open as text; numbers read as written");
    }
}
