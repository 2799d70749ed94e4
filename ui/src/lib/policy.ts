// Dated policy values: their names in words, how their values read, and which one is in force.
import type { PolicyKey, PolicyValue } from '../api/desk';
import { plural, t } from '../i18n/index.svelte';
import { formatDate, formatInteger, formatRate, formatUsd } from './format';

export const POLICY_KEYS: readonly PolicyKey[] = [
  'refund_limit_usd',
  'refund_window_days',
  'early_termination_fee_rate',
  'exchange_cutover_date',
  'non_refundable_types',
  'savings_plan_covered_types',
];

/** An object whose every key reads its text in the current language when it is read. */
function wordsOf(text: (key: PolicyKey) => string): Readonly<Record<PolicyKey, string>> {
  const words = {} as Record<PolicyKey, string>;
  for (const key of POLICY_KEYS) Object.defineProperty(words, key, { get: () => text(key), enumerable: true });
  return words;
}

/** The names of the policy values, in the current language (read at render time, so they follow a switch). */
export const POLICY_LABELS = wordsOf((key) => t(`quote.policy.${key}`));

/** What to type, shown under the value box of the "Add dated value" form, in the current language. */
export const POLICY_HINTS = wordsOf((key) => t(`quote.policyHint.${key}`));

export function isPolicyKey(key: string): key is PolicyKey {
  return (POLICY_KEYS as readonly string[]).includes(key);
}

export function policyLabel(key: string): string {
  return isPolicyKey(key) ? POLICY_LABELS[key] : key;
}

/** A value as people read it (in the current language): "50,000.00 USD", "365 days", "12 %", "Feb 1, 2027", "RedHat, SuseLinux". */
export function formatPolicyValue(key: PolicyKey, value: string): string {
  switch (key) {
    case 'refund_limit_usd':
      return formatUsd(value);
    case 'refund_window_days': {
      const n = Number(value);
      return Number.isInteger(n) ? plural(n, 'common.days.one', 'common.days.other', { count: formatInteger(n) }) : value;
    }
    case 'early_termination_fee_rate':
      return formatRate(value);
    case 'exchange_cutover_date':
      return formatDate(value);
    case 'non_refundable_types':
    case 'savings_plan_covered_types':
      return value
        .split(',')
        .map((type) => type.trim())
        .filter((type) => type !== '')
        .join(', ') || t('quote.policy.none');
  }
}

function sameValue(a: PolicyValue, b: PolicyValue): boolean {
  return a.key === b.key && a.effective_from === b.effective_from;
}

/** The value of each key in force on `today`: the latest effective_from on or before it. */
export function valuesInForce(values: readonly PolicyValue[], today: string): PolicyValue[] {
  const best = new Map<PolicyKey, PolicyValue>();
  for (const v of values) {
    if (v.effective_from > today) continue;
    const current = best.get(v.key);
    if (!current || v.effective_from > current.effective_from) best.set(v.key, v);
  }
  return [...best.values()];
}

export function isInForce(value: PolicyValue, values: readonly PolicyValue[], today: string): boolean {
  return valuesInForce(values, today).some((v) => sameValue(v, value));
}

/** Rows for the policy table: by key in the fixed order, newest date first within a key. */
export function sortPolicy(values: readonly PolicyValue[]): PolicyValue[] {
  const order = (k: PolicyKey) => {
    const i = POLICY_KEYS.indexOf(k);
    return i < 0 ? POLICY_KEYS.length : i;
  };
  return [...values].sort(
    (a, b) => order(a.key) - order(b.key) || (a.effective_from < b.effective_from ? 1 : a.effective_from > b.effective_from ? -1 : 0),
  );
}
