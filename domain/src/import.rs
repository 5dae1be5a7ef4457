//! Onboarding institutions: one row of a Dinsos spreadsheet, or the registration form, checked
//! into an [`InstitutionRecord`] or a list of problems that each name the row and the column.
//!
//! The form and the import share these rules, so a record is the same whichever way it came.
//! Reading the file (CSV, XLSX) is the server's work; it hands over rows of text cells.

mod manager;
mod problem;
pub use manager::{MANAGER_COLUMNS, MANAGER_EMAIL, MANAGER_NAME, MANAGER_USERNAME, ManagerRecord, check_manager};
pub use problem::{Problem, ProblemKind};

use crate::policy::InstitutionRef;
use crate::profile::{LegalDocument, MAX_COUNT, is_iso_date};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The required columns, in Indonesian as Dinsos keeps them, in the template's order (the
/// template adds the optional [`MANAGER_COLUMNS`]).
pub const COLUMNS: [&str; 13] = [
    NAME,
    REGENCY,
    ADDRESS,
    FOUNDATION,
    CAPACITY,
    CHILDREN,
    CAREGIVERS,
    REGISTRATION_NUMBER,
    REGISTRATION_ISSUED,
    REGISTRATION_EXPIRES,
    PERMIT_NUMBER,
    PERMIT_ISSUED,
    PERMIT_EXPIRES,
];
pub const NAME: &str = "nama";
pub const REGENCY: &str = "kode_kabupaten_kota";
pub const ADDRESS: &str = "alamat";
pub const FOUNDATION: &str = "yayasan";
pub const CAPACITY: &str = "kapasitas";
pub const CHILDREN: &str = "jumlah_anak";
pub const CAREGIVERS: &str = "jumlah_pengasuh";
pub const REGISTRATION_NUMBER: &str = "nomor_tanda_daftar";
pub const REGISTRATION_ISSUED: &str = "tanda_daftar_terbit";
pub const REGISTRATION_EXPIRES: &str = "tanda_daftar_berlaku_sampai";
pub const PERMIT_NUMBER: &str = "nomor_izin_operasional";
pub const PERMIT_ISSUED: &str = "izin_terbit";
pub const PERMIT_EXPIRES: &str = "izin_berlaku_sampai";

/// The most data rows one file may hold: every LKSA of the country (about 14,500) fits.
pub const MAX_ROWS: usize = 20_000;
/// Longest name or foundation, and longest address, in characters.
pub const MAX_NAME: usize = 200;
pub const MAX_ADDRESS: usize = 500;
/// Longest document number.
pub const MAX_NUMBER: usize = 100;

/// An institution as it is registered or imported. Dates are ISO `YYYY-MM-DD` or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionRecord {
    pub name: String,
    /// BPS code of the regency or city, e.g. `63.71`.
    pub regency: String,
    pub address: String,
    pub foundation: String,
    pub capacity: u32,
    pub children: u32,
    pub caregivers: u32,
    /// The Dinsos registration (tanda daftar); its number identifies the institution in imports.
    pub registration: LegalDocument,
    pub permit: LegalDocument,
    /// The manager to invite, when the file names one (not part of the institution itself).
    #[serde(default)]
    pub manager: Option<ManagerRecord>,
}

/// What is known about the country's regencies: BPS code → province code.
pub type Regencies = HashMap<String, String>;

/// A checked file: the records that passed (with their row) and every problem found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    pub records: Vec<(u32, InstitutionRecord)>,
    pub problems: Vec<Problem>,
}

