pub mod error_view;
pub mod exports;
pub mod layout;
pub mod page_title;
pub mod sign_out;
pub mod state_badge;
