// Sorting rows by a column's key: stable, empty values last in both directions.
import { compareDecimal, parseDecimal, type Decimal } from './decimal';

export type SortDirection = 'asc' | 'desc';

/** A decimal string (money, percent) to be ordered exactly rather than as text. */
export interface DecimalKey {
  readonly decimal: string;
}

export type SortKey = string | number | boolean | null | DecimalKey;

export function decimalKey(value: string | null): DecimalKey | null {
  return value === null ? null : { decimal: value };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

type Prepared =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'decimal'; value: Decimal };

function prepare(key: SortKey): Prepared {
  if (key === null) return { kind: 'empty' };
  if (typeof key === 'number') return Number.isNaN(key) ? { kind: 'empty' } : { kind: 'number', value: key };
  if (typeof key === 'boolean') return { kind: 'number', value: key ? 1 : 0 };
  if (typeof key === 'string') return key === '' ? { kind: 'empty' } : { kind: 'text', value: key };
  const parsed = parseDecimal(key.decimal);
  return parsed ? { kind: 'decimal', value: parsed } : { kind: 'empty' };
}

function comparePrepared(a: Prepared, b: Prepared): number {
  if (a.kind === 'number' && b.kind === 'number') return a.value - b.value;
  if (a.kind === 'decimal' && b.kind === 'decimal') return compareDecimal(a.value, b.value);
  if (a.kind === 'text' && b.kind === 'text') return collator.compare(a.value, b.value);
  // Mixed kinds should not happen within one column; order them by kind so the sort stays total.
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
}

/** Compares two keys ascending; empty keys sort after every value. */
export function compareKeys(a: SortKey, b: SortKey): number {
  return compareWithDirection(prepare(a), prepare(b), 'asc');
}

function compareWithDirection(a: Prepared, b: Prepared, direction: SortDirection): number {
  if (a.kind === 'empty' || b.kind === 'empty') {
    if (a.kind === b.kind) return 0;
    return a.kind === 'empty' ? 1 : -1;
  }
  const result = comparePrepared(a, b);
  return direction === 'asc' ? result : -result;
}

/**
 * A sorted copy of `rows`; rows with equal keys keep their input order. With `group`, rows are
 * first kept in ascending groups whatever the direction (active reservations before expired ones),
 * then sorted by `key` within each.
 */
export function sortRows<T>(
  rows: readonly T[],
  key: (row: T) => SortKey,
  direction: SortDirection,
  group?: (row: T) => number,
): T[] {
  const decorated = rows.map((row, index) => ({ row, index, group: group ? group(row) : 0, key: prepare(key(row)) }));
  decorated.sort((a, b) => a.group - b.group || compareWithDirection(a.key, b.key, direction) || a.index - b.index);
  return decorated.map((d) => d.row);
}
