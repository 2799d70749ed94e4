//! What an import did: per file and entity, added / updated / unchanged / skipped, and warnings.

use serde::Serialize;

/// Counts for one kind of thing in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EntityCounts {
    /// `customers`, `subscriptions`, `orders`, `reservations`, `utilization`, `lineage`,
    /// `costs`, `role_assignments` or `refunds`.
    pub entity: String,
    /// New in the store.
    pub added: u32,
    /// Already there, now changed.
    pub updated: u32,
    /// Already there, identical.
    pub unchanged: u32,
    /// Not imported (see the warnings).
    pub skipped: u32,
}

/// What an import did with one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileReport {
    /// The file.
    pub file: String,
    /// Its format.
    pub format: String,
    /// Rows (CSV, JSON Lines) or items (JSON) read.
    pub rows: u32,
    /// Counts per entity, only for entities the file touched.
    pub entities: Vec<EntityCounts>,
    /// Skipped rows and other remarks (the first 100).
    pub warnings: Vec<String>,
    /// Warnings beyond the first 100.
    pub warnings_omitted: u32,
}

impl FileReport {
    /// Whether the file changed anything in the store.
    pub fn changed(&self) -> bool {
        self.entities.iter().any(|e| e.added > 0 || e.updated > 0)
    }

    /// Adds a warning, or counts it once [`MAX_WARNINGS`] are kept.
    pub fn warn(&mut self, warning: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(warning);
        } else {
            self.warnings_omitted += 1;
        }
    }
}

/// The most warnings kept per file.
pub const MAX_WARNINGS: usize = 100;
