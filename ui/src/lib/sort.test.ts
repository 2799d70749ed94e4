import { describe, expect, it } from 'vitest';
import { compareKeys, decimalKey, sortRows, type SortKey } from './sort';

interface Row {
  id: string;
  key: SortKey;
}

const ids = (rows: Row[]) => rows.map((r) => r.id).join(' ');
const byKey = (r: Row) => r.key;

describe('sortRows', () => {
  it('keeps groups ascending in both directions: active reservations before expired ones by expiry', () => {
    const rows: Array<Row & { ended: boolean }> = [
      { id: 'old', key: '2024-01-10', ended: true },
      { id: 'soon', key: '2026-12-20', ended: false },
      { id: 'late', key: '2028-03-01', ended: false },
      { id: 'older', key: '2023-05-01', ended: true },
    ];
    const group = (r: { ended: boolean }) => (r.ended ? 1 : 0);
    expect(ids(sortRows(rows, byKey, 'asc', group))).toBe('soon late older old');
    expect(ids(sortRows(rows, byKey, 'desc', group))).toBe('late soon old older');
    expect(ids(sortRows(rows, byKey, 'asc'))).toBe('older old soon late');
  });

  it('sorts numbers both ways', () => {
    const rows: Row[] = [
      { id: 'a', key: 3 },
      { id: 'b', key: -1 },
      { id: 'c', key: 10 },
    ];
    expect(ids(sortRows(rows, byKey, 'asc'))).toBe('b a c');
    expect(ids(sortRows(rows, byKey, 'desc'))).toBe('c a b');
  });

  it('sorts text naturally and without regard to case', () => {
    const rows: Row[] = [
      { id: 'a', key: 'VM_RI_10' },
      { id: 'b', key: 'vm_ri_9' },
      { id: 'c', key: 'Alpha' },
    ];
    expect(ids(sortRows(rows, byKey, 'asc'))).toBe('c b a');
  });

  it('sorts decimal strings by value, exactly', () => {
    const rows: Row[] = [
      { id: 'a', key: decimalKey('100.5') },
      { id: 'b', key: decimalKey('99.99') },
      { id: 'c', key: decimalKey('1000') },
      { id: 'd', key: decimalKey('9007199254740993') },
      { id: 'e', key: decimalKey('9007199254740992') },
    ];
    expect(ids(sortRows(rows, byKey, 'asc'))).toBe('b a c e d');
  });

  it('puts empty values last in both directions', () => {
    const rows: Row[] = [
      { id: 'a', key: null },
      { id: 'b', key: 2 },
      { id: 'c', key: decimalKey(null) },
      { id: 'd', key: 1 },
    ];
    expect(ids(sortRows(rows, byKey, 'asc'))).toBe('d b a c');
    expect(ids(sortRows(rows, byKey, 'desc'))).toBe('b d a c');
  });

  it('keeps the input order of equal keys in both directions', () => {
    const rows: Row[] = [
      { id: 'a', key: 1 },
      { id: 'b', key: 1 },
      { id: 'c', key: 0 },
      { id: 'd', key: 1 },
    ];
    expect(ids(sortRows(rows, byKey, 'asc'))).toBe('c a b d');
    expect(ids(sortRows(rows, byKey, 'desc'))).toBe('a b d c');
  });

  it('does not change the input array', () => {
    const rows: Row[] = [
      { id: 'a', key: 2 },
      { id: 'b', key: 1 },
    ];
    sortRows(rows, byKey, 'asc');
    expect(ids(rows)).toBe('a b');
  });

  it('orders booleans false before true', () => {
    expect(compareKeys(false, true)).toBeLessThan(0);
    expect(compareKeys(true, true)).toBe(0);
  });
});
