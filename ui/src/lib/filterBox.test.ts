import { describe, expect, it } from 'vitest';
import { filterBoxKeydown } from './filterBox';

/** Presses `key` in a box holding `query` over `shown`; what the box did, and whether it took the key. */
function press(key: string, query: string, shown: string[]): { done: string[]; used: boolean; prevented: boolean } {
  const done: string[] = [];
  const event = new KeyboardEvent('keydown', { key, cancelable: true });
  const used = filterBoxKeydown(event, {
    query,
    shown,
    clear: () => done.push('clear'),
    focusList: () => done.push('list'),
    open: (row) => done.push(`open ${row}`),
  });
  return { done, used, prevented: event.defaultPrevented };
}

describe('filterBoxKeydown', () => {
  const cases: Array<[string, string, string, string[], string[]]> = [
    ['Escape clears a box with text', 'Escape', 'con', ['a', 'b'], ['clear']],
    ['Escape in an empty box is left to the page', 'Escape', '', ['a', 'b'], []],
    ['ArrowDown moves into the list', 'ArrowDown', '', ['a'], ['list']],
    ['Enter opens the only row left', 'Enter', 'north', ['northwind'], ['open northwind']],
    ['Enter with several rows left does nothing', 'Enter', 'o', ['a', 'b'], []],
    ['Enter with no row left does nothing', 'Enter', 'zzz', [], []],
    ['other keys go on to the box', 'a', 'x', ['a'], []],
  ];
  for (const [name, key, query, shown, expected] of cases) {
    it(name, () => {
      const { done, used, prevented } = press(key, query, shown);
      expect(done).toEqual(expected);
      expect(used).toBe(expected.length > 0);
      expect(prevented).toBe(expected.length > 0);
    });
  }
});
