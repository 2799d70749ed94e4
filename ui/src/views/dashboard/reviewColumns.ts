// The columns of a review list (the reservations behind a dashboard figure).
import type { ReviewItemView, Status } from '../../api/desk';
import { t } from '../../i18n/index.svelte';
import { resourceTypeLabel, statusLabel } from '../../i18n/labels';
import { formatDate, formatMoney, formatOnOff, formatPercent, formatReservationDaysLeft, formatUsd } from '../../lib/format';
import { decimalKey } from '../../lib/sort';
import type { Column } from '../../lib/table';

const STATUS_ORDER: Record<Status, number> = { Failed: 0, Expiring: 1, Succeeded: 2, Expired: 3, Cancelled: 4 };

/** The fixed columns take 836 px; name and customer need about 120 px each to stay readable. */
export const REVIEW_TABLE_MIN_WIDTH = 1080;

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
      label: t('dashboard.review.col.typeRegion'),
      width: '176px',
      sortKey: (r) => `${resourceTypeLabel(r.resource_type)} ${r.region}`,
      text: (r) => `${resourceTypeLabel(r.resource_type)} · ${r.region}`,
      title: (r) => `${resourceTypeLabel(r.resource_type)} · ${r.sku} · ${r.region}`,
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
      id: 'utilization',
      label: t('dashboard.review.col.utilization'),
      headerTitle: t('dashboard.review.col.utilizationHint'),
      width: '120px',
      align: 'end',
      // Sorted by the 30-day average; the 7-day one stands beside it.
      sortKey: (r) => decimalKey(r.utilization_30d),
      text: (r) => `${formatPercent(r.utilization_7d)} / ${formatPercent(r.utilization_30d)}`,
      title: (r) => t('dashboard.review.utilizationTitle', { d7: percentTitle(r.utilization_7d), d30: percentTitle(r.utilization_30d) }),
    },
    {
      id: 'commitment',
      label: t('dashboard.review.col.commitment'),
      headerTitle: t('dashboard.review.col.commitmentHint'),
      width: '124px',
      align: 'end',
      // One currency for every row (USD): the figure shown is the one sorted by.
      sortKey: (r) => decimalKey(r.price_usd),
      text: (r) => formatUsd(r.price_usd),
      title: (r) => (r.price ? t('dashboard.review.commitmentTitle', { usd: formatUsd(r.price_usd), money: formatMoney(r.price) }) : t('quote.reason.PriceUnknown')),
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
