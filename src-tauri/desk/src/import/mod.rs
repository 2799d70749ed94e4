//! Importers: one module per input format. A file's format is detected from its content (or
//! chosen with `--format`); its parser streams [`crate::records::Record`]s into a [`crate::records::sink::Sink`] — the
//! store's import writer inside one transaction — and collects problems with file, line or JSON
//! path, field, found and expected. The caller commits only when no file had a problem.

pub mod azure;
mod charge_sheet;
pub mod cost_details;
pub mod csv;
pub mod ctx;
pub mod fields;
pub mod focus;
pub mod json;
pub mod partner_center;
pub mod portfolio;
pub mod reservation_details;
pub mod reservation_summaries;
pub mod role_assignments;
#[cfg(test)]
mod test_sheets;
pub mod utf16;
pub mod values;

use ctx::{Ctx, Stop};
use serde::Serialize;
use std::fmt;
use std::io::BufRead;

/// The formats the importer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Azure Reservations REST JSON: reservation lists and single reservations, orders and order
    /// lists.
    Azure,
    /// Partner Center JSON: the customers list and `reservedinstance` entitlements with their
    /// artifact details.
    PartnerCenter,
    /// Cost Management reservation details: the CSV export or the API's JSON.
    ReservationDetails,
    /// Cost Management reservation summaries JSON (daily or monthly grain).
    ReservationSummaries,
    /// Cost details CSV (EA/MCA, actual or amortized).
    CostDetails,
    /// FOCUS 1.0–1.2 CSV.
    Focus,
    /// Reservation Desk's own portfolio file (`rdesk export`).
    Portfolio,
    /// The JSON array `az role assignment list` prints.
    RoleAssignments,
}

impl Format {
    /// Every format, in `--format` help order.
    pub const ALL: [Format; 8] = [
        Self::Azure,
        Self::PartnerCenter,
        Self::ReservationDetails,
        Self::ReservationSummaries,
        Self::CostDetails,
        Self::Focus,
        Self::Portfolio,
        Self::RoleAssignments,
    ];

    /// The `--format` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Azure => "azure",
            Self::PartnerCenter => "partner-center",
            Self::ReservationDetails => "reservation-details",
            Self::ReservationSummaries => "reservation-summaries",
            Self::CostDetails => "cost-details",
            Self::Focus => "focus",
            Self::Portfolio => "portfolio",
            Self::RoleAssignments => "role-assignments",
        }
    }

    /// Parses the `--format` spelling.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }

    /// Detects the format from the first bytes of a file (up to 64 KiB is enough).
    pub fn detect(head: &[u8]) -> Option<Self> {
        let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
        // Cut at a character boundary: the head may end inside a multi-byte character.
        let text = match std::str::from_utf8(head) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""),
        };
        let t = text.trim_start();
        let has = |needle: &str| text.contains(needle);
        if t.starts_with('{') || t.starts_with('[') {
            if has(portfolio::MAGIC) {
                return Some(Self::Portfolio);
            }
            if has("\"roleDefinitionName\"") && has("\"principalId\"") {
                return Some(Self::RoleAssignments);
            }
            let lower = text.to_ascii_lowercase();
            if lower.contains("microsoft.consumption/reservationsummaries")
                || (lower.contains("\"avgutilizationpercentage\"")
                    && lower.contains("\"reservationorderid\""))
            {
                return Some(Self::ReservationSummaries);
            }
            if lower.contains("microsoft.consumption/reservationdetails")
                || (lower.contains("\"usedhours\"") && lower.contains("\"instanceid\""))
            {
                return Some(Self::ReservationDetails);
            }
            if lower.contains("\"entitlementtype\"")
                || lower.contains("\"companyprofile\"")
                || lower.contains("\"entitledartifacts\"")
                || (lower.contains("\"reservations\"") && lower.contains("\"reservationid\""))
            {
                return Some(Self::PartnerCenter);
            }
            if lower.contains("microsoft.capacity/reservationorders")
                || lower.contains("\"reservedresourcetype\"")
                || lower.contains("\"originalquantity\"")
            {
                return Some(Self::Azure);
            }
            return None;
        }
        let header = t.lines().next().unwrap_or("").to_ascii_lowercase();
        let col = |name: &str| {
            header
                .split(',')
                .any(|c| c.trim().trim_matches('"') == name)
        };
        if col("commitmentdiscountid") {
            return Some(Self::Focus);
        }
        if col("reservedhours") && (col("usedhours") || col("riusedhours")) {
            return Some(Self::ReservationDetails);
        }
        if col("chargetype") && (col("reservationid") || col("benefitid")) {
            return Some(Self::CostDetails);
        }
        None
    }

    /// What a file of this format looks like, for "unknown format" messages.
    pub fn described() -> &'static str {
        "one of: azure (Reservations REST JSON), partner-center (Partner Center JSON), \
         reservation-details (Cost Management CSV or JSON), reservation-summaries (JSON), \
         cost-details (EA/MCA CSV), focus (FOCUS CSV), portfolio (rdesk export), \
         role-assignments (az role assignment list); pass --format to choose"
    }
}

/// Parses one file of `format` from `input` into `ctx`.
pub fn parse(format: Format, input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    match format {
        Format::Azure => azure::parse(input, ctx),
        Format::PartnerCenter => partner_center::parse(input, ctx),
        Format::ReservationDetails => reservation_details::parse(input, ctx),
        Format::ReservationSummaries => reservation_summaries::parse(input, ctx),
        Format::CostDetails => cost_details::parse(input, ctx),
        Format::Focus => focus::parse(input, ctx),
        Format::Portfolio => portfolio::parse(input, ctx),
        Format::RoleAssignments => role_assignments::parse(input, ctx),
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
    /// The JSON path (e.g. `$[3].principalId`), when known.
    pub path: Option<String>,
    /// The ID of the row's subject as the file wrote it (a reservation, order or customer ID),
    /// when the problem is about one row and the row names one.
    pub id: Option<String>,
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
            write!(f, ", found \"{}\"", crate::text::excerpt(found, 80))?;
        }
        if let Some(id) = &self.id {
            write!(f, " (row ID \"{}\")", crate::text::excerpt(id, 160))?;
        }
        Ok(())
    }
}

/// The most problems reported for one import.
pub const MAX_PROBLEMS: usize = 50;

/// The most skipped rows listed for one import (`--skip-invalid`); the rest are counted.
pub const MAX_SKIPPED: usize = 1_000;