/// Checks one record's cells; `cell` gives a column's text (empty when absent). `may_register`
/// is the policy's answer for the record's place. Every problem is reported, column by column.
pub fn check_record(
    cell: impl Fn(&str) -> String,
    regencies: &Regencies,
    may_register: impl Fn(&InstitutionRef) -> bool,
) -> Result<InstitutionRecord, Vec<(&'static str, ProblemKind)>> {
    let mut problems = vec![];
    let mut text = |column: &'static str, max: usize, required: bool| {
        let value = cell(column).trim().to_string();
        if required && value.is_empty() {
            problems.push((column, ProblemKind::Required));
        } else if value.chars().count() > max {
            problems.push((column, ProblemKind::TooLong));
        }
        value
    };
    let name = text(NAME, MAX_NAME, true);
    let regency = regency_code(&text(REGENCY, MAX_NUMBER, true));
    let address = text(ADDRESS, MAX_ADDRESS, true);
    let foundation = text(FOUNDATION, MAX_NAME, false);
    let registration_number = text(REGISTRATION_NUMBER, MAX_NUMBER, true);
    let permit_number = text(PERMIT_NUMBER, MAX_NUMBER, false);
    let mut number = |column: &'static str| match count(&cell(column)) {
        Ok(n) => n,
        Err(kind) => {
            problems.push((column, kind));
            0
        }
    };
    let (capacity, children, caregivers) = (number(CAPACITY), number(CHILDREN), number(CAREGIVERS));
    let mut document = |number: String, issued: &'static str, expires: &'static str| {
        let mut read_date = |column: &'static str| match date(&cell(column)) {
            Some(d) => d,
            None => {
                problems.push((column, ProblemKind::BadDate));
                String::new()
            }
        };
        let (issued_on, expires_on) = (read_date(issued), read_date(expires));
        if !issued_on.is_empty() && !expires_on.is_empty() && expires_on <= issued_on {
            problems.push((expires, ProblemKind::ExpiresBeforeIssued));
        }
        LegalDocument { number, issued_on, expires_on }
    };
    let registration = document(registration_number, REGISTRATION_ISSUED, REGISTRATION_EXPIRES);
    let permit = document(permit_number, PERMIT_ISSUED, PERMIT_EXPIRES);
    let manager = check_manager(&cell, &mut problems);
    if !regency.is_empty() {
        match regencies.get(&regency) {
            None => problems.push((REGENCY, ProblemKind::UnknownRegency)),
            Some(province) => {
                let place = InstitutionRef { id: String::new(), province: province.clone(), regency: regency.clone() };
                if !may_register(&place) {
                    problems.push((REGENCY, ProblemKind::OutsideRegion));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(InstitutionRecord {
        name,
        regency,
        address,
        foundation,
        capacity,
        children,
        caregivers,
        registration,
        permit,
        manager,
    })
}

/// Checks a whole sheet: the header row, then every data row. Blank rows are skipped; their
/// numbers still count, so a problem names the row a person sees in the spreadsheet.
pub fn check_sheet(
    rows: Vec<Vec<String>>,
    regencies: &Regencies,
    may_register: impl Fn(&InstitutionRef) -> bool,
) -> Checked {
    let mut checked = Checked::default();
    let mut rows = rows.into_iter().enumerate().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
    let Some((_, header)) = rows.next() else {
        checked.problems.push(Problem::file(ProblemKind::Empty));
        return checked;
    };
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, title) in header.iter().enumerate() {
        let title = title.trim().trim_start_matches('\u{feff}').to_lowercase();
        if title.is_empty() {
            continue;
        }
        match COLUMNS.iter().chain(&MANAGER_COLUMNS).find(|c| **c == title) {
            Some(c) if index.contains_key(c) => {
                checked.problems.push(Problem { row: Some(1), column: Some(title), kind: ProblemKind::DuplicateColumn })
            }
            Some(c) => {
                index.insert(c, i);
            }
            None => {
                checked.problems.push(Problem { row: Some(1), column: Some(title), kind: ProblemKind::UnknownColumn })
            }
        }
    }
    for c in COLUMNS.iter().filter(|c| !index.contains_key(*c)) {
        checked.problems.push(Problem { row: Some(1), column: Some(c.to_string()), kind: ProblemKind::MissingColumn });
    }
    if !checked.problems.is_empty() {
        return checked;
    }
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut usernames: HashMap<String, u32> = HashMap::new();
    let mut data = 0usize;
    for (i, row) in rows {
        data += 1;
        if data > MAX_ROWS {
            checked.problems.push(Problem::file(ProblemKind::TooManyRows));
            checked.records.clear();
            return checked;
        }
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let cell = |c: &str| index.get(c).and_then(|&i| row.get(i)).cloned().unwrap_or_default();
        let key = registration_key(&cell(REGISTRATION_NUMBER));
        let duplicate = !key.is_empty() && seen.insert(key, line).is_some();
        let username = crate::account::username(&cell(MANAGER_USERNAME)).unwrap_or_default();
        let duplicate_username = !username.is_empty() && usernames.insert(username, line).is_some();
        if duplicate_username {
            checked.problems.push(Problem {
                row: Some(line),
                column: Some(MANAGER_USERNAME.into()),
                kind: ProblemKind::DuplicateUsername,
            });
        }
        match check_record(cell, regencies, &may_register) {
            Ok(record) if !duplicate && !duplicate_username => checked.records.push((line, record)),
            Ok(_) => {}
            Err(problems) => checked.problems.extend(problems.into_iter().map(|(column, kind)| Problem {
                row: Some(line),
                column: Some(column.into()),
                kind,
            })),
        }
        if duplicate {
            checked.problems.push(Problem {
                row: Some(line),
                column: Some(REGISTRATION_NUMBER.into()),
                kind: ProblemKind::DuplicateRegistration,
            });
        }
    }
    if data == 0 {
        checked.problems.push(Problem::file(ProblemKind::Empty));
    }
    checked
}

/// Registration numbers compare without case and surrounding spaces: `td-1 ` is `TD-1`.
pub fn registration_key(number: &str) -> String {
    number.trim().to_uppercase()
}

/// A regency code as BPS writes it (`35.20`). A spreadsheet that stored `35.20` as a number
/// shows `35.2`, which is read back as `35.20`.
pub fn regency_code(raw: &str) -> String {
    let t = raw.trim();
    match t.split_once('.') {
        Some((p, r)) if r.len() == 1 && p.len() == 2 && (p.chars().chain(r.chars())).all(|c| c.is_ascii_digit()) => {
            format!("{p}.{r}0")
        }
        _ => t.to_string(),
    }
}

/// A count of places, children or staff: empty is 0; `12` and `12.0` (how a spreadsheet may
/// store a whole number) are 12; anything else, negative or fractional, is refused.
pub fn count(raw: &str) -> Result<u32, ProblemKind> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(0);
    }
    let whole = t.strip_suffix(".0").unwrap_or(t);
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ProblemKind::BadNumber);
    }
    match whole.parse::<u64>() {
        Ok(n) if n <= u64::from(MAX_COUNT) => Ok(n as u32),
        _ => Err(ProblemKind::CountTooLarge),
    }
}

