// Display formatting. Money and percentages stay decimal strings all the way to the screen.
import type { BillingPlan, MoneyView, Status, Term } from '../api/desk';
import { i18n, plural, t } from '../i18n/index.svelte';
import { billingPlanLabel, termLabel } from '../i18n/labels';
import { groupThousands, parseDecimal, roundDecimal, shiftDecimal } from './decimal';

/** The English formatting locale (the UI's own formatters follow `i18n.intlLocale`). */
export const LOCALE = 'en-US';
export const EMPTY_VALUE = '—';

/** One formatter per Intl locale, made on first use. */
function perLocale<F>(make: (locale: string) => F): () => F {
  const cache = new Map<string, F>();
  return () => {
    const locale = i18n.intlLocale;
    let formatter = cache.get(locale);
    if (formatter === undefined) {
      formatter = make(locale);
      cache.set(locale, formatter);
    }
    return formatter;
  };
}

/** "1234.5" EUR → "1,234.50 EUR" (both UI languages group with "," and use "." decimals). Keeps two decimals, rounding half away from zero on the digits. */
export function formatMoney(money: MoneyView | null): string {
  // A figure no file gave is "unknown", never 0.
  if (money === null) return t('common.unknown');
  return `${formatMoneyAmount(money.amount)} ${money.currency}`.trim();
}

/** The number part of {@link formatMoney}; an unreadable amount is shown as written. */
export function formatMoneyAmount(amount: string): string {
  const parsed = parseDecimal(amount);
  if (!parsed) return amount.trim();
  const rounded = roundDecimal(parsed, 2);
  return `${rounded.negative ? '-' : ''}${groupThousands(rounded.int)}.${rounded.frac}`;
}

/** "87.54" → "87.5%", "100" → "100%", null → "—". At most one decimal, trailing zero dropped. */
export function formatPercent(value: string | null): string {
  if (value === null) return EMPTY_VALUE;
  const parsed = parseDecimal(value);
  if (!parsed) return value;
  const rounded = roundDecimal(parsed, 1);
  const frac = rounded.frac === '0' ? '' : `.${rounded.frac}`;
  return `${rounded.negative ? '-' : ''}${groupThousands(rounded.int)}${frac}%`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateFormatter = perLocale(
  (locale) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
);

/** Milliseconds since the epoch at UTC midnight of an ISO calendar day, or null. */
export function isoDateToUtcMillis(iso: string): number | null {
  const match = ISO_DATE.exec(iso);
  if (!match) return null;
  const [, y, m, d] = match;
  const millis = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const check = new Date(millis);
  if (check.getUTCMonth() !== Number(m) - 1 || check.getUTCDate() !== Number(d)) return null;
  return millis;
}

/** "2025-06-12" → "Jun 12, 2025" / "2025年6月12日" (the calendar day as written, whatever the local time zone). */
export function formatDate(iso: string | null): string {
  if (iso === null) return EMPTY_VALUE;
  const millis = isoDateToUtcMillis(iso);
  return millis === null ? iso : dateFormatter().format(millis);
}

const integerFormatter = perLocale((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));

export function formatInteger(value: number): string {
  return integerFormatter().format(value);
}

/** 45 → "45 days left", 0 → "expires today", -3 → "expired 3 days ago". */
export function formatDaysLeft(days: number | null): string {
  if (days === null) return EMPTY_VALUE;
  if (days === 0) return t('common.expiresToday');
  const count = Math.abs(days);
  const params = { count: formatInteger(count) };
  return days > 0
    ? plural(count, 'common.daysLeft.one', 'common.daysLeft.other', params)
    : plural(count, 'common.expiredAgo.one', 'common.expiredAgo.other', params);
}

/** Days left as a reservation shows them: a cancelled or failed reservation has no countdown. */
export function formatReservationDaysLeft(status: Status, days: number): string {
  if (status === 'Cancelled') return t('common.cancelledNoCountdown');
  if (status === 'Failed') return EMPTY_VALUE;
  return formatDaysLeft(days);
}

/** A term in words; `null` (no imported file gave it) is "unknown". */
export function formatTerm(term: Term | null): string {
  if (term === null) return t('common.unknown');
  return (termLabel(term) as string | undefined) ?? term;
}

/** A billing plan in words; `null` (no imported file gave it) is "unknown". */
export function formatBillingPlan(plan: BillingPlan | null): string {
  if (plan === null) return t('common.unknown');
  return (billingPlanLabel(plan) as string | undefined) ?? plan;
}

export function formatOnOff(value: boolean): string {
  return t(value ? 'common.on' : 'common.off');
}

/** The raw value the end-to-end tests compare: strings as is, null as "", everything else as JSON-ish text. */
export function rawValue(value: string | number | boolean | null | MoneyView): string {
  if (value === null) return '';
  if (typeof value === 'object') return `${value.amount} ${value.currency}`;
  return String(value);
}

/** A rate as a decimal fraction → percent with a space: "0" → "0 %", "0.12" → "12 %", "0.125" → "12.5 %". */
export function formatRate(rate: string): string {
  const parsed = parseDecimal(rate);
  if (!parsed) return rate;
  const shifted = shiftDecimal(parsed, 2);
  const frac = shifted.frac === '' ? '' : `.${shifted.frac}`;
  return `${shifted.negative ? '-' : ''}${groupThousands(shifted.int)}${frac} %`;
}

/** A rate is zero when every digit is zero ("0", "0.00"). */
export function isZeroRate(rate: string): boolean {
  const parsed = parseDecimal(rate);
  return parsed !== null && !/[1-9]/.test(parsed.int + parsed.frac);
}

/** A percentage already in percent, whole, with a space: "61.7" → "62 %". */
export function formatWholePercent(value: string | null): string {
  if (value === null) return EMPTY_VALUE;
  const parsed = parseDecimal(value);
  if (!parsed) return value;
  const rounded = roundDecimal(parsed, 0);
  return `${rounded.negative ? '-' : ''}${groupThousands(rounded.int)} %`;
}

/** 620, 1096 → "620 of 1,096 days". */
export function formatDaysOf(remaining: number, total: number): string {
  return plural(total, 'common.daysOf.one', 'common.daysOf.other', {
    remaining: formatInteger(remaining),
    total: formatInteger(total),
  });
}

/** A USD decimal string as money: "47600" → "47,600.00 USD". */
export function formatUsd(amount: string | null): string {
  return formatMoney(amount === null ? null : { amount, currency: 'USD' });
}

/** The hint next to a reservation to return: "30-day use 62 % — about 3 units idle". */
export function formatIdleHint(utilization30d: string | null, suggested: number): string {
  if (utilization30d === null) return t('common.idle.unknown');
  const percent = formatWholePercent(utilization30d);
  if (suggested <= 0) return t('common.idle.none', { percent });
  return plural(suggested, 'common.idle.units.one', 'common.idle.units.other', {
    percent,
    count: formatInteger(suggested),
  });
}

const timestampFormatter = perLocale(
  (locale) =>
    new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }),
);

/** An RFC 3339 instant in the local time zone: "Nov 24, 2025, 10:20" / "2025年11月24日 10:20"; unreadable text as is. */
export function formatTimestamp(rfc3339: string): string {
  const millis = Date.parse(rfc3339);
  return Number.isNaN(millis) ? rfc3339 : timestampFormatter().format(millis);
}
