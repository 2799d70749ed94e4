import { describe, expect, it } from 'vitest';
import { compareDecimal, groupThousands, parseDecimal, roundDecimal } from './decimal';

function parsed(text: string) {
  const value = parseDecimal(text);
  if (!value) throw new Error(`test input ${text} must parse`);
  return value;
}

describe('parseDecimal', () => {
  it('reads sign, integer and fraction digits', () => {
    expect(parseDecimal('-012.340')).toEqual({ negative: true, int: '12', frac: '340' });
    expect(parseDecimal('5.')).toEqual({ negative: false, int: '5', frac: '' });
    expect(parseDecimal('-0.00')).toEqual({ negative: false, int: '0', frac: '00' });
  });

  it('refuses anything that is not a plain decimal', () => {
    for (const text of ['', '.', '-', '1e3', '1,000', '0x10', 'NaN', '1.2.3']) {
      expect(parseDecimal(text), text).toBeNull();
    }
  });
});

describe('roundDecimal', () => {
  it('pads short fractions and carries long ones', () => {
    expect(roundDecimal(parsed('1.5'), 2)).toEqual({ negative: false, int: '1', frac: '50' });
    expect(roundDecimal(parsed('9.999'), 2)).toEqual({ negative: false, int: '10', frac: '00' });
    expect(roundDecimal(parsed('0.994'), 2)).toEqual({ negative: false, int: '0', frac: '99' });
  });
});

describe('groupThousands', () => {
  it('puts a separator between groups of three from the right', () => {
    expect(groupThousands('1')).toBe('1');
    expect(groupThousands('123')).toBe('123');
    expect(groupThousands('1234')).toBe('1,234');
    expect(groupThousands('123456')).toBe('123,456');
    expect(groupThousands('1234567')).toBe('1,234,567');
  });
});

describe('compareDecimal', () => {
  const cmp = (a: string, b: string) => Math.sign(compareDecimal(parsed(a), parsed(b)));

  it('orders by value, not by text', () => {
    expect(cmp('9', '10')).toBe(-1);
    expect(cmp('10.5', '10.25')).toBe(1);
    expect(cmp('1.10', '1.1')).toBe(0);
    expect(cmp('-5', '3')).toBe(-1);
    expect(cmp('-5', '-30')).toBe(1);
    expect(cmp('-0', '0')).toBe(0);
  });

  it('tells apart values a float would merge', () => {
    expect(cmp('9007199254740993', '9007199254740992')).toBe(1);
    expect(cmp('0.30000000000000001', '0.3')).toBe(1);
  });
});
