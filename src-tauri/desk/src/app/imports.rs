//! Imports: every file is streamed through its parser into one store transaction. The
//! transaction commits only when no file had a problem and the user did not cancel; otherwise it
//! rolls back and the store is exactly as it was.

use super::{Desk, DeskError};
use crate::domain::ids::TenantId;
use crate::import::ctx::{Ctx, Progress, SinkError, Stop};
use crate::import::utf16::{self, Utf16, Utf16Reader};
use crate::import::{Format, ImportProblem};
use crate::records::report::FileReport;
use crate::store::{self, StoreError};
use chrono::NaiveDate;
use serde::Serialize;
use std::cell::Cell;
use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// How an import ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ImportOutcome {
    /// Everything was written.
    Imported {
        /// One report per file, in the order they were read.
        files: Vec<FileReport>,
        /// Whether anything in the store changed (false: every row was already there).
        changed: bool,
        /// Rows and items read, all files together.
        rows: u32,
        /// Wall time in milliseconds.
        millis: u32,
        /// `--skip-invalid`: each bad field of the rows not imported (the first 1,000), with
        /// file, line or JSON path, field, value and the row's ID as found. Empty otherwise.
        skipped: Vec<ImportProblem>,
        /// How many rows were not imported.
        skipped_count: u32,
    },
    /// Problems were found; nothing was written.
    Failed {
        /// The first 50 problems.
        problems: Vec<ImportProblem>,
        /// How many problems there were in all.
        problem_count: u32,
        /// Whether every problem is in a row that importing with `--skip-invalid` would leave
        /// out (false when a file cannot be read, recognised or parsed as a whole).
        skippable: bool,
    },
    /// The user cancelled; nothing was written.
    Cancelled {
        /// Rows read before cancelling.
        rows: u32,
    },
}

/// Progress of a running import.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportProgress {
    /// 0-based index of the file being read.
    pub file_index: u32,
    /// Number of files.
    pub file_count: u32,
    /// The file being read.
    pub file: String,
    /// Share of that file read, 0–1.
    pub fraction: f64,
    /// Rows and items read so far, all files together.
    pub rows: u32,
    /// Rows per second so far.
    pub rows_per_second: u32,
}

/// A file chosen for import, with the format found in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DetectedFile {
    /// The file.
    pub file: String,
    /// The detected format's `--format` name, when recognised.
    pub format: Option<String>,
    /// Size in bytes (as a float: files can exceed 4 GiB).
    pub size: f64,
    /// Whether files of this format may need `--customer` (they can lack the tenant).
    pub may_need_customer: bool,
    /// What stops the file before its content is read, in the words of an import problem's
    /// `expected` (no file at the path, unreadable, empty); null when it can be read.
    pub problem: Option<String>,
}

/// The order files are read in, so that customers and reservations exist before what refers
/// to them.
fn priority(f: Format) -> u8 {
    match f {
        Format::Portfolio => 0,
        Format::PartnerCenter => 1,
        Format::Azure => 2,
        Format::RoleAssignments => 3,
        Format::CostDetails => 4,
        Format::Focus => 5,
        Format::ReservationDetails => 6,
        Format::ReservationSummaries => 7,
    }
}

struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// A file as its parser reads it: UTF-8 (UTF-16 decoded on the way), bytes counted for progress.
type Input = BufReader<Box<dyn Read>>;

/// The format of a file starting with `head`, reading a UTF-16 start as its text.
fn detect(head: &[u8]) -> Option<Format> {
    match Utf16::detect(head) {
        Some(order) => Format::detect(&utf16::head_as_utf8(head, order)),
        None => Format::detect(head),
    }
}

/// Opens a file and reads its first 64 KiB for detection.
fn open(path: &Path) -> std::io::Result<(Vec<u8>, File, u64)> {
    let mut file = File::open(path)?;
    let size = file.metadata()?.len();
    let mut head = Vec::with_capacity(65_536);
    (&mut file).take(65_536).read_to_end(&mut head)?;
    Ok((head, file, size))
}

/// What an empty file is told: it says "empty", never "truncated".
const EMPTY_FILE: &str = "a file with data (this one is empty)";

/// Why a file could not be opened, as an import problem's `expected`.
fn open_problem(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "a file at this path (there is none)".into(),
        std::io::ErrorKind::PermissionDenied => {
            "a file this account may read (permission denied)".into()
        }
        _ => format!("a readable file ({e})"),
    }
}

/// Whether the whole file is its first bytes and they hold nothing but a byte-order mark,
/// whitespace or (UTF-16) NULs.
fn is_empty_file(head: &[u8], size: u64) -> bool {
    let body = head
        .strip_prefix(b"\xEF\xBB\xBF")
        .or_else(|| head.strip_prefix(b"\xFF\xFE"))
        .or_else(|| head.strip_prefix(b"\xFE\xFF"))
        .unwrap_or(head);
    u64::try_from(head.len()).is_ok_and(|n| n == size)
        && body.iter().all(|b| b.is_ascii_whitespace() || *b == 0)
}

