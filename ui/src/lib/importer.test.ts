import { describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../api/desk';
import {
  basename,
  cleanTypedPath,
  dirname,
  entityLabel,
  exportSummary,
  formatBytes,
  formatLabel,
  formatRows,
  formatRowsPerSecond,
  formatSeconds,
  IMPORT_FORMATS,
  newPaths,
  outcomeSummary,
  overallFraction,
  problemCountText,
  problemLocation,
  problemsCutNote,
  problemsNeedCustomer,
  progressPercent,
  progressStep,
  reportTotals,
  startBlock,
  startBlockText,
  warningsOf,
  type ListedFile,
} from './importer';

describe('file names', () => {
  it('takes the last part of Unix and Windows paths', () => {
    expect(basename('/home/a/exports/reservations.json')).toBe('reservations.json');
    expect(basename('C:\\Users\\a\\Downloads\\cost details.csv')).toBe('cost details.csv');
    expect(basename('\\\\server\\share\\x.csv')).toBe('x.csv');
    expect(basename('plain.csv')).toBe('plain.csv');
    expect(basename('/trailing/slash/')).toBe('slash');
  });

  it('keeps the folder with its separator', () => {
    expect(dirname('/home/a/r.json')).toBe('/home/a/');
    expect(dirname('C:\\x\\y.csv')).toBe('C:\\x\\');
    expect(dirname('r.json')).toBe('');
  });

  it('cleans a typed or pasted path', () => {
    expect(cleanTypedPath('  /a/b.csv \n')).toBe('/a/b.csv');
    expect(cleanTypedPath('"C:\\Exports\\r.json"')).toBe('C:\\Exports\\r.json');
    expect(cleanTypedPath("'/a b/c.json'")).toBe('/a b/c.json');
    expect(cleanTypedPath('   ')).toBe('');
    expect(cleanTypedPath('"')).toBe('"');
  });

  it('adds only paths not yet listed, once each', () => {
    expect(newPaths(['/a.csv'], ['/a.csv', ' /b.csv ', '/b.csv', '', '"/c.json"'])).toEqual(['/b.csv', '/c.json']);
    expect(newPaths([], [])).toEqual([]);
  });
});

describe('formats and entities', () => {
  it('offers the eight formats of the core with friendly names', () => {
    expect(IMPORT_FORMATS.map((f) => f.id)).toEqual([
      'azure',
      'partner-center',
      'reservation-details',
      'reservation-summaries',
      'cost-details',
      'focus',
      'portfolio',
      'role-assignments',
    ]);
    expect(formatLabel('partner-center')).toBe('Partner Center');
    expect(formatLabel('something-new')).toBe('something-new');
  });

  it('names entities in words, unknown ones as sent', () => {
    expect(entityLabel('role_assignments')).toBe('Role assignments');
    expect(entityLabel('utilization')).toBe('Utilization days');
    expect(entityLabel('widgets')).toBe('widgets');
  });
});

describe('numbers', () => {
  it('formats sizes the way Explorer does', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1,023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12 MB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB');
    expect(formatBytes(3 * 1024 ** 5)).toBe('3,072 TB');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });

  it('counts rows and rates with thousands separators', () => {
    expect(formatRows(1)).toBe('1 row');
    expect(formatRows(0)).toBe('0 rows');
    expect(formatRows(1234567)).toBe('1,234,567 rows');
    expect(formatRowsPerSecond(48213.6)).toBe('48,214 rows/s');
    expect(formatRowsPerSecond(-3)).toBe('0 rows/s');
  });

  it('says how long it took', () => {
    expect(formatSeconds(40)).toBe('under 0.1 s');
    expect(formatSeconds(420)).toBe('0.4 s');
    expect(formatSeconds(9_840)).toBe('9.8 s');
    expect(formatSeconds(23_400)).toBe('23 s');
    expect(formatSeconds(125_000)).toBe('2 min 5 s');
    expect(formatSeconds(120_000)).toBe('2 min');
  });
});

describe('progress', () => {
  it('is (file index + share of the file) / files', () => {
    expect(overallFraction({ file_index: 0, file_count: 1, fraction: 0.5 })).toBe(0.5);
    expect(overallFraction({ file_index: 1, file_count: 4, fraction: 0.5 })).toBe(0.375);
    expect(overallFraction({ file_index: 3, file_count: 4, fraction: 1 })).toBe(1);
    expect(overallFraction(null)).toBe(0);
  });

  it('stays within 0..1 whatever arrives', () => {
    expect(overallFraction({ file_index: 0, file_count: 0, fraction: 0.5 })).toBe(0);
    expect(overallFraction({ file_index: 2, file_count: 2, fraction: 0.7 })).toBe(1);
    expect(overallFraction({ file_index: 0, file_count: 2, fraction: Number.NaN })).toBe(0);
    expect(overallFraction({ file_index: 0, file_count: 2, fraction: 3 })).toBe(0.5);
  });

  it('rounds the percent down so 100 means done', () => {
    expect(progressPercent({ file_index: 0, file_count: 3, fraction: 0.999 })).toBe(33);
    expect(progressPercent({ file_index: 2, file_count: 3, fraction: 0.999 })).toBe(99);
    expect(progressPercent({ file_index: 2, file_count: 3, fraction: 1 })).toBe(100);
  });

  it('names the step', () => {
    expect(progressStep({ file_index: 1, file_count: 3 })).toBe('Reading file 2 of 3');
    expect(progressStep({ file_index: 0, file_count: 1 })).toBe('Reading');
  });
});

