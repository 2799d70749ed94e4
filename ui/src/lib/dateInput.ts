// A day as a person types it in the window's language — "Nov 24, 2026", "24 Nov 2026",
// "11/24/2026", "2026年11月24日", "2026-11-24" — read into an ISO day, so date fields look like
// every date in the lists instead of following the operating system's format.
import { i18n } from '../i18n/index.svelte';
import { isoDateToUtcMillis } from './format';

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function iso(y: number, m: number, d: number): string | null {
  const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isoDateToUtcMillis(text) === null ? null : text;
}

const monthCache = new Map<string, Map<string, number>>();

/** Month names of a locale (long and short) and of English, lower case and without dots → 1…12. */
function monthNames(locale: string): Map<string, number> {
  let names = monthCache.get(locale);
  if (names) return names;
  names = new Map();
  for (const loc of [locale, 'en']) {
    for (const month of ['long', 'short'] as const) {
      const f = new Intl.DateTimeFormat(loc, { month, timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) names.set(f.format(Date.UTC(2000, m, 1)).toLowerCase().replace(/\./g, ''), m + 1);
    }
  }
  monthCache.set(locale, names);
  return names;
}

/** The order of year, month and day in the locale's numeric dates ("11/24/2026" → m d y). */
function numericOrder(locale: string): Array<'year' | 'month' | 'day'> {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' }).formatToParts(Date.UTC(2026, 10, 24));
  return parts.map((p) => p.type).filter((t): t is 'year' | 'month' | 'day' => t === 'year' || t === 'month' || t === 'day');
}

/** The ISO day a typed date means, or null when it is not one real day. */
export function parseDateInput(text: string, locale: string = i18n.intlLocale): string | null {
  const s = text.trim();
  if (s === '') return null;
  const isoMatch = ISO.exec(s);
  if (isoMatch) return iso(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
  const numbers = [...s.matchAll(/\d+/g)].map((m) => m[0]);
  const words = [...s.toLowerCase().replace(/\./g, '').matchAll(/\p{L}+/gu)].map((m) => m[0]).filter((w) => !/^[年月日]$/.test(w));
  const names = monthNames(locale);
  const named = words.map((w) => names.get(w)).filter((m): m is number => m !== undefined);
  if (named.length === 1 && words.length === 1 && numbers.length === 2) {
    const [a = '', b = ''] = numbers;
    const [year, day] = a.length === 4 ? [a, b] : b.length === 4 ? [b, a] : ['', ''];
    return year ? iso(Number(year), named[0] ?? 0, Number(day)) : null;
  }
  if (words.length > 0 || numbers.length !== 3) return null;
  const [a = '', b = '', c = ''] = numbers;
  if (a.length === 4) return iso(Number(a), Number(b), Number(c));
  const order = numericOrder(locale);
  const at = (k: 'year' | 'month' | 'day') => Number(numbers[order.indexOf(k)] ?? NaN);
  const year = order.indexOf('year') >= 0 ? numbers[order.indexOf('year')] : c;
  if (year === undefined || year.length !== 4) return null;
  return iso(at('year'), at('month'), at('day'));
}

/** An ISO day moved by `days` days, or by `months` months (the day kept, clamped to the month's end). */
export function shiftIsoDay(day: string, days: number, months = 0): string | null {
  const m = ISO.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (months !== 0) {
    const first = new Date(Date.UTC(y, mo - 1 + months, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    return iso(first.getUTCFullYear(), first.getUTCMonth() + 1, Math.min(d, last));
  }
  const t = new Date(Date.UTC(y, mo - 1, d + days));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