/// A problem with a whole file (or request), not one of its rows.
pub(super) fn problem(file: &str, expected: String) -> ImportProblem {
    ImportProblem {
        file: file.to_string(),
        line: None,
        path: None,
        id: None,
        field: None,
        found: None,
        expected,
    }
}

enum Abort {
    Outcome(ImportOutcome),
    Desk(DeskError),
}

impl Abort {
    /// The store's error back from the parser's context (the writer is the only sink here).
    fn from_sink(e: SinkError) -> Self {
        match e.into_inner::<StoreError>() {
            Ok(e) => e.into(),
            Err(other) => Self::Desk(DeskError::Store(StoreError::Corrupt {
                field: "import".into(),
                message: other.to_string(),
            })),
        }
    }
}

impl From<StoreError> for Abort {
    fn from(e: StoreError) -> Self {
        Self::Desk(e.into())
    }
}

impl Desk {
    /// Detects the format of each file without importing anything.
    pub fn detect_files(&self, paths: &[&Path]) -> Vec<DetectedFile> {
        paths
            .iter()
            .map(|p| {
                let (format, size, problem) = match open(p) {
                    Ok((head, _, size)) if is_empty_file(&head, size) => {
                        (None, size, Some(EMPTY_FILE.to_string()))
                    }
                    Ok((head, _, size)) => (detect(&head), size, None),
                    Err(e) => (None, 0, Some(open_problem(&e))),
                };
                DetectedFile {
                    file: p.display().to_string(),
                    format: format.map(|f| f.as_str().to_string()),
                    #[allow(clippy::cast_precision_loss)]
                    size: size as f64,
                    may_need_customer: matches!(
                        format,
                        Some(Format::Azure | Format::RoleAssignments)
                    ),
                    problem,
                }
            })
            .collect()
    }