/// A date as `YYYY-MM-DD` or `DD/MM/YYYY` (also `D/M/YYYY`), written back as ISO; empty is
/// empty; `None` for anything else, including dates that do not exist.
pub fn date(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return Some(String::new());
    }
    let iso = match t.split('/').collect::<Vec<_>>()[..] {
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4 => {
            let (d, m) = (d.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
            format!("{y}-{m:02}-{d:02}")
        }
        _ => t.to_string(),
    };
    is_iso_date(&iso).then_some(iso)
}

/// A spreadsheet's date serial (days since 1899-12-30, how Excel stores dates) as ISO.
pub fn serial_date(serial: f64) -> Option<String> {
    (1.0..=2_958_465.0).contains(&serial).then(|| crate::dates::add_days("1899-12-30", serial.floor() as i64)).flatten()
}

/// The template's columns: the required ones, then the manager's.
pub fn template_columns() -> Vec<&'static str> {
    COLUMNS.iter().chain(&MANAGER_COLUMNS).copied().collect()
}

/// The cells of a record in the template's column order (for the template and for tests).
pub fn cells(r: &InstitutionRecord) -> Vec<String> {
    let manager = r.manager.clone().unwrap_or_default();
    let mut cells = institution_cells(r);
    cells.extend([manager.full_name, manager.username, manager.email.unwrap_or_default()]);
    cells
}

/// The institution's own cells, in [`COLUMNS`] order.
pub fn institution_cells(r: &InstitutionRecord) -> Vec<String> {
    vec![
        r.name.clone(),
        r.regency.clone(),
        r.address.clone(),
        r.foundation.clone(),
        r.capacity.to_string(),
        r.children.to_string(),
        r.caregivers.to_string(),
        r.registration.number.clone(),
        r.registration.issued_on.clone(),
        r.registration.expires_on.clone(),
        r.permit.number.clone(),
        r.permit.issued_on.clone(),
        r.permit.expires_on.clone(),
    ]
}

/// Spreadsheets run a cell that starts like a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one). Text that people typed is written with an apostrophe before it, so it
/// opens as the text it is (OWASP's advice for CSV injection).
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}").into() } else { cell.into() }
}

#[cfg(test)]
mod tests;
