// The words and numbers of the Import view: formats, file names, sizes, progress and outcomes.
import type { DetectedFile, ExportReport, FileReport, ImportOutcome, ImportProblem, ImportProgress } from '../api/desk';
import { i18n, plural, t, type MessageKey } from '../i18n/index.svelte';
import { EMPTY_VALUE, formatInteger } from './format';

export interface ImportFormat {
  /** The core's `--format` name. */
  readonly id: string;
  /** Short name for chips and reports, in the current language. */
  readonly label: string;
  /** What the file is, for the Format select, in the current language. */
  readonly option: string;
}

/** A format whose names are read in the current language each time they are shown. */
function importFormat(id: string, label: MessageKey, option: MessageKey): ImportFormat {
  return {
    id,
    get label() {
      return t(label);
    },
    get option() {
      return t(option);
    },
  };
}

/** The formats the core reads, in the order the Format select offers them. */
export const IMPORT_FORMATS: readonly ImportFormat[] = [
  importFormat('azure', 'import.format.azure', 'import.format.azure.option'),
  importFormat('partner-center', 'import.format.partnerCenter', 'import.format.partnerCenter.option'),
  importFormat('reservation-details', 'import.format.reservationDetails', 'import.format.reservationDetails.option'),
  importFormat('reservation-summaries', 'import.format.reservationSummaries', 'import.format.reservationSummaries.option'),
  importFormat('cost-details', 'import.format.costDetails', 'import.format.costDetails.option'),
  importFormat('focus', 'import.format.focus', 'import.format.focus.option'),
  importFormat('portfolio', 'import.format.portfolio', 'import.format.portfolio.option'),
  importFormat('role-assignments', 'import.format.roleAssignments', 'import.format.roleAssignments.option'),
];

/** A format's short name; an unknown name is shown as the core wrote it. */
export function formatLabel(format: string): string {
  return IMPORT_FORMATS.find((f) => f.id === format)?.label ?? format;
}

const ENTITY_LABELS: Readonly<Record<string, MessageKey>> = {
  customers: 'import.entity.customers',
  subscriptions: 'import.entity.subscriptions',
  orders: 'import.entity.orders',
  reservations: 'import.entity.reservations',
  utilization: 'import.entity.utilization',
  lineage: 'import.entity.lineage',
  costs: 'import.entity.costs',
  role_assignments: 'import.entity.roleAssignments',
  refunds: 'import.entity.refunds',
};

export function entityLabel(entity: string): string {
  const key = Object.hasOwn(ENTITY_LABELS, entity) ? ENTITY_LABELS[entity] : undefined;
  return key ? t(key) : entity;
}

/** The last part of a path, for Windows and Unix paths alike: "C:\\x\\a.csv" → "a.csv". */
export function basename(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut < 0 ? trimmed : trimmed.slice(cut + 1);
}

/** Everything before {@link basename}, with its trailing separator: "/a/b.csv" → "/a/". */
export function dirname(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut < 0 ? '' : trimmed.slice(0, cut + 1);
}

/**
 * A path as typed or pasted: surrounding spaces and the quotes Explorer's "Copy as path" adds
 * are dropped; the empty string when nothing is left.
 */
export function cleanTypedPath(text: string): string {
  let path = text.trim();
  if (path.length >= 2 && ((path.startsWith('"') && path.endsWith('"')) || (path.startsWith("'") && path.endsWith("'")))) {
    path = path.slice(1, -1).trim();
  }
  return path;
}