    /// Imports files (format detected from content unless given), all or nothing. `progress` is
    /// called as rows are read; setting `cancel` stops the import and rolls it back.
    pub fn import_files_with(
        &self,
        paths: &[&Path],
        format: Option<Format>,
        customer: Option<&str>,
        today: NaiveDate,
        progress: &mut dyn FnMut(ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome, DeskError> {
        self.import_files_skipping(paths, format, customer, false, today, progress, cancel)
    }

    /// As [`Desk::import_files_with`]; with `skip_invalid`, a row (or JSON item) with a problem
    /// is left out and listed instead of failing the import, and every valid row is written. A
    /// file that cannot be read, recognised or parsed as a whole still fails it.
    #[allow(clippy::too_many_arguments)]
    pub fn import_files_skipping(
        &self,
        paths: &[&Path],
        format: Option<Format>,
        customer: Option<&str>,
        skip_invalid: bool,
        today: NaiveDate,
        progress: &mut dyn FnMut(ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome, DeskError> {
        let started = Instant::now();
        let customer = customer.map(TenantId::parse).transpose()?;
        let mut problems = Vec::new();
        let mut problem_count = 0usize;
        let mut file_problems_total = 0usize;
        let mut skipped = Vec::new();
        let mut skipped_count = 0usize;
        let mut files: Vec<(String, Format, Vec<u8>, File, u64)> = Vec::new();
        for path in paths {
            let name = path.display().to_string();
            match open(path) {
                Err(e) => {
                    problem_count += 1;
                    file_problems_total += 1;
                    problems.push(problem(&name, open_problem(&e)));
                }
                Ok((head, _, size)) if is_empty_file(&head, size) => {
                    problem_count += 1;
                    file_problems_total += 1;
                    problems.push(problem(&name, EMPTY_FILE.to_string()));
                }
                Ok((head, file, size)) => match format.or_else(|| detect(&head)) {
                    Some(f) => files.push((name, f, head, file, size)),
                    None => {
                        problem_count += 1;
                        file_problems_total += 1;
                        problems.push(problem(
                            &name,
                            format!("a known format: {}", Format::described()),
                        ));
                    }
                },
            }
        }
        // Files that could not be opened or recognised are reported together with the problems
        // of the others, which are still read so that one run lists everything to fix.
        files.sort_by_key(|f| priority(f.1));
        let file_count = u32::try_from(files.len()).unwrap_or(u32::MAX);
        let mut s = self.store();
        let result = s.write(|tx| -> Result<Vec<FileReport>, Abort> {
            let mut writer = store::import::Writer::new(tx, customer.clone(), today)
                .with_util_window(self.import_window);
            let mut reports = Vec::new();
            let mut start = Progress::default();
            for (index, (name, fmt, head, file, size)) in files.into_iter().enumerate() {
                let count = Rc::new(Cell::new(0u64));
                let order = Utf16::detect(&head);
                let raw = Counting {
                    inner: Cursor::new(head).chain(file),
                    count: count.clone(),
                };
                let decoded: Box<dyn Read> = match order {
                    Some(order) => Box::new(Utf16Reader::new(raw, order)),
                    None => Box::new(raw),
                };
                let mut input: Input = BufReader::with_capacity(256 * 1024, decoded);
                writer.begin_file(&name, fmt.as_str());
                let rows_before = start.rows;
                let read = {
                    let count = count.clone();
                    move || count.get()
                };
                let file_name = name.clone();
                let mut on_progress = |p: Progress| {
                    let secs = started.elapsed().as_secs_f64().max(0.001);
                    #[allow(
                        clippy::cast_precision_loss,
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss
                    )]
                    progress(ImportProgress {
                        file_index: u32::try_from(index).unwrap_or(u32::MAX),
                        file_count,
                        file: file_name.clone(),
                        fraction: if size == 0 {
                            1.0
                        } else {
                            (p.bytes_read as f64 / size as f64).min(1.0)
                        },
                        rows: u32::try_from(p.rows).unwrap_or(u32::MAX),
                        rows_per_second: (p.rows as f64 / secs) as u32,
                    });
                };
                let (stop, rows_now, file_problems, whole_file, skipped_rows) = {
                    let mut ctx = Ctx::new(
                        name.clone(),
                        customer.clone(),
                        &mut writer,
                        &mut problems,
                        cancel,
                        &mut on_progress,
                        Progress {
                            file_index: index,
                            bytes_read: 0,
                            bytes_total: size,
                            rows: start.rows,
                        },
                        &read,
                    );
                    if skip_invalid {
                        ctx = ctx.skipping(&mut skipped);
                    }
                    let stop = crate::import::parse(fmt, &mut input, &mut ctx);
                    ctx.report_progress();
                    (
                        stop,
                        ctx.progress().rows,
                        ctx.problem_count,
                        ctx.file_problem_count,
                        ctx.skipped_count,
                    )
                };
                problem_count += file_problems;
                file_problems_total += whole_file;
                skipped_count += skipped_rows;
                match stop {
                    Ok(()) => {}
                    Err(Stop::Cancelled) => {
                        return Err(Abort::Outcome(ImportOutcome::Cancelled {
                            rows: u32::try_from(rows_now).unwrap_or(u32::MAX),
                        }))
                    }
                    Err(Stop::Sink(e)) => return Err(Abort::from_sink(e)),
                }
                start.rows = rows_now;
                let report = writer.end_file(rows_now - rows_before)?;
                reports.push(report);
            }
            if !problems.is_empty() {
                return Err(Abort::Outcome(ImportOutcome::Failed {
                    problems: std::mem::take(&mut problems),
                    problem_count: u32::try_from(problem_count).unwrap_or(u32::MAX),
                    skippable: file_problems_total == 0,
                }));
            }
            if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                return Err(Abort::Outcome(ImportOutcome::Cancelled {
                    rows: u32::try_from(start.rows).unwrap_or(u32::MAX),
                }));
            }
            let late = writer.finish()?;
            if let Some(last) = reports.last_mut() {
                for w in late {
                    last.warn(w);
                }
            }
            let now = self.clock.stamp();
            for r in &reports {
                store::audit::record(tx, &now, "import", &r.file, None, Some(&summary(r)))?;
            }
            Ok(reports)
        });
        match result {
            Ok(files) => {
                let rows = files.iter().map(|f| u64::from(f.rows)).sum::<u64>();
                Ok(ImportOutcome::Imported {
                    changed: files.iter().any(FileReport::changed),
                    rows: u32::try_from(rows).unwrap_or(u32::MAX),
                    millis: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
                    files,
                    skipped,
                    skipped_count: u32::try_from(skipped_count).unwrap_or(u32::MAX),
                })
            }
            Err(Abort::Outcome(o)) => Ok(o),
            Err(Abort::Desk(e)) => Err(e),
        }
    }

    /// Imports files without progress or cancellation (the CLI and tests).
    pub fn import_files(
        &self,
        paths: &[&Path],
        format: Option<Format>,
        customer: Option<&str>,
        today: NaiveDate,
    ) -> Result<ImportOutcome, DeskError> {
        let cancel = AtomicBool::new(false);
        self.import_files_with(paths, format, customer, today, &mut |_| {}, &cancel)
    }
}

/// One line per file for the audit log and the CLI.
pub fn summary(r: &FileReport) -> String {
    if r.entities.is_empty() {
        return "nothing to import".into();
    }
    r.entities
        .iter()
        .map(|e| {
            format!(
                "{}: {} added, {} updated, {} unchanged, {} skipped",
                e.entity, e.added, e.updated, e.unchanged, e.skipped
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The headline of a failed import: how many problems, how many are listed, and that nothing
/// was imported (`2 problems found; nothing was imported`).
pub fn failed_import_summary(listed: usize, count: u32) -> String {
    let noun = if count == 1 { "problem" } else { "problems" };
    let shown = if listed < count as usize {
        format!(" (the first {listed} are listed)")
    } else {
        String::new()
    };
    format!("{count} {noun} found{shown}; nothing was imported")
}

/// Formats the `--format` choices for messages.
pub fn format_names() -> String {
    Format::ALL.map(Format::as_str).join(", ")
}
