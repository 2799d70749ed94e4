//! The context a parser works in: where records go, where problems are collected, progress and
//! cancellation.

use super::{ImportProblem, MAX_PROBLEMS, MAX_SKIPPED};
use crate::domain::ids::TenantId;
pub use crate::records::sink::{Loc, Sink, SinkError, SinkProblem};
use crate::records::{Entity, Record};
use std::sync::atomic::{AtomicBool, Ordering};

/// Why parsing stopped early.
#[derive(Debug)]
pub enum Stop {
    /// The user cancelled.
    Cancelled,
    /// The sink failed (for the store: disk full, …): not the file's fault.
    Sink(SinkError),
}

/// Progress of one import, reported as it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Index of the file being read (0-based).
    pub file_index: usize,
    /// Bytes of that file read so far.
    pub bytes_read: u64,
    /// Its size in bytes.
    pub bytes_total: u64,
    /// Rows or items read so far in this import, all files together.
    pub rows: u64,
}

/// A parser's view of one import of one file.
pub struct Ctx<'a> {
    /// The file's name as shown in problems.
    pub file: String,
    /// `--customer`: the tenant for files that do not name one.
    pub customer: Option<TenantId>,
    sink: &'a mut dyn Sink,
    problems: &'a mut Vec<ImportProblem>,
    /// Problems beyond the first 50 are counted, not kept.
    pub problem_count: usize,
    /// Of those, the problems of the file as a whole (structure, header, syntax), which
    /// skipping rows cannot get past.
    pub file_problem_count: usize,
    /// `--skip-invalid`: where rows with a problem go instead of `problems`.
    skipped: Option<&'a mut Vec<ImportProblem>>,
    /// Rows skipped for a problem (the first [`MAX_SKIPPED`] are kept).
    pub skipped_count: usize,
    cancel: &'a AtomicBool,
    on_progress: &'a mut dyn FnMut(Progress),
    progress: Progress,
    bytes_read: &'a dyn Fn() -> u64,
}

impl std::fmt::Debug for Ctx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("file", &self.file)
            .field("progress", &self.progress)
            .finish_non_exhaustive()
    }
}

impl<'a> Ctx<'a> {
    /// A context for one file.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        file: String,
        customer: Option<TenantId>,
        sink: &'a mut dyn Sink,
        problems: &'a mut Vec<ImportProblem>,
        cancel: &'a AtomicBool,
        on_progress: &'a mut dyn FnMut(Progress),
        start: Progress,
        bytes_read: &'a dyn Fn() -> u64,
    ) -> Self {
        Self {
            file,
            customer,
            sink,
            problems,
            problem_count: 0,
            file_problem_count: 0,
            skipped: None,
            skipped_count: 0,
            cancel,
            on_progress,
            progress: start,
            bytes_read,
        }
    }

    /// Skips rows with a problem instead of failing the import: each goes to `skipped`.
    pub fn skipping(mut self, skipped: &'a mut Vec<ImportProblem>) -> Self {
        self.skipped = Some(skipped);
        self
    }

    /// Adds a problem of the file as a whole at `loc` (its structure, header or syntax): the
    /// file cannot be read past it, so it is refused even when bad rows are skipped.
    pub fn problem(
        &mut self,
        loc: &Loc,
        field: Option<&str>,
        found: Option<String>,
        expected: impl Into<String>,
    ) {
        self.file_problem_count += 1;
        self.push_problem(loc, None, field, found, expected.into());
    }

    /// Adds a problem of one row (or JSON item) at `loc`, whose subject the file names `id`:
    /// the row is not imported. A problem unless rows are being skipped, then a skipped row.
    pub fn row_problem(
        &mut self,
        loc: &Loc,
        id: Option<&str>,
        field: Option<&str>,
        found: Option<String>,
        expected: impl Into<String>,
    ) {
        let p = self.located(loc, id, field, found, expected.into());
        match &mut self.skipped {
            Some(list) => {
                // One row with several bad fields is one skipped row, listed with each field.
                let same_row = list
                    .last()
                    .is_some_and(|l| l.file == p.file && l.line == p.line && same_item(l, &p));
                if !same_row {
                    self.skipped_count += 1;
                }
                if list.len() < MAX_SKIPPED {
                    list.push(p);
                }
            }
            None => {
                self.problem_count += 1;
                if self.problems.len() < MAX_PROBLEMS {
                    self.problems.push(p);
                }
            }
        }
    }

    fn push_problem(
        &mut self,
        loc: &Loc,
        id: Option<&str>,
        field: Option<&str>,
        found: Option<String>,
        expected: String,
    ) {
        self.problem_count += 1;
        if self.problems.len() < MAX_PROBLEMS {
            let p = self.located(loc, id, field, found, expected);
            self.problems.push(p);
        }
    }

    fn located(
        &self,
        loc: &Loc,
        id: Option<&str>,
        field: Option<&str>,
        found: Option<String>,
        expected: String,
    ) -> ImportProblem {
        ImportProblem {
            file: self.file.clone(),
            line: loc.line,
            path: loc.path.clone(),
            id: id.map(shorten),
            field: field.map(str::to_string),
            found: found.map(|f| shorten(&f)),
            expected,
        }
    }

    /// Whether any problem was found so far (in any file of this import).
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty()
    }

    /// Hands a record to the store; a record the store cannot place is a problem of its row.
    pub fn emit(&mut self, record: Record, loc: &Loc) -> Result<(), Stop> {
        let id = record.subject_id();
        match self.sink.accept(record, loc).map_err(Stop::Sink)? {
            Ok(()) => Ok(()),
            Err(p) => {
                self.row_problem(loc, id.as_deref(), Some(&p.field), p.found, p.expected);
                Ok(())
            }
        }
    }

    /// A warning in the report.
    pub fn warn(&mut self, warning: String) {
        self.sink.warn(format!("{}: {warning}", self.file));
    }

    /// A row skipped on purpose, with the reason (shown as a warning).
    pub fn skip(&mut self, entity: Entity, loc: &Loc, reason: &str) {
        let at = match (&loc.line, &loc.path) {
            (Some(l), _) => format!("{}:{l}", self.file),
            (None, Some(p)) => format!("{} {p}", self.file),
            (None, None) => self.file.clone(),
        };
        self.sink.skip(entity, format!("{at}: {reason}"));
    }

    /// Marks one row or item read: reports progress every 4,096 rows and checks for Cancel.
    pub fn row_done(&mut self) -> Result<(), Stop> {
        self.progress.rows += 1;
        if self.progress.rows.is_multiple_of(4096) {
            self.report_progress();
            if self.cancel.load(Ordering::Relaxed) {
                return Err(Stop::Cancelled);
            }
        }
        Ok(())
    }

    /// Reports progress now.
    pub fn report_progress(&mut self) {
        self.progress.bytes_read = (self.bytes_read)();
        (self.on_progress)(self.progress);
    }

    /// Checks for Cancel.
    pub fn check_cancel(&self) -> Result<(), Stop> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(Stop::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Progress so far (rows of the whole import).
    pub fn progress(&self) -> Progress {
        self.progress
    }
}

