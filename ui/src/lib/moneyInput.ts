// Money as a person types or pastes it, in the window's language or from a price list:
// "2,300.00", "2 300,00", "2.300,00", "2300" — read exactly into a plain decimal string
// ("2300.00") for the core, never through a floating-point number.
import { i18n } from '../i18n/index.svelte';

export type MoneyInput = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: 'empty' | 'negative' | 'format' };

/** The decimal separator of a locale ("." for en and zh-CN). */
export function decimalSeparator(locale: string): string {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part?.value ?? '.';
}

/** Spaces of every kind and apostrophes only ever group digits ("2 300", "2'300"). */
const SPACES = /[\s\u00a0\u202f\u2009'’]/g;

function groupsOk(int: string, sep: string): boolean {
  if (sep === '') return /^\d+$/.test(int);
  const groups = int.split(sep);
  const [first, ...rest] = groups;
  return first !== undefined && /^\d{1,3}$/.test(first) && rest.every((g) => /^\d{3}$/.test(g));
}

/**
 * Reads a non-negative amount. With both "," and "." the last is the decimal point; with one of
 * them, it groups digits when it repeats or is followed by exactly three digits and is not the
 * locale's decimal separator ("2,300" is 2300 in English), and is the decimal point otherwise.
 */
export function parseMoneyInput(text: string, locale: string = i18n.intlLocale): MoneyInput {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'empty' };
  if (/^[-−]/.test(trimmed)) return { ok: false, problem: 'negative' };
  const s = trimmed.replace(SPACES, '');
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return { ok: false, problem: 'format' };
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let decimal = '';
  let group = '';
  if (lastComma >= 0 && lastDot >= 0) {
    decimal = lastComma > lastDot ? ',' : '.';
    group = decimal === ',' ? '.' : ',';
  } else if (lastComma >= 0 || lastDot >= 0) {
    const sep = lastComma >= 0 ? ',' : '.';
    const count = s.split(sep).length - 1;
    const after = s.length - s.lastIndexOf(sep) - 1;
    if (count > 1 || (after === 3 && sep !== decimalSeparator(locale))) group = sep;
    else decimal = sep;
  }
  const [int = '', frac = '', extra] = decimal === '' ? [s] : s.split(decimal);
  if (extra !== undefined || int === '' || (decimal !== '' && !/^\d+$/.test(frac))) return { ok: false, problem: 'format' };
  if (!groupsOk(int, group)) return { ok: false, problem: 'format' };
  const digits = group === '' ? int : int.split(group).join('');
  const whole = digits.replace(/^0+(?=\d)/, '');
  return { ok: true, value: decimal === '' ? whole : `${whole}.${frac}` };
}
