//! The words of the system file dialogs. The window sends them in its own language (its
//! dictionaries hold every visible string), so the shell keeps no translations of its own.

use serde::Deserialize;

/// A file dialog's title and the label of its file-type filter, as the window words them.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct DialogText {
    /// The dialog's title, e.g. "Import files".
    pub title: String,
    /// The label of the file-type filter, e.g. "Exports (JSON, CSV, portfolio)".
    pub filter: String,
}
