// Window-side speed at the scale (5,000 customers, 50,000 reservations): a customer-search
// keystroke over the loaded list, sorting 50,000 rows, and mounting a windowed 50,000-row table.
// `npx vitest bench --run` prints the numbers; nothing here asserts a time.
import { render } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { bench, describe } from 'vitest';
import type { CustomerSummary } from '../api/desk';
import DataTable from '../components/DataTable.svelte';
import { filterCustomers } from '../lib/search';
import { makeInert } from '../lib/inert';
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
  reservations_without_price: 0,
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

// Every answer of the core passes through makeInert (api/desk.ts): its cost on the biggest
// answer the window gets, a review list of 50,000 reservations with about 30 fields each.
function reservationRow(i: number): Record<string, unknown> {
  return {
    id: guid(i),
    order_id: guid(i + 1),
    customer_id: guid(i % 5000),
    customer_name: customers[i % 5000]!.name,
    display_name: `VM_RI_${i}`,
    resource_type: 'VirtualMachines',
    resource_type_label: 'Virtual machines',
    sku: 'Standard_D4s_v5',
    region: 'westeurope',
    quantity: 4,
    term: 'P3Y',
    billing_plan: 'Monthly',
    purchase_date: '2024-03-01',
    benefit_start: '2024-03-01',
    expiry_date: '2027-03-01',
    days_left: 85,
    scope_type: 'shared',
    scope_target: null,
    scope_description: 'Shared',
    billing_subscription_id: guid(i + 2),
    instance_flexibility: true,
    renew: false,
    provisioning_state: 'Succeeded',
    status: 'Succeeded',
    utilization_1d: '91.20',
    utilization_7d: '88.10',
    utilization_30d: '90.55',
    utilization_as_of: '2026-11-23',
    price: { amount: '12345.67', currency: 'EUR' },
    price_usd: { amount: '13345.67', currency: 'USD' },
    portal_url: `https://portal.azure.com/#@${guid(i)}/resource/providers/Microsoft.Capacity/reservationOrders/${guid(i + 1)}/overview`,
  };
}

describe('inert text over a 50,000-reservation answer', () => {
  bench(
    'makeInert (copy made in setup, not timed)',
    () => {
      makeInert(answer);
    },
    {
      setup: () => {
        answer = Array.from({ length: 50_000 }, (_, i) => reservationRow(i));
      },
    },
  );
});
let answer: Array<Record<string, unknown>> = [];
