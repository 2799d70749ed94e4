//! The portfolio file: everything one account manager hands to another, as JSON Lines — a
//! header line, then one object per fact (see `store::portfolio`). Written to a temporary file
//! beside the target and renamed, so a crash never leaves half a file.

use super::{Desk, DeskError};
use crate::import::portfolio::{MAGIC, VERSION};
use crate::store::StoreError;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::Path;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportReport {
    /// The file written.
    pub file: String,
    /// Customers written.
    pub customers: u32,
    /// Reservations written.
    pub reservations: u32,
    /// Days of utilization written.
    pub utilization_days: u32,
    /// File size in bytes.
    pub bytes: f64,
}

impl Desk {
    /// Writes the portfolio file to `out`.
    pub fn export_portfolio(&self, out: &Path) -> Result<ExportReport, DeskError> {
        let io = |e: std::io::Error| StoreError::Io {
            path: out.to_path_buf(),
            source: e,
        };
        refuse_non_file(out)?;
        let dir = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = out
            .file_name()
            .map_or_else(|| "portfolio".into(), |n| n.to_string_lossy().to_string());
        let tmp = dir.join(format!(".{name}.partial"));
        let file = std::fs::File::create(&tmp).map_err(io)?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        let mut report = ExportReport {
            file: out.display().to_string(),
            customers: 0,
            reservations: 0,
            utilization_days: 0,
            bytes: 0.0,
        };
        let header = serde_json::json!({
            "format": MAGIC,
            "version": VERSION,
            "exported_at": self.clock.stamp(),
        });
        let result = (|| -> Result<(), StoreError> {
            writeln!(w, "{header}").map_err(io)?;
            let s = self.store();
            crate::store::portfolio::for_each(s.conn(), &mut |kind, mut value| {
                match kind {
                    "customer" => report.customers += 1,
                    "reservation" => report.reservations += 1,
                    "utilization" => {
                        let n = value
                            .get("days")
                            .and_then(|d| d.as_array())
                            .map_or(0, Vec::len);
                        report.utilization_days += u32::try_from(n).unwrap_or(u32::MAX);
                    }
                    _ => {}
                }
                if let Some(obj) = value.as_object_mut() {
                    obj.insert("kind".into(), kind.into());
                }
                crate::text::write_json_line(&mut w, &value).map_err(|e| io(e.into()))?;
                w.write_all(b"\n").map_err(io)
            })?;
            let file = w.into_inner().map_err(|e| io(e.into_error()))?;
            file.sync_all().map_err(io)?;
            Ok(())
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
        std::fs::rename(&tmp, out).map_err(io)?;
        #[allow(clippy::cast_precision_loss)]
        {
            report.bytes = std::fs::metadata(out).map_err(io)?.len() as f64;
        }
        Ok(report)
    }
}

/// Refuses an output path that exists and is not a regular file: renaming the finished file
/// onto a device (`/dev/null`), a pipe or a folder would replace it, not write into it.
fn refuse_non_file(path: &Path) -> Result<(), DeskError> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(StoreError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(
                "this is not a regular file (a folder, a device or a pipe); choose a file to write",
            ),
        }
        .into()),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed into place once synced,
/// so a failure or crash never leaves half a file under the chosen name.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), DeskError> {
    let io = |e: std::io::Error| StoreError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    refuse_non_file(path)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().to_string());
    let tmp = dir.join(format!(".{name}.partial"));
    let result = (|| -> Result<(), StoreError> {
        let mut file = std::fs::File::create(&tmp).map_err(io)?;
        file.write_all(bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(result?)
}
