import { describe, expect, it } from 'vitest';
import { parseMoneyInput } from './moneyInput';

const value = (text: string, locale = 'en') => {
  const r = parseMoneyInput(text, locale);
  return r.ok ? r.value : r.problem;
};

describe('parseMoneyInput', () => {
  it('reads the English, French, German and Swiss ways of writing 2,300.00 exactly', () => {
    for (const text of ['2,300.00', '2 300,00', '2\u202f300,00', '2.300,00', "2'300.00", '2300.00', ' 2300.00 ']) {
      expect(value(text), text).toBe('2300.00');
    }
    expect(value('2300')).toBe('2300');
    expect(value('1,234,567.891')).toBe('1234567.891');
    expect(value('0.5')).toBe('0.5');
    expect(value('007.10')).toBe('7.10');
  });

  it('takes one comma or point by what follows it and the language', () => {
    expect(value('2,300')).toBe('2300');
    expect(value('2,30')).toBe('2.30');
    expect(value('2.300')).toBe('2.300');
    expect(value('2.300', 'de')).toBe('2300');
    expect(value('2,300', 'de')).toBe('2.300');
    expect(value('1.234.567')).toBe('1234567');
    expect(value('2,300', 'zh-CN')).toBe('2300');
  });

  it('refuses what is not an amount, saying why', () => {
    expect(value('')).toBe('empty');
    expect(value('-5')).toBe('negative');
    for (const text of ['12a', '1,2,3', '2,30,000.00', '1.2.3,4', '€2300', '.', '2300.', '1e5']) expect(value(text), text).toBe('format');
  });
});
