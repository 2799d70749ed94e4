// The columns of a review list (the reservations behind a dashboard figure).
import type { ReviewItemView, Status } from '../../api/desk';
import { t } from '../../i18n/index.svelte';
import { resourceTypeLabel, statusLabel } from '../../i18n/labels';
import { formatDate, formatMoney, formatOnOff, formatPercent, formatReservationDaysLeft, formatUsd } from '../../lib/format';
import { decimalKey } from '../../lib/sort';
import type { Column } from '../../lib/table';

const STATUS_ORDER: Record<Status, number> = { Failed: 0, Expiring: 1, Succeeded: 2, Expired: 3, Cancelled: 4 };

/** The fixed columns take 972 px; name and customer need about 100 px each to stay readable. */
export const REVIEW_TABLE_MIN_WIDTH = 1160;

const percentTitle = (value: string | null) => (value === null ? t('dashboard.review.noUtilization') : formatPercent(value));

/** Built when called, in the current language (call it from a `$derived`). */
export function reviewColumns(): Column<ReviewItemView>[] {
  return [
    {
      id: 'name',
      label: t('dashboard.review.col.name'),
      sortKey: (r) => r.name,
      text: (r) => r.name,
      title: (r) => `${r.name}\n${r.sku} · ${r.quantity}\n${r.id}`,
    },
    {
      id: 'customer',
      label: t('dashboard.review.col.customer'),
      sortKey: (r) => r.customer_name,
      text: (r) => r.customer_name,
    },
    {
      id: 'type',
      label: t('dashboard.review.col.type'),
      width: '96px',
      sortKey: (r) => resourceTypeLabel(r.resource_type),
      text: (r) => resourceTypeLabel(r.resource_type),
      title: (r) => `${resourceTypeLabel(r.resource_type)} · ${r.sku}`,
    },
    {
      id: 'region',
      label: t('dashboard.review.col.region'),
      width: '96px',
      sortKey: (r) => r.region,
      text: (r) => r.region,
    },
    {
      id: 'status',
      label: t('dashboard.review.col.status'),
      width: '100px',
      sortKey: (r) => STATUS_ORDER[r.status] ?? 9,
      text: (r) => statusLabel(r.status),
    },
    {
      id: 'expiry',
      label: t('dashboard.review.col.expiry'),
      width: '164px',
      sortKey: (r) => r.expiry_date,
      text: (r) => formatDate(r.expiry_date),
      title: (r) => `${formatDate(r.expiry_date)} (${r.expiry_date}), ${formatReservationDaysLeft(r.status, r.days_left)}`,
    },
    {
      id: 'renew',
      label: t('dashboard.review.col.renew'),
      width: '52px',
      sortKey: (r) => (r.renewal_lost ? -1 : r.renew ? 1 : 0),
      text: (r) => (r.renewal_lost ? t('dashboard.review.renewLost') : formatOnOff(r.renew)),
      title: (r) => (r.renewal_lost ? t('dashboard.review.renewLostHint') : formatOnOff(r.renew)),
    },
    {
      id: 'u7',
      label: t('dashboard.review.col.u7'),
      headerTitle: t('dashboard.review.col.u7Hint'),
      width: '64px',
      align: 'end',
      sortKey: (r) => decimalKey(r.utilization_7d),
      text: (r) => formatPercent(r.utilization_7d),
      title: (r) => percentTitle(r.utilization_7d),
    },
    {
      id: 'u30',
      label: t('dashboard.review.col.u30'),
      headerTitle: t('dashboard.review.col.u30Hint'),
      width: '68px',
      align: 'end',
      sortKey: (r) => decimalKey(r.utilization_30d),
      text: (r) => formatPercent(r.utilization_30d),
      title: (r) => percentTitle(r.utilization_30d),
    },
    {
      id: 'commitment',
      label: t('dashboard.review.col.commitment'),
      headerTitle: t('dashboard.review.col.commitmentHint'),
      width: '124px',
      align: 'end',
      // Amounts in different currencies compare by number only; the list is usually one currency.
      sortKey: (r) => decimalKey(r.price?.amount ?? null),
      text: (r) => formatMoney(r.price),
      title: (r) => (r.price ? `${r.price.amount} ${r.price.currency}` : t('quote.reason.PriceUnknown')),
    },
    {
      id: 'unused',
      label: t('dashboard.review.col.unused'),
      headerTitle: t('dashboard.review.col.unusedHint'),
      width: '108px',
      align: 'end',
      sortKey: (r) => decimalKey(r.unused_usd),
      text: (r) => formatUsd(r.unused_usd),
      title: (r) => (r.unused_usd === null ? t('quote.reason.PriceUnknown') : `${r.unused_usd} USD`),
    },
  ];
}
