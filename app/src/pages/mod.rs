pub mod home;
pub mod institution;
pub mod institution_form;
pub mod instrument;
pub mod login;
pub mod not_found;
pub mod self_assessment;
