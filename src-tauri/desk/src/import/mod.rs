//! Importers: one module per input format. A file's format is detected from its content; every
//! file is parsed completely before anything is written, and a file with any error leaves the
//! store exactly as it was.

pub mod role_assignments;

use serde::Serialize;
use std::fmt;

/// The formats the importer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// The JSON array `az role assignment list` prints.
    RoleAssignments,
}

impl Format {
    /// The `--format` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RoleAssignments => "role-assignments",
        }
    }

    /// Parses the `--format` spelling.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "role-assignments" => Some(Self::RoleAssignments),
            _ => None,
        }
    }

    /// Detects the format from the start of a file's content.
    pub fn detect(content: &str) -> Option<Self> {
        let head: String = content
            .trim_start_matches('\u{feff}')
            .chars()
            .take(4096)
            .collect();
        let t = head.trim_start();
        if t.starts_with('[')
            && head.contains("\"roleDefinitionName\"")
            && head.contains("\"principalId\"")
        {
            return Some(Self::RoleAssignments);
        }
        None
    }
}

/// One problem in an input file, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportProblem {
    /// The file.
    pub file: String,
    /// The line (1-based) when known.
    pub line: Option<u32>,
    /// The JSON path (e.g. `$[3].principalId`) or CSV column, when known.
    pub path: Option<String>,
    /// The field concerned.
    pub field: Option<String>,
    /// What was found.
    pub found: Option<String>,
    /// What was expected.
    pub expected: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(p) = &self.path {
            write!(f, " {p}")?;
        }
        if let Some(field) = &self.field {
            write!(f, " field {field}")?;
        }
        write!(f, ": expected {}", self.expected)?;
        if let Some(found) = &self.found {
            let short: String = found.chars().take(60).collect();
            write!(f, ", found {short:?}")?;
        }
        Ok(())
    }
}

/// What an import did with one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileReport {
    /// The file.
    pub file: String,
    /// Its format.
    pub format: String,
    /// Rows added.
    pub added: u32,
    /// Rows already in the store.
    pub unchanged: u32,
    /// Rows skipped (see warnings).
    pub skipped: u32,
    /// Why rows were skipped, and other remarks.
    pub warnings: Vec<String>,
}

/// The most problems reported for one import.
pub const MAX_PROBLEMS: usize = 50;