describe('problems', () => {
  const base = { file: '/x/orders.json', line: null, path: null, field: null, found: null, expected: 'e' };

  it('locates a problem by line, else by JSON path, else by file', () => {
    expect(problemLocation({ ...base, line: 12 }).text).toBe('/x/orders.json:12');
    expect(problemLocation({ ...base, path: '$[3].principalId' }).text).toBe('/x/orders.json $[3].principalId');
    expect(problemLocation(base).text).toBe('/x/orders.json');
    expect(problemLocation({ ...base, line: 7, path: '$[0]' })).toEqual({ dir: '/x/', name: 'orders.json', suffix: ':7', text: '/x/orders.json:7' });
  });

  it('notices when the core asks for the customer', () => {
    expect(problemsNeedCustomer([{ field: 'quantity' }, { field: 'customer' }])).toBe(true);
    expect(problemsNeedCustomer([{ field: null }])).toBe(false);
  });

  it('counts them and says when the list is cut short', () => {
    expect(problemCountText(1)).toBe('1 problem was found');
    expect(problemCountText(1200)).toBe('1,200 problems were found');
    expect(problemsCutNote({ problems: new Array(50).fill(0), problem_count: 73 })).toBe('73 problems; the first 50 are listed');
    expect(problemsCutNote({ problems: [1, 2], problem_count: 2 })).toBeNull();
  });
});

describe('outcome', () => {
  it('sums up each way an import can end', () => {
    const imported = { status: 'imported', files: [], changed: true, rows: 12345, millis: 1840, skipped: [], skipped_count: 0 } as const satisfies ImportOutcome;
    expect(outcomeSummary(imported)).toBe('Imported 12,345 rows in 1.8 s');
    expect(outcomeSummary({ ...imported, rows: 1 })).toBe('Imported 1 row in 1.8 s');
    expect(outcomeSummary({ ...imported, changed: false })).toBe('Nothing changed — everything in these files was already in the store.');
    expect(outcomeSummary({ status: 'failed', problems: [], problem_count: 3, skippable: false })).toBe('Nothing was imported');
    expect(outcomeSummary({ status: 'cancelled', rows: 10 })).toBe('Import cancelled — nothing was changed.');
  });

  it('lists the first 100 warnings and counts the rest', () => {
    const many = Array.from({ length: 120 }, (_, i) => `w${i}`);
    expect(warningsOf({ warnings: many, warnings_omitted: 5 })).toMatchObject({ more: 25, total: 125 });
    expect(warningsOf({ warnings: many, warnings_omitted: 5 }).shown).toHaveLength(100);
    expect(warningsOf({ warnings: ['a'], warnings_omitted: 0 })).toEqual({ shown: ['a'], more: 0, total: 1 });
    expect(warningsOf({ warnings: [], warnings_omitted: 0 }).total).toBe(0);
  });

  it('totals a file across entities', () => {
    const entities = [
      { entity: 'orders', added: 2, updated: 1, unchanged: 0, skipped: 0 },
      { entity: 'reservations', added: 3, updated: 0, unchanged: 4, skipped: 1 },
    ];
    expect(reportTotals({ entities })).toEqual({ added: 5, updated: 1, unchanged: 4, skipped: 1 });
  });

  it('sums up an export', () => {
    expect(exportSummary({ customers: 1, reservations: 2, utilization_days: 1500 })).toBe(
      'Exported 1 customer, 2 reservations and 1,500 days of utilization',
    );
  });
});

describe('starting', () => {
  const file = (format: string | null, checking = false): ListedFile => ({
    path: `/f/${format ?? 'x'}`,
    checking,
    detected: checking ? null : { file: `/f/${format}`, format, size: 10, may_need_customer: false, problem: null },
  });

  it('needs files, all checked and all recognised unless a format is chosen', () => {
    expect(startBlock([], '', false)).toBe('no-files');
    expect(startBlock([file('azure')], '', true)).toBe('running');
    expect(startBlock([file('azure'), file(null, true)], '', false)).toBe('checking');
    expect(startBlock([file('azure'), file(null)], '', false)).toBe('unknown-format');
    expect(startBlock([file('azure'), file(null)], 'focus', false)).toBeNull();
    expect(startBlock([file('azure')], '', false)).toBeNull();
  });

  it('says why in words', () => {
    expect(startBlockText('no-files', [])).toBe('Add the files to import.');
    expect(startBlockText('unknown-format', [file(null)])).toBe('1 file has an unknown format: remove it, or choose the format.');
    expect(startBlockText('unknown-format', [file(null), file(null)])).toBe('2 files have an unknown format: remove them, or choose the format.');
    expect(startBlockText(null, [])).toBe('');
  });
});
