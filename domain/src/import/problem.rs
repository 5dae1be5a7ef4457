//! What can be wrong with an imported file, a row or a cell, each with its translation key.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file has no header row or no data row.
    Empty,
    /// A CSV file that is not UTF-8.
    Encoding,
    /// Neither CSV nor XLSX, or damaged.
    Unreadable,
    TooManyRows,
    MissingColumn,
    UnknownColumn,
    DuplicateColumn,
    Required,
    TooLong,
    BadDate,
    ExpiresBeforeIssued,
    BadNumber,
    CountTooLarge,
    UnknownRegency,
    OutsideRegion,
    /// The same registration number twice in one file.
    DuplicateRegistration,
    /// The registration number belongs to an institution the person may not change.
    RegisteredElsewhere,
    /// The form: an institution with this registration number exists already.
    AlreadyRegistered,
    /// A manager's username that the account rules refuse.
    BadUsername,
    BadEmail,
    /// The same manager username twice in one file.
    DuplicateUsername,
    /// The username belongs to an account that is not this institution's manager.
    UsernameTaken,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 22] = [
        ProblemKind::Empty,
        ProblemKind::Encoding,
        ProblemKind::Unreadable,
        ProblemKind::TooManyRows,
        ProblemKind::MissingColumn,
        ProblemKind::UnknownColumn,
        ProblemKind::DuplicateColumn,
        ProblemKind::Required,
        ProblemKind::TooLong,
        ProblemKind::BadDate,
        ProblemKind::ExpiresBeforeIssued,
        ProblemKind::BadNumber,
        ProblemKind::CountTooLarge,
        ProblemKind::UnknownRegency,
        ProblemKind::OutsideRegion,
        ProblemKind::DuplicateRegistration,
        ProblemKind::RegisteredElsewhere,
        ProblemKind::AlreadyRegistered,
        ProblemKind::BadUsername,
        ProblemKind::BadEmail,
        ProblemKind::DuplicateUsername,
        ProblemKind::UsernameTaken,
    ];

    pub fn message_key(self) -> &'static str {
        match self {
            ProblemKind::Empty => "import-error-empty",
            ProblemKind::Encoding => "import-error-encoding",
            ProblemKind::Unreadable => "import-error-unreadable",
            ProblemKind::TooManyRows => "import-error-too-many-rows",
            ProblemKind::MissingColumn => "import-error-missing-column",
            ProblemKind::UnknownColumn => "import-error-unknown-column",
            ProblemKind::DuplicateColumn => "import-error-duplicate-column",
            ProblemKind::Required => "import-error-required",
            ProblemKind::TooLong => "import-error-too-long",
            ProblemKind::BadDate => "import-error-date",
            ProblemKind::ExpiresBeforeIssued => "import-error-expiry",
            ProblemKind::BadNumber => "import-error-number",
            ProblemKind::CountTooLarge => "import-error-count",
            ProblemKind::UnknownRegency => "import-error-regency",
            ProblemKind::OutsideRegion => "import-error-outside-region",
            ProblemKind::DuplicateRegistration => "import-error-duplicate-registration",
            ProblemKind::RegisteredElsewhere => "import-error-registered-elsewhere",
            ProblemKind::AlreadyRegistered => "import-error-already-registered",
            ProblemKind::BadUsername => "import-error-username",
            ProblemKind::BadEmail => "import-error-email",
            ProblemKind::DuplicateUsername => "import-error-duplicate-username",
            ProblemKind::UsernameTaken => "import-error-username-taken",
        }
    }
}

/// One problem: the spreadsheet row as a person sees it (the header is row 1) and the column
/// header, when the problem has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub row: Option<u32>,
    pub column: Option<String>,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn file(kind: ProblemKind) -> Problem {
        Problem { row: None, column: None, kind }
    }
}
