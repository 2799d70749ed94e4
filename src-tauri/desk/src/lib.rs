//! Reservation Desk's core: the domain rules, the SQLite store, the demo portfolio, the `Desk`
//! facade and the `rdesk` command line. No Tauri here: the desktop shell depends on this crate.

pub mod app;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod fetch;
pub mod import;
pub mod records;
pub mod store;
#[cfg(test)]
pub(crate) mod test_ids;
pub mod text;

pub use app::{Desk, DeskError};
