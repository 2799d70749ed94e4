// The reservations table as the customer page shows it.
import type { ReservationView } from '../api/desk';
import { formatDate, formatDaysLeft, formatPercent, formatTerm } from '../lib/format';
import { decimalKey } from '../lib/sort';
import type { Column } from '../lib/table';

const STATUS_ORDER: Record<ReservationView['status'], number> = {
  Failed: 0,
  Expiring: 1,
  Succeeded: 2,
  Expired: 3,
  Cancelled: 4,
};

/** Fixed columns take 720 px; Name, SKU and Scope need about 130 px each to stay readable. */
export const RESERVATION_TABLE_MIN_WIDTH = 1110;

export const reservationColumns: Column<ReservationView>[] = [
  { id: 'name', label: 'Name', sortKey: (r) => r.display_name, text: (r) => r.display_name },
  { id: 'sku', label: 'SKU', sortKey: (r) => r.sku, text: (r) => r.sku, title: (r) => `${r.sku} (${r.resource_type_label})` },
  { id: 'region', label: 'Region', width: '112px', sortKey: (r) => r.region, text: (r) => r.region },
  {
    id: 'quantity',
    label: 'Quantity',
    width: '80px',
    align: 'end',
    sortKey: (r) => r.quantity,
    text: (r) => String(r.quantity),
  },
  { id: 'term', label: 'Term', width: '72px', sortKey: (r) => r.term, text: (r) => formatTerm(r.term) },
  {
    id: 'scope',
    label: 'Scope',
    sortKey: (r) => r.scope_description,
    text: (r) => r.scope_description,
    title: (r) => (r.scope_target ? `${r.scope_description}\n${r.scope_target}` : r.scope_description),
  },
  {
    id: 'expiry',
    label: 'Expiry',
    width: '112px',
    sortKey: (r) => r.expiry_date,
    text: (r) => formatDate(r.expiry_date),
    title: (r) => r.expiry_date,
  },
  {
    id: 'days',
    label: 'Days left',
    width: '88px',
    align: 'end',
    sortKey: (r) => r.days_left,
    text: (r) => String(r.days_left),
    title: (r) => formatDaysLeft(r.days_left),
  },
  {
    id: 'utilization',
    label: '30-day utilization',
    width: '136px',
    align: 'end',
    headerTitle: 'Average utilization over the last 30 days',
    sortKey: (r) => decimalKey(r.utilization_30d),
    text: (r) => formatPercent(r.utilization_30d),
    title: (r) =>
      r.utilization_30d === null
        ? 'No utilization data'
        : `${formatPercent(r.utilization_30d)} over 30 days${r.utilization_as_of ? `, as of ${formatDate(r.utilization_as_of)}` : ''}`,
  },
  {
    id: 'status',
    label: 'Status',
    width: '120px',
    sortKey: (r) => STATUS_ORDER[r.status] ?? 9,
    text: (r) => r.status,
  },
];
