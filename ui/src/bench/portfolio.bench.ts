// Window-side speed at the scale (5,000 customers, 50,000 reservations): a customer-search
// keystroke over the loaded list, sorting 50,000 rows, and mounting a windowed 50,000-row table.
// `npx vitest bench --run` prints the numbers; nothing here asserts a time.
import { render } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { bench, describe } from 'vitest';
import type { CustomerSummary } from '../api/desk';
import DataTable from '../components/DataTable.svelte';
import { filterCustomers } from '../lib/search';
import { sortRows } from '../lib/sort';
import type { Column } from '../lib/table';

const WORDS = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Woodgrove', 'Litware', 'Proseware', 'Adatum', 'Wingtip', 'Coho'];

function guid(i: number): string {
  const h = (i * 2654435761).toString(16).padStart(8, '0').slice(-8);
  return `${h}-1d2e-4c5b-9a8f-${String(i).padStart(12, '0')}`;
}

const customers: CustomerSummary[] = Array.from({ length: 5000 }, (_, i) => ({
  tenant_id: guid(i),
  name: `${WORDS[i % WORDS.length]} ${['Retail', 'Health', 'Bank', 'Foods', 'Labs'][i % 5]} ${i}`,
  primary_domain: `${WORDS[i % WORDS.length]!.toLowerCase()}${i}.onmicrosoft.com`,
  billing_currency: 'EUR',
  country: 'DE',
  subscription_count: 3,
  reservation_count: 10,
  active_reservation_count: 8,
  nearest_expiry: '2027-01-20',
  nearest_expiry_days_left: 57,
  total_commitment: { amount: '123456.78', currency: 'EUR' },
  total_commitment_usd: { amount: '133456.78', currency: 'USD' },
}));

interface Row {
  id: string;
  name: string;
  customer: string;
  days: number;
}
const rows: Row[] = Array.from({ length: 50_000 }, (_, i) => ({
  id: guid(i),
  name: `VM_RI_${i}`,
  customer: customers[i % 5000]!.name,
  days: (i * 7919) % 1095,
}));
const columns: Column<Row>[] = [
  { id: 'name', label: 'Name', sortKey: (r) => r.name, text: (r) => r.name },
  { id: 'customer', label: 'Customer', sortKey: (r) => r.customer, text: (r) => r.customer },
  { id: 'days', label: 'Days', align: 'end', sortKey: (r) => r.days, text: (r) => String(r.days) },
];

describe('customer search over 5,000 customers', () => {
  for (const query of ['c', 'co', 'con', 'contoso', 'contoso retail 1']) {
    bench(`keystroke "${query}"`, () => {
      filterCustomers(customers, query);
    });
  }
});

describe('50,000-row tables', () => {
  bench('sort by days left', () => {
    sortRows(rows, (r) => r.days, 'asc');
  });
  bench('mount a windowed table', () => {
    const Table = DataTable as unknown as Component<Record<string, unknown>>;
    const view = render(Table, { props: { rows, columns, rowKey: (r: Row) => r.id, label: 'Rows' } });
    view.unmount();
  });
});
