import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addMonthsToDay, daysInMonth, lastDay, monthWeeks, weekday } from './dates';

describe('calendar dates', () => {
  it('count the days of months, leap years included', () => {
    expect(daysInMonth('2025-02')).toBe(28);
    expect(daysInMonth('2024-02')).toBe(29);
    expect(lastDay('2025-11')).toBe('2025-11-30');
    expect(lastDay('2025-12')).toBe('2025-12-31');
  });

  it('step months and days across year ends', () => {
    expect(addMonths('2025-11', 3)).toBe('2026-02');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addMonthsToDay('2025-01-31', 1)).toBe('2025-02-28');
  });

  it('start weeks on Monday', () => {
    expect(weekday('2025-11-24')).toBe(0); // a Monday
    expect(weekday('2025-11-30')).toBe(6); // a Sunday
    const weeks = monthWeeks('2025-11'); // 1 Nov 2025 is a Saturday
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([null, null, null, null, null, '2025-11-01', '2025-11-02']);
    expect(weeks[4]).toEqual(['2025-11-24', '2025-11-25', '2025-11-26', '2025-11-27', '2025-11-28', '2025-11-29', '2025-11-30']);
    expect(monthWeeks('2025-12')[0]?.[0]).toBe('2025-12-01');
  });
});
