//! Onboarding institutions: the registration form and spreadsheet imports (the upload itself is
//! the plain route `server/src/onboarding.rs`, which checks the file and keeps it for confirming).

pub mod import;
pub mod register;
pub mod view;

pub use import::{ConfirmImport, confirm_import, import_preview};
pub use register::{RegisterInstitution, register_institution, registration_form};
