//! The optional manager of an imported institution: three columns that, when any is filled,
//! name the person whose account is created (with a one-time invitation link) on confirmation.

use super::{MAX_NAME, ProblemKind};
use serde::{Deserialize, Serialize};

pub const MANAGER_NAME: &str = "nama_pengelola";
pub const MANAGER_USERNAME: &str = "username_pengelola";
pub const MANAGER_EMAIL: &str = "email_pengelola";
/// Columns a file may carry or leave out, after the required ones in the template.
pub const MANAGER_COLUMNS: [&str; 3] = [MANAGER_NAME, MANAGER_USERNAME, MANAGER_EMAIL];

/// The institution manager to invite.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagerRecord {
    pub full_name: String,
    /// As `domain::account::username` writes it.
    pub username: String,
    pub email: Option<String>,
}

/// The manager of a row: none when the three cells are empty; otherwise the name and username
/// are required and checked like the "new account" form checks them.
pub fn check_manager(
    cell: impl Fn(&str) -> String,
    problems: &mut Vec<(&'static str, ProblemKind)>,
) -> Option<ManagerRecord> {
    let (name, username, email) = (cell(MANAGER_NAME).trim().to_string(), cell(MANAGER_USERNAME), cell(MANAGER_EMAIL));
    if name.is_empty() && username.trim().is_empty() && email.trim().is_empty() {
        return None;
    }
    let before = problems.len();
    if name.is_empty() {
        problems.push((MANAGER_NAME, ProblemKind::Required));
    } else if name.chars().count() > crate::account::MAX_FULL_NAME.min(MAX_NAME) {
        problems.push((MANAGER_NAME, ProblemKind::TooLong));
    }
    let username = match (username.trim().is_empty(), crate::account::username(&username)) {
        (true, _) => {
            problems.push((MANAGER_USERNAME, ProblemKind::Required));
            String::new()
        }
        (false, None) => {
            problems.push((MANAGER_USERNAME, ProblemKind::BadUsername));
            String::new()
        }
        (false, Some(u)) => u,
    };
    let email = crate::account::email(&email).unwrap_or_else(|_| {
        problems.push((MANAGER_EMAIL, ProblemKind::BadEmail));
        None
    });
    (problems.len() == before).then_some(ManagerRecord { full_name: name, username, email })
}
