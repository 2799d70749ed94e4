// Dated policy values: their names in words, how their values read, and which one is in force.
import type { PolicyKey, PolicyValue } from '../api/desk';
import { formatDate, formatInteger, formatRate, formatUsd } from './format';

export const POLICY_KEYS: readonly PolicyKey[] = [
  'refund_limit_usd',
  'refund_window_days',
  'early_termination_fee_rate',
  'exchange_cutover_date',
  'non_refundable_types',
  'savings_plan_covered_types',
];

export const POLICY_LABELS: Record<PolicyKey, string> = {
  refund_limit_usd: 'Refund limit (USD)',
  refund_window_days: 'Refund window (days)',
  early_termination_fee_rate: 'Early-termination fee rate',
  exchange_cutover_date: 'Exchange cut-over date',
  non_refundable_types: 'Non-refundable types',
  savings_plan_covered_types: 'Savings-plan-covered types',
};

/** What to type, shown under the value box of the "Add dated value" form. */
export const POLICY_HINTS: Record<PolicyKey, string> = {
  refund_limit_usd: 'A USD amount, e.g. 50000',
  refund_window_days: 'Whole days, e.g. 365',
  early_termination_fee_rate: 'A fraction: 0 for none, 0.12 for 12 %',
  exchange_cutover_date: 'A date as YYYY-MM-DD, e.g. 2027-02-01',
  non_refundable_types: 'Resource types separated by commas, e.g. RedHat,SuseLinux',
  savings_plan_covered_types: 'Resource types separated by commas, e.g. VirtualMachines,AppService',
};

export function policyLabel(key: string): string {
  return (POLICY_LABELS as Record<string, string>)[key] ?? key;
}

/** A value as people read it: "50,000.00 USD", "365 days", "12 %", "Feb 1, 2027", "RedHat, SuseLinux". */
export function formatPolicyValue(key: PolicyKey, value: string): string {
  switch (key) {
    case 'refund_limit_usd':
      return formatUsd(value);
    case 'refund_window_days': {
      const n = Number(value);
      return Number.isInteger(n) ? `${formatInteger(n)} days` : value;
    }
    case 'early_termination_fee_rate':
      return formatRate(value);
    case 'exchange_cutover_date':
      return formatDate(value);
    case 'non_refundable_types':
    case 'savings_plan_covered_types':
      return value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '')
        .join(', ') || '(none)';
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
