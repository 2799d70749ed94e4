import { describe, expect, it } from 'vitest';
import { parseDateInput, shiftIsoDay } from './dateInput';

describe('parseDateInput', () => {
  it('reads the window language’s own way of writing a day, and ISO', () => {
    for (const text of ['Nov 24, 2026', 'November 24, 2026', '24 Nov 2026', '11/24/2026', '2026-11-24', '2026-11-24 ']) {
      expect(parseDateInput(text, 'en-US'), text).toBe('2026-11-24');
    }
    expect(parseDateInput('24/11/2026', 'en-GB')).toBe('2026-11-24');
    for (const text of ['2026年11月24日', '2026/11/24', '2026-11-24']) expect(parseDateInput(text, 'zh-CN'), text).toBe('2026-11-24');
    expect(parseDateInput('Feb 29, 2028', 'en-US')).toBe('2028-02-29');
  });

  it('refuses what is not one real day', () => {
    for (const text of ['', 'Feb 30, 2026', '13/01/2026', 'tomorrow', '24 Foo 2026', '11/24', '2026-02-30', 'Nov 24 26']) {
      expect(parseDateInput(text, 'en-US'), text).toBeNull();
    }
  });
});

describe('shiftIsoDay', () => {
  it('moves by days across months and years, and by months keeping the day where it can', () => {
    expect(shiftIsoDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftIsoDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftIsoDay('2026-01-31', 0, 1)).toBe('2026-02-28');
    expect(shiftIsoDay('2026-11-24', 0, -12)).toBe('2025-11-24');
    expect(shiftIsoDay('nonsense', 1)).toBeNull();
  });
});
