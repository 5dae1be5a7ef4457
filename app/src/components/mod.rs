pub mod error_view;
pub mod exports;
pub mod layout;
pub mod state_badge;
