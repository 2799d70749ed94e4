import { describe, expect, it } from 'vitest';
import { inert, inertText, makeInert } from './inert';
import shared from '../../../tests/fixtures/inert-cases.json';

interface Case {
  input: string;
  line: string;
  text: string;
}

// The same cases the core's `desk::text` is tested against.
const cases: Case[] = shared;

const unsafe = (c: number) =>
  c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

describe('inert', () => {
  it('agrees with the core on every shared case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    for (const c of cases) {
      expect(inert(c.input), JSON.stringify(c.input)).toBe(c.line);
      expect(inertText(c.input), JSON.stringify(c.input)).toBe(c.text);
    }
  });

  it('replaces exactly the unsafe characters of the Basic Multilingual Plane', () => {
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCharCode(c);
      if (unsafe(c)) {
        expect(inert(s)).toBe(`\\u{${c.toString(16)}}`);
      } else {
        expect(inert(s)).toBe(s);
      }
    }
  });

  it('makes every string of an answer inert in place, keys and other values untouched', () => {
    const answer = {
      name: 'Fabrikam\u001b]0;pwned\u0007',
      count: 3,
      ok: true,
      none: null,
      list: [{ display_name: 'vm\u202eevil', id: 'a1' }, 'x\ty\nz\rw', 7],
      nested: { deeper: ['\u2066iso\u2069', 'Contoso 👩\u200d💻'] },
    };
    const same = makeInert(answer);
    expect(same).toBe(answer);
    expect(answer).toEqual({
      name: 'Fabrikam\\u{1b}]0;pwned\\u{7}',
      count: 3,
      ok: true,
      none: null,
      list: [{ display_name: 'vm\\u{202e}evil', id: 'a1' }, 'x\ty\nz\\u{d}w', 7],
      nested: { deeper: ['\\u{2066}iso\\u{2069}', 'Contoso 👩\u200d💻'] },
    });
    expect(makeInert('a\u001bb')).toBe('a\\u{1b}b');
    expect(makeInert(5)).toBe(5);
  });
});
