// The reservations table as the customer page shows it.
import type { ReservationView } from '../api/desk';
import { t } from '../i18n/index.svelte';
import { resourceTypeLabel, statusLabel } from '../i18n/labels';
import { scopeDescription } from '../lib/changes';
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

/** Ended reservations (expired, cancelled) sort after active ones by expiry, in both directions. */
const endedLast = (r: ReservationView): number => (r.status === 'Expired' || r.status === 'Cancelled' ? 1 : 0);

/** Fixed columns take 720 px; Name, SKU and Scope need about 130 px each to stay readable. */
export const RESERVATION_TABLE_MIN_WIDTH = 1110;

// Headers are getters: the table reads them while it renders, so they follow the language.
export const reservationColumns: Column<ReservationView>[] = [
  {
    id: 'name',
    get label() {
      return t('reservation.column.name');
    },
    sortKey: (r) => r.display_name,
    text: (r) => r.display_name,
  },
  {
    id: 'sku',
    get label() {
      return t('reservation.field.sku');
    },
    sortKey: (r) => r.sku,
    text: (r) => r.sku,
    title: (r) => `${r.sku} (${resourceTypeLabel(r.resource_type)})`,
  },
  {
    id: 'region',
    get label() {
      return t('reservation.field.region');
    },
    width: '112px',
    sortKey: (r) => r.region,
    text: (r) => r.region,
  },
  {
    id: 'quantity',
    get label() {
      return t('reservation.field.quantity');
    },
    width: '80px',
    align: 'end',
    sortKey: (r) => r.quantity,
    text: (r) => String(r.quantity),
  },
  {
    id: 'term',
    get label() {
      return t('reservation.field.term');
    },
    width: '72px',
    sortKey: (r) => r.term,
    text: (r) => formatTerm(r.term),
  },
  {
    id: 'scope',
    get label() {
      return t('reservation.scope');
    },
    sortKey: (r) => scopeDescription(r),
    text: (r) => scopeDescription(r),
    title: (r) => (r.scope_target ? `${scopeDescription(r)}\n${r.scope_target}` : scopeDescription(r)),
  },
  {
    id: 'expiry',
    get label() {
      return t('reservation.column.expiry');
    },
    width: '112px',
    sortKey: (r) => r.expiry_date,
    sortGroup: endedLast,
    text: (r) => formatDate(r.expiry_date),
    title: (r) => r.expiry_date,
  },
  {
    id: 'days',
    get label() {
      return t('reservation.column.daysLeft');
    },
    width: '88px',
    align: 'end',
    sortKey: (r) => r.days_left,
    sortGroup: endedLast,
    text: (r) => String(r.days_left),
    title: (r) => formatDaysLeft(r.days_left),
  },
  {
    id: 'utilization',
    get label() {
      return t('reservation.column.utilization30d');
    },
    width: '136px',
    align: 'end',
    get headerTitle() {
      return t('reservation.column.utilization30dHint');
    },
    sortKey: (r) => decimalKey(r.utilization_30d),
    text: (r) => formatPercent(r.utilization_30d),
    title: (r) =>
      r.utilization_30d === null
        ? t('reservation.column.noUtilization')
        : r.utilization_as_of
          ? t('reservation.column.utilizationAsOf', { percent: formatPercent(r.utilization_30d), date: formatDate(r.utilization_as_of) })
          : t('reservation.column.utilizationOver30', { percent: formatPercent(r.utilization_30d) }),
  },
  {
    id: 'status',
    get label() {
      return t('reservation.field.status');
    },
    width: '120px',
    sortKey: (r) => STATUS_ORDER[r.status] ?? 9,
    text: (r) => statusLabel(r.status),
  },
];
