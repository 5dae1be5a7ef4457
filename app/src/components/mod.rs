pub mod error_view;
pub mod layout;
pub mod state_badge;
