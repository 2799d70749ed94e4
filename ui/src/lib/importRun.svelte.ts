// The import in the window: the chosen files, the options, the running import and its outcome.
// Kept at module level so leaving the Import view and coming back finds everything as it was —
// including an import still running in the core.
import { desk, toDeskError, type CustomerSummary, type ErrorBody, type ImportOutcome, type ImportProgress } from '../api/desk';
import { newPaths, problemsNeedCustomer, startBlock, type ListedFile } from './importer';
import { dataChanged, session } from './session.svelte';
import { t } from '../i18n/index.svelte';

interface ImportState {
  files: ListedFile[];
  /** '' = detect from content, else a format name. */
  format: string;
  /** '' = none, else a tenant ID. */
  customer: string;
  /** The core asked for the customer in the last failed import. */
  customerAsked: boolean;
  /** Import was asked for while files were still being checked: it starts when they are. */
  starting: boolean;
  running: boolean;
  cancelling: boolean;
  progress: ImportProgress | null;
  outcome: ImportOutcome | null;
  /** A command that failed (the store, the dialog, the bridge), shown inline. */
  error: ErrorBody | null;
  /** Customers for the Customer select; null until loaded. */
  customers: CustomerSummary[] | null;
  customersVersion: number;
  customersError: ErrorBody | null;
}

function initial(): ImportState {
  return {
    files: [],
    format: '',
    customer: '',
    customerAsked: false,
    starting: false,
    running: false,
    cancelling: false,
    progress: null,
    outcome: null,
    error: null,
    customers: null,
    customersVersion: -1,
    customersError: null,
  };
}

export const run = $state<ImportState>(initial());

/** Format checks under way; an import asked for meanwhile waits for them. */
const checks = new Set<Promise<unknown>>();

/** Back to an empty view (tests). */
export function resetImport(): void {
  checks.clear();
  Object.assign(run, initial());
}

/** Whether the Customer select is offered: a file may lack its tenant, or the core asked. */
export function customerWanted(): boolean {
  return run.customerAsked || run.files.some((f) => f.detected?.may_need_customer === true);
}

/** Adds files to the list (duplicates ignored) and finds their formats. Returns how many were new. */
export async function addPaths(paths: readonly string[]): Promise<number> {
  if (run.running) return 0;
  const fresh = newPaths(
    run.files.map((f) => f.path),
    paths,
  );
  if (fresh.length === 0) return 0;
  run.error = null;
  run.files = [...run.files, ...fresh.map((path) => ({ path, detected: null, checking: true }))];
  const check = desk.detectImportFiles(fresh);
  checks.add(check);
  try {
    const detected = await check;
    const byPath = new Map(fresh.map((path, i) => [path, detected[i] ?? null]));
    run.files = run.files.map((f) => (byPath.has(f.path) ? { path: f.path, detected: byPath.get(f.path) ?? null, checking: false } : f));
  } catch (e) {
    run.error = toDeskError(e).body;
    run.files = run.files.map((f) => (fresh.includes(f.path) ? { ...f, checking: false } : f));
  } finally {
    checks.delete(check);
  }
  return fresh.length;
}

/** Takes a file out of the list, and its problems out of the last failed import's report. */
export function removePath(path: string): void {
  if (run.running) return;
  run.files = run.files.filter((f) => f.path !== path);
  const outcome = run.outcome;
  if (outcome?.status !== 'failed') return;
  const kept = outcome.problems.filter((p) => p.file !== path);
  const gone = outcome.problems.length - kept.length;
  const left = Math.max(kept.length, outcome.problem_count - gone);
  run.outcome = left === 0 ? null : { ...outcome, problems: kept, problem_count: left };
  if (run.outcome === null) run.customerAsked = false;
}

export function removeAll(): void {
  if (run.running) return;
  run.files = [];
  run.customerAsked = false;
  if (run.outcome?.status === 'failed') run.outcome = null;
}

/** Opens the system dialog and adds what was chosen. */
export async function pickFiles(): Promise<number> {
  if (run.running) return 0;
  run.error = null;
  try {
    const picked = await desk.pickImportFiles({ title: t('dialog.import.title'), filter: t('dialog.import.filter') }, t('dialog.allFiles'));
    return picked ? await addPaths(picked) : 0;
  } catch (e) {
    run.error = toDeskError(e).body;
    return 0;
  }
}

/** Loads the customers for the Customer select, again after the store changed. */
export async function loadCustomers(): Promise<void> {
  const version = session.dataVersion;
  if (run.customers !== null && run.customersVersion === version) return;
  run.customersError = null;
  try {
    const list = await desk.listCustomers(null);
    run.customers = [...list].sort((a, b) => a.name.localeCompare(b.name));
    run.customersVersion = version;
  } catch (e) {
    run.customersError = toDeskError(e).body;
  }
}

/** Whether Import can be clicked: files still being checked do not stop it (it waits for them). */
export function canAskToStart(): boolean {
  const block = startBlock(run.files, run.format, run.running);
  return !run.starting && (block === null || block === 'checking');
}

/**
 * Runs the import (once the files are checked); resolves when it ended. With `skipInvalid`
 * (after a failed import whose problems are all in rows), every valid row is imported and the
 * rows left out are listed.
 */
export async function startImport(skipInvalid = false): Promise<void> {
  if (!canAskToStart()) return;
  // The last outcome goes at once, so it is never mistaken for this import's.
  run.outcome = null;
  run.error = null;
  if (checks.size > 0) {
    run.starting = true;
    try {
      await Promise.allSettled([...checks]);
    } finally {
      run.starting = false;
    }
  }
  if (startBlock(run.files, run.format, run.running) !== null) return;
  const paths = run.files.map((f) => f.path);
  const customer = customerWanted() && run.customer !== '' ? run.customer : null;
  run.running = true;
  run.cancelling = false;
  run.progress = null;
  run.outcome = null;
  run.error = null;
  try {
    const outcome = await desk.importFiles(
      paths,
      run.format === '' ? null : run.format,
      customer,
      (p) => {
        if (run.running) run.progress = p;
      },
      skipInvalid,
    );
    run.outcome = outcome;
    if (outcome.status === 'imported') {
      // Done with these files: the report lists them. Other views read the new data.
      run.files = run.files.filter((f) => !paths.includes(f.path));
      run.customerAsked = false;
      if (outcome.changed) dataChanged();
    } else if (outcome.status === 'failed' && problemsNeedCustomer(outcome.problems)) {
      run.customerAsked = true;
      void loadCustomers();
    }
  } catch (e) {
    run.error = toDeskError(e).body;
  } finally {
    run.running = false;
    run.cancelling = false;
    run.progress = null;
  }
}

/** Asks the core to stop; the import rolls back and reports `cancelled`. */
export async function cancelImport(): Promise<void> {
  if (!run.running || run.cancelling) return;
  run.cancelling = true;
  try {
    await desk.cancelImport();
  } catch (e) {
    run.cancelling = false;
    run.error = toDeskError(e).body;
  }
}
