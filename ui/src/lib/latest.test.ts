import { describe, expect, it } from 'vitest';
import { Latest } from './latest';

describe('Latest', () => {
  it('keeps only the answer to the latest request, whatever order the answers come in', async () => {
    const latest = new Latest();
    const shown: string[] = [];
    const ask = async (answer: string, delayMs: number) => {
      const current = latest.begin();
      await new Promise((r) => setTimeout(r, delayMs));
      if (current()) shown.push(answer);
    };
    await Promise.all([ask('slow, first', 30), ask('fast, second', 5), ask('third', 15)]);
    expect(shown).toEqual(['third']);
    const current = latest.begin();
    expect(current()).toBe(true);
    latest.begin();
    expect(current()).toBe(false);
  });
});