/// Whether two problems are about the same JSON item (`$.value[3].x` and `$.value[3].y`).
fn same_item(a: &ImportProblem, b: &ImportProblem) -> bool {
    match (&a.path, &b.path) {
        (Some(x), Some(y)) => item_of(x) == item_of(y),
        (None, None) => a.line.is_some(),
        _ => false,
    }
}

/// The item part of a JSON path: up to and including its first `[n]`.
fn item_of(path: &str) -> &str {
    path.find(']').map_or(path, |i| &path[..=i])
}

/// Keeps a found value short enough to print (10 MB fields exist in hostile files).
pub fn shorten(found: &str) -> String {
    const MAX: usize = 120;
    if found.len() <= MAX {
        return found.to_string();
    }
    let mut end = MAX;
    while !found.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &found[..end], found.len())
}

/// A sink that keeps records in memory, for parser tests and fuzzing.
#[derive(Debug, Default)]
pub struct VecSink {
    /// Records with where they came from.
    pub records: Vec<(Record, Loc)>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Skipped rows with reasons.
    pub skipped: Vec<String>,
}

impl Sink for VecSink {
    fn accept(&mut self, record: Record, loc: &Loc) -> Result<Result<(), SinkProblem>, SinkError> {
        self.records.push((record, loc.clone()));
        Ok(Ok(()))
    }

    fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    fn skip(&mut self, _entity: Entity, reason: String) {
        self.skipped.push(reason);
    }
}

/// What a parser made of some bytes, for tests and fuzzing.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Records and their locations.
    pub records: Vec<(Record, Loc)>,
    /// Problems (at most 50).
    pub problems: Vec<ImportProblem>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Skipped rows with reasons.
    pub skipped: Vec<String>,
}

/// Runs the `format` parser over `bytes` as file `name`, collecting everything in memory.
pub fn parse_bytes(
    format: super::Format,
    name: &str,
    bytes: &[u8],
    customer: Option<TenantId>,
) -> Parsed {
    let mut sink = VecSink::default();
    let mut problems = Vec::new();
    let cancel = AtomicBool::new(false);
    let mut on_progress = |_: Progress| {};
    let total = bytes.len() as u64;
    let read = move || total;
    let mut input = bytes;
    {
        let mut ctx = Ctx::new(
            name.to_string(),
            customer,
            &mut sink,
            &mut problems,
            &cancel,
            &mut on_progress,
            Progress::default(),
            &read,
        );
        if let Err(Stop::Sink(e)) = super::parse(format, &mut input, &mut ctx) {
            panic!("an in-memory sink cannot fail: {e}");
        }
    }
    Parsed {
        records: sink.records,
        problems,
        warnings: sink.warnings,
        skipped: sink.skipped,
    }
}
