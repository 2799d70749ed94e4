//! Imports: every file parsed in full first; one transaction writes them all, or nothing.

use super::{Desk, DeskError};
use crate::domain::ids::TenantId;
use crate::import::{role_assignments, FileReport, Format, ImportProblem};
use crate::store;
use chrono::Utc;
use std::path::Path;

/// Why an import wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFailed {
    /// The first problems (at most 50), each with file, line or path, field, found and expected.
    pub problems: Vec<ImportProblem>,
}

impl Desk {
    /// Imports files (format detected from content unless given). On any problem nothing is
    /// written and the problems are returned.
    pub fn import_files(
        &self,
        paths: &[&Path],
        format: Option<Format>,
        customer: Option<&str>,
    ) -> Result<Result<Vec<FileReport>, ImportFailed>, DeskError> {
        let customer = customer.map(TenantId::parse).transpose()?;
        let mut problems = Vec::new();
        let mut parsed = Vec::new();
        for path in paths {
            let name = path.display().to_string();
            let fail = |expected: String| ImportProblem {
                file: name.clone(),
                line: None,
                path: None,
                field: None,
                found: None,
                expected,
            };
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    problems.push(fail(format!("a readable file ({e})")));
                    continue;
                }
            };
            let Ok(content) = String::from_utf8(bytes) else {
                problems.push(fail("UTF-8 text".into()));
                continue;
            };
            let Some(fmt) = format.or_else(|| Format::detect(&content)) else {
                problems.push(fail("a known format (role-assignments: the JSON of `az role assignment list`); pass --format to choose".into()));
                continue;
            };
            match fmt {
                Format::RoleAssignments => match role_assignments::parse(&name, &content) {
                    Ok((rows, skipped)) => parsed.push((name, fmt, rows, skipped)),
                    Err(p) => problems.extend(p),
                },
            }
        }
        if !problems.is_empty() {
            problems.truncate(crate::import::MAX_PROBLEMS);
            return Ok(Err(ImportFailed { problems }));
        }
        let mut s = self.store();
        let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let reports = s.write(|tx| -> Result<Vec<FileReport>, DeskError> {
            let mut reports = Vec::new();
            for (name, fmt, rows, skipped) in &parsed {
                let mut report = FileReport { file: name.clone(), format: fmt.as_str().into(), skipped: u32::try_from(skipped.len()).unwrap_or(u32::MAX), warnings: skipped.clone(), ..FileReport::default() };
                for row in rows {
                    let order_tenant = match &row.order_id {
                        Some(o) => match store::reservations::order_tenant(tx, o)? {
                            Some(t) => Some(t),
                            None => {
                                report.skipped += 1;
                                report.warnings.push(format!("{}: reservation order {o} is not in the store", row.assignment.principal_name));
                                continue;
                            }
                        },
                        None => None,
                    };
                    let tenant = match (&order_tenant, &customer) {
                        (Some(t), Some(c)) if t != c.as_str() => {
                            report.skipped += 1;
                            report.warnings.push(format!("{}: the order belongs to another customer than --customer", row.assignment.principal_name));
                            continue;
                        }
                        (Some(t), _) => t.clone(),
                        (None, Some(c)) => c.to_string(),
                        (None, None) => {
                            return Err(crate::domain::InvalidValue::new("customer", "tenant-wide assignments need --customer TENANT_ID (the tenant the list was made in)", name).into());
                        }
                    };
                    let target = store::access::Target {
                        tenant_id: &tenant,
                        order_id: row.order_id.as_ref().map(|o| o.as_str()),
                        reservation_id: row.reservation_id.as_ref().map(|r| r.as_str()),
                    };
                    if store::access::insert(tx, target, &row.assignment)? {
                        report.added += 1;
                    } else {
                        report.unchanged += 1;
                    }
                }
                store::audit::record(tx, &now, "import", name, None, Some(&format!("{} added, {} unchanged, {} skipped", report.added, report.unchanged, report.skipped)))?;
                reports.push(report);
            }
            Ok(reports)
        })?;
        Ok(Ok(reports))
    }
}

/// Formats the `--format` choices for messages.
pub fn format_names() -> &'static str {
    "role-assignments"
}