/** The paths of `added` not yet in `existing` (nor repeated within `added`), in order. */
export function newPaths(existing: readonly string[], added: readonly string[]): string[] {
  const seen = new Set(existing);
  const fresh: string[] = [];
  for (const raw of added) {
    const path = cleanTypedPath(raw);
    if (path === '' || seen.has(path)) continue;
    seen.add(path);
    fresh.push(path);
  }
  return fresh;
}

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** Bytes as people read them (1 KB = 1,024 bytes): 512 → "512 B", 1536 → "1.5 KB", 12.3 MiB → "12 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return EMPTY_VALUE;
  if (bytes < 1024) return `${formatInteger(Math.round(bytes))} B`;
  let value = bytes / 1024;
  let unit = 0;
  for (;;) {
    const digits = value < 10 ? 1 : 0;
    const rounded = Number(value.toFixed(digits));
    if (rounded >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit += 1;
      continue;
    }
    const text = new Intl.NumberFormat(i18n.intlLocale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(rounded);
    return `${text} ${UNITS[unit]}`;
  }
}

/** "1 row", "12,345 rows". */
export function formatRows(rows: number): string {
  return plural(rows, 'import.rows.one', 'import.rows.other', { count: formatInteger(rows) });
}

/** "12,345 rows/s". */
export function formatRowsPerSecond(rate: number): string {
  return t('import.rowsPerSecond', { count: formatInteger(Math.max(0, Math.round(rate))) });
}

