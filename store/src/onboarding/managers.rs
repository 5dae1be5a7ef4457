//! The institution managers an import names: checked before anything is written (a username
//! of someone else's account is a row problem, and so is a manager the importer may not
//! invite), then created on confirmation, each with a one-time invitation link, in the
//! import's transaction. A manager whose account exists for the same institution is left as
//! it is, so importing the same file again creates no second account.

use super::{Existing, registration_key};
use crate::DbConn;
use crate::Result;
use domain::import::{InstitutionRecord, MANAGER_USERNAME, ManagerRecord, Problem, ProblemKind};
use domain::{InstitutionRef, Role};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A manager invited by an import, with the link to hand over (held only until shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagerLink {
    /// The spreadsheet row.
    pub row: u32,
    pub institution: String,
    pub full_name: String,
    pub username: String,
    pub email: Option<String>,
    pub token: String,
    /// What became of its e-mail: `sent`, `failed`, `no-address`, `not-configured` (once tried).
    #[serde(default)]
    pub mail: Option<String>,
}

/// Every account's institution (none for officers and the like), by username.
pub(super) async fn accounts(conn: &mut DbConn) -> Result<HashMap<String, Option<String>>> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("select username, institution_id from users").fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().collect())
}

async fn provinces(conn: &mut DbConn) -> Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("select id, province_id from regencies").fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().collect())
}

/// Row problems of the managers: a username another account has (unless it is this
/// institution's manager already), or a manager `may_invite` refuses for the institution.
pub(super) async fn problems(
    conn: &mut DbConn,
    existing: &HashMap<String, Existing>,
    records: &[(u32, InstitutionRecord)],
    may_invite: &impl Fn(&InstitutionRef) -> bool,
) -> Result<Vec<Problem>> {
    if records.iter().all(|(_, r)| r.manager.is_none()) {
        return Ok(vec![]);
    }
    let (accounts, provinces) = (accounts(conn).await?, provinces(conn).await?);
    let mut problems = vec![];
    for (row, r) in records {
        let Some(manager) = &r.manager else { continue };
        let matched = existing.get(&registration_key(&r.registration.number));
        let problem = |kind| Problem { row: Some(*row), column: Some(MANAGER_USERNAME.into()), kind };
        match accounts.get(&manager.username) {
            Some(institution) if institution.is_some() && institution.as_deref() == matched.map(|e| e.id.as_str()) => {}
            Some(_) => problems.push(problem(ProblemKind::UsernameTaken)),
            None => {
                let place = match matched {
                    Some(e) => e.reference(),
                    None => InstitutionRef {
                        id: String::new(),
                        province: provinces.get(&r.regency).cloned().unwrap_or_default(),
                        regency: r.regency.clone(),
                    },
                };
                if !may_invite(&place) {
                    problems.push(problem(ProblemKind::OutsideRegion));
                }
            }
        }
    }
    Ok(problems)
}

/// Creates the accounts of managers not there yet (each with its invitation link and audit
/// rows) for institutions just imported: (row, institution id, institution name, manager).
pub(super) async fn invite(
    conn: &mut DbConn,
    user_id: &str,
    managers: Vec<(u32, String, String, ManagerRecord)>,
    now: i64,
) -> Result<Vec<ManagerLink>> {
    let mut links = vec![];
    for (row, institution_id, institution, m) in managers {
        let account = crate::people::NewAccount {
            username: m.username.clone(),
            full_name: m.full_name.clone(),
            role: Role::InstitutionManager,
            institution_id: Some(institution_id),
            scope: None,
            can_approve: false,
            email: m.email.clone(),
        };
        // `None`: the institution's manager exists already (checked before), nothing to do.
        if let Some((_, token)) = crate::people::create_on(conn, user_id, &account, now).await? {
            links.push(ManagerLink {
                row,
                institution,
                full_name: m.full_name,
                username: m.username,
                email: m.email,
                token,
                mail: None,
            });
        }
    }
    Ok(links)
}
