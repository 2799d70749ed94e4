import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DetectedFile, ImportOutcome, ImportProgress } from '../api/desk';
import { resetImport } from '../lib/importRun.svelte';
import { session } from '../lib/session.svelte';
import { i18n } from '../i18n/index.svelte';
import Import from './Import.svelte';
import { customerFixture } from '../test/fixtures';
import { mockCore } from '../test/mockCore';

function detected(file: string, format: string | null, mayNeedCustomer = false, problem: string | null = null): DetectedFile {
  return { file, format, size: 2048, may_need_customer: mayNeedCustomer, problem };
}

const customer = (name: string, tenant: string) =>
  customerFixture(name, tenant, { reservation_count: 0, active_reservation_count: 0 });

const byTestId = (root: HTMLElement, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

async function addPath(container: HTMLElement, path: string) {
  const input = byTestId(container, 'import-path-input')[0] as HTMLInputElement;
  await fireEvent.input(input, { target: { value: path } });
  await fireEvent.submit(input.form as HTMLFormElement);
}

beforeEach(() => {
  resetImport();
});

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
});

describe('Import', () => {
  it('adds a typed path, shows its detected format, and blocks Import on an unknown one', async () => {
    const calls = mockCore({
      detect_import_files: (a) => (a['paths'] as string[]).map((p) => detected(p, p.endsWith('.json') ? 'partner-center' : null)),
    });
    const { container, getByTestId } = render(Import);
    await addPath(container, '  "/data/exports/pc.json" ');
    await waitFor(() => expect(byTestId(container, 'import-file-format')).toHaveLength(1));
    expect(calls).toEqual([['detect_import_files', { paths: ['/data/exports/pc.json'] }]]);
    const row = byTestId(container, 'import-file-row')[0]!;
    expect(row.textContent).toContain('pc.json');
    expect(row.textContent).toContain('/data/exports/pc.json');
    expect(row.textContent).toContain('2.0 KB');
    expect(byTestId(container, 'import-file-format')[0]?.textContent).toContain('Partner Center');
    expect((getByTestId('import-start') as HTMLButtonElement).disabled).toBe(false);
    expect((getByTestId('import-path-input') as HTMLInputElement).value).toBe('');

    await addPath(container, '/data/notes.txt');
    await waitFor(() => expect(byTestId(container, 'import-file-format')).toHaveLength(2));
    const unknown = byTestId(container, 'import-file-format')[1]!;
    expect(unknown.textContent).toContain('Unknown format');
    expect(unknown.className).toContain('bad');
    expect((getByTestId('import-start') as HTMLButtonElement).disabled).toBe(true);
    expect(container.textContent).toContain('1 file has an unknown format');

    // A format chosen by hand lets it through; removing the file does too.
    await fireEvent.change(getByTestId('import-format-select'), { target: { value: 'focus' } });
    expect((getByTestId('import-start') as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.change(getByTestId('import-format-select'), { target: { value: '' } });
    expect((getByTestId('import-start') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(byTestId(container, 'import-file-remove')[1]!);
    expect(byTestId(container, 'import-file-row')).toHaveLength(1);
    expect((getByTestId('import-start') as HTMLButtonElement).disabled).toBe(false);

    // The same path twice is listed once.
    await addPath(container, '/data/exports/pc.json');
    expect(byTestId(container, 'import-file-row')).toHaveLength(1);
    expect(container.textContent).toContain('pc.json is already in the list.');
  });

  it('shows progress while importing, cancels on Escape, then reports per file and entity', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const outcome: ImportOutcome = {
      status: 'imported',
      changed: true,
      rows: 12345,
      millis: 1840,
      skipped: [],
      skipped_count: 0,
      files: [
        {
          file: '/d/orders.json',
          format: 'azure',
          rows: 12345,
          entities: [
            { entity: 'orders', added: 3, updated: 0, unchanged: 1204, skipped: 0 },
            { entity: 'reservations', added: 1500, updated: 2, unchanged: 0, skipped: 7 },
          ],
          warnings: ['Line 4: <b>odd</b> value kept as text'],
          warnings_omitted: 120,
        },
      ],
    };
    const calls = mockCore({
      detect_import_files: (a) => (a['paths'] as string[]).map((p) => detected(p, 'azure')),
      import_files: async (a) => {
        const channel = a['onProgress'] as { onmessage: (p: ImportProgress) => void };
        channel.onmessage({ file_index: 1, file_count: 2, file: '/d/orders.json', fraction: 0.5, rows: 4321, rows_per_second: 48213 });
        await gate;
        return outcome;
      },
      cancel_import: () => null,
      store_info: () => ({ db_path: '/x', schema_version: 1, customers: 3, reservations: 9, today: '2025-11-24', demo_loaded: null }),
      list_customers: () => [],
    });
    const version = session.dataVersion;
    const { container, getByTestId } = render(Import);
    await addPath(container, '/d/orders.json');
    await waitFor(() => expect(byTestId(container, 'import-file-format')).toHaveLength(1));
    await fireEvent.click(getByTestId('import-start'));

    await waitFor(() => expect(getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('75'));
    expect(getByTestId('import-progress').getAttribute('role')).toBe('progressbar');
    expect(getByTestId('import-rows-per-second').textContent).toBe('48,213 rows/s');
    expect(container.textContent).toContain('4,321 rows read');
    expect(container.textContent).toContain('Reading file 2 of 2');
    expect((getByTestId('import-path-input') as HTMLInputElement).disabled).toBe(true);
    expect((getByTestId('import-pick') as HTMLButtonElement).disabled).toBe(true);
    expect((getByTestId('export-portfolio') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(calls.some(([cmd]) => cmd === 'cancel_import')).toBe(true));
    release();

    await waitFor(() => expect(getByTestId('import-summary').textContent).toBe('Imported 12,345 rows in 1.8 s'));
    const importCall = calls.find(([cmd]) => cmd === 'import_files')!;
    expect(importCall[1]).toMatchObject({ paths: ['/d/orders.json'], format: null, customer: null });
    expect(byTestId(container, 'import-report-file')).toHaveLength(1);
    const reservations = container.querySelector<HTMLElement>('[data-testid="import-entity-row"][data-entity="reservations"]')!;
    const cell = (col: string) => reservations.querySelector(`[data-col="${col}"]`)!;
    expect(cell('added').textContent?.trim()).toBe('1,500');
    expect(cell('updated').textContent?.trim()).toBe('2');
    expect(cell('unchanged').textContent?.trim()).toBe('0');
    expect(cell('unchanged').className).toContain('zero');
    expect(cell('skipped').textContent?.trim()).toBe('7');
    expect(container.textContent).toContain('121 warnings');
    expect(container.textContent).toContain('…and 120 more');
    // Warnings are text, never markup.
    expect(container.querySelector('[data-testid="import-warnings"] b')).toBeNull();
    expect(container.textContent).toContain('<b>odd</b>');
    // The files are done with; the other views are told the store changed.
    expect(byTestId(container, 'import-file-row')).toHaveLength(0);
    expect(session.dataVersion).toBe(version + 1);
    expect(byTestId(container, 'import-progress')).toHaveLength(0);
  });

  it('lists the problems of a failed import, literally, and asks for the customer when the core does', async () => {
    const hostile = '<script>alert(1)</script>';
    let outcome: ImportOutcome = {
      status: 'failed',
      problem_count: 73,
      skippable: false,
      problems: [
        { file: '/d/rbac.json', line: 12, path: null, id: null, field: 'principalId', found: hostile, expected: 'a GUID' },
        { file: '/d/rbac.json', line: null, path: '$[0]', id: null, field: 'customer', found: null, expected: "the customer's tenant ID" },
      ],
    };
    const calls = mockCore({
      detect_import_files: (a) => (a['paths'] as string[]).map((p) => detected(p, 'role-assignments')),
      import_files: () => outcome,
      list_customers: () => [customer('Zeta <i>Corp</i>', 'tid-z'), customer('Alpha', 'tid-a')],
    });
    const { container, getByTestId } = render(Import);
    await addPath(container, '/d/rbac.json');
    await waitFor(() => expect(byTestId(container, 'import-file-format')).toHaveLength(1));
    await fireEvent.click(getByTestId('import-start'));

    await waitFor(() => expect(byTestId(container, 'import-problem')).toHaveLength(2));
    expect(getByTestId('import-summary').textContent).toBe('Nothing was imported');
    expect(getByTestId('import-problems').textContent).toContain('73 problems; the first 2 are listed');
    const [first, second] = byTestId(container, 'import-problem');
    expect(first?.textContent).toContain('/d/rbac.json:12');
    expect(first?.textContent).toContain('principalId');
    expect(first?.textContent).toContain('a GUID');
    expect(second?.textContent).toContain('/d/rbac.json $[0]');
    const found = first?.querySelector('[data-testid="import-problem-found"]');
    expect(found?.textContent).toBe(hostile);
    expect(found?.getAttribute('title')).toBe(hostile);
    expect(container.querySelector('script')).toBeNull();
    // Files stay for a retry; the customer is asked for, sorted by name, name and tenant shown.
    expect(byTestId(container, 'import-file-row')).toHaveLength(1);
    await waitFor(() => expect(getByTestId('import-customer-select').querySelectorAll('option').length).toBe(3));
    const options = [...getByTestId('import-customer-select').querySelectorAll('option')].map((o) => o.textContent);
    expect(options).toEqual(['None', 'Alpha · tid-a', 'Zeta <i>Corp</i> · tid-z']);
    expect(container.textContent).toContain("Azure lists made in one tenant don't name the customer.");

    await fireEvent.change(getByTestId('import-customer-select'), { target: { value: 'tid-a' } });
    outcome = { status: 'cancelled', rows: 40 };
    await fireEvent.click(getByTestId('import-start'));
    await waitFor(() => expect(getByTestId('import-cancelled').textContent).toContain('Import cancelled — nothing was changed.'));
    expect(calls.filter(([cmd]) => cmd === 'import_files').at(-1)?.[1]).toMatchObject({ customer: 'tid-a' });
  });

  it('says at once that a path has no file or a file is empty, and a removed file takes its problems along', async () => {
    mockCore({
      detect_import_files: (a) =>
        (a['paths'] as string[]).map((p) =>
          p.includes('missing')
            ? detected(p, null, false, 'a file at this path (there is none)')
            : p.includes('empty')
              ? detected(p, null, false, 'a file with data (this one is empty)')
              : detected(p, 'role-assignments'),
        ),
      import_files: () => ({
        status: 'failed',
        problem_count: 2,
        skippable: false,
        problems: [
          { file: '/d/a.json', line: 3, path: null, id: null, field: 'principalId', found: 'x', expected: 'a GUID' },
          { file: '/d/b.json', line: 9, path: null, id: null, field: 'scope', found: 'y', expected: 'an ARM scope' },
        ],
      }),
    });
    const { container, getByTestId } = render(Import);
    await addPath(container, '/d/missing.json');
    await waitFor(() => expect(byTestId(container, 'import-file-problem')).toHaveLength(1));
    expect(byTestId(container, 'import-file-problem')[0]?.textContent).toContain('Expected a file at this path (there is none).');
    expect(byTestId(container, 'import-file-format')[0]?.getAttribute('data-state')).toBe('unreadable');
    expect((getByTestId('import-start') as HTMLButtonElement).disabled).toBe(true);
    expect(container.textContent).toContain('1 file cannot be read');
    await addPath(container, '/d/empty.csv');
    await waitFor(() => expect(byTestId(container, 'import-file-problem')).toHaveLength(2));
    expect(byTestId(container, 'import-file-problem')[1]?.textContent).toContain('this one is empty');
    expect(container.textContent).not.toContain('truncated');
    await fireEvent.click(getByTestId('import-remove-all'));

    // Recognised files are not shown as read until an import has read them.
    await addPath(container, '/d/a.json');
    await addPath(container, '/d/b.json');
    await waitFor(() => expect(byTestId(container, 'import-file-format')).toHaveLength(2));
    expect(byTestId(container, 'import-file-format').map((c) => c.getAttribute('data-state'))).toEqual(['recognised', 'recognised']);
    await fireEvent.click(getByTestId('import-start'));
    await waitFor(() => expect(byTestId(container, 'import-problem')).toHaveLength(2));
    expect(byTestId(container, 'import-file-format').map((c) => c.getAttribute('data-state'))).toEqual(['problems', 'problems']);
    await fireEvent.click(byTestId(container, 'import-file-remove')[0]!);
    expect(byTestId(container, 'import-problem')).toHaveLength(1);
    expect(byTestId(container, 'import-problem')[0]?.textContent).toContain('/d/b.json');
    await fireEvent.click(byTestId(container, 'import-file-remove')[0]!);
    expect(byTestId(container, 'import-problem')).toHaveLength(0);
    expect(container.querySelector('[data-testid="import-summary"]')).toBeNull();
  });

  it('after a failure that is all in rows, imports the valid rows and lists those left out', async () => {
    const bad = { file: '/d/pc.json', line: null, path: '$.items[1].companyProfile.tenantId', id: 'not-a-guid', field: 'tenantId', found: 'not-a-guid', expected: 'a GUID' };
    let outcome: ImportOutcome = { status: 'failed', problem_count: 1, skippable: true, problems: [bad] };
    const calls = mockCore({
      detect_import_files: (a) => (a['paths'] as string[]).map((p) => detected(p, 'partner-center')),
      import_files: () => outcome,
    });
    const { container, getByTestId, queryByTestId } = render(Import);
    await addPath(container, '/d/pc.json');
    await waitFor(() => expect(byTestId(container, 'import-file-format')).toHaveLength(1));
    await fireEvent.click(getByTestId('import-start'));
    await waitFor(() => expect(byTestId(container, 'import-problem')).toHaveLength(1));
    expect(calls.filter(([cmd]) => cmd === 'import_files').at(-1)?.[1]).toMatchObject({ skipInvalid: false });

    outcome = {
      status: 'imported',
      files: [{ file: '/d/pc.json', format: 'partner-center', rows: 2, entities: [{ entity: 'customers', added: 1, updated: 0, unchanged: 0, skipped: 0 }], warnings: [], warnings_omitted: 0 }],
      changed: true,
      rows: 2,
      millis: 12,
      skipped: [bad],
      skipped_count: 1,
    };
    await fireEvent.click(getByTestId('import-valid-rows'));
    await waitFor(() => expect(getByTestId('import-skipped').textContent).toContain('1 row with a problem was left out'));
    expect(calls.filter(([cmd]) => cmd === 'import_files').at(-1)?.[1]).toMatchObject({ skipInvalid: true });
    expect(byTestId(container, 'import-problem')[0]?.textContent).toContain('not-a-guid');
    expect(queryByTestId('import-valid-rows')).toBeNull();
  });

  it('offers no valid-rows import when a file cannot be parsed whole', async () => {
    mockCore({
      detect_import_files: (a) => (a['paths'] as string[]).map((p) => detected(p, 'azure')),
      import_files: (): ImportOutcome => ({
        status: 'failed',
        problem_count: 1,
        skippable: false,
        problems: [{ file: '/d/cut.json', line: 3, path: null, id: null, field: null, found: null, expected: 'complete JSON' }],
      }),
    });
    const { container, getByTestId, queryByTestId } = render(Import);
    await addPath(container, '/d/cut.json');
    await waitFor(() => expect(byTestId(container, 'import-file-format')).toHaveLength(1));
    await fireEvent.click(getByTestId('import-start'));
    await waitFor(() => expect(byTestId(container, 'import-problem')).toHaveLength(1));
    expect(queryByTestId('import-valid-rows')).toBeNull();
  });

  it('offers the customer for Azure lists, and says so when the core cannot be reached', async () => {
    mockCore({
      detect_import_files: (a) => (a['paths'] as string[]).map((p) => detected(p, 'azure', true)),
      list_customers: () => [customer('Contoso', 'tid-c')],
    });
    const first = render(Import);
    await addPath(first.container, '/d/azure.json');
    await waitFor(() => expect(first.getByTestId('import-customer-select').querySelectorAll('option').length).toBe(2));
    first.unmount();

    clearMocks();
    delete (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'];
    resetImport();
    const { container, getByTestId } = render(Import);
    expect(byTestId(container, 'import-customer-select')).toHaveLength(0);
    await addPath(container, '/d/other.json');
    await waitFor(() => expect(getByTestId('import-error').textContent).toContain('not connected to the Reservation Desk core'));
    expect(byTestId(container, 'import-file-format')[0]?.textContent).toContain('Not checked');
    expect((getByTestId('import-start') as HTMLButtonElement).disabled).toBe(true);
  });

  it('starts an import asked for while the files are still being checked, once they are', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls = mockCore({
      detect_import_files: async (a) => {
        await gate;
        return (a['paths'] as string[]).map((p) => detected(p, 'focus'));
      },
      import_files: () => ({ status: 'cancelled', rows: 0 }),
    });
    const { container, getByTestId } = render(Import);
    await addPath(container, '/d/focus.csv');
    expect(byTestId(container, 'import-file-row')).toHaveLength(1);
    expect((getByTestId('import-start') as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.click(getByTestId('import-start'));
    await waitFor(() => expect(container.textContent).toContain('the import starts as soon as they are checked'));
    expect(calls.map(([cmd]) => cmd)).toEqual(['detect_import_files']);
    release();
    await waitFor(() => expect(byTestId(container, 'import-cancelled')).toHaveLength(1));
    expect(calls.map(([cmd]) => cmd)).toEqual(['detect_import_files', 'import_files']);
  });

  it('exports the portfolio and shows what was written', async () => {
    const calls = mockCore({
      pick_export_file: () => '/backup/portfolio.rdesk.jsonl',
      export_portfolio: (a) => ({ file: a['path'], customers: 14, reservations: 79, utilization_days: 2370, bytes: 1536 }),
    });
    const { getByTestId } = render(Import);
    await fireEvent.click(getByTestId('export-portfolio'));
    await waitFor(() => expect(getByTestId('export-result').textContent).toContain('Exported 14 customers, 79 reservations and 2,370 days of utilization'));
    expect(getByTestId('export-result').textContent).toContain('/backup/portfolio.rdesk.jsonl');
    expect(getByTestId('export-result').textContent).toContain('1.5 KB');
    expect(calls.map(([cmd]) => cmd)).toEqual(['pick_export_file', 'export_portfolio']);
  });

  it('words the system dialogs in the UI language', async () => {
    i18n.choice = 'zh-CN';
    try {
      const calls = mockCore({ pick_export_file: () => null, pick_import_files: () => null });
      const { getByTestId } = render(Import);
      await fireEvent.click(getByTestId('export-portfolio'));
      await fireEvent.click(getByTestId('import-pick'));
      await waitFor(() => expect(calls.map(([cmd]) => cmd)).toEqual(['pick_export_file', 'pick_import_files']));
      expect(calls[0]?.[1]).toEqual({ text: { title: '导出全部数据', filter: 'Reservation Desk 数据文件' } });
      expect(calls[1]?.[1]).toEqual({ text: { title: '导入文件', filter: '导出文件（JSON、CSV、数据文件）' }, allFiles: '所有文件' });
    } finally {
      i18n.choice = 'en';
    }
  });
});
