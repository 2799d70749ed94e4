import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tableOf, type Column } from '../lib/table';
import { toasts } from '../lib/toasts.svelte';
import ExportCsvButton from './ExportCsvButton.svelte';

const mocks = vi.hoisted(() => ({ saveListCsv: vi.fn() }));
vi.mock('../api/desk', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api/desk')>();
  return { ...actual, desk: { ...actual.desk, saveListCsv: mocks.saveListCsv } };
});

interface Row {
  name: string;
  usd: string | null;
}
const columns: Column<Row>[] = [
  { id: 'name', label: 'Customer', text: (r) => r.name },
  { id: 'usd', label: 'Commitment', title: (r) => `${r.usd} USD`, csvText: (r) => (r.usd === null ? 'unknown' : `${r.usd} USD`) },
  { id: 'note', label: 'Note' },
];

beforeEach(() => {
  mocks.saveListCsv.mockReset();
  toasts.items = [];
});

describe('ExportCsvButton', () => {
  it('writes the rows as shown, with each column’s own words and a safe file name', async () => {
    const rows: Row[] = [
      { name: 'Contoso', usd: '1,200.00' },
      { name: 'Fabrikam', usd: null },
    ];
    mocks.saveListCsv.mockResolvedValue({ path: '/tmp/Customers.csv', items: 2, bytes: 80 });
    const { getByTestId } = render(ExportCsvButton, { props: { name: 'Customers: <all>', table: () => tableOf(columns, rows), testid: 'x-export' } });
    await fireEvent.click(getByTestId('x-export'));
    await waitFor(() => expect(mocks.saveListCsv).toHaveBeenCalledTimes(1));
    const [text, fileName, table] = mocks.saveListCsv.mock.calls[0]!;
    expect(text).toEqual({ title: 'Save the list as CSV', filter: 'CSV table' });
    expect(fileName).toBe('Customers all.csv');
    expect(table).toEqual({
      header: ['Customer', 'Commitment', 'Note'],
      rows: [
        ['Contoso', '1,200.00 USD', ''],
        ['Fabrikam', 'unknown', ''],
      ],
    });
    await waitFor(() => expect(toasts.items.at(-1)?.text).toBe('Saved 2 rows to /tmp/Customers.csv'));
  });

  it('says nothing when the dialog is cancelled, and the error when saving fails', async () => {
    mocks.saveListCsv.mockResolvedValueOnce(null);
    const { getByTestId } = render(ExportCsvButton, { props: { name: 'x', table: () => ({ header: [], rows: [] }) } });
    await fireEvent.click(getByTestId('export-csv'));
    await waitFor(() => expect(mocks.saveListCsv).toHaveBeenCalledTimes(1));
    expect(toasts.items).toHaveLength(0);
    mocks.saveListCsv.mockRejectedValueOnce({ code: 'io', message: 'The disk is full.', detail: null, file: null, line: null, field: null });
    await fireEvent.click(getByTestId('export-csv'));
    await waitFor(() => expect(toasts.items.at(-1)?.text).toContain('The disk is full.'));
  });
});
