// What a review list is called and how it is described, and small helpers the Dashboard and the
// review list share. Everything here reads `t` when called, so it follows the UI language.
import type { ReviewFilter, ReviewItemView } from '../../api/desk';
import { i18n, t } from '../../i18n/index.svelte';
import { formatInteger, isoDateToUtcMillis } from '../../lib/format';
import { searchFold } from '../../lib/search';

const MONTH = /^(\d{4})-(\d{2})$/;

/** "2027-01" → "January 2027" / "2027年1月" (long) or "Jan" / "1月" (short); unreadable text as is. */
export function monthName(month: string, style: 'long' | 'short' = 'long'): string {
  const m = MONTH.exec(month);
  if (!m) return month;
  const millis = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
  const options: Intl.DateTimeFormatOptions =
    style === 'long' ? { year: 'numeric', month: 'long', timeZone: 'UTC' } : { month: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(i18n.intlLocale, options).format(millis);
}

/** The ISO day `days` after `iso` (before, when negative); `iso` itself when unreadable. */
export function addDays(iso: string, days: number): string {
  const millis = isoDateToUtcMillis(iso);
  if (millis === null) return iso;
  return new Date(millis + days * 86_400_000).toISOString().slice(0, 10);
}

/** "10–20 %" for a utilization band. */
export function bandLabel(from: number, to: number): string {
  return t('dashboard.chart.utilization.band', { from, to });
}

/** The title of the list behind a figure; `customer` names the customer of a per-customer list. */
export function reviewTitle(filter: ReviewFilter, customer?: string | null): string {
  switch (filter.kind) {
    case 'active':
      return t('dashboard.review.title.active');
    case 'currency':
      return t('dashboard.review.title.currency', { currency: filter.currency });
    case 'expiring':
      return t('dashboard.review.title.expiring', { days: formatInteger(filter.days) });
    case 'under_utilized':
      return t('dashboard.review.title.under_utilized');
    case 'recently_expired':
      return t('dashboard.review.title.recently_expired');
    case 'renewal_lost':
      return t('dashboard.review.title.renewal_lost');
    case 'utilization_band':
      return t('dashboard.review.title.utilization_band', { from: filter.from, to: filter.to });
    case 'no_utilization_data':
      return t('dashboard.review.title.no_utilization_data');
    case 'without_price':
      return t('dashboard.review.title.without_price');
    case 'expiry_month':
      return t('dashboard.review.title.expiry_month', { month: monthName(filter.month) });
    case 'customer_under_utilized':
      return t('dashboard.review.title.customer_under_utilized', { customer: customer ?? filter.tenant_id });
  }
}

/** One sentence saying what the list holds and in which order. */
export function reviewIntro(filter: ReviewFilter): string {
  switch (filter.kind) {
    case 'active':
      return t('dashboard.review.intro.active');
    case 'currency':
      return t('dashboard.review.intro.currency', { currency: filter.currency });
    case 'expiring':
      return t('dashboard.review.intro.expiring', { days: formatInteger(filter.days) });
    case 'under_utilized':
      return t('dashboard.review.intro.under_utilized');
    case 'recently_expired':
      return t('dashboard.review.intro.recently_expired');
    case 'renewal_lost':
      return t('dashboard.review.intro.renewal_lost');
    case 'utilization_band':
      return t('dashboard.review.intro.utilization_band', { from: filter.from, to: filter.to });
    case 'no_utilization_data':
      return t('dashboard.review.intro.no_utilization_data');
    case 'without_price':
      return t('dashboard.review.intro.without_price');
    case 'expiry_month':
      return t('dashboard.review.intro.expiry_month', { month: monthName(filter.month) });
    case 'customer_under_utilized':
      return t('dashboard.review.intro.customer_under_utilized');
  }
}

/** Whether the list is about unused money (then its total is worth showing). */
export function isUnderUseList(filter: ReviewFilter): boolean {
  return filter.kind === 'under_utilized' || filter.kind === 'customer_under_utilized';
}

/** The rows whose name, customer, SKU, region or ID contain every word of `query`. */
export function filterReviewItems(items: readonly ReviewItemView[], query: string): readonly ReviewItemView[] {
  const words = searchFold(query.trim()).split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return items;
  return items.filter((r) => {
    const hay = searchFold(`${r.name}\n${r.customer_name}\n${r.sku}\n${r.region}\n${r.id}\n${r.customer_id}`);
    return words.every((w) => hay.includes(w));
  });
}

/**
 * The exact sum of two-decimal amounts ("12.30", "-4", "0.5"), as a two-decimal string.
 * Unreadable amounts count as zero.
 */
/** Sums decimal strings to cents; an unknown amount (null) adds nothing. */
export function sumAmounts(amounts: readonly (string | null)[]): string {
  let cents = 0n;
  for (const raw of amounts) {
    if (raw === null) continue;
    const m = /^\s*(-)?(\d+)(?:\.(\d*))?\s*$/.exec(raw);
    if (!m) continue;
    const frac = `${m[3] ?? ''}000`;
    // Round half away from zero on the third decimal.
    let value = BigInt(m[2] ?? '0') * 100n + BigInt(frac.slice(0, 2));
    if (Number(frac[2]) >= 5) value += 1n;
    cents += m[1] ? -value : value;
  }
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const int = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${int.toString()}.${frac}`;
}