/** Elapsed time: "under 0.1 s", "0.4 s", "9.8 s", "23 s", "2 min 5 s". */
export function formatSeconds(millis: number): string {
  if (millis < 100) return t('import.seconds.under');
  if (millis < 10_000) return t('import.seconds', { seconds: (Math.round(millis / 100) / 10).toFixed(1) });
  const seconds = Math.round(millis / 1000);
  if (seconds < 60) return t('import.seconds', { seconds });
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0
    ? t('import.minutes', { minutes: formatInteger(minutes) })
    : t('import.minutesSeconds', { minutes: formatInteger(minutes), seconds: rest });
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** The share of the whole import done, 0–1: (files done + share of the current file) / files. */
export function overallFraction(progress: Pick<ImportProgress, 'file_index' | 'file_count' | 'fraction'> | null): number {
  if (progress === null || progress.file_count <= 0) return 0;
  const index = Math.min(Math.max(0, progress.file_index), progress.file_count);
  return clamp01((index + clamp01(progress.fraction)) / progress.file_count);
}

/** {@link overallFraction} as a whole percent, never 100 before the last byte. */
export function progressPercent(progress: Pick<ImportProgress, 'file_index' | 'file_count' | 'fraction'> | null): number {
  return Math.floor(overallFraction(progress) * 100);
}

/** "Reading file 2 of 3" (or "Reading" for a single file). */
export function progressStep(progress: Pick<ImportProgress, 'file_index' | 'file_count'>): string {
  if (progress.file_count <= 1) return t('import.progress.reading');
  return t('import.progress.readingFile', {
    index: formatInteger(Math.min(progress.file_index + 1, progress.file_count)),
    count: formatInteger(progress.file_count),
  });
}

export interface ProblemLocation {
  /** The folder part of the file, with its trailing separator. */
  readonly dir: string;
  /** The file's name. */
  readonly name: string;
  /** ":line", " $.json.path" or "". */
  readonly suffix: string;
  /** The whole location: "file:line", "file path" or "file". */
  readonly text: string;
}

/** Where a problem is: `file:line` when the line is known, else `file path`, else the file. */
export function problemLocation(problem: Pick<ImportProblem, 'file' | 'line' | 'path'>): ProblemLocation {
  const suffix = problem.line !== null ? `:${problem.line}` : problem.path ? ` ${problem.path}` : '';
  return { dir: dirname(problem.file), name: basename(problem.file), suffix, text: `${problem.file}${suffix}` };
}

/** Whether the core asked for the customer (Azure lists made in one tenant don't name it). */
export function problemsNeedCustomer(problems: readonly Pick<ImportProblem, 'field'>[]): boolean {
  return problems.some((p) => p.field === 'customer');
}

/** The one-line verdict of an import. */
export function outcomeSummary(outcome: ImportOutcome): string {
  switch (outcome.status) {
    case 'imported':
      return outcome.changed
        ? t('import.outcome.imported', { rows: formatRows(outcome.rows), time: formatSeconds(outcome.millis) })
        : t('import.outcome.unchanged');
    case 'failed':
      return t('import.outcome.failed');
    case 'cancelled':
      return t('import.outcome.cancelled');
  }
}

/** "1 problem was found", "73 problems were found". */
export function problemCountText(count: number): string {
  return plural(count, 'import.problems.count.one', 'import.problems.count.other', { count: formatInteger(count) });
}

/** "73 problems; the first 50 are listed" when the list is cut short, else null. */
export function problemsCutNote(outcome: { problems: readonly unknown[]; problem_count: number }): string | null {
  if (outcome.problem_count <= outcome.problems.length) return null;
  return t('import.problems.cut', { count: formatInteger(outcome.problem_count), shown: formatInteger(outcome.problems.length) });
}

export const WARNINGS_SHOWN = 100;

/** The warnings to list (the first 100) and how many more there were. */
export function warningsOf(report: Pick<FileReport, 'warnings' | 'warnings_omitted'>): { shown: string[]; more: number; total: number } {
  const shown = report.warnings.slice(0, WARNINGS_SHOWN);
  const more = report.warnings.length - shown.length + Math.max(0, report.warnings_omitted);
  return { shown, more, total: shown.length + more };
}

/** What an imported file changed, all entities together. */
export function reportTotals(report: Pick<FileReport, 'entities'>): { added: number; updated: number; unchanged: number; skipped: number } {
  const totals = { added: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const e of report.entities) {
    totals.added += e.added;
    totals.updated += e.updated;
    totals.unchanged += e.unchanged;
    totals.skipped += e.skipped;
  }
  return totals;
}

/** A file in the list: its path, and what detection found (null while checking or when it failed). */
export interface ListedFile {
  readonly path: string;
  readonly detected: DetectedFile | null;
  readonly checking: boolean;
}

export type StartBlock = 'running' | 'no-files' | 'checking' | 'file-problem' | 'unknown-format' | null;

/** Why Import cannot start yet, or null when it can. */
export function startBlock(files: readonly ListedFile[], formatOverride: string, running: boolean): StartBlock {
  if (running) return 'running';
  if (files.length === 0) return 'no-files';
  if (files.some((f) => f.checking)) return 'checking';
  if (files.some((f) => f.detected?.problem)) return 'file-problem';
  if (formatOverride === '' && files.some((f) => !f.detected?.format)) return 'unknown-format';
  return null;
}

/** The hint next to a disabled Import button. */
export function startBlockText(block: StartBlock, files: readonly ListedFile[]): string {
  switch (block) {
    case 'no-files':
      return t('import.block.noFiles');
    case 'checking':
      return t('import.block.checking');
    case 'file-problem': {
      const n = files.filter((f) => f.detected?.problem).length;
      return plural(n, 'import.block.problem.one', 'import.block.problem.other', { count: formatInteger(n) });
    }
    case 'unknown-format': {
      const n = files.filter((f) => !f.detected?.format).length;
      return plural(n, 'import.block.unknown.one', 'import.block.unknown.other', { count: formatInteger(n) });
    }
    case 'running':
    case null:
      return '';
  }
}

const count = (n: number, one: MessageKey, many: MessageKey) => plural(n, one, many, { count: formatInteger(n) });

/** "Exported 14 customers, 79 reservations and 2,370 days of utilization". */
export function exportSummary(report: Pick<ExportReport, 'customers' | 'reservations' | 'utilization_days'>): string {
  return t('import.export.summary', {
    customers: count(report.customers, 'import.export.customers.one', 'import.export.customers.other'),
    reservations: count(report.reservations, 'import.export.reservations.one', 'import.export.reservations.other'),
    days: count(report.utilization_days, 'import.export.days.one', 'import.export.days.other'),
  });
}
